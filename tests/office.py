"""LibreOffice headless for tests: open, recalculate and convert what the project writes.

Each call gets its own user profile, so tests (and parallel runs) never share a locked profile.
Tests that need it are skipped, with the reason, on a machine without LibreOffice; .ci/run
installs it so CI never skips them.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

needs_office = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) tidak terpasang: apt-get install libreoffice-calc"
)


def convert(path: str | Path, to: str, outdir: str | Path, timeout: float = 180) -> Path:
    """Convert `path` with LibreOffice (`to` as for --convert-to, e.g. "pdf", "xlsx", "csv").

    Raises AssertionError with LibreOffice's output when nothing was written.
    """
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    path = Path(path)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        proc = subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--nolockcheck", "--convert-to", to, "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=timeout,
        )
    ext = to.split(":", 1)[0]
    out = outdir / f"{path.stem}.{ext}"
    assert out.exists() and out.stat().st_size > 0, (
        f"LibreOffice could not convert {path.name} to {to}: rc={proc.returncode}\n"
        f"{proc.stdout}\n{proc.stderr}"
    )
    return out


def recalculated_xlsx(path: str | Path, outdir: str | Path) -> Path:
    """Open in LibreOffice, recalculate every formula, save as xlsx (cached values filled)."""
    outdir = Path(outdir) / "recalc"
    return convert(path, "xlsx:Calc MS Excel 2007 XML", outdir)
