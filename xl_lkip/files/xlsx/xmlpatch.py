"""Edit an XML part in place: a namespace-aware parser finds the elements, edits splice bytes.

Why not re-serialise a tree: ElementTree drops namespace declarations it does not see used
(Excel's `mc:Ignorable="x14ac"` then names an undeclared prefix and Excel calls the file
corrupt) and renames prefixes. Here expat finds each element (by namespace, whatever prefix
the producer chose: `<x:styleSheet>` from .NET tools, `xmlns:r` declared on each `<sheet>` by
openpyxl) and its byte offsets; every byte outside an edit is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.parsers import expat

from ...core.record import field, record
from .errors import TulisError

_ATTR = re.compile(rb'\s([\w:.-]+)\s*=\s*("[^"]*"|\'[^\']*\')')


@record
class Node:
    """One element of a part being patched, by its offsets in the original bytes."""

    ns: str
    local: str
    qname: str  # as written, e.g. "x:sheets"
    start: int  # offset of "<"
    start_end: int  # offset after the start tag's ">"
    end: int = -1  # offset of the end tag's "<" (== start_end for a self-closing element)
    close_end: int = -1  # offset after the element
    self_closing: bool = False
    parent: int | None = None
    index: int = 0
    attrs: dict[str, str] = field(default_factory=dict)
    nsmap: dict[str, str] = field(default_factory=dict)  # prefix ("" default) -> uri in scope
    children: list[int] = field(default_factory=list)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;") + '"'


# the rest of a tag up to its ">": text outside quotes, then quoted values ("a>b" is one value)
_TAG_REST = re.compile(rb'[^>"\']*(?:(?:"[^"]*"|\'[^\']*\')[^>"\']*)*>')


def _tag_end(data: bytes, start: int) -> int:
    """Offset after the ">" closing the tag that starts at `start` (quotes respected)."""
    m = _TAG_REST.match(data, start + 1)
    if m is None:
        raise ValueError("unterminated tag")
    return m.end()


class XmlDoc:
    """A parsed XML part whose elements can be found by namespace and edited by splicing."""

    def __init__(self, data: bytes, part: str, file: str = "") -> None:
        self.data = data
        self.part = part
        self.nodes: list[Node] = []
        self._edits: list[tuple[int, int, bytes]] = []
        self._fill: dict[int, str] = {}  # content for elements written self-closing
        self._attrs: dict[int, dict[str, str]] = {}  # attributes to set, per element
        head = data[:200].lower()
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"encoding=" in head and
                                                            b"utf-8" not in head):
            raise TulisError(f"{file}: bagian {part} tidak berkodekan UTF-8; simpan ulang berkas "
                             "dari Excel. Berkas asli tidak diubah.")
        stack: list[int] = []
        scopes: list[dict[str, str]] = [{"xml": "http://www.w3.org/XML/1998/namespace"}]
        parser = expat.ParserCreate()  # no namespace processing: prefixes are resolved here
        offsets = parser  # CurrentByteIndex lives on the parser

        def refuse(*_a: object) -> None:
            raise TulisError(f"{file}: bagian {part} memuat DOCTYPE/ENTITY; berkas tidak diubah.")

        def start(name: str, attrs: dict[str, str]) -> None:
            scope = dict(scopes[-1])
            for k, v in attrs.items():
                if k == "xmlns":
                    scope[""] = v
                elif k.startswith("xmlns:"):
                    scope[k[6:]] = v
            scopes.append(scope)
            prefix, _, local = name.rpartition(":")
            pos = offsets.CurrentByteIndex
            end = _tag_end(data, pos)
            node = Node(scope.get(prefix, ""), local, name, pos, end,
                        parent=stack[-1] if stack else None, index=len(self.nodes),
                        attrs=dict(attrs), nsmap=scope,
                        self_closing=data[end - 2:end] == b"/>")
            if stack:
                self.nodes[stack[-1]].children.append(node.index)
            self.nodes.append(node)
            stack.append(node.index)

        def end(_name: str) -> None:
            node = self.nodes[stack.pop()]
            scopes.pop()
            if node.self_closing:
                node.end = node.close_end = node.start_end
            else:
                node.end = offsets.CurrentByteIndex
                node.close_end = _tag_end(data, node.end)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        try:
            parser.Parse(data, True)
        except TulisError:
            raise
        except (expat.ExpatError, ValueError) as exc:
            raise TulisError(f"{file}: XML di bagian {part} tidak sah ({exc}); berkas tidak "
                             "diubah.") from None
        if not self.nodes:
            raise TulisError(f"{file}: bagian {part} kosong; berkas tidak diubah.")

    # --- finding ---------------------------------------------------------------------------

    @property
    def root(self) -> Node:
        return self.nodes[0]

    def children(self, node: Node, local: str | None = None, ns: str | None = None) -> list[Node]:
        out = [self.nodes[i] for i in node.children]
        return [n for n in out if (local is None or n.local == local) and (ns is None or n.ns == ns)]

    def child(self, node: Node, local: str, ns: str | None = None) -> Node | None:
        found = self.children(node, local, ns)
        return found[0] if found else None

    def iter(self, local: str | None = None, ns: str | None = None) -> Iterator[Node]:
        for n in self.nodes:
            if (local is None or n.local == local) and (ns is None or n.ns == ns):
                yield n

    def attr(self, node: Node, local: str, ns: str | None = None) -> str | None:
        """An attribute by local name (and namespace of its prefix; None: unprefixed)."""
        for k, v in node.attrs.items():
            prefix, _, name = k.rpartition(":")
            if name != local or k.startswith("xmlns"):
                continue
            if ns is None and not prefix:
                return v
            if ns is not None and prefix and node.nsmap.get(prefix) == ns:
                return v
        return None

    def prefix(self, node: Node, uri: str) -> str | None:
        """The prefix bound to `uri` where `node` is ("" for the default namespace)."""
        if node.nsmap.get("") == uri:
            return ""
        for p, u in node.nsmap.items():
            if u == uri and p:
                return p
        return None

    def qname(self, node: Node, local: str, uri: str) -> tuple[str, str]:
        """(qualified name for a new child of `node` in `uri`, declaration it needs or "")."""
        p = self.prefix(node, uri)
        if p is None:
            return local, f' xmlns="{uri}"'
        return (f"{p}:{local}" if p else local), ""

    def attr_qname(self, node: Node, local: str, uri: str, hint: str = "r") -> tuple[str, str]:
        """(qualified attribute name in `uri` for a new child of `node`, declaration or "")."""
        for p, u in node.nsmap.items():
            if u == uri and p:
                return f"{p}:{local}", ""
        p = hint
        while p in node.nsmap:
            p += "x"
        return f"{p}:{local}", f' xmlns:{p}="{uri}"'

    # --- editing ---------------------------------------------------------------------------

    def _edit(self, start: int, end: int, text: str | bytes) -> None:
        self._edits.append((start, end, text.encode("utf-8") if isinstance(text, str) else text))

    def append(self, parent: Node, xml: str) -> None:
        """Add `xml` as the last content of `parent`."""
        if parent.self_closing:
            self._fill[parent.index] = self._fill.get(parent.index, "") + xml
        else:
            self._edit(parent.end, parent.end, xml)

    def insert_before(self, node: Node, xml: str) -> None:
        self._edit(node.start, node.start, xml)

    def insert_after(self, node: Node, xml: str) -> None:
        self._edit(node.close_end, node.close_end, xml)

    def remove(self, node: Node) -> None:
        self._edit(node.start, node.close_end, b"")

    def replace(self, node: Node, xml: str) -> None:
        self._edit(node.start, node.close_end, xml)

    def set_attr(self, node: Node, name: str, value: str) -> None:
        """Set (or add) an attribute written as `name` in the start tag of `node`."""
        self._attrs.setdefault(node.index, {})[name] = value

    def _start_tag(self, node: Node) -> bytes:
        tag = self.data[node.start:node.start_end]
        for name, value in self._attrs.get(node.index, {}).items():
            new = f"{name}={quoteattr(value)}".encode()
            for m in _ATTR.finditer(tag):
                if m.group(1) == name.encode():
                    tag = tag[:m.start(1)] + new + tag[m.end(2):]
                    break
            else:
                at = 1 + len(node.qname.encode())
                tag = tag[:at] + b" " + new + tag[at:]
        return tag

    @property
    def changed(self) -> bool:
        return bool(self._edits or self._fill or self._attrs)

    def result(self) -> bytes:
        for i in sorted(set(self._fill) | set(self._attrs)):
            node = self.nodes[i]
            tag = self._start_tag(node)
            if i in self._fill:
                tag = tag[:-2].rstrip() + b">" + self._fill[i].encode("utf-8") + \
                    f"</{node.qname}>".encode()
            self._edit(node.start, node.start_end, tag)
        self._fill, self._attrs = {}, {}
        if not self._edits:
            return self.data
        out, pos = [], 0
        for start, end, text in sorted(self._edits, key=lambda e: (e[0], e[1])):
            if start < pos:
                raise TulisError(f"bagian {self.part}: perubahan bertumpuk; berkas tidak diubah.")
            out += [self.data[pos:start], text]
            pos = end
        out.append(self.data[pos:])
        return b"".join(out)
