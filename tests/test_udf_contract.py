"""The worksheet functions as Excel will see them, checked on Linux.

`@xw.func` is a no-op off Windows, so the test stubs the Windows modules xlwings.udfs needs,
decorates the UDF module with xlwings' real xlfunc/xlarg/xlret, and asks
`xlwings.udfs.generate_vba_wrapper` for the VBA that "Import Functions" puts into Excel.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
import types

import pytest
import xlwings

from xl_lkip.core.errors import EXCEL_ERRORS, NA

MODULE = "xl_lkip.excel.udfs"

EXPECTED = {
    "ANGKA": "teks, Optional gaya",
    "ANGKA_ALASAN": "teks, Optional gaya",
    "CAPAIAN": "target, realisasi, Optional polaritas, Optional rumus",
    "CAPAIAN_ALASAN": "target, realisasi, Optional polaritas, Optional rumus",
    "EFISIENSI": "pagu, realisasi",
    "EFISIENSI_ALASAN": "pagu, realisasi",
    "KATEGORI": "capaian_persen, skala, Optional kode",
    "KATEGORI_ALASAN": "capaian_persen, skala, Optional kode",
    "MASALAH_SKALA": "skala",
    "RATA_CAPAIAN": "nilai",
    "RATA_CAPAIAN_ALASAN": "nilai",
    "SERAPAN": "pagu, realisasi",
    "SERAPAN_ALASAN": "pagu, realisasi",
}

# Excel's built-in worksheet functions (English names, as stored in files), including the
# _xlfn. era additions. A UDF with one of these names would be shadowed or shadow it.
EXCEL_BUILTINS = set("""
ABS ACCRINT ACCRINTM ACOS ACOSH ACOT ACOTH ADDRESS AGGREGATE AMORDEGRC AMORLINC AND ARABIC
AREAS ARRAYTOTEXT ASC ASIN ASINH ATAN ATAN2 ATANH AVEDEV AVERAGE AVERAGEA AVERAGEIF AVERAGEIFS
BAHTTEXT BASE BESSELI BESSELJ BESSELK BESSELY BETADIST BETA.DIST BETAINV BETA.INV BIN2DEC
BIN2HEX BIN2OCT BINOMDIST BINOM.DIST BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR
BITRSHIFT BITXOR BYCOL BYROW CALL CEILING CEILING.MATH CEILING.PRECISE CELL CHAR CHIDIST CHIINV
CHITEST CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST CHOOSE CHOOSECOLS
CHOOSEROWS CLEAN CODE COLUMN COLUMNS COMBIN COMBINA COMPLEX CONCAT CONCATENATE CONFIDENCE
CONFIDENCE.NORM CONFIDENCE.T CONVERT CORREL COS COSH COT COTH COUNT COUNTA COUNTBLANK COUNTIF
COUNTIFS COUPDAYBS COUPDAYS COUPDAYSNC COUPNCD COUPNUM COUPPCD COVAR COVARIANCE.P COVARIANCE.S
CRITBINOM CSC CSCH CUBEKPIMEMBER CUBEMEMBER CUBEMEMBERPROPERTY CUBERANKEDMEMBER CUBESET
CUBESETCOUNT CUBEVALUE CUMIPMT CUMPRINC DATE DATEDIF DATEVALUE DAVERAGE DAY DAYS DAYS360 DB
DBCS DCOUNT DCOUNTA DDB DEC2BIN DEC2HEX DEC2OCT DECIMAL DEGREES DELTA DETECTLANGUAGE DEVSQ DGET
DISC DMAX DMIN DOLLAR DOLLARDE DOLLARFR DPRODUCT DROP DSTDEV DSTDEVP DSUM DURATION DVAR DVARP
EDATE EFFECT ENCODEURL EOMONTH ERF ERF.PRECISE ERFC ERFC.PRECISE ERROR.TYPE EUROCONVERT EVEN
EXACT EXP EXPAND EXPON.DIST EXPONDIST FACT FACTDOUBLE FALSE F.DIST FDIST F.DIST.RT FILTER
FILTERXML FIND FINDB F.INV FINV F.INV.RT FISHER FISHERINV FIXED FLOOR FLOOR.MATH FLOOR.PRECISE
FORECAST FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT
FORECAST.LINEAR FORMULATEXT FREQUENCY F.TEST FTEST FV FVSCHEDULE GAMMA GAMMA.DIST GAMMADIST
GAMMA.INV GAMMAINV GAMMALN GAMMALN.PRECISE GAUSS GCD GEOMEAN GESTEP GETPIVOTDATA GROUPBY
GROWTH HARMEAN HEX2BIN HEX2DEC HEX2OCT HLOOKUP HOUR HSTACK HYPERLINK HYPGEOM.DIST HYPGEOMDIST
IF IFERROR IFNA IFS IMABS IMAGE IMAGINARY IMARGUMENT IMCONJUGATE IMCOS IMCOSH IMCOT IMCSC
IMCSCH IMDIV IMEXP IMLN IMLOG10 IMLOG2 IMPOWER IMPRODUCT IMREAL IMSEC IMSECH IMSIN IMSINH
IMSQRT IMSUB IMSUM IMTAN INDEX INDIRECT INFO INT INTERCEPT INTRATE IPMT IRR ISBLANK ISERR
ISERROR ISEVEN ISFORMULA ISLOGICAL ISNA ISNONTEXT ISNUMBER ISODD ISOMITTED ISOWEEKNUM ISPMT
ISREF ISTEXT ISO.CEILING JIS KURT LAMBDA LARGE LCM LEFT LEFTB LEN LENB LET LINEST LN LOG
LOG10 LOGEST LOGINV LOGNORM.DIST LOGNORMDIST LOGNORM.INV LOOKUP LOWER MAKEARRAY MAP MATCH
MAX MAXA MAXIFS MDETERM MDURATION MEDIAN MID MIDB MIN MINA MINIFS MINUTE MINVERSE MIRR MMULT
MOD MODE MODE.MULT MODE.SNGL MONTH MROUND MULTINOMIAL MUNIT N NA NEGBINOM.DIST NEGBINOMDIST
NETWORKDAYS NETWORKDAYS.INTL NOMINAL NORM.DIST NORMDIST NORMINV NORM.INV NORM.S.DIST NORMSDIST
NORM.S.INV NORMSINV NOT NOW NPER NPV NUMBERVALUE OCT2BIN OCT2DEC OCT2HEX ODD ODDFPRICE
ODDFYIELD ODDLPRICE ODDLYIELD OFFSET OR PDURATION PEARSON PERCENTILE PERCENTILE.EXC
PERCENTILE.INC PERCENTOF PERCENTRANK PERCENTRANK.EXC PERCENTRANK.INC PERMUT PERMUTATIONA PHI
PHONETIC PI PIVOTBY PMT POISSON POISSON.DIST POWER PPMT PRICE PRICEDISC PRICEMAT PROB PRODUCT
PROPER PV PY QUARTILE QUARTILE.EXC QUARTILE.INC QUOTIENT RADIANS RAND RANDARRAY RANDBETWEEN
RANK RANK.AVG RANK.EQ RATE RECEIVED REDUCE REGEXEXTRACT REGEXREPLACE REGEXTEST REGISTER.ID
REPLACE REPLACEB REPT RIGHT RIGHTB ROMAN ROUND ROUNDDOWN ROUNDUP ROW ROWS RRI RSQ RTD SCAN
SEARCH SEARCHB SEC SECH SECOND SEQUENCE SERIESSUM SHEET SHEETS SIGN SIN SINH SKEW SKEW.P SLN
SLOPE SMALL SORT SORTBY SQRT SQRTPI STANDARDIZE STDEV STDEVA STDEVP STDEVPA STDEV.P STDEV.S
STEYX STOCKHISTORY SUBSTITUTE SUBTOTAL SUM SUMIF SUMIFS SUMPRODUCT SUMSQ SUMX2MY2 SUMX2PY2
SUMXMY2 SWITCH SYD T TAKE TAN TANH TBILLEQ TBILLPRICE TBILLYIELD T.DIST TDIST T.DIST.2T
T.DIST.RT TEXT TEXTAFTER TEXTBEFORE TEXTJOIN TEXTSPLIT TIME TIMEVALUE T.INV TINV T.INV.2T
TOCOL TODAY TOROW TRANSLATE TRANSPOSE TREND TRIM TRIMMEAN TRIMRANGE TRUE TRUNC T.TEST TTEST
TYPE UNICHAR UNICODE UNIQUE UPPER VALUE VALUETOTEXT VAR VARA VARP VARPA VAR.P VAR.S VDB
VLOOKUP VSTACK WEBSERVICE WEEKDAY WEEKNUM WEIBULL WEIBULL.DIST WORKDAY WORKDAY.INTL WRAPCOLS
WRAPROWS XIRR XLOOKUP XMATCH XNPV XOR YEAR YEARFRAC YIELD YIELDDISC YIELDMAT Z.TEST ZTEST
""".split())

# Words VBA does not accept as parameter names.
VBA_KEYWORDS = set("""
AND AS BOOLEAN BYREF BYTE BYVAL CALL CASE CONST CURRENCY DATE DECLARE DIM DO DOUBLE EACH ELSE
ELSEIF EMPTY END ENUM EQV ERASE ERROR EVENT EXIT FALSE FOR FRIEND FUNCTION GET GLOBAL GOSUB
GOTO IF IMP IMPLEMENTS IN INTEGER IS LET LIKE LONG LOOP LSET ME MOD NEW NEXT NOT NOTHING NULL
ON OPTION OPTIONAL OR PARAMARRAY PRESERVE PRIVATE PROPERTY PUBLIC RAISEEVENT REDIM REM RESUME
RETURN RSET SELECT SET SINGLE STATIC STEP STOP STRING SUB THEN TO TRUE TYPE TYPEOF UNTIL
VARIANT WEND WHILE WITH XOR
""".split())


@pytest.fixture
def xl_udfs(monkeypatch):
    """The UDF module decorated by xlwings' real Windows decorators."""
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *args, **kwargs: None
    win32com.client = client
    for name, module in (("pythoncom", pythoncom), ("pywintypes", pywintypes),
                         ("win32com", win32com), ("win32com.client", client)):
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    xl_udfs_module = importlib.import_module("xlwings.udfs")
    monkeypatch.setattr(xlwings, "func", xl_udfs_module.xlfunc)
    monkeypatch.setattr(xlwings, "arg", xl_udfs_module.xlarg)
    monkeypatch.setattr(xlwings, "ret", xl_udfs_module.xlret)
    import xl_lkip.excel

    monkeypatch.delitem(sys.modules, MODULE, raising=False)
    monkeypatch.delattr(xl_lkip.excel, "udfs", raising=False)
    module = importlib.import_module(MODULE)
    yield xl_udfs_module, module
    monkeypatch.delitem(sys.modules, MODULE, raising=False)


@pytest.fixture
def vba(xl_udfs):
    xl_udfs_module, module = xl_udfs
    out = io.StringIO()
    book = types.SimpleNamespace(Name="xl_lkip.xlam")
    xl_udfs_module.generate_vba_wrapper(MODULE, module, out, book)
    return out.getvalue()


def _signatures(vba: str) -> dict[str, str]:
    return dict(re.findall(r"^Function (\w+)\((.*)\)$", vba, flags=re.MULTILINE))


def test_every_function_with_its_arguments(vba):
    assert _signatures(vba) == EXPECTED


def test_wrappers_call_python_on_the_active_workbook(vba):
    for name, args in EXPECTED.items():
        plain = args.replace("Optional ", "")
        assert (f'{name} = XLPy.CallUDF("{MODULE}", "{name}", Array({plain}), '
                "ActiveWorkbook, Application.Caller)") in vba
    assert "Application.Volatile" not in vba


def test_no_name_clashes_with_excel_or_cell_references(vba):
    names = set(_signatures(vba))
    formulas = pytest.importorskip("formulas")
    builtins = EXCEL_BUILTINS | {n.upper() for n in formulas.get_functions() if n.isupper()}
    builtins -= set(EXPECTED)  # the engine registry may hold ours if another test added them
    assert not names & builtins
    for name in names:
        # "ABC1" or "R1C1" would be read as a cell reference, a dot makes it ambiguous in VBA
        assert not re.fullmatch(r"[A-Z]{1,3}\d+|R\d*C\d*", name), name
        assert re.fullmatch(r"[A-Z][A-Z_]*", name), name
        assert len(name) <= 32


def test_argument_names_are_safe_in_vba(xl_udfs):
    _, module = xl_udfs
    function_names = {f.__name__.upper() for f in module.UDFS}
    for func in module.UDFS:
        for arg in func.__xlfunc__["args"]:
            name = arg["name"]
            assert name.upper() not in VBA_KEYWORDS, (func.__name__, name)
            # the VBA editor re-cases identifiers project-wide: an argument named like a
            # function would rename the function's display name
            assert name.upper() not in function_names, (func.__name__, name)


def test_help_text_in_bahasa_indonesia_within_excel_limits(xl_udfs):
    _, module = xl_udfs
    for func in module.UDFS:
        info = func.__xlfunc__
        assert info["category"] == "xl-lkip"
        doc = info["ret"]["doc"]
        assert 40 <= len(doc) <= 255, (func.__name__, len(doc))
        for arg in info["args"]:
            assert not arg["doc"].startswith("Positional argument"), (func.__name__, arg)
            assert 20 <= len(arg["doc"]) <= 255, (func.__name__, arg["name"], len(arg["doc"]))
        assert not info["volatile"]


def test_data_arguments_arrive_as_rows_with_errors_as_text(xl_udfs):
    _, module = xl_udfs
    for func in module.UDFS:
        for arg in func.__xlfunc__["args"]:
            if arg["name"] in {"kode", "gaya"}:
                continue
            assert arg["options"].get("ndim") == 2, (func.__name__, arg["name"])
            assert arg["options"].get("err_to_str") is True, (func.__name__, arg["name"])
        assert "expand" not in func.__xlfunc__["ret"]["options"]


def test_alasan_twins_take_the_same_arguments(xl_udfs):
    _, module = xl_udfs
    by_name = {f.__name__: f for f in module.UDFS}
    for name, func in by_name.items():
        if name.endswith("_ALASAN"):
            twin = by_name[name.removesuffix("_ALASAN")]
            assert [a["name"] for a in func.__xlfunc__["args"]] == \
                   [a["name"] for a in twin.__xlfunc__["args"]]


# --- calling the functions the way xlwings does ---------------------------------------------

BAD_INPUTS = [
    None, "", " ", "%", "-", "#N/A", "#DIV/0!", "#REF!", 0, -1, 1e308, -1e308, float("nan"),
    True, "teks", "2.67.338.000", [[None]], [[1], [2]], [[1, 2], [3, 4]], [[]], [], [1, 2],
    [["80-90"], ["#VALUE!"]], object(), {"a": 1}, 10**400,
]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda v: repr(v)[:20])
def test_no_input_makes_a_function_raise(xl_udfs, bad):
    _, module = xl_udfs
    for func in module.UDFS:
        n = len(func.__xlfunc__["args"])
        for i in range(n):
            args = [[[75.0]], [[80.09]], None, None][:n]
            if func.__name__.startswith("KATEGORI"):
                args = [[[80.0]], [["BOYOLALI"]], None][:n]
            args[i] = bad
            result = func(*args)  # must not raise
            flat = result if not isinstance(result, list) else [c for r in result for c in r]
            for cell in flat if isinstance(flat, list) else [flat]:
                assert isinstance(cell, (float, int, str)), (func.__name__, i, bad, cell)


def test_results_are_values_errors_or_columns(xl_udfs):
    _, module = xl_udfs
    assert round(module.CAPAIAN([[75.0]], [[80.09]]), 2) == 106.79
    assert module.CAPAIAN([[0.0]], [[5.0]]) == "#DIV/0!"
    column = module.CAPAIAN([[75.0], [0.0], [None]], [[80.09], [1.0], [None]], [["positif"]])
    assert [round(column[0][0], 2), column[1][0], column[2][0]] == [106.79, "#DIV/0!", ""]
    row = module.SERAPAN([[2804150926.0, 1914251000.0]], [[2714944445.0, 1806518343.0]])
    assert [round(x, 2) for x in row[0]] == [96.82, 94.37]
    assert module.KATEGORI([[55.5]], "BOYOLALI") == NA
    assert module.KATEGORI_ALASAN([[55.5]], "BOYOLALI").startswith("capaian 55,5")
    assert module.CAPAIAN([[1], [2]], [[1], [2], [3]]) in EXCEL_ERRORS
    assert "ukuran rentang" in module.CAPAIAN_ALASAN([[1], [2]], [[1], [2], [3]])


def test_on_windows_errors_become_vt_error_variants(monkeypatch):
    """With pywin32 present, an error is a VT_ERROR VARIANT that Excel shows as #N/A etc."""
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.VT_ERROR = 10
    client = types.ModuleType("win32com.client")

    class VARIANT:
        def __init__(self, varianttype, value):
            self.varianttype, self.value = varianttype, value

    client.VARIANT = VARIANT
    win32com = types.ModuleType("win32com")
    win32com.client = client
    monkeypatch.setitem(sys.modules, "pythoncom", pythoncom)
    monkeypatch.setitem(sys.modules, "win32com", win32com)
    monkeypatch.setitem(sys.modules, "win32com.client", client)
    from xl_lkip.excel import udfs

    galat = udfs._pabrik_galat()
    na = galat("#N/A")
    assert (na.varianttype, na.value) == (10, -2146826246)  # CVErr(xlErrNA)
    assert galat("#DIV/0!").value == -2146826281
    assert galat("#VALUE!").value == -2146826273
    assert galat("#NUM!").value == -2146826252
    monkeypatch.setattr(udfs, "galat_excel", galat)
    hasil = udfs.CAPAIAN([[0.0], [75.0]], [[1.0], [80.09]])
    assert hasil[0][0].value == -2146826281 and round(hasil[1][0], 2) == 106.79


# --- a whole column in one call, as xlwings passes it ------------------------------------------

class _Baris(list):
    """A row type the n×1 fast path does not take: the general reshaping path handles it."""


def _lewat_jalur_umum(column):
    return [_Baris(row) for row in column]


TARGET_CAMPUR = [75.0, "75 %", 0.0, None, "80-90", 10.0, 10.0, "#N/A", None, "", "85,50",
                 "1.914.251.000,00", "1,500", 1e308, -5.0, float("nan"), True, "teks", 100.0,
                 "2.67.338.000"]
REALISASI_CAMPUR = [80.09, "80.09%", 5.0, 3.0, 85.0, 25.0, 8.0, 3.0, None, " ", "90",
                    "1.806.518.343,00", "1.600", 1e308, 3.0, 2.0, 5.0, 1.0, None, 5.0]
POLARITAS_CAMPUR = ["positif", "+", None, "negatif", "naik", "turun", "-", "+", "-", "aneh",
                    "positif", "positif", "negatif", "+", "+", "+", "+", "+", "+", "+"]


def _kolom(values):
    return [[v] for v in values]


def test_column_in_one_call_equals_the_general_path_and_cell_by_cell():
    from xl_lkip.excel import udfs

    t, r, p = _kolom(TARGET_CAMPUR), _kolom(REALISASI_CAMPUR), _kolom(POLARITAS_CAMPUR)
    kasus = [
        (udfs.CAPAIAN, (t, r, p)), (udfs.CAPAIAN_ALASAN, (t, r, p)),
        (udfs.CAPAIAN, (t, r, [["negatif"]], "T/R")), (udfs.CAPAIAN_ALASAN, (t, r, "??")),
        (udfs.SERAPAN, (t, r)), (udfs.SERAPAN_ALASAN, (t, r)), (udfs.EFISIENSI, (t, r)),
        (udfs.EFISIENSI_ALASAN, (r, [[1000.0]])),
        (udfs.KATEGORI, (r, "BOYOLALI")), (udfs.KATEGORI_ALASAN, (t, "PERMENDAGRI86")),
        (udfs.KATEGORI, (t, "110-90-60", True)), (udfs.KATEGORI_ALASAN, (r, "nama aneh")),
        (udfs.ANGKA, (t, "id")), (udfs.ANGKA_ALASAN, (r, "en")), (udfs.ANGKA, (t, None)),
    ]
    for func, args in kasus:
        hasil = func(*args)
        assert isinstance(hasil, list) and len(hasil) == len(TARGET_CAMPUR)
        assert all(isinstance(row, list) and len(row) == 1 for row in hasil)
        umum = func(*[_lewat_jalur_umum(a) if isinstance(a, list) and len(a) > 1 else a
                      for a in args])
        assert hasil == umum, func.__name__
        if func in (udfs.ANGKA, udfs.ANGKA_ALASAN) and args[1] is None:
            continue  # the style is guessed from the whole column, not from one cell
        for i, row in enumerate(hasil):
            satu = func(*[[a[i]] if isinstance(a, list) and len(a) > 1 else a for a in args])
            assert row[0] == satu, (func.__name__, i, row[0], satu)
    # both value inputs blank: an empty cell; only one blank: #N/A with its reason
    assert udfs.CAPAIAN(t, r, p)[8][0] == "" and udfs.CAPAIAN(t, r, p)[9][0] == ""
    assert udfs.CAPAIAN(t, r, p)[3][0] == NA
    assert udfs.SERAPAN_ALASAN(t, r)[3][0] == "pagu belum diisi"


def test_ten_thousand_rows_per_call():
    """Whole 10,000-row columns through every UDF in one call each (timed in benchmarks/)."""
    import random

    from xl_lkip.core.arithmetic import capaian_kolom
    from xl_lkip.excel import udfs

    rng = random.Random(6)
    n = 10_000
    target = [round(rng.uniform(50, 100), 2) for _ in range(n)]
    real = [round(x * rng.uniform(0.8, 1.2), 2) for x in target]
    pol = ["negatif" if rng.random() < 0.15 else "positif" for _ in range(n)]
    pagu = [float(rng.randrange(5_000, 2_500_000) * 1000) for _ in range(n)]
    spent = [round(x * rng.uniform(0.7, 1.0)) for x in pagu]
    texts = [f"{int(x):,}".replace(",", ".") + ",00" for x in pagu]
    t, r, p, g, s = _kolom(target), _kolom(real), _kolom(pol), _kolom(pagu), _kolom(spent)
    cap = _kolom(capaian_kolom(target, real, pol))
    teks = _kolom(texts)
    kasus = {
        "CAPAIAN": lambda: udfs.CAPAIAN(t, r, p),
        "KATEGORI": lambda: udfs.KATEGORI(cap, "110-90-60"),
        "SERAPAN": lambda: udfs.SERAPAN(g, s),
        "EFISIENSI": lambda: udfs.EFISIENSI(g, s),
        "ANGKA": lambda: udfs.ANGKA(teks),
    }

    for nama, panggil in kasus.items():  # speed is measured in benchmarks/, not asserted here
        hasil = panggil()
        assert len(hasil) == n and not any(row[0] in EXCEL_ERRORS for row in hasil), nama
    assert udfs.ANGKA(teks)[:2] == [[pagu[0]], [pagu[1]]]
