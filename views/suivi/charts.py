"""Plotly charts of the 18-month follow-up: KPI trajectories, milestone timeline, network and
database series."""

from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
import plotly.graph_objects as go

from analytics.evaluation import follow_up as ev
from components.follow_up.evaluation_labels import (
    EVENT_TYPE_LABELS,
    KPI_STATUS_COLORS,
    KPI_STATUS_LABELS,
    MILESTONE_COLORS,
    MILESTONE_LABELS,
    action_display,
    fr_kpi_value,
)
from components.follow_up.funding_charts import BLUE, GREY, LIGHT_BLUE, ORANGE, _layout
from components.format_fr import fr_date
from components.html_safety import plotly_text

MONTH_TICKS = {"tickformat": "%m/%Y", "dtick": "M3"}


def _as_of_line(fig: go.Figure, as_of: dt.date, label: str | None = None, bottom: bool = False) -> None:
    fig.add_vline(x=pd.Timestamp(as_of).timestamp() * 1000, line={"color": "#333333", "width": 1, "dash": "dot"})
    if label:
        fig.add_annotation(
            x=pd.Timestamp(as_of),
            y=0 if bottom else 1,
            yref="paper",
            text=label + " ",
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            font={"size": 11, "color": "#333333"},
            bgcolor="rgba(255,255,255,0.85)",
        )


def kpi_chart(
    kpi: pd.Series,
    measures: pd.DataFrame,
    start: dt.date,
    months: int,
    as_of: dt.date,
    compare: dt.date | None = None,
    height: int = 280,
) -> go.Figure:
    """The target trajectory (baseline, intermediate targets, final target), the measures up to
    the as-of date, and the target expected on that date."""
    points = ev.target_points(kpi, start, months)
    unit = kpi["unite"]
    known = measures[(measures["id_kpi"] == kpi["id_kpi"]) & (measures["date"] <= pd.Timestamp(as_of))].sort_values(
        "date"
    )
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[pd.Timestamp(d) for d, _ in points],
            y=[v for _, v in points],
            name="Trajectoire cible",
            mode="lines+markers",
            line={"color": GREY, "dash": "dash", "width": 2},
            marker={"size": 7, "symbol": "square"},
            customdata=[fr_kpi_value(v, unit) for _, v in points],
            hovertemplate="%{x|%d/%m/%Y} : %{customdata}<extra>Cible</extra>",
        )
    )
    baseline = pd.DataFrame({"date": [pd.Timestamp(start)], "valeur": [float(kpi["valeur_initiale"])]})
    series = pd.concat([baseline, known[["date", "valeur"]]], ignore_index=True)
    color = KPI_STATUS_COLORS.get(kpi["statut"], BLUE)
    fig.add_trace(
        go.Scatter(
            x=series["date"],
            y=series["valeur"],
            name="Mesuré",
            mode="lines+markers",
            line={"color": color, "width": 3},
            marker={"size": 5},
            customdata=[fr_kpi_value(v, unit) for v in series["valeur"]],
            hovertemplate="%{x|%d/%m/%Y} : %{customdata}<extra>Mesuré</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[pd.Timestamp(as_of)],
            y=[kpi["cible_a_date"]],
            name="Attendu à la date",
            mode="markers",
            marker={"size": 11, "symbol": "diamond-open", "color": "#333333", "line": {"width": 2}},
            customdata=[fr_kpi_value(kpi["cible_a_date"], unit)],
            hovertemplate="Attendu au %{x|%d/%m/%Y} : %{customdata}<extra></extra>",
        )
    )
    _as_of_line(fig, as_of)
    if compare is not None:
        fig.add_vline(x=pd.Timestamp(compare).timestamp() * 1000, line={"color": "#999999", "width": 1, "dash": "dot"})
    title = f"{plotly_text(kpi['libelle'])} · <span style='color:{color}'>{KPI_STATUS_LABELS[kpi['statut']]}</span>"
    _layout(fig, height, title={"text": title, "font": {"size": 14}, "x": 0, "xanchor": "left"}, showlegend=False)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10})
    fig.update_xaxes(**MONTH_TICKS)
    fig.update_yaxes(tickformat=",.0f", ticksuffix={"%": " %", "€": " €"}.get(unit, ""), rangemode="tozero")
    return fig


def milestones_chart(milestones: pd.DataFrame, as_of: dt.date, start: dt.date, end: dt.date) -> go.Figure:
    """One row per milestone: planned date (hollow diamond), actual date (dot), a line for the
    delay; an overdue milestone's line runs from its planned date to the as-of date, in red."""
    frame = milestones.sort_values(["date_prevue", "id_jalon"]).reset_index(drop=True)
    labels = [
        plotly_text(f"{action_display(r.action)} · " + textwrap.shorten(str(r.titre), 55, placeholder="…"))
        for r in frame.itertuples()
    ]
    fig = go.Figure()
    day = pd.Timestamp(as_of)
    for status in ev.MILESTONE_STATUSES:
        part = frame[frame["statut_a_date"] == status]
        if part.empty:
            continue
        color = MILESTONE_COLORS[status]
        ys = [labels[i] for i in part.index]
        xs_line, ys_line = [], []
        for i, r in part.iterrows():
            end_day = r["date_reelle"] if status in (ev.REACHED_LATE,) else day if status == ev.OVERDUE else None
            if end_day is not None and end_day > r["date_prevue"]:
                xs_line += [r["date_prevue"], end_day, None]
                ys_line += [labels[i], labels[i], None]
        if xs_line:
            fig.add_trace(
                go.Scatter(
                    x=xs_line,
                    y=ys_line,
                    mode="lines",
                    line={"color": color, "width": 4},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part["date_prevue"],
                y=ys,
                mode="markers",
                name=MILESTONE_LABELS[status],
                marker={"symbol": "diamond-open", "size": 11, "color": color, "line": {"width": 2}},
                customdata=[
                    [
                        fr_date(r.date_prevue),
                        fr_date(r.date_reelle) if pd.notna(r.date_reelle) and r.date_reelle <= day else "–",
                        MILESTONE_LABELS[status],
                    ]
                    for r in part.itertuples()
                ],
                hovertemplate=(
                    "%{y}<br>Prévu : %{customdata[0]}<br>Réalisé : %{customdata[1]}<br>%{customdata[2]}<extra></extra>"
                ),
            )
        )
        done = part[part["date_reelle"].notna() & (part["date_reelle"] <= day)]
        if not done.empty:
            fig.add_trace(
                go.Scatter(
                    x=done["date_reelle"],
                    y=[labels[i] for i in done.index],
                    mode="markers",
                    showlegend=False,
                    marker={"symbol": "circle", "size": 10, "color": color},
                    hoverinfo="skip",
                )
            )
    _as_of_line(fig, as_of, f"au {fr_date(as_of)}", bottom=True)
    _layout(fig, 120 + 26 * len(frame))
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], automargin=True, gridcolor="#f3f3f3")
    fig.update_xaxes(
        range=[pd.Timestamp(start) - pd.Timedelta(days=10), pd.Timestamp(end) + pd.Timedelta(days=10)],
        showgrid=True,
        gridcolor="#eeeeee",
        **MONTH_TICKS,
    )
    fig.update_layout(
        legend={"orientation": "h", "y": -0.04, "yanchor": "top", "x": 0}, margin={"l": 10, "r": 10, "t": 30, "b": 10}
    )
    fig.update_xaxes(side="top")
    return fig


def lines_chart(
    series: pd.DataFrame,
    columns: dict[str, str],
    as_of: dt.date,
    y_title: str,
    percent: bool = False,
    height: int = 320,
) -> go.Figure:
    """Lines over time: `columns` maps a column of `series` to its French name."""
    colors = [BLUE, ORANGE, "#4a8f5c", LIGHT_BLUE]
    fig = go.Figure()
    for (column, name), color in zip(columns.items(), colors):
        values = series[column] * (100 if percent else 1)
        fig.add_trace(
            go.Scatter(
                x=series["date"],
                y=values,
                name=name,
                mode="lines+markers",
                line={"color": color, "width": 3},
                marker={"size": 5},
                hovertemplate="%{x|%d/%m/%Y} : %{y:,.1f}" + (" %" if percent else "") + "<extra>" + name + "</extra>"
                if percent
                else "%{x|%d/%m/%Y} : %{y:,.0f}<extra>" + name + "</extra>",
            )
        )
    _as_of_line(fig, as_of)
    _layout(fig, height)
    fig.update_yaxes(
        title_text=y_title, rangemode="tozero", ticksuffix=" %" if percent else "", range=[0, 100] if percent else None
    )
    fig.update_xaxes(**MONTH_TICKS)
    return fig


def events_chart(by_month: pd.DataFrame, height: int = 320) -> go.Figure:
    """Events per month, stacked by type; participants in the hover."""
    fig = go.Figure()
    palette = [BLUE, ORANGE, "#4a8f5c", LIGHT_BLUE, "#8e6bb8"]
    for (event_type, label), color in zip(EVENT_TYPE_LABELS.items(), palette):
        part = by_month[by_month["type"] == event_type]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["mois"],
                y=part["evenements"],
                name=label,
                marker_color=color,
                customdata=part["participants"],
                hovertemplate="%{x|%m/%Y} : %{y} événement(s), %{customdata} participants<extra>" + label + "</extra>",
            )
        )
    _layout(fig, height, barmode="stack")
    fig.update_yaxes(title_text="événements par mois", dtick=1)
    fig.update_xaxes(**MONTH_TICKS)
    return fig
