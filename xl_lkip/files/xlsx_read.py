"""Read sheets of an .xlsx/.xlsm into SheetGrids straight from the package XML.

Why not openpyxl or calamine: openpyxl's full load is the slow floor we must beat, and
calamine drops error values (#REF! comes back as an empty cell) and formulas. One
streaming pass over a sheet's XML gives cached values, error values, formulas and the
cells formatted as percent, with size limits applied before anything is inflated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from ..core.grid import ErrorValue, SheetGrid, split_ref, xml_text
from ..core.lazyre import LazyPattern
from ..core.sheets import sheet_key
from .package import BerkasError, Package, XmlElement, q

_PERCENT_BUILTIN = {9, 10}
_QUOTED = re.compile(r'"[^"]*"|\\.')
MAX_ROWS = 1_048_576
FINDALL_BYTES = 4 * 1024 * 1024  # sheet XML up to this size is matched in one findall
MAX_COLS = 16_384


def _shared_strings(pkg: Package) -> list[str]:
    rels = pkg.rels(pkg.workbook_part)
    part = next((t for typ, t in rels.values() if typ.endswith("/sharedStrings")), None)
    if part is None or part not in pkg.names:
        return []
    data = pkg.read(part)
    try:
        if _fast_ok(data):
            return _fast_strings(data)
    except BerkasError as exc:
        raise BerkasError(f"{pkg.path.name}: {exc.pesan}") from None
    except ValueError:
        pass  # bytes that are not UTF-8: the tree parser says what is wrong
    from defusedxml.ElementTree import iterparse  # only for parts the fast path cannot take

    out = []
    si_tag, t_tag, rph_tag = q("si"), q("t"), q("rPh")
    try:
        for _ev, el in iterparse(io.BytesIO(data), events=("end",)):
            if el.tag == si_tag:
                parts = []
                for child in el:
                    if child.tag == t_tag:
                        parts.append(child.text or "")
                    elif child.tag == q("r"):
                        t = child.find(t_tag)
                        parts.append(t.text or "" if t is not None else "")
                    elif child.tag == rph_tag:
                        continue
                out.append("".join(parts))
                el.clear()
    except Exception as exc:  # defusedxml and expat raise several types
        raise BerkasError(
            f"{pkg.path.name}: daftar teks (sharedStrings) tidak sah atau berbahaya "
            f"({type(exc).__name__}); berkas ditolak.") from None
    return out


_BUILTIN_DECIMALS = {1: 0, 2: 2, 3: 0, 4: 2, 9: 0, 10: 2, 37: 0, 38: 0, 39: 2, 40: 2}
MAX_DECIMAL_CELLS = 20_000  # cells per sheet whose shown decimals are kept (checks need few)


def format_decimals(code: str) -> int | None:
    """Decimals a number format shows ("#,##0.00" → 2, "0%" → 0); None when variable or General."""
    first = _QUOTED.sub("", code.split(";")[0])
    first = re.sub(r"\[[^\]]*\]", "", first)
    if not first or "general" in first.casefold() or "E" in first.upper():
        return None
    if "." not in first:
        return 0 if "0" in first else None
    after = re.match(r"[0#?]*", first.rsplit(".", 1)[1]).group(0)
    return None if not after or "#" in after or "?" in after else len(after)


def _number_styles(pkg: Package) -> tuple[set[int], dict[int, int]]:
    """(cellXfs indices whose number format shows a percent, cellXfs index -> decimals its
    number format shows, for fixed-decimal formats), from one pass over the styles part."""
    rels = pkg.rels(pkg.workbook_part)
    part = next((t for typ, t in rels.values() if typ.endswith("/styles")), None)
    if part is None or part not in pkg.names:
        return set(), {}
    root = pkg.xml(part)

    def fmt_id(el: XmlElement) -> int:
        value = el.get("numFmtId", "0")
        try:
            return int(value)
        except ValueError:  # percent cells could not be told: refused, not read wrongly
            raise BerkasError(f"{pkg.path.name}: bagian {part} tidak sah (numFmtId "
                              f"{str(value)[:20]!r}); simpan ulang berkas dari Excel. Berkas "
                              "asli tidak diubah.") from None

    custom_percent = set()
    custom: dict[int, int | None] = {}
    fmts = root.find(q("numFmts"))
    for nf in fmts if fmts is not None else ():
        fid, code = fmt_id(nf), nf.get("formatCode", "")
        if "%" in _QUOTED.sub("", code):
            custom_percent.add(fid)
        custom[fid] = format_decimals(code)
    percent, decimals = set(), {}
    xfs = root.find(q("cellXfs"))
    for i, xf in enumerate(xfs if xfs is not None else ()):
        fid = fmt_id(xf)
        if fid in _PERCENT_BUILTIN or fid in custom_percent:
            percent.add(i)
        d = custom[fid] if fid in custom else _BUILTIN_DECIMALS.get(fid)
        if d is not None:
            decimals[i] = d
    return percent, decimals


def _translate_shared(master: str, master_ref: str, ref: str) -> str:
    try:
        from openpyxl.formula.translate import Translator

        return Translator("=" + master, origin=master_ref).translate_formula(ref)[1:]
    except Exception:
        return master


# --- fast path -------------------------------------------------------------------------------
# Excel, LibreOffice and XlsxWriter all write cells as <c r=".." s=".." t=".."> with an optional
# <f> and <v>/<is>. A compiled pattern over those bytes is several times faster than any
# tree parser; files that do not look like that (prefixed namespaces, cells without r=)
# take the ElementTree path below. Neither path expands entities: a DOCTYPE is refused.

_CELL_RE = re.compile(
    # the shape Excel writes, every part captured in one match (optional parts written as
    # "(?:X|)", which the re module matches faster than the equivalent "(?:X)?") ...
    rb'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)"|)(?: t="([a-zA-Z]+)"|)'
    rb'(?:/>|>(?:(<f>[^<]*</f>)|)(?:(<v>[^<]*</v>)|)</c>)'
    # ... else any cell, its attributes and body taken apart below
    rb"|<c\s([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_R_RE = LazyPattern(rb'\br="([A-Z]{1,3})([0-9]+)"')
_T_RE = LazyPattern(rb'\bt="([a-zA-Z]+)"')
_S_RE = LazyPattern(rb'\bs="([0-9]+)"')
_V_RE = LazyPattern(rb"<v>(.*?)</v>|<v/>", re.S)
_F_RE = LazyPattern(rb"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_TXT_RE = LazyPattern(rb"<t\b[^>]*?(?:/>|>(.*?)</t>)", re.S)
_SI_RE = re.compile(
    rb'<si><t(?: xml:space="preserve"|)>([^<]*)</t></si>'  # one plain run, the usual case
    rb"|<si>(.*?)</si>|<si/>", re.S)
_RPH_RE = LazyPattern(rb"<rPh\b.*?</rPh>", re.S)
_SI_ATTR = LazyPattern(rb'\bsi="([0-9]+)"')
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_COLS: dict[bytes, int] = {}


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    if "&" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] == "#":
            try:  # a reference to a character XML forbids (a lone surrogate, ...) is dropped
                return xml_text(chr(int(e[2:], 16) if e[1] in "xX" else int(e[1:])))
            except (ValueError, OverflowError):
                return ""
        return _NAMED[e]

    return _ENTITY.sub(repl, text)


def _col(letters: bytes) -> int:
    n = _COLS.get(letters)
    if n is None:
        n = 0
        for ch in letters:
            n = n * 26 + ch - 64
        _COLS[letters] = n
    return n


def _fast_ok(data: bytes) -> bool:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # Excel never writes either
        raise BerkasError("XML berisi DOCTYPE/ENTITY (kemungkinan bom XML); berkas ditolak.")
    if b"<sst" in data[:4096]:
        return b"</sst>" in data[-4096:]
    return b"<sheetData" in data and (b"</sheetData>" in data or b"<sheetData/>" in data) \
        and b"</worksheet>" in data[-4096:]


def _fast_strings(data: bytes) -> list[str]:
    out = []
    for m in _SI_RE.finditer(data):
        plain, body = m.groups()
        if plain is not None:
            out.append(_unescape(plain))
            continue
        if not body:
            out.append("")
            continue
        if b"<rPh" in body:
            body = _RPH_RE.sub(b"", body)
        out.append("".join(_unescape(t.group(1) or b"") for t in _TXT_RE.finditer(body)))
    return out


def _fast_sheet(name: str, data: bytes, strings: list[str], percent: set[int],
                decimal_styles: dict[int, int] | None = None) -> SheetGrid | None:
    decimals: dict[tuple[int, int], int] = {}
    shown: dict[bytes, int | None] = {}  # s="..." -> decimals shown
    rows: dict[int, dict[int, object]] = {}
    formulas: dict[tuple[int, int], str] = {}
    percent_cells: set[tuple[int, int]] = set()
    shared: dict[bytes, tuple[str, str]] = {}
    start = data.find(b"<sheetData")
    end = data.rfind(b"</sheetData>")
    if start < 0:
        return None
    body = data[start:end if end > 0 else len(data)]
    n_strings = len(strings)
    cols: dict[bytes, int] = {}  # column letters -> number, each within the bounds
    styles: dict[bytes, bool] = {}  # s="..." -> formatted as percent
    cur_r, cur = -1, rows  # the row being filled (cells come in row order)
    r, row_digits = 0, b""  # the row number of the last cell, and its digits
    # every group of every cell, b"" for a missing part (no part that is there is empty, but for
    # `inner`, where empty and missing mean the same); findall is quicker, finditer holds less
    cells: Iterable[tuple[bytes, ...]] = _CELL_RE.findall(body) if len(body) <= FINDALL_BYTES \
        else (m.groups(b"") for m in _CELL_RE.finditer(body))
    for letters, digits, s, t, fpart, vpart, attrs, inner in cells:
        if letters:
            # <c r="A1" s="1" t="s"> with at most a plain <f> and a <v>: everything is in the match
            if digits != row_digits:
                r, row_digits = int(digits), digits
                if r > MAX_ROWS:
                    raise BerkasError(f"lembar {name} memuat sel di luar batas.")
            c = cols.get(letters)
            if c is None:
                c = _col(letters)
                if c > MAX_COLS:
                    raise BerkasError(f"lembar {name} memuat sel di luar batas.")
                cols[letters] = c
            value: object = None
            if len(vpart) > 7:  # "<v></v>" (an empty cached result) is no value, as <v/> is
                text = vpart[3:-4]
                if not t and text.isdigit() and len(text) <= 15:
                    value = int(text)  # what float() then int() below give, for whole numbers
                elif not t:
                    try:
                        f = float(text)
                        value = int(f) if f.is_integer() and abs(f) < 2**53 else f
                    except ValueError:
                        value = _unescape(text)
                elif t == b"s":
                    idx = int(text)
                    value = strings[idx] if 0 <= idx < n_strings else None
                else:
                    value = _typed(t, text, (fpart or b"") + vpart)
            elif fpart and t:
                value = _typed(t, None, fpart)
            if len(fpart) > 7:
                formula = _unescape(fpart[3:-4])
                if formula:
                    formulas[(r, c)] = "=" + formula
        else:
            rm = _R_RE.search(attrs)
            if rm is None:
                return None  # a cell without its address: the tree parser knows the order
            letters = rm.group(1)
            r, c = int(rm.group(2)), _col(letters)
            row_digits = b""
            if r > MAX_ROWS or c > MAX_COLS:
                raise BerkasError(f"lembar {name} memuat sel di luar batas.")
            value = None
            if inner:
                tm = _T_RE.search(attrs)
                vm = _V_RE.search(inner)
                value = _typed(tm.group(1) if tm else b"n", vm.group(1) if vm else None, inner,
                               strings)
                if b"<f" in inner:
                    fm = _F_RE.search(inner)
                    if fm is not None:
                        fattrs, ftext = fm.group(1), fm.group(2)
                        ref = (letters + rm.group(2)).decode()
                        formula = _unescape(ftext) if ftext else ""
                        if b'shared' in fattrs:
                            sm = _SI_ATTR.search(fattrs)
                            if sm is not None:
                                if formula:
                                    shared[sm.group(1)] = (formula, ref)
                                elif sm.group(1) in shared:
                                    master, origin = shared[sm.group(1)]
                                    formula = _translate_shared(master, origin, ref)
                        if formula:
                            formulas[(r, c)] = "=" + formula
            s = b""
            if percent or decimal_styles:
                sm = _S_RE.search(attrs)
                if sm is not None:
                    s = sm.group(1)
        if percent and s:
            is_pct = styles.get(s)
            if is_pct is None:
                is_pct = styles[s] = int(s) in percent
            if is_pct:
                percent_cells.add((r, c))
        if decimal_styles and s and type(value) in (int, float) \
                and len(decimals) < MAX_DECIMAL_CELLS:
            d = shown.get(s, -1)
            if d == -1:
                d = shown[s] = decimal_styles.get(int(s))
            if d is not None:
                decimals[(r, c)] = d
        if value is not None or (formulas and (r, c) in formulas):
            if r != cur_r:
                cur_r, cur = r, rows.setdefault(r, {})
            cur[c] = value
    return _grid(name, rows, formulas, percent_cells, decimals)


def _typed(t: bytes, text: bytes | None, inner: bytes, strings: list[str] | None = None) -> object:
    """The value of a cell of type `t` whose <v> holds `text` (None: no <v>); `inner` is all
    between <c ...> and </c>. An empty <v></v> is no value, as the tree parser reads it."""
    if not text:
        text = None
    if t == b"s":
        if text is not None and strings is not None:
            idx = int(text)
            return strings[idx] if 0 <= idx < len(strings) else None
        return None
    if t == b"inlineStr":
        return "".join(_unescape(x.group(1) or b"") for x in _TXT_RE.finditer(inner))
    if t == b"str" or t == b"d":
        return _unescape(text) if text is not None else None
    if t == b"b":
        return text == b"1" if text is not None else None
    if t == b"e":
        return ErrorValue(_unescape(text) if text else "#N/A")
    if text is not None:
        try:
            f = float(text)
            return int(f) if f.is_integer() and abs(f) < 2**53 else f
        except ValueError:
            return _unescape(text)
    return None


def _grid(name: str, rows: dict[int, dict[int, object]], formulas: dict[tuple[int, int], str],
          percent_cells: set[tuple[int, int]],
          decimals: dict[tuple[int, int], int] | None = None) -> SheetGrid:
    n_rows = max(rows, default=0)
    values: list[list[object]] = []
    for r in range(1, n_rows + 1):
        cells = rows.get(r)
        if not cells:
            values.append([])
            continue
        line: list[object] = [None] * max(cells)
        for c, v in cells.items():
            line[c - 1] = v
        values.append(line)
    return SheetGrid(name, values, formulas, percent_cells, decimals or {})


def read_grids(pkg: Package, names: Iterable[str] | None = None) -> dict[str, SheetGrid]:
    """SheetGrids of the named sheets (all worksheets when None); missing names are skipped."""
    strings = _shared_strings(pkg)
    percent, decimal_styles = _number_styles(pkg)
    wanted = None if names is None else {sheet_key(n) for n in names}
    aplikasi = application(pkg)
    out = {}
    for sheet in pkg.sheets:
        if wanted is not None and sheet_key(sheet.name) not in wanted:
            continue
        out[sheet.name] = _read_sheet(pkg, sheet.name, sheet.part, strings, percent,
                                      decimal_styles)
        out[sheet.name].aplikasi = aplikasi
    return out


APP_PROPS_MAX_BYTES = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def application(pkg: Package) -> str | None:
    """The application that last saved the file (docProps/app.xml <Application>, e.g.
    "Microsoft Excel" or "LibreOffice/7.6.4.1$Linux_X86_64 …"): a #NAME? from LibreOffice
    needs another advice than one from Excel. Only a hint: a missing, large or unreadable
    part gives None, never a refusal."""
    part = next((t for typ, t in pkg.rels("").values() if typ.endswith("/extended-properties")),
                "docProps/app.xml")
    if part not in pkg.names:
        return None
    try:
        if pkg.zip.getinfo(part).file_size > APP_PROPS_MAX_BYTES:
            return None
        root = pkg.xml(part)
    except (BerkasError, KeyError):
        return None
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.rpartition("}")[2] == "Application":
            text = _CONTROL.sub("", (el.text or "").strip())[:120]
            return text or None
    return None


def _read_sheet(pkg: Package, name: str, part: str, strings: list[str],
                percent: set[int], decimal_styles: dict[int, int] | None = None) -> SheetGrid:
    decimals: dict[tuple[int, int], int] = {}
    rows: dict[int, dict[int, object]] = {}
    formulas: dict[tuple[int, int], str] = {}
    percent_cells: set[tuple[int, int]] = set()
    shared: dict[str, tuple[str, str]] = {}
    c_tag, v_tag, f_tag, is_tag, t_tag, row_tag = q("c"), q("v"), q("f"), q("is"), q("t"), q("row")
    data = pkg.read(part)
    try:
        if _fast_ok(data):
            grid = _fast_sheet(name, data, strings, percent, decimal_styles)
            if grid is not None:
                return grid
    except BerkasError as exc:
        raise BerkasError(f"{pkg.path.name}: {exc.pesan}") from None
    except ValueError:
        pass  # a malformed index (t="s" with <v>x</v>): the tree parser says what is wrong
    from defusedxml.ElementTree import iterparse  # only for sheets the fast path cannot take

    row_no = col_no = 0
    try:
        for ev, el in iterparse(io.BytesIO(data), events=("start", "end")):
            tag = el.tag
            if ev == "start":
                if tag == row_tag:
                    row_no = int(el.get("r", row_no + 1))
                    col_no = 0
                continue
            if tag == c_tag:
                ref = el.get("r")
                if ref:
                    r, c = split_ref(ref)
                else:  # each cell, empty or not, takes the column after the previous one
                    r, c = row_no, col_no + 1
                col_no = c
                if r > MAX_ROWS or c > MAX_COLS:
                    raise BerkasError(f"{pkg.path.name}: lembar {name} memuat sel di luar batas.")
                t = el.get("t", "n")
                v = el.find(v_tag)
                text = v.text if v is not None else None
                value: object = None
                if t == "s":
                    if text is not None:
                        idx = int(text)
                        value = strings[idx] if 0 <= idx < len(strings) else None
                elif t == "inlineStr":
                    node = el.find(is_tag)
                    if node is not None:
                        value = "".join(x.text or "" for x in node.iter(t_tag))
                elif t == "str":
                    value = text
                elif t == "b":
                    value = text == "1" if text is not None else None
                elif t == "e":
                    value = ErrorValue(text or "#N/A")
                elif t == "d":
                    value = text
                elif text is not None:
                    try:
                        f = float(text)
                        value = int(f) if f.is_integer() and abs(f) < 2**53 else f
                    except ValueError:
                        value = text
                f_el = el.find(f_tag)
                if f_el is not None:
                    ftext = f_el.text
                    si = f_el.get("si")
                    if f_el.get("t") == "shared" and si is not None:
                        if ftext:
                            shared[si] = (ftext, ref or "A1")
                        elif si in shared:
                            ftext = _translate_shared(shared[si][0], shared[si][1], ref or "A1")
                    if ftext:
                        formulas[(r, c)] = "=" + ftext
                s = el.get("s")
                if s is not None and percent and int(s) in percent:
                    percent_cells.add((r, c))
                if s is not None and decimal_styles and type(value) in (int, float) \
                        and int(s) in decimal_styles and len(decimals) < MAX_DECIMAL_CELLS:
                    decimals[(r, c)] = decimal_styles[int(s)]
                if value is not None or (r, c) in formulas:
                    rows.setdefault(r, {})[c] = value
                el.clear()
            elif tag == row_tag:
                el.clear()
            elif tag == q("sheetData"):
                break
    except BerkasError:
        raise
    except Exception as exc:
        raise BerkasError(
            f"{pkg.path.name}: lembar {name} tidak dapat dibaca ({type(exc).__name__}). "
            "Simpan ulang berkas dari Excel."
        ) from None
    return _grid(name, rows, formulas, percent_cells, decimals)
