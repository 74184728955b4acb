"""Build workbooks from readable data files (one CSV per table), as staff would have typed them.

A data folder holds `identitas.csv` (Keterangan,Nilai) and `<table key>.csv` whose header
row is the template's column headers. Lines starting with `#` are comments (where the
report contradicts itself). A value in a number column that reads as a number is written
as a number; anything else is written as text, exactly as found, so the checker sees what
the agency's staff saw.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..core import schema
from ..core.errors import NilaiError
from ..core.schema import Kind
from .template import build_workbook, computed_cache

_NUMERIC = {Kind.NUMBER, Kind.MONEY, Kind.PERCENT, Kind.YEAR, Kind.TARGET}


def _read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def typed(kind: Kind, text: str | None) -> Any:
    """The cell value staff would have ended up with after typing `text`."""
    from ..core.angka import parse_angka

    if text is None or text.strip() == "":
        return None
    if kind in _NUMERIC:
        try:
            value = parse_angka(text)
        except NilaiError:
            return text  # text in a number cell, exactly as typed
        return int(value) if kind is Kind.YEAR else value
    return text


def load_folder(folder: str | Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    folder = Path(folder)
    identitas: dict[str, Any] = {}
    by_label = {f.label: f for f in schema.IDENTITAS}
    for row in _read_csv(folder / "identitas.csv"):
        f = by_label.get((row.get("Keterangan") or "").strip())
        if f is None:
            raise ValueError(f"{folder}/identitas.csv: keterangan tidak dikenal {row!r}")
        identitas[f.key] = typed(f.kind, row.get("Nilai"))
    rows: dict[str, list[dict[str, Any]]] = {}
    for spec in schema.INPUT_TABLES:
        path = folder / f"{spec.key}.csv"
        if not path.exists():
            continue
        by_header = {c.header: c for c in spec.columns}
        records = []
        for line in _read_csv(path):
            unknown = set(line) - set(by_header) - {None}
            if unknown:
                raise ValueError(f"{path}: kolom tidak dikenal {sorted(unknown)}")
            rec = {}
            for header, text in line.items():
                col = by_header[header]
                kind = Kind.NUMBER if col.computed and col.kind in _NUMERIC else col.kind
                rec[col.key] = typed(kind, text)
            records.append(rec)
        rows[spec.key] = records
    return identitas, rows


def build_example(folder: str | Path, out: str | Path) -> Path:
    """Build one example workbook from its data folder."""
    from ..core.skala import Skala

    identitas, rows = load_folder(folder)
    skala = None
    if rows.get("skala"):
        try:
            skala = Skala.dari_baris([(r.get("batas_bawah"), r.get("batas_atas"), r.get("label"),
                                       r.get("kode")) for r in rows["skala"]])
        except NilaiError:
            skala = None
    elif identitas.get("skala"):
        skala = Skala.preset(str(identitas["skala"]))
    cached = {key: computed_cache(key, recs, skala, identitas.get("rumus_negatif"),
                                  rows.get("renstra") or ())
              for key, recs in rows.items() if key in ("realisasi", "anggaran")}
    return build_workbook(out, identitas, rows, cached)
