"""core/record.py against its oracle, dataclasses: the same class body through both gives the
same constructor, repr, equality, hashing, frozenness and asdict."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from xl_lkip.core import record as rec


def _both(body: dict[str, Any], annotations: dict[str, str], **opts: Any) -> tuple[type, type]:
    """One class body made a dataclass and a record (same name, so repr can be compared)."""
    def make(deco: Any, fld: Any) -> type:
        ns = {k: (fld(**v.kw) if isinstance(v, _F) else v) for k, v in body.items()}
        ns["__annotations__"] = dict(annotations)
        ns["__qualname__"] = "Rekaman"
        return deco(**opts)(type("Rekaman", (), ns))

    return make(dataclasses.dataclass, dataclasses.field), make(rec.record, rec.field)


class _F:
    def __init__(self, **kw: Any) -> None:
        self.kw = kw


ANN = {"kode": "str", "nilai": "float | None", "daftar": "list[int]", "catatan": "str"}
BODY = {"nilai": None, "daftar": _F(default_factory=list), "catatan": _F(default="", repr=False)}


@pytest.mark.parametrize("compiled", [False, True], ids=["generic-init", "compiled-init"])
@pytest.mark.parametrize("opts", [{}, {"frozen": True}, {"eq": False}, {"slots": True}])
def test_a_record_behaves_as_the_dataclass_of_the_same_body(opts: dict[str, Any],
                                                             compiled: bool) -> None:
    dc, rc = _both(BODY, ANN, **opts)
    if compiled:  # past the instantiations after which the class gets a compiled __init__
        for _ in range(rec.COMPILE_AFTER):
            rc("K0")
        assert rc.__init__.__qualname__ == "Rekaman.__init__"
    for args, kw in [(("K1",), {}), (("K1", 2.5), {"daftar": [1, 2]}),
                     ((), {"kode": "K2", "catatan": "x"})]:
        a, b = dc(*args, **kw), rc(*args, **kw)
        assert repr(a) == repr(b)
        assert dataclasses.asdict(a) == rec.asdict(b)
        same_a, same_b = dc(*args, **kw), rc(*args, **kw)
        assert (a == same_a) == (b == same_b)
        assert (a == dc("lain")) == (b == rc("lain"))
        assert (dc.__hash__ is None) == (rc.__hash__ is None)
    assert dc("K").daftar is not dc("K").daftar and rc("K").daftar is not rc("K").daftar
    with pytest.raises(TypeError):
        rc()  # kode has no default
    with pytest.raises(TypeError):
        rc("K", 1.0, [], "", "one too many")


def test_frozen_records_refuse_assignment_and_hash_by_value() -> None:
    _, rc = _both(BODY, ANN, frozen=True)
    r = rc("K1", 1.0, [1])
    with pytest.raises(AttributeError):
        r.kode = "K2"
    with pytest.raises(AttributeError):
        del r.nilai
    assert hash(rc("K1", 1.0, (1,))) == hash(rc("K1", 1.0, (1,)))
    both = {rc("K1", 1.0, (1,)), rc("K1", 1.0, (1,)), rc("K2", None, ())}
    assert both == {rc("K1", 1.0, (1,)), rc("K2", None, ())}


def test_mutable_records_are_unhashable_and_comparing_ignores_compare_false_fields() -> None:
    ann = {"i": "int", "cache": "dict"}
    dc, rc = _both({"cache": _F(default_factory=dict, compare=False, repr=False)}, ann)
    assert rc(1, {"a": 1}) == rc(1, {"b": 2}) and dc(1, {"a": 1}) == dc(1, {"b": 2})
    assert rc(1) != rc(2)
    with pytest.raises(TypeError):
        hash(rc(1))
    assert rc(1) != (1,)  # another type is never equal


def test_init_false_fields_get_their_default_and_are_not_parameters() -> None:
    ann = {"i": "int", "total": "float | None", "sums": "list"}
    body = {"total": _F(default=None, init=False), "sums": _F(default_factory=list, init=False)}
    for cls in _both(body, ann, slots=True):
        r = cls(3)
        assert (r.i, r.total, r.sums) == (3, None, [])
        with pytest.raises(TypeError):
            cls(3, 1.0)
        assert not hasattr(r, "__dict__")  # slots: no per-instance dict
        r.total = 2.0  # not frozen
        assert r.total == 2.0


def test_a_default_before_a_required_field_is_refused_at_class_creation() -> None:
    with pytest.raises(TypeError):
        rec.record(type("Salah", (), {"__annotations__": {"a": "int", "b": "int"}, "a": 1}))


def test_asdict_converts_nested_records_and_containers() -> None:
    _, inner = _both({}, {"x": "int"})
    _, outer = _both({}, {"isi": "list", "peta": "dict", "satu": "object"})
    o = outer([inner(1), (inner(2),)], {"k": inner(3)}, inner(4))
    assert rec.asdict(o) == {"isi": [{"x": 1}, ({"x": 2},)], "peta": {"k": {"x": 3}},
                             "satu": {"x": 4}}


def test_the_program_records_survive_pickling() -> None:
    from xl_lkip.core.findings import Temuan
    from xl_lkip.core.model import BudgetRow

    t = Temuan("K01", "galat", "PK", "D7", "pesan", 1.0, 2.0)
    assert pickle.loads(pickle.dumps(t)) == t
    row = BudgetRow(0, "1", "program", "uraian", None, 1.0, None, None, None)
    back = pickle.loads(pickle.dumps(row))
    assert back == row and back.children == []


def test_the_command_line_path_does_not_import_dataclasses() -> None:
    import subprocess
    import sys

    code = ("import sys, xl_lkip.cli, xl_lkip.files.service, xl_lkip.core.checks; "
            "print(' '.join(m for m in ('dataclasses', 'inspect', 'typing') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
