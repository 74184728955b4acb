"""xl-lkip benchmarks: one run, one table of figures, measured side by side on the same files.

    python benchmarks/run.py                  # the full run recorded in benchmarks/RESULTS.md
    python benchmarks/run.py --quick          # about a minute: fewer files, sizes and repeats
    python benchmarks/run.py --only udf,button --repeat 3 --out table.md

Sections (issue 6):
  typical  regenerate+check of a typical workbook through the CLI path next to a bare openpyxl
           load+save (the floor of any openpyxl tool) and a python-calamine read (the I/O floor)
  batch    `xl-lkip perbarui FOLDER --proses N` on 200 copies: files/s and peak memory, N = 1, 2
  scaling  100 / 1,000 / 10,000 Anggaran rows and 10 / 100 / 1,000 indicators: time per size,
           ratio to the previous size and growth exponent (1 = linear, 2 = quadratic)
  button   the ribbon button through xlwings' remote engine: range calls for 10 vs 1,000 indicators
  udf      the vectorized worksheet functions over 10,000 rows (Python time per call)

Times are medians of --repeat runs, after one warm-up run, in one process (batch: subprocesses).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for p in (str(ROOT), str(ROOT / "benchmarks")):
    if p not in sys.path:
        sys.path.insert(0, p)

import generate  # noqa: E402  (benchmarks/generate.py)

SECTIONS = ("typical", "batch", "scaling", "button", "udf")
ROWS: list[tuple[str, str, str, str, str]] = []  # section, measurement, value, target, note


def add(section: str, what: str, value: str, target: str = "", note: str = "") -> None:
    ROWS.append((section, what, value, target, note))
    print(f"  {section:8} {what:55} {value:>14}  {target} {note}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any], repeat: int, warmup: bool = True) -> float:
    """Median seconds of `repeat` calls (after one warm-up call)."""
    if warmup:
        fn()
    times = []
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.2f} s"


def machine() -> dict[str, str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = "?"
    with contextlib.suppress(Exception):
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10).stdout.strip() or "?"
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "xl_lkip"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        if dirty:
            commit += " + uncommitted changes in xl_lkip/"
    import xl_lkip

    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{platform.system()} {platform.release()}",
        "xl-lkip": f"{xl_lkip.__version__} ({commit})",
    }


# --- files -----------------------------------------------------------------------------------


class Files:
    """Generated workbooks, built once per (indicators, rows) and kept in the work folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[tuple[int, int], Path] = {}

    def get(self, n_ind: int, n_rows: int) -> Path:
        key = (n_ind, n_rows)
        if key not in self.built:
            path = self.folder / f"lkjip_{n_ind}ik_{n_rows}baris.xlsx"
            if not path.exists():
                t = time.perf_counter()
                generate.build(path, n_ind, n_rows)
                print(f"  (generated {path.name} in {time.perf_counter() - t:.1f} s)", file=sys.stderr)
            self.built[key] = path
        return self.built[key]


def cli_once(src: Path, out: Path) -> None:
    from xl_lkip.files.service import perbarui_berkas

    res = perbarui_berkas(src, keluaran=out)
    if res.galat_berkas or res.n_galat:
        raise SystemExit(f"benchmark workbook {src.name} is not clean: {res.galat_berkas} "
                         f"{[str(t) for t in res.temuan[:5]]}")


def openpyxl_once(src: Path, dst: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(src)
    wb.save(dst)


def calamine_once(src: Path) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(src))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()


def phases(src: Path, out: Path) -> dict[str, float]:
    """Seconds of the CLI path's three steps: read the package, run the engine, write."""
    from xl_lkip.core.engine import run
    from xl_lkip.files.workbook import load_grids
    from xl_lkip.files.xlsx_write import write_reports

    t0 = time.perf_counter()
    grids = load_grids(src)
    t1 = time.perf_counter()
    hasil = run(grids, src.name)
    t2 = time.perf_counter()
    write_reports(src, out / src.name, hasil.layouts)
    t3 = time.perf_counter()
    return {"baca": t1 - t0, "mesin": t2 - t1, "tulis": t3 - t2}


# --- sections ---------------------------------------------------------------------------------


def bench_typical(files: Files, work: Path, repeat: int) -> None:
    n_ind, n_rows = generate.TYPICAL["indikator"], generate.TYPICAL["anggaran"]
    src = files.get(n_ind, n_rows)
    size = f"{n_ind} IK, {n_rows} baris"
    out = work / "out-typical"
    runs: dict[str, list[float]] = collections.defaultdict(list)
    steps = {"cli": lambda: cli_once(src, out),
             "openpyxl": lambda: openpyxl_once(src, work / "openpyxl.xlsx"),
             "calamine": lambda: calamine_once(src)}
    for fn in steps.values():  # warm-up
        fn()
    for _ in range(max(1, repeat)):  # interleaved, so a busy moment hits all three alike
        for name, fn in steps.items():
            t = time.perf_counter()
            fn()
            runs[name].append(time.perf_counter() - t)
    t_cli, t_opx, t_cal = (statistics.median(runs[k]) for k in ("cli", "openpyxl", "calamine"))
    ph = {k: statistics.median(v) for k, v in _phase_runs(src, out, repeat).items()}
    kb = src.stat().st_size / 1024
    add("typical", f"xl-lkip perbarui (regenerate+check), {size}", ms(t_cli), "",
        f"{kb:,.0f} KB; read {ms(ph['baca'])}, engine {ms(ph['mesin'])}, write {ms(ph['tulis'])}")
    add("typical", "openpyxl load_workbook + save (floor)", ms(t_opx))
    add("typical", "python-calamine read of every sheet (I/O floor)", ms(t_cal))
    ratio = t_cli / t_opx
    add("typical", "ratio xl-lkip / openpyxl load+save", f"{ratio:.2f}×", "≤ 0.50×",
        "met" if ratio <= 0.5 else f"MISSED: {ratio / 0.5 - 1:.0%} over")
    add("typical", "ratio xl-lkip / calamine read", f"{t_cli / t_cal:.1f}×", "",
        "calamine only reads values; xl-lkip also checks and writes")


def _phase_runs(src: Path, out: Path, repeat: int) -> dict[str, list[float]]:
    runs: dict[str, list[float]] = collections.defaultdict(list)
    phases(src, out)
    for _ in range(max(1, repeat)):
        for k, v in phases(src, out).items():
            runs[k].append(v)
    return runs


def _tree_rss(pid: int) -> int:
    """Resident set size of a process and all its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            status = (d / "status").read_text()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            ppid = int(fields["PPid"].strip())
            children[ppid].append(int(d.name))
            rss[int(d.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def _sample_rss(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], _tree_rss(pid))
        done.wait(0.05)


def bench_batch(files: Files, work: Path, n_files: int) -> None:
    src = files.get(generate.TYPICAL["indikator"], generate.TYPICAL["anggaran"])
    folder = work / f"batch-{n_files}"
    if not folder.exists():
        folder.mkdir()
        for i in range(n_files):
            shutil.copyfile(src, folder / f"opd_{i + 1:03d}.xlsx")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xl_lkip.cli", "--version"], env=env, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-c", "import xl_lkip.files.service"], env=env, check=True)
    startup = time.perf_counter() - t
    add("batch", "process start + imports (paid once per process)", ms(startup))
    for procs in (1, 2):
        out = work / f"batch-out-{procs}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [sys.executable, "-m", "xl_lkip.cli", "perbarui", str(folder), "--keluaran", str(out),
               "--proses", str(procs), "--json"]
        peak = [0]
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        done = threading.Event()

        sampler = threading.Thread(target=_sample_rss, args=(proc.pid, done, peak), daemon=True)
        sampler.start()
        stdout = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        results = json.loads(stdout)["berkas"]
        bad = [r for r in results if r["galat_berkas"] or r["galat"]]
        if proc.returncode != 0 or bad or len(results) != n_files:
            raise SystemExit(f"batch failed: exit {proc.returncode}, {bad[:2]}")
        rate = n_files / wall
        target, note = ("≥ 20 files/s", "met" if rate >= 20 else f"MISSED: {rate / 20:.0%} of it") \
            if procs == 2 else ("", "")
        if procs == 2 and rate < 20:
            note += f" ({wall / n_files * 2 * 1000:,.0f} ms per file per core; 100 needed)"
        cpu = usage.ru_utime + usage.ru_stime  # the command and its (reaped) workers
        add("batch", f"{n_files} typical workbooks, --proses {procs}: files/s", f"{rate:,.1f}/s",
            target, f"{note}{'; ' if note else ''}{wall:.1f} s wall incl. start; "
                    f"CPU {cpu:.1f} s = {cpu / n_files * 1000:,.0f} ms per file")
        add("batch", f"{n_files} typical workbooks, --proses {procs}: peak memory",
            f"{peak[0] / 2**20:,.0f} MB", "",
            f"sum of RSS over processes; largest process {usage.ru_maxrss / 1024:,.0f} MB")


def bench_scaling(files: Files, work: Path, repeat: int, rows: list[int], inds: list[int],
                  fixed_rows: int = 100, fixed_ind: int = 10) -> None:
    out = work / "out-scaling"
    measured: dict[Path, tuple[float, str]] = {}
    for label, sizes, make in (
            ("Anggaran rows", rows, lambda n: files.get(fixed_ind, n)),
            ("indicators", inds, lambda n: files.get(n, fixed_rows))):
        prev: tuple[int, float] | None = None
        for n in sizes:
            src = make(n)
            if src not in measured:
                reps = repeat if n < 5000 else max(1, min(repeat, 2))
                t = timed(lambda src=src: cli_once(src, out), reps)
                ph = {k: statistics.median(v) for k, v in _phase_runs(src, out, 1).items()}
                t_opx = timed(lambda src=src: openpyxl_once(src, work / "openpyxl-s.xlsx"), 1,
                              warmup=False)
                measured[src] = (t, f"read {ms(ph['baca'])}, engine {ms(ph['mesin'])}, write "
                                    f"{ms(ph['tulis'])}; openpyxl load+save {ms(t_opx)} "
                                    f"({t / t_opx:.2f}×)")
            t, note = measured[src]
            add("scaling", f"{n:,} {label} ({'10 IK' if label[0] == 'A' else '100 rows'})",
                ms(t), "", note)
            if prev is not None:
                k = math.log(t / prev[1]) / math.log(n / prev[0])
                add("scaling", f"  {prev[0]:,} → {n:,} {label}: time ratio / exponent",
                    f"{t / prev[1]:.1f}× / {k:.2f}", "linear (≈ 1)",
                    "linear" if k < 1.25 else ("slightly superlinear" if k < 1.5 else "SUPERLINEAR"))
            prev = (n, t)


def bench_button(files: Files, inds: list[int], repeat: int) -> None:
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    try:
        import xl_lkip
        from tests.remote_payload import close, formulas_like_windows, open_book, payload_from_xlsx
    except ImportError as exc:
        add("button", "remote engine", "n/a", "", f"button not available: {exc}")
        return
    counts = {}
    for n in inds:
        payload = payload_from_xlsx(files.get(n, 100))
        actions: list[dict[str, Any]] = []

        def press(payload: dict[str, Any] = payload, actions: list = actions) -> None:
            book = open_book(payload)
            try:
                with formulas_like_windows():
                    xl_lkip.main()
                actions[:] = book.json()["actions"]
            finally:
                close(book)

        t = timed(press, repeat)
        alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
        ranged = [a for a in actions if a.get("start_row") is not None]
        writes = [a for a in actions if a["func"] in ("setValues", "setFormula", "setFormulaArray")]
        counts[n] = (len(actions), len(ranged), len(writes))
        add("button", f"{n:,} indicators: actions (range calls) / value writes",
            f"{len(actions)} ({len(ranged)}) / {len(writes)}", "",
            f"Python time {ms(t)}; alert: {alerts[0].splitlines()[0] if alerts else '-'}")
    if len(counts) >= 2:
        a, b = counts[inds[0]], counts[inds[-1]]
        add("button", f"range calls {inds[0]:,} vs {inds[-1]:,} indicators",
            f"{a[1]} vs {b[1]}", "constant", "met" if a == b else "MISSED: calls grow with size")


def bench_udf(repeat: int, n: int = 10_000) -> None:
    import random

    from xl_lkip.core.arithmetic import capaian_kolom, efisiensi_kolom, serapan_kolom
    from xl_lkip.excel import udfs

    rng = random.Random(6)
    target = [round(rng.uniform(50, 100), 2) for _ in range(n)]
    real = [round(t * rng.uniform(0.8, 1.2), 2) for t in target]
    pol = ["negatif" if rng.random() < 0.15 else "positif" for _ in range(n)]
    pagu = [float(rng.randrange(5_000, 2_500_000) * 1000) for _ in range(n)]
    spent = [round(p * rng.uniform(0.7, 1.0)) for p in pagu]
    mixed = [f"{v:.2f}".replace(".", ",") if i % 10 == 0 else v for i, v in enumerate(real)]
    texts = [f"{int(p):,}".replace(",", ".") + ",00" for p in pagu]

    def col(values: list[Any]) -> list[list[Any]]:
        return [[v] for v in values]  # what xlwings passes for ndim=2 columns

    t2, r2, p2, g2, s2 = col(target), col(real), col(pol), col(pagu), col(spent)
    cap = col(capaian_kolom(target, real, pol))
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("core capaian_kolom (numbers, mixed polaritas)", lambda: capaian_kolom(target, real, pol)),
        ("core serapan_kolom", lambda: serapan_kolom(pagu, spent)),
        ("core efisiensi_kolom", lambda: efisiensi_kolom(pagu, spent)),
        ("UDF =CAPAIAN(col, col, col)", lambda: udfs.CAPAIAN(t2, r2, p2)),
        ("UDF =CAPAIAN with 10 % text numbers ('85,50')", lambda: udfs.CAPAIAN(t2, col(mixed), p2)),
        ("UDF =KATEGORI(col, \"110-90-60\")", lambda: udfs.KATEGORI(cap, "110-90-60")),
        ("UDF =SERAPAN(col, col)", lambda: udfs.SERAPAN(g2, s2)),
        ("UDF =EFISIENSI(col, col)", lambda: udfs.EFISIENSI(g2, s2)),
        ("UDF =ANGKA(text col '1.234.567,00')", lambda: udfs.ANGKA(col(texts))),
    ]
    for what, fn in cases:
        t = timed(fn, repeat)
        udf = what.startswith("UDF")
        add("udf", f"{n:,} rows: {what}", ms(t), "≤ 20 ms" if udf else "",
            ("met" if t <= 0.020 else f"MISSED: {t / 0.020:.1f}× the target") if udf else "")


def calibrate() -> None:
    """A fixed pure-Python loop: how fast this machine runs Python, to read the times against."""

    def loop() -> int:
        x = 0
        for i in range(1_000_000):
            x += i
        return x

    t = timed(loop, 5)
    add("machine", "calibration: pure-Python loop of 1,000,000 additions", ms(t), "",
        "roughly 30-50 ms on a current laptop; the times below scale with it")


# --- main -------------------------------------------------------------------------------------


def table(info: dict[str, str]) -> str:
    head = ", ".join(f"{k}: {v}" for k, v in info.items())
    lines = [f"Machine: {head}", "",
             "| Section | Measurement | Value | Target | Note |", "|---|---|---|---|---|"]
    for row in ROWS:
        lines.append("| " + " | ".join(c.replace("|", "/") for c in row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("--quick", action="store_true",
                    help="40 batch files, sizes up to 1,000, 1 repeat: about a minute")
    ap.add_argument("--repeat", type=int, help="timed runs per measurement (default 5, quick 1)")
    ap.add_argument("--batch", type=int, help="files in the batch (default 200, quick 40)")
    ap.add_argument("--only", default=",".join(SECTIONS),
                    help=f"comma-separated sections: {', '.join(SECTIONS)}")
    ap.add_argument("--workdir", help="keep generated workbooks here (reused by later runs)")
    ap.add_argument("--out", help="also write the table (Markdown) to this file")
    ns = ap.parse_args(argv)
    only = [s.strip() for s in ns.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    repeat = ns.repeat or (1 if ns.quick else 5)
    n_batch = ns.batch or (40 if ns.quick else 200)
    rows = [100, 1_000] if ns.quick else [100, 1_000, 10_000]
    inds = [10, 100] if ns.quick else [10, 100, 1_000]
    work_ctx = contextlib.nullcontext(ns.workdir) if ns.workdir else tempfile.TemporaryDirectory(
        prefix="xl-lkip-bench-")
    info = machine()
    print(f"xl-lkip benchmarks ({', '.join(only)}); {info['cpu']}, {info['nproc']} CPU",
          file=sys.stderr)
    with work_ctx as work_dir:
        work = Path(work_dir)
        work.mkdir(parents=True, exist_ok=True)
        files = Files(work)
        calibrate()
        if "typical" in only:
            bench_typical(files, work, repeat)
        if "batch" in only:
            bench_batch(files, work, n_batch)
        if "scaling" in only:
            bench_scaling(files, work, repeat, rows, inds)
        if "button" in only:
            bench_button(files, [inds[0], inds[-1]], repeat)
        if "udf" in only:
            bench_udf(max(repeat, 5))
    text = table(info)
    print(text)
    if ns.out:
        Path(ns.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
