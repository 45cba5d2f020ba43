"""Download buttons for tables: CSV (UTF-8 with BOM for Excel) and XLSX, formulas neutralised."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A cell that a spreadsheet would evaluate is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with |, text cells with formulas neutralised; numbers left as numbers."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[col] = series.map(lambda v: " | ".join(map(str, v)) if isinstance(v, (list, tuple)) else v).map(neutralise_formula)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return export_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "donnees") -> bytes:
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
    row = st.container(horizontal=True)
    row.download_button(
        "Télécharger (CSV)", to_csv_bytes(frame), f"{file_stem}.csv", "text/csv", key=f"{key}-csv", icon=":material/download:"
    )
    if xlsx:
        row.download_button(
            "Télécharger (XLSX)",
            to_xlsx_bytes(frame),
            f"{file_stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}-xlsx",
            icon=":material/table_view:",
        )
