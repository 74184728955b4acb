"""Never lose a byte of the user's work, and read every workbook a real producer writes.

Each test builds the situation a user or an IT officer running a batch met (two workbooks of
one name, a non-LKjIP workbook in the folder, a second in-place run, a symlink, a killed run,
cells without addresses, prefixed namespaces, openpyxl and Strict saves, a picture on a
report sheet) and checks the file system afterwards.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from tests.corpus.generate import sheet_part
from tests.factory import IDENTITAS, clean_workbook, tiny_png
from xl_lkip.cli import main
from xl_lkip.core import schema
from xl_lkip.files import service
from xl_lkip.files.package import NS_MAIN, NS_REL, Package
from xl_lkip.files.service import expand, perbarui_berkas, periksa_berkas
from xl_lkip.files.workbook import load_grids
from xl_lkip.files.xlsx import TEMP_PREFIX, TulisError, packager, styles, verify

ROOT = Path(__file__).resolve().parent.parent


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_parts(path: Path, data: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in data.items():
            z.writestr(n, d)
    return path




def drop_report_sheet(path: Path, name: str = "Tabel Efisiensi") -> Path:
    """Remove a report sheet from workbook.xml, as a user deleting it would."""
    data = parts(path)
    part = sheet_part(path, name)
    wb = data["xl/workbook.xml"].decode()
    data["xl/workbook.xml"] = re.sub(rf'<sheet name="{name}"[^>]*/>', "", wb).encode()
    del data[part]
    return write_parts(path, data)


def not_lkjip(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "DPA"
    wb.active["A1"] = "Daftar Pelaksanaan Anggaran"
    wb.save(path)
    return path


def temp_names(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if "xl-lkip-" in p.name]


# --- 1. two workbooks of one name in different subfolders --------------------------------------


def test_batch_mirrors_input_folders_under_keluaran(tmp_path: Path) -> None:
    src = tmp_path / "opd"
    a = clean_workbook((src / "kesehatan").joinpath("lkjip-2020.xlsx"), n=2) \
        if (src / "kesehatan").mkdir(parents=True) is None else None
    (src / "pendidikan").mkdir()
    b = clean_workbook(src / "pendidikan" / "lkjip-2020.xlsx", n=3)
    out = tmp_path / "hasil"
    assert main(["perbarui", str(src), "--keluaran", str(out), "--proses", "1", "--json"]) == 0
    ka, kb = out / "kesehatan" / "lkjip-2020.xlsx", out / "pendidikan" / "lkjip-2020.xlsx"
    assert ka.exists() and kb.exists()
    # each output is its own input regenerated (3 indicators vs 2)
    assert load_grids(ka)["Realisasi"].values != load_grids(kb)["Realisasi"].values
    assert load_grids(ka)["Realisasi"].values == load_grids(a)["Realisasi"].values
    assert load_grids(kb)["Realisasi"].values == load_grids(b)["Realisasi"].values
    # an output folder inside the input folder: a second run does not take outputs as input
    inner = src / "hasil"
    assert main(["perbarui", str(src), "--keluaran", str(inner), "--proses", "1", "--json"]) == 0
    assert main(["perbarui", str(src), "--keluaran", str(inner), "--proses", "1", "--json"]) == 0
    assert not (inner / "hasil").exists()


def test_two_named_files_of_one_name_are_refused_before_writing(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = clean_workbook(tmp_path / "a" / "lkjip.xlsx")
    b = clean_workbook(tmp_path / "b" / "lkjip.xlsx")
    out = tmp_path / "hasil"
    assert main(["perbarui", str(a), str(b), "--keluaran", str(out)]) == 2
    err = capsys.readouterr().err
    assert "berkas yang sama" in err and "Traceback" not in err
    assert not out.exists() or list(out.rglob("*")) == []


# --- 2. a workbook that is not an LKjIP workbook ---------------------------------------------


def test_folder_run_skips_non_lkjip_workbook(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "opd"
    folder.mkdir()
    clean_workbook(folder / "lkjip.xlsx")
    dpa = not_lkjip(folder / "DPA-2020.xlsx")
    before = dpa.read_bytes()
    assert main(["perbarui", str(folder), "--proses", "1"]) == 0
    err = capsys.readouterr().err
    assert dpa.read_bytes() == before
    assert not (folder / "DPA-2020.cadangan.xlsx").exists()
    lines = [ln for ln in err.splitlines() if "DPA-2020.xlsx" in ln]
    assert len(lines) == 1 and "dilewati" in lines[0] and "bukan buku kerja LKjIP" in lines[0]
    assert (folder / "lkjip.cadangan.xlsx").exists()  # the LKjIP workbook was regenerated


# --- 3. backups --------------------------------------------------------------------------------


def test_backups_are_never_overwritten(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    original = wb.read_bytes()
    first = perbarui_berkas(wb)
    after_first = wb.read_bytes()
    second = perbarui_berkas(wb)
    third = perbarui_berkas(wb)
    assert first.galat_berkas is None and second.galat_berkas is None
    assert Path(first.cadangan).name == "dinas.cadangan.xlsx"
    assert Path(first.cadangan).read_bytes() == original  # the first original is kept
    assert Path(second.cadangan).name == "dinas.cadangan-2.xlsx"
    assert Path(second.cadangan).read_bytes() == after_first
    assert Path(third.cadangan).name == "dinas.cadangan-3.xlsx"
    assert expand([str(tmp_path)]) == [wb]  # a folder run leaves the backups alone


def test_backup_on_a_full_disk_leaves_the_older_backup(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    older = perbarui_berkas(wb)
    kept = Path(older.cadangan).read_bytes()
    current = wb.read_bytes()

    def full(src: object, dst: io.BufferedWriter, length: int = 0) -> None:
        dst.write(b"PK\x03\x04 separuh")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(packager.shutil, "copyfileobj", full)
    res = perbarui_berkas(wb)
    assert res.galat_berkas and "disk penuh" in res.galat_berkas, res.galat_berkas
    assert Path(older.cadangan).read_bytes() == kept
    assert wb.read_bytes() == current
    assert not (tmp_path / "dinas.cadangan-2.xlsx").exists()
    assert temp_names(tmp_path) == []


# --- 4. symlinks, file mode, read-only files ----------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_in_place_follows_a_symlink(tmp_path: Path) -> None:
    real = clean_workbook(tmp_path / "data" / "dinas.xlsx") if (tmp_path / "data").mkdir() \
        is None else None
    link = tmp_path / "pintasan.xlsx"
    link.symlink_to(real)
    before = real.read_bytes()
    res = perbarui_berkas(link)
    assert res.galat_berkas is None, res.galat_berkas
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_bytes() != before
    assert Path(res.cadangan).read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_in_place_keeps_the_file_mode(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    os.chmod(wb, 0o640)
    assert perbarui_berkas(wb, cadangan=False).galat_berkas is None
    assert stat.S_IMODE(wb.stat().st_mode) == 0o640


def test_read_only_file_is_refused(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    before = wb.read_bytes()
    os.chmod(wb, 0o444)
    try:
        res = perbarui_berkas(wb)
        assert res.galat_berkas and "hanya-baca" in res.galat_berkas, res.galat_berkas
        assert res.galat_berkas.startswith("dinas.xlsx") or "dinas.xlsx" in res.galat_berkas
        assert wb.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["dinas.xlsx"]  # no backup, no temp
    finally:
        os.chmod(wb, 0o644)


# --- 5. temporary files -------------------------------------------------------------------------


def test_temporary_file_is_named_for_folder_runs_to_skip(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    seen: list[str] = []
    real = os.replace

    def replace(src: str, dst: str) -> None:
        seen.append(os.path.basename(src))
        # a run killed here leaves this file: a folder run must not take it for a workbook
        assert expand([str(tmp_path)]) == [wb]
        real(src, dst)

    monkeypatch.setattr(packager.os, "replace", replace)
    assert perbarui_berkas(wb, cadangan=False).galat_berkas is None
    assert seen and all(n.startswith(TEMP_PREFIX) and not n.endswith((".xlsx", ".xlsm"))
                        for n in seen)
    # leftovers of an older version's killed runs are skipped too
    (tmp_path / ".xl-lkip-abc123.xlsx").write_bytes(b"PK\x03\x04 separuh")
    assert expand([str(tmp_path)]) == [wb]


def test_temporary_file_removed_when_the_check_fails(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    before = wb.read_bytes()

    def refuse(*_a: object, **_k: object) -> None:
        raise TulisError("dinas.xlsx: berkas tidak dapat diperbarui dengan aman (uji)")

    monkeypatch.setattr(verify, "check", refuse)
    res = perbarui_berkas(wb, cadangan=False)
    assert res.galat_berkas and "dengan aman" in res.galat_berkas
    assert wb.read_bytes() == before
    assert temp_names(tmp_path) == []


# --- 6. cells without an r attribute ---------------------------------------------------------------


def _blanked(values: list[list[object]]) -> list[list[object]]:
    """Cell values with "" as None: a formula's empty <v></v> reads "" on the fast path and
    None on the tree path, which these producers' files take."""
    return [[None if v == "" else v for v in row] for row in values]


def _without_addresses(xml: bytes) -> bytes:
    """The sheet as the .NET SDK may write it: every cell listed, empty ones too, no r=."""
    ET.register_namespace("", NS_MAIN)
    root = ET.fromstring(xml)
    data = root.find(f"{{{NS_MAIN}}}sheetData")
    for row in data:
        cells = {}
        for c in list(row):
            ref = c.get("r")
            col = 0
            for ch in re.match(r"[A-Z]+", ref).group(0):
                col = col * 26 + ord(ch) - 64
            cells[col] = c
            row.remove(c)
        for col in range(1, max(cells, default=0) + 1):
            c = cells.get(col)
            if c is None:
                c = ET.Element(f"{{{NS_MAIN}}}c")
            c.attrib.pop("r", None)
            row.append(c)
    return ET.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_cells_without_r_attribute_keep_their_columns(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx", realisasi=lambda rows: rows[0].update(tw2=None))
    data = parts(wb)
    for name in ("Realisasi", "Anggaran"):
        part = sheet_part(wb, name)
        data[part] = _without_addresses(data[part])
        assert b' r="A' not in data[part]
    other = write_parts(tmp_path / "sdk.xlsx", data)
    a, b = load_grids(wb), load_grids(other)
    for name in ("Realisasi", "Anggaran"):
        assert _blanked(b[name].values) == _blanked(a[name].values), name
    assert periksa_berkas(other).n_galat == periksa_berkas(wb).n_galat


# --- 7. namespace-prefixed parts ---------------------------------------------------------------------


def _prefixed(xml: bytes) -> bytes:
    """The part as .NET tools write it: the main namespace under the prefix x."""
    ET.register_namespace("x", NS_MAIN)
    ET.register_namespace("r", NS_REL)
    try:
        return ET.tostring(ET.fromstring(xml), xml_declaration=True, encoding="UTF-8")
    finally:
        ET.register_namespace("", NS_MAIN)


def test_prefixed_styles_and_workbook_are_patched_validly(tmp_path: Path) -> None:
    wb = drop_report_sheet(clean_workbook(tmp_path / "dinas.xlsx"))
    data = parts(wb)
    prefixed = [n for n in data if n.startswith("xl/worksheets/sheet") or n in (
        "xl/styles.xml", "xl/workbook.xml", "xl/sharedStrings.xml")]
    for part in prefixed:
        data[part] = _prefixed(data[part])
        assert b"<x:" in data[part]
    src = write_parts(tmp_path / "net.xlsx", data)
    for name, grid in load_grids(wb).items():  # read as the unprefixed original
        assert _blanked(load_grids(src)[name].values) == _blanked(grid.values), name
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    out = parts(Path(res.keluaran))
    for part in ("xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml",
                 "xl/_rels/workbook.xml.rels"):
        ET.fromstring(out[part])  # well-formed
    root = ET.fromstring(out["xl/styles.xml"])
    xfs = root.find(f"{{{NS_MAIN}}}cellXfs")
    assert int(xfs.get("count")) == len(xfs) and len(xfs) > 1  # report styles in the namespace
    grids = load_grids(Path(res.keluaran), report_sheets=True)
    assert grids["Tabel Efisiensi"].value(1, 1).startswith("Efisiensi")
    openpyxl.load_workbook(res.keluaran)  # another reader agrees


# --- 8. openpyxl's workbook.xml ---------------------------------------------------------------------


def test_openpyxl_saved_workbook_gets_a_well_formed_new_sheet(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    book = openpyxl.load_workbook(wb)
    del book["Tabel Efisiensi"]
    src = tmp_path / "openpyxl.xlsx"
    book.save(src)
    wbxml = parts(src)["xl/workbook.xml"]
    assert re.search(rb"<sheet [^>]*xmlns:r=", wbxml), "openpyxl no longer writes xmlns:r here"
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    ET.fromstring(parts(Path(res.keluaran))["xl/workbook.xml"])
    names = openpyxl.load_workbook(res.keluaran).sheetnames
    assert names.count("Tabel Efisiensi") == 1


# --- 9. Strict Open XML -------------------------------------------------------------------------------


STRICT = {
    NS_MAIN.encode(): b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    NS_REL.encode(): b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def test_strict_open_xml_is_refused_clearly(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    data = parts(wb)
    for name in list(data):
        if name.endswith((".xml", ".rels")) and name != "[Content_Types].xml":
            for old, new in STRICT.items():
                data[name] = data[name].replace(old, new)
    src = write_parts(tmp_path / "strict.xlsx", data)
    before = src.read_bytes()
    res = perbarui_berkas(src)
    assert res.galat_berkas and "Strict" in res.galat_berkas, res.galat_berkas
    assert "Buku Kerja Excel" in res.galat_berkas
    assert src.read_bytes() == before
    assert periksa_berkas(src).galat_berkas == res.galat_berkas


def test_case_variant_of_a_report_sheet_is_reused_not_duplicated(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    data = parts(wb)
    data["xl/workbook.xml"] = data["xl/workbook.xml"].replace(b'name="Tabel Efisiensi"',
                                                              b'name="tabel efisiensi "')
    src = write_parts(tmp_path / "kecil.xlsx", data)
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    names = [n.strip().casefold() for n in openpyxl.load_workbook(res.keluaran).sheetnames]
    assert len(names) == len(set(names))
    # what refers to the sheet (print titles) spells it as the workbook does
    wbxml = parts(Path(res.keluaran))["xl/workbook.xml"]
    assert b"'tabel efisiensi '!$" in wbxml and b"'Tabel Efisiensi'!" not in wbxml


# --- 10. a picture or comment on a report sheet -------------------------------------------------


def test_user_drawing_on_a_report_sheet_is_released_and_reported(tmp_path: Path) -> None:
    def extras(book: object) -> None:
        ws = book.get_worksheet_by_name("Tabel Efisiensi")
        ws.insert_image("M2", "logo.png", {"image_data": io.BytesIO(tiny_png())})
        ws.write_comment("A1", "catatan pengguna")

    wb = clean_workbook(tmp_path / "dinas.xlsx", extra=extras)
    part = sheet_part(wb, "Tabel Efisiensi")
    folder, base = part.rsplit("/", 1)
    rels = f"{folder}/_rels/{base}.rels"
    before = parts(wb)
    assert b"/drawing" in before[rels] and b"/comments" in before[rels]
    res = perbarui_berkas(wb, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    after = parts(Path(res.keluaran))
    assert b"/comments" not in after.get(rels, b"") and b"/vmlDrawing" not in after.get(rels, b"")
    with Package(wb) as pkg:
        dropped = {t for _typ, t in pkg.rels(part).values()}
        dropped |= {t for d in list(dropped) if d in pkg.names for _typ, t in pkg.rels(d).values()}
    assert dropped and not dropped & set(after), dropped & set(after)  # no orphan left behind
    assert "xl/media/image1.png" in dropped
    assert len(res.catatan) == 1 and "Tabel Efisiensi" in res.catatan[0]
    assert "dilepas" in res.catatan[0]
    # and the run's output says so
    out2 = tmp_path / "out2"
    proc = subprocess.run([sys.executable, "-m", "xl_lkip.cli", "perbarui", str(wb),
                           "--keluaran", str(out2)], capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert "Tabel Efisiensi" in proc.stderr and "dilepas" in proc.stderr, proc.stderr
    # a second run has nothing more to say
    again = perbarui_berkas(res.keluaran, keluaran=tmp_path / "out3")
    assert again.galat_berkas is None and again.catatan == []


# --- the safety net -------------------------------------------------------------------------------


def _check(path: Path, source: Path, used: dict[str, tuple[int, int]] | None = None) -> None:
    verify.check(str(path), str(source), "xl/workbook.xml", "xl/styles.xml",
                 {n for n in parts(path) if n.endswith((".xml", ".rels"))}, used or {}, path.name)


@pytest.mark.parametrize("damage, words", [
    (lambda d: d.__setitem__("xl/styles.xml", d["xl/styles.xml"][:-20]), "XML"),
    (lambda d: d.pop("xl/theme/theme1.xml"), "relasi"),
    (lambda d: d.__setitem__("xl/extra.bin", b"x"), "jenis isi"),
    (lambda d: d.__setitem__("xl/workbook.xml", d["xl/workbook.xml"].replace(
        b'name="Tabel Efisiensi"', b'name="Tabel PK"')), "nama lembar kembar"),
])
def test_safety_net_refuses_a_damaged_package(tmp_path: Path, damage: object, words: str) -> None:
    src = clean_workbook(tmp_path / "dinas.xlsx")
    data = parts(src)
    assert "xl/theme/theme1.xml" in data
    damage(data)
    bad = write_parts(tmp_path / "rusak.xlsx", data)
    with pytest.raises(TulisError) as err:
        _check(bad, src)
    assert words in err.value.pesan and "tidak dapat diperbarui dengan aman" in err.value.pesan
    _check(src, src)  # the good file passes


def test_safety_net_checks_style_indexes(tmp_path: Path) -> None:
    src = clean_workbook(tmp_path / "dinas.xlsx")
    n = len(ET.fromstring(parts(src)["xl/styles.xml"]).find(f"{{{NS_MAIN}}}cellXfs"))
    _check(src, src, {"xl/worksheets/sheet1.xml": (n - 1, -1)})
    with pytest.raises(TulisError, match="indeks gaya"):
        _check(src, src, {"xl/worksheets/sheet1.xml": (n, -1)})


def test_broken_write_leaves_the_original_and_says_so(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    before = wb.read_bytes()
    real = styles.StyleBook.result
    monkeypatch.setattr(styles.StyleBook, "result", lambda self: real(self)[:-30])
    res = perbarui_berkas(wb)
    assert res.galat_berkas and "tidak dapat diperbarui dengan aman" in res.galat_berkas
    assert "berkas asli tidak diubah" in res.galat_berkas
    assert wb.read_bytes() == before
    assert temp_names(tmp_path) == []


# --- messages, not tracebacks --------------------------------------------------------------------


def test_disk_full_while_writing_is_a_message(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    before = wb.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(packager.os, "fsync", full)
    res = perbarui_berkas(wb, keluaran=tmp_path / "out")
    assert res.galat_berkas and "disk penuh" in res.galat_berkas, res.galat_berkas
    assert str(tmp_path / "out") in res.galat_berkas
    assert wb.read_bytes() == before and temp_names(tmp_path) == []


def test_read_only_output_folder_is_a_message(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")

    def denied(*_a: object, **_k: object) -> None:  # what a read-only folder answers
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(packager.tempfile, "mkstemp", denied)
    res = perbarui_berkas(wb, keluaran=tmp_path / "out")
    assert res.galat_berkas and "tidak dapat ditulis" in res.galat_berkas
    assert str(tmp_path / "out") in res.galat_berkas and "--keluaran" in res.galat_berkas
    assert "tak terduga" not in res.galat_berkas


def test_output_folder_that_is_a_file_is_a_message(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    (tmp_path / "out").write_text("bukan folder")
    res = perbarui_berkas(wb, keluaran=tmp_path / "out")
    assert res.galat_berkas and "bukan folder" in res.galat_berkas, res.galat_berkas


def test_tahun_lalu_folder_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    (tmp_path / "lalu").mkdir()
    assert main(["periksa", str(wb), "--tahun-lalu", str(tmp_path / "lalu")]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "lalu") in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_templat_into_a_missing_folder_is_a_message(tmp_path: Path) -> None:
    target = tmp_path / "tidak-ada" / "templat.xlsx"
    res = subprocess.run([sys.executable, "-m", "xl_lkip.cli", "templat", str(target)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr and str(target) in res.stderr
    assert "tak terduga" not in res.stderr


@pytest.mark.parametrize("json_mode", [True, False], ids=["json", "teks"])
def test_output_into_a_closed_pipe_is_a_message(tmp_path: Path, json_mode: bool) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    proc = subprocess.Popen([sys.executable, "-m", "xl_lkip.cli", "periksa", str(wb),
                             *(["--json"] if json_mode else [])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()  # `| head -0`: the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 2, err
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert ("--json > hasil.json" if json_mode else "> hasil.txt") in err
    assert len(err.strip().splitlines()) == 1


# --- a path typed in a workbook ----------------------------------------------------------------


def _build_with_identitas(path: Path, **changes: object) -> Path:
    from tests.factory import clean_rows
    from xl_lkip.files.template import build_workbook

    return build_workbook(path, {**IDENTITAS, **changes}, clean_rows(2))


@pytest.mark.parametrize("link, why", [
    ("\\\\server\\share\\lkjip-2019.xlsx", "UNC"),
    ("//server/share/lkjip-2019.xlsx", "UNC"),
    ("http://contoh.invalid/lkjip-2019.xlsx", "URL"),
    ("file:///etc/passwd", "URL"),
    ("C:\\Data\\lkjip-2019.xlsx", "drive"),
    ("../lkjip-2019.xlsx", ".."),
    ("sub/../../lkjip-2019.xlsx", ".."),
    ("CON", "perangkat"),
    ("sub/NUL.xlsx", "perangkat"),
    ("lkjip-2019.csv", ".xlsx"),
])
def test_link_in_a_workbook_is_not_followed(tmp_path: Path, link: str, why: str) -> None:
    wb = _build_with_identitas(tmp_path / "dinas.xlsx", berkas_tahun_lalu=link)
    res = periksa_berkas(wb)
    assert res.galat_berkas is None, res.galat_berkas
    found = [t for t in res.temuan if t.aturan.startswith("K13") and t.lembar == schema.IDENTITAS_SHEET]
    assert found and "tidak diikuti" in found[0].pesan and why in found[0].pesan, \
        [str(t) for t in res.temuan]


def test_absolute_link_in_a_workbook_is_not_opened(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    lalu = clean_workbook(tmp_path / "lalu" / "lkjip-2019.xlsx") if (tmp_path / "lalu").mkdir() \
        is None else None
    wb = _build_with_identitas(tmp_path / "dinas.xlsx", berkas_tahun_lalu=str(lalu))
    opened: list[Path] = []
    real = service.load
    monkeypatch.setattr(service, "load", lambda p: opened.append(Path(p)) or real(p))
    res = periksa_berkas(wb)
    assert opened == [] and res.galat_berkas is None
    assert any("jalur lengkap" in t.pesan for t in res.temuan)
    # the same file named by the person at the command line is opened
    periksa_berkas(wb, tahun_lalu=lalu)
    assert opened == [lalu]


def test_relative_link_inside_the_folder_is_followed(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "arsip").mkdir()
    lalu = clean_workbook(tmp_path / "arsip" / "lkjip-2019.xlsx")
    wb = _build_with_identitas(tmp_path / "dinas.xlsx", berkas_tahun_lalu="arsip\\lkjip-2019.xlsx")
    opened: list[Path] = []
    real = service.load
    monkeypatch.setattr(service, "load", lambda p: opened.append(Path(p)) or real(p))
    res = periksa_berkas(wb)
    assert res.galat_berkas is None and opened == [lalu.resolve()]
    assert not any("tidak diikuti" in t.pesan for t in res.temuan)


def test_link_to_a_folder_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "arsip.xlsx").mkdir()
    wb = _build_with_identitas(tmp_path / "dinas.xlsx", berkas_tahun_lalu="arsip.xlsx")
    res = periksa_berkas(wb)
    assert res.galat_berkas is None
    assert any("folder" in t.pesan and t.aturan.startswith("K13") for t in res.temuan)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_link_through_a_symlink_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "luar").mkdir()
    (tmp_path / "kerja").mkdir()
    clean_workbook(tmp_path / "luar" / "lkjip-2019.xlsx")
    (tmp_path / "kerja" / "lalu.xlsx").symlink_to(tmp_path / "luar" / "lkjip-2019.xlsx")
    wb = _build_with_identitas(tmp_path / "kerja" / "dinas.xlsx", berkas_tahun_lalu="lalu.xlsx")
    res = periksa_berkas(wb)
    assert any("keluar dari folder" in t.pesan for t in res.temuan)


def test_text_from_cells_never_becomes_a_formula_or_an_external_link(tmp_path: Path) -> None:
    evil = 'x"&HYPERLINK("http://contoh.invalid")&"'

    def poison(rows: list[dict]) -> None:
        rows[0]["indikator"] = evil

    wb = clean_workbook(tmp_path / "dinas.xlsx", realisasi=poison)
    res = perbarui_berkas(wb, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    out = parts(Path(res.keluaran))
    with Package(Path(res.keluaran)) as pkg:
        for name in schema.REPORT_SHEETS:
            sheet = pkg.sheet(name)
            xml = out[sheet.part]
            assert b"<f>" not in xml and b"<f " not in xml
            # hyperlinks only point inside the workbook (location=, never a relationship)
            assert not re.search(rb"<hyperlink\b[^>]*r:id=", xml)
            assert not any(typ.endswith("/hyperlink") for typ, _t in pkg.rels(sheet.part).values())
        for node in re.findall(rb"<cfRule\b.*?</cfRule>", b"".join(out.values()), re.S):
            assert b"HYPERLINK" not in node  # kategori labels are quoted literals


def test_rewrite_keeps_the_link_logic_in_core() -> None:
    from xl_lkip.core import links

    assert links.resolve_tahun_lalu(None, "lkjip.xlsx")[0] is None
    assert "belum disimpan" in links.resolve_tahun_lalu(None, "lkjip.xlsx")[1]
    assert links.resolve_tahun_lalu(Path("/x/a.xlsx"), "") == (None, None)


def test_templat_write_problems_are_one_line() -> None:
    from xlsxwriter.exceptions import FileCreateError

    from xl_lkip.cli import _write_problem

    here = str(Path.cwd() / "templat.xlsx")
    denied = FileCreateError(PermissionError(errno.EACCES, "Permission denied"))
    assert "tidak dapat ditulis" in _write_problem(here, denied)
    full = OSError(errno.ENOSPC, "No space left on device")
    assert "disk penuh" in _write_problem(here, full)
    assert _write_problem(here, ValueError("bug")) is None  # a real bug stays a bug


def test_a_defect_the_source_already_had_is_not_held_against_the_write(tmp_path: Path) -> None:
    """Another program left a relationship to a missing part: regenerating still works (the
    safety net refuses only what the write itself made worse)."""
    src = clean_workbook(tmp_path / "dinas.xlsx")
    data = parts(src)
    data["xl/_rels/workbook.xml.rels"] = data["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/customXml" Target="../customXml/item9.xml"/>'
        b"</Relationships>")
    odd = write_parts(tmp_path / "lain.xlsx", data)
    res = perbarui_berkas(odd, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas


def test_printer_settings_on_a_report_sheet_go_quietly(tmp_path: Path) -> None:
    """Excel stores printer settings with a sheet once it is printed: dropped with the old
    sheet, and not worth a line in the run's output."""
    src = clean_workbook(tmp_path / "dinas.xlsx")
    data = parts(src)
    part = sheet_part(src, "Tabel PK")
    folder, base = part.rsplit("/", 1)
    data[f"{folder}/_rels/{base}.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        b'http://schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings" '
        b'Target="../printerSettings/printerSettings1.bin"/></Relationships>')
    data["xl/printerSettings/printerSettings1.bin"] = b"\x00" * 64
    data["[Content_Types].xml"] = data["[Content_Types].xml"].replace(
        b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.printerSettings"/><Default ', 1)
    printed = write_parts(tmp_path / "dicetak.xlsx", data)
    res = perbarui_berkas(printed, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    assert res.catatan == []
    assert "xl/printerSettings/printerSettings1.bin" not in parts(Path(res.keluaran))


def test_a_link_with_control_characters_is_not_echoed_raw() -> None:
    from xl_lkip.core.links import resolve_tahun_lalu

    found, reason = resolve_tahun_lalu(Path("/tmp/x/dinas.xlsx"), "lalu\x1b[31m.xlsx")
    assert found is None and "\x1b" not in reason and "kendali" in reason


def test_a_refused_link_is_one_finding_from_the_rule_registry(tmp_path: Path) -> None:
    """The engine says why a link was not followed (K13 on Identitas, worded by the rule
    registry); the service adds no finding of its own."""
    from xl_lkip.core.rules import message

    wb = _build_with_identitas(tmp_path / "dinas.xlsx", berkas_tahun_lalu="\\\\srv\\x.xlsx")
    res = periksa_berkas(wb)
    k13 = [t for t in res.temuan if t.aturan == "K13"]
    assert len(k13) == 1
    tingkat, template = message("K13", "tautan_ditolak", alasan="@")
    head = template.split("@")[0]
    assert k13[0].tingkat == tingkat and k13[0].pesan.startswith(head)
    assert k13[0].lembar == schema.IDENTITAS_SHEET and k13[0].sel.startswith("B")
    assert "UNC" in k13[0].pesan and "Berkas Tahun Lalu' (" not in k13[0].pesan


def test_a_damaged_last_year_file_is_a_finding_not_a_refusal(tmp_path: Path) -> None:
    (tmp_path / "lkjip-2019.xlsx").write_bytes(b"PK\x03\x04 bukan buku kerja")
    wb = _build_with_identitas(tmp_path / "dinas.xlsx", berkas_tahun_lalu="lkjip-2019.xlsx")
    res = periksa_berkas(wb)
    assert res.galat_berkas is None
    k13 = [t for t in res.temuan if t.aturan == "K13"]
    assert len(k13) == 1 and "lkjip-2019.xlsx" in k13[0].pesan and "dibaca" in k13[0].pesan


def test_follow_tahun_lalu_is_the_one_way_to_follow_a_link(tmp_path: Path) -> None:
    from xl_lkip.core.links import follow_tahun_lalu

    here = tmp_path / "dinas.xlsx"
    (tmp_path / "lkjip-2019.xlsx").write_bytes(b"x")
    assert follow_tahun_lalu(here, None, lambda p: p) is None
    assert follow_tahun_lalu(here, "  ", lambda p: p) is None
    assert follow_tahun_lalu(here, "lkjip-2019.xlsx", lambda p: p.name) == "lkjip-2019.xlsx"
    refused = follow_tahun_lalu(here, "/etc/passwd.xlsx", lambda p: pytest.fail("opened"))
    assert isinstance(refused, str) and "jalur lengkap" in refused


@pytest.mark.parametrize("part", ["xl/_rels/workbook.xml.rels", "xl/workbook.xml",
                                  "[Content_Types].xml", "xl/styles.xml", "docProps/app.xml",
                                  "xl/worksheets/sheet1.xml"])
def test_deeply_nested_xml_is_read_without_running_out_of_stack(tmp_path: Path,
                                                                  part: str) -> None:
    """Elements nested 20,000 deep (a small part, far under the size limits) inside a part
    the reader walks: the workbook is read and written as usual, never a RecursionError."""
    src = clean_workbook(tmp_path / "dalam.xlsx", n=2)
    data = parts(src)
    if part not in data:
        pytest.skip(f"{part} not in this workbook")
    xml = data[part].decode()
    end = xml.rfind("</")
    data[part] = (xml[:end] + "<a>" * 20_000 + "</a>" * 20_000 + xml[end:]).encode()
    write_parts(src, data)
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    assert res.keluaran


def test_shared_strings_that_are_not_utf8_are_a_message(tmp_path: Path) -> None:
    """A byte that is not UTF-8 inside a shared string: the file is refused with a sentence
    naming the part, never an unexpected error."""
    src = clean_workbook(tmp_path / "rusak.xlsx", n=2)
    data = parts(src)
    sst = next(n for n in data if n.endswith("sharedStrings.xml"))
    at = data[sst].index(b"<t>") + 3
    data[sst] = data[sst][:at] + b"\xa9\xff" + data[sst][at:]
    write_parts(src, data)
    res = periksa_berkas(src)
    assert res.galat_berkas and "sharedStrings" in res.galat_berkas
    assert "tak terduga" not in res.galat_berkas


def test_a_number_format_id_that_is_not_a_number_is_a_message(tmp_path: Path) -> None:
    """numFmtId="1:1" in styles.xml: percent cells can no longer be told, so the file is
    refused with a sentence naming the part (not read with percents taken as plain numbers)."""
    src = clean_workbook(tmp_path / "gaya.xlsx", n=2)
    data = parts(src)
    data["xl/styles.xml"] = re.sub(rb'(<cellXfs\b[^>]*>\s*<xf\b[^>]*?numFmtId=")[0-9]+',
                                   rb"\g<1>1:1", data["xl/styles.xml"], count=1)
    assert b'numFmtId="1:1"' in data["xl/styles.xml"]
    write_parts(src, data)
    for res in (periksa_berkas(src), perbarui_berkas(src, keluaran=tmp_path / "out")):
        assert res.galat_berkas and "styles.xml" in res.galat_berkas
        assert "tak terduga" not in res.galat_berkas


def test_references_to_characters_xml_forbids_are_dropped(tmp_path: Path) -> None:
    """&#xD800; (a lone surrogate) and &#1; in a shared string: Excel never writes them; the
    reader drops them, so the report sheets and the Word draft are written (a lone surrogate
    cannot even be encoded) and the names still match across sheets."""
    from xl_lkip.core.grid import xml_text
    from xl_lkip.files.dokumen import buat_dokumen

    assert xml_text("a\ud800b\x01c\td\ufffe") == "abc\td"
    src = clean_workbook(tmp_path / "rujukan.xlsx", n=2)
    clean = periksa_berkas(src)
    data = parts(src)
    sst = next(n for n in data if n.endswith("sharedStrings.xml"))
    data[sst] = data[sst].replace(b"<t>", b"<t>&#xD800;&#1;")
    write_parts(src, data)
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    assert sorted(str(t) for t in res.temuan) == sorted(str(t) for t in clean.temuan)
    grids = load_grids(Path(res.keluaran), report_sheets=True)
    assert all("\ud800" not in str(v) for g in grids.values() for row in g.values for v in row)
    doc = buat_dokumen(Path(res.keluaran), keluaran=tmp_path / "draf")
    assert doc.galat_berkas is None, doc.galat_berkas
