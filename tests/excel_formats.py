"""A model of what Excel does to the formats of a sheet, driven by xlwings remote actions.

The remote engine records what the button asks of Excel; this applies those actions to a
grid of cell formats the way Excel applies them, so a test can compare what two ways of
formatting a sheet leave on screen (core.layout's looks: fonts, fills, borders, number
formats, alignment, merges, conditional formats). Where Excel's behaviour is not
documented (what a row inserted under a rule, or a copied row, does to conditional
formats and merges) the model takes each possible behaviour in turn (`Semantics`), and a
test passes only if the button is right under all of them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_lkip.core.grid import rect_of

Cell = tuple[int, int]  # 1-based row, column


@dataclass(frozen=True)
class Semantics:
    """Excel behaviours no document settles."""

    insert_joins_rule_above: bool = True  # a row inserted right under a rule's range joins it
    copy_cf: str = "share"  # "share" the source's rules, "duplicate" them, or "none"
    copy_merges: bool = True  # copying formats copies merged cells
    insert_merges: bool = False  # an inserted row takes the merges of the row above
    clear_unmerges: bool = True  # clearing formats unmerges
    clear_cf: bool = True  # clearing formats removes conditional formats

    @classmethod
    def all(cls) -> list[Semantics]:
        return [cls(*combo) for combo in itertools.product(
            (True, False), ("share", "duplicate", "none"), (True, False), (True, False),
            (True, False), (True, False))]


@dataclass
class SheetFormats:
    cells: dict[Cell, dict[str, Any]] = field(default_factory=dict)
    merges: set[tuple[int, int, int, int]] = field(default_factory=set)
    cf: dict[Cell, list[int]] = field(default_factory=dict)  # rule ids per cell


EDGES = {"edge_top": "top", "edge_bottom": "bottom", "edge_left": "left", "edge_right": "right"}


class Workbook:
    """Sheets' formats by name, after a sequence of actions."""

    def __init__(self, order: list[str], semantics: Semantics | None = None) -> None:
        self.order = list(order)
        self.sheets: dict[str, SheetFormats] = {n: SheetFormats() for n in order}
        self.rules: dict[int, str] = {}
        self.semantics = semantics or Semantics()

    def apply(self, actions: list[dict[str, Any]]) -> None:
        for a in actions:
            func = a["func"]
            pos = a.get("sheet_position")
            if func == "addSheet":
                ix, name = a["args"]
                self.order.insert(ix, name)
                self.sheets[name] = SheetFormats()
                continue
            if func == "sheetDelete":
                name = self.order.pop(pos)
                del self.sheets[name]
                continue
            if func == "setSheetName":
                old = self.order[pos]
                self.order[pos] = a["args"][0]
                self.sheets[a["args"][0]] = self.sheets.pop(old)
                continue
            if pos is None or not 0 <= pos < len(self.order):
                continue
            handler = getattr(self, "_" + func, None)
            if handler is not None:
                handler(self.sheets[self.order[pos]], a)

    # --- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _rect(a: dict[str, Any]) -> tuple[int, int, int, int]:
        r1, c1 = a["start_row"] + 1, a["start_column"] + 1
        return r1, c1, r1 + a["row_count"] - 1, c1 + a["column_count"] - 1

    @staticmethod
    def _cells(rect: tuple[int, int, int, int], limit: int = 200) -> list[Cell]:
        r1, c1, r2, c2 = rect
        return [(r, c) for r in range(r1, min(r2, 2000) + 1) for c in range(c1, min(c2, limit) + 1)]

    def _set(self, sheet: SheetFormats, a: dict[str, Any], attr: str, value: Any) -> None:
        for cell in self._cells(self._rect(a)):
            sheet.cells.setdefault(cell, {})[attr] = value

    # --- actions ----------------------------------------------------------------------------

    def _sheetClear(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        sheet.cells.clear()
        sheet.merges.clear()
        sheet.cf.clear()

    def _sheetClearFormats(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        self._sheetClear(sheet, a)

    def _setFontProperty(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        attr, value = a["args"]
        self._set(sheet, a, "font_" + attr, value.lower() if isinstance(value, str) else value)

    def _setRangeColor(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        value = a["args"][0] if isinstance(a["args"], list) else a["args"]
        self._set(sheet, a, "fill", value.lower() if value else None)

    def _setNumberFormat(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        self._set(sheet, a, "number_format", a["args"] if isinstance(a["args"], str) else a["args"][0])

    def _setHorizontalAlignment(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        value = a["args"] if isinstance(a["args"], str) else a["args"][0]
        self._set(sheet, a, "horizontal", value.lower())

    def _setVerticalAlignment(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        value = a["args"] if isinstance(a["args"], str) else a["args"][0]
        self._set(sheet, a, "vertical", value.lower())

    def _setWrapText(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        value = a["args"] if isinstance(a["args"], bool) else a["args"][0]
        self._set(sheet, a, "wrap", bool(value))

    def _setBorderProperty(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        side, attr, value = a["args"]
        r1, c1, r2, c2 = self._rect(a)
        targets: list[tuple[Cell, str]] = []
        if side in EDGES:
            edge = EDGES[side]
            row = {"top": [r1], "bottom": [r2]}.get(edge, range(r1, r2 + 1))
            col = {"left": [c1], "right": [c2]}.get(edge, range(c1, c2 + 1))
            targets = [((r, c), edge) for r in row for c in col]
        elif side == "inside_horizontal":
            targets = [((r, c), "bottom") for r in range(r1, r2) for c in range(c1, c2 + 1)]
            targets += [((r, c), "top") for r in range(r1 + 1, r2 + 1) for c in range(c1, c2 + 1)]
        elif side == "inside_vertical":
            targets = [((r, c), "right") for r in range(r1, r2 + 1) for c in range(c1, c2)]
            targets += [((r, c), "left") for r in range(r1, r2 + 1) for c in range(c1 + 1, c2 + 1)]
        for cell, edge in targets:
            border = dict(sheet.cells.setdefault(cell, {}).get("border_" + edge) or {})
            border[attr] = value.lower() if isinstance(value, str) else value
            sheet.cells[cell]["border_" + edge] = border

    def _rangeMerge(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        r1, c1, r2, c2 = self._rect(a)
        across = bool(a["args"][0]) if a["args"] else False
        areas = [(r, c1, r, c2) for r in range(r1, r2 + 1)] if across else [(r1, c1, r2, c2)]
        for area in areas:
            sheet.merges = {m for m in sheet.merges if not _overlap(m, area)}
            if area[:2] != area[2:]:
                sheet.merges.add(area)

    def _rangeUnmerge(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        rect = self._rect(a)
        sheet.merges = {m for m in sheet.merges if not _overlap(m, rect)}

    def _rangeClearFormats(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        rect = self._rect(a)
        for cell in self._cells(rect):
            sheet.cells.pop(cell, None)
            if self.semantics.clear_cf:
                sheet.cf.pop(cell, None)
        if self.semantics.clear_unmerges:
            sheet.merges = {m for m in sheet.merges if not _overlap(m, rect)}

    def _addConditionalFormat(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        rule = len(self.rules) + 1
        spec = a["args"][0] if isinstance(a["args"], list) else a["args"]
        self.rules[rule] = rule_key(spec.get("type"), spec.get("formula1"),
                                    spec.get("fill_color") or spec.get("bar_color"))
        for cell in self._cells(self._rect(a)):
            sheet.cf.setdefault(cell, []).append(rule)

    def _clearConditionalFormats(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        for cell in self._cells(self._rect(a)):
            sheet.cf.pop(cell, None)

    def _rangeDelete(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        r1, _c1, r2, _c2 = self._rect(a)
        n = r2 - r1 + 1

        def move(r: int) -> int | None:
            return None if r1 <= r <= r2 else (r - n if r > r2 else r)

        sheet.cells = {(move(r), c): v for (r, c), v in sheet.cells.items() if move(r)}
        sheet.cf = {(move(r), c): v for (r, c), v in sheet.cf.items() if move(r)}
        merges = set()
        for m in sheet.merges:
            a1, b1 = move(m[0]), move(m[2])
            if a1 and b1:
                merges.add((a1, m[1], b1, m[3]))
        sheet.merges = merges

    def _rangeInsert(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        r1, _c1, r2, _c2 = self._rect(a)
        n = r2 - r1 + 1

        def move(r: int) -> int:
            return r + n if r >= r1 else r

        above = r1 - 1
        cells = {(move(r), c): v for (r, c), v in sheet.cells.items()}
        cf = {(move(r), c): list(v) for (r, c), v in sheet.cf.items()}
        merges = {(move(m[0]), m[1], move(m[2]), m[3]) for m in sheet.merges}
        if above >= 1:
            for (r, c), v in list(cells.items()):
                if r == above:
                    for k in range(n):
                        cells[(r1 + k, c)] = dict(v)
            for (r, c), rules in list(cf.items()):
                if r != above:
                    continue
                below = set(cf.get((r2 + 1, c), []))
                join = [x for x in rules if x in below or self.semantics.insert_joins_rule_above]
                for k in range(n):
                    if join:
                        cf[(r1 + k, c)] = list(join)
            if self.semantics.insert_merges:
                for m in list(merges):
                    if m[0] == m[2] == above:
                        merges |= {(r1 + k, m[1], r1 + k, m[3]) for k in range(n)}
        sheet.cells, sheet.cf, sheet.merges = cells, cf, merges

    def _copyFromRange(self, sheet: SheetFormats, a: dict[str, Any]) -> None:
        _pos, address, copy_type, *_ = a["args"]
        assert copy_type == "formats"
        s1, sc1, s2, sc2 = rect_of(address)
        d1, dc1, d2, dc2 = self._rect(a)
        height, width = s2 - s1 + 1, sc2 - sc1 + 1
        assert (d2 - d1 + 1) % height == 0 and (dc2 - dc1 + 1) % width == 0, "not a tiling"
        source = {(r - s1, c - sc1): dict(v) for (r, c), v in sheet.cells.items()
                  if s1 <= r <= s2 and sc1 <= c <= sc2}
        source_cf = {(r - s1, c - sc1): list(v) for (r, c), v in sheet.cf.items()
                     if s1 <= r <= s2 and sc1 <= c <= sc2}
        source_merges = [m for m in sheet.merges if s1 <= m[0] and m[2] <= s2
                         and sc1 <= m[1] and m[3] <= sc2]
        clones: dict[int, int] = {}
        if self.semantics.copy_merges:
            sheet.merges = {m for m in sheet.merges if not _overlap(m, (d1, dc1, d2, dc2))}
        for r in range(d1, d2 + 1):
            for c in range(dc1, dc2 + 1):
                key = ((r - d1) % height, (c - dc1) % width)
                sheet.cells.pop((r, c), None)
                if key in source:
                    sheet.cells[(r, c)] = dict(source[key])
                if self.semantics.copy_cf == "none":
                    continue
                sheet.cf.pop((r, c), None)
                rules = source_cf.get(key, [])
                if self.semantics.copy_cf == "duplicate":
                    for x in rules:
                        if x not in clones:
                            clones[x] = len(self.rules) + 1
                            self.rules[clones[x]] = self.rules[x]
                    rules = [clones[x] for x in rules]
                if rules:
                    sheet.cf[(r, c)] = list(rules)
        if self.semantics.copy_merges:
            for tr in range(d1, d2 + 1, height):
                for tc in range(dc1, dc2 + 1, width):
                    for m in source_merges:
                        sheet.merges.add((m[0] - s1 + tr, m[1] - sc1 + tc, m[2] - s1 + tr,
                                          m[3] - sc1 + tc))


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


# --- what shows -----------------------------------------------------------------------------

_DEFAULT = {"font_bold": False, "font_italic": False, "font_size": 11, "font_color": "#000000",
            "fill": None, "number_format": "General", "horizontal": "general",
            "vertical": "bottom", "wrap": False}


def shown(sheet: SheetFormats, rules: dict[int, str], kinds: list[str], height: int,
          width: int) -> dict[str, Any]:
    """What a reader sees of the sheet's formats over rows 1..height and columns 1..width,
    given what each cell holds (core.shape kinds per row): the attributes a cell of that
    kind shows, the lines between cells, merges, and the conditional formats as rules over
    sets of cells."""
    cells = {}
    hidden = {(r, c) for r1, c1, r2, c2 in sheet.merges for r in range(r1, r2 + 1)
              for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}  # under a merge: not shown
    for r in range(1, height + 1):
        line = kinds[r - 1] if r - 1 < len(kinds) else "-" * width
        for c in range(1, width + 1):
            if (r, c) in hidden:
                continue
            kind = line[c - 1] if c - 1 < len(line) else "-"
            raw = {**_DEFAULT, **{k: v for k, v in sheet.cells.get((r, c), {}).items()
                                  if not k.startswith("border_") and v is not None}}
            if raw["horizontal"] == "general" and kind in "sn":
                raw["horizontal"] = "left" if kind == "s" else "right"
            if kind == "-":
                raw = {"fill": raw["fill"], "font_size": raw["font_size"]}
            elif kind == "s":
                raw.pop("number_format")
            elif kind == "n":
                raw.pop("wrap")
            cells[(r, c)] = raw
    area = {(r, c): m for m in sheet.merges for r in range(m[0], m[2] + 1)
            for c in range(m[1], m[3] + 1)}

    def inside(a: Cell, b: Cell) -> bool:  # a line between two cells of one merge: not drawn
        return a in area and area[a] == area.get(b)

    lines = {}
    for r in range(0, height + 1):
        for c in range(1, width + 1):
            if inside((r, c), (r + 1, c)):
                continue
            lines[("h", r, c)] = frozenset(filter(None, (
                _line(sheet.cells.get((r, c), {}).get("border_bottom")),
                _line(sheet.cells.get((r + 1, c), {}).get("border_top")))))
    for r in range(1, height + 1):
        for c in range(0, width + 1):
            if inside((r, c), (r, c + 1)):
                continue
            lines[("v", r, c)] = frozenset(filter(None, (
                _line(sheet.cells.get((r, c), {}).get("border_right")),
                _line(sheet.cells.get((r, c + 1), {}).get("border_left")))))
    members: dict[int, set[Cell]] = {}
    for cell, ids in sheet.cf.items():
        if cell[0] <= height + 1:
            for x in ids:
                members.setdefault(x, set()).add(cell)
    # a data bar is scaled over its rule's cells; a rule testing each cell's value acts the
    # same whatever cells it shares with
    conditional = sorted((rules[x], tuple(sorted(cs))) for x, cs in members.items()
                         if rules[x].startswith("DataBar"))
    conditional += sorted((rules[x], (cell,)) for x, cs in members.items()
                          if not rules[x].startswith("DataBar") for cell in cs)
    return {"cells": cells, "lines": lines, "merges": sorted(sheet.merges),
            "conditional": conditional}


def _line(border: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if not border or border.get("line_style") in (None, "none"):
        return None
    return (border.get("line_style"), border.get("weight", "thin"), border.get("color", "#000000"))


def differences(a: dict[str, Any], b: dict[str, Any], limit: int = 12) -> list[str]:
    """Where two `shown` results differ, as readable lines."""
    out = []
    for part in ("cells", "lines"):
        for key in sorted(set(a[part]) | set(b[part]), key=str):
            if a[part].get(key) != b[part].get(key):
                out.append(f"{part} {key}: {a[part].get(key)} != {b[part].get(key)}")
                if len(out) >= limit:
                    return out
    if a["merges"] != b["merges"]:
        out.append(f"merges: {sorted(set(a['merges']) ^ set(b['merges']))}")
    if a["conditional"] != b["conditional"]:
        ra = {x[1]: x[0][:40] for x in a["conditional"]}
        rb = {x[1]: x[0][:40] for x in b["conditional"]}
        out.append(f"conditional: only full {sorted(set(ra) - set(rb))[:3]}, only incremental "
                   f"{sorted(set(rb) - set(ra))[:3]}")
    return out


def rule_key(kind: str | None, formula: str | None, colour: str | None) -> str:
    """A conditional format as both writers state it: its type, the value a cell must equal,
    its colour."""
    kind = {"dataBar": "DataBar", "cellIs": "CellValue"}.get(kind or "", kind or "")
    formula = (formula or "").lstrip("=")
    return f"{kind} {formula} {(colour or '').lower()[-6:]}".strip()


def from_xlsx(path: Path, names: list[str] | None = None) -> Workbook:
    """The formats of sheets `names` (all by default) of a workbook file, as the file writer
    left them, as a Workbook whose sheets can take the button's actions next."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    out = Workbook(list(book.sheetnames))
    for name in names or book.sheetnames:
        ws = book[name]
        sheet = out.sheets[name]
        for row in ws.iter_rows():
            for cell in row:
                if not cell.has_style:
                    continue
                attrs: dict[str, Any] = {}
                font, fill, align = cell.font, cell.fill, cell.alignment
                attrs["font_bold"] = bool(font.b)
                attrs["font_italic"] = bool(font.i)
                attrs["font_size"] = float(font.sz or 11)
                if font.color is not None and font.color.type == "rgb" and font.color.rgb:
                    attrs["font_color"] = "#" + str(font.color.rgb)[-6:].lower()
                if fill is not None and fill.patternType == "solid":
                    attrs["fill"] = "#" + str(fill.fgColor.rgb)[-6:].lower()
                attrs["number_format"] = cell.number_format or "General"
                attrs["horizontal"] = align.horizontal or "general"
                attrs["vertical"] = align.vertical or "bottom"
                attrs["wrap"] = bool(align.wrap_text)
                for edge in ("top", "bottom", "left", "right"):
                    side = getattr(cell.border, edge)
                    if side is not None and side.style:
                        colour = side.color.rgb if side.color is not None and \
                            side.color.type == "rgb" else "FF000000"
                        attrs["border_" + edge] = {
                            "line_style": "continuous",
                            "weight": {"thin": "thin", "medium": "medium"}.get(side.style,
                                                                               side.style),
                            "color": "#" + str(colour)[-6:].lower()}
                sheet.cells[(cell.row, cell.column)] = attrs
        for merged in ws.merged_cells.ranges:
            sheet.merges.add((merged.min_row, merged.min_col, merged.max_row, merged.max_col))
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                colour = None
                if rule.type == "dataBar" and rule.dataBar is not None:
                    colour = rule.dataBar.color.rgb if rule.dataBar.color is not None else None
                elif rule.dxf is not None and rule.dxf.fill is not None:
                    colour = rule.dxf.fill.bgColor.rgb if rule.dxf.fill.bgColor is not None \
                        else None
                formula = rule.formula[0] if rule.formula else None
                key = len(out.rules) + 1
                out.rules[key] = rule_key(rule.type, formula, colour)
                for area in cf.sqref.ranges:
                    for r in range(area.min_row, area.max_row + 1):
                        for c in range(area.min_col, area.max_col + 1):
                            sheet.cf.setdefault((r, c), []).append(key)
    return out
