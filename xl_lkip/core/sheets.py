"""Sheet names as Excel compares them: case and surrounding spaces do not matter.

Every adapter and the reader match sheet names through these two functions, so "pk program ",
"PK Program" and "PK PROGRAM" are the same sheet everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")


def sheet_key(name: object) -> str:
    """The form in which two sheet names are compared (strip + casefold)."""
    return str(name).strip().casefold()


def same_sheet(a: object, b: object) -> bool:
    """Whether two sheet names name the same sheet."""
    return sheet_key(a) == sheet_key(b)


def by_sheet_key(items: Mapping[str, T]) -> dict[str, T]:
    """`items` keyed by `sheet_key` of their names (the first of two equal names wins)."""
    out: dict[str, T] = {}
    for name, value in items.items():
        out.setdefault(sheet_key(name), value)
    return out


def find_sheet(names: Iterable[str], wanted: str) -> str | None:
    """The name among `names` that is the sheet `wanted`, or None."""
    key = sheet_key(wanted)
    return next((n for n in names if sheet_key(n) == key), None)
