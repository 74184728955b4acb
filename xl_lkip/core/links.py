"""Whether a path typed inside a workbook may be followed (Identitas "Berkas Tahun Lalu",
"Templat Word").

A workbook is data from someone else: a path in it must never steer the program to another
machine (a UNC path makes Windows hand the user's credentials to that server just by looking
at it), a URL, a device, or outside the workbook's own folder. Only a relative path to a
regular file of the expected kind (.xlsx/.xlsm for last year's workbook, .docx/.dotx for the
Word template) inside the workbook's folder tree is followed; absolute paths come only from
the person at the command line (--tahun-lalu, --templat-word). Pure path logic: the only I/O is
os.stat (and resolving symlinks) of a path already judged safe.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .errors import LkipError
from .lazyre import LazyPattern
from .record import record

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

SUFFIXES = (".xlsx", ".xlsm")
MAX_BYTES = 512 * 1024 * 1024
_DEVICES = LazyPattern(r"^(con|prn|aux|nul|clock\$|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])"
                      r"(\..*)?$", re.I)
_SCHEME = LazyPattern(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@record(frozen=True)
class LinkKind:
    """What a path typed in Identitas may name, and the words its messages use."""

    suffixes: tuple[str, ...]
    apa: str  # "berkas tahun lalu": what the user should write
    contoh: str  # an example name
    opsi: str  # the command-line option that takes any path instead
    di_dalam: str  # what to name inside a folder the link points at
    jenis: str  # for "too large for ..."
    max_bytes: int


TAHUN_LALU = LinkKind(SUFFIXES, "berkas tahun lalu", "lkjip-2019.xlsx", "--tahun-lalu",
                      "berkas .xlsx tahun lalu", "buku kerja LKjIP", MAX_BYTES)
TEMPLAT_WORD = LinkKind((".docx", ".dotx"), "templat Word", "templat-dinas.docx",
                        "--templat-word", "berkas .docx templat", "templat Word",
                        64 * 1024 * 1024)


def _why_not(link: str, kind: LinkKind = TAHUN_LALU) -> str | None:
    """Why `link` may not be followed as written (None: its form is acceptable)."""
    if _CONTROL.search(link):
        return "memuat karakter kendali"
    if link.startswith(("\\\\", "//")):
        return "menunjuk komputer lain di jaringan (jalur UNC)"
    if _SCHEME.match(link):
        if len(link) > 1 and link[1] == ":" and link[0].isalpha():
            return "berupa jalur lengkap (dengan huruf drive)"
        return "berupa alamat (URL), bukan berkas"
    if link.startswith(("/", "\\")):
        return "berupa jalur lengkap"
    parts = [p for p in re.split(r"[\\/]+", link) if p not in ("", ".")]
    if not parts:
        return "kosong"
    if any(p == ".." for p in parts):
        return "keluar dari folder buku kerja ini ('..')"
    if any(_DEVICES.match(p.rstrip(" .")) for p in parts):
        return "menunjuk perangkat, bukan berkas"
    if any(p != p.rstrip(" .") for p in parts):
        return "memuat nama yang diakhiri titik atau spasi"
    if not parts[-1].lower().endswith(kind.suffixes):
        return "bukan berkas " + "/".join(kind.suffixes)
    return None


def resolve_link(workbook: Path | None, link: str, kind: LinkKind) -> tuple[Path | None, str | None]:
    """The file a path typed in Identitas names, or (None, an Indonesian reason it is not
    followed): only a relative path to a regular file of `kind` inside the folder tree of
    `workbook` (the workbook holding the link; None: not saved yet)."""
    link = str(link or "").strip().strip('"').strip()
    if not link:
        return None, None
    shown = _CONTROL.sub("?", link[:120])  # echoed in messages: no terminal escapes
    why = _why_not(link, kind)
    if why is None and workbook is None:
        why = "buku kerja ini belum disimpan, jadi foldernya belum diketahui"
    if why is not None:
        return None, (f"'{shown}' tidak diikuti: {why}. Tulis nama {kind.apa} yang ada "
                      f"di folder yang sama (atau subfoldernya), misalnya {kind.contoh}, atau "
                      f"pakai opsi {kind.opsi}.")
    assert workbook is not None
    folder = Path(os.path.realpath(Path(workbook).parent))
    parts = [p for p in re.split(r"[\\/]+", link) if p not in ("", ".")]
    candidate = folder.joinpath(*PurePosixPath(*parts).parts)
    real = Path(os.path.realpath(candidate))
    if real != folder and folder not in real.parents:
        return None, (f"'{shown}' tidak diikuti: tautannya keluar dari folder buku kerja ini. "
                      f"Salin {kind.apa} ke folder yang sama.")
    try:
        st = os.stat(real)
    except OSError:
        return None, (f"berkas '{shown}' tidak ditemukan di folder buku kerja ini. Periksa "
                      f"namanya atau pakai opsi {kind.opsi}.")
    if stat.S_ISDIR(st.st_mode):
        return None, (f"'{shown}' adalah folder, bukan berkas. Tulis nama {kind.di_dalam} "
                      "di dalamnya.")
    if not stat.S_ISREG(st.st_mode):
        return None, f"'{shown}' bukan berkas biasa; tidak diikuti."
    if st.st_size > kind.max_bytes:
        return None, f"'{shown}' terlalu besar untuk {kind.jenis}; tidak diikuti."
    return real, None


def resolve_tahun_lalu(workbook: Path | None, link: str) -> tuple[Path | None, str | None]:
    """The file a workbook's "Berkas Tahun Lalu" names, or (None, an Indonesian reason).

    `workbook` is the path of the workbook holding the link (None: not saved yet).
    """
    return resolve_link(workbook, link, TAHUN_LALU)


def resolve_templat_word(workbook: Path | None, link: str) -> tuple[Path | None, str | None]:
    """The agency's Word template a workbook's "Templat Word" names (.docx/.dotx), or (None,
    an Indonesian reason), by the same rule as "Berkas Tahun Lalu"."""
    return resolve_link(workbook, link, TEMPLAT_WORD)


def follow_tahun_lalu(workbook: Path | None, link: Any, load: Callable[[Path], T]) -> T | str | None:
    """Last year's model from a workbook's own "Berkas Tahun Lalu" link, for engine.run.

    The one way the CLI, the button and the document follow that link: `load(path)` when
    `resolve_tahun_lalu` allows it; else the Indonesian reason it was not followed (or could
    not be read), which the engine reports as a K13 finding on Identitas; None without a link.
    """
    if link is None or not str(link).strip():
        return None
    found, reason = resolve_tahun_lalu(workbook, str(link))
    if found is None:
        return reason
    try:
        return load(found)
    except LkipError as exc:  # a damaged last-year file: a finding, this year's file goes on
        why = exc.pesan.removeprefix(f"{found.name}: ").rstrip(". ")
        return f"berkas '{found.name}' tidak dapat dibaca ({why})"
