"""xl-lkip: kalkulator LKjIP/LAKIP untuk Excel dan baris perintah."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"


def main(book: Any = None) -> None:
    """What the ribbon button runs (`import xl_lkip; xl_lkip.main()`).

    Imported lazily so that `import xl_lkip` stays cheap and works without xlwings.
    """
    from .excel.button import main as button_main

    button_main(book)
