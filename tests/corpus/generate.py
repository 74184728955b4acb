"""Build the bad-input corpus: workbooks that are wrong, damaged or hostile, from a script.

Nothing generated here is committed. The tests build the files into a temporary folder
(`build(folder)`); to look at them by hand:

    python -m tests.corpus.generate OUT_FOLDER [CASE ...]

The building blocks, from the mildest to the most hostile:

* `clean` — a fully consistent workbook (tests/factory.py) with per-table row mutations
  and an `extra(workbook)` hook that can overwrite cells (error values, renamed headers);
* `from_grids` — read a clean workbook's sheets as grids, change their shape (reorder,
  merge, move, drop) and write them back as plain cells with XlsxWriter;
* `patch_zip` — copy a package part by part, replacing, dropping or adding parts (entity
  bombs, 100,000 rows of sheet XML, macros);
* raw bytes — OLE compound files (`cfb`), crafted zip directories, truncated files.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter

from tests.factory import clean_workbook
from xl_lkip.core.grid import ErrorValue, SheetGrid, cell_ref
from xl_lkip.files.package import Package
from xl_lkip.files.xlsx_read import read_grids

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# --- 1. clean workbooks with mutations -------------------------------------------------------


def clean(path: Path, n: int = 4, extra: Callable[[Any], None] | None = None,
          **mutators: Callable[[list[dict[str, Any]]], None]) -> Path:
    """The factory's consistent workbook; `mutators[table_key](rows)` edits rows in place."""
    return clean_workbook(path, n, extra, **mutators)


def overwrite(sheet: str, ref: str, value: Any, formula: str | None = None,
              fmt: Mapping[str, Any] | None = None) -> Callable[[Any], None]:
    """An `extra` hook writing one cell after the tables are laid out (the last write wins).

    An ErrorValue is written as a formula with that cached error, as Excel stores '#REF!'.
    """

    def extra(wb: Any) -> None:
        ws = wb.get_worksheet_by_name(sheet)
        style = wb.add_format(dict(fmt)) if fmt else None
        if formula is not None or isinstance(value, ErrorValue):
            ws.write_formula(ref, formula or f"={value}", style, value)
        elif value is None:
            ws.write_blank(ref, None, style)
        elif isinstance(value, bool):
            ws.write_boolean(ref, value, style)
        elif isinstance(value, int | float):
            ws.write_number(ref, value, style)
        else:
            ws.write_string(ref, str(value), style)

    return extra


def chain(*hooks: Callable[[Any], None]) -> Callable[[Any], None]:
    def extra(wb: Any) -> None:
        for hook in hooks:
            hook(wb)

    return extra


# --- 2. grids --------------------------------------------------------------------------------


def grids_of(path: Path) -> list[SheetGrid]:
    """Every worksheet of a workbook, in tab order, as the project's reader sees it."""
    with Package(path) as pkg:
        order = [s.name for s in pkg.sheets]
        grids = read_grids(pkg)
    return [grids[name] for name in order]


@dataclass
class Lembar:
    """A sheet to write: values from A1, formulas by (row, col), merged ranges, tab state."""

    name: str
    values: list[list[Any]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based r1,c1,r2,c2
    hidden: bool = False
    percent: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def of(cls, grid: SheetGrid) -> Lembar:
        return cls(grid.name, [list(r) for r in grid.values], dict(grid.formulas))


def from_grids(path: Path, sheets: Sequence[Lembar]) -> Path:
    """Write sheets as plain cells (no Excel Tables): strings stay text, errors stay errors."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    percent = wb.add_format({"num_format": "0.00%"})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        merged_away = set()
        for r1, c1, r2, c2 in sheet.merges:
            top_left = sheet.values[r1 - 1][c1 - 1] if c1 <= len(sheet.values[r1 - 1]) else None
            ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "" if top_left is None else top_left)
            merged_away |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(sheet.values, start=1):
            for c, value in enumerate(row, start=1):
                if (r, c) in merged_away:
                    continue
                fmt = percent if (r, c) in sheet.percent else None
                f = sheet.formulas.get((r, c))
                if f is not None:
                    ws.write_formula(r - 1, c - 1, f, fmt, "" if value is None else value)
                elif isinstance(value, ErrorValue):
                    ws.write_formula(r - 1, c - 1, f"={value}", fmt, str(value))
                elif value is None:
                    continue
                elif isinstance(value, bool):
                    ws.write_boolean(r - 1, c - 1, value, fmt)
                elif isinstance(value, int | float):
                    ws.write_number(r - 1, c - 1, value, fmt)
                else:
                    ws.write_string(r - 1, c - 1, str(value), fmt)
        if sheet.hidden:
            ws.hide()
    wb.close()
    return path


def reshape(path: Path, edit: Callable[[dict[str, Lembar]], list[Lembar] | None],
            base: Callable[[Path], Path] | None = None) -> Path:
    """Build a clean workbook, let `edit` change its sheets (a dict by name, in tab order),
    and write the result as plain cells. `edit` may return a new list to reorder or drop."""
    tmp = path.with_name(path.stem + ".dasar.xlsx")
    (base or clean)(tmp)
    sheets = {g.name: Lembar.of(g) for g in grids_of(tmp)}
    tmp.unlink()
    out = edit(sheets)
    return from_grids(path, out if out is not None else list(sheets.values()))


def column(sheet: Lembar, header: str, header_row: int = 3) -> int:
    """1-based column of a header on a sheet (raises when absent)."""
    return sheet.values[header_row - 1].index(header) + 1


def permute_columns(sheet: Lembar, order: Sequence[int]) -> None:
    """New column j takes old column order[j] (1-based); formulas move with their cells."""
    rows = []
    for row in sheet.values:
        padded = row + [None] * (max(order) - len(row))
        rows.append([padded[c - 1] for c in order])
    where = {old: new for new, old in enumerate(order, start=1)}
    sheet.formulas = {(r, where[c]): f for (r, c), f in sheet.formulas.items() if c in where}
    sheet.values = rows


def insert_rows(sheet: Lembar, before: int, rows: Sequence[list[Any]]) -> None:
    """Insert rows above sheet row `before`; formulas below move down."""
    k = len(rows)
    sheet.values[before - 1:before - 1] = [list(r) for r in rows]
    sheet.formulas = {(r + k if r >= before else r, c): f for (r, c), f in sheet.formulas.items()}


# --- 3. zip surgery ---------------------------------------------------------------------------


def patch_zip(src: Path, dst: Path, replace: Mapping[str, bytes | Callable[[bytes], bytes]] = (),
              drop: Iterable[str] = (), add: Mapping[str, bytes] = (),
              stored: Iterable[str] = ()) -> Path:
    """Copy a zip part by part; `replace` takes bytes or a function of the old bytes."""
    replace, add, drop, stored = dict(replace), dict(add), set(drop), set(stored)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info.filename)
            new = replace.get(info.filename)
            if new is not None:
                data = new(data) if callable(new) else new
            method = zipfile.ZIP_STORED if info.filename in stored else zipfile.ZIP_DEFLATED
            zout.writestr(zipfile.ZipInfo(info.filename, info.date_time), data, method)
        for name, data in add.items():
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zout.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, method)
    return dst


def sheet_part(path: Path, sheet: str) -> str:
    with Package(path) as pkg:
        found = pkg.sheet(sheet)
        assert found is not None, sheet
        return found.part


def patched(path: Path, parts: Callable[[Path], Mapping[str, Any]],
            base: Callable[[Path], Path] | None = None, **kw: Any) -> Path:
    """Build a clean workbook next to `path`, then copy it to `path` with `parts(tmp)` replaced."""
    tmp = path.with_name(path.stem + ".dasar.xlsx")
    (base or clean)(tmp)
    try:
        return patch_zip(tmp, path, replace=parts(tmp), **kw)
    finally:
        tmp.unlink()


def sub_once(old: str, new: str) -> Callable[[bytes], bytes]:
    def fn(data: bytes) -> bytes:
        text = data.decode("utf-8")
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8")

    return fn


def billion_laughs(root: str, levels: int = 10) -> str:
    """The classic entity bomb: 10 levels of 10 references expand to 10**levels copies."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, levels)]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} [\n  '
            + "\n  ".join(ents) + "\n]>\n")


def sheet_xml(rows: Iterable[Sequence[Any]], first_row: int = 1) -> Iterable[str]:
    """Worksheet XML for rows of plain values (inline strings, numbers), streamed."""
    yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}"><sheetData>')
    for r, row in enumerate(rows, start=first_row):
        cells = []
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            ref = cell_ref(r, c)
            if isinstance(v, int | float) and not isinstance(v, bool):
                cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
        yield f'<row r="{r}">' + "".join(cells) + "</row>"
    yield "</sheetData></worksheet>"


# --- 4. raw bytes -----------------------------------------------------------------------------

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def cfb(streams: Mapping[str, bytes]) -> bytes:
    """A small but valid OLE compound file (version 3) holding `streams` at the root.

    Old .xls files (a 'Workbook' stream) and password-protected .xlsx files (streams
    'EncryptionInfo' and 'EncryptedPackage' around the encrypted zip) are both this
    container. Streams are padded to 4,096 bytes so they live in regular sectors (no
    mini stream); at most 3 streams, all in one directory sector.
    """
    names = list(streams)
    assert 1 <= len(names) <= 3
    datas = [streams[n].ljust(4096, b"\0") for n in names]
    sectors: list[bytes] = []
    fat: list[int] = [_FATSECT, _END]  # sector 0: FAT, sector 1: directory
    starts = []
    for data in datas:
        n = -(-len(data) // 512)
        start = len(fat)
        starts.append(start)
        fat += [start + i + 1 for i in range(n - 1)] + [_END]
        sectors.append(data.ljust(n * 512, b"\0"))
    assert len(fat) <= 128
    fat_sector = struct.pack("<128I", *(fat + [_FREE] * (128 - len(fat))))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, left, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))

    # siblings form a tree ordered by (name length, upper-case name); a chain to the right works
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    entries = [entry("Root Entry", 5, _NOSTREAM, _NOSTREAM, order[0] + 1, _END, 0)]
    for i, name in enumerate(names):
        pos = order.index(i)
        right = order[pos + 1] + 1 if pos + 1 < len(order) else _NOSTREAM
        entries.append(entry(name, 2, _NOSTREAM, right, _NOSTREAM, starts[i], len(streams[name])))
    while len(entries) < 4:
        entries.append(b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM)
                       + b"\0" * 48)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *([_FREE] * 108)))
    assert len(header) == 512
    return header + fat_sector + b"".join(entries) + b"".join(sectors)


def biff8_workbook_stream() -> bytes:
    """The start of an .xls 'Workbook' stream: a BIFF8 BOF record, then EOF."""
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0x000100C1, 0x00000406)
    return bof + struct.pack("<HH", 0x000A, 0)


def encrypted_ooxml() -> bytes:
    """What Excel writes for 'Encrypt with Password': agile EncryptionInfo + EncryptedPackage."""
    info_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        '<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        "</keyEncryptor></keyEncryptors></encryption>")
    info = struct.pack("<HHI", 4, 4, 0x40) + info_xml.encode("utf-8")
    package = struct.pack("<Q", 7000) + bytes((i * 151 + 7) % 256 for i in range(7008))
    return cfb({"EncryptionInfo": info, "EncryptedPackage": package})


def deflated(chunks: Iterable[bytes]) -> tuple[bytes, int, int]:
    """Raw deflate of a stream of chunks: (compressed bytes, crc32, inflated size)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out.append(comp.compress(chunk))
    out.append(comp.flush())
    return b"".join(out), crc, size


def zip_with_raw_member(src: Path, dst: Path, name: str, raw: bytes, crc: int, declared: int) -> Path:
    """Copy `src`, replacing member `name` by an already-deflated `raw` whose directory entry
    declares `declared` bytes inflated (the truth or a lie) and checksum `crc`."""
    with zipfile.ZipFile(src) as zin:
        members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    buf = io.BytesIO()
    central = []
    for fname, data in members:
        offset = buf.tell()
        if fname == name:
            comp, c, usize = raw, crc, declared
        else:
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            comp = co.compress(data) + co.flush()
            c, usize = zlib.crc32(data), len(data)
        fn = fname.encode("utf-8")
        buf.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, c, len(comp), usize,
                              len(fn), 0) + fn + comp)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, c,
                                   len(comp), usize, len(fn), 0, 0, 0, 0, 0, offset) + fn)
    cd_start = buf.tell()
    for rec in central:
        buf.write(rec)
    cd_size = buf.tell() - cd_start
    buf.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), cd_size,
                          cd_start, 0))
    dst.write_bytes(buf.getvalue())
    return dst


# --- building a corpus ------------------------------------------------------------------------


def build(folder: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    """Build the corpus cases (all, or those named) into `folder`; returns name → file."""
    from tests.corpus.cases import CASES

    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(names) if names else None
    out = {}
    for case in CASES:
        if wanted is not None and case.name not in wanted:
            continue
        path = folder / case.filename
        case.build(path)
        out[case.name] = path
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("pemakaian: python -m tests.corpus.generate FOLDER [KASUS ...]", file=sys.stderr)
        return 2
    built = build(Path(args[0]), args[1:] or None)
    for name, path in built.items():
        print(f"{path.stat().st_size:>12,}  {path.name}  ({name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
