"""How fast the worksheet functions answer, as Excel calls them (benchmarks, not tests).

A formula filled down a column calls its function once per row with single cells, so the
one-cell path must be cheap (target: CAPAIAN ≤ 20 µs of Python per call); a formula over a
whole column calls it once with 10,000 rows (target ≤ 10 ms). Arguments are shaped as xlwings
passes them (ndim=2: a cell is [[x]], a column is [[x], [y], ...]).

    python benchmarks/udf_speed.py            # median of 7 runs each
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CELL_TARGET_US = 20.0
COLUMN_TARGET_MS = 10.0
N = 10_000


def per_call(fn: Callable[[], Any], number: int, repeat: int = 7) -> float:
    """Median seconds per call over `repeat` runs of `number` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


def numpy_loaded_by_one_cell() -> bool:
    """Whether one-cell calls import numpy (they must not: xlwings may not have loaded it)."""
    code = ("import sys; from xl_lkip.core.arithmetic import capaian, serapan; "
            "capaian(80, 85, 'negatif'); serapan(100, 90); print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return out.stdout.strip() == "True"


def main() -> int:
    from xl_lkip.core.arithmetic import capaian_kolom
    from xl_lkip.excel import udfs

    rng = random.Random(6)
    target = [round(rng.uniform(50, 100), 2) for _ in range(N)]
    real = [round(x * rng.uniform(0.8, 1.2), 2) for x in target]
    pol = ["negatif" if rng.random() < 0.15 else "positif" for _ in range(N)]
    pagu = [float(rng.randrange(5_000, 2_500_000) * 1000) for _ in range(N)]
    spent = [round(x * rng.uniform(0.7, 1.0)) for x in pagu]
    texts = [f"{int(x):,}".replace(",", ".") + ",00" for x in pagu]

    def col(values: list[Any]) -> list[list[Any]]:
        return [[v] for v in values]

    t, r, p, g, s = col(target), col(real), col(pol), col(pagu), col(spent)
    cap = col(capaian_kolom(target, real, pol))
    teks = col(texts)
    rows: list[tuple[str, float, str, bool]] = []
    cells = {
        "CAPAIAN (angka)": lambda: udfs.CAPAIAN([[80.0]], [[85.0]]),
        "CAPAIAN (negatif, teks)": lambda: udfs.CAPAIAN([["80"]], [["72,5"]], [["negatif"]]),
        "CAPAIAN_ALASAN (kosong)": lambda: udfs.CAPAIAN_ALASAN([[80.0]], [[None]]),
        "KATEGORI": lambda: udfs.KATEGORI([[85.0]], "110-90-60"),
        "SERAPAN": lambda: udfs.SERAPAN([[1_000_000.0]], [[950_000.0]]),
    }
    udfs.CAPAIAN([[80.0]], [[85.0]])  # warm-up
    for name, fn in cells.items():
        us = per_call(fn, 20_000) * 1e6
        held = us <= CELL_TARGET_US if name.startswith("CAPAIAN") else True
        rows.append((f"1 sel: {name}", us, "µs", held))
    columns = {
        "CAPAIAN": lambda: udfs.CAPAIAN(t, r, p),
        "KATEGORI": lambda: udfs.KATEGORI(cap, "110-90-60"),
        "SERAPAN": lambda: udfs.SERAPAN(g, s),
        "EFISIENSI": lambda: udfs.EFISIENSI(g, s),
        "ANGKA": lambda: udfs.ANGKA(teks),
    }
    for name, fn in columns.items():
        ms = per_call(fn, 3) * 1e3
        rows.append((f"kolom {N:,} baris: {name}", ms, "ms", ms <= COLUMN_TARGET_MS))
    print("| Panggilan | Waktu Python | Target | |\n|---|---|---|---|")
    for name, value, unit, held in rows:
        target_text = f"≤ {CELL_TARGET_US:g} µs" if unit == "µs" else f"≤ {COLUMN_TARGET_MS:g} ms"
        print(f"| {name} | {value:.2f} {unit} | {target_text} | {'held' if held else 'missed'} |")
    lazy = not numpy_loaded_by_one_cell()
    print(f"\nOne-cell path imports numpy: {'no' if lazy else 'yes'}")
    return 0 if lazy and all(h for *_x, h in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
