"""Write docs/PEMERIKSAAN.md from the rule registry (xl_lkip/core/rules.py).

    python docs/pemeriksaan.py

tests/test_rules.py fails when the committed file differs from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from xl_lkip.core.rules import document

TARGET = Path(__file__).resolve().parent / "PEMERIKSAAN.md"


def main() -> None:
    TARGET.write_text(document(), encoding="utf-8")
    print(f"ditulis: {TARGET}")


if __name__ == "__main__":
    main()
