"""Every message the checker can print reads well: each template of the rule registry, filled
with example values, has no doubled phrase, no year or count formatted as an amount, no English
fragment and no stacked colons."""

from __future__ import annotations

import re

import pytest

from xl_lkip.core.findings import Temuan
from xl_lkip.core.rules import RULES, fields, message

TEMPLATES = [(r.id, v) for r in RULES.values() for v in r.pesan]
ENGLISH = {"the", "and", "of", "is", "not", "found", "expected", "error", "warning", "cell",
           "sheet", "row", "column", "value", "missing", "should", "please", "formula", "sum",
           "empty", "invalid", "unknown", "none", "true", "false", "line", "command", "amount"}
YEAR_AS_AMOUNT = re.compile(r"\b(?:19|20)\d\.\d{3}(?:,\d+)?\b|\b(?:19|20)\d\d,\d\d\b")


STUTTER = ("bukan angka", "wajib diisi", "tidak dikenal", "rumus templat", "tidak dapat")


def _words(text: str, quoted: bool = True) -> list[str]:
    """Words and punctuation marks; a quoted value ('Program X') and an Excel formula or key
    are one token, so a name is not taken for a repetition."""
    text = re.sub(r"=\S+", " ", text)  # an Excel formula quoted in the message
    text = re.sub(r"Ctrl\+\S+", " ", text)  # key names
    if not quoted:
        text = re.sub(r"'[^']*'", " '' ", text)
    return re.findall(r"[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*|[.,;:()]", text.casefold())


def render(rule: str, variant: str) -> str:
    values = RULES[rule].contoh_nilai
    missing = [f for f in fields(rule, variant) if f not in values]
    assert not missing, f"{rule}/{variant}: no example value for {missing}"
    return message(rule, variant, **values)[1]


@pytest.mark.parametrize("rule, variant", TEMPLATES)
def test_message_reads_well(rule: str, variant: str) -> None:
    text = render(rule, variant)
    words = _words(text, quoted=False)
    doubled = [a for a, b in zip(words, words[1:], strict=False) if a == b and a.isalpha()]
    assert not doubled, text
    plain = [w for w in words if w[0].isalpha()]
    grams = [" ".join(plain[i:i + 4]) for i in range(len(plain) - 3)]
    repeated = {g for g in grams if grams.count(g) > 1}
    assert not repeated, (repeated, text)
    for phrase in STUTTER:
        assert text.casefold().count(phrase) <= 1, (phrase, text)
    assert not YEAR_AS_AMOUNT.search(text), text
    english = set(_words(text)) & ENGLISH
    assert not english, (english, text)
    for sentence in re.split(r"(?<=[.;])\s", text):
        assert sentence.count(": ") <= 1, sentence  # "skala kategori: celah: ..." stacks colons
    assert "diharapkan: -" not in text and "tingkat mana" not in text
    assert "perintah baris" not in text  # a literal translation of "command line"


def test_every_rule_has_a_description_tolerance_example_and_messages() -> None:
    for r in RULES.values():
        assert r.judul and r.toleransi and r.contoh and r.pesan, r.id
        assert re.fullmatch(r"K\d\d[a-z]?", r.id)


def test_years_counts_and_codes_are_never_amounts() -> None:
    tingkat, text = message("K13", "tahun_salah", berkas="a.xlsx", lalu=2018, harapan=2019)
    assert "2018" in text and "2019" in text and "2.01" not in text
    shown = str(Temuan("K13", tingkat, "Identitas", "B16", text, 2019, 2018))
    assert "diharapkan: 2019; ditemukan: 2018" in shown
    _t, text = message("K11a", "ganda", kolom="Kode Program", kode="1.02", baris=12)
    assert "'1.02'" in text and "baris 12" in text


def test_missing_expected_value_is_left_out_not_dashed() -> None:
    shown = str(Temuan("K07", "galat", "Anggaran", "E5", "isian kolom Pagu Murni ...", None,
                       "1.500.000.00"))
    assert "diharapkan" not in shown and "ditemukan: 1.500.000.00" in shown


def test_kategori_notice_does_not_contradict_itself() -> None:
    # a typed "B" that agrees with "Baik" is one notice without an expected/found pair
    _t, text = message("K01", "sesuai", jumlah=1, kolom="Kategori", cara="")
    assert "sesuai" in text and "diharapkan" not in text


def test_expected_and_found_whole_amounts_carry_no_cents() -> None:
    from xl_lkip.core.findings import GALAT, Temuan

    t = Temuan("K04b", GALAT, "PK Program", "E4", "anggaran berbeda", 412_540_000.0, 99.18)
    assert str(t).endswith("(diharapkan: 412.540.000; ditemukan: 99,18)")
    assert ",00" not in str(Temuan("K10a", GALAT, "Realisasi", "J5", "x", 68.0, 100.0))
