"""xl-lkip benchmarks: whole processes, measured side by side in one run on the same files.

    python benchmarks/run.py                  # the full run recorded in benchmarks/RESULTS.md
    python benchmarks/run.py --quick          # about a minute: fewer files and repeats
    python benchmarks/run.py --only typical,memory --repeat 9 --out table.md

Default sections (the targets of the "fast where the user waits" work):
  start    what a user waits for before any work: `xl-lkip --version`, next to a bare
           `python -c pass`; the modules `xl-lkip periksa` imports and the costliest of them
  typical  `xl-lkip perbarui` on a typical workbook (25 indicators, 300 budget lines) next to a
           bare openpyxl load+save of the same file, each a whole process, interleaved;
           target ≤ 0.35×
  batch    `xl-lkip perbarui FOLDER --proses N` on 200 copies (N = 1, 2): files/s including
           start-up, CPU per file, peak memory summed over processes; target ≥ 30 files/s (N = 2)
  memory   peak resident memory of `xl-lkip perbarui` on a 100,000-row Anggaran next to
           openpyxl's load_workbook of the same file, each a whole process; target ≤ 1.0×
Optional sections (--only):
  scaling  whole-process `xl-lkip perbarui` vs openpyxl load+save at 1,000 and 10,000 rows
  button   the ribbon button through xlwings' remote engine: range calls, 10 vs 1,000 indicators
  udf      the worksheet functions over 10,000 rows (Python time per call)

Every subprocess runs with bytecode caches (as after `pip install`, which compiles them), kept
in the work folder (PYTHONPYCACHEPREFIX), after one warm-up run that writes them. Times are
medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for p in (str(ROOT), str(ROOT / "benchmarks")):
    if p not in sys.path:
        sys.path.insert(0, p)

import generate  # noqa: E402  (benchmarks/generate.py)

SECTIONS = ("start", "typical", "batch", "memory", "scaling", "button", "udf")
DEFAULT = ("start", "typical", "batch", "memory")
ROWS: list[tuple[str, str, str, str, str]] = []  # section, measurement, value, target, note
TARGETS: list[tuple[str, str, str, str]] = []  # target, measured, held?, why


def add(section: str, what: str, value: str, target: str = "", note: str = "") -> None:
    ROWS.append((section, what, value, target, note))
    print(f"  {section:8} {what:60} {value:>14}  {target} {note}", file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def mb(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.0f} MB"


def timed(fn: Callable[[], Any], repeat: int, warmup: bool = True) -> float:
    """Median seconds of `repeat` calls (after one warm-up call), in this process."""
    if warmup:
        fn()
    times = []
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


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
    from importlib.metadata import version

    versions = []
    for dist in ("openpyxl", "xlwings"):
        with contextlib.suppress(Exception):
            versions.append(f"{dist} {version(dist)}")
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{platform.system()} {platform.release()}",
        "xl-lkip": f"{version('xl-lkip')} ({commit})",
        "compared with": ", ".join(versions),
        "load average at start (1, 5, 15 min)": _load(),
    }


def _load() -> str:
    with contextlib.suppress(OSError, AttributeError):
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return "?"


# --- processes ---------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    maxrss: int  # bytes, the largest resident set of the process (or a waited-for child)
    stdout: str
    returncode: int


class Env:
    """The environment every measured process runs in: bytecode caches on, in the work folder."""

    def __init__(self, work: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        env["PYTHONPATH"] = str(ROOT)
        env.pop("NO_COLOR", None)
        self.env = env
        script = Path(sys.executable).with_name("xl-lkip")
        self.cli = [str(script)] if script.exists() else [sys.executable, "-m", "xl_lkip.cli"]

    def run(self, cmd: Sequence[str], check: bool = True) -> Run:
        """Run `cmd` to its end. Linux starts a child's peak-memory count at the parent's size
        when it forks, so this process must stay smaller than what it measures: it imports
        neither xl_lkip's pipeline nor openpyxl, and generates workbooks in subprocesses."""
        with tempfile.TemporaryFile() as err:
            t = time.perf_counter()
            proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=err, env=self.env)
            out = proc.stdout.read() if proc.stdout else b""
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t
            proc.returncode = os.waitstatus_to_exitcode(status)
            if check and proc.returncode not in (0,):
                err.seek(0)
                raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): "
                                 f"{err.read().decode(errors='replace')[-2000:]}")
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
                   out.decode(errors="replace"), proc.returncode)

    def python(self, code: str, *args: str) -> list[str]:
        return [sys.executable, "-c", code, *args]


OPENPYXL_LOAD_SAVE = ("import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); "
                      "wb.save(sys.argv[2])")
OPENPYXL_LOAD = "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1])"


def side_by_side(env: Env, commands: dict[str, list[str]], repeat: int) -> dict[str, list[Run]]:
    """Each command once to warm up, then `repeat` rounds running each once in turn, so a busy
    moment of the machine hits all of them alike."""
    for cmd in commands.values():
        env.run(cmd)
    runs: dict[str, list[Run]] = collections.defaultdict(list)
    for _ in range(max(1, repeat)):
        for name, cmd in commands.items():
            runs[name].append(env.run(cmd))
    return runs


def median(runs: list[Run], attr: str = "wall") -> float:
    return statistics.median(getattr(r, attr) for r in runs)


# --- files -------------------------------------------------------------------------------------


class Files:
    """Generated workbooks, built once per (indicators, rows) and kept in the work folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, n_ind: int, n_rows: int) -> Path:
        path = self.folder / f"lkjip_{n_ind}ik_{n_rows}baris.xlsx"
        if not path.exists():  # in a subprocess: this process stays small (see Env.run)
            t = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(path),
                            "--indikator", str(n_ind), "--anggaran", str(n_rows)], check=True,
                           stdout=subprocess.DEVNULL)
            print(f"  (generated {path.name} in {time.perf_counter() - t:.1f} s)", file=sys.stderr)
        return path

    def typical(self) -> Path:
        return self.get(generate.TYPICAL["indikator"], generate.TYPICAL["anggaran"])


def verdict(held: bool, why: str = "") -> str:
    return "held" if held else f"MISSED{': ' + why if why else ''}"


# --- sections ----------------------------------------------------------------------------------


def _import_profile(env: Env, src: Path) -> list[tuple[str, int, int]]:
    """(module, self µs, cumulative µs) of every import `xl-lkip periksa` makes."""
    code = "import sys; from xl_lkip.cli import main; main(['periksa', sys.argv[1]])"
    with tempfile.TemporaryFile() as err:
        subprocess.run([sys.executable, "-X", "importtime", "-c", code, str(src)],
                       stdout=subprocess.DEVNULL, stderr=err, env=env.env, check=False)
        err.seek(0)
        text = err.read().decode(errors="replace")
    rows = []
    for m in re.finditer(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", text):
        rows.append((m.group(4), int(m.group(1)), int(m.group(2)), len(m.group(3))))
    top = [(name, own, cum) for name, own, cum, depth in rows if depth == 1]
    return top


def bench_start(env: Env, files: Files, repeat: int) -> None:
    src = files.typical()
    runs = side_by_side(env, {"python": env.python("pass"), "version": [*env.cli, "--version"]},
                        repeat)
    add("start", "python -c pass (the interpreter alone)", ms(median(runs["python"])))
    add("start", "xl-lkip --version (start-up of the command)", ms(median(runs["version"])))
    code = ("import sys; from xl_lkip.cli import main; main(['periksa', sys.argv[1]]); "
            "print(json.dumps(sorted(sys.modules)))")
    out = env.run(env.python("import json; " + code, str(src)), check=False).stdout
    modules = json.loads(out.strip().splitlines()[-1])
    tops = sorted({m.split(".")[0] for m in modules})
    heavy = [m for m in ("rich", "numpy", "pandas", "openpyxl", "xlsxwriter", "xlwings", "email",
                         "http", "ssl", "concurrent", "multiprocessing") if m in tops]
    if "urllib.request" in modules:
        heavy.append("urllib.request")
    add("start", "modules imported by xl-lkip periksa (one file)", f"{len(modules)}",
        "nothing heavy", verdict(not heavy, "loads " + ", ".join(heavy)) if heavy else
        "held: no rich, numpy, pandas, openpyxl, urllib.request, concurrent.futures")
    TARGETS.append(("nothing heavy imported on the perbarui/periksa path",
                    f"{len(modules)} modules" + (f", including {', '.join(heavy)}" if heavy else
                                                 ", none of rich/numpy/pandas/openpyxl/"
                                                 "urllib.request/concurrent"),
                    verdict(not heavy), ""))
    top = _import_profile(env, src)
    ours = sorted(((n, c) for n, _o, c in top), key=lambda x: -x[1])[:6]
    total = sum(c for _n, _o, c in top)
    add("start", "import time of xl-lkip periksa (python -X importtime)", ms(total / 1e6), "",
        "largest: " + ", ".join(f"{n} {c / 1000:.1f} ms" for n, c in ours))


PROFILE = r"""
import cProfile, json, os, pstats, sys, sysconfig
profile = cProfile.Profile()
profile.enable()
from xl_lkip.cli import main
main(sys.argv[1:])
profile.disable()
root, stdlib = os.path.realpath(os.environ["BENCH_ROOT"]), sysconfig.get_paths()["stdlib"]


def bucket(file):
    path = os.path.realpath(file) if file and not file.startswith(("<", "~")) else file
    if path.startswith(root + os.sep):
        return os.path.relpath(path, root)[:-3].replace(os.sep, ".")
    if file.startswith("<frozen importlib"):
        return "importing modules"
    if "site-packages" in path:
        return path.split("site-packages" + os.sep, 1)[1].split(os.sep)[0]
    if path.startswith(stdlib):
        name = os.path.relpath(path, stdlib)[:-3].replace(os.sep, ".")
        return "stdlib " + name.split(".")[0]
    return path


buckets = {}
for (file, _line, fn), (_cc, _nc, own, _cum, callers) in pstats.Stats(profile).stats.items():
    if file != "~":
        key = bucket(file)
        buckets[key] = buckets.get(key, 0.0) + own
        continue
    for (cfile, _cl, _cfn), (_c, _n, tt, _ct) in callers.items():  # a built-in: to its caller
        key = bucket(cfile) if cfile != "~" else "built-in"
        buckets[key] = buckets.get(key, 0.0) + tt
print(json.dumps(buckets))
"""


def where_time_goes(env: Env, args: Sequence[str], top: int = 10) -> str:
    """The whole process's own time per xl_lkip module (built-in calls such as str.join or
    zlib counted to the module calling them), per library and for importing, from cProfile,
    which slows everything about alike: shares, not times, are the figure."""
    env_p = {**env.env, "BENCH_ROOT": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", PROFILE, *args], capture_output=True, text=True,
                         env=env_p, check=False)
    try:
        buckets: dict[str, float] = json.loads(res.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return f"profile failed: {res.stderr[-300:]}"
    total = sum(buckets.values()) or 1.0
    ranked = sorted(buckets.items(), key=lambda kv: -kv[1])[:top]
    return ", ".join(f"{k} {v / total:.0%}" for k, v in ranked)


def bench_typical(env: Env, files: Files, work: Path, repeat: int) -> None:
    src = files.typical()
    out = work / "out-typical"
    commands = {
        "perbarui": [*env.cli, "perbarui", str(src), "--keluaran", str(out)],
        "periksa": [*env.cli, "periksa", str(src)],
        "openpyxl": env.python(OPENPYXL_LOAD_SAVE, str(src), str(work / "openpyxl.xlsx")),
    }
    runs = side_by_side(env, commands, repeat)
    t_up, t_ck, t_opx = (median(runs[k]) for k in ("perbarui", "periksa", "openpyxl"))
    c_up, c_opx = median(runs["perbarui"], "cpu"), median(runs["openpyxl"], "cpu")
    size = f"{generate.TYPICAL['indikator']} IK, {generate.TYPICAL['anggaran']} baris, " \
           f"{src.stat().st_size / 1024:,.0f} KB"
    add("typical", f"xl-lkip perbarui, whole process ({size})", ms(t_up), "",
        f"CPU {ms(c_up)}; peak {mb(median(runs['perbarui'], 'maxrss'))}")
    add("typical", "xl-lkip periksa, whole process", ms(t_ck), "",
        f"CPU {ms(median(runs['periksa'], 'cpu'))}")
    add("typical", "openpyxl load_workbook + save, whole process", ms(t_opx), "",
        f"CPU {ms(c_opx)}; peak {mb(median(runs['openpyxl'], 'maxrss'))}")
    add("typical", "xl-lkip perbarui: own time by module (cProfile, whole process)", "", "",
        where_time_goes(env, ["perbarui", str(src), "--keluaran", str(out)]))
    ratio = t_up / t_opx
    held = ratio <= 0.35
    why = "" if held else f"{t_up * 1000 - 0.35 * t_opx * 1000:,.0f} ms over"
    add("typical", "ratio xl-lkip perbarui / openpyxl load+save (wall)", f"{ratio:.2f}×",
        "≤ 0.35×", verdict(held, why) + f"; CPU ratio {c_up / c_opx:.2f}×")
    TARGETS.append(("`xl-lkip perbarui` ≤ 0.35× openpyxl load+save, whole process",
                    f"{ratio:.2f}× ({ms(t_up)} vs {ms(t_opx)}, medians of {repeat})",
                    verdict(held), why))


def _tree_rss(pid: int) -> int:
    """Resident set size of a process and all its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError, KeyError):
            status = (d / "status").read_text()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            children[int(fields["PPid"].strip())].append(int(d.name))
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


@dataclass
class BatchRun:
    wall: float
    cpu: float
    peak: int  # bytes, summed over the processes
    largest: int  # bytes, the largest single process


def _batch_once(env: Env, folder: Path, out: Path, procs: int, n_files: int) -> BatchRun:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*env.cli, "perbarui", str(folder), "--keluaran", str(out), "--proses", str(procs),
           "--json"]
    peak = [0]
    done = threading.Event()
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env.env)
    sampler = threading.Thread(target=_sample_rss, args=(proc.pid, done, peak), daemon=True)
    sampler.start()
    stdout = proc.stdout.read() if proc.stdout else b""
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    done.set()
    sampler.join()
    results = json.loads(stdout)["berkas"]
    bad = [r for r in results if r["galat_berkas"] or r["galat"]]
    if os.waitstatus_to_exitcode(status) != 0 or bad or len(results) != n_files:
        raise SystemExit(f"batch failed: exit {os.waitstatus_to_exitcode(status)}, {bad[:2]}")
    cpu = usage.ru_utime + usage.ru_stime  # the command and its (reaped) workers
    return BatchRun(wall, cpu, peak[0], usage.ru_maxrss * 1024)


def bench_batch(env: Env, files: Files, work: Path, n_files: int, repeat: int) -> None:
    """Each configuration `repeat` times, interleaved; the best run is the figure (on a shared
    machine the best is the run least disturbed by others), the median is in the note."""
    src = files.typical()
    folder = work / f"batch-{n_files}"
    if not folder.exists():
        folder.mkdir()
        for i in range(n_files):
            shutil.copyfile(src, folder / f"opd_{i + 1:03d}.xlsx")
    runs: dict[int, list[BatchRun]] = {1: [], 2: []}
    for _ in range(max(1, repeat)):
        for procs in (1, 2):
            runs[procs].append(_batch_once(env, folder, work / f"batch-out-{procs}", procs,
                                           n_files))
    for procs in (1, 2):
        best = min(runs[procs], key=lambda r: r.wall)
        rate = n_files / best.wall
        rates = sorted(n_files / r.wall for r in runs[procs])
        note = (f"{best.wall:.1f} s wall incl. start; CPU {best.cpu:.1f} s = "
                f"{best.cpu / n_files * 1000:,.0f} ms per file; best of {len(rates)} runs, "
                f"median {statistics.median(rates):,.1f}/s")
        target = ""
        if procs == 2:
            held = rate >= 30
            why = "" if held else (
                f"{best.cpu / n_files * 1000:,.0f} ms of CPU per file (≤ {2000 / 30:.0f} ms "
                f"needed with both cores busy); the cores were busy "
                f"{best.cpu / (2 * best.wall):.0%} of the {best.wall:.1f} s")
            note = verdict(held, why) + "; " + note
            target = "≥ 30 files/s"
            TARGETS.append(("batch ≥ 30 typical workbooks/s with `--proses 2` (2 cores)",
                            f"{rate:,.1f} files/s ({n_files} files in {best.wall:.1f} s, CPU "
                            f"{best.cpu / n_files * 1000:,.0f} ms per file; best of "
                            f"{len(rates)}, median {statistics.median(rates):,.1f}/s)",
                            verdict(held), why))
        add("batch", f"{n_files} typical workbooks, --proses {procs}: files/s", f"{rate:,.1f}/s",
            target, note)
        add("batch", f"{n_files} typical workbooks, --proses {procs}: peak memory",
            mb(max(r.peak for r in runs[procs])), "",
            f"sum of RSS over processes; largest process "
            f"{mb(max(r.largest for r in runs[procs]))}")


def _own_peak() -> int:
    """This process's peak resident memory in bytes (the floor of a child's ru_maxrss)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def bench_memory(env: Env, files: Files, work: Path, n_rows: int) -> None:
    src = files.get(generate.TYPICAL["indikator"], n_rows)
    out = work / "out-memory"
    cli = env.run([*env.cli, "perbarui", str(src), "--keluaran", str(out), "--proses", "1"],
                  check=False)
    if cli.returncode not in (0, 1):
        raise SystemExit(f"xl-lkip perbarui on {src.name} failed ({cli.returncode})")
    check = env.run([*env.cli, "periksa", str(src), "--proses", "1"], check=False)
    opx = env.run(env.python(OPENPYXL_LOAD, str(src)))
    size = f"{n_rows:,} Anggaran rows, {src.stat().st_size / 2**20:,.1f} MB"
    add("memory", f"xl-lkip perbarui, peak RSS ({size})", mb(cli.maxrss), "",
        f"{ms(cli.wall)} wall, CPU {ms(cli.cpu)}")
    add("memory", "xl-lkip periksa (read and check, nothing written), peak RSS",
        mb(check.maxrss), "", f"{ms(check.wall)} wall; perbarui's writing adds "
                              f"{mb(max(0, cli.maxrss - check.maxrss))} to the peak")
    add("memory", "openpyxl load_workbook, peak RSS", mb(opx.maxrss), "",
        f"{ms(opx.wall)} wall, CPU {ms(opx.cpu)}")
    own = _own_peak()
    if own >= min(cli.maxrss, opx.maxrss):
        raise SystemExit(f"the benchmark process ({mb(own)}) is as large as what it measures")
    ratio = cli.maxrss / opx.maxrss
    held = ratio <= 1.0
    why = "" if held else (f"{mb(cli.maxrss - opx.maxrss)} over openpyxl's peak; reading and "
                           f"checking alone peak at {mb(check.maxrss)} "
                           f"({check.maxrss / opx.maxrss:.2f}×), writing the reports adds "
                           f"{mb(max(0, cli.maxrss - check.maxrss))}")
    add("memory", "ratio xl-lkip perbarui / openpyxl load (peak RSS)", f"{ratio:.2f}×", "≤ 1.0×",
        verdict(held, why))
    TARGETS.append((f"peak memory on a {n_rows:,}-row Anggaran ≤ 1.0× openpyxl's load",
                    f"{ratio:.2f}× ({mb(cli.maxrss)} vs {mb(opx.maxrss)})", verdict(held), why))


def bench_scaling(env: Env, files: Files, work: Path, repeat: int, sizes: list[int]) -> None:
    for n in sizes:
        src = files.get(10, n)
        runs = side_by_side(env, {
            "cli": [*env.cli, "perbarui", str(src), "--keluaran", str(work / "out-scaling")],
            "openpyxl": env.python(OPENPYXL_LOAD_SAVE, str(src), str(work / "openpyxl-s.xlsx"))},
            repeat if n < 5000 else 1)
        t, t_opx = median(runs["cli"]), median(runs["openpyxl"])
        add("scaling", f"{n:,} Anggaran rows (10 IK): xl-lkip perbarui", ms(t), "",
            f"openpyxl load+save {ms(t_opx)} ({t / t_opx:.2f}×)")


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


# --- main ---------------------------------------------------------------------------------------


def table(info: dict[str, str]) -> str:
    lines = ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in info.items()]
    lines += ["", "| Section | Measurement | Value | Target | Note |", "|---|---|---|---|---|"]
    for row in ROWS:
        lines.append("| " + " | ".join(c.replace("|", "/") for c in row) + " |")
    if TARGETS:
        lines += ["", "| Target | Measured | Result | Why (when missed) |", "|---|---|---|---|"]
        for row in TARGETS:
            lines.append("| " + " | ".join(c.replace("|", "/") for c in row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("--quick", action="store_true",
                    help="40 batch files, a 20,000-row memory file, 3 repeats")
    ap.add_argument("--repeat", type=int, help="timed runs per measurement (default 9, quick 3)")
    ap.add_argument("--batch", type=int, help="files in the batch (default 200, quick 40)")
    ap.add_argument("--rows", type=int, help="Anggaran rows of the memory file (default 100,000)")
    ap.add_argument("--only", default=",".join(DEFAULT),
                    help=f"comma-separated sections: {', '.join(SECTIONS)} "
                         f"(default: {', '.join(DEFAULT)})")
    ap.add_argument("--workdir", help="keep generated workbooks here (reused by later runs)")
    ap.add_argument("--out", help="also write the tables (Markdown) to this file")
    ns = ap.parse_args(argv)
    only = [s.strip() for s in ns.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    repeat = ns.repeat or (3 if ns.quick else 9)
    n_batch = ns.batch or (40 if ns.quick else 200)
    n_rows = ns.rows or (20_000 if ns.quick else 100_000)
    work_ctx = contextlib.nullcontext(ns.workdir) if ns.workdir else tempfile.TemporaryDirectory(
        prefix="xl-lkip-bench-")
    info = machine()
    print(f"xl-lkip benchmarks ({', '.join(only)}); {info['cpu']}, {info['nproc']} CPU",
          file=sys.stderr)
    with work_ctx as work_dir:
        work = Path(work_dir)
        work.mkdir(parents=True, exist_ok=True)
        files = Files(work)
        env = Env(work)
        if "start" in only:
            bench_start(env, files, repeat)
        if "typical" in only:
            bench_typical(env, files, work, repeat)
        if "batch" in only:
            bench_batch(env, files, work, n_batch, 1 if ns.quick else 3)
        if "memory" in only:
            bench_memory(env, files, work, n_rows)
        if "scaling" in only:
            bench_scaling(env, files, work, repeat, [1_000, 10_000])
        if "button" in only:
            bench_button(files, [10, 1_000], repeat)
        if "udf" in only:
            bench_udf(max(repeat, 5))
    info["load average at end (1, 5, 15 min)"] = _load()
    text = table(info)
    print(text)
    if ns.out:
        Path(ns.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
