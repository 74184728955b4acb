"""Small, fully consistent workbooks for tests (the clean case every check must pass)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

from xl_lkip.files.template import build_workbook

IDENTITAS = {
    "instansi": "Dinas Contoh", "pemda": "Kabupaten Contoh", "tahun": 2020,
    "renstra_awal": 2017, "renstra_akhir": 2021, "kepala": "Budi", "nip": "197001012000031001",
    "skala": "110-90-60", "rumus_negatif": "2T-R",
}


def clean_rows(n: int = 2) -> dict[str, list[dict[str, Any]]]:
    """n indicators over two sasaran, one program per sasaran with two kegiatan each."""
    renstra, pk, real, plan = [], [], [], []
    for i in range(1, n + 1):
        kode = f"IK-{i:02d}"
        sas = f"S{1 + (i - 1) % 2}"
        target = 80.0 + i % 10
        realisasi = target + 2.0
        renstra.append({"tujuan": "Tujuan", "kode_sasaran": sas, "sasaran": f"Sasaran {sas}",
                        "kode_indikator": kode, "indikator": f"Indikator {i}", "satuan": "%",
                        "polaritas": "positif", "gabung": "jumlah", "kondisi_awal": 70.0,
                        "target_1": 72.0, "target_2": 74.0, "target_3": 76.0, "target_4": target,
                        "target_5": 95.0, "target_akhir": 95.0})
        pk.append({"kode_sasaran": sas, "sasaran": f"Sasaran {sas}", "kode_indikator": kode,
                   "indikator": f"Indikator {i}", "satuan": "%", "target_rkt": target,
                   "target": target})
        q = realisasi / 4
        real.append({"kode_indikator": kode, "indikator": f"Indikator {i}", "satuan": "%",
                     "polaritas": "positif", "target": target, "tw1": q, "tw2": q, "tw3": q,
                     "tw4": q, "realisasi": realisasi, "realisasi_n1": target - 1.0,
                     "realisasi_n2": target - 3.0})
        plan.append({"kode_indikator": kode, "indikator": f"Indikator {i}", "target_tahun": target,
                     "tw1": target / 4, "tw2": target / 4, "tw3": target / 4, "tw4": target / 4})
    programs, anggaran = [], []
    for p in (1, 2):
        kids = [(f"{p}.{k}", 1_000_000.0 * k * p, 900_000.0 * k * p) for k in (1, 2)]
        pagu = sum(x[1] for x in kids)
        realisasi = sum(x[2] for x in kids)
        programs.append({"kode_program": str(p), "program": f"Program {p}", "kode_sasaran": f"S{p}",
                         "anggaran": pagu})
        anggaran.append({"kode": str(p), "level": "Program", "uraian": f"Program {p}",
                         "pagu_murni": pagu, "realisasi": realisasi})
        for kode, kp, kr in kids:
            anggaran.append({"kode": kode, "level": "Kegiatan", "uraian": f"Kegiatan {kode}",
                             "jenis_belanja": "Belanja Barang dan Jasa", "pagu_murni": kp,
                             "realisasi": kr, "kode_indikator": f"IK-{p:02d}"})
    return {"renstra": renstra, "pk": pk, "realisasi": real, "rencana_aksi": plan,
            "pk_program": programs, "anggaran": anggaran}


def clean_workbook(path: Path, n: int = 2, extra: Any = None, **changes: Any) -> Path:
    rows = clean_rows(n)
    for key, fn in changes.items():
        fn(rows[key])
    return build_workbook(path, IDENTITAS, rows, extra=extra)


def tiny_png() -> bytes:
    """A 4x4 red PNG: a picture a user puts on a sheet, without an image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
