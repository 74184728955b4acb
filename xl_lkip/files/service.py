"""Check or regenerate one workbook file; every failure becomes a message, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.engine import Hasil, run
from ..core.errors import LkipError
from ..core.findings import Temuan
from ..core.reader import LkipData, sheets_to_read
from .package import BerkasError, Package
from .workbook import load, load_grids
from .xlsx_read import read_grids
from .xlsx_write import make_backup, write_reports

SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class HasilBerkas:
    berkas: str
    n_galat: int = 0
    n_peringatan: int = 0
    temuan: list[Temuan] = field(default_factory=list)
    galat_berkas: str | None = None  # the file could not be read or written
    keluaran: str | None = None
    cadangan: str | None = None
    n_tabel: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "berkas": self.berkas, "galat_berkas": self.galat_berkas, "galat": self.n_galat,
            "peringatan": self.n_peringatan, "keluaran": self.keluaran, "cadangan": self.cadangan,
            "tabel": self.n_tabel, "temuan": [t.as_dict() for t in self.temuan],
        }


def _tahun_lalu(path: Path, explicit: str | Path | None, data_link: Any) -> LkipData | None:
    candidate = explicit
    if candidate is None and data_link:
        link = Path(str(data_link))
        candidate = link if link.is_absolute() else path.parent / link
    if candidate is None:
        return None
    candidate = Path(candidate)
    if not candidate.exists():
        raise BerkasError(f"berkas tahun lalu {candidate} tidak ditemukan; periksa Identitas "
                          "'Berkas Tahun Lalu' atau opsi --tahun-lalu.")
    return load(candidate)


def _run(path: Path, tahun_lalu: str | Path | None, pkg: Package | None = None) -> Hasil:
    grids = load_grids(path) if pkg is None else read_grids(pkg, sheets_to_read())
    return run(grids, path.name,
               lambda data: _tahun_lalu(path, tahun_lalu, data.identitas.get("berkas_tahun_lalu")))


def _guard(path: Path, fn: Any) -> HasilBerkas:
    out = HasilBerkas(str(path))
    try:
        fn(out)
    except LkipError as exc:
        msg = exc.pesan
        out.galat_berkas = msg if msg.startswith(path.name) else f"{path.name}: {msg}"
    except MemoryError:
        out.galat_berkas = f"{path.name}: berkas terlalu besar untuk diproses di komputer ini."
    except Exception as exc:  # the user gets a message, the batch goes on
        out.galat_berkas = (f"{path.name}: kesalahan tak terduga ({type(exc).__name__}: {exc}). "
                            "Berkas tidak diubah. Laporkan ke pengembang xl-lkip bersama berkasnya.")
    return out


def periksa_berkas(path: str | Path, tahun_lalu: str | Path | None = None) -> HasilBerkas:
    """Check without writing."""
    path = Path(path)

    def go(out: HasilBerkas) -> None:
        hasil = _run(path, tahun_lalu)
        out.temuan, out.n_galat, out.n_peringatan = hasil.temuan, hasil.n_galat, hasil.n_peringatan

    return _guard(path, go)


def perbarui_berkas(path: str | Path, keluaran: str | Path | None = None,
                    tahun_lalu: str | Path | None = None, cadangan: bool = True) -> HasilBerkas:
    """Regenerate the report sheets in place (after a backup) or into folder `keluaran`."""
    path = Path(path)

    def go(out: HasilBerkas) -> None:
        with Package(path) as pkg:  # read once: the parts copied unchanged are not inflated again
            hasil = _run(path, tahun_lalu, pkg)
            target = Path(keluaran) / path.name if keluaran else path
            if target.resolve() == path.resolve() and cadangan:
                out.cadangan = str(make_backup(path))
            write_reports(path, target, hasil.layouts, pkg)
        out.keluaran = str(target)
        out.temuan, out.n_galat, out.n_peringatan = hasil.temuan, hasil.n_galat, hasil.n_peringatan
        out.n_tabel = sum(len(layout.blocks) - 1 for layout in hasil.layouts[:-1])

    return _guard(path, go)


def expand(paths: list[str]) -> list[Path]:
    """Files named, and the workbooks inside folders named (not backups or Excel lock files)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES
                          and not f.name.startswith("~$") and ".cadangan." not in f.name)
        else:
            out.append(p)
    return out


__all__ = ["HasilBerkas", "Package", "expand", "perbarui_berkas", "periksa_berkas"]
