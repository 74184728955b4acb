"""Run macros/lite/main.py through the machinery xlwings Lite runs, and print what it gave.

Run in its own interpreter with XLWINGS_ON_SERVER=true (xlwings reads it at import, so the
test process, which imported xlwings already, cannot): python tests/lite_run.py WORKBOOK OUT
writes a JSON report to OUT: the functions' metadata, a column computed by
`custom_functions_call`, and the differences between the report sheets the `@script`
wrote through `custom_scripts_call` on `xw.Book(json=...)` and the ones the CLI writes.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main(workbook: Path, out: Path) -> None:
    assert os.environ.get("XLWINGS_ON_SERVER") == "true"
    import xlwings as xw
    from remote_payload import close, differences, payload_from_xlsx, replay
    from xlwings import server

    from xl_lkip.core.schema import REPORT_SHEETS
    from xl_lkip.files.package import Package
    from xl_lkip.files.service import perbarui_berkas
    from xl_lkip.files.xlsx_read import read_grids

    spec = importlib.util.spec_from_file_location("main", ROOT / "macros" / "lite" / "main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    report: dict = {"meta": server.custom_functions_meta(module),
                    "scripts": server.custom_scripts_meta(module)}

    data = {"func_name": "CAPAIAN", "version": xw.__version__, "client": "Office.js",
            "runtime": "1.4", "culture_info_name": "id-ID", "date_format": "dd/mm/yyyy",
            "caller_address": "Sheet1!E2",
            "args": [[[80], [90], [0], [""]], [[85], ["72,5"], [10], [""]],
                     [["positif"], ["negatif"], ["positif"], ["positif"]], None]}
    report["capaian"] = asyncio.run(server.custom_functions_call(data, module))

    payload = payload_from_xlsx(workbook)
    book = xw.Book(json=payload)
    try:
        asyncio.run(server.custom_scripts_call(module, "perbarui_laporan",
                                               typehint_to_value={xw.Book: book}))
        actions = book.json()["actions"]
    finally:
        close(book)
    result = replay(payload, actions)
    with tempfile.TemporaryDirectory() as tmp:
        cli = perbarui_berkas(workbook, keluaran=Path(tmp))
        assert cli.galat_berkas is None, cli.galat_berkas
        with Package(Path(tmp) / workbook.name) as pkg:
            expected = read_grids(pkg, REPORT_SHEETS)
    report["alerts"] = [a["args"][:4] for a in actions if a["func"] == "alert"]
    # the second script writes the Word draft into Lite's download folder (here a temp one)
    with tempfile.TemporaryDirectory() as tmp:
        module.FOLDER_UNDUHAN = tmp
        book = xw.Book(json=payload)
        try:
            asyncio.run(server.custom_scripts_call(module, "buat_draf_word",
                                                   typehint_to_value={xw.Book: book}))
            draft_actions = book.json()["actions"]
        finally:
            close(book)
        report["draft_alerts"] = [a["args"][:4] for a in draft_actions if a["func"] == "alert"]
        report["draft_files"] = sorted(p.name for p in Path(tmp).iterdir())
        report["draft_value_writes"] = sum(1 for a in draft_actions if a.get("start_row") is not None)
    report["sheets"] = {s: differences(expected[s].values, result.sheet_grid(s))
                        for s in REPORT_SHEETS}
    out.write_text(json.dumps(report, ensure_ascii=False, default=str), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
