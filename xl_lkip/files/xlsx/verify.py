"""Re-open a freshly written package before it replaces anything: the safety net.

Checked: every part the writer rewrote parses as XML; every internal relationship target
exists; [Content_Types].xml covers every part; sheet names and sheet ids are unique; the
style indexes the report sheets use are inside the written styles part. A defect the source
already had (a dangling relationship written by another program) is not held against us:
only what this write made worse refuses the file.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterable
from xml.parsers import expat

from ...core.sheets import sheet_key
from ..package import NS_CT, NS_MAIN, NS_PKG_REL, NS_REL
from .errors import TulisError

_SEP = "\x01"


def _parse(z: zipfile.ZipFile, name: str, handler: object = None) -> None:
    parser = expat.ParserCreate(namespace_separator=_SEP)

    def refuse(*_a: object) -> None:
        raise ValueError("DOCTYPE")

    parser.StartDoctypeDeclHandler = refuse
    if handler is not None:
        parser.StartElementHandler = handler
    with z.open(name) as fh:
        while True:
            chunk = fh.read(1 << 20)
            parser.Parse(chunk, not chunk)
            if not chunk:
                break


def _problems(z: zipfile.ZipFile) -> tuple[set[str], set[str]]:
    """(dangling relationship targets, parts without a content type) of a package."""
    names = {i.filename for i in z.infolist() if not i.is_dir()}
    dangling: set[str] = set()
    for name in names:
        if not name.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(name))

        def rel(tag: str, attrs: dict[str, str], folder: str = folder, name: str = name) -> None:
            if tag != f"{NS_PKG_REL}{_SEP}Relationship" or attrs.get("TargetMode") == "External":
                return
            target = attrs.get("Target", "")
            part = target[1:] if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            if part not in names:
                dangling.add(f"{name} -> {target}")

        try:
            _parse(z, name, rel)
        except Exception:  # a broken rels part is reported by the caller's parse check
            dangling.add(f"{name} (tidak sah)")
    defaults: set[str] = set()
    overrides: set[str] = set()

    def ct(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{NS_CT}{_SEP}Default":
            defaults.add(attrs.get("Extension", "").lower())
        elif tag == f"{NS_CT}{_SEP}Override":
            overrides.add(attrs.get("PartName", "").lstrip("/").casefold())

    try:
        _parse(z, "[Content_Types].xml", ct)
    except Exception:
        return dangling, {"[Content_Types].xml"}
    untyped = {n for n in names if n != "[Content_Types].xml" and n.casefold() not in overrides
               and n.rsplit(".", 1)[-1].lower() not in defaults}
    return dangling, untyped


def check(path: str, source: str, workbook_part: str, styles_part: str, rewritten: Iterable[str],
          styles_used: dict[str, tuple[int, int]], file: str) -> None:
    """Raise TulisError when the package at `path` is worse than the one at `source`.

    `styles_used`: part -> (highest cellXfs index, highest dxf index) the writer put there.
    """
    def fail(what: str) -> TulisError:
        return TulisError(f"{file}: berkas tidak dapat diperbarui dengan aman ({what}); berkas "
                          "asli tidak diubah. Laporkan ke pengembang xl-lkip bersama berkasnya.")

    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            for part in sorted(rewritten):
                if part not in names:
                    raise fail(f"bagian {part} hilang")
                try:
                    _parse(z, part)
                except Exception as exc:
                    raise fail(f"XML bagian {part} tidak sah: {exc}") from None
            dangling, untyped = _problems(z)
            sheets: list[tuple[str, str, str]] = []
            counts = {"cellXfs": 0, "dxfs": 0}

            def wb(tag: str, attrs: dict[str, str]) -> None:
                if tag == f"{NS_MAIN}{_SEP}sheet":
                    sheets.append((sheet_key(attrs.get("name", "")),
                                   attrs.get("sheetId", ""), attrs.get(f"{NS_REL}{_SEP}id", "")))

            _parse(z, workbook_part, wb)
            current: list[str] = []

            def st(tag: str, attrs: dict[str, str]) -> None:
                local = tag.rsplit(_SEP, 1)[-1]
                if local in counts:
                    current[:] = [local]
                elif current and local in ("xf", "dxf"):
                    counts[current[0]] += 1 if (local == "xf") == (current[0] == "cellXfs") else 0

            if styles_part in names:
                parser = expat.ParserCreate(namespace_separator=_SEP)
                parser.StartElementHandler = st

                def end(tag: str) -> None:
                    if tag.rsplit(_SEP, 1)[-1] in counts:
                        current.clear()

                parser.EndElementHandler = end
                parser.Parse(z.read(styles_part), True)
        before_dangling: set[str] = set()
        before_untyped: set[str] = set()
        if dangling or untyped:  # only then: what the source already had is not held against us
            with zipfile.ZipFile(source) as z:
                before_dangling, before_untyped = _problems(z)
    except TulisError:
        raise
    except (zipfile.BadZipFile, OSError, expat.ExpatError, ValueError, KeyError) as exc:
        raise fail(f"hasil tidak dapat dibuka lagi: {exc}") from None
    if dangling - before_dangling:
        new = sorted(dangling - before_dangling)[:3]
        raise fail("relasi menunjuk bagian yang tidak ada: " + ", ".join(new))
    if untyped - before_untyped:
        raise fail("bagian tanpa jenis isi: " + ", ".join(sorted(untyped - before_untyped)[:3]))
    names_ = [n for n, _i, _r in sheets]
    if len(set(names_)) != len(names_):
        raise fail("nama lembar kembar")
    ids = [i for _n, i, _r in sheets]
    if len(set(ids)) != len(ids) or len({r for *_x, r in sheets}) != len(sheets):
        raise fail("nomor lembar kembar")
    for part, (xf, dxf) in styles_used.items():
        if xf >= counts["cellXfs"] or dxf >= counts["dxfs"] and dxf >= 0:
            raise fail(f"indeks gaya di {part} di luar styles.xml")
