"""The `xl-lkip` command: regenerate and check one or a thousand workbooks, without Excel."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__

EXIT_OK, EXIT_GALAT, EXIT_BERKAS = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own messages are English
        self.print_usage(sys.stderr)
        self.exit(EXIT_BERKAS, f"{self.prog}: perintah tidak lengkap atau salah: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="xl-lkip",
        description="Kalkulator LKjIP/LAKIP: perbarui tabel laporan dan periksa konsistensi "
                    "buku kerja LKjIP.",
        epilog="Kode keluar: 0 = tidak ada galat, 1 = ada galat, 2 = ada berkas yang tidak dapat "
               "dibaca atau ditulis.",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    p.add_argument("--version", action="version", version=f"xl-lkip {__version__}",
                   help="tampilkan versi lalu keluar")
    sub = p.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=_Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("berkas", nargs="+", metavar="BERKAS",
                        help="buku kerja .xlsx/.xlsm, atau folder berisi buku kerja")
        sp.add_argument("--tahun-lalu", metavar="BERKAS",
                        help="buku kerja tahun lalu untuk memeriksa realisasi N-1")
        sp.add_argument("--json", action="store_true", help="hasil dalam JSON (untuk mesin)")
        sp.add_argument("--proses", type=int, default=0, metavar="N",
                        help="jumlah proses paralel (bawaan: jumlah inti CPU)")

    pb = sub.add_parser("perbarui", add_help=True,
                        help="perbarui semua lembar laporan dan lembar Pemeriksaan",
                        description="Perbarui lembar laporan (Tabel ...) dan Pemeriksaan. Lembar "
                                    "isian tidak diubah. Tanpa --keluaran, berkas diperbarui di "
                                    "tempat setelah membuat salinan NAMA.cadangan.xlsx.")
    common(pb)
    pb.add_argument("--keluaran", metavar="FOLDER",
                    help="tulis hasil ke folder ini; berkas asli tidak diubah")
    pb.add_argument("--tanpa-cadangan", action="store_true",
                    help="jangan membuat salinan cadangan saat memperbarui di tempat")
    pp = sub.add_parser("periksa", help="periksa konsistensi tanpa menulis apa pun",
                        description="Periksa konsistensi buku kerja tanpa mengubahnya.")
    common(pp)
    pt = sub.add_parser("templat", help="tulis templat LKjIP kosong",
                        description="Tulis templat LKjIP kosong ke BERKAS.")
    pt.add_argument("tujuan", metavar="BERKAS", help="jalur berkas templat baru (.xlsx)")
    pa = sub.add_parser("addin", help="pasang atau periksa add-in Excel",
                        description="Pasang add-in xl-lkip di Excel (Windows/macOS) atau lihat "
                                    "statusnya.")
    pa.add_argument("aksi", choices=["install", "status"], metavar="AKSI",
                    help="install (pasang) atau status")
    return p


def _work(args: tuple[str, str, dict]) -> dict:
    from .files.service import perbarui_berkas, periksa_berkas

    mode, path, opts = args
    if mode == "perbarui":
        return perbarui_berkas(path, opts.get("keluaran"), opts.get("tahun_lalu"),
                               not opts.get("tanpa_cadangan")).as_dict()
    return periksa_berkas(path, opts.get("tahun_lalu")).as_dict()


def _batch(mode: str, files: list[Path], opts: dict, procs: int,
           on_done: Callable[[dict], None]) -> list[dict]:
    jobs = [(mode, str(f), opts) for f in files]
    if procs <= 1 or len(jobs) <= 1:
        results = []
        for job in jobs:
            results.append(_work(job))
            on_done(results[-1])
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only for a batch

    by_path: dict[str, dict] = {}
    with ProcessPoolExecutor(max_workers=procs) as pool:
        futures = {pool.submit(_work, job): job for job in jobs}
        for fut in as_completed(futures):
            path = futures[fut][1]
            try:
                res = fut.result()
            except Exception as exc:  # a worker died (out of memory, killed)
                res = {"berkas": path, "galat_berkas": f"{Path(path).name}: proses berhenti "
                       f"({type(exc).__name__}); berkas tidak diubah.", "galat": 0,
                       "peringatan": 0, "temuan": [], "keluaran": None, "cadangan": None,
                       "tabel": 0}
            by_path[path] = res
            on_done(res)
    return [by_path[str(f)] for f in files]


class _NoProgress:
    """What a disabled rich Progress does for one file: no bar, messages straight to `console`
    (rich.progress is then not imported at all)."""

    def __init__(self, console: Any) -> None:
        self.console = console

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, total: int) -> int:
        return 0

    def advance(self, task: int) -> None:
        return None


def _progress(err: Any, n_files: int) -> Any:
    if n_files < 2:
        return _NoProgress(err)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=err, transient=True)


def _run_files(ns: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .files.service import expand

    err = Console(stderr=True)
    files = expand(ns.berkas)
    if not files:
        err.print("Tidak ada buku kerja .xlsx/.xlsm yang ditemukan.")
        return EXIT_BERKAS
    opts = {"tahun_lalu": ns.tahun_lalu, "keluaran": getattr(ns, "keluaran", None),
            "tanpa_cadangan": getattr(ns, "tanpa_cadangan", False)}
    procs = ns.proses or min(os.cpu_count() or 1, len(files))
    with _progress(err, len(files)) as progress:
        task = progress.add_task("Memproses", total=len(files))

        def done(res: dict) -> None:
            if res["galat_berkas"]:
                progress.console.print(f"[red]GAGAL[/red] {res['galat_berkas']}", markup=True,
                                       highlight=False)
            progress.advance(task)

        results = _batch(ns.perintah, files, opts, procs, done)
    if ns.json:
        print(json.dumps({"perintah": ns.perintah, "berkas": results}, ensure_ascii=False,
                         indent=2, default=str))
    else:
        out = Console(highlight=False)
        for res in results:
            if res["galat_berkas"] or not res["temuan"] or len(results) > 3:
                continue
            if len(results) > 1:
                out.print(f"\n== {Path(res['berkas']).name} ==", markup=False)
            for t in res["temuan"]:
                out.print(f"[{t['tingkat']}] {t['aturan']} {t['teks']}", markup=False)
        table = Table(title="Ringkasan xl-lkip " + ns.perintah)
        for h in ("Berkas", "Status", "Galat", "Peringatan", "Keluaran"):
            table.add_column(h)
        for res in results:
            status = "tidak terbaca" if res["galat_berkas"] else (
                "ada galat" if res["galat"] else "baik")
            table.add_row(Path(res["berkas"]).name, status, str(res["galat"]),
                          str(res["peringatan"]), res.get("keluaran") or "-")
        out.print(table)
    if any(r["galat_berkas"] for r in results):
        return EXIT_BERKAS
    return EXIT_GALAT if any(r["galat"] for r in results) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    ns = _parser().parse_args(argv)
    if ns.perintah in ("perbarui", "periksa"):
        return _run_files(ns)
    if ns.perintah == "templat":
        from .files.template import build_template

        if Path(ns.tujuan).exists():
            print(f"{ns.tujuan} sudah ada; templat tidak ditulis agar isinya tidak hilang. "
                  "Pilih nama berkas lain.", file=sys.stderr)
            return EXIT_BERKAS
        try:
            path = build_template(ns.tujuan)
        except OSError as exc:
            print(f"Templat tidak dapat ditulis ke {ns.tujuan}: {exc.strerror or exc}",
                  file=sys.stderr)
            return EXIT_BERKAS
        print(f"Templat ditulis: {path}")
        return EXIT_OK
    if ns.perintah == "addin":
        from .excel import install

        return install.main_addin([ns.aksi])
    _parser().print_help()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
