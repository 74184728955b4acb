"""The rule registry is the one description of the checker's rules: the doc is generated from it."""

from __future__ import annotations

import re
from pathlib import Path

from xl_lkip.core.rules import RULES, document

ROOT = Path(__file__).resolve().parents[1]


def test_pemeriksaan_doc_is_generated_from_the_registry() -> None:
    doc = (ROOT / "docs" / "PEMERIKSAAN.md").read_text(encoding="utf-8")
    assert doc == document(), "docs/PEMERIKSAAN.md is stale: run python docs/pemeriksaan.py"


def test_every_rule_used_in_the_code_is_in_the_registry() -> None:
    used = set()
    call = re.compile(r"\badd\(\s*(\"K\d\d[a-z]?\"|\w+),\s*\"([a-z_]+)\"")
    for path in (ROOT / "xl_lkip" / "core").rglob("*.py"):
        used |= set(call.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 40, used
    variants = {v for r in RULES.values() for v in r.pesan}
    for rule, variant in used:
        if rule.startswith('"'):
            rule = rule.strip('"')
            assert rule in RULES and variant in RULES[rule].pesan, (rule, variant)
        else:  # a rule id held in a variable (R_ANGKA, rule)
            assert variant in variants, (rule, variant)
