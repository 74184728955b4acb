"""Build xl_lkip.xlam from the xlwings ribbon add-in template and the readable sources in macros/.

The template (``xlwings/quickstart_addin_ribbon.xlam`` in the installed xlwings wheel) already
holds the complete VBA project: the xlwings runtime module and ``RibbonMyAddin.RunMain``, which runs
``RunPython "import <file name>;<file name>.main()"``. The build never touches that VBA project
(``xl/vbaProject.bin`` is copied byte for byte); it rewrites only plain XML parts of the package:

* ``customUI/customUI.xml``      <- macros/ribbon/customUI.xml (versions filled in)
* ``xl/workbook.xml``            <- the config sheet renamed "_myaddin.conf" -> "myaddin.conf"
* ``xl/worksheets/sheet1.xml``   <- the config sheet's rows from macros/config.toml
* ``xl/sharedStrings.xml``       <- the strings of those rows
* ``docProps/core.xml``          <- title, description, keywords (versions)

The output is deterministic: same part order as the template, fixed timestamps, fixed compression.

macros/vba/ holds the VBA of the template as extracted by oletools' olevba (readable source for
reviewers) plus MANIFEST.txt with the SHA-256 of the vbaProject.bin it was extracted from. The
build refuses to run when the template's VBA no longer matches that listing
(run ``python macros/build.py --update-vba`` after reviewing the new VBA).

Usage::

    python macros/build.py                 # build xl_lkip/data/xl_lkip.xlam (+ refresh macros/vba)
    python macros/build.py --out X.xlam    # build somewhere else
    python macros/build.py --check         # exit 1 if the committed add-in or listing is stale
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

import defusedxml.ElementTree as ET

MACROS_DIR = Path(__file__).resolve().parent
REPO_DIR = MACROS_DIR.parent
RIBBON_XML = MACROS_DIR / "ribbon" / "customUI.xml"
CONFIG_TOML = MACROS_DIR / "config.toml"
VBA_DIR = MACROS_DIR / "vba"
VBA_MANIFEST = VBA_DIR / "MANIFEST.txt"
PACKAGE_ADDIN = REPO_DIR / "xl_lkip" / "data" / "xl_lkip.xlam"
VERSION_FILE = REPO_DIR / "xl_lkip" / "__init__.py"

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_COMPRESSLEVEL = 6

PART_RIBBON = "customUI/customUI.xml"
PART_WORKBOOK = "xl/workbook.xml"
PART_SHEET = "xl/worksheets/sheet1.xml"
PART_SST = "xl/sharedStrings.xml"
PART_CORE = "docProps/core.xml"
PART_VBA = "xl/vbaProject.bin"

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_CUSTOMUI = "http://schemas.microsoft.com/office/2006/01/customui"


class BuildError(RuntimeError):
    """The sources and the template do not fit together."""


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


def load_config(path: Path = CONFIG_TOML) -> dict:
    """Read macros/config.toml and check its shape."""
    with open(path, "rb") as f:
        config = tomllib.load(f)
    addin = config.get("addin", {})
    for key in ("file_name", "template", "project_name"):
        if not isinstance(addin.get(key), str) or not addin[key]:
            raise BuildError(f"{path}: [addin] {key} is missing")
    stem, dot, ext = addin["file_name"].rpartition(".")
    if not dot or ext.lower() != "xlam" or not stem.isidentifier():
        raise BuildError(
            f"{path}: [addin] file_name must be <python module name>.xlam, "
            f"got {addin['file_name']!r}"
        )
    rows = config.get("sheet", [])
    if not rows:
        raise BuildError(f"{path}: no [[sheet]] rows")
    seen: set[str] = set()
    for row in rows:
        key, value = row.get("key"), row.get("value")
        if not isinstance(key, str) or not key.strip():
            raise BuildError(f"{path}: a [[sheet]] row has no key")
        if not isinstance(value, (str, bool, int, float)):
            raise BuildError(f"{path}: [[sheet]] {key!r} has no scalar value")
        if key.upper() in seen:
            raise BuildError(f"{path}: [[sheet]] {key!r} appears twice (the VBA would fail)")
        seen.add(key.upper())
        if key.upper().startswith("INTERPRETER"):
            raise BuildError(
                f"{path}: {key!r} must not be in the sheet: a sheet entry overrides the user's "
                "config file, where `xl-lkip addin install` writes the interpreter"
            )
    return config


def template_path(config: dict | None = None) -> Path:
    """The ribbon add-in template inside the installed xlwings package."""
    import xlwings

    config = config or load_config()
    path = Path(xlwings.__file__).resolve().parent / config["addin"]["template"]
    if not path.is_file():
        raise BuildError(f"xlwings template not found: {path}")
    return path


def xlwings_version() -> str:
    return importlib.metadata.version("xlwings")


def xl_lkip_version() -> str:
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', VERSION_FILE.read_text("utf-8"), re.M)
    if not match:
        raise BuildError(f"no __version__ in {VERSION_FILE}")
    return match.group(1)


def read_vba_listing(vba_dir: Path = VBA_DIR) -> dict[str, str]:
    """The committed VBA listing: {file name: source with LF line ends}."""
    return {
        p.name: p.read_text("utf-8")
        for p in sorted(vba_dir.iterdir())
        if p.suffix in (".bas", ".cls", ".frm")
    }


def read_manifest(path: Path = VBA_MANIFEST) -> dict[str, str]:
    result: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#") and ":" in line:
                key, _, value = line.partition(":")
                result[key.strip()] = value.strip()
    return result


# --------------------------------------------------------------------------------------------
# VBA facts the build relies on (checked against the readable listing)
# --------------------------------------------------------------------------------------------


def ribbon_callbacks(listing: dict[str, str]) -> set[str]:
    """`Module.Procedure` names that can serve as a button's onAction (one IRibbonControl arg)."""
    pattern = re.compile(
        r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*(?:ByVal\s+|ByRef\s+)?\w+\s+As\s+IRibbonControl\s*\)",
        re.I | re.M,
    )
    found = set()
    for name, code in listing.items():
        module = name.rsplit(".", 1)[0]
        for proc in pattern.findall(code):
            found.add(f"{module}.{proc}")
    return found


def vba_project_name(listing: dict[str, str]) -> str:
    for code in listing.values():
        match = re.search(r'PROJECT_NAME\s+As\s+String\s*=\s*"([^"]*)"', code)
        if match:
            return match.group(1)
    raise BuildError("PROJECT_NAME constant not found in the VBA listing")


def vba_config_keys(listing: dict[str, str]) -> set[str]:
    """Upper-cased keys the VBA asks GetConfig for."""
    keys: set[str] = set()
    for code in listing.values():
        keys.update(k.upper() for k in re.findall(r'GetConfig\("([^"]+)"', code))
    return keys


def runmain_command(listing: dict[str, str], file_name: str) -> str:
    """The Python command RibbonMyAddin.RunMain runs for an add-in file called `file_name`.

    Checks that the template's RunMain still has the shape this project relies on and evaluates
    it for our file name (VBA: Left(name, InStrRev(name, ".") - 1)).
    """
    code = listing.get("RibbonMyAddin.bas", "")
    stem_expr = (
        'mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, ".", -1, '
        "vbTextCompare) - 1))"
    )
    call = 'RunPython "import " & mymodule & ";" & mymodule & ".main()"'
    if stem_expr not in code or call not in code:
        raise BuildError("RibbonMyAddin.RunMain no longer has the expected RunPython call")
    stem = file_name[: file_name.rfind(".")]
    return f"import {stem};{stem}.main()"


# --------------------------------------------------------------------------------------------
# Rendering of the rewritten parts
# --------------------------------------------------------------------------------------------


def render_ribbon(source: str, versions: dict[str, str], callbacks: set[str]) -> bytes:
    # Comments are for the readable source only; the built part carries none.
    text = re.sub(r"\s*<!--.*?-->", "", source, flags=re.S)
    for key, value in versions.items():
        text = text.replace(f"@{key}@", escape(value))
    leftover = re.search(r"@[A-Z_]+@", text)
    if leftover:
        raise BuildError(f"unknown placeholder {leftover[0]} in {RIBBON_XML}")
    root = ET.fromstring(text.encode("utf-8"))
    if root.tag != f"{{{NS_CUSTOMUI}}}customUI":
        raise BuildError(f"{RIBBON_XML}: root element must be customUI in {NS_CUSTOMUI}")
    ids: set[str] = set()
    for element in root.iter():
        control_id = element.get("id")
        if control_id is not None:
            if control_id in ids:
                raise BuildError(f"{RIBBON_XML}: duplicate id {control_id!r}")
            ids.add(control_id)
        for attr, value in element.attrib.items():
            if attr.startswith("on") or attr.startswith("get"):
                if value not in callbacks:
                    raise BuildError(
                        f"{RIBBON_XML}: {attr}={value!r} is not a ribbon callback of the "
                        f"template's VBA (available: {', '.join(sorted(callbacks))})"
                    )
    return text.encode("utf-8")


def _cell_ref(col: int, row: int) -> str:
    return f"{'AB'[col]}{row}"


def render_sheet(template_sheet: str, rows: list[dict]) -> tuple[bytes, bytes]:
    """The config sheet (worksheet XML) and its shared strings for `rows`."""
    strings: list[str] = []

    def sst_index(text: str) -> int:
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    xml_rows = []
    total_refs = 0
    for r, row in enumerate(rows, start=1):
        cells = [f'<c r="{_cell_ref(0, r)}" s="1" t="s"><v>{sst_index(row["key"])}</v></c>']
        total_refs += 1
        value = row["value"]
        if isinstance(value, bool):
            cells.append(f'<c r="{_cell_ref(1, r)}" s="1" t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, (int, float)):
            cells.append(f'<c r="{_cell_ref(1, r)}" s="1"><v>{value}</v></c>')
        elif value != "":
            cells.append(f'<c r="{_cell_ref(1, r)}" s="1" t="s"><v>{sst_index(value)}</v></c>')
            total_refs += 1
        xml_rows.append(f'<row r="{r}" spans="1:2" ht="15.75">{"".join(cells)}</row>')

    width_a = max(14.75, max(len(row["key"]) for row in rows) * 1.1 + 2)
    width_b = max(9.25, max(len(str(row["value"])) for row in rows) * 1.1 + 2)
    cols = (
        f'<cols><col min="1" max="1" width="{width_a:g}" style="1" customWidth="1" />'
        f'<col min="2" max="2" width="{width_b:g}" style="1" customWidth="1" />'
        '<col min="3" max="16384" width="8.875" style="1" /></cols>'
    )
    sheet = template_sheet
    for pattern, replacement in (
        (r'<dimension ref="[^"]*" ?/>', f'<dimension ref="A1:B{len(rows)}" />'),
        (r"<cols>.*?</cols>", cols),
        (r"<sheetData>.*?</sheetData>", f"<sheetData>{''.join(xml_rows)}</sheetData>"),
    ):
        sheet, count = re.subn(pattern, lambda _m, rep=replacement: rep, sheet, flags=re.S)
        if count != 1:
            raise BuildError(f"template {PART_SHEET}: expected one match of {pattern!r}")

    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="{NS_MAIN}" count="{total_refs}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>"
    )
    return sheet.encode("utf-8"), sst.encode("utf-8")


def render_workbook(template_workbook: str, project_name: str) -> bytes:
    old = f'name="_{project_name}.conf"'
    if template_workbook.count(old) != 1:
        raise BuildError(f"template {PART_WORKBOOK}: no sheet named _{project_name}.conf")
    return template_workbook.replace(old, f'name="{project_name}.conf"').encode("utf-8")


def render_core(template_core: str, properties: dict, keywords: str) -> bytes:
    core = template_core
    for tag, value in (
        ("dc:title", properties.get("title", "")),
        ("dc:description", properties.get("description", "")),
        ("cp:keywords", keywords),
        ("dc:creator", "xl-lkip"),
        ("cp:lastModifiedBy", "macros/build.py"),
    ):
        element = f"<{tag}>{escape(value)}</{tag}>" if value else f"<{tag} />"
        core, count = re.subn(
            rf"<{tag}\s*/>|<{tag}>.*?</{tag}>", lambda _m, e=element: e, core, flags=re.S
        )
        if count != 1:
            raise BuildError(f"template {PART_CORE}: expected one <{tag}>")
    return core.encode("utf-8")


def keywords_for(versions: dict[str, str]) -> str:
    """Keywords of the built add-in; xl_lkip.addin.install reads the xlwings version back."""
    return f"xl-lkip {versions['XL_LKIP_VERSION']}; xlwings {versions['XLWINGS_VERSION']}"


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


def build(out_path: Path | str = PACKAGE_ADDIN, *, check_listing: bool = True) -> Path:
    """Build the add-in into `out_path` and return the path.

    With `check_listing`, the template's vbaProject.bin must be the one the committed listing in
    macros/vba/ was extracted from (SHA-256 in macros/vba/MANIFEST.txt).
    """
    config = load_config()
    template = template_path(config)
    listing = read_vba_listing()
    project_name = vba_project_name(listing)
    if project_name != config["addin"]["project_name"]:
        raise BuildError(
            f"config.toml says project_name={config['addin']['project_name']!r} but the VBA's "
            f"PROJECT_NAME is {project_name!r}"
        )
    known_keys = vba_config_keys(listing)
    for row in config["sheet"]:
        if row["key"].upper() not in known_keys:
            raise BuildError(f"config sheet key {row['key']!r} is never read by the VBA")
    runmain_command(listing, config["addin"]["file_name"])

    versions = {"XL_LKIP_VERSION": xl_lkip_version(), "XLWINGS_VERSION": xlwings_version()}

    with zipfile.ZipFile(template) as zin:
        parts = {info.filename: zin.read(info.filename) for info in zin.infolist()}
        order = [info.filename for info in zin.infolist()]

    if check_listing:
        digest = hashlib.sha256(parts[PART_VBA]).hexdigest()
        recorded = read_manifest().get("vbaProject.bin sha256")
        if digest != recorded:
            raise BuildError(
                f"the template's vbaProject.bin (sha256 {digest}, xlwings "
                f"{versions['XLWINGS_VERSION']}) is not the one macros/vba/ lists (sha256 "
                f"{recorded}). Review the new VBA and run `python macros/build.py --update-vba` "
                "(needs oletools)."
            )

    callbacks = ribbon_callbacks(listing)
    parts[PART_RIBBON] = render_ribbon(RIBBON_XML.read_text("utf-8"), versions, callbacks)
    parts[PART_WORKBOOK] = render_workbook(parts[PART_WORKBOOK].decode("utf-8"), project_name)
    parts[PART_SHEET], parts[PART_SST] = render_sheet(
        parts[PART_SHEET].decode("utf-8"), config["sheet"]
    )
    parts[PART_CORE] = render_core(
        parts[PART_CORE].decode("utf-8"), config.get("properties", {}), keywords_for(versions)
    )

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zout:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, parts[name], compresslevel=ZIP_COMPRESSLEVEL)
    tmp.replace(out_path)
    return out_path


def package_parts(path: Path | str) -> list[tuple[str, bytes]]:
    """(name, uncompressed content) of every part, in order: what `--check` compares."""
    with zipfile.ZipFile(path) as z:
        return [(info.filename, z.read(info.filename)) for info in z.infolist()]


# --------------------------------------------------------------------------------------------
# VBA listing (needs oletools, a test dependency)
# --------------------------------------------------------------------------------------------


def extract_vba(xlam: Path | str) -> dict[str, str]:
    """{module file name: source} of the VBA project in `xlam`, as olevba extracts it (LF ends)."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlam))
    try:
        return {
            vba_filename: code.replace("\r\n", "\n").replace("\r", "\n")
            for _f, _stream, vba_filename, code in parser.extract_macros()
        }
    finally:
        parser.close()


def manifest_text(xlam: Path | str) -> str:
    with zipfile.ZipFile(xlam) as z:
        digest = hashlib.sha256(z.read(PART_VBA)).hexdigest()
    return (
        "# VBA listing in this folder: extracted with oletools' olevba from the xlwings template\n"
        "# by `python macros/build.py --update-vba`. Do not edit the listing by hand.\n"
        f"template: xlwings/{load_config()['addin']['template']}\n"
        f"xlwings: {xlwings_version()}\n"
        f"vbaProject.bin sha256: {digest}\n"
    )


def update_vba_listing(vba_dir: Path = VBA_DIR) -> list[Path]:
    """Rewrite macros/vba/ from the installed template; returns the files written."""
    template = template_path()
    modules = extract_vba(template)
    vba_dir.mkdir(parents=True, exist_ok=True)
    for old in vba_dir.iterdir():
        if old.suffix in (".bas", ".cls", ".frm") and old.name not in modules:
            old.unlink()
    written = []
    for name, code in sorted(modules.items()):
        path = vba_dir / name
        path.write_text(code, "utf-8", newline="\n")
        written.append(path)
    manifest = vba_dir / VBA_MANIFEST.name
    manifest.write_text(manifest_text(template), "utf-8", newline="\n")
    written.append(manifest)
    return written


def check(out_path: Path = PACKAGE_ADDIN) -> list[str]:
    """Problems with the committed add-in and listing (empty list: all up to date)."""
    import tempfile

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build(Path(tmp) / out_path.name)
        if not out_path.is_file():
            problems.append(f"{out_path} is missing")
        elif package_parts(out_path) != package_parts(fresh):
            problems.append(f"{out_path} differs from a fresh build")
        try:
            extracted = extract_vba(fresh)
        except ImportError:
            problems.append("oletools is not installed: cannot verify macros/vba/")
        else:
            if extracted != read_vba_listing():
                problems.append("macros/vba/ differs from the VBA in the template")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PACKAGE_ADDIN, help="output .xlam path")
    parser.add_argument("--check", action="store_true", help="only verify the committed outputs")
    parser.add_argument(
        "--update-vba", action="store_true", help="re-extract macros/vba/ from the template first"
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = check(args.out)
            for problem in problems:
                print(f"STALE: {problem}", file=sys.stderr)
            if problems:
                print("Run `python macros/build.py` and commit the result.", file=sys.stderr)
                return 1
            print("xl_lkip.xlam and macros/vba/ are up to date.")
            return 0
        if args.update_vba:
            for path in update_vba_listing():
                print(f"wrote {path.relative_to(REPO_DIR)}")
        out = build(args.out)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"built {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
