"""Build workbooks/templat-lkjip.xlsx and every example in workbooks/data/ (python workbooks/build.py)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "templat-lkjip.xlsx"


def build_all(out_dir: Path = HERE) -> list[Path]:
    from xl_lkip.files.examples import build_example
    from xl_lkip.files.template import build_template

    out_dir.mkdir(parents=True, exist_ok=True)
    built = [build_template(out_dir / TEMPLATE.name)]
    for folder in sorted((HERE / "data").iterdir()):
        if (folder / "identitas.csv").exists():
            built.append(build_example(folder, out_dir / f"{folder.name}.xlsx"))
    return built


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    for p in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(p)
