"""The Word draft: its tables are the report tables, its sentences the tables' numbers.

The checks read the written .docx back (python-docx) and compare it with the engine's report
layouts and the workbook's data, never with the draft builder's own intermediate values.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from tests.office import convert, needs_office
from xl_lkip.core.angka import parse_angka
from xl_lkip.core.engine import run
from xl_lkip.core.errors import NilaiError
from xl_lkip.core.findings import GALAT
from xl_lkip.core.reader import sheets_to_read
from xl_lkip.files.dokumen import buat_dokumen, jalankan, tulis_dokumen
from xl_lkip.files.package import Package
from xl_lkip.files.template import build_workbook
from xl_lkip.files.word import templat as word_templat
from xl_lkip.files.word.render import generated_paragraphs, generated_tables, kunci_of
from xl_lkip.files.xlsx_read import read_grids

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "workbooks").glob("*-20*.xlsx"))
NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|(?<![\w.,])\d+(?:,\d+)?(?!\d)")


def _hasil(path: Path):
    with Package(path) as pkg:
        grids = read_grids(pkg, sheets_to_read())
    return run(grids, path.name)


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def draft(request, tmp_path_factory):
    path = request.param
    hasil = _hasil(path)
    out = tmp_path_factory.mktemp(path.stem) / f"{path.stem}.docx"
    res = tulis_dokumen(hasil, out)
    return hasil, Document(str(out)), res, out


def _number(text: str) -> float:
    return parse_angka(text.replace(" ", ""), gaya="id")


def _table_info(doc):
    """Per generated table: key, caption, source sheet, header names, body rows (texts)."""
    out = []
    for sdt in doc.element.body.iter(qn("w:sdt")):
        key = kunci_of(sdt)
        tbl = sdt.find(qn("w:sdtContent") + "/" + qn("w:tbl"))
        if key is None or tbl is None:
            continue
        paras = [("".join(t.text or "" for t in p.iter(qn("w:t"))))
                 for p in sdt.find(qn("w:sdtContent")).findall(qn("w:p"))]
        sheet = re.match(r"Sumber: lembar (.+?),", paras[-1]).group(1)
        table = [t for k, t in generated_tables(doc) if k == key][0]
        rows = [[c.text for c in r.cells] for r in table.rows]
        n_head = next(i for i, r in enumerate(rows) if r[0] == "1" and r[-1] == str(len(r)))
        heads = [_dedup(r) for r in rows[:n_head]]
        out.append({"key": key, "caption": paras[0], "sheet": sheet, "heads": heads,
                    "rows": rows[n_head + 1:], "numbers": rows[n_head]})
    return out


def _dedup(cells):
    """Merged cells repeat in python-docx's row view: keep one of each run."""
    out = []
    for c in cells:
        if not out or out[-1] != c:
            out.append(c)
    return out


def _layout_rows(hasil, sheet):
    """Per table of a report sheet: header names and data rows as (value, style) pairs."""
    layout = next(la for la in hasil.layouts if la.sheet == sheet)
    tables = []
    for b in layout.blocks:
        if b.styles[0][0] != "table_title":
            continue
        head = next(i for i, st in enumerate(b.styles) if st[0] == "header")
        cols = [j for j, v in enumerate(b.values[head]) if v is not None]
        rows = [[(b.values[i][j], b.styles[i][j]) for j in cols]
                for i in range(head + 1, len(b.values))
                if b.styles[i][0].partition("+")[0] not in ("header", "colnum", "note")]
        tables.append(([str(b.values[head][j]) for j in cols], rows))
    return tables


def _same(text: str, value, style: str) -> bool:
    if value is None:
        return text == ""
    if isinstance(value, str):
        return text == value.strip()
    decimals = 2 if style.partition("+")[0] in ("percent", "decimal", "money_sen", "text") else 0
    try:
        return abs(_number(text) - float(value)) <= 0.5 * 10 ** -decimals + 1e-9
    except NilaiError:
        return False


def _moved_label(text: str, value, full_row) -> bool:
    """A total row's label shown in another column when its own column is left out."""
    return value in ("", None) and text != "" and text in [v for v, _s in full_row]


def test_draft_opens_with_chapters_as_heading_styles(draft):
    _hasil_, doc, res, _ = draft
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads == []  # generated paragraphs live in content controls, not in body.paragraphs
    styled: dict[str, list[str]] = {}
    for sdt in doc.element.body.iter(qn("w:sdt")):
        for p in sdt.find(qn("w:sdtContent")).findall(qn("w:p")):
            para = Paragraph(p, doc._body)
            styled.setdefault(para.style.name, []).append(para.text)
    assert styled["Heading 1"][:2] == ["BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA"]
    assert styled["Heading 1"][-1] == "LAMPIRAN"
    assert any(t.startswith("A. Capaian Kinerja") for t in styled["Heading 2"])
    assert any(t.startswith("B. Realisasi Anggaran") for t in styled["Heading 2"])
    assert res.dokumen and res.cadangan is None


def test_every_table_row_is_a_report_table_row(draft):
    hasil, doc, _res, _ = draft
    infos = _table_info(doc)
    assert len(infos) >= 8
    for info in infos:
        assert info["numbers"] == [str(i) for i in range(1, len(info["numbers"]) + 1)]
        names = info["heads"][-1]
        if info["sheet"] == "Pemeriksaan":
            galat = [t for t in hasil.temuan if t.tingkat == GALAT]
            assert [r[2] for r in info["rows"]] == [t.lokasi for t in galat]
            continue
        candidates = [(h, rows) for h, rows in _layout_rows(hasil, info["sheet"])
                      if all(n in h for n in names)]
        assert candidates, (info["caption"], names)
        header, rows = candidates[0]
        pos = [header.index(n) for n in names]
        projected = [[r[p] for p in pos] for r in rows]
        full = len(names) == len(header)
        if full and "Sasaran" not in info["caption"]:
            assert len(info["rows"]) == len(rows), info["caption"]
        for drow in info["rows"]:
            assert any(all(_same(t, v, s) or _moved_label(t, v, rows[k])
                           for t, (v, s) in zip(drow, lrow, strict=True))
                       for k, lrow in enumerate(projected)), (info["caption"], drow)


def _sentences(doc):
    return [(k, t) for k, t in generated_paragraphs(doc)
            if t and not k.endswith(".judul") and "Sumber:" not in t and not k.startswith("galat")
            and ".ttd." not in k and not k.startswith("sampul")]


def test_every_number_in_a_sentence_is_a_table_number(draft):
    hasil, doc, _res, _ = draft
    in_tables = set()
    for key, table in generated_tables(doc):
        if key.startswith("galat"):
            continue  # the findings quote the workbook's own (possibly malformed) text
        for row in table.rows:
            for cell in row.cells:
                for tok in NUMBER.findall(cell.text):
                    in_tables.add(round(_number(tok), 2))
    tahun = hasil.data.tahun
    derived = {round(100 - v, 2) for v in in_tables}  # efisiensi = 100 - serapan as shown
    counts = {float(n) for n in range(0, 200)}  # counts are checked against rows below
    years = {float(y) for y in range(tahun - 10, tahun + 10)}
    for key, text in _sentences(doc):
        for tok in NUMBER.findall(text):
            value = round(_number(tok), 2)
            assert value in in_tables | derived | counts | years, (key, tok, text)
            if "." in tok or "," in tok:
                assert value in in_tables | derived, (key, tok, text)


def test_indicator_sentences_parse_back_to_the_pengukuran_row(draft):
    _hasil_, doc, _res, _ = draft
    ukur = next(i for i in _table_info(doc) if i["key"] == "bab3a.tabel.ukur")
    names = ukur["heads"][-1]
    col = {n: names.index(n) for n in names}
    by_no = {r[col["No"]]: r for r in ukur["rows"]}
    paras = generated_paragraphs(doc)
    checked = 0
    for (k, head), (k2, text) in zip(paras, paras[1:], strict=False):
        m = re.match(r"(\d+)\) ", head)
        if not (k.endswith(".judul") and m and k2.endswith(".capaian")):
            continue
        row = by_no[m.group(1)]
        got = re.match(r"Target (\S+)[^,]*, realisasi (\S+)[^,]*, sehingga capaian (\S+)\s%\s"
                       r"\(kategori (.+)\)\.$", text)
        if got is None:
            assert "(belum diisi)" in text or "belum dapat dihitung" in text, text
            continue
        target, real, cap, kat = got.groups()
        assert target == row[col["Target"]]
        assert real == row[col["Realisasi"]]
        assert cap == row[col["Capaian (%)"]]
        assert kat == row[col["Kategori"]]
        checked += 1
    assert checked >= 2


def test_budget_headline_parses_back_to_the_jumlah_row(draft):
    _hasil_, doc, _res, _ = draft
    text = dict(generated_paragraphs(doc))["bab3b.ringkasan"]
    m = re.match(r"Pagu anggaran Tahun \d{4} sebesar Rp\s(\S+) terealisasi Rp\s(\S+) \((\S+)\s%\), "
                 r"efisiensi (\S+)\s%", text)
    assert m, text
    pagu, real, ser, eff = m.groups()
    infos = {i["key"]: i for i in _table_info(doc)}
    t = infos.get("bab3b.tabel.jenis") or infos["bab3b.tabel.anggaran"]  # whole budget, else lines
    names = t["heads"][-1]
    total = t["rows"][-1]
    assert total[names.index("Realisasi (Rp)")] == real
    assert total[names.index("Serapan (%)")] == ser
    assert pagu in total
    if "Efisiensi (%)" in names:
        assert total[names.index("Efisiensi (%)")] == eff
    assert _number(eff) == pytest.approx(100 - _number(ser))


def test_counts_in_the_text_equal_the_rows(draft):
    hasil, doc, _res, _ = draft
    text = dict(generated_paragraphs(doc))
    infos = {i["key"]: i for i in _table_info(doc)}
    pk = infos["bab2.pk.tabel"]
    m = re.search(r"memuat (\d+) sasaran strategis dengan (\d+) indikator", text["bab2.pk.teks"])
    sasaran = [r[1] for r in pk["rows"] if r[1]]
    assert (int(m.group(1)), int(m.group(2))) == (len(sasaran), len(pk["rows"]))
    ukur = infos["bab3a.tabel.ukur"]
    kat = ukur["heads"][-1].index("Kategori")
    indicators = [r for r in ukur["rows"] if r[0].isdigit()]  # not the average row
    m = re.match(r"Dari (\d+) indikator kinerja, (.*)\.", text["bab3a.ringkasan"])
    assert int(m.group(1)) == len(indicators)
    found = re.findall(r"(\d+) \([^)]*\) berkategori (.+?)(?=, \d| dan \d|\.|$)", m.group(2))
    assert found
    for n, label in found:
        assert int(n) == sum(1 for r in indicators if r[kat] == label.strip()), label
    for key, t in text.items():
        m = re.match(r"Sasaran ini diukur dengan (\d+) indikator", t)
        if m:
            table = infos[key.replace(".teks", ".tabel")]
            assert int(m.group(1)) == len(table["rows"])
        m = re.match(r"Indikator ini didukung oleh (\d+) program/kegiatan", t)
        if m:
            items = [k for k in text if k.startswith(key) and k != key]
            assert int(m.group(1)) == len(items)
    n_galat = sum(1 for t in hasil.temuan if t.tingkat == GALAT)
    if n_galat:
        assert f"memuat {n_galat} kesalahan" in text["galat.teks"]
        assert len(infos["galat.tabel"]["rows"]) == n_galat
    else:
        assert "galat.teks" not in text


def test_signature_block_from_identitas(draft):
    hasil, doc, _res, _ = draft
    text = dict(generated_paragraphs(doc))
    ident = hasil.data.identitas
    assert text["lampiran.ukur.ttd.nama"] == ident["kepala"]
    assert text["lampiran.ukur.ttd.nip"] == f"NIP {ident['nip']}"
    assert text["lampiran.ukur.ttd.tempat"].startswith(ident["kota"])


def test_header_rows_repeat_on_every_page(draft):
    _h, doc, _res, _ = draft
    for _k, table in generated_tables(doc):
        first, numbers = table.rows[0]._tr, None
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            if row.cells[0].text == "1" and row.cells[-1].text.isdigit():
                numbers = row._tr
                break
        assert numbers is not None and numbers.trPr.find(qn("w:tblHeader")) is not None


# --- bad input ----------------------------------------------------------------------------------


def _workbook(tmp_path: Path, identitas: dict, rows: dict) -> Path:
    return build_workbook(tmp_path / "buku.xlsx", identitas, rows)


BASE_ID = {"instansi": "Dinas Contoh", "pemda": "Kabupaten Contoh", "tahun": 2020,
           "renstra_awal": 2017, "renstra_akhir": 2021, "kepala": "Budi", "nip": "197001012000031001",
           "kota": "Contoh", "skala": "110-90-60", "rumus_negatif": "2T-R"}


def _rows(realisasi: bool = True) -> dict:
    pk = [{"kode_sasaran": "S1", "sasaran": "Sasaran Satu", "kode_indikator": f"IK-0{i}",
           "indikator": f"Indikator {i}", "satuan": "%", "target": 80.0} for i in (1, 2)]
    renstra = [{"kode_sasaran": "S1", "sasaran": "Sasaran Satu", "kode_indikator": f"IK-0{i}",
                "indikator": f"Indikator {i}", "satuan": "%", "target_4": 80.0, "target_akhir": 90.0}
               for i in (1, 2)]
    renstra.append({"kode_sasaran": "S2", "sasaran": "Sasaran Tanpa Indikator"})
    real = [{"kode_indikator": f"IK-0{i}", "target": 80.0, "realisasi": 84.0} for i in (1, 2)]
    return {"pk": pk, "renstra": renstra, "realisasi": real if realisasi else []}


def test_missing_identitas_and_empty_realisasi_say_belum_diisi(tmp_path):
    ident = {k: v for k, v in BASE_ID.items() if k not in ("kepala", "nip")}
    book = _workbook(tmp_path, ident, _rows(realisasi=False))
    out, err = io.StringIO(), io.StringIO()
    code = jalankan([str(book)], str(tmp_path / "hasil"), None, None, out, err)
    assert code == 1, err.getvalue()
    doc = Document(str(tmp_path / "hasil" / "buku.docx"))
    text = dict(generated_paragraphs(doc))
    assert text["lampiran.ukur.ttd.nama"] == "(belum diisi)"
    assert text["lampiran.ukur.ttd.nip"] == "NIP (belum diisi)"
    assert "realisasi (belum diisi)" in text["bab3a.s1.i1.capaian"]
    listed = out.getvalue()
    assert "Nama Kepala (belum diisi)" in listed and "NIP Kepala (belum diisi)" in listed
    assert "Realisasi" in listed and "Traceback" not in err.getvalue()


def test_sasaran_without_indikator_is_named_and_listed(tmp_path):
    book = _workbook(tmp_path, BASE_ID, _rows())
    res = buat_dokumen(book)
    assert res.galat_berkas is None, res.galat_berkas
    doc = Document(res.dokumen)
    paras = [t for _k, t in generated_paragraphs(doc)]
    i = paras.index(next(t for t in paras if t.endswith("Sasaran Tanpa Indikator")))
    assert paras[i + 1] == "Indikator kinerja sasaran ini (belum diisi)."
    assert any("S2" in k for k in res.kurang)


def test_unreadable_workbook_and_bad_template_are_messages(tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"bukan zip")
    out, err = io.StringIO(), io.StringIO()
    assert jalankan([str(bad)], None, None, None, out, err) == 2
    assert "rusak.xlsx" in err.getvalue() and "Traceback" not in err.getvalue()
    assert not (tmp_path / "rusak.docx").exists()
    book = _workbook(tmp_path, BASE_ID, _rows())
    err = io.StringIO()
    assert jalankan([str(book)], None, str(tmp_path / "tidak-ada.docx"), None, out, err) == 2
    assert "tidak ditemukan" in err.getvalue()
    fake = tmp_path / "palsu.docx"
    fake.write_bytes(b"bukan dokumen")
    err = io.StringIO()
    assert jalankan([str(book)], None, str(fake), None, out, err) == 2
    assert "palsu.docx" in err.getvalue() and "Traceback" not in err.getvalue()


@pytest.mark.parametrize("link", ["/etc/lkjip-2019.xlsx", "../lalu.xlsx", "rusak.xlsx"],
                         ids=["absolut", "naik", "rusak"])
def test_last_year_link_not_followed_is_the_k13_finding_and_the_draft_is_written(tmp_path, link):
    """The draft follows the workbook's link the one way perbarui does: a refused link or a
    damaged last-year file gives perbarui's K13 message, and the draft is still written."""
    from xl_lkip.files.service import periksa_berkas

    (tmp_path / "kerja").mkdir()
    build_workbook(tmp_path / "lalu.xlsx", {**BASE_ID, "tahun": 2019}, _rows())
    (tmp_path / "kerja" / "rusak.xlsx").write_bytes(b"bukan buku kerja")
    book = build_workbook(tmp_path / "kerja" / "buku.xlsx", {**BASE_ID, "berkas_tahun_lalu": link},
                          _rows())
    k13 = [t.pesan for t in periksa_berkas(book).temuan if t.aturan == "K13"]
    assert len(k13) == 1 and "tidak dibuka" in k13[0]
    out, err = io.StringIO(), io.StringIO()
    code = jalankan([str(book)], None, None, None, out, err)
    assert code != 2 and "tak terduga" not in err.getvalue(), err.getvalue()
    assert (tmp_path / "kerja" / "buku.docx").is_file()
    assert k13[0] in out.getvalue()


def test_empty_template_is_not_reported_as_success(tmp_path):
    book = build_workbook(tmp_path / "kosong.xlsx")
    out, err = io.StringIO(), io.StringIO()
    code = jalankan([str(book)], None, None, None, out, err)
    assert code == 1, err.getvalue()
    assert "tidak berisi data" in out.getvalue()


# --- re-generation, templates, PDF --------------------------------------------------------------


def test_regeneration_keeps_user_paragraphs_and_backs_up(tmp_path):
    book = _workbook(tmp_path, BASE_ID, _rows())
    first = buat_dokumen(book)
    doc = Document(first.dokumen)
    anchor = next(sdt for sdt in doc.element.body.iter(qn("w:sdt"))
                  if kunci_of(sdt) == "bab3a.s1.i1.capaian")
    mine = doc.add_paragraph("Analisis saya: keberhasilan karena koordinasi.")
    anchor.addnext(mine._p)
    doc.add_paragraph("Penutup tulisan saya.")
    doc.save(first.dokumen)
    edited = Path(first.dokumen).read_bytes()
    n_blocks = sum(1 for s in doc.element.body if kunci_of(s))

    second = buat_dokumen(book)
    assert second.cadangan and Path(second.cadangan).name == "buku.cadangan-1.docx"
    assert Path(second.cadangan).read_bytes() == edited
    again = Document(second.dokumen)
    body = list(again.element.body)
    keys = [kunci_of(el) for el in body]
    assert sum(1 for k in keys if k) == n_blocks  # replaced, not duplicated
    texts = ["".join(t.text or "" for t in el.iter(qn("w:t"))) for el in body]
    i = texts.index("Analisis saya: keberhasilan karena koordinasi.")
    assert keys[i - 1] == "bab3a.s1.i1.capaian"
    assert "Penutup tulisan saya." in texts
    third = buat_dokumen(book)
    assert Path(third.cadangan).name == "buku.cadangan-2.docx"
    final = Document(third.dokumen)  # one portrait part, then the landscape Lampiran, each time
    assert [sec.orientation for sec in final.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]


def test_default_template_is_rebuilt_from_its_script(tmp_path):
    rebuilt = word_templat.build(tmp_path / "t.docx")
    with zipfile.ZipFile(rebuilt) as a, zipfile.ZipFile(word_templat.DEFAULT_TEMPLATE) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_agency_template_keeps_its_header_and_gets_missing_styles(tmp_path):
    agency = Document()
    agency.sections[0].header.paragraphs[0].text = "KOP SURAT DINAS CONTOH"
    agency.add_paragraph("Kata Pengantar dari dinas.")
    path = tmp_path / "kop.docx"
    agency.save(str(path))
    book = _workbook(tmp_path, BASE_ID, _rows())
    res = buat_dokumen(book, tmp_path / "hasil", templat=path)
    doc = Document(res.dokumen)
    assert doc.sections[0].header.paragraphs[0].text == "KOP SURAT DINAS CONTOH"
    assert doc.paragraphs[0].text == "Kata Pengantar dari dinas."  # the agency's text comes first
    assert doc.styles["LKjIP Tanda Tangan"] is not None


def _agency_template(path: Path, kop: str) -> Path:
    agency = Document()
    agency.sections[0].header.paragraphs[0].text = kop
    agency.save(str(path))
    return path


def _as_dotx(docx: Path, dotx: Path) -> Path:
    """The same file saved as a Word template (only the main part's content type differs)."""
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(dotx, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    return dotx


@pytest.mark.parametrize("name", ["templat/kop.docx", "templat\\kop.dotx"])
def test_identitas_names_the_agency_template(tmp_path, name):
    (tmp_path / "templat").mkdir()
    docx = _agency_template(tmp_path / "templat" / "kop.docx", "KOP DARI IDENTITAS")
    _as_dotx(docx, tmp_path / "templat" / "kop.dotx")
    book = _workbook(tmp_path, {**BASE_ID, "templat_word": name}, _rows())
    res = buat_dokumen(book, tmp_path / "hasil")
    assert res.galat_berkas is None and res.catatan == [], (res.galat_berkas, res.catatan)
    assert Document(res.dokumen).sections[0].header.paragraphs[0].text == "KOP DARI IDENTITAS"
    cli = _agency_template(tmp_path / "cli.docx", "KOP DARI BARIS PERINTAH")
    out = tmp_path / "hasil-cli"
    assert jalankan([str(book)], str(out), str(cli), None, io.StringIO(), io.StringIO()) != 2
    assert Document(str(out / "buku.docx")).sections[0].header.paragraphs[0].text \
        == "KOP DARI BARIS PERINTAH"  # --templat-word wins over Identitas


@pytest.mark.parametrize("link, why", [
    ("/srv/kop.docx", "jalur lengkap"), ("\\\\server\\share\\kop.docx", "UNC"),
    ("../kop.docx", "'..'"), ("https://contoh.go.id/kop.docx", "URL"),
    ("kop.xlsx", "bukan berkas .docx/.dotx"), ("hilang.docx", "tidak ditemukan"),
    ("rusak.docx", "tidak dapat dibuka")])
def test_refused_or_missing_identitas_template_is_a_line_and_the_default_is_used(
        tmp_path, link, why):
    kerja = tmp_path / "kerja"
    kerja.mkdir()
    _agency_template(tmp_path / "kop.docx", "KOP DI LUAR FOLDER")
    (kerja / "kop.xlsx").write_bytes(b"x")
    (kerja / "rusak.docx").write_bytes(b"bukan dokumen")
    book = build_workbook(kerja / "buku.xlsx", {**BASE_ID, "templat_word": link}, _rows())
    out, err = io.StringIO(), io.StringIO()
    code = jalankan([str(book)], None, None, None, out, err)
    assert code != 2 and "Traceback" not in err.getvalue(), err.getvalue()
    doc = Document(str(kerja / "buku.docx"))
    assert doc.sections[0].header.paragraphs[0].text != "KOP DI LUAR FOLDER"
    assert doc.styles["LKjIP Tanda Tangan"] is not None  # the default template's styles
    line = next(ln for ln in out.getvalue().splitlines() if "Templat Word" in ln)
    assert why in line and "templat bawaan" in line, line


@needs_office
def test_draft_converts_to_pdf_with_libreoffice(draft, tmp_path):
    _h, _doc, _res, path = draft
    pdf = convert(path, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "BAB III AKUNTABILITAS KINERJA" in text
        assert "Sasaran 1:" in text


XML_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName">
    <xs:enumeration value="default"/><xs:enumeration value="preserve"/>
  </xs:restriction></xs:simpleType></xs:attribute>
  <xs:attribute name="lang" type="xs:language"/>
</xs:schema>"""


def _wml_schema(tmp_path: Path):
    """wml.xsd (tests/schemas) with the xml: namespace it imports without a location."""
    etree = pytest.importorskip("lxml.etree")
    wml = ROOT / "tests" / "schemas" / "wml.xsd"
    if not wml.exists():
        pytest.skip("tests/schemas/wml.xsd tidak ada")
    (tmp_path / "xml.xsd").write_text(XML_XSD, encoding="utf-8")
    doc = etree.parse(str(wml))
    for imp in doc.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        if imp.get("namespace") == "http://www.w3.org/XML/1998/namespace":
            imp.set("schemaLocation", (tmp_path / "xml.xsd").as_uri())
    return etree, etree.XMLSchema(doc)


def test_draft_and_template_parts_are_schema_valid(draft, tmp_path):
    from tests.test_ooxml_schemas import markup_compatible

    etree, schema = _wml_schema(tmp_path)
    _h, _doc, _res, path = draft
    for docx in (path, word_templat.DEFAULT_TEMPLATE):
        with zipfile.ZipFile(docx) as z:
            for part in ("word/document.xml", "word/styles.xml", "word/settings.xml",
                         "word/footer1.xml"):
                root = markup_compatible(etree.fromstring(z.read(part)))
                assert schema.validate(root), (docx.name, part, [e.message for e in schema.error_log][:5])


@needs_office
def test_a_draft_saved_by_libreoffice_is_updated_not_duplicated(tmp_path):
    """LibreOffice keeps the boxes and their titles but drops their tags when it saves a
    .docx; the key in the title lets the next draft replace the boxes all the same."""
    book = _workbook(tmp_path, BASE_ID, _rows())
    first = buat_dokumen(book)
    doc = Document(first.dokumen)
    n_blocks = sum(1 for s in doc.element.body if kunci_of(s))
    anchor = next(sdt for sdt in doc.element.body.iter(qn("w:sdt"))
                  if kunci_of(sdt) == "bab3a.s1.i1.capaian")
    anchor.addnext(doc.add_paragraph("Analisis saya setelah disunting di LibreOffice.")._p)
    mine = doc.add_table(rows=1, cols=2)  # a table of the user's own, after a generated one
    mine.cell(0, 0).text, mine.cell(0, 1).text = "Tabel saya", "tetap ada"
    n_tables = sum(1 for el in doc.element.body.iter(qn("w:tbl")))
    doc.save(first.dokumen)
    saved = convert(first.dokumen, "docx:MS Word 2007 XML", tmp_path / "lo")
    resaved = Document(saved)
    assert not [t for t in resaved.element.body.iter(qn("w:tag"))]  # the tags are gone
    Path(first.dokumen).write_bytes(saved.read_bytes())

    second = buat_dokumen(book)
    again = Document(second.dokumen)
    keys = [kunci_of(el) for el in again.element.body]
    found = [k for k in keys if k]
    assert len(found) == n_blocks and len(set(found)) == len(found)  # replaced, not doubled
    texts = ["".join(t.text or "" for t in el.iter(qn("w:t"))) for el in again.element.body]
    i = texts.index("Analisis saya setelah disunting di LibreOffice.")
    assert keys[i - 1] == "bab3a.s1.i1.capaian"
    # the generated tables replaced (not kept beside the new ones), the user's table kept
    assert sum(1 for el in again.element.body.iter(qn("w:tbl"))) == n_tables
    assert "Tabel sayatetap ada" in texts
