"""Regular expressions compiled on first use.

A run of the command line needs only some of the patterns the modules define (those of the
input it meets); compiling every one of them at import was a good part of its start-up.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any


class LazyPattern:
    """Stands for `re.compile(pattern, flags)`, compiled the first time a method is used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._args)
        return getattr(compiled, name)
