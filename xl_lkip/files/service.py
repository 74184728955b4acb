"""Check or regenerate one workbook file; every failure becomes a message, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.engine import Hasil, TahunLalu, run
from ..core.errors import LkipError
from ..core.findings import Temuan
from ..core.links import follow_tahun_lalu
from ..core.reader import sheets_to_read
from ..core.record import field, record
from ..core.schema import SHAPE_SHEET
from ..core.sheets import same_sheet
from .package import BerkasError, Package
from .workbook import load
from .xlsx import TEMP_PREFIX, check_writable, make_backup, write_reports

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

SUFFIXES = (".xlsx", ".xlsm")
_BACKUP = re.compile(r"\.cadangan(-\d+)?\.", re.I)


@record
class HasilBerkas:
    """The outcome of one file, as the command line prints it and --json gives it."""

    berkas: str
    n_galat: int = 0
    n_peringatan: int = 0
    temuan: list[Temuan] = field(default_factory=list)
    galat_berkas: str | None = None  # the file could not be read or written
    keluaran: str | None = None
    cadangan: str | None = None
    n_tabel: int = 0
    dilewati: str | None = None  # not an LKjIP workbook: left alone, with the reason
    catatan: list[str] = field(default_factory=list)  # what the user should know of the write

    def as_dict(self) -> dict[str, Any]:
        return {
            "berkas": self.berkas, "galat_berkas": self.galat_berkas, "galat": self.n_galat,
            "peringatan": self.n_peringatan, "keluaran": self.keluaran, "cadangan": self.cadangan,
            "tabel": self.n_tabel, "dilewati": self.dilewati, "catatan": list(self.catatan),
            "temuan": [t.as_dict() for t in self.temuan],
        }


def find_tahun_lalu(path: Path, explicit: str | Path | None, link: Any) -> TahunLalu:
    """Last year's model: from --tahun-lalu (any path the user typed), else from the
    workbook's own link by `links.follow_tahun_lalu` (a link not followed comes back as its
    reason, which the engine reports as a finding)."""
    if explicit is not None:
        candidate = Path(explicit)
        if candidate.is_dir():
            raise BerkasError(f"--tahun-lalu {candidate} adalah folder, bukan berkas; sebutkan "
                              "berkas .xlsx tahun lalu.")
        if not candidate.exists():
            raise BerkasError(f"berkas tahun lalu {candidate} tidak ditemukan; periksa opsi "
                              "--tahun-lalu.")
        return load(candidate)
    return follow_tahun_lalu(path, link, load)


def _run(path: Path, tahun_lalu: str | Path | None, pkg: Package,
         shapes: dict[str, Any] | None = None) -> Hasil:
    """The engine's run on the open workbook; `shapes` receives the grid of the hidden sheet of
    shapes (core/shape.py) under "grid", read in the same pass (None when there is none)."""
    from .xlsx_read import read_grids

    grids = read_grids(pkg, [*sheets_to_read(), SHAPE_SHEET])
    store = next((n for n in grids if same_sheet(n, SHAPE_SHEET)), None)
    grid = grids.pop(store) if store is not None else None
    if shapes is not None:
        shapes["grid"] = grid
    return run(grids, path.name, lambda data: find_tahun_lalu(
        path, tahun_lalu, data.identitas.get("berkas_tahun_lalu")))


def bukan_lkjip(pkg: Package) -> str | None:
    """Why a workbook is not an LKjIP workbook (none of the template's input sheets), or None."""
    if any(pkg.sheet(name) is not None for name in sheets_to_read()):
        return None
    return (f"{pkg.path.name}: dilewati, bukan buku kerja LKjIP (tidak ada lembar "
            f"{', '.join(sheets_to_read())}); berkas tidak diubah.")


_DISK_HINT = "berkas tidak diubah. Periksa izin folder dan ruang disk, lalu ulangi."


def file_error(path: Path, exc: BaseException, disk_hint: str = _DISK_HINT) -> str:
    """The one-line Indonesian message for a file that could not be processed, naming it:
    our own refusals as they are, the disk's with `disk_hint`, a real bug as one."""
    if isinstance(exc, LkipError):
        msg = exc.pesan
        return msg if msg.startswith((path.name, str(path))) else f"{path.name}: {msg}"
    if isinstance(exc, MemoryError):
        return f"{path.name}: berkas terlalu besar untuk diproses di komputer ini."
    if isinstance(exc, OSError):  # the disk, not the program: say which file and what to do
        return (f"{path.name}: berkas tidak dapat dibaca atau ditulis ({exc.strerror or exc}); "
                f"{disk_hint}")
    return (f"{path.name}: kesalahan tak terduga ({type(exc).__name__}: {exc}). Berkas tidak "
            "diubah. Laporkan ke pengembang xl-lkip bersama berkasnya.")


def _guard(path: Path, fn: Any) -> HasilBerkas:
    out = HasilBerkas(str(path))
    try:
        fn(out)
    except Exception as exc:  # the user gets a message, the batch goes on
        out.galat_berkas = file_error(path, exc)
        out.temuan, out.n_galat, out.n_peringatan = [], 0, 0  # a file not written: only why
    return out


def _checked(out: HasilBerkas, path: Path, tahun_lalu: str | Path | None,
             pkg: Package, shapes: dict[str, Any] | None = None) -> Hasil | None:
    """Read and check an open workbook into `out`; None when it is not an LKjIP workbook."""
    out.dilewati = bukan_lkjip(pkg)
    if out.dilewati:
        return None
    hasil = _run(path, tahun_lalu, pkg, shapes)
    out.temuan, out.n_galat, out.n_peringatan = hasil.temuan, hasil.n_galat, hasil.n_peringatan
    return hasil


def periksa_berkas(path: str | Path, tahun_lalu: str | Path | None = None) -> HasilBerkas:
    """Check without writing."""
    path = Path(path)

    def go(out: HasilBerkas) -> None:
        with Package(path) as pkg:
            _checked(out, path, tahun_lalu, pkg)

    return _guard(path, go)


def perbarui_berkas(path: str | Path, keluaran: str | Path | None = None,
                    tahun_lalu: str | Path | None = None, cadangan: bool = True,
                    tujuan: str | Path | None = None) -> HasilBerkas:
    """Regenerate the report sheets in place (after a backup) or into folder `keluaran`
    (as `tujuan` when given: a batch mirrors its input folders there)."""
    path = Path(path)

    def go(out: HasilBerkas) -> None:
        shapes: dict[str, Any] = {}
        with Package(path) as pkg:  # read once: the parts copied unchanged are not inflated again
            hasil = _checked(out, path, tahun_lalu, pkg, shapes)
            if hasil is None:
                return
            target = Path(tujuan) if tujuan else Path(keluaran) / path.name if keluaran else path
            check_writable(target)
            if target.resolve() == path.resolve() and cadangan:
                out.cadangan = str(make_backup(path))
            write_reports(path, target, hasil.layouts, pkg, notes=out.catatan,
                          shapes_sheet=shapes.get("grid"))
        out.keluaran = str(target)
        out.n_tabel = hasil.n_tabel

    return _guard(path, go)


def skipped_name(name: str) -> bool:
    """Files a folder run leaves alone: Excel lock files, backups, our temporary files."""
    return name.startswith(("~$", TEMP_PREFIX, ".xl-lkip-")) or bool(_BACKUP.search(name))


def expand(paths: list[str]) -> list[Path]:
    """Files named, and the workbooks inside folders named (not backups or Excel lock files)."""
    return [f for f, _rel in expand_with_names(paths)]


def expand_with_names(paths: list[str]) -> list[tuple[Path, Path]]:
    """(file, its name under an output folder): a folder's workbooks keep their subfolders."""
    out: list[tuple[Path, Path]] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += [(f, f.relative_to(p)) for f in sorted(p.rglob("*"))
                    if f.suffix.lower() in SUFFIXES and f.is_file() and not skipped_name(f.name)]
        else:
            out.append((p, Path(p.name)))
    return out


def output_plan(paths: list[str], keluaran: str | Path) -> list[tuple[Path, Path]]:
    """(file, output file) for a run into `keluaran`; raises BerkasError before anything is
    written when two inputs would land on the same output (say which, and what to do)."""
    seen: dict[str, Path] = {}
    plan = []
    out_dir = Path(keluaran).resolve()
    for f, rel in expand_with_names(paths):
        if out_dir in f.resolve().parents:
            continue  # an earlier run's output inside the input folder is not input
        target = Path(keluaran) / rel
        key = str(target).casefold()  # Windows and macOS folders ignore case
        if key in seen and seen[key].resolve() != f.resolve():
            raise BerkasError(
                f"{seen[key]} dan {f} akan ditulis ke berkas yang sama {target}; tidak ada yang "
                "ditulis. Ganti nama salah satunya, atau jalankan per folder.")
        seen[key] = f
        plan.append((f, target))
    return plan


__all__ = ["HasilBerkas", "Package", "expand", "output_plan", "perbarui_berkas", "periksa_berkas"]
