"""Build every report table of the LKjIP from the typed model.

The CLI and the Excel button both call `build_reports`; they differ only in how the
tables reach the sheets. Numbers are recomputed from the inputs (never copied from a
typed capaian or JUMLAH cell); what cannot be computed shows "-" and is explained in
the Pemeriksaan sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import schema
from .errors import NilaiError
from .reader import LkipData, TableData

DASH = "-"


@dataclass(frozen=True)
class RCol:
    """A report column: header and how its cells are formatted."""

    header: str
    kind: str = "text"  # text, code, money, percent, number, int, kategori
    width: float = 14
    databar: bool = False


@dataclass
class ReportTable:
    title: str
    columns: list[RCol]
    rows: list[list[Any]] = field(default_factory=list)
    styles: list[str | None] = field(default_factory=list)  # per row: None, "sub", "total"
    links: dict[int, str] = field(default_factory=dict)  # row index -> internal link target
    link_col: int | None = None

    def add(self, row: list[Any], style: str | None = None, link: str | None = None) -> None:
        if len(row) != len(self.columns):
            raise ValueError(f"{self.title}: baris {len(row)} kolom, judul {len(self.columns)}")
        if link:
            self.links[len(self.rows)] = link
        self.rows.append(row)
        self.styles.append(style)


@dataclass
class ReportSheetData:
    key: str
    sheet: str
    title: str
    subtitle: str
    tables: list[ReportTable]
    notes: list[str] = field(default_factory=list)


# --- helpers ------------------------------------------------------------------------------


def arithmetic() -> Any:
    """The module xl_lkip.core.arithmetic, imported on first use (it brings numpy along);
    cheaper than an import statement in a function called for every budget row."""
    global _ARITHMETIC
    if _ARITHMETIC is None:
        from . import arithmetic as module

        _ARITHMETIC = module
    return _ARITHMETIC


_ARITHMETIC: Any = None


def as_number(v: Any) -> float | None:
    t = type(v)
    if t is float:
        return v
    if t is int:
        return float(v)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _or_dash(v: Any) -> Any:
    return DASH if v is None else v


def effective_target(pk_row: dict[str, Any] | None, real_row: dict[str, Any] | None) -> Any:
    """PK Perubahan when revised, else PK, else what the Realisasi sheet holds."""
    if pk_row is not None:
        if pk_row.get("target_perubahan") is not None:
            return pk_row["target_perubahan"]
        if pk_row.get("target") is not None:
            return pk_row["target"]
    return None if real_row is None else real_row.get("target")


def _index(table: TableData | None, key: str = "kode_indikator") -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if table is None:
        return out
    for rec in table.records:
        k = rec.get(key)
        if k is not None and k not in out:
            out[k] = rec
    return out


@dataclass
class Indicator:
    """One indicator joined across Renstra, PK and Realisasi, with its capaian."""

    kode: str
    kode_sasaran: str | None
    sasaran: str | None
    indikator: str | None
    satuan: str | None
    polaritas: str
    target: Any
    realisasi: Any
    capaian: float | None
    alasan: str | None  # why capaian is None
    kategori: str | None
    kode_kategori: str | None
    renstra: dict[str, Any] | None
    real: dict[str, Any] | None


def indicators(data: LkipData) -> list[Indicator]:
    """Indicators in PK order, then any found only in Realisasi; built once per model."""
    if "indicators" not in data.cache:
        data.cache["indicators"] = _indicators(data)
    return data.cache["indicators"]


def _indicators(data: LkipData) -> list[Indicator]:
    pk = _index(data.tables.get("pk"))
    ren = _index(data.tables.get("renstra"))
    real = _index(data.tables.get("realisasi"))
    rumus = data.identitas.get("rumus_negatif")
    order = list(pk) + [k for k in real if k not in pk]
    out = []
    for kode in order:
        p, r, rs = pk.get(kode), real.get(kode), ren.get(kode)
        pol = (rs or {}).get("polaritas") or (r or {}).get("polaritas") or "positif"
        target = effective_target(p, r)
        realisasi = None if r is None else r.get("realisasi")
        cap, alasan, kat, kkat = None, None, None, None
        try:
            cap = capaian_of(data, target, realisasi, pol, rumus)
        except NilaiError as exc:
            alasan = exc.pesan
        if cap is not None and data.skala is not None:
            try:
                t = data.skala.kategori(cap)
                kat, kkat = t.label, t.kode
            except NilaiError as exc:
                alasan = exc.pesan
        first = p or rs or r or {}
        out.append(Indicator(
            kode=kode,
            kode_sasaran=(p or {}).get("kode_sasaran") or (rs or {}).get("kode_sasaran"),
            sasaran=(p or {}).get("sasaran") or (rs or {}).get("sasaran"),
            indikator=first.get("indikator") or (r or {}).get("indikator"),
            satuan=first.get("satuan") or (r or {}).get("satuan"),
            polaritas=pol, target=target, realisasi=realisasi, capaian=cap, alasan=alasan,
            kategori=kat, kode_kategori=kkat, renstra=rs, real=r,
        ))
    return out


def _sasaran_groups(inds: list[Indicator]) -> list[tuple[str, str, list[Indicator]]]:
    groups: dict[str, tuple[str, list[Indicator]]] = {}
    for ind in inds:
        key = ind.kode_sasaran or ind.sasaran or "-"
        groups.setdefault(key, (ind.sasaran or key, []))[1].append(ind)
    return [(k, name, items) for k, (name, items) in groups.items()]


# --- the tables ---------------------------------------------------------------------------


def pengukuran(data: LkipData, inds: list[Indicator]) -> ReportTable:
    t = ReportTable("Pengukuran Kinerja", [
        RCol("No", "int", 5), RCol("Sasaran Strategis", "text", 34), RCol("Indikator Kinerja", "text", 44),
        RCol("Satuan", "text", 10), RCol("Target", "number", 11), RCol("Realisasi", "number", 11),
        RCol("Capaian (%)", "percent", 12, databar=True), RCol("Kategori", "kategori", 14),
    ])
    last_sasaran = None
    for i, ind in enumerate(inds, start=1):
        sas = ind.sasaran if ind.sasaran != last_sasaran else ""
        last_sasaran = ind.sasaran
        t.add([i, sas, ind.indikator, ind.satuan, _or_dash(ind.target), _or_dash(ind.realisasi),
               _or_dash(ind.capaian), _or_dash(ind.kategori)])
    return t


def capaian_sasaran(data: LkipData, inds: list[Indicator]) -> list[ReportTable]:
    from .arithmetic import rata_rata

    per = ReportTable("Capaian Kinerja per Sasaran (rata-rata capaian indikator)", [
        RCol("No", "int", 5), RCol("Sasaran Strategis", "text", 44), RCol("Jumlah Indikator", "int", 12),
        RCol("Rata-rata Capaian (%)", "percent", 14, databar=True), RCol("Kategori", "kategori", 16),
    ])
    all_caps = []
    for i, (_k, name, items) in enumerate(_sasaran_groups(inds), start=1):
        caps = [x.capaian for x in items if x.capaian is not None]
        all_caps.extend(caps)
        mean, kat = None, None
        if caps:
            mean = rata_rata(caps)
            kat = _kategori_label(data, mean)
        per.add([i, name, len(items), _or_dash(mean), _or_dash(kat)])
    if all_caps:
        mean = rata_rata(all_caps)
        per.add(["", "Rata-rata seluruh indikator", len(inds), mean,
                 _or_dash(_kategori_label(data, mean))], "total")
    counts = ReportTable("Jumlah Indikator per Kategori", [
        RCol("Kategori", "kategori", 20), RCol("Kode", "text", 8), RCol("Jumlah Indikator", "int", 12),
        RCol("Persentase (%)", "percent", 14),
    ])
    n = len(inds)
    levels = [] if data.skala is None else [(b[2], b[3]) for b in data.skala.baris()]
    for label, kode in levels:
        k = sum(1 for x in inds if x.kategori == label)
        counts.add([label, kode or "", k, (k / n * 100) if n else 0.0])
    missing = sum(1 for x in inds if x.kategori is None)
    if missing:
        counts.add(["Tidak dapat dihitung", "", missing, missing / n * 100])
    counts.add(["Jumlah", "", n, 100.0 if n else 0.0], "total")
    return [per, counts]


def _kategori_label(data: LkipData, value: float) -> str | None:
    if data.skala is None:
        return None
    try:
        return data.skala.kategori(value).label
    except NilaiError:
        return None


def perbandingan(data: LkipData, inds: list[Indicator]) -> ReportTable:
    tahun = data.tahun
    def y(offset: int) -> str:
        return f" {tahun - offset}" if tahun else (f" N-{offset}" if offset else " N")

    t = ReportTable("Realisasi Tahun Ini Dibandingkan Tahun-Tahun Sebelumnya", [
        RCol("No", "int", 5), RCol("Indikator Kinerja", "text", 44), RCol("Satuan", "text", 10),
        RCol("Realisasi" + y(3), "number", 11), RCol("Realisasi" + y(2), "number", 11),
        RCol("Realisasi" + y(1), "number", 11), RCol("Realisasi" + y(0), "number", 11),
        RCol("Selisih terhadap N-1", "number", 12), RCol("Perubahan (%)", "percent", 12),
        RCol("Rencana" + (f" {tahun + 1}" if tahun else " N+1"), "number", 11),
    ])
    for i, ind in enumerate(inds, start=1):
        r = ind.real or {}
        n0, n1 = as_number(r.get("realisasi")), as_number(r.get("realisasi_n1"))
        diff = None if n0 is None or n1 is None else n0 - n1
        pct = None if diff is None or not n1 else diff / abs(n1) * 100
        t.add([i, ind.indikator, ind.satuan, _or_dash(r.get("realisasi_n3")),
               _or_dash(r.get("realisasi_n2")), _or_dash(r.get("realisasi_n1")),
               _or_dash(r.get("realisasi")), _or_dash(diff), _or_dash(pct),
               _or_dash(r.get("target_n1"))])
    return t


def renstra_year_column(data: LkipData) -> str | None:
    """The Renstra target column of the report year ('target_3' when N is Th-3)."""
    awal, tahun = data.identitas.get("renstra_awal"), data.tahun
    if not isinstance(awal, int) or not isinstance(tahun, int):
        return None
    k = tahun - awal + 1
    return f"target_{k}" if 1 <= k <= len(schema.RENSTRA_YEAR_COLUMNS) else None


def renstra(data: LkipData, inds: list[Indicator]) -> ReportTable:
    akhir = data.identitas.get("renstra_akhir")
    col_n = renstra_year_column(data)
    t = ReportTable("Realisasi terhadap Target Akhir Renstra", [
        RCol("No", "int", 5), RCol("Indikator Kinerja", "text", 44), RCol("Satuan", "text", 10),
        RCol(f"Target Renstra {data.tahun or 'N'}", "number", 12),
        RCol(f"Target Akhir Renstra {akhir or ''}".strip(), "number", 13),
        RCol(f"Realisasi {data.tahun or 'N'}", "number", 11),
        RCol("Capaian terhadap Target Akhir (%)", "percent", 16, databar=True),
    ])
    for i, ind in enumerate(inds, start=1):
        rs = ind.renstra or {}
        akhir_t = rs.get("target_akhir")
        try:
            cap = capaian_of(data, akhir_t, ind.realisasi, ind.polaritas,
                             data.identitas.get("rumus_negatif"))
        except NilaiError:
            cap = None
        t.add([i, ind.indikator, ind.satuan, _or_dash(rs.get(col_n) if col_n else None),
               _or_dash(akhir_t), _or_dash(ind.realisasi), _or_dash(cap)])
    return t


# --- budget -------------------------------------------------------------------------------


@dataclass(slots=True)  # one per budget line: slots keep 100,000 of them small
class BudgetRow:
    i: int  # record index in the Anggaran table
    kode: str | None
    level: str
    uraian: str
    jenis: str | None
    murni: float | None
    perubahan: float | None
    realisasi: float | None
    kode_indikator: str | None
    children: list[BudgetRow] = field(default_factory=list)
    # computed once, when first asked: whether this row or a row under it has a pagu perubahan
    # (checks._has_perubahan), and rolled(row)
    revised: bool | None = field(default=None, init=False, repr=False, compare=False)
    sums: tuple[float | None, float | None, float | None] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def pagu(self) -> float | None:
        return self.perubahan if self.perubahan is not None else self.murni


_CODE_SPLIT = re.compile(r"[.\s]+")


def infer_level(kode: str | None, level: str | None, uraian: str | None) -> str:
    """Program / Kegiatan / Sub Kegiatan / Subtotal / Jumlah from the Level cell, else the kode."""
    if level:
        return level
    text = (uraian or "").strip().casefold()
    if re.match(r"^(j\s*u\s*m\s*l\s*a\s*h|total)\b", text):
        return "Jumlah"
    if text.startswith("subtotal") or text.startswith("sub total"):
        return "Subtotal"
    if kode:
        parts = [p for p in _CODE_SPLIT.split(kode.strip().strip(".")) if p]
        n = len(parts)
        if n >= 6:
            return "Sub Kegiatan"
        if n in (4, 5):
            return "Kegiatan"
        if n == 3 and len(parts[-1]) >= 2:  # 1.01.02 is a program in Permendagri 90/2019
            return "Program"
        return {1: "Program", 2: "Kegiatan", 3: "Sub Kegiatan"}.get(n, "Kegiatan")
    if text.startswith("program"):
        return "Program"
    return "Kegiatan"


_RANK = {"Program": 0, "Kegiatan": 1, "Sub Kegiatan": 2}


def budget_tree(data: LkipData) -> tuple[list[BudgetRow], list[BudgetRow]]:
    """(top-level program rows with their children, typed Subtotal/Jumlah rows); built once per model."""
    if "budget_tree" not in data.cache:
        data.cache["budget_tree"] = _budget_tree(data)
    return data.cache["budget_tree"]


def _budget_tree(data: LkipData) -> tuple[list[BudgetRow], list[BudgetRow]]:
    table = data.tables.get("anggaran")
    if table is None:
        return [], []
    roots: list[BudgetRow] = []
    totals: list[BudgetRow] = []
    stack: list[BudgetRow] = []
    for i, rec in enumerate(table.records):
        row = BudgetRow(i, rec.get("kode"), infer_level(rec.get("kode"), rec.get("level"),
                                                     rec.get("uraian")),
                        rec.get("uraian") or "", rec.get("jenis_belanja"), as_number(rec.get("pagu_murni")),
                        as_number(rec.get("pagu_perubahan")), as_number(rec.get("realisasi")),
                        rec.get("kode_indikator"))
        if row.level in ("Subtotal", "Jumlah"):
            totals.append(row)
            continue
        rank = _RANK[row.level]
        while stack and (_RANK[stack[-1].level] >= rank or not _is_parent(stack[-1], row)):
            stack.pop()
        if stack:
            stack[-1].children.append(row)
        else:
            roots.append(row)
        stack.append(row)
    return roots, totals


def _is_parent(parent: BudgetRow, child: BudgetRow) -> bool:
    if parent.kode and child.kode:
        return child.kode.strip().startswith(parent.kode.strip().rstrip(".") + ".")
    return _RANK[parent.level] < _RANK[child.level]


def _sum(values: Iterable[float | None]) -> float | None:
    """Sum that stays unknown when any part is unknown: never a silently short total."""
    total = 0.0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def rolled(row: BudgetRow) -> tuple[float | None, float | None, float | None]:
    """(murni, perubahan-or-murni pagu, realisasi) of a row: the sum of its children when it has any.

    A column some child leaves blank or unreadable is unknown ("-" in the report); the
    reason is in Pemeriksaan.
    """
    if row.sums is None:  # the tree never changes once built: summed once per row
        if not row.children:
            row.sums = (row.murni, row.pagu, row.realisasi)
        else:
            parts = [rolled(ch) for ch in row.children]
            row.sums = tuple(_sum(p[j] for p in parts) for j in range(3))  # type: ignore[assignment]
    return row.sums


def capaian_of(data: LkipData, target: Any, realisasi: Any, polaritas: Any, rumus: Any) -> float:
    """arithmetic.capaian(...), remembered per model for non-zero numbers and text targets: the
    checks and several report tables ask for the same indicators' capaian."""
    if type(realisasi) is float and type(target) in (float, str) and target != 0 \
            and realisasi != 0 and type(polaritas) is str and (rumus is None or type(rumus) is str):
        memo = data.cache.get("capaian")
        if memo is None:
            memo = data.cache["capaian"] = {}
        key = (type(target), target, realisasi, polaritas, rumus)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = arithmetic().capaian(target, realisasi, polaritas, rumus)
        return hit
    return arithmetic().capaian(target, realisasi, polaritas, rumus)


def serapan_of(data: LkipData, pagu: Any, real: Any) -> float:
    """arithmetic.serapan(pagu, real), remembered per model for positive amounts: the checks
    and the Anggaran report ask for the same rows' serapan."""
    if type(pagu) is float and type(real) is float and pagu > 0 and real > 0:
        memo = data.cache.get("serapan")
        if memo is None:
            memo = data.cache["serapan"] = {}
        hit = memo.get((pagu, real))
        if hit is None:
            hit = memo[(pagu, real)] = arithmetic().serapan(pagu, real)  # errors are not kept
        return hit
    return arithmetic().serapan(pagu, real)


def anggaran(data: LkipData) -> list[ReportTable]:
    def ser(pagu: float | None, real: float | None) -> Any:
        try:
            return serapan_of(data, pagu, real)
        except NilaiError:
            return DASH

    roots, _totals = budget_tree(data)
    t = ReportTable("Realisasi Anggaran per Program dan Kegiatan", [
        RCol("Kode", "code", 16), RCol("Program / Kegiatan / Sub Kegiatan", "text", 50),
        RCol("Pagu Murni (Rp)", "money", 18), RCol("Pagu Perubahan (Rp)", "money", 18),
        RCol("Realisasi (Rp)", "money", 18), RCol("Serapan (%)", "percent", 11, databar=True),
        RCol("Sisa Anggaran (Rp)", "money", 18),
    ])
    def emit(row: BudgetRow, depth: int) -> None:
        murni, pagu, real = rolled(row)
        style = "sub" if row.children else None
        sisa = None if pagu is None or real is None else pagu - real
        t.add([row.kode or "", "    " * depth + row.uraian, _or_dash(murni),
               _or_dash(pagu), _or_dash(real), ser(pagu, real), _or_dash(sisa)], style)
        for ch in row.children:
            emit(ch, depth + 1)

    for root in roots:
        emit(root, 0)
    tot = [_sum(rolled(r)[j] for r in roots) for j in range(3)]
    sisa = None if tot[1] is None or tot[2] is None else tot[1] - tot[2]
    t.add(["", "JUMLAH", *(_or_dash(v) for v in tot), ser(tot[1], tot[2]), _or_dash(sisa)], "total")

    jenis = ReportTable("Realisasi Anggaran per Jenis Belanja", [
        RCol("Jenis Belanja", "text", 30), RCol("Pagu (Rp)", "money", 18),
        RCol("Realisasi (Rp)", "money", 18), RCol("Serapan (%)", "percent", 11, databar=True),
    ])
    groups: dict[str, list[BudgetRow]] = {}
    for leaf in _leaves(roots):
        groups.setdefault(leaf.jenis or "Tidak disebutkan", []).append(leaf)
    sums = {k: (_sum(x.pagu for x in v), _sum(x.realisasi for x in v)) for k, v in groups.items()}
    for key, (p, r) in sums.items():
        jenis.add([key, _or_dash(p), _or_dash(r), ser(p, r)])
    tp, tr = _sum(v[0] for v in sums.values()), _sum(v[1] for v in sums.values())
    jenis.add(["JUMLAH", _or_dash(tp), _or_dash(tr), ser(tp, tr)], "total")
    return [t, jenis]


def _leaves(rows: Iterable[BudgetRow]) -> Iterable[BudgetRow]:
    for r in rows:
        if r.children:
            yield from _leaves(r.children)
        else:
            yield r


def efisiensi(data: LkipData, inds: list[Indicator]) -> ReportTable:
    from .arithmetic import rata_rata, serapan

    roots, _ = budget_tree(data)
    sasaran_of = {ind.kode: ind.kode_sasaran or ind.sasaran or "-" for ind in inds}
    for ind in inds:  # a budget row may name the sasaran itself (Kode Indikator = S1)
        if ind.kode_sasaran:
            sasaran_of.setdefault(ind.kode_sasaran, ind.kode_sasaran)
    linked: dict[str, list[BudgetRow]] = {}
    for leaf in _leaves(roots):
        key = sasaran_of.get(leaf.kode_indikator or "")
        if key is not None:
            linked.setdefault(key, []).append(leaf)
    money = {k: (_sum(x.pagu for x in v), _sum(x.realisasi for x in v)) for k, v in linked.items()}
    t = ReportTable("Efisiensi: Capaian Kinerja dan Serapan Anggaran per Sasaran", [
        RCol("No", "int", 5), RCol("Sasaran Strategis", "text", 40),
        RCol("Rata-rata Capaian Kinerja (%)", "percent", 14, databar=True),
        RCol("Pagu (Rp)", "money", 18), RCol("Realisasi (Rp)", "money", 18),
        RCol("Serapan (%)", "percent", 11, databar=True), RCol("Efisiensi (%)", "percent", 11),
        RCol("Keterangan", "text", 30),
    ])
    for i, (key, name, items) in enumerate(_sasaran_groups(inds), start=1):
        caps = [x.capaian for x in items if x.capaian is not None]
        cap = rata_rata(caps) if caps else None
        pagu, real = money.get(key, (None, None))
        ser = eff = None
        if pagu and real is not None:
            try:
                ser = serapan(pagu, real)
                eff = 100.0 - ser
            except NilaiError:
                ser = None
        if cap is None or ser is None:
            ket = "anggaran tidak terhubung ke indikator sasaran ini" if ser is None else \
                "capaian kinerja tidak dapat dihitung"
        elif cap >= ser:
            ket = "efisien: capaian kinerja ≥ serapan anggaran"
        else:
            ket = "kurang efisien: capaian kinerja < serapan anggaran"
        t.add([i, name, _or_dash(cap), _or_dash(pagu), _or_dash(real), _or_dash(ser),
               _or_dash(eff), ket])
    return t


def rencana_aksi(data: LkipData, inds: list[Indicator]) -> ReportTable:
    plan = _index(data.tables.get("rencana_aksi"))
    t = ReportTable("Rencana Aksi: Target dan Realisasi per Triwulan", [
        RCol("Kode", "code", 9), RCol("Indikator Kinerja", "text", 40),
        RCol("Target Tahun", "number", 11),
        *(RCol(f"Target TW {q}", "number", 9) for q in ("I", "II", "III", "IV")),
        *(RCol(f"Realisasi TW {q}", "number", 10) for q in ("I", "II", "III", "IV")),
        RCol("Realisasi Tahun", "number", 11), RCol("Capaian (%)", "percent", 11, databar=True),
    ])
    codes = list(plan) + [ind.kode for ind in inds if ind.kode not in plan and ind.real and any(
        ind.real.get(q) is not None for q in schema.QUARTERS)]
    by_code = {ind.kode: ind for ind in inds}
    for kode in codes:
        p = plan.get(kode, {})
        ind = by_code.get(kode)
        r = (ind.real if ind else None) or {}
        target = p.get("target_tahun") if p.get("target_tahun") is not None else (
            ind.target if ind else None)
        cap = None
        if ind is not None:
            try:
                cap = capaian_of(data, target, r.get("realisasi"), ind.polaritas,
                                 data.identitas.get("rumus_negatif"))
            except NilaiError:
                cap = None
        t.add([kode, p.get("indikator") or (ind.indikator if ind else ""), _or_dash(target),
               *(_or_dash(p.get(q)) for q in schema.QUARTERS),
               *(_or_dash(r.get(q)) for q in schema.QUARTERS),
               _or_dash(r.get("realisasi")), _or_dash(cap)])
    return t


def build_reports(data: LkipData) -> list[ReportSheetData]:
    """Every report sheet except Pemeriksaan (which the checker fills)."""
    inds = indicators(data)
    instansi = data.identitas.get("instansi") or ""
    sub = " — ".join(x for x in (instansi, f"Tahun {data.tahun}" if data.tahun else "") if x)
    R = schema.REPORTS_BY_KEY
    sheets = [
        ("pengukuran", [pengukuran(data, inds)]),
        ("sasaran", capaian_sasaran(data, inds)),
        ("perbandingan", [perbandingan(data, inds)]),
        ("renstra", [renstra(data, inds)]),
        ("anggaran", anggaran(data)),
        ("efisiensi", [efisiensi(data, inds)]),
        ("rencana_aksi", [rencana_aksi(data, inds)]),
    ]
    return [ReportSheetData(k, R[k].sheet, R[k].title, sub, tables) for k, tables in sheets]
