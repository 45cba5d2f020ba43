"""Classing values for choropleth maps: quantile classes that stay readable on skewed or few
values, and a colour-blind-safe palette.

The values are classed as they are shown (rounded to the decimals of the legend and the
tooltips), so that a territory whose tooltip reads "5,4" is in the class whose label contains
5,4. Classes are built one after the other: each takes about an equal share of the values not
yet classed, and tied values always stay in one class. So

- a big group of equal values (many communes with no place: 0) makes one class, and the other
  values are still spread over the remaining classes;
- no class is empty, and no two classes share a bound: a class reads from the step after the
  previous class's largest value to its own largest value ("4,4 – 5,4", then "5,5 – 5,8"), so
  that the labels cover every value that can be shown, or a single value ("0");
- few values give fewer classes: at most one class per distinct value and per two territories.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

# ColorBrewer YlOrRd, 6 classes (sequential, colour-blind safe, prints in grey). Dark = worse.
PALETTE_WORSE_IS_DARK = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_COLOUR = "#d9d9d9"
MIN_PER_CLASS = 2


def shown_values(values: pd.Series, decimals: int | None) -> pd.Series:
    """The values as the legend and the tooltips print them (same rounding as Python's format)."""
    v = pd.Series(values, dtype="float64")
    if decimals is None:
        return v
    return v.map(lambda x: float(f"{x:.{decimals}f}") if pd.notna(x) else np.nan)


def _next_break(rest: np.ndarray, target: int) -> float:
    """The upper bound that puts closest to `target` of the sorted `rest` in the next class,
    ties kept together (on a tie of distances, the smaller class: more classes remain)."""
    candidate = rest[target - 1]
    taken = int(np.searchsorted(rest, candidate, side="right"))
    smaller = rest[rest < candidate]
    if taken > target and smaller.size and target - smaller.size <= taken - target:
        return float(smaller[-1])
    return float(candidate)


def _steps(values: pd.Series, classes: int, decimals: int | None) -> tuple[list[float], list[float]]:
    v = np.sort(shown_values(values, decimals).dropna().to_numpy())
    if v.size == 0 or classes < 1:
        return [], []
    wanted = min(classes, len(np.unique(v)), max(1, math.ceil(v.size / MIN_PER_CLASS)))
    lows: list[float] = []
    highs: list[float] = []
    rest = v
    while rest.size and len(highs) < wanted:
        slots = wanted - len(highs)
        high = rest[-1] if slots == 1 else _next_break(rest, math.ceil(rest.size / slots))
        lows.append(float(rest[0]))
        highs.append(float(high))
        rest = rest[rest > high]
    return lows, highs


def quantile_breaks(values: pd.Series, classes: int = 6, decimals: int | None = None) -> list[float]:
    """Upper bound of each class, ascending (each one a value of the data; last = max)."""
    return _steps(values, classes, decimals)[1]


def classify(
    values: pd.Series, breaks: list[float], worse_is_high: bool = True, decimals: int | None = None
) -> pd.Series:
    """Class index 0..len(breaks)-1 (dark = worse), -1 where the value is missing.

    With worse_is_high=False (e.g. places per 10 000 inhabitants), low values get the dark
    colours: the map always reads "darker = more need or less supply".
    """
    v = shown_values(values, decimals)
    idx = np.searchsorted(np.asarray(breaks, dtype="float64"), v.fillna(0).to_numpy(), side="left")
    idx = np.minimum(idx, max(len(breaks) - 1, 0))
    if not worse_is_high:
        idx = (len(breaks) - 1) - idx
    out = pd.Series(idx, index=v.index, dtype="int64")
    out[v.isna()] = -1
    return out


def class_labels(lows: list[float], highs: list[float], fmt, step: float | None = None) -> list[str]:
    """One label per class, ascending: 'low – high', or the single value when both print alike.

    With `step` (the smallest difference the legend shows, 0.1 for one decimal), a class after
    the first starts one step above the previous class's top, so that the labels leave no gap."""
    labels = []
    for i, (low, high) in enumerate(zip(lows, highs)):
        if step is not None and i > 0:
            low = highs[i - 1] + step
        a, b = fmt(low), fmt(high)
        labels.append(a if a == b else f"{a} – {b}")
    return labels


def palette_for(n: int) -> tuple[str, ...]:
    """n colours spread over the palette, light to dark (one class: a middle colour)."""
    if n <= 0:
        return ()
    if n == 1:
        return (PALETTE_WORSE_IS_DARK[3],)
    picks = np.linspace(0, len(PALETTE_WORSE_IS_DARK) - 1, n).round().astype(int)
    return tuple(PALETTE_WORSE_IS_DARK[i] for i in picks)


@dataclass(frozen=True)
class Classes:
    lows: tuple[float, ...]  # smallest value of each class, ascending
    highs: tuple[float, ...]  # largest value of each class, ascending
    index: pd.Series  # colour index of each value (0 = lightest), -1 = no data
    palette: tuple[str, ...]  # colour of each index, light to dark
    worse_is_high: bool
    step: float | None = None  # smallest difference shown (0.1 with one decimal)

    def positions(self) -> pd.Series:
        """Class of each value by ascending value (0 = lowest values), -1 = no data."""
        if self.worse_is_high:
            return self.index.copy()
        return self.index.where(self.index < 0, len(self.highs) - 1 - self.index)

    def legend(self, fmt) -> list[tuple[str, str]]:
        """(label, colour) of each class, by ascending value."""
        labels = class_labels(list(self.lows), list(self.highs), fmt, self.step)
        colours = self.palette if self.worse_is_high else tuple(reversed(self.palette))
        return list(zip(labels, colours))


def fit_classes(values: pd.Series, worse_is_high: bool = True, decimals: int | None = 1, classes: int = 6) -> Classes:
    """Quantile classes of `values` as shown with `decimals`, their colours and each value's class."""
    lows, highs = _steps(values, classes, decimals)
    index = classify(values, highs, worse_is_high, decimals)
    step = None if decimals is None else 10.0**-decimals
    return Classes(tuple(lows), tuple(highs), index, palette_for(len(highs)), worse_is_high, step)
