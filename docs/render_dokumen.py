"""Render the BAB III A page of the Boyolali example's Word draft to docs/dokumen-bab3a.png.

Run from the repository root: python docs/render_dokumen.py
Needs LibreOffice (soffice) and poppler (pdftotext, pdftoppm); fonts-liberation gives Arial's
metrics, as Word would lay the page out.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xl_lkip.files.dokumen import buat_dokumen  # noqa: E402

WORKBOOK = ROOT / "workbooks" / "boyolali-2020.xlsx"
TARGET = ROOT / "docs" / "dokumen-bab3a.png"
MARK = "sehingga capaian"  # the first page of BAB III A with the per-indicator sentences


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        print("butuh LibreOffice (soffice) dan poppler-utils (pdftoppm)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        res = buat_dokumen(WORKBOOK, out)
        if res.dokumen is None:
            print(res.galat_berkas, file=sys.stderr)
            return 2
        subprocess.run([soffice, f"-env:UserInstallation=file://{out / 'profil'}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), res.dokumen],
                       check=True, capture_output=True, timeout=300)
        pdf = out / (Path(res.dokumen).stem + ".pdf")
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout.split("\f")
        page = next(i for i, text in enumerate(pages, start=1) if MARK in text)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l",
                        str(page), str(pdf), str(out / "halaman")], check=True)
        shutil.copy(out / "halaman.png", TARGET)
    print(f"{TARGET.relative_to(ROOT)} (halaman {page})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
