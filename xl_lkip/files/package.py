"""The .xlsx/.xlsm package (an OPC zip) opened defensively.

Every part is size-checked before it is inflated (a zip bomb is refused from its
directory), XML is parsed by expat with any DOCTYPE refused (so no entity is ever declared,
expanded or fetched), and nothing in the file is executed. The writer uses the same part map to patch only the
report sheets.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from ..core.errors import LkipError
from ..core.record import record
from ..core.sheets import sheet_key

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"

MAX_PART_BYTES = 256 * 1024 * 1024  # one inflated part
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # the whole inflated package
MAX_RATIO = 200  # inflated / compressed, per part larger than 1 MiB
MAX_PARTS = 20_000
KEEP_PART_BYTES = 4 * 1024 * 1024  # parts up to this size are inflated once per Package


class BerkasError(LkipError):
    """The file cannot be read as a workbook; the message says why and what to do."""


def q(tag: str, ns: str = NS_MAIN) -> str:
    return f"{{{ns}}}{tag}"


class XmlRefused(ValueError):
    """A part declares a DOCTYPE: the way to entity bombs and external entities."""


class XmlElement:
    """The little of ElementTree's Element the package's small parts need: `tag` as
    "{namespace}local", attributes, the text before the first child, and the children.

    Why not ElementTree (with defusedxml): the parts read this way are a few kilobytes, and
    importing those two was a noticeable share of the command's start-up.
    """

    __slots__ = ("attrib", "children", "tag", "text")

    def __init__(self, tag: str, attrib: dict[str, str]) -> None:
        self.tag = tag
        self.attrib = attrib
        self.text: str | None = None
        self.children: list[XmlElement] = []

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrib.get(key, default)

    def find(self, tag: str) -> XmlElement | None:
        """The first child with this tag."""
        return next((c for c in self.children if c.tag == tag), None)

    def iter(self, tag: str | None = None) -> Iterator[XmlElement]:
        """This element and every element under it (document order), optionally one tag."""
        stack = [self]  # no recursion: a hostile part may nest elements thousands deep
        while stack:
            el = stack.pop()
            if tag is None or el.tag == tag:
                yield el
            stack.extend(reversed(el.children))

    def __iter__(self) -> Iterator[XmlElement]:
        return iter(self.children)

    def __len__(self) -> int:
        return len(self.children)


def _qualified(name: str) -> str:
    return "{" + name if "}" in name else name


def parse_xml(data: bytes) -> XmlElement:
    """Parse a part into XmlElements; a DOCTYPE is refused (XmlRefused), malformed XML raises
    expat.ExpatError."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.ordered_attributes = False
    stack: list[XmlElement] = []
    root: list[XmlElement] = []

    def refuse(*_args: object) -> None:
        raise XmlRefused("DOCTYPE")

    def start(tag: str, attrs: dict[str, str]) -> None:
        if any("}" in k for k in attrs):
            attrs = {_qualified(k): v for k, v in attrs.items()}
        el = XmlElement(_qualified(tag), attrs)
        if stack:
            stack[-1].children.append(el)
        else:
            root.append(el)
        stack.append(el)

    def end(_tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        el = stack[-1] if stack else None
        if el is not None and not el.children:  # ElementTree's .text: before the first child
            el.text = data if el.text is None else el.text + data

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.Parse(data, True)
    return root[0]


@record(frozen=True)
class SheetPart:
    """A worksheet of the package: its sheet name and its zip member."""

    name: str
    part: str  # zip member name, e.g. xl/worksheets/sheet3.xml
    rel_id: str
    sheet_id: str
    state: str  # visible / hidden / veryHidden


class Package:
    """A read-only view of the zip with safe access to its parts."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        nama = self.path.name
        if not self.path.exists():
            raise BerkasError(f"{nama}: berkas tidak ditemukan.")
        with open(self.path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise BerkasError(
                f"{nama}: berkas ini format Excel lama (.xls) atau dilindungi kata sandi. "
                "Buka di Excel, hapus kata sandinya bila ada, lalu simpan sebagai "
                "Buku Kerja Excel (.xlsx)."
            )
        if not head.startswith(b"PK"):
            raise BerkasError(
                f"{nama}: bukan berkas Excel .xlsx/.xlsm (mungkin CSV atau berkas lain yang "
                "diganti namanya). Buka di Excel lalu simpan sebagai Buku Kerja Excel (.xlsx)."
            )
        try:
            self.zip = zipfile.ZipFile(self.path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise BerkasError(
                f"{nama}: berkas rusak dan tidak dapat dibuka sebagai zip ({exc}). "
                "Pakai salinan cadangan atau simpan ulang dari Excel."
            ) from None
        self._check_sizes(infos)
        self._parts: dict[str, bytes] = {}  # inflated parts kept (reading, then writing)
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self.names = {i.filename for i in infos}
        if "xl/workbook.xml" not in self.names and not self._workbook_part_exists():
            if "content.xml" in self.names:
                raise BerkasError(
                    f"{nama}: ini berkas OpenDocument (.ods), bukan .xlsx. Simpan sebagai "
                    "Buku Kerja Excel (.xlsx)."
                )
            raise BerkasError(f"{nama}: berkas zip ini bukan buku kerja Excel.")
        self.workbook_part = self._find_workbook_part()
        self.sheets = self._read_sheet_map()

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_sizes(self, infos: list[zipfile.ZipInfo]) -> None:
        nama = self.path.name
        if len(infos) > MAX_PARTS:
            raise BerkasError(f"{nama}: berkas berisi terlalu banyak bagian ({len(infos)}).")
        total = 0
        for info in infos:
            total += info.file_size
            big = info.file_size > 1024 * 1024
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or (big and ratio > MAX_RATIO):
                raise BerkasError(
                    f"{nama}: bagian {info.filename} mengembang menjadi {info.file_size:,} bita "
                    "(kemungkinan bom zip); berkas ditolak tanpa dibuka."
                )
        if total > MAX_TOTAL_BYTES:
            raise BerkasError(f"{nama}: isi berkas terlalu besar ({total:,} bita); ditolak.")

    def _workbook_part_exists(self) -> bool:
        return "_rels/.rels" in self.names

    def read(self, name: str) -> bytes:
        """A part's bytes, inflated in bounded chunks: a stream that inflates past its
        declared size is refused before it can fill memory. Small parts are kept, so that
        writing after reading does not inflate them again."""
        data = self._parts.get(name)
        if data is None:
            data = self._read(name)
            if len(data) <= KEEP_PART_BYTES:
                self._parts[name] = data
        return data

    def _read(self, name: str) -> bytes:
        try:
            info = self.zip.getinfo(name)
            limit = info.file_size
            chunks, total = [], 0
            with self.zip.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > limit:
                        raise BerkasError(
                            f"{self.path.name}: bagian {name} mengembang melebihi ukuran yang "
                            "dinyatakan (kemungkinan bom zip); berkas ditolak.")
                    chunks.append(chunk)
            return b"".join(chunks)
        except KeyError:
            raise BerkasError(f"{self.path.name}: bagian {name} tidak ada di berkas.") from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
            raise BerkasError(
                f"{self.path.name}: bagian {name} rusak ({exc}). Simpan ulang berkas dari Excel."
            ) from None

    def xml(self, name: str) -> XmlElement:
        data = self.read(name)
        try:
            return parse_xml(data)
        except Exception as exc:  # expat's errors, a refused DOCTYPE, bad encodings
            raise BerkasError(
                f"{self.path.name}: XML di bagian {name} tidak sah atau berbahaya "
                f"({type(exc).__name__}); berkas ditolak."
            ) from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, absolute target part) of a part."""
        known = self._rels.get(part)
        if known is None:
            known = self._rels[part] = self._read_rels(part)
        return dict(known)

    def _read_rels(self, part: str) -> dict[str, tuple[str, str]]:
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.names:
            return {}
        out = {}
        for rel in self.xml(rels_name).iter(q("Relationship", NS_PKG_REL)):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                absolute = target
            elif target.startswith("/"):
                absolute = target[1:]
            else:
                absolute = posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), absolute)
        return out

    def _find_workbook_part(self) -> str:
        part = None
        for _rid, (typ, target) in self.rels("").items():
            if typ.endswith("/officeDocument"):
                part = target
                break
        if part is None and "xl/workbook.xml" in self.names:
            part = "xl/workbook.xml"
        if part is None or part not in self.names:
            raise BerkasError(f"{self.path.name}: tidak ada buku kerja di dalam berkas.")
        if "[Content_Types].xml" in self.names:
            kind = next((el.get("ContentType", "") for el in self.xml("[Content_Types].xml")
                         .iter(q("Override", NS_CT))
                         if el.get("PartName", "").lstrip("/") == part), None)
            if kind is not None and "spreadsheetml" not in kind and "ms-excel" not in kind:
                raise BerkasError(
                    f"{self.path.name}: ini bukan buku kerja Excel (mungkin dokumen Word atau "
                    "PowerPoint yang diganti namanya). Buka berkas yang benar, atau simpan ulang "
                    "dari Excel sebagai Buku Kerja Excel (.xlsx).")
        return part

    def _read_sheet_map(self) -> list[SheetPart]:
        root = self.xml(self.workbook_part)
        if root.tag.startswith("{" + NS_STRICT_MAIN):
            raise BerkasError(
                f"{self.path.name}: berkas disimpan dalam format 'Strict Open XML', yang tidak "
                "dibaca xl-lkip. Buka di Excel, pilih Simpan Sebagai > 'Buku Kerja Excel "
                "(*.xlsx)' (bukan 'Strict Open XML'), lalu ulangi.")
        rels = self.rels(self.workbook_part)
        out = []
        sheets = root.find(q("sheets"))
        for el in sheets if sheets is not None else ():
            rid = el.get(q("id", NS_REL), "")
            typ, target = rels.get(rid, ("", ""))
            if not typ.endswith("/worksheet"):
                continue  # chartsheets and dialog sheets hold no table data
            out.append(SheetPart(el.get("name", ""), target, rid, el.get("sheetId", ""),
                                 el.get("state", "visible")))
        return out

    def sheet(self, name: str) -> SheetPart | None:
        wanted = sheet_key(name)
        return next((s for s in self.sheets if sheet_key(s.name) == wanted), None)
