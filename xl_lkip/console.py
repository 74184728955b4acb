"""What the `xl-lkip` command prints: findings by severity, the summary table, progress, and an
argument parser that speaks Bahasa Indonesia.

Only the standard library is imported here (and lazily where it costs): the command must start
in a blink, so no rich, no colour library. Colours are plain ANSI codes, used only when the
stream is a terminal and NO_COLOR is not set.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from .core.findings import CATATAN, GALAT, LABEL, PERINGATAN

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any, TextIO

BATAS_TEMUAN = 30  # findings printed per file unless --semua
INLINE_FILES = 3  # a batch larger than this prints only where each file's findings are

# --- colour ------------------------------------------------------------------------------------

_CODES = {"merah": "31", "kuning": "33", "biru": "36", "hijau": "32", "tebal": "1", "redup": "2"}


def colour_enabled(stream: TextIO) -> bool:
    """Colour for a terminal only: never when piped or redirected, never with NO_COLOR
    (https://no-color.org) or TERM=dumb; FORCE_COLOR turns it on for a pipe."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    if not tty or os.environ.get("TERM") == "dumb":
        return False
    return _windows_ansi() if os.name == "nt" else True


def _windows_ansi() -> bool:
    """Ask the Windows console to interpret ANSI codes (Windows 10 and later)."""
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.GetStdHandle(-11)
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel32.SetConsoleMode(handle, mode.value | 0x0004))
    except Exception:  # an old console: plain text
        return False


def paint(text: str, colour: str, on: bool) -> str:
    """`text` in `colour` (a key of _CODES) when colour is on, else unchanged."""
    return f"\x1b[{_CODES[colour]}m{text}\x1b[0m" if on and text else text


def label(tingkat: str) -> str:
    """The severity as users read it ("kesalahan" for the key "galat")."""
    return LABEL.get(tingkat, tingkat)


def _severity_colour(tingkat: str) -> str:
    return {GALAT: "merah", PERINGATAN: "kuning"}.get(tingkat, "biru")


def _rank(tingkat: str) -> int:
    return {GALAT: 0, PERINGATAN: 1}.get(tingkat, 2)


def is_notice(tingkat: str) -> bool:
    """Grouped notices (neither galat nor peringatan) are listed last and never counted."""
    return tingkat not in (GALAT, PERINGATAN)


def safe_streams() -> None:
    """A character the console cannot show (a pipe on Windows is cp1252) becomes '?', not a
    traceback after the work is done."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]


# --- counts ------------------------------------------------------------------------------------


def counts(res: dict[str, Any]) -> tuple[int, int, int]:
    """(galat, peringatan, catatan) of one file's result, counted from its findings so that
    grouped notices never inflate the peringatan count."""
    temuan = res.get("temuan") or []
    if not temuan:
        return int(res.get("galat") or 0), int(res.get("peringatan") or 0), 0
    g = sum(1 for t in temuan if t["tingkat"] == GALAT)
    p = sum(1 for t in temuan if t["tingkat"] == PERINGATAN)
    return g, p, len(temuan) - g - p


def status(res: dict[str, Any]) -> str:
    if res.get("galat_berkas"):
        return "tidak terbaca"
    if res.get("dilewati"):
        return "dilewati"
    g, p, _ = counts(res)
    return f"ada {label(GALAT)}" if g else (f"ada {label(PERINGATAN)}" if p else "baik")


def _counted(res: dict[str, Any]) -> bool:
    """Whether the file was read and checked (else its counts show as '-', never 0)."""
    return not res.get("galat_berkas") and not res.get("dilewati")


def _status_colour(text: str) -> str:
    return {"tidak terbaca": "merah", f"ada {label(GALAT)}": "merah",
            f"ada {label(PERINGATAN)}": "kuning", "baik": "hijau"}.get(text, "tebal")


# --- findings ----------------------------------------------------------------------------------


def where_full_list(res: dict[str, Any], perintah: str, complete: bool = False) -> str:
    """Where this file's complete list of findings can be read (`complete`: all were printed)."""
    if perintah == "perbarui" and res.get("keluaran"):
        return f"Daftar lengkap temuan: lembar Pemeriksaan di {res['keluaran']} (atau --json)."
    if complete:
        return ("Semua temuan sudah tampil di atas; xl-lkip perbarui menulisnya juga ke lembar "
                "Pemeriksaan, dan --json memberikannya dalam JSON.")
    return (f"Daftar lengkap temuan: xl-lkip periksa \"{res['berkas']}\" --semua, atau --json; "
            "xl-lkip perbarui menulisnya ke lembar Pemeriksaan.")


def print_findings(res: dict[str, Any], perintah: str, out: TextIO, *, semua: bool = False,
                   heading: bool = False, colour: bool | None = None,
                   width: int | None = None) -> None:
    """One file's findings: galat, then peringatan, then grouped notices; at most
    BATAS_TEMUAN unless `semua`, and always where the full list is."""
    temuan = sorted(res.get("temuan") or [], key=lambda t: _rank(t["tingkat"]))  # stable
    if not temuan:
        return
    on = colour_enabled(out) if colour is None else colour
    if heading:
        g, p, c = counts(res)
        parts = [f"{g} {label(GALAT)}", f"{p} {label(PERINGATAN)}"] + (
            [f"{c} {label(CATATAN)}"] if c else [])
        out.write("\n" + paint(f"== {Path(res['berkas']).name}: {', '.join(parts)} ==", "tebal",
                               on) + "\n")
    shown = temuan if semua else temuan[:BATAS_TEMUAN]
    label_width = max(len(label(t["tingkat"])) for t in shown)
    wrap = width if width is not None else (_terminal_width() if on else 0)
    for t in shown:
        word = label(t["tingkat"]).upper()
        pad = " " * (label_width - len(word))
        text = f"{t['aturan']} {t['teks']}"
        if wrap and len(text) + label_width + 1 > wrap:
            import textwrap

            lines = textwrap.wrap(text, max(20, wrap - label_width - 1), break_long_words=False,
                                  break_on_hyphens=False)
            text = ("\n" + " " * (label_width + 1)).join(lines)
        out.write(f"{paint(word, _severity_colour(t['tingkat']), on)}{pad} {text}\n")
    hidden = len(temuan) - len(shown)
    if hidden:
        out.write(paint(f"... {hidden} temuan lain tidak ditampilkan (--semua untuk "
                        "menampilkan semuanya).", "redup", on) + "\n")
    out.write(where_full_list(res, perintah, complete=not hidden) + "\n")


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


# --- summary -----------------------------------------------------------------------------------


def _table(rows: list[list[str]], right: set[int], colours: list[list[str | None]],
           on: bool) -> list[str]:
    """Columns padded to their widest cell; nothing is ever cut."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for r, cs in zip(rows, colours, strict=True):
        cells = []
        for i, (cell, c) in enumerate(zip(r, cs, strict=True)):
            padded = cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            cells.append(paint(padded, c, on) if c else padded)
        lines.append("  ".join(cells).rstrip())
    return lines


def print_summary(results: Sequence[dict[str, Any]], perintah: str, out: TextIO,
                  colour: bool | None = None) -> None:
    """The summary table (a total row for a batch, '-' for unreadable files), then the full
    paths of what was written below it, so no path is ever cut to fit a column."""
    on = colour_enabled(out) if colour is None else colour
    batch = len(results) > 1
    notices = any(counts(r)[2] for r in results)
    head = (["No"] if batch else []) + ["Berkas", "Status", label(GALAT).capitalize(),
                                        label(PERINGATAN).capitalize()] + (
        [label(CATATAN).capitalize()] if notices else [])
    rows, colours = [head], [["tebal"] * len(head)]
    total = [0, 0, 0]
    for i, res in enumerate(results, 1):
        st = status(res)
        if not _counted(res):
            nums = ["-", "-"] + (["-"] if notices else [])
        else:
            g, p, c = counts(res)
            total = [total[0] + g, total[1] + p, total[2] + c]
            nums = [str(g), str(p)] + ([str(c)] if notices else [])
        rows.append(([str(i)] if batch else []) + [Path(res["berkas"]).name, st] + nums)
        colours.append(([None] if batch else []) + [None, _status_colour(st)] + [None] * len(nums))
    if batch:
        order = ["baik", f"ada {label(PERINGATAN)}", f"ada {label(GALAT)}", "dilewati",
                 "tidak terbaca"]
        tally: dict[str, int] = {}
        for st in sorted((status(r) for r in results),
                         key=lambda x: order.index(x) if x in order else len(order)):
            tally[st] = tally.get(st, 0) + 1
        rows.append(["", f"Jumlah ({len(results)} berkas)",
                     ", ".join(f"{n} {s}" for s, n in tally.items())]
                    + [str(total[0]), str(total[1])] + ([str(total[2])] if notices else []))
        colours.append(["tebal"] * len(head))
    right = set(range(len(head) - (3 if notices else 2), len(head))) | ({0} if batch else set())
    lines = _table(rows, right, colours, on)
    rule = "-" * max(len(line) for line in _table(rows, right, colours, False))
    out.write("\n" + paint(f"Ringkasan xl-lkip {perintah}", "tebal", on) + "\n")
    out.write(lines[0] + "\n" + rule + "\n")
    body = lines[1:]
    if batch:
        body = body[:-1] + [rule, body[-1]]
    out.write("\n".join(body) + "\n")
    _print_paths(results, perintah, out, on)


def _print_paths(results: Sequence[dict[str, Any]], perintah: str, out: TextIO,
                 on: bool) -> None:
    written = [r for r in results if r.get("keluaran")]
    if perintah == "perbarui" and written:
        if len(written) == 1:
            r = written[0]
            out.write(f"\nHasil ditulis ke: {r['keluaran']}\n")
            if r.get("cadangan"):
                out.write(f"Salinan asli disimpan sebagai: {r['cadangan']}\n")
        else:
            folders = {str(Path(r["keluaran"]).parent) for r in written}
            if len(folders) == 1:
                out.write(f"\nHasil ({len(written)} berkas) ditulis ke folder: {folders.pop()}\n")
            else:
                out.write(f"\nHasil ({len(written)} berkas) ditulis ke:\n")
                for r in written:
                    out.write(f"  {r['keluaran']}\n")
            backups = [r["cadangan"] for r in written if r.get("cadangan")]
            if backups:
                out.write(f"Salinan asli disimpan di sebelah tiap berkas sebagai "
                          f"NAMA.cadangan{Path(backups[0]).suffix}.\n")
    with_findings = [r for r in results if _counted(r) and r.get("temuan")]
    if len(results) > 1 and with_findings:
        if perintah == "perbarui":
            out.write("\nTemuan tiap berkas ada di lembar Pemeriksaan berkas hasilnya:\n")
            for r in with_findings:
                out.write(f"  {Path(r['berkas']).name}: {r.get('keluaran') or r['berkas']}\n")
        else:
            out.write("\nTemuan tiap berkas tampil dengan xl-lkip periksa BERKAS --semua (--json "
                      "untuk semua berkas sekaligus; xl-lkip perbarui menulisnya ke lembar "
                      "Pemeriksaan):\n")
            for r in with_findings:
                out.write(f"  {Path(r['berkas']).name}: {r['berkas']}\n")
    failed = [r for r in results if r.get("galat_berkas")]
    if failed:
        out.write(paint(f"\n{len(failed)} berkas tidak terbaca dan tidak diubah:", "merah", on)
                  + "\n")
        for r in failed:
            out.write(f"  {r['galat_berkas']}\n")


def print_report(results: Sequence[dict[str, Any]], perintah: str, out: TextIO, *,
                 semua: bool = False) -> None:
    """Everything after the work: each file's findings (for a small batch, or with --semua),
    then the summary."""
    inline = semua or len(results) <= INLINE_FILES
    if inline:
        for res in results:
            if _counted(res):
                print_findings(res, perintah, out, semua=semua, heading=len(results) > 1)
    print_summary(results, perintah, out)


# --- progress ----------------------------------------------------------------------------------


class Progress:
    """'Memproses 12/200' on one rewritten line of a terminal while a batch runs; failures are
    printed as they come, on their own line. Nothing but failures when piped."""

    def __init__(self, err: TextIO, total: int) -> None:
        self.err, self.total, self.done_n = err, total, 0
        self.live = total > 1 and _isatty(err) and os.environ.get("TERM") != "dumb"
        self.on = colour_enabled(err)
        self._shown = 0

    def __enter__(self) -> Progress:
        self._draw()
        return self

    def __exit__(self, *exc: object) -> None:
        self._clear()

    def _clear(self) -> None:
        if self.live and self._shown:
            self.err.write("\r" + " " * self._shown + "\r")
            self.err.flush()
            self._shown = 0

    def _draw(self) -> None:
        if self.live:
            text = f"Memproses {self.done_n}/{self.total}"
            self.err.write("\r" + text.ljust(self._shown))
            self.err.flush()
            self._shown = len(text)

    def done(self, res: dict[str, Any]) -> None:
        """One file finished."""
        self.done_n += 1
        if res.get("galat_berkas"):
            self._clear()
            self.err.write(f"{paint('GAGAL', 'merah', self.on)} {res['galat_berkas']}\n")
        self._draw()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- the parser --------------------------------------------------------------------------------

# argparse asks gettext for every text it prints; these are its message ids.
_ARGPARSE_ID = {
    "usage: ": "Penggunaan: ",
    "positional arguments": "argumen",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "not allowed with argument %s": "tidak boleh dipakai bersama %s",
    "ignored explicit argument %r": "opsi ini tidak menerima nilai (%r)",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu dari %s wajib diisi",
    "expected one argument": "memerlukan satu nilai",
    "expected at most one argument": "menerima paling banyak satu nilai",
    "expected at least one argument": "memerlukan paling sedikit satu nilai",
    "expected %s argument": "memerlukan %s nilai",
    "expected %s arguments": "memerlukan %s nilai",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi %(option)s kurang jelas: bisa berarti %(matches)s",
    "unexpected option string: %s": "opsi tidak terduga: %s",
    "invalid %(type)s value: %(value)r": "nilai %(value)r tidak sah",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan %(value)r tidak dikenal (pilih salah satu: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: %(message)s\n",
}


def _id(message: str) -> str:
    return _ARGPARSE_ID.get(message, message)


def _id_n(singular: str, plural: str, n: int) -> str:
    return _id(singular if n == 1 else plural)


@contextlib.contextmanager
def _indonesian() -> Iterator[None]:
    """argparse's texts in Bahasa Indonesia while our parser builds, parses or prints."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _id, _id_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose every message (usage, headings, errors) is Indonesian; a wrong
    command exits with code 2 and says how to get help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _indonesian():
            super().__init__(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        with _indonesian():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        with _indonesian():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _indonesian():
            return super().format_usage()

    def format_help(self) -> str:
        with _indonesian():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        with _indonesian():
            self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: perintah tidak lengkap atau salah: {message}\n"
                     f"Bantuan: {self.prog} --help\n")


def jumlah_proses(text: str) -> int:
    """--proses N: a whole number ≥ 0 (0 = as many as the computer has cores)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} bukan bilangan bulat") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: jumlah proses tidak boleh negatif")
    return n
