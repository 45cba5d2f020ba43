"""Table downloads made for French Excel, formulas neutralised.

CSV: UTF-8 with BOM, `;` separator, decimal comma, values rounded as shown (euros with cents,
percents as 94,7 in a column labelled "(%)"), dates JJ/MM/AAAA, lists joined with " | ", no
thousands separator (so that Excel reads every figure as a number). XLSX: numbers stay numbers
with number formats (euros, percent, integers, dates), a bold and frozen header row, fitted
column widths, every text cell written as text. Labels and kinds come from
components/export_columns.py.

The national-standard export keeps the standard's own format and never comes here
(ingestion/standard_export.py); dataset versions are downloaded as datasets (`dataset_*_bytes`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from components.export_columns import INFERRED_PLACES, Column, Kind, column_for, is_missing, is_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_JOINER = " | "
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EUROS_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60
SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def neutralise_formula(value):
    """A cell that a spreadsheet would evaluate is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _joined(value):
    return LIST_JOINER.join(map(str, value)) if isinstance(value, (list, tuple)) else value


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with |, text cells with formulas neutralised; numbers left as numbers (for
    frames shown on screen)."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[col] = series.map(_joined).map(neutralise_formula)
    return out


# --- one value, as CSV text or as an XLSX cell -------------------------------------------------


def _scaled(value, kind: Kind) -> float | int:
    if kind.name == "euros" and kind.cents:
        return value / 100
    if kind.name == "percent":
        return 100 * value
    return value


def _fr_decimal(value: float, places: int, trim: bool = False) -> str:
    text = f"{float(value):.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")  # no "-0,0"
    return text.replace(".", ",")


def _number_text(value, kind: Kind) -> str:
    value = _scaled(value, kind)
    if kind.name == "integer":
        return _fr_decimal(value, 0)
    if kind.name in ("decimal", "euros", "percent"):
        return _fr_decimal(value, kind.places)
    # "number", or a number met in a column of another kind: rounded, no trailing zeros.
    return _fr_decimal(value, kind.places if kind.name == "number" else INFERRED_PLACES, trim=True)


def _as_date(value, kind: Kind):
    """A date (or a datetime when the kind keeps the time) for a date-like value."""
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tzinfo else value
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
        return value if kind.name == "datetime" else value.date()
    return value


def csv_text(value, kind: Kind) -> str:
    """One cell as a French CSV writes it."""
    if isinstance(value, (list, tuple)):
        return neutralise_formula(_joined(value))
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return neutralise_formula(value)
    if type(value).__name__ in ("bool", "bool_"):
        return "Oui" if value else "Non"
    if isinstance(value, dt.date):
        day = _as_date(value, kind)
        return day.strftime("%d/%m/%Y %H:%M") if isinstance(day, dt.datetime) else day.strftime("%d/%m/%Y")
    if is_number(value):
        return _number_text(value, kind)
    return neutralise_formula(str(value))


def _number_format(kind: Kind) -> str:
    if kind.name == "euros":
        return EUROS_FORMAT
    if kind.name == "percent":
        return "0%" if kind.places == 0 else "0." + "0" * kind.places + "%"
    if kind.name == "integer":
        return "#,##0"
    if kind.name == "decimal":
        return "#,##0" if kind.places == 0 else "#,##0." + "0" * kind.places
    return "General"


def _xlsx_number(value, kind: Kind):
    value = value.item() if hasattr(value, "item") else value
    if kind.name == "euros":
        return round(value / 100 if kind.cents else value, 2)
    if kind.name == "percent":
        return round(value, kind.places + 2)
    if kind.name in ("decimal", "number"):
        return round(value, kind.places)
    if kind.name == "integer":
        return int(round(value))
    return value


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise_formula(value))


def _write_cell(ws, row: int, col: int, value, kind: Kind) -> None:
    if isinstance(value, (list, tuple)):
        value = _joined(value)
    if is_missing(value) or value == "":
        return
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = _text(value)
        cell.data_type = "s"  # never a formula
    elif type(value).__name__ in ("bool", "bool_"):
        cell.value = "Oui" if value else "Non"
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        day = _as_date(value, kind)
        cell.value = day
        cell.number_format = DATETIME_FORMAT if isinstance(day, dt.datetime) else DATE_FORMAT
    elif is_number(value):
        cell.value = _xlsx_number(value, kind)
        cell.number_format = _number_format(kind) if kind.name != "text" else "General"
    else:
        cell.value = _text(str(value))
        cell.data_type = "s"


# --- whole tables ------------------------------------------------------------------------------


def _columns(frame: pd.DataFrame) -> list[Column]:
    return [column_for(name, frame.iloc[:, i]) for i, name in enumerate(frame.columns)]


def _text_rows(frame: pd.DataFrame, columns: list[Column]) -> list[list[str]]:
    values = [frame.iloc[:, i].tolist() for i in range(len(columns))]
    return [[csv_text(v, c.kind) for v, c in zip(row, columns)] for row in zip(*values)]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as French Excel opens it: UTF-8 with BOM, `;`, decimal comma, French headers."""
    columns = _columns(frame)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise_formula(c.label) for c in columns])
    writer.writerows(_text_rows(frame, columns))
    return buffer.getvalue().encode("utf-8-sig")


def _width(column: Column, texts: list[str]) -> int:
    extra = 4 if column.kind.name in ("euros", "percent", "integer", "decimal", "number") else 2
    longest = max([len(column.label), *(len(t) + extra for t in texts)]) + 1
    return max(MIN_WIDTH, min(MAX_WIDTH, longest))


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "donnees") -> bytes:
    """A table as an Excel sheet: typed cells with number formats, bold frozen header."""
    columns = _columns(frame)
    wb = Workbook()
    ws = wb.active
    ws.title = (sheet.translate(SHEET_FORBIDDEN).strip() or "donnees")[:31]
    bold = Font(bold=True)
    for j, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=_text(column.label))
        cell.data_type = "s"
        cell.font = bold
    texts = _text_rows(frame, columns)
    for i in range(len(frame)):
        for j, column in enumerate(columns):
            _write_cell(ws, i + 2, j + 1, frame.iat[i, j], column.kind)
    for j, column in enumerate(columns):
        ws.column_dimensions[get_column_letter(j + 1)].width = _width(column, [row[j] for row in texts])
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def dataset_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A dataset as its import templates are written (its own column names, `,`, UTF-8 with
    BOM), so that a downloaded version can be imported again; formulas neutralised."""
    return export_frame(frame).to_csv(index=False).encode("utf-8-sig")


def dataset_xlsx_bytes(frame: pd.DataFrame, sheet: str = "donnees") -> bytes:
    buffer = io.BytesIO()
    data = export_frame(frame)
    for col in data.columns:
        if isinstance(data[col].dtype, pd.DatetimeTZDtype):
            data[col] = data[col].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        data.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def download_buttons(frame: pd.DataFrame, file_stem: str, key: str, xlsx: bool = True) -> None:
    # A horizontal container: each button takes its natural width (columns cut the labels short
    # in narrow places, e.g. beside a map).
    # Both files are written when their button is clicked (Streamlit calls `data` then), not at
    # every run of the page (a table of 35,000 communes takes a fifth of a second to write);
    # neither click reruns the page.
    row = st.container(horizontal=True)
    row.download_button(
        "Télécharger (CSV)",
        lambda: to_csv_bytes(frame),
        f"{file_stem}.csv",
        "text/csv",
        key=f"{key}-csv",
        on_click="ignore",
        icon=":material/download:",
    )
    if xlsx:
        row.download_button(
            "Télécharger (XLSX)",
            lambda: to_xlsx_bytes(frame),
            f"{file_stem}.xlsx",
            XLSX_MIME,
            key=f"{key}-xlsx",
            on_click="ignore",
            icon=":material/table_view:",
        )
