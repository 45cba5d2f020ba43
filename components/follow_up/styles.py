"""How status cells look in the follow-up tables (Suivi, Synthèse)."""

from __future__ import annotations

import pandas as pd


def status_styler(display: pd.DataFrame, columns: list[str], colours: dict[str, str]):
    """Status cells tinted with the colour of the charts."""

    def paint(value):
        colour = colours.get(value)
        if not colour:
            return ""
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return f"background-color: rgba({r}, {g}, {b}, 0.14); color: {colour}; font-weight: 600"

    return display.style.map(paint, subset=columns)
