"""Long tables shown a page at a time (the downloads always hold every row).

A table of 3,000 or 20,000 places sent whole into the page weighs megabytes and is read a screen
at a time anyway: the page shows PAGE_ROWS rows and a choice of which ones, in the table's order.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.format_fr import fr_int

PAGE_ROWS = 200


def page_of(frame: pd.DataFrame, key: str, page_rows: int = PAGE_ROWS) -> pd.DataFrame:
    """The rows of `frame` to show: all of them when they fit in a page, else the page chosen in
    a list drawn just above the table (« Lignes 201 à 400 sur 3 000 »)."""
    total = len(frame)
    if total <= page_rows:
        return frame
    starts = list(range(0, total, page_rows))
    start = st.selectbox(
        "Lignes affichées",
        starts,
        format_func=lambda s: f"{fr_int(s + 1)} à {fr_int(min(s + page_rows, total))} sur {fr_int(total)}",
        key=f"{key}-page",
        help=f"{fr_int(page_rows)} lignes par page, dans l'ordre du tableau ; les téléchargements contiennent toutes "
        "les lignes.",
    )
    return frame.iloc[start : start + page_rows]
