"""Classing values for choropleth maps: quantile breaks and a colour-blind-safe palette."""

from __future__ import annotations

import numpy as np
import pandas as pd

# ColorBrewer YlOrRd, 6 classes (sequential, colour-blind safe, prints in grey). Dark = worse.
PALETTE_WORSE_IS_DARK = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_COLOUR = "#d9d9d9"


def quantile_breaks(values: pd.Series, classes: int = 6) -> list[float]:
    """Upper bounds of `classes` quantile classes (duplicates removed, last = max)."""
    v = pd.Series(values, dtype="float64").dropna()
    if v.empty:
        return []
    qs = np.quantile(v, np.linspace(0, 1, classes + 1)[1:])
    breaks: list[float] = []
    for q in qs:
        if not breaks or q > breaks[-1]:
            breaks.append(float(q))
    return breaks


def classify(values: pd.Series, breaks: list[float], worse_is_high: bool = True) -> pd.Series:
    """Class index 0..len(breaks)-1 (dark = worse), -1 where the value is missing.

    With worse_is_high=False (e.g. places per 10 000 inhabitants), low values get the dark
    colours: the map always reads "darker = more need or less supply".
    """
    v = pd.Series(values, dtype="float64")
    idx = np.searchsorted(np.asarray(breaks), v.fillna(0).to_numpy(), side="left")
    idx = np.minimum(idx, max(len(breaks) - 1, 0))
    if not worse_is_high:
        idx = (len(breaks) - 1) - idx
    out = pd.Series(idx, index=v.index, dtype="int64")
    out[v.isna()] = -1
    return out


def class_labels(breaks: list[float], lower: float, fmt) -> list[str]:
    """'de a à b' labels for each class, formatted by `fmt` (a number -> text function)."""
    labels, low = [], lower
    for high in breaks:
        labels.append(f"{fmt(low)} – {fmt(high)}")
        low = high
    return labels
