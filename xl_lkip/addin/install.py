"""`xl-lkip addin install` and `xl-lkip addin status`: put the add-ins and their config in place.

What Excel needs, and where it comes from:

* the xlwings add-in (``xlwings.xlam`` from the installed xlwings package), for its tab with
  "Import Functions" and friends;
* our add-in (``xl_lkip.xlam``, shipped in ``xl_lkip/data``, built by ``macros/build.py``) with the
  "LKjIP" tab, whose button runs ``import xl_lkip;xl_lkip.main()``;
* both copied into Excel's XLSTART folder, which Excel opens at every start;
* the user config of the xlwings add-in (``~/.xlwings/xlwings.conf``: interpreter and UDF module)
  and of our add-in (``~/.myaddin/myaddin.conf``: the interpreter that ran the install, and on
  Windows "USE UDF SERVER", so that each click of the button reuses the running Python instead
  of starting a new one). Our add-in's VBA is the xlwings template unchanged, whose
  ``PROJECT_NAME`` constant is "myaddin": that is why its config directory is called
  ``.myaddin`` (see macros/README.md).

What is left to the user is printed as a numbered checklist (`manual_steps`), and `status()`
checks each numbered step: restarting Excel, trusting access to the VBA project object model
(a Trust Center setting; `--izinkan-akses-vba` sets it for this user on request) and importing
the worksheet functions (an Excel action that needs that setting).

Every path can be given explicitly (`home`, `xlstart`) and the platform overridden, so the file
work is testable on Linux; Excel itself is only contacted when `xlstart` is not given.
"""

from __future__ import annotations

import argparse
import csv
import locale
import os
import re
import shutil
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from xl_lkip.addin import add_arguments
from xl_lkip.core.errors import LkipError

ADDIN_FILE_NAME = "xl_lkip.xlam"
XLWINGS_ADDIN_FILE_NAME = "xlwings.xlam"
#: The template VBA's PROJECT_NAME constant (fixed inside vbaProject.bin, see macros/README.md).
PROJECT_NAME = "myaddin"
UDF_MODULES = "xl_lkip.excel.udfs"
#: The add-in VBA's switch that runs the button in the worksheet functions' Python (COM server).
UDF_SERVER_KEY = "USE UDF SERVER"
README_SECTION = "macros/README.md, bagian \"Pemasangan di Windows\""
OFFICE_VERSIONS = ("16.0", "15.0", "14.0")

SUPPORTED_PLATFORMS = ("win32", "darwin")


class AddinError(LkipError):
    """The add-ins cannot be installed here; `pesan` says why, in Bahasa Indonesia."""


class StatusItem(NamedTuple):
    """One line of `xl-lkip addin status`: `ok` is None when it cannot be checked."""

    name: str
    ok: bool | None
    detail: str
    step: int | None = None  # the number of the manual step in the install checklist


@dataclass(frozen=True)
class Locations:
    """Where the add-ins and the config files live for one user."""

    platform: str
    home: Path
    xlstart: Path | None
    xlwings_conf: Path
    addin_conf: Path
    applescript_dir: Path | None

    @property
    def interpreter_key(self) -> str:
        return "INTERPRETER_MAC" if self.platform == "darwin" else "INTERPRETER_WIN"


# --------------------------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------------------------


def _platform(platform: str | None) -> str:
    return platform or sys.platform


def _platform_name(platform: str) -> str:
    if platform == "win32":
        return "Windows"
    if platform == "darwin":
        return "macOS"
    if platform.startswith("linux"):
        return "Linux"
    return platform


def unsupported_message(platform: str) -> str:
    return (
        f"Excel tidak tersedia di {_platform_name(platform)}: add-in xl-lkip hanya dapat dipasang "
        "di Windows (atau macOS) yang memiliki Microsoft Excel. Jalankan `xl-lkip addin install` "
        "di komputer tersebut. Di sini Anda tetap dapat memakai perintah baris xl-lkip lainnya."
    )


def _mac_container(home: Path) -> Path:
    # Sandboxed Excel's home: what the VBA's GetMacDir("$HOME") returns, and xlwings' config dir.
    return home / "Library" / "Containers" / "com.microsoft.Excel" / "Data"


def default_xlstart(platform: str, home: Path | None = None) -> Path | None:
    """The user's XLSTART folder without asking Excel (Windows only; None when unknown)."""
    if platform != "win32":
        return None
    if home is not None:
        appdata = home / "AppData" / "Roaming"
    else:
        env = os.environ.get("APPDATA")
        appdata = Path(env) if env else Path.home() / "AppData" / "Roaming"
    return appdata / "Microsoft" / "Excel" / "XLSTART"


def _xlstart_from_excel() -> Path:
    """Ask Excel for its startup folder (starts a hidden Excel if none runs), as xlwings does."""
    from xlwings.cli import get_addin_dir

    return Path(get_addin_dir())


def _xlstart_from_running_excel() -> Path | None:
    try:
        import xlwings as xw

        if xw.apps.count:
            return Path(xw.apps.active.startup_path)
    except Exception:  # noqa: BLE001 - no Excel, no engine: simply unknown
        return None
    return None


def locations(
    *,
    platform: str | None = None,
    home: Path | str | None = None,
    xlstart: Path | str | None = None,
) -> Locations:
    """Paths for `platform` (default: this one) under `home` (default: the user's home)."""
    platform = _platform(platform)
    home_path = Path(home) if home is not None else Path.home()
    if platform == "darwin":
        container = _mac_container(home_path)
        xlwings_conf = container / "xlwings.conf"
        addin_conf = container / f"{PROJECT_NAME}.conf"
        applescript_dir: Path | None = (
            home_path / "Library" / "Application Scripts" / "com.microsoft.Excel"
        )
    else:
        xlwings_conf = home_path / ".xlwings" / "xlwings.conf"
        addin_conf = home_path / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf"
        applescript_dir = None
    return Locations(
        platform=platform,
        home=home_path,
        xlstart=Path(xlstart) if xlstart is not None else None,
        xlwings_conf=xlwings_conf,
        addin_conf=addin_conf,
        applescript_dir=applescript_dir,
    )


# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------


def shipped_addin() -> Path:
    """xl_lkip.xlam as shipped in the package (built by macros/build.py)."""
    path = Path(str(resources.files("xl_lkip") / "data" / ADDIN_FILE_NAME))
    if not path.is_file():
        raise AddinError(
            f"Berkas add-in {ADDIN_FILE_NAME} tidak ada di paket xl-lkip ({path}). "
            "Pasang ulang xl-lkip, atau buat add-in dengan `python macros/build.py`."
        )
    return path


def xlwings_addin() -> Path:
    """xlwings.xlam of the installed xlwings package."""
    import xlwings

    return Path(xlwings.__file__).resolve().parent / "addin" / XLWINGS_ADDIN_FILE_NAME


def xlwings_version() -> str:
    import xlwings

    return xlwings.__version__


def addin_versions(path: Path) -> dict[str, str]:
    """{"xl-lkip": ..., "xlwings": ...} from the keywords macros/build.py writes (empty if none)."""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return {}
    match = re.search(r"<cp:keywords>(.*?)</cp:keywords>", core, re.S)
    if not match:
        return {}
    return dict(re.findall(r"(xl-lkip|xlwings) (\S+?)(?:;|$)", match.group(1)))


def addin_has_udfs(path: Path) -> bool:
    """Whether "Import Functions" has put the xlwings_udfs module into the add-in's VBA project.

    The module's stream name is stored uncompressed (UTF-16) in the OLE directory of
    vbaProject.bin, so no VBA decompression is needed.
    """
    try:
        with zipfile.ZipFile(path) as z:
            vba = z.read("xl/vbaProject.bin")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return "xlwings_udfs".encode("utf-16-le") in vba


def default_interpreter(platform: str | None = None, executable: str | None = None) -> str:
    """The Python Excel should start: this one, as pythonw.exe on Windows when it exists."""
    platform = _platform(platform)
    executable = executable or sys.executable
    if platform == "win32":
        path = Path(executable)
        if path.name.lower() == "python.exe":
            pythonw = path.with_name("pythonw.exe")
            if pythonw.is_file():
                return str(pythonw)
    return executable


# --------------------------------------------------------------------------------------------
# Config files ("KEY","VALUE" lines, as VBA's Write # / Input # and xlwings' CLI use them)
# --------------------------------------------------------------------------------------------


def _conf_encoding() -> str:
    # VBA reads these files in the ANSI code page; Python's locale encoding is that on Windows.
    return locale.getpreferredencoding(False)


def read_conf(path: Path) -> dict[str, str]:
    """{KEY (upper case): value} of an xlwings-style config file (empty if missing)."""
    result: dict[str, str] = {}
    if not path.is_file():
        return result
    text = path.read_text(_conf_encoding(), errors="replace")
    for fields in csv.reader(text.splitlines()):
        if len(fields) >= 2 and fields[0].strip():
            result.setdefault(fields[0].strip().upper(), fields[1])
    return result


def update_conf(path: Path, values: dict[str, str], *, platform: str) -> dict[str, str]:
    """Set `values` in the config file at `path`, keeping its other lines.

    Returns {KEY: previous value} for keys whose value changed (absent keys map to "").
    """
    for key, value in values.items():
        if '"' in key or '"' in value or "\n" in value:
            raise AddinError(f"Nilai konfigurasi {key} tidak boleh memuat tanda kutip: {value}")
    old = read_conf(path)
    kept: list[str] = []
    if path.is_file():
        wanted = {k.upper() for k in values}
        for line in path.read_text(_conf_encoding(), errors="replace").splitlines():
            if not line.strip():
                continue
            fields = next(csv.reader([line]), [])
            if fields and fields[0].strip().upper() in wanted:
                continue
            kept.append(line)
    lines = kept + [f'"{key}","{value}"' for key, value in values.items()]
    newline = "\r\n" if platform == "win32" else "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=_conf_encoding(), newline="") as f:
        f.write(newline.join(lines) + newline)
    return {
        key: old.get(key.upper(), "")
        for key, value in values.items()
        if old.get(key.upper()) != value
    }


# --------------------------------------------------------------------------------------------
# install
# --------------------------------------------------------------------------------------------


def _close_open_addins(names: Sequence[str]) -> None:
    """Close the add-ins in running Excel instances so the files can be replaced."""
    try:
        import xlwings as xw

        apps = list(xw.apps)
    except Exception:  # noqa: BLE001 - no Excel running or no engine
        return
    for app in apps:
        for name in names:
            try:
                app.books[name].close()
            except Exception:  # noqa: BLE001 - not open in this instance
                pass


def _copy(source: Path, target_dir: Path, what: str, name: str | None = None) -> Path:
    target = target_dir / (name or source.name)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except PermissionError as exc:
        raise AddinError(
            f"{what} tidak dapat disalin ke {target}: berkasnya sedang dipakai atau folder tidak "
            "boleh ditulisi. Tutup semua jendela Excel, lalu jalankan perintah ini lagi."
        ) from exc
    except OSError as exc:
        raise AddinError(f"{what} tidak dapat disalin ke {target}: {exc}") from exc
    return target


def install(
    *,
    home: Path | str | None = None,
    xlstart: Path | str | None = None,
    interpreter: str | None = None,
    platform: str | None = None,
    addin_source: Path | str | None = None,
    use_udf_server: bool = True,
    trust_vba: bool = False,
) -> list[str]:
    """Install both add-ins and write their user config; returns Indonesian progress lines
    ending in the numbered checklist of what only the user can do.

    `xlstart`: Excel's startup folder; when None, Excel is asked (via xlwings, which may start a
    hidden Excel) and open copies of the add-ins are closed first. `interpreter`: the Python
    Excel starts (default: this one, pythonw.exe on Windows). `use_udf_server` (Windows): the
    button runs in the long-lived Python of the worksheet functions. `trust_vba` (Windows):
    tick "Trust access to the VBA project object model" for this user, which the functions'
    import needs. Raises AddinError on a platform without Excel or when a file cannot be written.
    """
    platform = _platform(platform)
    if platform not in SUPPORTED_PLATFORMS:
        raise AddinError(unsupported_message(platform))

    source = Path(addin_source) if addin_source is not None else shipped_addin()
    xlwings_source = xlwings_addin()
    lines: list[str] = []

    talk_to_excel = xlstart is None
    loc = locations(platform=platform, home=home, xlstart=xlstart)
    xlstart_dir = loc.xlstart
    if xlstart_dir is None:
        try:
            xlstart_dir = _xlstart_from_excel()
        except Exception as exc:  # noqa: BLE001 - Excel missing or not scriptable
            xlstart_dir = default_xlstart(platform)
            if xlstart_dir is None:
                raise AddinError(
                    "Folder XLSTART Excel tidak dapat ditemukan (Excel tidak dapat dijalankan: "
                    f"{exc}). Buka Excel sekali, atau sebutkan foldernya dengan --xlstart."
                ) from exc
            lines.append(
                f"Excel tidak dapat ditanya ({exc}); memakai folder XLSTART bawaan {xlstart_dir}."
            )
    lines.append(f"Folder XLSTART Excel: {xlstart_dir}")

    if talk_to_excel:
        _close_open_addins([XLWINGS_ADDIN_FILE_NAME, ADDIN_FILE_NAME])

    target = _copy(xlwings_source, xlstart_dir, "Add-in xlwings")
    lines.append(f"Add-in xlwings {xlwings_version()} dipasang: {target}")
    target = _copy(source, xlstart_dir, "Add-in xl-lkip", ADDIN_FILE_NAME)
    lines.append(f"Add-in xl-lkip (tab LKjIP) dipasang: {target}")

    built_for = addin_versions(source).get("xlwings")
    if built_for and built_for != xlwings_version():
        lines.append(
            f"PERINGATAN: add-in xl-lkip dibuat untuk xlwings {built_for}, sedangkan yang "
            f"terpasang xlwings {xlwings_version()}. Fungsi lembar kerja bisa gagal dimuat; pasang "
            f"xlwings=={built_for} (pip install xlwings=={built_for}) lalu ulangi perintah ini."
        )

    if loc.applescript_dir is not None:
        script = xlwings_source.parent.parent / f"xlwings-{xlwings_version()}.applescript"
        if script.is_file():
            target = _copy(script, loc.applescript_dir, "Skrip AppleScript xlwings")
            lines.append(f"Skrip RunPython untuk Excel macOS dipasang: {target}")

    python = interpreter or default_interpreter(platform)
    if not Path(python).is_file():
        lines.append(f"PERINGATAN: interpreter {python} tidak ditemukan di komputer ini.")

    key = loc.interpreter_key
    xlwings_values = {key: python}
    if platform == "win32":
        xlwings_values["UDF MODULES"] = UDF_MODULES
    changed = update_conf(loc.xlwings_conf, xlwings_values, platform=platform)
    lines.append(
        f"Konfigurasi add-in xlwings ditulis: {loc.xlwings_conf} "
        f"({', '.join(f'{k} = {v}' for k, v in xlwings_values.items())})"
    )
    lines.extend(f"  {k} sebelumnya: {v}" for k, v in changed.items() if v)
    addin_values = {key: python}
    if platform == "win32":
        addin_values[UDF_SERVER_KEY] = "True" if use_udf_server else "False"
    changed = update_conf(loc.addin_conf, addin_values, platform=platform)
    lines.append(
        f"Konfigurasi add-in xl-lkip ditulis: {loc.addin_conf} "
        f"({', '.join(f'{k} = {v}' for k, v in addin_values.items())})"
    )
    lines.extend(f"  {k} sebelumnya: {v}" for k, v in changed.items() if v)

    trust: bool | None = None
    if platform == "win32" and trust_vba:
        trust = _set_vba_trust()
        lines.append(
            "Akses ke model objek proyek VBA diizinkan untuk pengguna ini (registri HKCU)."
            if trust else
            "Akses ke model objek proyek VBA tidak dapat diatur dari sini; lakukan langkah 2."
        )

    lines.append("")
    lines.extend(checklist(platform, done_trust=bool(trust)))
    return lines


# --------------------------------------------------------------------------------------------
# The checklist: what only the user (or IT) can do, each step checked by `status`
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One manual step: its number in the checklist, what to do, and who may do it."""

    number: int
    name: str
    text: str
    admin: bool = False


VBA_TRUST_PATH = (
    "File > Opsi > Pusat Kepercayaan > Pengaturan Pusat Kepercayaan > Pengaturan Makro > "
    "\"Percayai akses ke model objek proyek VBA\" (File > Options > Trust Center > Trust Center "
    "Settings > Macro Settings > Trust access to the VBA project object model)"
)
STEP_RESTART = "Buka ulang Excel"
STEP_TRUST = "Akses ke model objek proyek VBA"
STEP_IMPORT = "Fungsi lembar kerja (UDF)"


def manual_steps(platform: str) -> list[Step]:
    """The steps `install` cannot do for a user without admin rights, in order."""
    steps = [Step(1, STEP_RESTART,
                  "Tutup semua jendela Excel, lalu buka lagi: tab LKjIP dan tab xlwings muncul, "
                  "tombol LKjIP > Perbarui Laporan siap dipakai.")]
    if platform == "win32":
        steps.append(Step(
            2, STEP_TRUST,
            f"Hanya untuk fungsi lembar kerja (CAPAIAN, KATEGORI, ...): centang {VBA_TRUST_PATH}. "
            "Bila kotaknya abu-abu (dikunci kebijakan kantor), minta bagian TI mengizinkannya. "
            "Atau jalankan `xl-lkip addin install --izinkan-akses-vba`.",
        ))
        steps.append(Step(
            3, STEP_IMPORT,
            "Impor fungsinya ke add-in: Alt+F11, proyek MyAddin (xl_lkip.xlam) > Modules > "
            "xlwings, letakkan kursor di Sub ImportPythonUDFsToAddin, tekan F5, lalu simpan "
            "(Ctrl+S). Ulangi setelah setiap pembaruan xl-lkip.",
        ))
    return steps


def checklist(platform: str, *, done_trust: bool = False) -> list[str]:
    """The numbered checklist `install` ends with, in Bahasa Indonesia."""
    lines = [f"Selesai. Sisanya hanya dapat Anda lakukan sendiri (rincian: {README_SECTION}):"]
    for step in manual_steps(platform):
        if step.name == STEP_TRUST and done_trust:
            lines.append(f"  {step.number}. {step.name}: sudah diizinkan oleh perintah ini.")
            continue
        who = " [perlu admin/TI]" if step.admin else ""
        lines.append(f"  {step.number}. {step.text}{who}")
    if platform != "win32":
        lines.append("  Fungsi lembar kerja (UDF) tidak tersedia di Excel macOS; tombol "
                     "Perbarui Laporan tetap dapat dipakai.")
    lines.append("Periksa setiap langkah dengan `xl-lkip addin status`: yang belum selesai "
                 "ditandai [BELUM] beserta nomor langkahnya.")
    return lines


# --------------------------------------------------------------------------------------------
# status
# --------------------------------------------------------------------------------------------


def _set_vba_trust() -> bool:
    """Tick "Trust access to the VBA project object model" for this user (HKCU AccessVBOM=1)
    in each installed Office version; False when not on Windows or the registry refuses."""
    try:
        import winreg  # type: ignore[import-not-found]
    except ImportError:
        return False
    done = False
    for version in OFFICE_VERSIONS:
        base = rf"Software\Microsoft\Office\{version}\Excel"
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, base):
                pass
        except OSError:
            continue  # this Office version is not installed for this user
        try:
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, base + r"\Security") as key:
                winreg.SetValueEx(key, "AccessVBOM", 0, winreg.REG_DWORD, 1)
            done = True
        except OSError:
            continue
    return done


def _vba_trust_from_registry() -> bool | None:
    """AccessVBOM from the registry (policy first), or None when unknown / not on Windows."""
    try:
        import winreg  # type: ignore[import-not-found]
    except ImportError:
        return None
    for template in (
        r"Software\Policies\Microsoft\Office\{v}\Excel\Security",
        r"Software\Microsoft\Office\{v}\Excel\Security",
    ):
        for version in OFFICE_VERSIONS:
            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, template.format(v=version)) as key:
                    value, _kind = winreg.QueryValueEx(key, "AccessVBOM")
            except OSError:
                continue
            return bool(value)
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def status(
    *,
    home: Path | str | None = None,
    xlstart: Path | str | None = None,
    platform: str | None = None,
) -> list[StatusItem]:
    """What is installed and what is missing, one StatusItem per thing; never starts Excel."""
    platform = _platform(platform)
    items: list[StatusItem] = []
    if platform not in SUPPORTED_PLATFORMS:
        items.append(StatusItem("Excel", False, unsupported_message(platform)))
        return items
    items.append(StatusItem("Sistem operasi", True, _platform_name(platform)))

    loc = locations(platform=platform, home=home, xlstart=xlstart)
    xlstart_dir = loc.xlstart
    if xlstart_dir is None:
        xlstart_dir = default_xlstart(platform, Path(home) if home is not None else None)
        if xlstart_dir is None:
            xlstart_dir = _xlstart_from_running_excel()

    if xlstart_dir is None:
        items.append(StatusItem(
            "Folder XLSTART", None,
            "tidak diketahui tanpa Excel yang berjalan; buka Excel lalu ulangi, atau pakai "
            "--xlstart",
        ))
    else:
        items.append(StatusItem(
            "Folder XLSTART", xlstart_dir.is_dir(),
            str(xlstart_dir) if xlstart_dir.is_dir() else f"{xlstart_dir} belum ada",
        ))

    run_install = "jalankan `xl-lkip addin install`"
    installed_xlwings = xlwings_version()
    if xlstart_dir is not None:
        target = xlstart_dir / XLWINGS_ADDIN_FILE_NAME
        if not target.is_file():
            items.append(StatusItem("Add-in xlwings", False, f"belum terpasang; {run_install}"))
        elif _same_file(target, xlwings_addin()):
            items.append(StatusItem(
                "Add-in xlwings", True, f"terpasang (xlwings {installed_xlwings}): {target}"
            ))
        else:
            items.append(StatusItem(
                "Add-in xlwings", False,
                f"terpasang, tetapi bukan versi xlwings {installed_xlwings} yang ada di Python "
                f"ini: {target}; {run_install}",
            ))

        target = xlstart_dir / ADDIN_FILE_NAME
        if not target.is_file():
            items.append(StatusItem("Add-in xl-lkip", False, f"belum terpasang; {run_install}"))
        else:
            have = addin_versions(target)
            try:
                want = addin_versions(shipped_addin())
            except AddinError:
                want = {}
            if want and have != want:
                items.append(StatusItem(
                    "Add-in xl-lkip", False,
                    f"terpasang versi {have.get('xl-lkip', '?')}, paket ini membawa versi "
                    f"{want.get('xl-lkip', '?')}: {target}; {run_install}",
                ))
            else:
                items.append(StatusItem("Add-in xl-lkip", True, f"terpasang: {target}"))
            built_for = have.get("xlwings")
            if built_for and built_for != installed_xlwings:
                items.append(StatusItem(
                    "Versi xlwings", False,
                    f"add-in xl-lkip dibuat untuk xlwings {built_for}, terpasang "
                    f"{installed_xlwings}; pasang xlwings=={built_for}",
                ))
            items.append(_restart_item(platform))
            if platform == "win32":
                if addin_has_udfs(target):
                    items.append(StatusItem(
                        STEP_IMPORT, True, "sudah diimpor ke add-in xl-lkip", 3
                    ))
                else:
                    items.append(StatusItem(
                        STEP_IMPORT, False,
                        "belum diimpor ke add-in xl-lkip: di Excel tekan Alt+F11 dan jalankan "
                        "ImportPythonUDFsToAddin, lalu simpan (Ctrl+S); impor per buku kerja "
                        "lewat tab xlwings tidak dapat diperiksa dari sini",
                        3,
                    ))

    key = loc.interpreter_key
    conf = read_conf(loc.xlwings_conf)
    required = [key] + (["UDF MODULES"] if platform == "win32" else [])
    missing = [k for k in required if not conf.get(k)]
    udf_ok = platform != "win32" or UDF_MODULES in conf.get("UDF MODULES", "").split(";")
    if not loc.xlwings_conf.is_file():
        items.append(StatusItem(
            "Konfigurasi xlwings", False, f"{loc.xlwings_conf} belum ada; {run_install}"
        ))
    elif missing or not udf_ok:
        items.append(StatusItem(
            "Konfigurasi xlwings", False,
            f"{loc.xlwings_conf}: {', '.join(missing) or 'UDF MODULES'} tidak berisi nilai yang "
            f"diperlukan; {run_install}",
        ))
    else:
        items.append(StatusItem("Konfigurasi xlwings", True, str(loc.xlwings_conf)))

    addin_conf = read_conf(loc.addin_conf)
    python = addin_conf.get(key, "")
    if not python:
        items.append(StatusItem(
            "Konfigurasi add-in xl-lkip", False,
            f"{loc.addin_conf} tidak berisi {key}; {run_install}",
        ))
        items.append(StatusItem("Interpreter Python", False, "belum diatur"))
    else:
        items.append(StatusItem("Konfigurasi add-in xl-lkip", True, str(loc.addin_conf)))
        if platform == "win32":
            items.append(_udf_server_item(addin_conf.get(UDF_SERVER_KEY, ""), loc.addin_conf))
        if not Path(python).is_file():
            items.append(StatusItem(
                "Interpreter Python", False, f"{python} tidak ditemukan; {run_install}"
            ))
        elif Path(python).parent == Path(sys.executable).parent:
            items.append(StatusItem(
                "Interpreter Python", True, f"{python} (Python yang memasang xl-lkip)"
            ))
        else:
            items.append(StatusItem(
                "Interpreter Python", True,
                f"{python} (bukan Python ini; pastikan xl-lkip terpasang di sana)",
            ))

    if platform == "darwin" and loc.applescript_dir is not None:
        script = loc.applescript_dir / f"xlwings-{installed_xlwings}.applescript"
        items.append(StatusItem(
            "Skrip RunPython (macOS)", script.is_file(),
            str(script) if script.is_file() else f"{script} belum ada; {run_install}",
        ))

    if platform == "win32":
        trust = _vba_trust_from_registry() if sys.platform == "win32" else None
        if trust is None:
            items.append(StatusItem(
                STEP_TRUST, None,
                f"tidak dapat diperiksa dari sini; periksa sendiri: {VBA_TRUST_PATH}", 2,
            ))
        elif trust:
            items.append(StatusItem(STEP_TRUST, True, "diizinkan (menurut registri Windows)", 2))
        else:
            items.append(StatusItem(
                STEP_TRUST, False,
                f"belum diizinkan (menurut registri Windows); aktifkan di {VBA_TRUST_PATH}, "
                "atau jalankan `xl-lkip addin install --izinkan-akses-vba`; bila dikunci "
                "kebijakan kantor, minta bagian TI",
                2,
            ))
    items.sort(key=lambda item: item.step or 0)  # the checklist's steps last, in their order
    return items


def _udf_server_item(value: str, conf: Path) -> StatusItem:
    """Whether the button reuses the worksheet functions' Python (a choice, never missing)."""
    name = "Server UDF untuk tombol"
    if value.strip().casefold() == "true":
        return StatusItem(name, True, f"aktif: tombol memakai Python yang sudah berjalan ({conf})")
    if value.strip().casefold() == "false":
        return StatusItem(name, True, f"dimatikan: setiap klik memulai Python baru ({conf})")
    return StatusItem(name, False, f"{UDF_SERVER_KEY} belum diatur di {conf}; jalankan "
                                   "`xl-lkip addin install`")


def _addin_loaded() -> bool | None:
    """Whether a running Excel has opened xl_lkip.xlam; None when no Excel runs here."""
    try:
        import xlwings as xw

        apps = list(xw.apps)
    except Exception:  # noqa: BLE001 - no Excel, no engine: unknown
        return None
    if not apps:
        return None
    for app in apps:
        try:
            app.books[ADDIN_FILE_NAME]
            return True
        except Exception:  # noqa: BLE001 - not open in this instance
            continue
    return False


def _restart_item(platform: str) -> StatusItem:
    loaded = _addin_loaded() if sys.platform == platform else None
    if loaded is None:
        return StatusItem(STEP_RESTART, None, "tidak dapat diperiksa tanpa Excel yang berjalan; "
                                              "buka Excel lalu jalankan perintah ini lagi", 1)
    if loaded:
        return StatusItem(STEP_RESTART, True, "Excel yang berjalan sudah memuat tab LKjIP", 1)
    return StatusItem(STEP_RESTART, False, "Excel berjalan tanpa add-in xl-lkip: tutup semua "
                                           "jendela Excel lalu buka lagi", 1)


def format_status(items: Sequence[StatusItem]) -> list[str]:
    """One line per item: OK / BELUM / ? mark, name, detail, and its checklist step if any."""
    marks = {True: "[OK]", False: "[BELUM]", None: "[?]"}
    return [f"{marks[item.ok]:<7} {item.name}"
            f"{f' (langkah {item.step})' if item.step else ''}: {item.detail}" for item in items]


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """Carry out parsed `xl-lkip addin` arguments; returns the exit code."""
    if args.aksi == "install":
        try:
            lines = install(home=args.home, xlstart=args.xlstart, interpreter=args.interpreter,
                            use_udf_server=not args.tanpa_server_udf,
                            trust_vba=args.izinkan_akses_vba)
        except AddinError as exc:
            print(exc.pesan, file=sys.stderr)
            return 1
        print("\n".join(lines))
        return 0

    items = status(home=args.home, xlstart=args.xlstart)
    print("\n".join(format_status(items)))
    return 0 if all(item.ok is not False for item in items) else 1


def main_addin(argv: Sequence[str] | None = None) -> int:
    """`xl-lkip addin install|status [...]` on its own; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="xl-lkip addin",
        description="Memasang dan memeriksa add-in Excel xl-lkip (tab LKjIP) dan add-in xlwings.",
    )
    add_arguments(parser)
    return run(parser.parse_args(list(argv) if argv is not None else None))
