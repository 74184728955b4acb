"""`xl-lkip dokumen`: the Word draft of an LKjIP workbook, next to it or in a folder.

python-docx (not a templating layer such as docxtpl) because an agency's template is then
just its own Word file — letterhead, fonts, margins — with no template language to learn,
and the tables, whose size comes from the data, are built directly. Re-generating keeps
what the user wrote outside the generated boxes, and an existing draft is never replaced
without a numbered backup.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..core.engine import Hasil, run
from ..core.errors import LkipError
from ..core.findings import PERINGATAN, Temuan
from ..core.links import resolve_tahun_lalu
from ..core.reader import LkipData, sheets_to_read
from ..core.schema import IDENTITAS_SHEET
from .package import BerkasError, Package
from .workbook import load
from .xlsx_read import read_grids

EXIT_OK, EXIT_GALAT, EXIT_BERKAS = 0, 1, 2
SUFFIX = ".docx"


@dataclass
class HasilDokumen:
    berkas: str
    dokumen: str | None = None
    cadangan: str | None = None
    n_galat: int = 0
    kurang: list[str] = field(default_factory=list)
    kosong: bool = False
    galat_berkas: str | None = None
    catatan: list[str] = field(default_factory=list)

    @property
    def kode(self) -> int:
        if self.galat_berkas:
            return EXIT_BERKAS
        return EXIT_GALAT if self.n_galat or self.kosong else EXIT_OK


def backup_path(path: Path) -> Path:
    """NAMA.cadangan-1.docx, -2, ...: the first number not yet taken."""
    n = 1
    while True:
        dest = path.with_name(f"{path.stem}.cadangan-{n}{path.suffix}")
        if not dest.exists():
            return dest
        n += 1


def tulis_dokumen(hasil: Hasil, tujuan: str | Path, templat: str | Path | None = None) -> HasilDokumen:
    """Write (or re-generate) the draft of `hasil` at `tujuan`; the CLI and the button call this.

    An existing draft is copied to a numbered backup first and then updated in place of its
    generated boxes, so the user's own paragraphs and styles survive.
    """
    from ..core.document import susun_dokumen
    from .word.render import open_base, render

    tujuan = Path(tujuan)
    out = HasilDokumen(hasil.data.sumber)
    dok = susun_dokumen(hasil)
    out.n_galat, out.kurang, out.kosong = dok.n_galat, list(dok.kurang), dok.kosong
    existing = tujuan if tujuan.exists() else None
    if existing is not None and templat:
        out.catatan.append(f"{tujuan.name} sudah ada: gaya dan teks Anda di dalamnya dipertahankan, "
                           "templat Word hanya dipakai untuk draf baru.")
    try:
        doc = open_base(existing, Path(templat) if templat else None)
    except Exception as exc:  # python-docx: not a Word document, or a damaged one
        which = existing or templat
        raise BerkasError(f"{Path(str(which)).name} tidak dapat dibuka sebagai dokumen Word "
                          f"({type(exc).__name__}); simpan ulang sebagai .docx di Word.") from None
    render(doc, dok)
    if existing is not None:
        dest = backup_path(tujuan)
        dest.write_bytes(tujuan.read_bytes())
        out.cadangan = str(dest)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~xl-lkip-", suffix=SUFFIX, dir=tujuan.parent)
    os.close(fd)
    try:
        doc.save(tmp)
        os.replace(tmp, tujuan)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    out.dokumen = str(tujuan)
    return out


def _tahun_lalu(path: Path, explicit: str | None, data: LkipData) -> LkipData | None:
    """Last year's model, by the same rules as `perbarui`: an explicit path from the command
    line, else the workbook's own link when links.resolve_tahun_lalu allows it."""
    if explicit:
        candidate = Path(explicit)
        if not candidate.is_file():
            raise BerkasError(f"berkas tahun lalu {candidate} tidak ditemukan; periksa opsi "
                              "--tahun-lalu.")
        return load(candidate)
    link = data.identitas.get("berkas_tahun_lalu")
    if not link:
        return None
    found, reason = resolve_tahun_lalu(path, str(link))
    if found is None:
        if reason:
            cell = data.identitas_cells.get("berkas_tahun_lalu", "")
            data.temuan.append(Temuan("K13", PERINGATAN, IDENTITAS_SHEET, cell, reason))
        return None
    return load(found)


def buat_dokumen(path: str | Path, keluaran: str | Path | None = None,
                 templat: str | Path | None = None, tahun_lalu: str | None = None) -> HasilDokumen:
    """Read and check one workbook and write its draft as NAMA.docx (beside it or in `keluaran`);
    every failure becomes a message naming the file."""
    path = Path(path)
    out = HasilDokumen(str(path))
    try:
        with Package(path) as pkg:
            if not any(pkg.sheet(name) is not None for name in sheets_to_read()):
                raise BerkasError(f"bukan buku kerja LKjIP (tidak ada lembar "
                                  f"{', '.join(sheets_to_read())}); draf tidak dibuat.")
            grids = read_grids(pkg, sheets_to_read())
        hasil = run(grids, path.name, lambda data: _tahun_lalu(path, tahun_lalu, data))
        folder = Path(keluaran) if keluaran else path.parent
        res = tulis_dokumen(hasil, folder / (path.stem + SUFFIX), templat)
        res.berkas = str(path)
        return res
    except LkipError as exc:
        msg = exc.pesan
        out.galat_berkas = msg if msg.startswith((path.name, str(path))) else f"{path.name}: {msg}"
    except MemoryError:
        out.galat_berkas = f"{path.name}: berkas terlalu besar untuk diproses di komputer ini."
    except OSError as exc:
        out.galat_berkas = (f"{path.name}: draf tidak dapat ditulis ({exc.strerror or exc}). "
                            "Tutup dokumen itu di Word bila sedang terbuka, periksa izin folder, "
                            "lalu ulangi.")
    except Exception as exc:  # the user gets a message, the other files go on
        out.galat_berkas = (f"{path.name}: kesalahan tak terduga ({type(exc).__name__}: {exc}). "
                            "Laporkan ke pengembang xl-lkip bersama berkasnya.")
    return out


def _check_templat(templat: str | None) -> str | None:
    """Why the --templat-word file cannot be used (None when it can)."""
    if templat is None:
        return None
    p = Path(templat)
    if not p.is_file():
        return f"templat Word {templat} tidak ditemukan."
    if p.suffix.lower() != SUFFIX:
        return (f"templat Word {p.name} bukan berkas .docx; di Word pilih Simpan Sebagai → "
                "Dokumen Word (.docx).")
    return None


def jalankan(berkas: list[str], keluaran: str | None, templat: str | None, tahun_lalu: str | None,
             out: TextIO, err: TextIO) -> int:
    """The `dokumen` subcommand: 0 all drafts written from clean workbooks, 1 a draft written
    from a workbook with galat (or with nothing to report), 2 a file not read or written."""
    from .service import expand

    files = expand(berkas)
    if not files:
        print("Tidak ada buku kerja .xlsx/.xlsm yang ditemukan.", file=err)
        return EXIT_BERKAS
    why = _check_templat(templat)
    if why:
        print(f"Draf tidak dibuat: {why}", file=err)
        return EXIT_BERKAS
    worst = EXIT_OK
    for f in files:
        res = buat_dokumen(f, keluaran, templat, tahun_lalu)
        worst = max(worst, res.kode)
        _print(res, out, err)
    return worst


def ringkasan(res: HasilDokumen) -> list[str]:
    """What to tell the user about one draft, line by line (the CLI prints it; a button can
    show it in its message box)."""
    name = Path(res.berkas).name
    if res.galat_berkas:
        return [f"GAGAL {res.galat_berkas}"]
    line = f"{name}: draf ditulis ke {res.dokumen}"
    if res.cadangan:
        line += f" (draf lama disalin ke {Path(res.cadangan).name})"
    lines = [line, *(f"  {note}" for note in res.catatan)]
    if res.n_galat:
        lines.append(f"  {res.n_galat} galat belum diperbaiki: halaman pertama draf mendaftarnya; "
                     "perbaiki buku kerja lalu buat ulang draf.")
    if res.kosong:
        lines.append("  Draf tidak berisi data: buku kerja belum memuat indikator maupun anggaran.")
    if res.kurang:
        lines.append(f"  Belum diisi ({len(res.kurang)}):")
        lines += [f"  - {item}" for item in res.kurang]
    return lines


def _print(res: HasilDokumen, out: TextIO, err: TextIO) -> None:
    for line in ringkasan(res):
        print(line, file=err if res.galat_berkas else out)


__all__ = ["HasilDokumen", "buat_dokumen", "jalankan", "ringkasan", "tulis_dokumen"]
