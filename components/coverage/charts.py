"""Plotly figures of the coverage pages: the gap ranking, need against supply, small maps.

Maps use go.Choroplethmap / go.Scattermap with the "white-bg" style: no tiles, no request to
any outside host. Names from data files are HTML-escaped before they reach hover labels.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.format_fr import fr_int, fr_number, fr_percent
from components.geo_figures import zoom_for
from components.geo_outlines import Outlines

UNDER_SERVED = "#c0392b"
NEUTRAL = "#7f8c8d"
SUPPLY = "#1f6f8b"
FONT = {"size": 13}


def esc(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value))


def _hover(row: pd.Series, threshold_km: float) -> str:
    return (
        f"<b>{esc(row['nom'])}</b><br>"
        f"Écart : {fr_number(row['score_ecart'], 0)}<br>"
        f"IFN global : {fr_number(row['ifn_total'], 1)} / 10<br>"
        f"Lieux pour 10 000 hab. : {fr_number(row['lieux_pour_10000'], 1)}<br>"
        f"Distance moyenne au lieu le plus proche : {fr_number(row['distance_moy_km'], 1)} km<br>"
        f"Population à plus de {fr_number(threshold_km)} km : {fr_percent(row['part_pop_au_dela'])}<br>"
        f"Population : {fr_int(row['population'])}"
    )


def gap_bar(top: pd.DataFrame, threshold_km: float) -> go.Figure:
    """Horizontal bars of the gap score, the largest gap at the top, each name after its rank."""
    data = top.iloc[::-1]
    colours = [UNDER_SERVED if s else NEUTRAL for s in data["sous_dote"]]
    fig = go.Figure(
        go.Bar(
            x=data["score_ecart"],
            y=[f"{r} · {esc(n)}" for r, n in zip(data["rang"], data["nom_court"])],
            orientation="h",
            marker_color=colours,
            text=[fr_number(round(v) + 0.0, 0) for v in data["score_ecart"]],
            textposition="outside",
            cliponaxis=False,
            hovertext=[_hover(r, threshold_km) for _, r in data.iterrows()],
            hoverinfo="text",
        )
    )
    fig.update_layout(
        height=max(260, 28 * len(data) + 90),
        margin={"l": 10, "r": 40, "t": 10, "b": 50},
        xaxis={"title": "Écart besoin − offre (points de centile)", "zeroline": True, "zerolinecolor": "#999"},
        yaxis={"automargin": True, "tickfont": FONT},
        separators=", ",
        showlegend=False,
        plot_bgcolor="white",
    )
    fig.update_xaxes(gridcolor="#eee")
    return fig


def need_supply_scatter(scored: pd.DataFrame, threshold_km: float, labelled: int = 10) -> go.Figure:
    """Each territory: supply index (x) against need percentile (y); the under-served quadrant
    (need above the median, supply below) is shaded; the `labelled` largest gaps show their rank
    (the same rank as in the bar chart and the table)."""
    data = scored.dropna(subset=["score_ecart"])
    pop = data["population"].astype("float64").clip(lower=1)
    sizes = 9 + 21 * np.sqrt(pop / pop.max()) if len(data) else []
    labels = [str(r) if pd.notna(r) and r <= labelled else "" for r in data["rang"]]
    fig = go.Figure()
    fig.add_shape(
        type="rect", x0=0, x1=50, y0=50, y1=100, fillcolor="rgba(192,57,43,0.08)", line={"width": 0}, layer="below"
    )
    fig.add_shape(type="line", x0=50, x1=50, y0=0, y1=100, line={"color": "#aaa", "dash": "dot", "width": 1})
    fig.add_shape(type="line", x0=0, x1=100, y0=50, y1=50, line={"color": "#aaa", "dash": "dot", "width": 1})
    fig.add_annotation(
        x=25,
        xref="x",
        y=1.0,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text="<b>Besoin élevé, offre faible</b> (quadrant sous-doté)",
        font={"color": UNDER_SERVED, "size": 13},
    )
    fig.add_trace(
        go.Scatter(
            x=data["indice_offre"],
            y=data["centile_besoin"],
            mode="markers+text",
            marker={
                "size": sizes,
                "color": [UNDER_SERVED if s else SUPPLY for s in data["sous_dote"]],
                "opacity": 0.7,
                "line": {"color": "white", "width": 1},
            },
            text=labels,
            textposition="middle right",
            textfont={"size": 12, "color": "#222"},
            hovertext=[_hover(r, threshold_km) for _, r in data.iterrows()],
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig.update_layout(
        height=540,
        margin={"l": 10, "r": 10, "t": 36, "b": 10},
        xaxis={
            "title": "Indice d'offre (0 = offre la plus faible, 100 = la plus forte)",
            "range": [-2, 102],
            "gridcolor": "#eee",
            "zeroline": False,
        },
        yaxis={
            "title": "Besoin : centile de l'IFN (100 = le plus fragile)",
            "range": [-2, 102],
            "gridcolor": "#eee",
            "zeroline": False,
        },
        plot_bgcolor="white",
        separators=", ",
    )
    return fig


def _map_layout(
    fig: go.Figure, outlines: Outlines, height: int, width: int = 700, points: pd.DataFrame | None = None
) -> go.Figure:
    """Centre and zoom on the outline (and on `points`, longitude/latitude, when given); the
    legend goes under the map."""
    if outlines.codes:
        lon0, lat0, lon1, lat1 = outlines.bounds
        if points is not None and len(points):
            lon0, lon1 = min(lon0, points["longitude"].min()), max(lon1, points["longitude"].max())
            lat0, lat1 = min(lat0, points["latitude"].min()), max(lat1, points["latitude"].max())
        center = {"lon": (lon0 + lon1) / 2, "lat": (lat0 + lat1) / 2}
        zoom = zoom_for(lon0, lat0, lon1, lat1, height - 70, width)
    else:
        center, zoom = {"lon": -2.9, "lat": 48.2}, 6.5
    fig.update_layout(
        map={"style": "white-bg", "center": center, "zoom": zoom},
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 70},
        separators=", ",
        legend={"orientation": "h", "yanchor": "top", "y": 0, "xanchor": "left", "x": 0},
        showlegend=True,
    )
    return fig


def outline_trace(outlines: Outlines, name: str, fill: str = "#eef1f4", line: str = "#8a96a3") -> go.Choroplethmap:
    codes = list(outlines.codes)
    return go.Choroplethmap(
        geojson=outlines.geojson,
        featureidkey="properties.code",
        locations=codes,
        z=[0] * len(codes),
        colorscale=[[0, fill], [1, fill]],
        showscale=False,
        marker_line_color=line,
        marker_line_width=0.8,
        hoverinfo="skip",
        name=name,
    )


def zones_blanches_map(
    background: Outlines,
    blank_outlines: Outlines,
    blank: pd.DataFrame,
    places: pd.DataFrame,
    threshold_km: float,
    height: int = 460,
    width: int = 360,
) -> go.Figure:
    """The selection's outline, the communes with no place within the threshold in red, and the
    places as dots."""
    fig = go.Figure(outline_trace(background, "Territoire"))
    if len(blank):
        hover = [
            f"<b>{esc(n)}</b> ({c})<br>{fr_int(p)} habitants<br>Lieu le plus proche : {fr_number(d, 1)} km<br>{esc(lp)}"
            for n, c, p, d, lp in zip(
                blank["nom"], blank["code_insee"], blank["population"], blank["distance_km"], blank["lieu_proche_nom"]
            )
        ]
        fig.add_trace(
            go.Choroplethmap(
                geojson=blank_outlines.geojson,
                featureidkey="properties.code",
                locations=blank["code_insee"],
                z=[1] * len(blank),
                colorscale=[[0, UNDER_SERVED], [1, UNDER_SERVED]],
                showscale=False,
                marker_line_color="white",
                marker_line_width=0.5,
                hovertext=hover,
                hoverinfo="text",
                name=f"Commune sans lieu à moins de {fr_number(threshold_km)} km",
                showlegend=True,
            )
        )
    if len(places):
        fig.add_trace(
            go.Scattermap(
                lon=places["longitude"],
                lat=places["latitude"],
                mode="markers",
                marker={"size": 4, "color": "#1f3b57", "opacity": 0.55},
                hovertext=[f"{esc(n)}<br>{esc(c)}" for n, c in zip(places["nom"], places["commune"])],
                hoverinfo="text",
                name="Lieu de médiation numérique",
            )
        )
    return _map_layout(fig, background, height, width)


MEMBER_COLOURS = {True: "#1b7837", False: "#1f3b57"}


def territory_map(
    outline: Outlines,
    places: pd.DataFrame,
    nearby: pd.DataFrame | None = None,
    context: Outlines | None = None,
    height: int = 420,
    width: int = 420,
) -> go.Figure:
    """A territory's communes (over the neighbouring communes of `context`, in white), its
    places (green: network member) and, if given, the nearest places outside it (orange)."""
    fig = go.Figure()
    if context is not None and context.codes:
        fig.add_trace(outline_trace(context, "Communes voisines", fill="#ffffff", line="#c9d0d6"))
    fig.add_trace(outline_trace(outline, "Territoire", fill="#e3e8ee", line="#4a5a6a"))
    located = places.dropna(subset=["latitude", "longitude"])
    for member, name in ((True, "Lieu membre du réseau"), (False, "Lieu non membre")):
        part = located[located["membre_reseau"].astype(bool) == member]
        if part.empty:
            continue
        fig.add_trace(
            go.Scattermap(
                lon=part["longitude"],
                lat=part["latitude"],
                mode="markers",
                marker={"size": 10, "color": MEMBER_COLOURS[member]},
                hovertext=[
                    f"<b>{esc(n)}</b><br>{esc(c)}<br>{esc(f)}"
                    for n, c, f in zip(part["nom"], part["commune"], part["typologie_famille"])
                ],
                hoverinfo="text",
                name=name,
            )
        )
    if nearby is not None and len(nearby):
        fig.add_trace(
            go.Scattermap(
                lon=nearby["longitude"],
                lat=nearby["latitude"],
                mode="markers",
                marker={"size": 11, "color": "#e67e22"},
                hovertext=[
                    f"<b>{esc(n)}</b><br>{esc(c)}<br>à {fr_number(d, 1)} km"
                    for n, c, d in zip(nearby["nom"], nearby["commune"], nearby["distance_km"])
                ],
                hoverinfo="text",
                name="Lieu le plus proche hors du territoire",
            )
        )
    return _map_layout(fig, outline, height, width, nearby)


def need_comparison_bar(table: pd.DataFrame, labels: dict[str, str], series: dict[str, str]) -> go.Figure:
    """Grouped bars: the IFN scores (rows of `table` named in `labels`) for each column of
    `table` named in `series` (territory, département, region)."""
    colours = ["#c0392b", "#7f8c8d", "#bdc3c7"]
    fig = go.Figure()
    rows = [r for r in labels if r in table.index]
    for colour, (column, name) in zip(colours, series.items()):
        if column not in table:
            continue
        values = table.loc[rows, column]
        fig.add_trace(
            go.Bar(
                x=[labels[r] for r in rows],
                y=values,
                name=esc(name),
                marker_color=colour,
                text=[fr_number(v, 1) for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x} : %{y:.1f}<extra>" + esc(name) + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"title": "Score de 0 à 10 (10 = le plus fragile)", "range": [0, 10.9], "gridcolor": "#eee"},
        xaxis={"tickfont": {"size": 12}},
        legend={"orientation": "h", "y": 1.08, "x": 0},
        plot_bgcolor="white",
        separators=", ",
    )
    return fig
