"""Text that a spreadsheet would evaluate as a formula, found at import and made inert in exports.

A spreadsheet (Excel, LibreOffice, Google Sheets) evaluates a cell whose text starts with `=`,
`+`, `-` or `@` (and some with a tab or a line break first): a file can carry
`=HYPERLINK(…)` or `+cmd|' /C calc'!A0` in a place's name. The rule, one for the project:

- such a text is *formula-looking* unless the whole cell is a plain number (an optional sign,
  digits, an optional decimal part): the national standard's phone `+33180059880` or a
  longitude `-4.48` is read by a spreadsheet as a number, never as a formula that calls
  anything, and is left as it is (the standard requires the phone in this form);
- numbers are never touched (they are not text);
- an export writes a formula-looking text with a leading apostrophe (`'=HYPERLINK(…)`): the
  apostrophe is plain text for a CSV reader and for the national standard's validation, and
  a spreadsheet shows the text instead of evaluating it;
- at import, every formula-looking text is reported (warning, naming the row and the column);
  the data keeps the value as the file gave it.

Table downloads for French Excel (components/downloads.py) apply their own, stricter rule
(every text starting with these characters gets the apostrophe).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
NEUTRALISER = "'"


def looks_like_formula(value) -> bool:
    """A text that a spreadsheet would evaluate (see the rule above)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value)


def inert_text(value: str) -> str:
    """The text as an export writes it: a leading apostrophe when it looks like a formula."""
    return NEUTRALISER + value if looks_like_formula(value) else value


def _items(value) -> list:
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return [value]


def formula_cells(frame: pd.DataFrame, columns=None) -> pd.DataFrame:
    """Every formula-looking text of `frame` (a text cell, or one value of a list cell).

    Columns: `index` (the frame's index label), `colonne`, `valeur`; in the frame's order."""
    rows = []
    names = [
        c
        for c in (columns if columns is not None else frame.columns)
        if c in frame.columns and not str(c).startswith("_")
    ]
    for column in names:
        series = frame[column]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series)):
            continue
        for index, value in series.items():
            for item in _items(value):
                if looks_like_formula(item):
                    rows.append({"index": index, "colonne": column, "valeur": item})
    out = pd.DataFrame(rows, columns=["index", "colonne", "valeur"])
    if len(out):
        position = {label: i for i, label in enumerate(frame.index)}
        out = (
            out.assign(_p=out["index"].map(position))
            .sort_values(["_p"], kind="stable")
            .drop(columns="_p")
            .reset_index(drop=True)
        )
    return out
