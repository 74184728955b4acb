"""The package: read the source zip, write the new one, verify it, then replace atomically.

Every part other than the report sheets and the parts that list them is copied as the file
stored it (compressed bytes included). The new file is written beside the target under a name
no folder run picks up (`.~xl-lkip-*.tmp`), re-opened and checked (verify.py), given the
target's permissions, and moved over the target in one step; a symlink is followed, so its
target is what changes. Any failure removes the temporary file and leaves the original alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import struct
import sys
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ...core.layout import SheetLayout
from ...core.schema import SHAPE_SHEET
from ...core.shape import is_store, store_entries, store_layout
from ..package import BerkasError, Package
from . import verify
from .chart import drawing_parts
from .errors import TulisError
from .styles import StyleBook
from .workbook import DRAWING_REL, OWN_DRAWING_ID, WS_CT, WorkbookEdit, relative, rels_name
from .worksheet import SheetWriter, print_setup

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

_UNREAD = object()  # write_reports: the caller did not read the hidden sheet of shapes
TEMP_PREFIX = ".~xl-lkip-"
TEMP_SUFFIX = ".tmp"
Chunks = Callable[[], Iterator[bytes]]


def write_reports(source: str | Path, target: str | Path, layouts: Sequence[SheetLayout],
                  pkg: Package | None = None, notes: list[str] | None = None,
                  shapes_sheet: Any = _UNREAD) -> Path:
    """Write `layouts` into a copy of `source` at `target` (may be the same path), atomically.

    `pkg` is `source` already open (the caller read it and closes it), else it is opened here.
    `notes` receives one line per thing the user should know (content dropped from a report
    sheet). The hidden sheet of core/shape.py records the shape each report sheet got;
    `shapes_sheet` is that sheet's grid as the caller read it (None: the workbook has none),
    else it is read here when the workbook has one.
    """
    source, target = Path(source), Path(target)
    final = Path(os.path.realpath(target))  # a symlink: write the file it points to
    check_writable(target)
    with contextlib.nullcontext(pkg) if pkg is not None else Package(source) as pkg:
        nama = source.name
        styles_part = next((t for typ, t in pkg.rels(pkg.workbook_part).values()
                            if typ.endswith("/styles")), None)
        if styles_part is None or styles_part not in pkg.names:
            raise TulisError(f"{nama}: berkas tidak memiliki styles.xml; simpan ulang dari Excel.")
        book = StyleBook(pkg.read(styles_part), styles_part, nama)
        edit = WorkbookEdit(pkg)
        streams: dict[str, Chunks] = {}
        used: dict[str, tuple[int, int]] = {}
        written = list(layouts)
        if _shapes_are_ours(pkg, shapes_sheet):
            written.append(store_layout(*store_entries(layouts)))
        elif notes is not None:
            notes.append(f"lembar '{SHAPE_SHEET}' berisi data Anda dan tidak diubah; ganti namanya "
                         "agar tombol Perbarui Laporan dapat mencatat bentuk lembar laporan di "
                         "sana (tanpa itu tombol memformat ulang semua lembar laporan).")
        for layout in written:
            existing = pkg.sheet(layout.sheet)
            name = existing.name if existing else layout.sheet  # as the workbook spells it
            charts = list(layout.charts)
            if existing:
                part = existing.part
                edit.drop_sheet_extras(part, layout.sheet, ours_if=len(charts))
                # listed again with the parts written after it, in one order on every run,
                # so regenerating a regenerated file gives the same bytes
                edit.overrides[part] = WS_CT
            else:
                part = edit.add_sheet(layout.sheet)
            if layout.hidden:
                edit.hide(name)
            writer = SheetWriter(layout, book)
            rid = _charts(edit, part, name, charts) if charts else None
            streams[part] = lambda w=writer, r=rid: w.chunks(r)
            xfs = [int(s[4:-1]) for s in writer.attr.values() if s]
            used[part] = (max(xfs, default=-1), max(writer.dxfs, default=-1))
            edit.print_titles(name, print_setup(layout).repeat_rows)
        new_parts = edit.result()
        new_parts.update(edit.new_parts)
        new_parts[styles_part] = book.result()
        if notes is not None:
            notes += edit.notes
        rewritten = set(new_parts) | set(streams)

        def check(tmp: str) -> None:
            verify.check(tmp, str(pkg.path), pkg.workbook_part, styles_part,
                         {p for p in rewritten if p.endswith((".xml", ".rels"))}, used, nama)

        _atomic_zip(pkg, final, new_parts, streams, edit.removed, check)
    return target


def _shapes_are_ours(pkg: Package, grid: Any) -> bool:
    """Whether the hidden sheet of shapes may be (re)written: absent, or ours (core/shape.py)."""
    if pkg.sheet(SHAPE_SHEET) is None:
        return True
    if grid is _UNREAD:
        from ..xlsx_read import read_grids

        grid = next(iter(read_grids(pkg, [SHAPE_SHEET]).values()), None)
    return grid is None or is_store(grid.values)


def _charts(edit: WorkbookEdit, part: str, sheet: str, charts: list[Any]) -> str | None:
    """Add the drawing of a report sheet's charts; returns the sheet's relationship id."""
    dp = drawing_parts(charts, sheet, edit.taken())
    if dp is None:
        return None
    edit.new_parts.update(dp.parts)
    edit.removed -= set(dp.parts)  # a name freed by the previous drawing, taken again
    edit.overrides.update(dp.content_types)
    target = relative(dp.drawing_part, part)
    edit.new_parts[rels_name(part)] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="{OWN_DRAWING_ID}" Type="{DRAWING_REL}" Target="{target}"/>'
        "</Relationships>").encode()
    edit.removed.discard(rels_name(part))
    return OWN_DRAWING_ID


def check_writable(shown: Path) -> None:
    """Refuse, before anything is written or backed up, a target that is a folder or a
    read-only file (a symlink's target is what is judged)."""
    final = Path(os.path.realpath(shown))
    if final.exists():
        if final.is_dir():
            raise TulisError(f"{shown}: ini sebuah folder, bukan berkas; pilih berkas .xlsx.")
        if not final.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise TulisError(f"{shown}: berkas hanya-baca; berkas tidak diubah. Hilangkan "
                             "atribut hanya-baca (Properti berkas) lalu ulangi, atau pakai "
                             "--keluaran FOLDER.")


# Parts written here are compressed fast (level 1: a few percent larger, several times faster);
# parts copied unchanged keep the compressed bytes the file already had (checked by inflating
# them, but never compressed again).
NEW_PART_LEVEL = 1
_ZIP64_LIMIT = (1 << 31) - 1  # zipfile's: beyond it, it writes ZIP64 records
_ZIP_COUNT_LIMIT = (1 << 16) - 1


def _stored_deflate(fh: Any, info: zipfile.ZipInfo) -> bytes | None:
    """The deflated bytes of a part as the source file stores them, or None to compress anew."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1 or info.is_dir():
        return None
    fh.seek(info.header_offset)
    head = fh.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    raw = fh.read(info.compress_size)
    return raw if len(raw) == info.compress_size else None


class _NeedsZip64(Exception):
    """The package is too large for plain zip records: zipfile writes it (with ZIP64)."""


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    y, mo, d, h, mi, sec = date_time[:6]
    return (y - 1980) << 9 | mo << 5 | d, h << 11 | mi << 5 | (sec // 2)


class _ZipOut:
    """Writes the bytes zipfile.ZipFile(fh, "w").writestr(ZipInfo(name, date_time), data) writes
    for deflated parts (same headers, same deflate streams), without zipfile's cost per part,
    takes parts already deflated as they are, and streams generated parts (their sizes are
    patched into the local header afterwards). Packages needing ZIP64 raise _NeedsZip64."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.pos = 0
        self.central: list[bytes] = []
        self.names: set[str] = set()

    def _name(self, name: str) -> tuple[bytes, int]:
        name = name.split("\0", 1)[0]  # as zipfile.ZipInfo cuts a name
        if os.sep != "/":
            name = name.replace(os.sep, "/")
        if name in self.names:
            warnings.warn(f"Duplicate name: {name!r}", stacklevel=3)  # as zipfile warns
        self.names.add(name)
        try:
            return name.encode("ascii"), 0
        except UnicodeEncodeError:
            return name.encode("utf-8"), 0x800

    def _header(self, encoded: bytes, flags: int, date_time: tuple[int, ...], crc: int,
                n_raw: int, n_data: int) -> bytes:
        dosdate, dostime = _dos(date_time)
        return struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, flags, zipfile.ZIP_DEFLATED,
                           dostime, dosdate, crc, n_raw, n_data, len(encoded), 0)

    def _central(self, encoded: bytes, flags: int, date_time: tuple[int, ...], crc: int,
                 n_raw: int, n_data: int, external_attr: int, offset: int) -> None:
        dosdate, dostime = _dos(date_time)
        attr = external_attr or 0o600 << 16  # what zipfile gives a part without attributes
        self.central.append(struct.pack(
            "<4s4B4HL2L5H2L", b"PK\001\002", 20, 0 if sys.platform == "win32" else 3, 20, 0, flags,
            zipfile.ZIP_DEFLATED, dostime, dosdate, crc, n_raw, n_data, len(encoded), 0, 0,
            0, 0, attr, offset) + encoded)

    def add(self, name: str, date_time: tuple[int, ...], external_attr: int, data: bytes,
            raw: bytes | None = None, level: int | None = None) -> None:
        if raw is None:
            deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION if level is None else level,
                                       zlib.DEFLATED, -15)
            raw = deflate.compress(data) + deflate.flush()
        crc = zlib.crc32(data)
        offset = self.pos
        if len(data) * 1.05 > _ZIP64_LIMIT or len(raw) > _ZIP64_LIMIT or offset > _ZIP64_LIMIT \
                or len(self.central) >= _ZIP_COUNT_LIMIT:
            raise _NeedsZip64
        encoded, flags = self._name(name)
        header = self._header(encoded, flags, date_time, crc, len(raw), len(data))
        self.fh.write(header + encoded)
        self.fh.write(raw)
        self.pos += len(header) + len(encoded) + len(raw)
        self._central(encoded, flags, date_time, crc, len(raw), len(data), external_attr, offset)

    def add_raw(self, name: str, date_time: tuple[int, ...], external_attr: int, raw: bytes,
                crc: int, size: int) -> None:
        """A part copied as the source stored it (already checked by the caller)."""
        offset = self.pos
        if size * 1.05 > _ZIP64_LIMIT or len(raw) > _ZIP64_LIMIT or offset > _ZIP64_LIMIT \
                or len(self.central) >= _ZIP_COUNT_LIMIT:
            raise _NeedsZip64
        encoded, flags = self._name(name)
        header = self._header(encoded, flags, date_time, crc, len(raw), size)
        self.fh.write(header + encoded)
        self.fh.write(raw)
        self.pos += len(header) + len(encoded) + len(raw)
        self._central(encoded, flags, date_time, crc, len(raw), size, external_attr, offset)

    def add_stream(self, name: str, date_time: tuple[int, ...], external_attr: int,
                   chunks: Iterator[bytes], level: int | None = None) -> None:
        offset = self.pos
        if offset > _ZIP64_LIMIT or len(self.central) >= _ZIP_COUNT_LIMIT:
            raise _NeedsZip64
        encoded, flags = self._name(name)
        self.fh.write(self._header(encoded, flags, date_time, 0, 0, 0) + encoded)
        deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION if level is None else level,
                                   zlib.DEFLATED, -15)
        crc = n_data = n_raw = 0
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            n_data += len(chunk)
            raw = deflate.compress(chunk)
            n_raw += len(raw)
            self.fh.write(raw)
            if n_data * 1.05 > _ZIP64_LIMIT:
                raise _NeedsZip64
        raw = deflate.flush()
        n_raw += len(raw)
        self.fh.write(raw)
        if n_raw > _ZIP64_LIMIT:
            raise _NeedsZip64
        end = self.fh.tell()
        self.fh.seek(offset)
        self.fh.write(self._header(encoded, flags, date_time, crc, n_raw, n_data))
        self.fh.seek(end)
        self.pos += 30 + len(encoded) + n_raw
        self._central(encoded, flags, date_time, crc, n_raw, n_data, external_attr, offset)

    def close(self) -> None:
        directory = b"".join(self.central)
        if self.pos > _ZIP64_LIMIT or len(directory) > _ZIP64_LIMIT:
            raise _NeedsZip64
        self.fh.write(directory)
        self.fh.write(struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(self.central),
                                  len(self.central), len(directory), self.pos, 0))


class _ZipfileOut:
    """The same parts through zipfile (for packages that need ZIP64): compressed anew."""

    def __init__(self, out: zipfile.ZipFile) -> None:
        self.out = out

    def _info(self, name: str, date_time: tuple[int, ...], external_attr: int) -> zipfile.ZipInfo:
        zi = zipfile.ZipInfo(name, date_time=date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = external_attr
        return zi

    def add(self, name: str, date_time: tuple[int, ...], external_attr: int, data: bytes,
            raw: bytes | None = None, level: int | None = None) -> None:
        self.out.writestr(self._info(name, date_time, external_attr), data, compresslevel=level)

    def add_stream(self, name: str, date_time: tuple[int, ...], external_attr: int,
                   chunks: Iterator[bytes], level: int | None = None) -> None:
        with self.out.open(self._info(name, date_time, external_attr), "w",
                           force_zip64=True) as fh:
            for chunk in chunks:
                fh.write(chunk)


BIG_PART = 4 * 1024 * 1024  # unchanged parts above this are checked in chunks


def _check_stream(pkg: Package, info: zipfile.ZipInfo) -> None:
    """Inflate a part in chunks (zipfile checks its CRC at the end) without keeping it."""
    total = 0
    try:
        with pkg.zip.open(info) as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
                if total > info.file_size:
                    raise BerkasError(f"{pkg.path.name}: bagian {info.filename} mengembang "
                                      "melebihi ukuran yang dinyatakan; berkas ditolak.")
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BerkasError(f"{pkg.path.name}: bagian {info.filename} rusak ({exc}). Simpan ulang "
                          "berkas dari Excel.") from None


def _write_parts(out: _ZipOut | _ZipfileOut, pkg: Package, source: Any,
                 new_parts: dict[str, bytes], streams: dict[str, Chunks],
                 removed: set[str]) -> None:
    written = set()
    for info in pkg.zip.infolist():
        name = info.filename
        written.add(name)
        if name in removed and name not in new_parts:
            continue
        data = new_parts.get(name)
        if name in streams:
            out.add_stream(name, info.date_time, info.external_attr, streams[name](),
                           level=NEW_PART_LEVEL)
        elif data is not None:
            out.add(name, info.date_time, info.external_attr, data, level=NEW_PART_LEVEL)
        else:
            raw = _stored_deflate(source, info)
            if raw is not None and info.file_size > BIG_PART and isinstance(out, _ZipOut):
                _check_stream(pkg, info)  # inflated (CRC, size) in chunks, not held whole
                out.add_raw(name, info.date_time, info.external_attr, raw, info.CRC,
                            info.file_size)
                continue
            data = pkg.read(name)  # inflated and checked (CRC, size) as before
            out.add(name, info.date_time, info.external_attr, data, raw=raw)
    for name in sorted((set(new_parts) | set(streams)) - written):
        if name in streams:
            out.add_stream(name, (1980, 1, 1, 0, 0, 0), 0, streams[name](), level=NEW_PART_LEVEL)
        else:
            out.add(name, (1980, 1, 1, 0, 0, 0), 0, new_parts[name], level=NEW_PART_LEVEL)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def temp_file(folder: Path, shown: Path) -> tuple[int, str]:
    """A temporary file in `folder` named so that no folder run picks it up."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise TulisError(_os_message(exc, shown, folder)) from None


def _os_message(exc: OSError, shown: Path, folder: Path | None = None) -> str:
    where = folder if folder is not None else shown.parent
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return (f"{shown}: disk penuh di {where}; berkas tidak diubah. Kosongkan ruang disk "
                "lalu ulangi.")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"{shown}: folder {where} tidak dapat ditulis (hanya-baca atau tanpa izin); "
                "berkas tidak diubah. Pilih folder lain dengan --keluaran.")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"{shown}: {where} bukan folder; berkas tidak diubah. Pilih folder lain."
    return f"{shown}: berkas tidak dapat ditulis ({exc.strerror or exc}); berkas tidak diubah."


def _atomic_zip(pkg: Package, target: Path, new_parts: dict[str, bytes],
                streams: dict[str, Chunks], removed: set[str],
                check: Callable[[str], None]) -> None:
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _new_file_mode()
    fd, tmp = temp_file(target.parent, target)
    try:
        try:
            with os.fdopen(fd, "wb") as fh, open(pkg.path, "rb") as source:
                try:
                    out = _ZipOut(fh)
                    _write_parts(out, pkg, source, new_parts, streams, removed)
                    out.close()
                except _NeedsZip64:
                    fh.seek(0)
                    fh.truncate()
                    with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as big:
                        _write_parts(_ZipfileOut(big), pkg, source, new_parts, streams, removed)
                fh.flush()
                os.fsync(fh.fileno())
            check(tmp)
            os.chmod(tmp, mode)
        except OSError as exc:
            raise TulisError(_os_message(exc, target)) from None
        if target.resolve() == pkg.path.resolve():
            pkg.close()  # Windows cannot replace a file this process still holds open
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise TulisError(
                f"{target.name}: berkas sedang dibuka program lain (Excel?) atau foldernya "
                "tidak dapat ditulis. Tutup berkasnya lalu ulangi; berkas asli tidak berubah."
            ) from None
        except OSError as exc:
            raise TulisError(_os_message(exc, target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


BACKUP_TAG = ".cadangan"


def backup_path(path: Path, n: int = 1) -> Path:
    """NAME.cadangan.xlsx for the first backup, NAME.cadangan-2.xlsx, -3 ... after it."""
    tag = BACKUP_TAG if n == 1 else f"{BACKUP_TAG}-{n}"
    return path.with_name(f"{path.stem}{tag}{path.suffix}")


def make_backup(path: Path) -> Path:
    """Copy `path` (a symlink's target) to the first free backup name; never overwrites one.

    The copy is written to a temporary file, synced, then linked to its name, which fails
    rather than replaces when the name is taken (so two runs never overwrite a backup, and
    a full disk never leaves a half copy under a backup's name).
    """
    path = Path(path)
    fd, tmp = temp_file(path.parent, path)
    try:
        try:
            with os.fdopen(fd, "wb") as out, open(os.path.realpath(path), "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            with contextlib.suppress(OSError):
                shutil.copystat(os.path.realpath(path), tmp)
            for n in range(1, 10_000):
                dest = backup_path(path, n)
                if dest.exists() or dest.is_symlink():
                    continue
                try:
                    os.link(tmp, dest)  # fails, never replaces, when the name is taken
                except FileExistsError:
                    continue
                except OSError as exc:
                    if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES):
                        raise
                    # no hard links on this disk (FAT, some network shares)
                    try:
                        if os.name == "nt":
                            os.rename(tmp, dest)  # fails, never replaces, on Windows
                        elif dest.exists():
                            continue
                        else:
                            os.replace(tmp, dest)
                    except FileExistsError:
                        continue
                return dest
            raise TulisError(f"{path.name}: terlalu banyak cadangan; hapus yang lama lalu ulangi.")
        except OSError as exc:
            raise BerkasError(f"{path.name}: cadangan tidak dapat dibuat "
                              f"({_os_message(exc, path)})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
