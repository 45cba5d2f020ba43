"""Plotly maps that need no tile server: territory outlines filled by a value."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely


def light_geojson(gdf: gpd.GeoDataFrame, code_column: str, precision: float = 1e-3) -> dict:
    """GeoJSON with coordinates rounded (about 100 m) and only the code as property."""
    geoms = shapely.set_precision(gdf.geometry.to_numpy(), precision, mode="valid_output")
    slim = gpd.GeoDataFrame({"code": gdf[code_column].astype(str).to_numpy()}, geometry=geoms, crs=gdf.crs)
    return json.loads(slim.to_json(drop_id=True))


def choropleth(
    geojson: dict,
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
        go.Choropleth(
            geojson=geojson,
            featureidkey="properties.code",
            locations=values["code"],
            z=values[value_column],
            text=values[name_column],
            customdata=values[["hover"]] if "hover" in values else None,
            colorscale=colorscale,
            marker_line_color="white",
            marker_line_width=0.4,
            colorbar={"title": {"text": colorbar_title, "side": "right"}, "thickness": 14, "len": 0.8},
            hovertemplate="<b>%{text}</b><br>" + hover_format + "<extra></extra>",
        )
    )
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, separators=", ")
    return fig
