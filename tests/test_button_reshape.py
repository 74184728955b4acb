"""Rows added to or removed from report sheets: the button moves and copies formats
(excel/reshape.py) and the sheets must look exactly as if formatted from scratch.

Each scenario clicks the button on the remote engine (xlwings builds a real Book from the
payload and records every action), applies the actions to a model of Excel's cell formats
(tests/excel_formats.py) and compares what shows with a click that formats every sheet
anew, under every way Excel may treat the undocumented cases (rules and merges of inserted
and copied rows).
"""

from __future__ import annotations

import copy
import os
import random
from pathlib import Path
from typing import Any

import pytest
from excel_formats import Semantics, Workbook, differences, shown
from remote_payload import (
    INPUT_WITH_INDICATORS,
    Formula,
    click,
    delete_rows_with,
    edit_number,
    header_row,
    indicator_names,
    payload_after,
    payload_from_xlsx,
    replay,
)

from xl_lkip.core.schema import SHAPE_SHEET
from xl_lkip.core.shape import RowProfile
from xl_lkip.excel import reshape

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "workbooks").glob("*-20*.xlsx"))
GENERATED = "generated-12"  # a workbook of benchmarks/generate.py: 12 indicators, 80 budget lines


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import build
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return build(tmp_path_factory.mktemp("generated") / "umum.xlsx", 12, 80, seed=13)


def workbook(path: Path | str, generated: Path) -> Path:
    return generated if path == GENERATED else Path(path)
# Actions whose outcome Excel does not document (excel_formats.Semantics).
SENSITIVE = frozenset({"rangeInsert", "copyFromRange", "rangeClearFormats"})


def press(payload: dict[str, Any]) -> list[dict[str, Any]]:
    actions = click(payload)
    alert = next(a["args"] for a in actions if a["func"] == "alert")
    assert alert[3] == "info", alert[0]
    return actions


def without_store(payload: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(payload)
    out["sheets"] = [s for s in out["sheets"] if s["name"] != SHAPE_SHEET]
    return out


def kinds_of(values: list[list[Any]], width: int) -> list[str]:
    def kind(v: Any) -> str:
        if v is None or v == "":
            return "-"
        if isinstance(v, bool):
            return "b"
        if isinstance(v, str | Formula):
            return "s"
        return "n"

    return ["".join(kind(row[c]) if c < len(row) else "-" for c in range(width))
            for row in values]


def report_sheets(actions: list[dict[str, Any]], payload: dict[str, Any]) -> list[str]:
    names = [s["name"] for s in payload["sheets"]]
    return sorted({names[a["sheet_position"]] for a in actions if a["func"] == "setValues"
                   and a.get("sheet_position") is not None
                   and a["sheet_position"] < len(names)} - {SHAPE_SHEET})


def compare_with_full(base: Workbook, changed: dict[str, Any],
                      actions: list[dict[str, Any]]) -> None:
    """`actions` (a click on `changed`) applied to `base` (the formats the workbook had)
    under every Semantics leave each report sheet looking as a click that formats it from
    scratch does."""
    Session(base).check(changed, actions)


class Session:
    """The workbook's formats after each click, under every Semantics at once."""

    def __init__(self, base: Workbook) -> None:
        self.models = []
        for semantics in Semantics.all():
            model = copy.deepcopy(base)
            model.semantics = semantics
            self.models.append(model)
        self.sensitive: set[str] = set()  # sheets where the semantics may matter

    def check(self, changed: dict[str, Any], actions: list[dict[str, Any]] | None = None
              ) -> tuple[dict[str, Any], int]:
        """Click on `changed` (the workbook as the last click left it, some input edited;
        or take the click's `actions`) and compare every report sheet with a click that
        formats it from scratch; returns the payload after the click and how many rows it
        moved or copied."""
        if actions is None:
            actions = press(changed)
        fresh = without_store(changed)
        full = press(fresh)
        reference = Workbook([s["name"] for s in fresh["sheets"]])  # no copies, no inserts
        reference.apply(full)
        result = replay(changed, actions)
        sheets = []
        for name in report_sheets(full, fresh):
            values = result.sheet_grid(name)
            width = max((len(r) for r in values), default=0) + 1
            height = max(len(values), 1) + 3
            kinds = kinds_of(values, width)
            sheets.append((name, kinds, height, width,
                           shown(reference.sheets[name], reference.rules, kinds, height, width)))
        names = self.models[0].order
        self.sensitive |= {names[a["sheet_position"]] for a in actions if a["func"] in SENSITIVE}
        problems = []
        for k, model in enumerate(self.models):
            model.apply(actions)
            for name, kinds, height, width, expected in sheets:
                if k and name not in self.sensitive:
                    continue  # the same under every semantics
                diff = differences(expected, shown(model.sheets[name], model.rules, kinds,
                                                   height, width))
                if diff:
                    problems.append(f"{name} {model.semantics}: " + "; ".join(diff[:6]))
        assert not problems, "\n".join(problems[:4])
        moved = sum(1 for a in actions if a["func"] in ("rangeDelete", "rangeInsert",
                                                         "copyFromRange"))
        return payload_after(changed, actions), moved


def first_click(path: Path) -> tuple[Session, dict[str, Any]]:
    payload = without_store(payload_from_xlsx(path))
    actions = press(payload)
    assert not any(a["func"] in SENSITIVE for a in actions)  # formatted whole: no semantics
    base = Workbook([s["name"] for s in payload["sheets"]])
    base.apply(actions)
    return Session(base), payload_after(payload, actions)


def set_cell(payload: dict[str, Any], sheet: str, column: str, row: int, value: Any) -> None:
    """Type `value` into the `row`-th data row (1-based) of `column` on `sheet`."""
    grid = next(s for s in payload["sheets"] if s["name"] == sheet)
    h, line = header_row(grid["values"], column)
    c = line.index(column.casefold())
    grid["values"][h + row][c] = value
    grid.get("_formulas", {}).pop((h + row + 1, c + 1), None)


@pytest.mark.parametrize("path", [*EXAMPLES, GENERATED], ids=lambda p: getattr(p, "stem", p))
def test_indicator_removed_then_added_back(path: Path, generated: Path) -> None:
    session, after = first_click(workbook(path, generated))
    original = copy.deepcopy(after)
    names = indicator_names(after)
    for name in (names[-1], names[len(names) // 2]):
        removed = copy.deepcopy(after)
        delete_rows_with(removed, name)
        again, moved = session.check(removed)
        assert moved > 0  # rows were moved, not formatted anew
        restored = copy.deepcopy(again)
        for sheet in restored["sheets"]:
            if sheet["name"] in INPUT_WITH_INDICATORS:
                before = next(s for s in original["sheets"] if s["name"] == sheet["name"])
                sheet["values"] = copy.deepcopy(before["values"])
                sheet["_formulas"] = copy.deepcopy(before.get("_formulas", {}))
        after, moved = session.check(restored)
        assert moved > 0


@pytest.mark.parametrize("path", [*EXAMPLES, GENERATED], ids=lambda p: getattr(p, "stem", p))
def test_values_emptied_and_typed_again(path: Path, generated: Path) -> None:
    """Realisasi filled in step by step: cells emptied, typed as text, typed again."""
    session, after = first_click(workbook(path, generated))
    rng = random.Random(7)
    values = next(s for s in after["sheets"] if s["name"] == "Realisasi")["values"]
    h, line = header_row(values, "Realisasi")
    data = [r for r in values[h + 1:] if any(v not in ("", None) for v in r)]
    numeric = [name for c, name in enumerate(line)
               if any(isinstance(r[c], int | float) and not isinstance(r[c], bool) for r in data)
               and name.startswith("realisasi")]
    rows = len(data)
    for _step in range(4):
        changed = copy.deepcopy(after)
        for _k in range(3):
            col = rng.choice(numeric)
            row = rng.randint(1, rows)
            value = rng.choice(["", "-", 12.5, 80, "belum"])
            set_cell(changed, "Realisasi", col, row, value)
        edit_number(changed, "Realisasi", "Realisasi N-1")
        after, _moved = session.check(changed)


def test_plan_moves_rows_instead_of_formatting() -> None:
    """A row deleted from a long table is one deletion, a row added at its end inherits the
    formats of the row above it."""
    from xl_lkip.core.layout import Block, SheetLayout

    def layout(n: int) -> SheetLayout:
        values = [["Judul", None], ["No", "Nilai"]] + [[i, 10.0 * i] for i in range(1, n + 1)]
        values.append(["Jumlah", 10.0 * n * (n + 1) / 2])
        styles = [["title", "title"], ["header", "header"]] + [["int", "money"]] * n
        styles.append(["text+total", "money+total"])
        return SheetLayout("Tabel Uji", [Block(1, 1, values, styles, header_row=2)],
                           widths=[10.0, 20.0], databars=[f"B3:B{n + 2}"])

    old, new = RowProfile.of(layout(10)), RowProfile.of(layout(9))
    plan = reshape.plan(old, new, layout(9))
    assert plan is not None and plan.ops == [("delete", 12, 12)]
    assert not plan.copies and not plan.paints and not plan.cf_clear  # Excel shrinks the bar
    grown = reshape.plan(new, old, layout(10))
    assert grown is not None and grown.ops == [("insert", 11, 1)]  # inside the bar's range
    assert not grown.copies and not grown.paints and not grown.patches
    assert not grown.cf_clear  # the rule widens with the rows inserted inside it
    assert reshape.moved((3, 2, 11, 2), grown.ops) == (3, 2, 12, 2)
    assert reshape.moved((3, 2, 11, 2), [("insert", 12, 1)]) is None  # under it: unknown
    assert reshape.moved((3, 2, 11, 2), [("insert", 12, 1)], under=True) == (3, 2, 12, 2)
    assert reshape.moved((3, 2, 11, 2), [("delete", 2, 4)]) == (2, 2, 8, 2)
    assert reshape.moved((3, 2, 11, 2), [("delete", 3, 11)]) is None


def test_profile_round_trip() -> None:
    from xl_lkip.core.layout import Block, ChartSpec, SheetLayout

    lo = SheetLayout("T", [Block(1, 1, [["a", None], [1, "x"], [2.5, None]],
                                 [["title", "title"], ["int", "text"], ["money_sen", "text"]],
                                 header_row=1)], widths=[5.0, 5.0], merges=["A1:B1"],
                     kategori_ranges=["B2:B3"], kategori_labels=["Baik", "Kurang"],
                     charts=[ChartSpec("bar", "Judul | ~ / ^", "A2:A3", [("x|y", "B2:B3")],
                                       "D1")])
    profile = RowProfile.of(lo)
    text = profile.encode()
    back = RowProfile.decode(text)
    assert back is not None
    assert (back.looks, back.last, back.width, back.databars, back.kategori, back.labels,
            back.details, back.charts) == (profile.looks, profile.last, profile.width,
                                           profile.databars, profile.kategori, profile.labels,
                                           profile.details, profile.charts)
    assert len(back.charts) == 1
    assert RowProfile.decode(text.replace("|", ";", 2)) is None
    assert RowProfile.decode("r1|x|2|a*1|||0|") is None
    assert RowProfile.decode(None) is None


def test_copies_come_before_the_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """Excel on Windows copies a row's values along with its formats (Range.Copy): the button
    copies formats before it writes a sheet's values, so the values are its own."""
    from xl_lkip.excel import button

    _session, after = first_click(EXAMPLES[0])
    removed = copy.deepcopy(after)
    delete_rows_with(removed, indicator_names(after)[-1])
    back = payload_after(removed, press(removed))
    for sheet in back["sheets"]:
        if sheet["name"] in INPUT_WITH_INDICATORS:
            typed = next(s for s in after["sheets"] if s["name"] == sheet["name"])
            sheet["values"] = copy.deepcopy(typed["values"])
            sheet["_formulas"] = copy.deepcopy(typed.get("_formulas", {}))
    monkeypatch.setattr(button, "_engine", lambda sheet: "excel")  # Range.Copy(Destination)
    actions = press(back)
    copies = [i for i, a in enumerate(actions) if a["func"] == "copyRange"]
    assert copies  # rows typed in again took the formats of rows already right
    for i in copies:
        pos = actions[i]["sheet_position"]
        writes = [j for j, a in enumerate(actions)
                  if a["func"] == "setValues" and a["sheet_position"] == pos]
        assert writes and all(j > i for j in writes)


def test_sheets_formatted_by_an_earlier_version_are_formatted_whole() -> None:
    """A hidden sheet without rows (an earlier version's) says nothing of how the rows were
    formatted: a click that keeps the shape does not record rows for them, and the next
    change of rows formats those sheets whole instead of moving rows."""
    _session, after = first_click(EXAMPLES[0])
    store = next(s for s in after["sheets"] if s["name"] == SHAPE_SHEET)
    for row in store["values"][4:]:
        row[2:] = [""] * len(row[2:])
    again = payload_after(after, press(after))
    store = next(s for s in again["sheets"] if s["name"] == SHAPE_SHEET)
    assert all(not row[2] for row in store["values"][4:] if len(row) > 2)
    delete_rows_with(again, indicator_names(again)[-1])
    actions = press(again)
    assert not [a for a in actions if a["func"] in ("rangeDelete", "rangeInsert")]
    assert any(a["func"] == "sheetClear" for a in actions)


@pytest.mark.parametrize("edit", ["deleted", "emptied"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_rows_moved_in_a_workbook_the_command_line_wrote(path: Path, edit: str,
                                                         tmp_path: Path) -> None:
    """`xl-lkip perbarui` records the rows too: a click after an indicator was deleted (or
    its realisasi emptied) moves and restyles the rows the file writer formatted, and the
    sheets look as the button would format them from scratch (the two writers draw the same
    looks)."""
    from excel_formats import from_xlsx

    from xl_lkip.files.service import perbarui_berkas

    result = perbarui_berkas(path, keluaran=tmp_path)
    assert result.galat_berkas is None, result.galat_berkas
    written = Path(result.keluaran)
    payload = payload_from_xlsx(written)
    changed = copy.deepcopy(payload)
    names = indicator_names(changed)
    if edit == "deleted":
        delete_rows_with(changed, names[len(names) // 2])
    else:
        for column in ("Realisasi", "Capaian (%)", "Kategori"):
            set_cell(changed, "Realisasi", column, len(names), "")
    actions = press(changed)
    assert any(a["func"] in ("rangeDelete", "rangeInsert", "copyFromRange") for a in actions)
    assert not any(a["func"] == "sheetClear" for a in actions)  # nothing formatted whole
    compare_with_full(from_xlsx(written), changed, actions)


def test_charts_follow_rows_moved_around_them() -> None:
    """A chart under a table moves with rows deleted or inserted above it, and the ranges it
    plots narrow or widen as references do; rows changed among its own rows, or a range that
    would not widen (rows inserted right under it), mean it is drawn again."""
    from xl_lkip.core.layout import ChartSpec

    def profile(n: int, anchor_row: int, categories: str | None = None) -> RowProfile:
        p = RowProfile([], 0, 5, [], [], "")
        p.charts = [chart_token(ChartSpec(
            "column", "Capaian", categories or f"A7:A{6 + n}", [("Capaian", f"G7:G{6 + n}")],
            f"A{anchor_row}", height_rows=14))]
        return p

    from xl_lkip.core.shape import chart_token

    old = profile(9, 19)
    assert reshape.charts_follow(old, profile(8, 18), [("delete", 10, 10)])
    assert reshape.charts_follow(old, profile(10, 20), [("insert", 10, 1)])
    assert not reshape.charts_follow(old, profile(10, 20), [("insert", 16, 1)])  # under it
    assert not reshape.charts_follow(old, profile(9, 19), [("delete", 25, 25)])  # its rows
    assert not reshape.charts_follow(old, profile(9, 19), [("insert", 22, 1)])
    assert reshape.charts_follow(old, profile(9, 19), [("delete", 40, 41)])  # below it
    assert not reshape.charts_follow(old, profile(8, 18, "A7:A15"), [("delete", 10, 10)])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_first_click_on_a_filled_template(path: Path) -> None:
    """The template as `xl-lkip templat` wrote it, its input sheets typed in: where moving
    and copying the template's rows costs less than formatting, the sheets still look as the
    button formats them from scratch."""
    from excel_formats import from_xlsx

    from xl_lkip.core.reader import sheets_to_read

    template_path = ROOT / "workbooks" / "templat-lkjip.xlsx"
    template = payload_from_xlsx(template_path)
    typed = {s["name"]: s for s in payload_from_xlsx(path)["sheets"]
             if s["name"] in set(sheets_to_read())}
    filled = {**template, "sheets": [typed.get(s["name"], s) for s in template["sheets"]]}
    actions = press(filled)
    assert any(a["func"] in SENSITIVE for a in actions)  # some sheets were not formatted whole
    compare_with_full(from_xlsx(template_path), filled, actions)


def test_a_sheet_shown_shorter_than_written_is_cleared_first() -> None:
    """Values go out padded over what the sheet holds instead of clearing it first, but only
    when the engine shows at least the rows the last writer wrote: a sheet whose values did
    not come with the workbook (shown empty) is cleared, so no old row survives below."""
    _session, after = first_click(EXAMPLES[0])
    shown_empty = copy.deepcopy(after)
    sheet = next(s for s in shown_empty["sheets"] if s["name"] == "Tabel Pengukuran")
    sheet["values"] = [[""]]
    names = [s["name"] for s in shown_empty["sheets"]]
    actions = press(shown_empty)
    cleared = {names[a["sheet_position"]] for a in actions if a["func"] == "sheetClearContents"}
    assert "Tabel Pengukuran" in cleared
    assert "Tabel PK" not in cleared  # shown as written: one padded write, no clear


def test_damaged_rows_in_the_hidden_sheet_never_stop_a_click() -> None:
    """The hidden sheet is part of a file anyone may have edited: rows recorded wrongly
    (cut short, characters changed, numbers made huge) make the button format the sheet
    whole or move rows by what it can read, never fail."""
    _session, after = first_click(EXAMPLES[0])
    delete_rows_with(after, indicator_names(after)[-1])
    rng = random.Random(11)
    store = next(s for s in after["sheets"] if s["name"] == SHAPE_SHEET)
    recorded = [(i, row[2]) for i, row in enumerate(store["values"])
                if len(row) > 2 and isinstance(row[2], str) and row[2].startswith("r1|")]
    assert recorded
    for _case in range(12):
        damaged = copy.deepcopy(after)
        rows = next(s for s in damaged["sheets"] if s["name"] == SHAPE_SHEET)["values"]
        for i, text in recorded:
            cut = rng.randrange(len(text))
            rows[i][2] = rng.choice([
                text[:cut],
                text[:cut] + rng.choice("|~*,;^/=-x9") + text[cut + 1:],
                text.replace("*1,", "*999999,", 1),
                text.replace("|", "||", 1),
                "r1|" + "a" * rng.randint(0, 50),
            ])
        press(damaged)  # asserts the click ended with its report, not an error


@pytest.mark.parametrize("path", [*EXAMPLES, GENERATED], ids=lambda p: getattr(p, "stem", p))
def test_indicators_reordered(path: Path, generated: Path) -> None:
    """Two indicators swapped on every input sheet: rows of other looks change places (a
    replace in the edit script, not a shift), and the sheets still look formatted from
    scratch."""
    session, after = first_click(workbook(path, generated))
    names = indicator_names(after)
    changed = copy.deepcopy(after)
    for sheet in changed["sheets"]:
        if sheet["name"] not in INPUT_WITH_INDICATORS:
            continue
        values = sheet["values"]
        at = {n: next((i for i, row in enumerate(values) if n in row), None)
              for n in (names[0], names[-1])}
        i, j = at[names[0]], at[names[-1]]
        if i is None or j is None:
            continue
        values[i], values[j] = values[j], values[i]
        formulas = sheet.get("_formulas", {})
        swap = {i + 1: j + 1, j + 1: i + 1}
        sheet["_formulas"] = {(swap.get(r, r), c): f for (r, c), f in formulas.items()}
    session.check(changed)
