"""The `xl-lkip` command: regenerate and check one or a thousand workbooks, without Excel."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_GALAT, EXIT_BERKAS = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    from .console import Parser, jumlah_proses

    p = Parser(
        prog="xl-lkip",
        description="Kalkulator LKjIP/LAKIP: perbarui tabel laporan dan periksa konsistensi "
                    "buku kerja LKjIP.",
        epilog="Kode keluar: 0 = tidak ada kesalahan, 1 = ada kesalahan (galat), 2 = ada berkas "
               "yang tidak dapat dibaca atau ditulis.",
    )
    p.add_argument("--version", action="version", version=f"xl-lkip {__version__}",
                   help="tampilkan versi lalu keluar")
    sub = p.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("berkas", nargs="+", metavar="BERKAS",
                        help="buku kerja .xlsx/.xlsm, atau folder berisi buku kerja")
        sp.add_argument("--tahun-lalu", metavar="BERKAS",
                        help="buku kerja tahun lalu untuk memeriksa realisasi N-1")
        sp.add_argument("--json", action="store_true", help="hasil dalam JSON (untuk mesin)")
        sp.add_argument("--semua", action="store_true",
                        help="tampilkan semua temuan (bawaan: paling banyak 30 per berkas)")
        sp.add_argument("--proses", type=jumlah_proses, default=0, metavar="N",
                        help="jumlah proses paralel (bawaan: jumlah inti CPU)")

    pb = sub.add_parser("perbarui",
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
    pd = sub.add_parser("dokumen", help="tulis dokumen Word LKjIP dari buku kerja",
                        description="Tulis dokumen Word (.docx) LKjIP dari buku kerja yang sudah "
                                    "diisi.")
    pd.add_argument("berkas", nargs="+", metavar="BERKAS",
                    help="buku kerja .xlsx/.xlsm, atau folder berisi buku kerja")
    pd.add_argument("--keluaran", metavar="FOLDER",
                    help="folder tujuan dokumen (bawaan: folder buku kerja)")
    pd.add_argument("--templat-word", metavar="DOCX",
                    help="templat Word (.docx) sendiri sebagai pengganti templat bawaan")
    pd.add_argument("--tahun-lalu", metavar="BERKAS",
                    help="buku kerja tahun lalu untuk perbandingan realisasi N-1")
    pt = sub.add_parser("templat", help="tulis templat LKjIP kosong",
                        description="Tulis templat LKjIP kosong ke BERKAS.")
    pt.add_argument("tujuan", metavar="BERKAS", help="jalur berkas templat baru (.xlsx)")
    pt.add_argument("--rumus", choices=("python", "excel"), default="python",
                    help="rumus kolom terhitung: python = fungsi xl-lkip (perlu add-in, bawaan); "
                         "excel = fungsi bawaan Excel saja, dihitung tanpa Python")
    pa = sub.add_parser("addin", help="pasang atau periksa add-in Excel",
                        description="Pasang add-in xl-lkip di Excel (Windows/macOS) atau lihat "
                                    "statusnya.")
    from .addin import add_arguments as addin_arguments  # every option of the installer

    addin_arguments(pa)
    return p


def _work(args: tuple[str, str, dict, str | None]) -> dict:
    from .files.service import perbarui_berkas, periksa_berkas

    mode, path, opts, target = args
    if mode == "perbarui":
        return perbarui_berkas(path, opts.get("keluaran"), opts.get("tahun_lalu"),
                               not opts.get("tanpa_cadangan"), tujuan=target).as_dict()
    return periksa_berkas(path, opts.get("tahun_lalu")).as_dict()


def _batch(mode: str, files: list[Path], opts: dict, procs: int,
           on_done: Callable[[dict], None],
           targets: Sequence[Path | None] | None = None) -> list[dict]:
    """Run every file (in `procs` processes); `targets`: each file's output file, if any."""
    jobs = [(mode, str(f), opts, str(t) if t else None)
            for f, t in zip(files, targets or [None] * len(files), strict=True)]
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
                       "tabel": 0, "dilewati": None, "catatan": []}
            by_path[path] = res
            on_done(res)
    return [by_path[str(f)] for f in files]


def _files_and_targets(ns: argparse.Namespace) -> tuple[list[Path], list[Path | None]]:
    """The workbooks to run and, with --keluaran, where each is written: a folder's
    subfolders are mirrored under the output folder, and two inputs that would land on one
    output refuse the run before anything is written (BerkasError)."""
    from .files.service import expand, output_plan

    keluaran = getattr(ns, "keluaran", None)
    if ns.perintah == "perbarui" and keluaran:
        plan = output_plan(ns.berkas, keluaran)
        return [f for f, _t in plan], [t for _f, t in plan]
    files = expand(ns.berkas)
    return files, [None] * len(files)


def _to_stdout(write: Callable[[], None], json_mode: bool) -> int:
    """Run `write` (the result to stdout); a reader that stops early (`| head`) gets a
    one-line message and exit code 2, not a traceback."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        with contextlib.suppress(OSError):  # nothing more can reach the closed pipe
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        how = "... --json > hasil.json" if json_mode else "... > hasil.txt"
        print("xl-lkip: keluaran terputus karena program penerima (mis. head) berhenti membaca; "
              f"hasil tidak lengkap. Simpan ke berkas: {how} (kode keluar 2).", file=sys.stderr)
        return EXIT_BERKAS
    return EXIT_OK


def _run_files(ns: argparse.Namespace) -> int:
    from . import console
    from .core.errors import LkipError

    try:
        files, targets = _files_and_targets(ns)
    except LkipError as exc:
        print(exc.pesan, file=sys.stderr)
        return EXIT_BERKAS
    if not files:
        print("Tidak ada buku kerja .xlsx/.xlsm yang ditemukan.", file=sys.stderr)
        return EXIT_BERKAS
    opts = {"tahun_lalu": ns.tahun_lalu, "keluaran": getattr(ns, "keluaran", None),
            "tanpa_cadangan": getattr(ns, "tanpa_cadangan", False)}
    procs = ns.proses or min(os.cpu_count() or 1, len(files))
    with console.Progress(sys.stderr, len(files)) as progress:
        results = _batch(ns.perintah, files, opts, procs, progress.done, targets)
    if ns.json:
        import json  # only for --json: the plain run does without it

        data = {"perintah": ns.perintah, "berkas": results}
        if _to_stdout(lambda: print(json.dumps(data, ensure_ascii=False, indent=2,
                                               default=str)), True) != EXIT_OK:
            return EXIT_BERKAS
    else:
        for res in results:  # files left alone, and what a write dropped, one line each
            for line in ([res["dilewati"]] if res.get("dilewati") else []) + [
                    f"{Path(res['berkas']).name}: {c}" for c in res.get("catatan") or []]:
                print(line, file=sys.stderr)
        if _to_stdout(lambda: console.print_report(results, ns.perintah, sys.stdout,
                                                   semua=ns.semua), False) != EXIT_OK:
            return EXIT_BERKAS
    if any(r["galat_berkas"] for r in results):
        return EXIT_BERKAS
    return EXIT_GALAT if any(r["galat"] for r in results) else EXIT_OK


def _tahun_lalu_problem(path: str | None) -> str | None:
    """What is wrong with the file named by --tahun-lalu, said about that file (the workbooks
    being checked are not at fault, so none of them is reported unreadable)."""
    if path is None:
        return None
    p = Path(path)
    if not p.exists():
        return f"Berkas tahun lalu tidak ditemukan: {path} (opsi --tahun-lalu). Periksa jalurnya."
    if not p.is_file() or p.suffix.lower() not in (".xlsx", ".xlsm"):
        return (f"Berkas tahun lalu harus buku kerja .xlsx/.xlsm: {path} (opsi --tahun-lalu).")
    return None


def _write_problem(tujuan: str, exc: BaseException) -> str | None:
    """One line saying why a new file could not be written and what to do (None: not a
    file-system problem, so a real bug)."""
    cause = exc if isinstance(exc, OSError) else next(
        (a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)
    if cause is None:
        cause = exc.__context__ if isinstance(exc.__context__, OSError) else None
    if cause is None:
        return None
    folder = Path(tujuan).resolve().parent
    if not folder.exists():
        return (f"Templat tidak dapat ditulis ke {tujuan}: folder {folder} tidak ada. Buat "
                "foldernya dulu atau pilih lokasi lain.")
    if isinstance(cause, PermissionError) or getattr(cause, "errno", None) in (13, 30):
        return (f"Templat tidak dapat ditulis ke {tujuan}: folder {folder} tidak dapat ditulis "
                "(hanya-baca atau tanpa izin). Pilih folder lain.")
    if getattr(cause, "errno", None) == 28:
        return f"Templat tidak dapat ditulis ke {tujuan}: disk penuh. Kosongkan ruang disk."
    return f"Templat tidak dapat ditulis ke {tujuan}: {cause.strerror or cause}."


def _templat_problem(tujuan: str) -> str | None:
    suffix = Path(tujuan).suffix.lower()
    if suffix == ".xlsm":
        return (f"{tujuan}: templat tidak memuat makro, jadi harus disimpan sebagai .xlsx "
                "(Excel menolak membuka berkas .xlsm tanpa makro). Ganti akhiran nama menjadi "
                ".xlsx.")
    if suffix != ".xlsx":
        return (f"{tujuan}: nama templat harus berakhiran .xlsx (misalnya LKjIP-2025.xlsx); "
                "templat tidak ditulis.")
    if Path(tujuan).exists():
        return (f"{tujuan} sudah ada; templat tidak ditulis agar isinya tidak hilang. "
                "Pilih nama berkas lain.")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """The command. With `argv` None the process is the command (the console script,
    `python -m xl_lkip.cli`) and ends when this returns."""
    import gc

    from .console import safe_streams

    safe_streams()
    ns = _parser().parse_args(argv)
    whole_process = argv is None
    if whole_process:  # few of the run's objects form cycles: look for them less often
        gc.set_threshold(50_000, 20, 20)
    try:
        return _dispatch(ns)
    except KeyboardInterrupt:  # Ctrl+C: a sentence, not a traceback (files are saved atomically)
        print("\nDibatalkan (Ctrl+C). Berkas yang belum selesai diproses tidak diubah.",
              file=sys.stderr)
        return 130
    finally:
        if whole_process:  # the process ends now: its exit need not search every object for cycles
            gc.freeze()


def _dispatch(ns: argparse.Namespace) -> int:
    if ns.perintah in ("perbarui", "periksa", "dokumen"):
        problem = _tahun_lalu_problem(ns.tahun_lalu)
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_BERKAS
    if ns.perintah in ("perbarui", "periksa"):
        return _run_files(ns)
    if ns.perintah == "dokumen":
        from .files.dokumen import jalankan

        return jalankan(ns.berkas, ns.keluaran, ns.templat_word, ns.tahun_lalu, sys.stdout,
                        sys.stderr)
    if ns.perintah == "templat":
        from .files.template import build_template

        problem = _templat_problem(ns.tujuan)
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_BERKAS
        try:
            path = build_template(ns.tujuan, rumus=ns.rumus)
        except Exception as exc:  # the writer wraps OS errors in its own type
            problem = _write_problem(ns.tujuan, exc)
            if problem is None:
                raise
            print(problem, file=sys.stderr)
            return EXIT_BERKAS
        print(f"Templat ditulis: {path}")
        return EXIT_OK
    if ns.perintah == "addin":
        from .addin import install

        return install.run(ns)
    _parser().print_help()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
