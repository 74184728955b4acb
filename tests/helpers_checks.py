"""A clean, fully consistent workbook for the checker tests, and ways to spoil it.

`clean()` returns (identitas, rows) that `build()` writes with xl_lkip.files.template the way
staff would have typed them: computed columns hold the template formula with a cached result
(as Excel saves them) unless a test types a value into them.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from xl_lkip.core.reader import LkipData
from xl_lkip.core.skala import Skala
from xl_lkip.files.template import build_workbook, computed_cache
from xl_lkip.files.workbook import load

JUTA = 1_000_000.0

IDENTITAS: dict[str, Any] = {
    "instansi": "Kantor Kesatuan Bangsa dan Politik Kota Contoh",
    "pemda": "Kota Contoh",
    "tahun": 2020,
    "renstra_awal": 2019,
    "renstra_akhir": 2023,
    "kepala": "Budi Santoso, S.Sos",
    "skala": "110-90-60",
    "rumus_negatif": "2T-R",
}

ROWS: dict[str, list[dict[str, Any]]] = {
    "renstra": [
        {"tujuan": "Kondisi kondusif", "kode_sasaran": "S1",
         "sasaran": "Meningkatnya partisipasi politik", "kode_indikator": "IK-01",
         "indikator": "Jumlah kegiatan pendidikan politik", "satuan": "Kegiatan",
         "polaritas": "positif", "gabung": "jumlah", "kondisi_awal": 8, "target_1": 10,
         "target_2": 12, "target_3": 14, "target_4": 16, "target_5": 18, "target_akhir": 18},
        {"tujuan": "Kondisi kondusif", "kode_sasaran": "S1",
         "sasaran": "Meningkatnya partisipasi politik", "kode_indikator": "IK-02",
         "indikator": "Jumlah konflik sosial", "satuan": "kasus", "polaritas": "negatif",
         "gabung": "terakhir", "kondisi_awal": 6, "target_1": 5, "target_2": 4, "target_3": 3,
         "target_4": 2, "target_5": 1, "target_akhir": 1},
        {"tujuan": "Pelayanan prima", "kode_sasaran": "S2",
         "sasaran": "Meningkatnya kepuasan masyarakat", "kode_indikator": "IK-03",
         "indikator": "Indeks kepuasan masyarakat", "satuan": "indeks", "polaritas": "positif",
         "gabung": "rata-rata", "kondisi_awal": 75, "target_1": "78-88", "target_2": "80-90",
         "target_3": "82-92", "target_4": "84-94", "target_5": "85-95",
         "target_akhir": "85-95"},
    ],
    "pk": [
        {"kode_sasaran": "S1", "sasaran": "Meningkatnya partisipasi politik",
         "kode_indikator": "IK-01", "indikator": "Jumlah kegiatan pendidikan politik",
         "satuan": "Kegiatan", "target_rkt": 12, "target": 12},
        {"kode_sasaran": "S1", "sasaran": "Meningkatnya partisipasi politik",
         "kode_indikator": "IK-02", "indikator": "Jumlah konflik sosial", "satuan": "kasus",
         "target_rkt": 4, "target": 4, "target_perubahan": 3},
        {"kode_sasaran": "S2", "sasaran": "Meningkatnya kepuasan masyarakat",
         "kode_indikator": "IK-03", "indikator": "Indeks kepuasan masyarakat",
         "satuan": "indeks", "target_rkt": "80-90", "target": "80-90"},
    ],
    "pk_program": [
        {"kode_program": "1.01", "program": "Program Pendidikan Politik Masyarakat",
         "kode_sasaran": "S1", "anggaran": 300 * JUTA},
        {"kode_program": "1.02", "program": "Program Kewaspadaan Nasional",
         "kode_sasaran": "S1", "anggaran": 500 * JUTA, "anggaran_perubahan": 550 * JUTA},
    ],
    "realisasi": [
        {"kode_indikator": "IK-01", "indikator": "Jumlah kegiatan pendidikan politik",
         "satuan": "Kegiatan", "polaritas": "positif", "target": 12, "tw1": 3, "tw2": 3,
         "tw3": 3, "tw4": 4, "realisasi": 13, "realisasi_n1": 11, "realisasi_n2": 9,
         "target_n1": 14},
        {"kode_indikator": "IK-02", "indikator": "Jumlah konflik sosial", "satuan": "kasus",
         "polaritas": "negatif", "target": 3, "tw1": 5, "tw2": 4, "tw3": 3, "tw4": 3,
         "realisasi": 3, "realisasi_n1": 4, "realisasi_n2": 5, "target_n1": 3},
        {"kode_indikator": "IK-03", "indikator": "Indeks kepuasan masyarakat",
         "satuan": "indeks", "polaritas": "positif", "target": "80-90", "tw1": 80, "tw2": 84,
         "tw3": 86, "tw4": 90, "realisasi": 85, "realisasi_n1": 82, "target_n1": "82-92"},
    ],
    "rencana_aksi": [
        {"kode_indikator": "IK-01", "indikator": "Jumlah kegiatan pendidikan politik",
         "target_tahun": 12, "tw1": 3, "tw2": 3, "tw3": 3, "tw4": 3},
        {"kode_indikator": "IK-02", "indikator": "Jumlah konflik sosial", "target_tahun": 3,
         "tw1": 5, "tw2": 4, "tw3": 3, "tw4": 3},
        {"kode_indikator": "IK-03", "indikator": "Indeks kepuasan masyarakat",
         "target_tahun": "80-90", "tw1": 80, "tw2": 85, "tw3": 85, "tw4": 90},
    ],
    "anggaran": [
        {"kode": "1.01", "level": "Program", "uraian": "Program Pendidikan Politik Masyarakat",
         "pagu_murni": 300 * JUTA, "realisasi": 270 * JUTA},
        {"kode": "1.01.01", "level": "Kegiatan", "uraian": "Sosialisasi Pendidikan Politik",
         "jenis_belanja": "Belanja Barang dan Jasa", "pagu_murni": 100 * JUTA,
         "realisasi": 90 * JUTA, "kode_indikator": "IK-01"},
        {"kode": "1.01.02", "level": "Kegiatan", "uraian": "Fasilitasi Partai Politik",
         "jenis_belanja": "Belanja Barang dan Jasa", "pagu_murni": 200 * JUTA,
         "realisasi": 180 * JUTA, "kode_indikator": "IK-01"},
        {"kode": "1.02", "level": "Program", "uraian": "Program Kewaspadaan Nasional",
         "pagu_murni": 500 * JUTA, "pagu_perubahan": 550 * JUTA, "realisasi": 500 * JUTA},
        {"kode": "1.02.01", "level": "Kegiatan", "uraian": "Forum Kewaspadaan Dini Masyarakat",
         "jenis_belanja": "Belanja Barang dan Jasa", "pagu_murni": 200 * JUTA,
         "pagu_perubahan": 250 * JUTA, "realisasi": 240 * JUTA, "kode_indikator": "IK-02"},
        {"kode": "1.02.02", "level": "Kegiatan", "uraian": "Survei Kepuasan Masyarakat",
         "jenis_belanja": "Belanja Modal", "pagu_murni": 300 * JUTA, "realisasi": 260 * JUTA,
         "kode_indikator": "IK-03"},
        {"level": "Jumlah", "uraian": "JUMLAH", "pagu_murni": 800 * JUTA,
         "pagu_perubahan": 850 * JUTA, "realisasi": 770 * JUTA},
    ],
}

# Last year's workbook (2019): its Realisasi N and N-1 are this year's N-1 and N-2.
IDENTITAS_LALU = {**IDENTITAS, "tahun": 2019}
ROWS_LALU: dict[str, list[dict[str, Any]]] = {
    "realisasi": [
        {"kode_indikator": "IK-01", "polaritas": "positif", "target": 10, "realisasi": 11,
         "realisasi_n1": 9},
        {"kode_indikator": "IK-02", "polaritas": "negatif", "target": 5, "realisasi": 4,
         "realisasi_n1": 5},
        {"kode_indikator": "IK-03", "polaritas": "positif", "target": "78-88", "realisasi": 82},
    ],
}


def clean() -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """A fresh copy of the clean workbook's data, to spoil in one place per test."""
    return copy.deepcopy(IDENTITAS), copy.deepcopy(ROWS)


def _skala(identitas: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> Skala | None:
    if rows.get("skala"):
        return Skala.dari_baris([(r.get("batas_bawah"), r.get("batas_atas"), r.get("label"),
                                  r.get("kode")) for r in rows["skala"]])
    return Skala.preset(str(identitas["skala"])) if identitas.get("skala") else None


def build(tmp_path: Path, identitas: dict[str, Any] | None = None,
          rows: dict[str, list[dict[str, Any]]] | None = None, name: str = "lkjip.xlsx",
          cache: bool = True, cached: dict[str, dict[int, dict[str, Any]]] | None = None
          ) -> LkipData:
    """Write the workbook and read it back. `cache` stores the formulas' results the way
    Excel does; `cached` overrides some of them ({table: {record: {column: value}}})."""
    if identitas is None or rows is None:
        base_i, base_r = clean()
        identitas = base_i if identitas is None else identitas
        rows = base_r if rows is None else rows
    results: dict[str, list[dict[str, Any]]] = {}
    if cache:
        skala = _skala(identitas, rows)
        for key in ("realisasi", "anggaran"):
            if key in rows:
                results[key] = computed_cache(key, rows[key], skala,
                                              identitas.get("rumus_negatif"),
                                              rows.get("renstra") or ())
    for key, by_row in (cached or {}).items():
        results.setdefault(key, [{} for _ in rows.get(key, [])])
        for i, values in by_row.items():
            results[key][i].update(values)
    path = build_workbook(tmp_path / name, identitas, rows, results)
    return load(path)


def build_lalu(tmp_path: Path, identitas: dict[str, Any] | None = None,
               rows: dict[str, list[dict[str, Any]]] | None = None) -> LkipData:
    return build(tmp_path, copy.deepcopy(identitas or IDENTITAS_LALU),
                 copy.deepcopy(rows or ROWS_LALU), name="lkjip-lalu.xlsx")


def ringkas(temuan: list[Any]) -> list[tuple[Any, ...]]:
    """(rule, severity, sheet, cell, expected, found), floats rounded to 2 decimals."""
    def r(v: Any) -> Any:
        return round(v, 2) if isinstance(v, float) else v

    return [(t.aturan, t.tingkat, t.lembar, t.sel, r(t.diharapkan), r(t.ditemukan))
            for t in temuan]
