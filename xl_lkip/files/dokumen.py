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

from ..core.engine import Hasil, TahunLalu, link_refused, run
from ..core.links import resolve_templat_word
from ..core.reader import LkipData, sheets_to_read
from ..core.schema import IDENTITAS_SHEET
from .package import BerkasError, Package
from .service import file_error, find_tahun_lalu
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


def templat_identitas(buku: Path | None, data: LkipData) -> tuple[Path | None, str | None]:
    """The agency's Word template named in Identitas "Templat Word" (a path typed in the
    workbook: core.links decides whether it may be followed), or (None, the line telling the
    user why it is not used; the draft then takes the default template)."""
    link = data.identitas.get("templat_word")
    if link is None or not str(link).strip():
        return None, None
    found, reason = resolve_templat_word(buku, str(link))
    if found is not None:
        return found, None
    cell = data.identitas_cells.get("templat_word")
    where = f"{IDENTITAS_SHEET}!{cell}" if cell else IDENTITAS_SHEET
    return None, f"Templat Word ({where}) tidak dipakai; draf memakai templat bawaan. {reason}"


def tulis_dokumen(hasil: Hasil, tujuan: str | Path, templat: str | Path | None = None,
                  buku: Path | None = None) -> HasilDokumen:
    """Write (or re-generate) the draft of `hasil` at `tujuan`; the CLI and the button call this.

    An existing draft is copied to a numbered backup first and then updated in place of its
    generated boxes, so the user's own paragraphs and styles survive. Without `templat` (the
    one given at the command line) a new draft takes the template named in Identitas of the
    workbook saved at `buku`, when that may be followed and opened; else the default one.
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
    dari_identitas: Path | None = None
    if existing is None and not templat and buku is not None:
        dari_identitas, why = templat_identitas(buku, hasil.data)
        if why:
            out.catatan.append(why)
    try:
        doc = open_base(existing, Path(templat) if templat else dari_identitas)
    except Exception as exc:  # python-docx: not a Word document, or a damaged one
        if dari_identitas is None:
            which = existing or templat
            raise BerkasError(f"{Path(str(which)).name} tidak dapat dibuka sebagai dokumen Word "
                              f"({type(exc).__name__}); simpan ulang sebagai .docx di Word."
                              ) from None
        out.catatan.append(f"Templat Word {dari_identitas.name} (Identitas) tidak dapat dibuka "
                           f"sebagai dokumen Word ({type(exc).__name__}); draf memakai templat "
                           "bawaan. Simpan ulang templatnya sebagai .docx di Word.")
        doc = open_base(None, None)
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


def _tahun_lalu(path: Path, explicit: str | None, data: LkipData, out: HasilDokumen) -> TahunLalu:
    """Last year's model, the way `perbarui` finds it (service.find_tahun_lalu); a link not
    followed is the engine's K13 finding and a line for the user, since the draft goes on."""
    found = find_tahun_lalu(path, explicit, data.identitas.get("berkas_tahun_lalu"))
    if isinstance(found, str):
        out.catatan.append(link_refused(data, found).pesan)
    return found


_DRAFT_HINT = ("draf tidak ditulis. Tutup dokumen itu di Word bila sedang terbuka, periksa izin "
               "folder dan ruang disk, lalu ulangi.")


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
        hasil = run(grids, path.name, lambda data: _tahun_lalu(path, tahun_lalu, data, out))
        folder = Path(keluaran) if keluaran else path.parent
        res = tulis_dokumen(hasil, folder / (path.stem + SUFFIX), templat, buku=path)
        res.berkas = str(path)
        res.catatan[:0] = out.catatan
        return res
    except Exception as exc:  # the user gets a message, the other files go on
        out.galat_berkas = file_error(path, exc, _DRAFT_HINT)
    return out


def _check_templat(templat: str | None) -> str | None:
    """Why the --templat-word file cannot be used (None when it can)."""
    if templat is None:
        return None
    p = Path(templat)
    if not p.is_file():
        return f"templat Word {templat} tidak ditemukan."
    if p.suffix.lower() not in (SUFFIX, ".dotx"):
        return (f"templat Word {p.name} bukan berkas .docx/.dotx; di Word pilih Simpan Sebagai "
                "→ Dokumen Word (.docx).")
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
        lines.append(f"  {res.n_galat} kesalahan belum diperbaiki: halaman pertama draf mendaftarnya; "
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
