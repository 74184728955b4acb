"""Rows added to or removed from a report sheet, or rows whose values changed kind: the few
Excel calls that bring its formats along, worked out without Excel.

An indicator more or less changes the shape of every sheet that lists indicators, yet most
of their rows keep their look, only at another place; a realisasi typed into an empty row
changes that row's alignment and number formats only. Formatting such a sheet again costs
dozens of calls. Deleting and inserting whole rows moves the formats with the rows, one call
each (an inserted row takes the formats of the row above it); a row takes the look of a row
that is already right by one copy (Excel repeats a copied row over a taller destination);
a row still in its place gets only the attributes that differ. Only a row whose look can be
had no cheaper way is formatted from the layout, and a sheet where that costs as much as
formatting it all is formatted whole (the button's other path).

The looks come from core.shape.RowProfile: the profile recorded when the sheet was last
written, and the profile of the new layout. Their difference (difflib's edit script over the
rows' checksums) gives the rows to delete and insert, applied bottom-up so that every row
number refers to the sheet as it is at that moment. Where Excel's behaviour is not documented
(whether a copy brings merged cells and conditional formats along, whether a row inserted
under a rule's range joins it) the plan does not rely on either answer: it merges copied
rows itself, and clears and adds again the rules such a step may have reached.
tests/test_button_reshape.py checks the result against formatting from scratch under every
combination of those answers.

Engine-independent: the button (excel/button.py) carries the plan out through xlwings.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from ..core.grid import rect_of
from ..core.layout import Block, SheetLayout, cell_style
from ..core.shape import RowProfile
from . import paint

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Rect = tuple[int, int, int, int]


class Reshape:
    """What the button does to a sheet, in this order: `ops` (("delete", first, last) or
    ("insert", at, count), whole rows), `unmerges` and `clears` (rows whose merges and
    formats go), `paints` (rows formatted from the layout), `fixes` (attribute values set on
    rows in their place), `copies` ((first, last) rows copied onto (first, last) rows of the
    sheet as it is now), `merges`, `patches` (attribute values set on copied rows), and
    conditional formats cleared over `cf_clear` and added again (`cf_bars`,
    `cf_kategori`)."""

    __slots__ = ("cf_bars", "cf_clear", "cf_kategori", "clears", "copies", "fixes", "late",
                 "merges", "ops", "paints", "patches", "unmerges")

    def __init__(self) -> None:
        self.ops: list[tuple[str, int, int]] = []
        self.unmerges: list[tuple[int, int]] = []  # rows unmerged before they are formatted
        self.merges: list[Rect] = []  # cells merged across (row by row) after the copies
        self.clears: list[tuple[int, int]] = []
        self.paints: list[tuple[int, int]] = []
        self.copies: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self.fixes: list[paint.Paint] = []  # attribute values set on rows in place
        self.patches: list[paint.Paint] = []  # attribute values set on top of the copies
        self.late: list[tuple[tuple[int, int], tuple[int, int]]] = []  # copies of patched rows
        self.cf_clear: list[Rect] = []  # conditional formats cleared here, then added:
        self.cf_bars: list[str] = []  # data bars over these ranges
        self.cf_kategori: list[str] = []  # kategori colours over these ranges

    def inserted(self) -> int:
        """Rows the plan inserts."""
        return sum(n for kind, _at, n in self.ops if kind == "insert")

    def calls(self) -> int:
        """Calls into Excel apart from the painted rows."""
        return (len(self.ops) + len(self.unmerges) + len(self.clears) + len(self.copies)
                + len(self.late) + len(self.merges)
                + sum(len(p.rects) for p in (*self.fixes, *self.patches)))


def plan(old: RowProfile, new: RowProfile, layout: SheetLayout) -> Reshape | None:
    """The steps that turn a sheet drawn from `old` into one drawn from `new` (the profile of
    `layout`); None where formatting the whole sheet is as good or the only safe way."""
    if old.width != new.width or not old.looks or not new.looks:
        return None  # other columns: every row differs
    a, b = old.looks, new.looks
    edits = _edits(a, b)
    if edits is None:
        return None
    out = Reshape()
    need: set[int] = set()
    in_place: dict[int, str] = {}
    merged: set[int] = set()  # rows that may hold merges of the rows they were
    if edits:
        for _tag, i1, i2, j1, j2 in sorted(edits, key=lambda op: -op[1]):  # bottom-up
            n_old, n_new = i2 - i1, j2 - j1
            if n_old > n_new:  # rows i1+1..i1+n_new keep their place and get new looks
                out.ops.append(("delete", i1 + n_new + 1, i2))
            elif n_new > n_old:
                at = i2 + 1
                if (n_old == 0 and i1 >= 2 and a[i1 - 1] == a[i1 - 2]
                        and not _merged(old, a[i1 - 1])
                        and all(look == a[i1 - 1] for look in b[j1:j2])):
                    at = i1  # rows alike the two above: inserted between them, inside the
                    # ranges of rules over them (which then widen), with the same looks
                out.ops.append(("insert", at, n_new - n_old))
            need.update(range(j1 + 1, j2 + 1))
            for k in range(min(n_old, n_new)):
                in_place[j1 + k + 1] = a[i1 + k]
                if _merged(old, a[i1 + k]):
                    merged.add(j1 + k + 1)
            above = a[i2 - 1] if i2 else ""  # inserted rows take its formats
            inherit = old.details.get(above) if above else None
            if n_new > n_old and inherit is not None and not inherit[2]:
                for k in range(n_old, n_new):
                    in_place[j1 + k + 1] = above
            elif n_new > n_old and _merged(old, above):  # and maybe its merges, which
                spans = old.details[above][2] if above in old.details else None
                merged.update(r for r in range(j1 + n_old + 1, j2 + 1)  # are right where
                              if spans is None or spans != _spans(new, b[r - 1]))  # alike
        freeze = layout.freeze_row or 0
        if freeze > 1 and any(x < freeze for _kind, x, _y in out.ops):
            return None  # rows deleted or inserted above the frozen pane would move it
        if len(need) == len(b):
            return None
        _fill(out, old, new, need, in_place, layout)
        cost = out.calls() + sum(painting(crop(layout, x, y)) for x, y in out.paints)
        if cost > CHEAP and cost >= painting(layout):
            return None  # formatting the whole sheet costs no more
        _merges(out, new, merged)
    touched = {r for first, last in (*out.clears, *out.paints,
                                     *(d for _s, d in (*out.copies, *out.late)))
               for r in range(first, last + 1)}
    _conditional(out, old, new, touched)
    return out


CHEAP = 24  # calls: fewer than formatting any table from scratch (a border grid alone is 12)
MAX_DIFF = 4_000  # rows that changed places: beyond that the sheet is formatted whole


def _edits(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]] | None:
    """The non-equal opcodes of difflib's edit script from `a` to `b`, worked out on what lies
    between their common first and last rows (most clicks change a few rows, and difflib's
    time grows with the product of the lengths); None when that is too long to be worth it."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start:len(a) - end], b[start:len(b) - end]
    if not middle_a and not middle_b:
        return []
    if len(middle_a) + len(middle_b) > MAX_DIFF:
        return None
    ops = SequenceMatcher(None, middle_a, middle_b, autojunk=False).get_opcodes()
    return [(tag, i1 + start, i2 + start, j1 + start, j2 + start)
            for tag, i1, i2, j1, j2 in ops if tag != "equal"]


# Calls of one attribute value over one rectangle, where it is more than one (a border grid
# is six sides and two attributes each; the heavy line over a total row one side).
_CALLS = {"border": 12, "border_total": 3}


def painting(layout: SheetLayout) -> int:
    """Calls that format `layout`'s cells from scratch (excel/paint.py), merges included."""
    across, whole = paint.merge_rects(layout.merges)
    return len(across) + len(whole) + sum(len(p.rects) * _CALLS.get(p.attribute, 1)
                                          for p in paint.plan(layout))


def crop(layout: SheetLayout, first: int, last: int) -> SheetLayout:
    """The part of `layout` on rows first..last: its blocks' rows there and merges within."""
    blocks = []
    for block in layout.blocks:
        a, b = max(first, block.top), min(last, block.bottom)
        if a > b:
            continue
        i, j = a - block.top, b - block.top + 1
        blocks.append(Block(a, block.left, block.values[i:j], block.styles[i:j],
                            block.header_row))
    merges = [m for m in layout.merges
              if first <= rect_of(m)[0] and rect_of(m)[2] <= last]
    return SheetLayout(layout.sheet, blocks, layout.widths, merges)


def _spans(profile: RowProfile, look: str) -> list[tuple[int, int]] | None:
    detail = profile.details.get(look)
    return None if detail is None else list(detail[2])


def _merged(old: RowProfile, look: str) -> bool:
    """Whether a row of this previous look may hold merged cells."""
    if not look:
        return False
    detail = old.details.get(look)
    return detail is None or bool(detail[2])


def _merges(out: Reshape, new: RowProfile, merged: set[int]) -> None:
    """Unmerge rows about to be formatted that may hold merges of what they were; merge the
    copied rows' cells across as their looks say (whether a copy brings merges along is not
    something to count on)."""
    redone = sorted({r for first, last in (*out.clears, *out.paints,
                                           *(d for _s, d in (*out.copies, *out.late)))
                     for r in range(first, last + 1)} & merged)
    out.unmerges = _runs(redone)
    for _source, (first, last) in (*out.copies, *out.late):
        for r in range(first, last + 1):
            detail = new.details.get(new.looks[r - 1])
            for c1, c2 in detail[2] if detail else ():
                out.merges.append((r, c1, r, c2))
    out.merges = _stack(out.merges)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, last) runs."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def _stack(rects: list[Rect]) -> list[Rect]:
    """One-row rectangles over the same columns on consecutive rows, stacked into one."""
    out: list[Rect] = []
    for r1, c1, r2, c2 in sorted(rects, key=lambda x: (x[1], x[3], x[0])):
        if out and out[-1][1] == c1 and out[-1][3] == c2 and out[-1][2] == r1 - 1:
            out[-1] = (out[-1][0], c1, r2, c2)
        else:
            out.append((r1, c1, r2, c2))
    return out


# Cell attributes as core.layout.CellStyle names them. Borders must already be right in a
# copied row (a grid costs a dozen calls); the others may be set on top of the copy.
FIXED = ("border",)
_ANY = object()  # a cell attribute that does not show: any value will do
_KEEP = object()  # a cell attribute that is right as it is


def rendered(style: str, kind: str, shown_as: str | None = None) -> dict[str, Any]:
    """What shows of a cell of `style` holding a value of `kind` (core.shape._kinds), as
    both writers draw it: an empty cell shows its fill, borders and font size only, a text
    no number format; General alignment puts text left and numbers right. An off-table cell
    (no style) shows nothing.

    With `shown_as`, what such a cell will show once it holds a value of that kind instead:
    an alignment the style leaves to General is then unknown, as the file writer stores
    General and the button the side General gave the value it had."""
    st = cell_style(style) if style else None
    out: dict[str, Any] = {}
    for a in paint.ATTRIBUTES:
        if kind == "-" and a in paint.INVISIBLE_WHEN_EMPTY:
            continue
        if kind == "s" and a == "number_format":
            continue
        value = paint.DEFAULTS[a] if st is None else getattr(st, a)
        if a == "horizontal" and value is None and kind in ("s", "n"):
            if shown_as not in (None, kind):
                continue
            value = "left" if kind == "s" else "right"
        out[a] = value
    return out


def _rendered(detail: Any, width: int, shown_as: str | None = None
              ) -> list[dict[str, Any]] | None:
    """What shows of each cell of a row made of `detail` (core.shape.Detail), or, with
    `shown_as` (kinds per cell), once its cells hold values of those kinds; None for a
    detail that does not fit the sheet's columns (a damaged record)."""
    names, kinds, _merged = detail
    if len(names) != width or len(kinds) != width:
        return None
    return [rendered(name, kind, shown_as[c] if shown_as else None)
            for c, (name, kind) in enumerate(zip(names, kinds, strict=True))]


def _patch(have: Any, want: Any, width: int) -> dict[str, list[Any]] | None:
    """{attribute: value per column, _KEEP where it is right, _ANY where it does not show}
    that turns a row made of `have` into one made of `want` (core.shape.Detail); None where
    borders or merges differ."""
    if sorted(have[2]) != sorted(want[2]):
        return None
    b = _rendered(want, width)
    a = _rendered(have, width, want[1]) if b is not None else None
    if a is None or b is None:
        return None
    out: dict[str, list[Any]] = {}
    for c, (h, w) in enumerate(zip(a, b, strict=True)):
        for attribute in FIXED:
            if h.get(attribute) != w.get(attribute):
                return None
        for attribute, value in w.items():
            if attribute not in FIXED and h.get(attribute, _ANY) != value:
                out.setdefault(attribute, [_KEEP] * width)[c] = value
    for attribute, line in out.items():  # where it does not show, any value will do
        for c, w in enumerate(b):
            if attribute not in w:
                line[c] = _ANY
    return out


def _patches(fix: dict[str, list[Any]], first: int, last: int) -> list[paint.Paint]:
    """The attribute values `fix` names, over rows first..last, as few rectangles as paint."""
    out = []
    for attribute, line in fix.items():
        rows = {r: line for r in range(first, last + 1)}
        for value in dict.fromkeys(v for v in line if v is not _ANY and v is not _KEEP):
            out.append(paint.Paint(attribute, value, paint.rectangles(rows, value, _ANY)))
    return out


def _cheapest(candidates: Any, want: Any, width: int, first: int, last: int
              ) -> tuple[int, Any, list[paint.Paint]] | None:
    """(calls, candidate, paints) of the candidate (key, Detail) needing the fewest calls on
    top of it to become `want` over rows first..last."""
    best = None
    for key, have in candidates:
        fix = _patch(have, want, width)
        if fix is None:
            continue
        paints = _patches(fix, first, last)
        cost = sum(len(p.rects) for p in paints)
        if best is None or cost < best[0]:
            best = (cost, key, paints)
    return best


def _fill(out: Reshape, old: RowProfile, new: RowProfile, need: set[int],
          in_place: dict[int, str], layout: SheetLayout) -> None:
    """Clears, paints, copies and patches giving each needed row (1-based) its look.

    Each run of rows alike takes the cheapest of: the attributes that differ set on it in
    its place (a value typed into an empty cell changes its alignment and number format
    only); the formats of a row already right with the same look (the longest stretch of
    such rows goes in one copy, and one row is repeated over a run of rows alike); those of
    a row with the same borders and merges, with the attributes that differ set on top; or
    formatting from the layout. A run formatted in its place is a source for the others.
    `in_place` gives the previous look of rows that stayed where they were.
    """
    looks, width = new.looks, new.width
    right = {r for r in range(1, len(looks) + 1) if r not in need and looks[r - 1]}
    rows = sorted(need)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(rows):
        r = rows[i]
        end = r
        while (end + 1 in need and looks[end] == looks[r - 1]
               and in_place.get(end + 1) == in_place.get(r)):
            end += 1
        runs.append((r, end))
        i += end - r + 1
    exact: list[tuple[int, int]] = []
    patched: list[tuple[int, tuple[int, int], list[paint.Paint]]] = []
    later: dict[str, int] = {}  # look -> first row of a run patched to it
    for r, end in runs:
        look = looks[r - 1]
        want = new.details.get(look)
        if not look or want is None:  # an empty row keeps nothing of the rows it replaced
            out.clears.append((r, end))
            continue
        before = old.details.get(in_place.get(r, ""))
        here = _cheapest([(r, before)], want, width, r, end) if before else None
        if here is not None and not here[2]:  # right as it is: a source for other rows
            right.update(range(r, end + 1))
            continue
        merging = len(want[2])  # cells merged across after a copy
        options: list[tuple[int, int, Any]] = []  # (calls, preference, what)
        if here is not None:
            options.append((here[0], 0, ("fix", here[2])))
        if any(looks[s - 1] == look for s in right):
            options.append((1 + merging, 1, ("copy", None)))
        elif look in later:  # a run of this look is patched: copy it once it is
            options.append((1 + merging, 1, ("late", later[look])))
        else:
            sources = {looks[s - 1]: s for s in sorted(right, reverse=True)}
            best = _cheapest([(s, new.details[look_s]) for look_s, s in sources.items()],
                             want, width, r, end)
            if best is not None:
                options.append((1 + merging + best[0], 2, ("patch", best[1:])))
        options.append((1 + painting(crop(layout, r, end)), 3, ("paint", None)))
        _calls, _pref, (how, detail) = min(options, key=lambda o: o[:2])
        if how == "fix":
            out.fixes += detail  # before the copies: a source for rows of its look
            right.update(range(r, end + 1))
        elif how == "copy":
            exact.append((r, end))
        elif how == "patch":
            patched.append((detail[0], (r, end), detail[1]))
            later[look] = r
        elif how == "late":
            out.late.append(((detail, detail), (r, end)))
        else:
            out.clears.append((r, end))
            out.paints.append((r, end))
            right.update(range(r, end + 1))
    _copy_exact(out, looks, right, [r for a, b in exact for r in range(a, b + 1)])
    for source, (r, end), paints in patched:
        out.copies.append(((source, source), (r, end)))
        out.patches += paints


def _copy_exact(out: Reshape, looks: list[str], right: set[int], rows: list[int]) -> None:
    """Copies giving `rows` the formats of right rows with the same looks: the longest
    stretch of right rows whose looks follow the needed rows' in one copy, or one right row
    repeated over a run of rows alike, whichever covers more."""
    todo = set(rows)
    sources = sorted(right)
    k = 0
    while k < len(rows):
        r = rows[k]
        best, length = 0, 0
        for s in sources:
            if looks[s - 1] != looks[r - 1]:
                continue
            n = 1
            while r + n in todo and s + n in right and looks[s + n - 1] == looks[r + n - 1]:
                n += 1
            if n > length:
                best, length = s, n
        same = r
        while same + 1 in todo and looks[same] == looks[r - 1]:
            same += 1
        if same - r + 1 >= length:
            out.copies.append(((best, best), (r, same)))
            last = same
        else:
            out.copies.append(((best, best + length - 1), (r, r + length - 1)))
            last = r + length - 1
        while k < len(rows) and rows[k] <= last:
            k += 1


def _conditional(out: Reshape, old: RowProfile, new: RowProfile, touched: set[int]) -> None:
    """The conditional formats to clear and add again after the plan's other steps.

    Excel moves a rule's range with deleted and inserted rows (moved). Inserted rows take
    rules from the row above, copied rows bring their source's, clearing a row's formats cuts
    it out of its rules: a rule whose range moved elsewhere than the new one, or that such a
    step reached, is cleared over every row it may have reached and added again; the others
    stay. `touched` are the rows inserted, cleared, copied onto or formatted (rows of the
    sheet as the plan leaves it)."""
    if not (old.databars or old.kategori or new.databars or new.kategori):
        return
    height = max(len(old.looks), len(new.looks))
    pairs: list[tuple[str, Rect | None, Rect, Rect | None]] = []
    whole = (len(old.databars) != len(new.databars) or len(old.kategori) != len(new.kategori)
             or old.labels != new.labels)
    if whole:
        out.cf_clear = [(1, 1, height, new.width)]
        out.cf_bars, out.cf_kategori = list(new.databars), list(new.kategori)
        return
    for kind, before, after in (("bar", old.databars, new.databars),
                                ("kategori", old.kategori, new.kategori)):
        pairs += [(kind, moved(rect_of(x), out.ops, under=False), rect_of(y),
                   moved(rect_of(x), out.ops, under=True))
                  for x, y in zip(before, after, strict=True)]

    def reached(rect: Rect | None) -> set[int]:
        """Rows where a step may have changed a rule over `rect`: touched rows in it, and
        the rows copied from rows of it."""
        if rect is None:
            return set()
        rows = {r for r in touched if rect[0] <= r <= rect[2]}
        for (s1, s2), (d1, d2) in (*out.copies, *out.late):
            if s1 <= rect[2] and rect[0] <= s2:
                rows.update(range(d1, d2 + 1))
        return rows

    boxes: dict[int, Rect] = {}
    for i, (_kind, narrow, n, wide) in enumerate(pairs):
        rows = reached(n) | reached(narrow)
        if narrow == n and not rows:  # Excel moved the rule where it belongs
            if wide is not None and wide != narrow:  # rows inserted under it may have
                out.cf_clear.append((narrow[2] + 1, n[1], wide[2], n[3]))  # joined it
            continue
        spread = [n[0], n[2], *rows] + ([wide[0], wide[2]] if wide is not None else [])
        cols = [n[1], n[3]] + ([wide[1], wide[3]] if wide is not None else [])
        boxes[i] = (min(spread), min(cols), max(spread), max(cols))
    grew = True
    while grew:  # a box over another rule's cells clears that rule there too
        grew = False
        for i, (_kind, _m, n, wide) in enumerate(pairs):
            if i in boxes:
                continue
            if any(_overlap(b, n) or (wide is not None and _overlap(b, wide))
                   for b in boxes.values()):
                rows = [n[0], n[2]] + ([wide[0], wide[2]] if wide is not None else [])
                cols = [n[1], n[3]] + ([wide[1], wide[3]] if wide is not None else [])
                boxes[i] = (min(rows), min(cols), max(rows), max(cols))
                grew = True
    for i in sorted(boxes):
        kind, _m, n, _wide = pairs[i]
        out.cf_clear.append(boxes[i])
        (out.cf_bars if kind == "bar" else out.cf_kategori).append(paint.address(n))
    out.cf_clear = _joined(out.cf_clear, [rect_of(x) for x in (*new.databars, *new.kategori)],
                           new.width)


def _joined(rects: list[Rect], rules: list[Rect], width: int) -> list[Rect]:
    """Rectangles to clear of conditional formats, those over the same rows joined into one
    over the whole width where that reaches no rule's new range (a row inserted under two
    rules: one call, not two)."""
    out: list[Rect] = []
    by_rows: dict[tuple[int, int], list[Rect]] = {}
    for rect in rects:
        by_rows.setdefault((rect[0], rect[2]), []).append(rect)
    for (r1, r2), group in by_rows.items():
        whole = (r1, 1, r2, width)
        if len(group) > 1 and not any(_overlap(whole, rule) for rule in rules):
            out.append(whole)
        else:
            out += group
    return out


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def moved(rect: Rect, ops: list[tuple[str, int, int]], under: bool | None = None
          ) -> Rect | None:
    """Where Excel puts a range after whole rows are deleted and inserted; None when its rows
    are all deleted, or when rows are inserted right under it (taking the formats of its
    last row, they may or may not join its rules; `under` True or False takes them to join
    or not). A row inserted inside the range (below its first row) widens it; one inserted
    at or above its first row moves it down."""
    r1, c1, r2, c2 = rect
    for kind, x, y in ops:
        if kind == "delete":
            n = y - x + 1
            if y < r1:
                r1, r2 = r1 - n, r2 - n
            elif x <= r2:
                left = (r2 - r1 + 1) - (min(r2, y) - max(r1, x) + 1)
                if left <= 0:
                    return None
                r1 = min(r1, x)
                r2 = r1 + left - 1
        elif x <= r1:
            r1, r2 = r1 + y, r2 + y
        elif x <= r2 or (under and x == r2 + 1):
            r2 += y
        elif x == r2 + 1 and under is None:
            return None
    return r1, c1, r2, c2


def charts_follow(old: RowProfile, new: RowProfile, ops: list[tuple[str, int, int]]) -> bool:
    """Whether the charts the button drew for `old` are, after whole rows were deleted and
    inserted (`ops`), the ones `new` needs: Excel moves a chart with the cells under its top
    and widens or narrows the ranges it plots as it does references in formulas; a chart
    whose own rows changed is resized, so it is drawn again."""
    if not old.charts or len(old.charts) != len(new.charts):
        return False
    for before, after in zip(old.charts, new.charts, strict=True):
        b, a = before.split("~"), after.split("~")
        if len(b) != 7 or len(a) != 7 or b[0:2] != a[0:2] or b[4:6] != a[4:6]:
            return False
        try:
            top, height = rect_of(b[2])[0], int(b[5])
            ranges = [rect_of(x) for x in (b[3], *b[6].split("^"))]
            wanted = [rect_of(x) for x in (a[3], *a[6].split("^"))]
            anchor = rect_of(a[2])
        except ValueError:
            return False
        for kind, x, y in ops:  # the chart's rows: none deleted or inserted among them
            if kind == "delete":
                if x <= top + height and y >= top:
                    return False
                if y < top:
                    top -= y - x + 1
            elif top < x <= top + height:
                return False
            elif x <= top:
                top += y
        if (top, rect_of(b[2])[1]) != anchor[:2] or len(ranges) != len(wanted):
            return False
        if [moved(r, ops, under=False) for r in ranges] != wanted:
            return False
    return True
