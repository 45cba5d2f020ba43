"""A self-contained HTML document: inline CSS (screen and print), inline SVG charts, no script,
no link to any outside host. Every text is escaped here; callers pass plain strings."""

from __future__ import annotations

import html
from dataclasses import dataclass

CSS = """
:root { --blue: #1f5f8b; --grey: #666; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222; line-height: 1.4;
       max-width: 1020px; margin: 0 auto; padding: 24px; font-size: 14px; }
header { border-bottom: 3px solid var(--blue); margin-bottom: 16px; padding-bottom: 8px; }
header h1 { color: var(--blue); margin: 0 0 4px 0; font-size: 24px; }
header p { margin: 2px 0; color: var(--grey); }
.demo { background: #fff4e0; border-left: 4px solid #e67e00; padding: 6px 10px; margin: 8px 0; }
h2 { color: var(--blue); font-size: 18px; margin: 22px 0 8px 0; border-bottom: 1px solid #d9e4ee; padding-bottom: 3px; }
h3 { font-size: 15px; margin: 14px 0 6px 0; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.figure { border: 1px solid #d6dde4; border-radius: 6px; padding: 8px 10px; break-inside: avoid; }
.figure .label { font-size: 12px; color: var(--grey); }
.figure .value { font-size: 21px; font-weight: bold; color: var(--blue); white-space: nowrap; }
.figure .detail { font-size: 11.5px; color: #444; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 4px 0 8px 0; }
table.wide { font-size: 11.5px; }
table.wide th, table.wide td { padding: 3px 4px; }
table.wide .badge { font-size: 10.5px; padding: 1px 5px; }
th { text-align: left; background: #eef3f7; font-weight: bold; }
th, td { border-bottom: 1px solid #dde3e8; padding: 4px 6px; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
th.num { text-align: right; }
tr { break-inside: avoid; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; color: #fff; font-size: 11.5px;
         white-space: nowrap; }
.chart { margin: 6px 0 10px 0; break-inside: avoid; }
.chart svg { width: 100%; max-width: 100%; height: auto; }
.chart.narrow svg { width: 68%; }
.note { font-size: 12px; color: #444; }
.ok { color: #2e7d32; } .alert { color: #c62828; font-weight: bold; }
footer { margin-top: 24px; border-top: 1px solid #ccc; padding-top: 8px; font-size: 11.5px; color: #444; }
.side { display: grid; gap: 14px; align-items: start; }
.side > div { min-width: 0; }
.side .chart svg { width: 100%; }
@page { size: A4; margin: 13mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .figures { grid-template-columns: repeat(4, 1fr); }
  h2, h3 { break-after: avoid; }
  .chart, .figure, table { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  table.wide { font-size: 7.5pt; }
  .chart svg { width: 92%; }
  .chart.narrow svg { width: 62%; }
  .page-break { break-before: page; }
  footer { font-size: 7.5pt; }
  footer ul { columns: 2; column-gap: 18px; margin: 4px 0; }
  .side .chart svg { width: 100%; }
  .side table { font-size: 7.5pt; }
  .side th, .side td { padding: 3px 4px; }
}
@media (max-width: 700px) { .figures { grid-template-columns: repeat(2, 1fr); } }
"""


PAGE_LANDSCAPE = """@page { size: A4 landscape; margin: 10mm; }
@media print {
  .figure { padding: 4px 7px; }
  .figure .value { font-size: 15pt; }
  .figure .label, .figure .detail { font-size: 7.5pt; }
  h2 { margin: 10px 0 6px 0; }
}"""
# A document that must hold on one A4 page (the funders' summary): denser type and figures.
ONE_PAGE = """
@page { size: A4; margin: 10mm 11mm; }
@media print {
  body.one-page { font-size: 9pt; line-height: 1.25; }
  body.one-page header { margin-bottom: 6px; padding-bottom: 4px; }
  body.one-page header h1 { font-size: 16pt; }
  body.one-page h2 { font-size: 11pt; margin: 8px 0 4px 0; }
  body.one-page .figures { gap: 5px; }
  body.one-page .figure { padding: 4px 6px; }
  body.one-page .figure .value { font-size: 13pt; }
  body.one-page .figure .label, body.one-page .figure .detail { font-size: 7.5pt; }
  body.one-page .chart { margin: 2px 0 4px 0; }
  body.one-page .chart svg { width: 78%; }
  body.one-page table { font-size: 8pt; }
  body.one-page footer { margin-top: 6px; padding-top: 4px; font-size: 6.8pt; line-height: 1.2; }
  body.one-page footer ul { margin: 2px 0; padding-left: 14px; }
  body.one-page .demo { padding: 3px 8px; margin: 4px 0; font-size: 8pt; }
}
"""


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    detail: str = ""


def figures_grid(figures: list[KeyFigure], columns: int | None = None) -> str:
    cells = "".join(
        f'<div class="figure"><div class="label">{esc(f.label)}</div><div class="value">{esc(f.value)}</div>'
        + (f'<div class="detail">{esc(f.detail)}</div>' if f.detail else "")
        + "</div>"
        for f in figures
    )
    style = f' style="grid-template-columns: repeat({int(columns)}, 1fr)"' if columns else ""
    return f'<div class="figures"{style}>{cells}</div>'


def table(
    headers: list[str],
    rows: list[list],
    numeric: set[int] | None = None,
    badges: dict[int, dict[str, str]] | None = None,
    wide: bool = False,
) -> str:
    """`rows` of plain strings; columns in `numeric` are right-aligned; `badges` maps a column to
    {text: colour} to show that cell as a coloured badge."""
    numeric = numeric or set()
    badges = badges or {}
    head = "".join(
        f'<th class="num">{esc(h)}</th>' if i in numeric else f"<th>{esc(h)}</th>" for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            text = esc(value)
            if i in badges and str(value) in badges[i]:
                text = f'<span class="badge" style="background:{esc(badges[i][str(value)])}">{text}</span>'
            cells.append(f'<td class="num">{text}</td>' if i in numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    css = ' class="wide"' if wide else ""
    return (
        "<div "
        f'class="table-wrap"><table{css}><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def bullet_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def paragraph(text: str, css_class: str | None = None) -> str:
    return f'<p class="{esc(css_class)}">{esc(text)}</p>' if css_class else f"<p>{esc(text)}</p>"


def chart(svg: str, caption: str | None = None, narrow: bool = False) -> str:
    """`svg` is trusted markup produced by components.documents.charts (never data from a file)."""
    note = f'<div class="note">{esc(caption)}</div>' if caption else ""
    css = "chart narrow" if narrow else "chart"
    return f'<div class="{css}">{svg}{note}</div>'


def side_by_side(left: str, right: str, left_share: int = 45) -> str:
    """Two blocks side by side (landscape pages: a chart beside its table)."""
    return (
        f'<div class="side" style="grid-template-columns: {int(left_share)}fr {100 - int(left_share)}fr">'
        f"<div>{left}</div><div>{right}</div></div>"
    )


def section(title: str, *parts: str, page_break: bool = False) -> str:
    css = ' class="page-break"' if page_break else ""
    return f"<section{css}><h2>{esc(title)}</h2>{''.join(parts)}</section>"


def subsection(title: str, *parts: str) -> str:
    return f"<h3>{esc(title)}</h3>{''.join(parts)}"


def document(
    title: str,
    subtitle_lines: list[str],
    body_parts: list[str],
    sources: list[str],
    demo_notice: str | None = None,
    landscape: bool = False,
    one_page: bool = False,
) -> str:
    subtitle = "".join(f"<p>{esc(line)}</p>" for line in subtitle_lines)
    demo = f'<div class="demo">{esc(demo_notice)}</div>' if demo_notice else ""
    source_items = "".join(f"<li>{esc(s)}</li>" for s in sources)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        f"<style>{CSS}{PAGE_LANDSCAPE if landscape else ''}{ONE_PAGE if one_page else ''}</style></head>"
        + ('<body class="one-page">' if one_page else "<body>")
        + f"<header><h1>{esc(title)}</h1>{subtitle}{demo}</header>"
        f"<main>{''.join(body_parts)}</main>"
        f"<footer><strong>Sources des données</strong><ul>{source_items}</ul></footer>"
        "</body></html>"
    )
