"""Render every report sheet of an example workbook to docs/*.png, from the real output.

    python docs/render.py [WORKBOOK] [OUT_DIR]

Regenerates the workbook (default workbooks/boyolali-2020.xlsx) with the same code path as
`xl-lkip perbarui`, prints it to PDF with LibreOffice (headless) and turns each page of each
report sheet into a PNG with pdftoppm (poppler-utils), so a reviewer sees every table and
chart without running anything. Pages are matched to sheets by the footer each report page
prints (the sheet name on the left, "Halaman P dari N" on the right).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
_FOOTER = re.compile(r"^\s*(?P<sheet>\S.*?)\s{2,}(?:.*\s{2,})?Halaman \d+ dari \d+\s*$")


def _pages_by_sheet(pdf: Path) -> dict[str, list[int]]:
    """Sheet name -> its page numbers, read from each page's footer."""
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    out: dict[str, list[int]] = {}
    for page in range(1, n + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        for line in reversed([x for x in text.splitlines() if x.strip()]):
            m = _FOOTER.match(line)
            if m:
                out.setdefault(m.group("sheet").strip(), []).append(page)
                break
    return out


def render(workbook: Path, out_dir: Path, dpi: int = 80) -> list[Path]:
    """Regenerate `workbook` into a temporary folder, print it, write one PNG per report page."""
    from xl_lkip.core import schema
    from xl_lkip.files.service import perbarui_berkas

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        raise SystemExit("perlu LibreOffice (soffice) dan poppler-utils (pdftoppm)")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="xl-lkip-render-") as tmp:
        hasil = perbarui_berkas(workbook, keluaran=tmp)
        if hasil.galat_berkas:
            raise SystemExit(hasil.galat_berkas)
        regenerated = Path(hasil.keluaran)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", tmp, str(regenerated)],
                       capture_output=True, check=True, timeout=300)
        pdf = Path(tmp) / (regenerated.stem + ".pdf")
        pages = {k.casefold(): v for k, v in _pages_by_sheet(pdf).items()}
        stem = workbook.stem.split("-")[0]
        for old in out_dir.glob(f"laporan-{stem}-*.png"):
            old.unlink()
        for report in schema.REPORTS:
            for k, page in enumerate(pages.get(report.sheet.casefold(), []), start=1):
                suffix = "" if k == 1 else f"-{k}"
                target = out_dir / f"laporan-{stem}-{report.key.replace('_', '-')}{suffix}"
                subprocess.run(["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", str(page),
                                "-l", str(page), str(pdf), str(target)], check=True)
                written.append(target.with_suffix(".png"))
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    book = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "workbooks" / "boyolali-2020.xlsx"
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE
    for p in render(book, folder):
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
