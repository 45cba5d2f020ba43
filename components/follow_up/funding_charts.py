"""Plotly charts of the funding views (no geo chart: nothing is fetched from the internet)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.funding.money import Projection
from components.format_fr import fr_date, fr_euros
from components.html_safety import plotly_texts

BLUE = "#1f5f8b"
LIGHT_BLUE = "#8fb8d8"
ORANGE = "#e67e00"
GREY = "#9a9a9a"
RED = "#c62828"
FONT = {"family": "sans-serif", "size": 13}


def _layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        separators=", ",
        font=FONT,
        plot_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"namelength": -1},
        **kwargs,
    )
    fig.update_xaxes(showgrid=False, linecolor="#cccccc")
    fig.update_yaxes(gridcolor="#eeeeee", zeroline=False)
    return fig


def euros(cents) -> float:
    """Cents -> euros for a chart axis (display only, never summed)."""
    return float(cents) / 100


def consumption_chart(series: pd.DataFrame, projection: Projection, height: int = 420) -> go.Figure:
    """Cumulative committed and spent against the straight line of time, and the projection."""
    known = series.dropna(subset=["depense_cumule_centimes"])
    fig = go.Figure()
    planned = int(series["prevu_centimes"].iloc[0])
    fig.add_trace(
        go.Scatter(
            x=series["date"],
            y=[euros(planned)] * len(series),
            name=f"Budget prévu ({fr_euros(planned)})",
            mode="lines",
            line={"color": "#555555", "width": 1},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=series["date"],
            y=series["ligne_temps_centimes"].map(euros),
            name="Droite du temps écoulé",
            mode="lines",
            line={"color": GREY, "dash": "dash", "width": 2},
            customdata=[fr_euros(v) for v in series["ligne_temps_centimes"]],
            hovertemplate="%{x|%d/%m/%Y} : %{customdata}<extra>Temps écoulé</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=known["date"],
            y=known["engage_cumule_centimes"].map(euros),
            name="Engagé (cumul)",
            mode="lines+markers",
            line={"color": LIGHT_BLUE, "width": 2},
            marker={"size": 5},
            customdata=[fr_euros(v) for v in known["engage_cumule_centimes"]],
            hovertemplate="%{x|%d/%m/%Y} : %{customdata}<extra>Engagé</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=known["date"],
            y=known["depense_cumule_centimes"].map(euros),
            name="Dépensé (cumul)",
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            marker={"size": 6},
            customdata=[fr_euros(v) for v in known["depense_cumule_centimes"]],
            hovertemplate="%{x|%d/%m/%Y} : %{customdata}<extra>Dépensé</extra>",
        )
    )
    if not projection.finished:
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(projection.as_of), pd.Timestamp(projection.end)],
                y=[euros(projection.spent_cents), euros(projection.projected_end_cents)],
                name="Projection au rythme actuel",
                mode="lines+markers",
                line={"color": ORANGE, "dash": "dot", "width": 3},
                marker={"size": 7, "symbol": "diamond"},
                customdata=[fr_euros(projection.spent_cents), fr_euros(projection.projected_end_cents)],
                hovertemplate="%{x|%d/%m/%Y} : %{customdata}<extra>Projection</extra>",
            )
        )
    fig.add_vline(
        x=pd.Timestamp(projection.as_of).timestamp() * 1000, line={"color": "#333333", "width": 1, "dash": "dot"}
    )
    fig.add_annotation(
        x=pd.Timestamp(projection.as_of),
        y=1,
        yref="paper",
        text=f"au {fr_date(projection.as_of)}",
        showarrow=False,
        xanchor="right",
        yanchor="top",
        font={"size": 12, "color": "#333333"},
    )
    _layout(fig, height)
    fig.update_yaxes(title_text="euros (cumul)", tickformat=",.0f", rangemode="tozero")
    fig.update_xaxes(tickformat="%m/%Y", dtick="M2")
    return fig


def money_bars(frame: pd.DataFrame, label_column: str, height: int | None = None) -> go.Figure:
    """Horizontal bars: planned, committed and spent per row of `frame` (cents columns)."""
    data = frame.iloc[::-1]
    fig = go.Figure()
    # Horizontal grouped bars are drawn bottom-up: add the traces in reverse so that each group
    # reads planned, committed, spent from top to bottom, like the legend.
    for column, name, color in (
        ("depense_centimes", "Dépensé", BLUE),
        ("engage_centimes", "Engagé", LIGHT_BLUE),
        ("prevu_centimes", "Prévu", "#c9d9e6"),
    ):
        fig.add_trace(
            go.Bar(
                y=plotly_texts(data[label_column]),
                x=data[column].map(euros),
                name=name,
                orientation="h",
                marker_color=color,
                customdata=[fr_euros(v) for v in data[column]],
                hovertemplate="%{y} : %{customdata}<extra>" + name + "</extra>",
            )
        )
    _layout(fig, height or 90 + 70 * len(frame), barmode="group")
    fig.update_layout(legend={"traceorder": "reversed"})
    fig.update_xaxes(tickformat=",.0f", title_text="euros", gridcolor="#eeeeee", showgrid=True)
    fig.update_yaxes(automargin=True, gridcolor="rgba(0,0,0,0)")
    return fig


def amount_bars(labels: list[str], committed: list[int], spent: list[int], height: int | None = None) -> go.Figure:
    """Committed and spent (cents) per label, horizontal."""
    fig = go.Figure()
    for values, name, color in ((spent, "Dépensé", BLUE), (committed, "Engagé", LIGHT_BLUE)):
        fig.add_trace(
            go.Bar(
                y=plotly_texts(labels[::-1]),
                x=[euros(v) for v in values[::-1]],
                name=name,
                orientation="h",
                marker_color=color,
                text=[fr_euros(v) for v in values[::-1]],
                textposition="auto",
                customdata=[fr_euros(v) for v in values[::-1]],
                hovertemplate="%{y} : %{customdata}<extra>" + name + "</extra>",
            )
        )
    _layout(fig, height or 90 + 60 * len(labels), barmode="group")
    fig.update_layout(legend={"traceorder": "reversed"})
    fig.update_xaxes(tickformat=",.0f", title_text="euros", gridcolor="#eeeeee", showgrid=True)
    fig.update_yaxes(automargin=True)
    return fig


def sankey_chart(
    flows: pd.DataFrame, funder_col: str, action_col: str, territory_col: str, height: int = 520
) -> go.Figure:
    """Funders -> actions -> territories, widths in euros (from the cents column montant_centimes)."""
    funders = list(dict.fromkeys(flows[funder_col]))
    actions = list(dict.fromkeys(flows.sort_values(action_col)[action_col]))
    territories = list(dict.fromkeys(flows.sort_values(territory_col)[territory_col]))
    nodes = funders + actions + territories
    index = {("f", n): i for i, n in enumerate(funders)}
    index |= {("a", n): len(funders) + i for i, n in enumerate(actions)}
    index |= {("t", n): len(funders) + len(actions) + i for i, n in enumerate(territories)}
    first = flows.groupby([funder_col, action_col], as_index=False)["montant_centimes"].sum()
    second = flows.groupby([action_col, territory_col], as_index=False)["montant_centimes"].sum()
    sources = [index[("f", r[funder_col])] for _, r in first.iterrows()] + [
        index[("a", r[action_col])] for _, r in second.iterrows()
    ]
    targets = [index[("a", r[action_col])] for _, r in first.iterrows()] + [
        index[("t", r[territory_col])] for _, r in second.iterrows()
    ]
    values = list(first["montant_centimes"]) + list(second["montant_centimes"])
    node_totals = {}
    for s, t, v in zip(sources, targets, values):
        node_totals[t] = node_totals.get(t, 0) + v
        if s < len(funders):
            node_totals[s] = node_totals.get(s, 0) + v
    colors = [BLUE] * len(funders) + [ORANGE] * len(actions) + ["#4a8f5c"] * len(territories)
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": plotly_texts(nodes),
                "color": colors,
                "pad": 14,
                "thickness": 16,
                "customdata": [fr_euros(node_totals.get(i, 0)) for i in range(len(nodes))],
                "hovertemplate": "%{label} : %{customdata}<extra></extra>",
            },
            link={
                "source": sources,
                "target": targets,
                "value": [euros(v) for v in values],
                "customdata": [fr_euros(v) for v in values],
                "color": "rgba(31, 95, 139, 0.18)",
                "hovertemplate": "%{source.label} → %{target.label} : %{customdata}<extra></extra>",
            },
        )
    )
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": 13, "color": "#1a1a1a"},
        separators=", ",
    )
    return fig
