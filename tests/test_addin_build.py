"""macros/build.py builds the add-in from readable sources into a valid, deterministic package."""

from __future__ import annotations

import hashlib
import importlib.util
import posixpath
import re
import sys
import zipfile
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
import xlwings

import xl_lkip
from xl_lkip.addin import install

pytest.importorskip("oletools.olevba")

ROOT = Path(__file__).resolve().parents[1]
NS_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_UI = "{http://schemas.microsoft.com/office/2006/01/customui}"


def _load_build_module():
    path = ROOT / "macros" / "build.py"
    spec = importlib.util.spec_from_file_location("xl_lkip_macros_build", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load_build_module()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build.build(tmp_path_factory.mktemp("addin") / "xl_lkip.xlam")


@pytest.fixture(scope="module")
def vba(built) -> dict[str, str]:
    return build.extract_vba(built)


def _read(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def test_package_is_a_valid_opc_package(built):
    with zipfile.ZipFile(built) as z:
        assert z.testzip() is None
        names = z.namelist()
        parts = {name: z.read(name) for name in names}
    assert len(names) == len(set(names))

    types = ET.fromstring(parts["[Content_Types].xml"])
    defaults = {
        d.get("Extension").lower(): d.get("ContentType") for d in types.iter(f"{NS_CT}Default")
    }
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{NS_CT}Override")}
    for part_name in overrides:
        assert part_name.lstrip("/") in parts, f"[Content_Types].xml lists missing {part_name}"
    for name in names:
        if name == "[Content_Types].xml":
            continue
        ext = name.rsplit(".", 1)[-1].lower()
        assert f"/{name}" in overrides or ext in defaults, f"{name} has no content type"
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"

    rels_parts = [n for n in names if n.endswith(".rels")]
    assert "_rels/.rels" in rels_parts and "xl/_rels/workbook.xml.rels" in rels_parts
    targets = set()
    for rels in rels_parts:
        source_dir = posixpath.dirname(posixpath.dirname(rels))
        for rel in ET.fromstring(parts[rels]).iter(f"{NS_REL}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(source_dir, target)
            )
            assert resolved in parts, f"{rels}: {target} does not resolve"
            targets.add((rel.get("Type").rsplit("/", 1)[-1], resolved))
    assert ("extensibility", "customUI/customUI.xml") in targets
    assert ("vbaProject", "xl/vbaProject.bin") in targets


def test_ribbon_has_the_lkjip_tab_and_a_large_perbarui_laporan_button(built, vba):
    root = ET.fromstring(_read(built, "customUI/customUI.xml"))
    assert root.tag == f"{NS_UI}customUI"
    tabs = [t for t in root.iter(f"{NS_UI}tab") if t.get("label") == "LKjIP"]
    assert len(tabs) == 1
    buttons = [b for b in tabs[0].iter(f"{NS_UI}button") if b.get("label") == "Perbarui Laporan"]
    assert len(buttons) == 1
    button = buttons[0]
    assert button.get("size") == "large"

    module, _, proc = button.get("onAction").partition(".")
    code = vba[f"{module}.bas"]
    assert re.search(rf"^Sub {proc}\(control As IRibbonControl\)$", code, re.M), (
        f"{button.get('onAction')} is not a ribbon callback in the VBA project"
    )
    # Every callback the ribbon names exists in the VBA project.
    for element in root.iter():
        for attr, value in element.attrib.items():
            if attr.startswith(("on", "get")):
                assert value in build.ribbon_callbacks(vba), f"{attr}={value}"
    assert "@" not in ET.tostring(root, encoding="unicode")


def test_vba_runs_xl_lkip_main_for_this_file_name(built, vba):
    ribbon_module = vba["RibbonMyAddin.bas"]
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in ribbon_module
    assert "Public Function RunPython(PythonCommand As String)" in vba["xlwings.bas"]
    assert built.name == install.ADDIN_FILE_NAME
    command = build.runmain_command(vba, built.name)
    assert command == "import xl_lkip;xl_lkip.main()"
    assert importlib.util.find_spec("xl_lkip") is not None


def test_vba_project_is_the_template_byte_for_byte(built):
    with zipfile.ZipFile(build.template_path()) as z:
        template_vba = z.read("xl/vbaProject.bin")
    assert _read(built, "xl/vbaProject.bin") == template_vba
    manifest = build.read_manifest()
    assert manifest["vbaProject.bin sha256"] == hashlib.sha256(template_vba).hexdigest()


def test_vba_listing_in_macros_matches_the_built_addin(vba):
    assert build.read_vba_listing() == vba


def _sheet_rows(path: Path) -> list[tuple[str, object]]:
    sst = ET.fromstring(_read(path, "xl/sharedStrings.xml"))
    strings = ["".join(t.text or "" for t in si.iter(f"{NS_MAIN}t")) for si in sst]
    sheet = ET.fromstring(_read(path, "xl/worksheets/sheet1.xml"))
    rows = []
    for expected_r, row in enumerate(sheet.iter(f"{NS_MAIN}row"), start=1):
        assert row.get("r") == str(expected_r), "config rows must be contiguous from A1"
        values = {}
        for cell in row.iter(f"{NS_MAIN}c"):
            v = cell.find(f"{NS_MAIN}v").text
            kind = cell.get("t")
            values[cell.get("r")[0]] = (
                strings[int(v)] if kind == "s" else v == "1" if kind == "b" else float(v)
            )
        rows.append((values["A"], values.get("B", "")))
    return rows


def test_config_sheet_is_active_and_holds_the_udf_module(built, vba):
    workbook = ET.fromstring(_read(built, "xl/workbook.xml"))
    sheet_names = [s.get("name") for s in workbook.iter(f"{NS_MAIN}sheet")]
    project = build.vba_project_name(vba)
    assert project == install.PROJECT_NAME == "myaddin"
    # The VBA reads wb.Sheets(PROJECT_NAME & ".conf"); "_myaddin.conf" would be ignored.
    assert sheet_names == [f"{project}.conf"]
    assert 'Set sht = wb.Sheets(PROJECT_NAME & ".conf")' in vba["xlwings.bas"]

    rows = dict(_sheet_rows(built))
    assert rows["UDF Modules"] == install.UDF_MODULES == "xl_lkip.excel.udfs"
    # A key in the sheet wins over the user's config file: no interpreter here.
    assert not any(key.upper().startswith("INTERPRETER") for key in rows)
    known = build.vba_config_keys(vba)
    assert {key.upper() for key in rows} <= known


def test_core_properties_carry_the_versions(built):
    assert install.addin_versions(built) == {
        "xl-lkip": xl_lkip.__version__,
        "xlwings": xlwings.__version__,
    }
    root = ET.fromstring(_read(built, "docProps/core.xml"))
    title = root.find("{http://purl.org/dc/elements/1.1/}title").text
    assert "xl-lkip" in title


def test_build_is_deterministic(tmp_path, built):
    again = build.build(tmp_path / "again" / "xl_lkip.xlam")
    assert again.read_bytes() == built.read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {info.date_time for info in z.infolist()} == {build.ZIP_DATE_TIME}
        with zipfile.ZipFile(build.template_path()) as t:
            assert z.namelist() == t.namelist()


def test_shipped_addin_equals_a_fresh_build(built):
    shipped = install.shipped_addin()
    assert build.package_parts(shipped) == build.package_parts(built), (
        "xl_lkip/data/xl_lkip.xlam is stale: run `python macros/build.py` and commit it"
    )


def test_build_refuses_an_interpreter_in_the_sheet(tmp_path):
    config = (ROOT / "macros" / "config.toml").read_text("utf-8")
    bad = tmp_path / "config.toml"
    bad.write_text(config + '\n[[sheet]]\nkey = "Interpreter_Win"\nvalue = ""\n', "utf-8")
    with pytest.raises(build.BuildError, match="Interpreter_Win"):
        build.load_config(bad)


def test_build_refuses_a_callback_the_vba_does_not_have(vba):
    source = (ROOT / "macros" / "ribbon" / "customUI.xml").read_text("utf-8")
    bad = source.replace("RibbonMyAddin.RunMain", "RibbonMyAddin.RunCheckOnly")
    with pytest.raises(build.BuildError, match="RunCheckOnly"):
        build.render_ribbon(bad, {"XL_LKIP_VERSION": "0", "XLWINGS_VERSION": "0"},
                            build.ribbon_callbacks(vba))
