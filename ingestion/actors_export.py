"""Writing actors back to the national standard "lieux de médiation numérique" v1.

The export is a data exchange file: the 32 columns of the standard in their order,
`,`-separated, multi-values joined with `|`, ISO dates, floats in their shortest exact
form. It re-imports with `load_actors` to the same values, except that a text a spreadsheet
would evaluate as a formula is written with a leading apostrophe (`'=HYPERLINK(…)`; the rule
is loaders/spreadsheet_formulas.py: the standard's phone `+33…` and numbers stay as they are),
so that a file opened in a spreadsheet never runs what a source put in a name.
Encode the returned text as UTF-8.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import numpy as np
import pandas as pd

from loaders.dataset_spec import MULTI_SEPARATOR
from loaders.lieux_standard import COLUMNS
from loaders.spreadsheet_formulas import inert_text

_LONE_CR = re.compile(r"\r(?!\n)")


def to_standard_csv(frame: pd.DataFrame) -> str:
    """The actors in the standard's 32 columns, as CSV text (header included)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    cells = {column: _column_cells(frame, column) for column in COLUMNS}
    for i in range(len(frame)):
        writer.writerow([cells[column][i] for column in COLUMNS])
    return buffer.getvalue()


def _column_cells(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame.columns:
        return [""] * len(frame)
    return [format_cell(value) for value in frame[column].tolist()]


def format_cell(value) -> str:
    """One value as the standard writes it ('' when missing), made inert for a spreadsheet."""
    return inert_text(plain_cell(value))


def plain_cell(value) -> str:
    """One value in the standard's form, as the source gave it (no apostrophe added)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return MULTI_SEPARATOR.join(plain_cell(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return np.format_float_positional(float(value), trim="-")
    # A carriage return alone would end the CSV row, unquoted: it becomes a line feed.
    return _LONE_CR.sub("\n", str(value))
