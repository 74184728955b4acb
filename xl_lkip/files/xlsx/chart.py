"""The chart parts of a report sheet: one drawing part anchoring one chart part per ChartSpec.

The charts read their numbers from the report's own cells (no cached copy is written: Excel
and LibreOffice both draw from the cells when they open the file), so they follow the table
each time the report is regenerated. Written to the ECMA-376 transitional schemas
(dml-chart.xsd, dml-spreadsheetDrawing.xsd); tests validate them there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...core.grid import col_index, col_letter, xml_text
from ...core.layout import CHART_NAME_PREFIX, REFERENCE_LINE_COLOUR, SERIES_COLOURS, ChartSpec
from ...core.record import record

NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """XML text escaping (xml.sax.saxutils would import urllib, http and ssl on the CLI path)."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for k, v in (entities or {}).items():
        out = out.replace(k, v)
    return out


@record
class DrawingParts:
    """The zip parts of one sheet's charts and their content types."""

    parts: dict[str, bytes]  # part name (no leading "/") -> bytes
    content_types: dict[str, str]  # part name (no leading "/") -> content type
    drawing_part: str  # e.g. "xl/drawings/drawing3.xml": the sheet's relationship target


def drawing_parts(charts: Sequence[ChartSpec], sheet_name: str, taken: set[str]) -> DrawingParts | None:
    """The drawing and chart parts for `charts` on `sheet_name`, named apart from `taken`."""
    if not charts:
        return None
    used = set(taken)
    drawing = _free("xl/drawings/drawing{}.xml", used)
    parts: dict[str, bytes] = {}
    types = {drawing: DRAWING_TYPE}
    rels, anchors = [], []
    for k, spec in enumerate(charts, start=1):
        chart = _free("xl/charts/chart{}.xml", used)
        parts[chart] = chart_xml(spec, sheet_name).encode("utf-8")
        types[chart] = CHART_TYPE
        rid = f"rId{k}"
        rels.append(f'<Relationship Id="{rid}" Type="{CHART_REL}" '
                    f'Target="../charts/{chart.rsplit("/", 1)[1]}"/>')
        anchors.append(_anchor(spec, k, rid))
    parts[drawing] = (_XML + f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}">' + "".join(anchors)
                      + "</xdr:wsDr>").encode("utf-8")
    name = drawing.rsplit("/", 1)[1]
    parts[f"xl/drawings/_rels/{name}.rels"] = (
        _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>").encode("utf-8")
    return DrawingParts(parts, types, drawing)


def _free(pattern: str, used: set[str]) -> str:
    n = 1
    while pattern.format(n) in used:
        n += 1
    name = pattern.format(n)
    used.add(name)
    return name


def _cell(ref: str) -> tuple[int, int]:
    """(0-based column, 0-based row) of "B5" or "$B$5"."""
    m = _CELL.match(ref.strip().upper())
    if not m:
        raise ValueError(f"sel grafik tidak sah: {ref!r}")
    return col_index(m.group(1)) - 1, int(m.group(2)) - 1


def _anchor(spec: ChartSpec, k: int, rid: str) -> str:
    col, row = _cell(spec.anchor)
    name = f"{CHART_NAME_PREFIX}{k}"  # the button replaces charts by this name
    descr = escape(xml_text(spec.title) or f"Grafik {k}", {'"': "&quot;"})
    return (
        '<xdr:twoCellAnchor editAs="oneCell">'
        f"<xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row>"
        "<xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f"<xdr:to><xdr:col>{col + spec.width_cols}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{row + spec.height_rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        '<xdr:graphicFrame macro="">'
        f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{k + 1}" name="{name}" descr="{descr}"/>'
        "<xdr:cNvGraphicFramePr/>"
        "</xdr:nvGraphicFramePr>"
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
        f'<a:graphic><a:graphicData uri="{NS_C}">'
        f'<c:chart xmlns:c="{NS_C}" xmlns:r="{NS_R}" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>")


def _ref(sheet: str, rng: str) -> str:
    """'Tabel Pengukuran'!$C$7:$C$15 from "C7:C15"."""
    first, _, last = rng.partition(":")
    cells = []
    for ref in (first, last or first):
        c, r = _cell(ref)
        cells.append(f"${col_letter(c + 1)}${r + 1}")
    quoted = "'" + sheet.replace("'", "''") + "'"
    return escape(f"{quoted}!{cells[0]}:{cells[1]}")


def _count(rng: str) -> int:
    first, _, last = rng.partition(":")
    return _cell(last or first)[1] - _cell(first)[1] + 1


def _fill(rgb: str) -> str:
    return f'<c:spPr><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill></c:spPr>'


def _text(value: str, size: int, bold: bool) -> str:
    b = ' b="1"' if bold else ' b="0"'
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"{b}/></a:pPr>'
            f'<a:r><a:rPr lang="id-ID" sz="{size}"{b}/><a:t>{escape(xml_text(value))}</a:t>'
            "</a:r></a:p></c:rich></c:tx>")


def chart_xml(spec: ChartSpec, sheet: str) -> str:
    """One chart part (c:chartSpace) for `spec` over cells of `sheet`."""
    if spec.kind not in ("bar", "column", "line"):
        raise ValueError(f"jenis grafik tidak dikenal: {spec.kind!r}")
    cat = f"<c:cat><c:strRef><c:f>{_ref(sheet, spec.categories)}</c:f></c:strRef></c:cat>"
    n = _count(spec.categories)
    series = []
    for k, (name, rng) in enumerate(spec.series):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)] if len(spec.series) > 1 else "5B9BD5"
        tx = f"<c:tx><c:v>{escape(xml_text(name))}</c:v></c:tx>"
        val = f"<c:val><c:numRef><c:f>{_ref(sheet, rng)}</c:f></c:numRef></c:val>"
        if spec.kind == "line":
            series.append(f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/>{tx}'
                          f'<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="{colour}"/>'
                          '</a:solidFill></a:ln></c:spPr><c:marker><c:symbol val="circle"/>'
                          f'</c:marker>{cat}{val}<c:smooth val="0"/></c:ser>')
            continue
        points = ""
        if spec.point_colours and len(spec.series) == 1:
            points = "".join(f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/>'
                             f'<c:bubble3D val="0"/>{_fill(c)}</c:dPt>'
                             for i, c in enumerate(spec.point_colours[:n]))
        labels = ('<c:dLbls><c:numFmt formatCode="#,##0.00" sourceLinked="0"/>'
                  '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
                  '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
                  '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
                  "</c:dLbls>") if len(spec.series) == 1 else ""
        series.append(f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/>{tx}{_fill(colour)}'
                      f'<c:invertIfNegative val="0"/>{points}{labels}{cat}{val}</c:ser>')
    axes = '<c:axId val="500000001"/><c:axId val="500000002"/>'
    if spec.kind == "line":
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{"".join(series)}'
                f'<c:marker val="1"/>{axes}</c:lineChart>')
    else:
        bar_dir = "bar" if spec.kind == "bar" else "col"
        plot = (f'<c:barChart><c:barDir val="{bar_dir}"/><c:grouping val="clustered"/>'
                f'<c:varyColors val="0"/>{"".join(series)}<c:gapWidth val="60"/>{axes}</c:barChart>')
    if spec.reference_line is not None and spec.kind != "bar":
        k = len(spec.series)
        v = f"{spec.reference_line:g}"
        if spec.reference_range:  # cells: drawn by Excel and LibreOffice alike
            ref = f"<c:val><c:numRef><c:f>{_ref(sheet, spec.reference_range)}</c:f></c:numRef></c:val>"
        else:  # a literal series: Excel draws it
            pts = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i in range(n))
            ref = (f'<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>'
                   f"{pts}</c:numLit></c:val>")
        plot += ('<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
                 f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/>'
                 f'<c:tx><c:v>{escape("Acuan " + v)}</c:v></c:tx>'
                 f'<c:spPr><a:ln w="22225"><a:solidFill><a:srgbClr val="{REFERENCE_LINE_COLOUR}"/>'
                 '</a:solidFill><a:prstDash val="dash"/></a:ln></c:spPr>'
                 f'<c:marker><c:symbol val="none"/></c:marker>{cat}{ref}<c:smooth val="0"/></c:ser>'
                 f'<c:marker val="1"/>{axes}</c:lineChart>')
    horizontal = spec.kind == "bar"
    cat_pos, val_pos = ("l", "b") if horizontal else ("b", "l")
    plot_area = (
        f"<c:plotArea><c:layout/>{plot}"
        f'<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="'
        f'{"maxMin" if horizontal else "minMax"}"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{cat_pos}"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>'
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800"/></a:pPr>'
        '<a:endParaRPr lang="id-ID"/></a:p></c:txPr>'
        '<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="{val_pos}"/>'
        '<c:majorGridlines><c:spPr><a:ln><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill>'
        '</a:ln></c:spPr></c:majorGridlines>'
        '<c:numFmt formatCode="#,##0" sourceLinked="0"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500000001"/><c:crosses val="'
        f'{"max" if horizontal else "autoZero"}"/><c:crossBetween val="between"/></c:valAx>'
        "</c:plotArea>")
    legend = ('<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
              if len(spec.series) > 1 or spec.reference_line is not None else "")
    return (_XML + f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
            '<c:roundedCorners val="0"/>'
            f'<c:chart><c:title>{_text(spec.title, 1200, True)}<c:overlay val="0"/></c:title>'
            f'<c:autoTitleDeleted val="0"/>{plot_area}{legend}<c:plotVisOnly val="1"/>'
            '<c:dispBlanksAs val="gap"/></c:chart>'
            '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:solidFill>'
            '<a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>'
            "</c:chartSpace>")
