"""Plotly maps that need nothing from the internet: territory outlines filled by a value.

`go.Choroplethmap` with the built-in "white-bg" style draws no tiles and loads no world
topojson (the `go.Choropleth` geo charts fetch one from cdn.plot.ly even when hidden). The
outlines are a file this server serves (components/geo_outlines.py).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.geo_outlines import Outlines
from components.html_safety import plotly_texts


def choropleth(
    outlines: Outlines,
    values: pd.DataFrame,
    value_column: str,
    name_column: str,
    colorbar_title: str,
    hover_format: str,
    colorscale: str = "YlGnBu",
    height: int = 520,
) -> go.Figure:
    """`values` has columns code, `name_column`, `value_column`; text shown on hover is French."""
    fig = go.Figure(
        go.Choroplethmap(
            geojson=outlines.geojson,
            featureidkey="properties.code",
            locations=values["code"],
            z=values[value_column],
            text=plotly_texts(values[name_column]),
            customdata=values[["hover"]] if "hover" in values else None,
            colorscale=colorscale,
            marker_line_color="white",
            marker_line_width=0.5,
            colorbar={"title": {"text": colorbar_title, "side": "right"}, "thickness": 14, "len": 0.8},
            hovertemplate="<b>%{text}</b><br>" + hover_format + "<extra></extra>",
        )
    )
    return fitted(fig, outlines.bounds, height)


def classed_choropleth(
    outlines: Outlines,
    values: pd.DataFrame,
    positions: pd.Series,
    legend: list[tuple[str, str]],
    name_column: str,
    colorbar_title: str,
    hover_format: str,
    no_data_colour: str = "#d9d9d9",
    height: int = 520,
) -> go.Figure:
    """Territories filled by class: `positions` (0 = lowest class, -1 = no data, aligned with
    `values`) and `legend` ((label, colour) by ascending value) come from analytics.coverage.classes,
    so that the same territory has the same colour here and on the Carte. The colour bar lists
    the classes' bounds, lowest at the bottom."""
    colours = [colour for _, colour in legend]
    ticks = [label for label, _ in legend]
    z = positions.astype("int64").to_numpy()
    if (z < 0).any():
        colours, ticks, z = [no_data_colour] + colours, ["pas de donnée"] + ticks, z + 1
    n = max(len(colours), 1)
    scale = []
    for i, colour in enumerate(colours or [no_data_colour]):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    fig = go.Figure(
        go.Choroplethmap(
            geojson=outlines.geojson,
            featureidkey="properties.code",
            locations=values["code"],
            z=z,
            zmin=-0.5,
            zmax=n - 0.5,
            text=plotly_texts(values[name_column]),
            customdata=values[["hover"]] if "hover" in values else None,
            colorscale=scale,
            marker_line_color="white",
            marker_line_width=0.5,
            colorbar={
                "title": {"text": colorbar_title, "side": "right"},
                "thickness": 14,
                "len": 0.8,
                "tickvals": list(range(n)),
                "ticktext": ticks,
            },
            hovertemplate="<b>%{text}</b><br>" + hover_format + "<extra></extra>",
        )
    )
    return fitted(fig, outlines.bounds, height)


def fitted(fig: go.Figure, bounds: tuple[float, float, float, float], height: int) -> go.Figure:
    """Centre and zoom the map on the outlines' bounds, no margin, French decimal separator."""
    lon0, lat0, lon1, lat1 = bounds
    fig.update_layout(
        map={
            "style": "white-bg",
            "center": {"lon": (lon0 + lon1) / 2, "lat": (lat0 + lat1) / 2},
            "zoom": zoom_for(lon0, lat0, lon1, lat1, height),
        },
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        separators=", ",
    )
    return fig


def zoom_for(lon0: float, lat0: float, lon1: float, lat1: float, height: int, width: int = 900) -> float:
    """A web-mercator zoom level that fits the bounds in a box of about width x height pixels."""
    import math

    def lat_rad(lat):
        s = math.sin(math.radians(lat))
        return math.log((1 + s) / (1 - s)) / 2

    lon_span = max(lon1 - lon0, 1e-4) / 360
    lat_span = max(lat_rad(lat1) - lat_rad(lat0), 1e-4) / (2 * math.pi)
    # MapLibre tiles are 512 pixels wide at zoom 0.
    zoom = min(math.log2(width / 512 / lon_span), math.log2(height / 512 / lat_span))
    return max(0.0, min(zoom - 0.15, 14.0))
