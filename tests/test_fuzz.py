"""Damaged and odd workbooks, made by seeded random mutations: every one ends in a clear answer.

A fuzzing campaign over the example workbooks found crash classes that no hand-written case
had (deep nesting, bytes that are not UTF-8, a number format id that is not a number, lone
surrogates); these seeded cases keep every such class answered with a sentence instead of
"kesalahan tak terduga". The mutations are the campaign's: flipped bytes, truncated parts,
odd attribute values, duplicated or removed elements, removed parts, odd cell values, deep
nesting, and texts with bytes that are not UTF-8 or references to characters XML forbids.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pytest

from tests.factory import clean_workbook
from xl_lkip.files.dokumen import buat_dokumen
from xl_lkip.files.service import perbarui_berkas, periksa_berkas

CASES = 40
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_ELEMENT = re.compile(r"<(c|row|sheet|si|xf|Relationship|Override|definedName)\b[^>]*?"
                      r"(/>|>.*?</\1>)", re.S)
_OPEN = re.compile(r"<(c|row|v|f|is|t|si)\b")
_VALUE = re.compile(r"<v>([^<]*)</v>")
ODD_ATTRIBUTES = ["", "-1", "999999999999", "A0", "XFD1048577", "1e309", "abc", "0", "&amp;",
                  "ZZZZ99", "1:1", "-5:3"]
ODD_VALUES = ["nan", "inf", "-inf", "1e400", "", "x", "0x10", "١٢٣", "1,5",
              "99999999999999999999", "&#xD800;", "&#1;"]


KINDS = ["flip", "trunc", "attr", "dup", "tag", "value", "del", "nest", "text"]
# parts a kind is aimed at (the others: any part)
AIMED = {"nest": (b"<Relationships", b"<workbook", b"<Types", b"<styleSheet"), "text": (b"<sst",)}


def _mutate(rng: random.Random, kind: str, data: bytes) -> bytes | None:
    """One mutation of a part (None: remove the part)."""
    if kind == "del":
        return None
    if kind == "nest":  # elements nested thousands deep before the root's end
        end = data.rfind(b"</")
        depth = rng.choice([5_000, 20_000])
        return data[:end] + b"<a>" * depth + b"</a>" * depth + data[end:] if end > 0 else data
    if kind == "text":  # a text holding bytes that are not UTF-8, or references XML forbids
        starts = [m.end() for m in re.finditer(rb"<t>", data)]
        odd = rng.choice([b"\xa9\xff", b"&#xD800;", b"&#1;", b"&#x10FFFF;&#xFFFE;"])
        for at in rng.sample(starts, min(len(starts), 20)):
            data = data[:at] + odd + data[at:]
        return data
    if kind == "flip":
        b = bytearray(data)
        for _ in range(rng.randint(1, 5)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if kind == "trunc":
        return data[:rng.randrange(len(data))] if data else data
    s = data.decode("utf-8", "replace")
    pattern = {"attr": _ATTR, "dup": _ELEMENT, "tag": _OPEN, "value": _VALUE}[kind]
    found = list(pattern.finditer(s))
    if not found:
        return data
    m = rng.choice(found)
    if kind == "attr":
        s = s[:m.start(2)] + rng.choice(ODD_ATTRIBUTES) + s[m.end(2):]
    elif kind == "dup":
        s = s[:m.end()] + m.group(0) * rng.randint(1, 3) + s[m.end():]
    elif kind == "tag":
        s = s[:m.start()] + s[m.end():]
    else:
        s = s[:m.start(1)] + rng.choice(ODD_VALUES) + s[m.end(1):]
    return s.encode()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    path = clean_workbook(tmp_path_factory.mktemp("fuzz") / "sumber.xlsx", n=4)
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("seed", range(CASES))
def test_a_damaged_workbook_gets_a_clear_answer(seed: int, source: dict[str, bytes],
                                                 tmp_path: Path) -> None:
    rng = random.Random(seed)
    parts = dict(source)
    for _ in range(rng.randint(1, 2)):
        kind = rng.choice(KINDS)
        aimed = [n for n in sorted(parts) if any(m in parts[n] for m in AIMED.get(kind, ()))]
        name = rng.choice(aimed or sorted(parts))
        mutated = _mutate(rng, kind, parts[name])
        if mutated is None:
            del parts[name]
        else:
            parts[name] = mutated
    path = tmp_path / f"rusak-{seed}.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    before = path.read_bytes()
    results = [periksa_berkas(path), perbarui_berkas(path, keluaran=tmp_path / "out")]
    if results[-1].keluaran and seed % 4 == 0:  # the Word draft of every fourth (time)
        results.append(buat_dokumen(Path(results[-1].keluaran), keluaran=tmp_path / "draf"))
    for res in results:  # an unforeseen exception is the one answer that is not clear
        assert "tak terduga" not in (res.galat_berkas or ""), res.galat_berkas
    assert path.read_bytes() == before  # the damaged file itself is never changed
