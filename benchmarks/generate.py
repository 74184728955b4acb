"""Build large, realistic LKjIP workbooks for the benchmarks (nothing generated is committed).

The data look like an Indonesian OPD's report, not random noise: Permendagri 90/2019
style budget codes (program 1.02.01, kegiatan 1.02.01.2.01, sub kegiatan
1.02.01.2.01.0001) with real nomenclature names, indicators with Indonesian names,
units and polarities, Renstra targets over 2017-2021, quarterly realisation, and amounts
that add up (sub kegiatan → kegiatan → program → Jumlah; PK Program = program pagu), so
a generated workbook passes every consistency check and the benchmark measures the
normal path. Computed columns hold the template's formulas with cached results, as
a workbook saved by Excel does.

    python benchmarks/generate.py OUT.xlsx --indikator 25 --anggaran 300
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


TYPICAL = {"indikator": 25, "anggaran": 300}  # a typical OPD: 25 indicators, 300 budget lines

IDENTITAS = {
    "instansi": "Dinas Kesehatan", "pemda": "Kabupaten Sukamaju", "tahun": 2020,
    "renstra_awal": 2017, "renstra_akhir": 2021, "kepala": "dr. Siti Rahmawati, M.Kes",
    "nip": "197203151999032004", "jabatan": "Pembina Utama Muda (IV/c)", "kota": "Sukamaju",
    "skala": "110-90-60", "rumus_negatif": "2T-R", "efisiensi": "100 - serapan",
}

PROGRAMS = [
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
    "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
    "Program Sediaan Farmasi, Alat Kesehatan dan Makanan Minuman",
    "Program Pemberdayaan Masyarakat Bidang Kesehatan",
    "Program Pengendalian Penduduk",
    "Program Pembinaan Keluarga Berencana (KB)",
    "Program Pemberdayaan dan Peningkatan Keluarga Sejahtera (KS)",
]
KEGIATAN = [
    "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
    "Administrasi Keuangan Perangkat Daerah",
    "Administrasi Kepegawaian Perangkat Daerah",
    "Administrasi Umum Perangkat Daerah",
    "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
    "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
    "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
    "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota",
    "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
    "Penyelenggaraan Sistem Informasi Kesehatan secara Terintegrasi",
]
SUB_KEGIATAN = [
    ("Penyusunan Dokumen Perencanaan Perangkat Daerah", "Belanja Barang dan Jasa"),
    ("Koordinasi dan Penyusunan Dokumen RKA-SKPD", "Belanja Barang dan Jasa"),
    ("Evaluasi Kinerja Perangkat Daerah", "Belanja Barang dan Jasa"),
    ("Penyediaan Gaji dan Tunjangan ASN", "Belanja Pegawai"),
    ("Pelaksanaan Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD", "Belanja Barang dan Jasa"),
    ("Penyediaan Peralatan dan Perlengkapan Kantor", "Belanja Modal"),
    ("Penyediaan Bahan Logistik Kantor", "Belanja Barang dan Jasa"),
    ("Penyediaan Barang Cetakan dan Penggandaan", "Belanja Barang dan Jasa"),
    ("Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", "Belanja Barang dan Jasa"),
    ("Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik", "Belanja Barang dan Jasa"),
    ("Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya", "Belanja Modal"),
    ("Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan", "Belanja Modal"),
    ("Pengelolaan Pelayanan Kesehatan Ibu Hamil", "Belanja Barang dan Jasa"),
    ("Pengelolaan Pelayanan Kesehatan Balita", "Belanja Barang dan Jasa"),
    ("Pengelolaan Pelayanan Kesehatan pada Usia Lanjut", "Belanja Barang dan Jasa"),
    ("Pengelolaan Pelayanan Kesehatan Penderita Hipertensi", "Belanja Barang dan Jasa"),
    ("Pengelolaan Pelayanan Kesehatan Orang dengan Tuberkulosis", "Belanja Barang dan Jasa"),
    ("Pengelolaan Surveilans Kesehatan", "Belanja Barang dan Jasa"),
]
TUJUAN = "Meningkatkan derajat kesehatan masyarakat"
SASARAN = [
    "Meningkatnya akses dan mutu pelayanan kesehatan dasar dan rujukan",
    "Menurunnya angka kesakitan dan kematian akibat penyakit",
    "Meningkatnya kesehatan ibu, anak dan gizi masyarakat",
    "Meningkatnya akuntabilitas kinerja dan keuangan perangkat daerah",
    "Meningkatnya perilaku hidup bersih dan sehat masyarakat",
]
# (name, unit, polarity, combine quarters, typical target)
INDIKATOR = [
    ("Persentase puskesmas terakreditasi", "%", "positif", "terakhir", 80.0),
    ("Persentase ibu hamil mendapatkan pelayanan kesehatan sesuai standar", "%", "positif",
     "terakhir", 95.0),
    ("Angka kematian ibu", "per 100.000 KH", "negatif", "terakhir", 98.0),
    ("Angka kematian bayi", "per 1.000 KH", "negatif", "terakhir", 8.5),
    ("Prevalensi balita stunting", "%", "negatif", "terakhir", 18.0),
    ("Persentase penderita hipertensi mendapat pelayanan sesuai standar", "%", "positif",
     "terakhir", 90.0),
    ("Cakupan penemuan kasus tuberkulosis", "%", "positif", "terakhir", 70.0),
    ("Indeks kepuasan masyarakat terhadap layanan kesehatan", "indeks", "positif", "terakhir", 82.0),
    ("Nilai SAKIP perangkat daerah", "nilai", "positif", "terakhir", 75.0),
    ("Jumlah desa siaga aktif", "desa", "positif", "jumlah", 120.0),
    ("Jumlah tenaga kesehatan yang dilatih", "orang", "positif", "jumlah", 400.0),
    ("Persentase rumah tangga ber-PHBS", "%", "positif", "terakhir", 65.0),
]


def _indicators(n: int, rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    renstra, pk, real, plan = [], [], [], []
    for i in range(n):
        name, unit, pol, gabung, base = INDIKATOR[i % len(INDIKATOR)]
        round_ = i // len(INDIKATOR)
        if round_:
            name = f"{name} (wilayah {round_ + 1})"
        kode = f"IK-{i + 1:04d}"
        s = (i // 5) % max(1, min(len(SASARAN), -(-n // 5)))
        sas_kode = f"S{i // 5 + 1:03d}"
        sas = f"{SASARAN[s]} ({sas_kode})"
        count = gabung == "jumlah"
        step = max(1.0, round(base * 0.02)) if count else round(base * 0.02, 2)
        sign = -1 if pol == "negatif" else 1
        targets = [round(base - sign * step * (3 - k), 2) for k in range(5)]  # 2017..2021
        target = targets[3]  # 2020 = year 4 of 2017-2021
        factor = rng.uniform(0.9, 1.12)
        realisasi = round(target * factor) if count else round(target * factor, 2)
        if count:
            parts = [realisasi // 4] * 3
            quarters = [*parts, realisasi - sum(parts)]
            plan_parts = [int(target) // 4] * 3
            plan_q = [*plan_parts, int(target) - sum(plan_parts)]
        else:
            quarters = [round(realisasi * f, 2) for f in (0.4, 0.6, 0.85)] + [realisasi]
            plan_q = [round(target * f, 2) for f in (0.4, 0.6, 0.85)] + [target]
        renstra.append({"tujuan": TUJUAN, "kode_sasaran": sas_kode, "sasaran": sas,
                        "kode_indikator": kode, "indikator": name, "satuan": unit,
                        "polaritas": pol, "gabung": gabung, "kondisi_awal": targets[0],
                        **{f"target_{k + 1}": t for k, t in enumerate(targets)},
                        "target_akhir": targets[4]})
        pk.append({"kode_sasaran": sas_kode, "sasaran": sas, "kode_indikator": kode,
                   "indikator": name, "satuan": unit, "target_rkt": target, "target": target})
        real.append({"kode_indikator": kode, "indikator": name, "satuan": unit, "polaritas": pol,
                     "target": target, **{f"tw{k + 1}": q for k, q in enumerate(quarters)},
                     "realisasi": realisasi, "realisasi_n1": targets[2], "realisasi_n2": targets[1],
                     "target_n1": targets[4], "penanggung_jawab": f"Kepala Seksi {s + 1}"})
        plan.append({"kode_indikator": kode, "indikator": name, "target_tahun": target,
                     **{f"tw{k + 1}": q for k, q in enumerate(plan_q)},
                     "kegiatan": KEGIATAN[i % len(KEGIATAN)],
                     "penanggung_jawab": f"Kepala Seksi {s + 1}"})
    return {"renstra": renstra, "pk": pk, "realisasi": real, "rencana_aksi": plan}


def _budget(n_rows: int, indicators: list[dict[str, Any]], rng: random.Random
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """About n_rows budget lines: programs of 4 kegiatan of sub kegiatan, then Jumlah."""
    n_prog = min(max(2, n_rows // 150), 99)
    per_prog = max(6, (n_rows - 1) // n_prog)
    n_keg = min(4, max(1, (per_prog - 1) // 2))
    n_sub = max(1, (per_prog - 1) // n_keg - 1)
    rows: list[dict[str, Any]] = []
    programs = []
    total_p = total_r = 0
    for p in range(1, n_prog + 1):
        kode_p = f"1.02.{p:02d}"
        name_p = PROGRAMS[(p - 1) % len(PROGRAMS)]
        if p > len(PROGRAMS):
            name_p += f" (Bidang {(p - 1) // len(PROGRAMS) + 1})"
        ind = indicators[(p - 1) % len(indicators)]
        at_p = len(rows)
        rows.append({})
        sum_p = sum_rp = 0
        for k in range(1, n_keg + 1):
            kode_k = f"{kode_p}.2.{k:02d}"
            at_k = len(rows)
            rows.append({})
            sum_k = sum_rk = 0
            for s in range(1, n_sub + 1):
                name_s, jenis = SUB_KEGIATAN[(p * 7 + k * 3 + s) % len(SUB_KEGIATAN)]
                pagu = rng.randrange(5_000, 2_500_000) * 1_000
                real = round(pagu * rng.uniform(0.7, 1.0))
                sum_k += pagu
                sum_rk += real
                rows.append({"kode": f"{kode_k}.{s:04d}", "level": "Sub Kegiatan", "uraian": name_s,
                             "jenis_belanja": jenis, "pagu_murni": float(pagu),
                             "realisasi": float(real), "kode_indikator": ind["kode_indikator"]})
            rows[at_k] = {"kode": kode_k, "level": "Kegiatan",
                          "uraian": KEGIATAN[(p + k) % len(KEGIATAN)], "pagu_murni": float(sum_k),
                          "realisasi": float(sum_rk), "kode_indikator": ind["kode_indikator"]}
            sum_p += sum_k
            sum_rp += sum_rk
        rows[at_p] = {"kode": kode_p, "level": "Program", "uraian": name_p,
                      "pagu_murni": float(sum_p), "realisasi": float(sum_rp)}
        programs.append({"kode_program": kode_p, "program": name_p,
                         "kode_sasaran": ind["kode_sasaran"], "anggaran": float(sum_p),
                         "keterangan": "APBD Kabupaten Sukamaju"})
        total_p += sum_p
        total_r += sum_rp
    rows.append({"level": "Jumlah", "uraian": "Jumlah Belanja", "pagu_murni": float(total_p),
                 "realisasi": float(total_r)})
    return rows, programs


def workbook_rows(n_indikator: int, n_anggaran: int, seed: int = 2020
                  ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    rng = random.Random(seed)
    rows = _indicators(n_indikator, rng)
    rows["anggaran"], rows["pk_program"] = _budget(n_anggaran, rows["pk"], rng)
    return dict(IDENTITAS), rows


def build(path: str | Path, n_indikator: int = TYPICAL["indikator"],
          n_anggaran: int = TYPICAL["anggaran"], seed: int = 2020) -> Path:
    """Write one workbook with the template's tables, formulas and cached results."""
    from xl_lkip.core.skala import Skala  # here, so that importing this module stays light
    from xl_lkip.files.template import build_workbook, computed_cache

    identitas, rows = workbook_rows(n_indikator, n_anggaran, seed)
    skala = Skala.preset(identitas["skala"])
    cached = {key: computed_cache(key, rows[key], skala, identitas["rumus_negatif"])
              for key in ("realisasi", "anggaran")}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return build_workbook(path, identitas, rows, cached)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Tulis buku kerja LKjIP besar untuk benchmark.")
    ap.add_argument("out")
    ap.add_argument("--indikator", type=int, default=TYPICAL["indikator"])
    ap.add_argument("--anggaran", type=int, default=TYPICAL["anggaran"])
    ap.add_argument("--seed", type=int, default=2020)
    ns = ap.parse_args(argv)
    print(build(ns.out, ns.indikator, ns.anggaran, ns.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
