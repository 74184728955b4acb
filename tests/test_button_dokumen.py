"""The Word draft from Excel (xl_lkip.excel.button.main_dokumen, and the second step of the
Perbarui Laporan button), run on Linux through xlwings' remote engine."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from docx import Document
from docx.oxml.ns import qn
from factory import clean_workbook
from remote_payload import open_book, payload_from_xlsx

import xl_lkip
from xl_lkip.excel import button
from xl_lkip.files.dokumen import buat_dokumen


@pytest.fixture(autouse=True)
def _remote(remote_books: list[Any]) -> list[Any]:
    return remote_books


def _alerts(book: Any) -> list[list[Any]]:
    return [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]


def _text(path: Path) -> list[str]:
    """The text of every paragraph of a .docx body, in order (also those inside tables and
    the content controls around generated text)."""
    body = Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _press(payload: dict[str, Any], opened: list[Any]) -> Any:
    book = open_book(payload)
    opened.append(book)
    xl_lkip.excel.button.main_dokumen()
    return book


def test_draft_beside_the_saved_workbook_equals_the_cli_draft(tmp_path: Path,
                                                             _remote: list[Any]) -> None:
    path = clean_workbook(tmp_path / "laporan.xlsx", n=4)
    cli = buat_dokumen(path, keluaran=tmp_path / "cli")
    assert cli.galat_berkas is None
    book = _press(payload_from_xlsx(path, name=str(path)), _remote)  # saved: its full name
    (prompt, title, buttons, mode, _cb), = _alerts(book)
    assert (title, buttons, mode) == (button.JUDUL_DOKUMEN, "ok", "info"), prompt
    draft = tmp_path / "laporan.docx"
    assert prompt.startswith(f"laporan.xlsx: draf ditulis ke {draft}")
    text = _text(draft)
    assert sum(len(t) for t in text) > 1000 and text == _text(Path(cli.dokumen))
    assert [a for a in book.json()["actions"] if a.get("start_row") is not None] == []


def test_a_second_draft_keeps_the_first_as_backup(tmp_path: Path, _remote: list[Any]) -> None:
    path = clean_workbook(tmp_path / "laporan.xlsx", n=2)
    payload = payload_from_xlsx(path, name=str(path))
    _press(copy.deepcopy(payload), _remote)
    first = (tmp_path / "laporan.docx").read_bytes()
    book = _press(payload, _remote)
    (prompt, *_r), = _alerts(book)
    assert (tmp_path / "laporan.cadangan-1.docx").read_bytes() == first
    assert "laporan.cadangan-1.docx" in prompt


def test_the_draft_follows_what_is_on_screen(tmp_path: Path, _remote: list[Any]) -> None:
    """Unsaved edits in the open workbook are in the draft: it reads the open book."""
    path = clean_workbook(tmp_path / "laporan.xlsx", n=2)
    payload = payload_from_xlsx(path, name=str(path))
    identitas = next(s for s in payload["sheets"] if s["name"] == "Identitas")
    old = "Dinas Contoh"
    cells = [(r, c) for r, row in enumerate(identitas["values"]) for c, v in enumerate(row)
             if isinstance(v, str) and old in v]
    assert cells, "the factory's instansi"
    for r, c in cells:
        identitas["values"][r][c] = identitas["values"][r][c].replace(old, "Dinas Baru Diketik")
    _press(payload, _remote)
    text = " ".join(_text(tmp_path / "laporan.docx"))
    assert "Dinas Baru Diketik" in text and old not in text


def test_an_unsaved_workbook_is_refused_in_indonesian(tmp_path: Path, _remote: list[Any]) -> None:
    path = clean_workbook(tmp_path / "laporan.xlsx", n=2)
    book = _press(payload_from_xlsx(path, name="Buku1"), _remote)
    (prompt, title, _b, mode, _cb), = _alerts(book)
    assert mode == "critical" and title == button.JUDUL_DOKUMEN
    assert "belum pernah disimpan" in prompt and "Simpan" in prompt
    assert not list(tmp_path.glob("*.docx"))


def test_a_draft_that_cannot_be_written_is_a_message(tmp_path: Path, _remote: list[Any]) -> None:
    path = clean_workbook(tmp_path / "laporan.xlsx", n=2)
    (tmp_path / "laporan.docx").mkdir()  # something that is no file stands in the way
    book = _press(payload_from_xlsx(path, name=str(path)), _remote)
    (prompt, _t, _b, mode, _cb), = _alerts(book)
    assert mode == "critical" and "laporan.docx" in prompt, prompt
    assert "Traceback" not in prompt


# --- the second step of Perbarui Laporan ------------------------------------------------------


def test_remote_engine_asks_nothing_and_writes_no_draft(tmp_path: Path, _remote: list[Any]) -> None:
    path = clean_workbook(tmp_path / "laporan.xlsx", n=2)
    book = open_book(payload_from_xlsx(path, name=str(path)))
    _remote.append(book)
    xl_lkip.main()
    (prompt, _t, buttons, mode, _cb), = _alerts(book)
    assert buttons == "ok" and mode == "info" and prompt.startswith("Laporan diperbarui")
    assert not list(tmp_path.glob("*.docx"))


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_desktop_excel_offers_the_draft_after_the_reports(
        answer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _remote: list[Any]) -> None:
    """Where Excel returns the answer of a Ya/Tidak box (Windows, macOS), the closing box
    offers the draft; the remote engine stands in for Excel, answering as the user would."""
    path = clean_workbook(tmp_path / "laporan.xlsx", n=2)
    book = open_book(payload_from_xlsx(path, name=str(path)))
    _remote.append(book)
    shown: list[tuple[str, str, str]] = []

    def alert(self: Any, prompt: str, title: str, buttons: str = "ok", mode: str = "",
              callback: str = "") -> str | None:
        shown.append((prompt, title, buttons))
        return answer if buttons == "yes_no" else None

    monkeypatch.setattr(button, "asks_questions", lambda _book: True)
    monkeypatch.setattr(xw.App, "alert", alert)
    xl_lkip.main()
    question = shown[0]
    assert question[2] == "yes_no" and question[0].startswith("Laporan diperbarui")
    assert "Buat juga draf Word laporan.docx" in question[0]
    if answer == "yes":
        (prompt, title, buttons), = shown[1:]
        assert title == button.JUDUL_DOKUMEN and "draf ditulis ke" in prompt
        assert (tmp_path / "laporan.docx").is_file()
    else:
        assert len(shown) == 1 and not list(tmp_path.glob("*.docx"))
