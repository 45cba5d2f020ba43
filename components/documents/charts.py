"""Static charts of the downloadable reports, drawn with matplotlib as inline SVG.

The SVG keeps its text as text (searchable, sharp when printed), carries no metadata and no
namespace URL: the report must not name any outside host. Figures are built with
`matplotlib.figure.Figure` (no pyplot global state: safe in Streamlit's threads).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap

import geopandas as gpd
import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from analytics.evaluation import follow_up as ev
from analytics.funding.money import Projection
from components.follow_up.evaluation_labels import KPI_STATUS_COLORS, MILESTONE_COLORS, MILESTONE_LABELS, action_display
from components.format_fr import fr_date, fr_number

BLUE = "#1f5f8b"
LIGHT_BLUE = "#8fb8d8"
ORANGE = "#e67e00"
GREY = "#9a9a9a"
MONTHS_SHORT = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
RC = {
    "svg.fonttype": "none",
    # Text from the data ($…$ in a title) is text, never TeX: no mathtext parsing.
    "text.parse_math": False,
    "svg.hashsalt": "hub-breton",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#888888",
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
}


def svg_of(fig: Figure) -> str:
    """The figure as an inline <svg> element without XML prolog, metadata or namespace URLs."""
    buffer = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    text = buffer.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    return text.strip()


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(RC):
        return Figure(figsize=(width, height), dpi=96)


def _euros_axis(ax) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{fr_number(v)} €"))


def _month_axis(ax, start: dt.date, end: dt.date, step: int = 3) -> None:
    ticks, labels = [], []
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        if (day.month - 1) % step == 0:
            ticks.append(pd.Timestamp(day))
            labels.append(f"{MONTHS_SHORT[day.month - 1]} {day.year}")
        day = dt.date(day.year + (day.month // 12), day.month % 12 + 1, 1)
    ax.set_xticks(ticks)
    ax.set_xticklabels(labels)
    ax.set_xlim(pd.Timestamp(start) - pd.Timedelta(days=8), pd.Timestamp(end) + pd.Timedelta(days=8))


def consumption_svg(
    series: pd.DataFrame, projection: Projection, start: dt.date, end: dt.date, title: str, height: float = 3.3
) -> str:
    """Cumulative committed and spent against the straight line of time, with the projection."""
    with matplotlib.rc_context(RC):
        fig = _figure(7.2, height)
        ax = fig.add_subplot()
        planned = int(series["prevu_centimes"].iloc[0]) / 100
        known = series.dropna(subset=["depense_cumule_centimes"])
        ax.axhline(planned, color="#555555", linewidth=0.8)
        ax.text(
            series["date"].iloc[0],
            planned,
            f" Budget prévu : {fr_number(planned)} €",
            va="bottom",
            fontsize=8,
            color="#555555",
        )
        ax.plot(
            series["date"],
            series["ligne_temps_centimes"] / 100,
            color=GREY,
            linestyle="--",
            linewidth=1.6,
            label="Droite du temps écoulé",
        )
        ax.plot(
            known["date"],
            known["engage_cumule_centimes"].astype("float64") / 100,
            color=LIGHT_BLUE,
            linewidth=1.8,
            label="Engagé (cumul)",
        )
        ax.plot(
            known["date"],
            known["depense_cumule_centimes"].astype("float64") / 100,
            color=BLUE,
            linewidth=2.4,
            label="Dépensé (cumul)",
        )
        if not projection.finished:
            ax.plot(
                [pd.Timestamp(projection.as_of), pd.Timestamp(projection.end)],
                [projection.spent_cents / 100, projection.projected_end_cents / 100],
                color=ORANGE,
                linestyle=":",
                linewidth=2.4,
                label="Projection au rythme actuel",
            )
        ax.axvline(pd.Timestamp(projection.as_of), color="#333333", linewidth=0.8, linestyle=":")
        ax.text(
            pd.Timestamp(projection.as_of),
            planned * 1.1,
            f"au {fr_date(projection.as_of)} ",
            ha="right",
            va="top",
            fontsize=8,
        )
        ax.set_ylim(0, (planned or 1) * 1.12)
        _euros_axis(ax)
        _month_axis(ax, start, end)
        ax.grid(axis="y", color="#eeeeee")
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncol=4, fontsize=8)
        ax.set_title(title)
        return svg_of(fig)


def kpi_progress_svg(kpis: pd.DataFrame, title: str) -> str:
    """One horizontal bar per KPI: its progress as a share of the progress expected at the date,
    coloured by status, with the 70 % and 90 % boundaries of the rule."""
    with matplotlib.rc_context(RC):
        frame = kpis.iloc[::-1]
        fig = _figure(7.2, 0.8 + 0.32 * len(frame))
        ax = fig.add_subplot()
        labels = [f"{r.action} · " + textwrap.shorten(str(r.libelle), 48, placeholder="…") for r in frame.itertuples()]
        ratios = [0.0 if pd.isna(r) else max(float(r), 0.0) for r in frame["ratio"]]
        shown = [min(r, 1.5) * 100 for r in ratios]
        ax.barh(labels, shown, color=[KPI_STATUS_COLORS[s] for s in frame["statut"]], height=0.6)
        for y, (value, ratio) in enumerate(zip(shown, ratios)):
            ax.text(value + 1.5, y, f"{fr_number(ratio * 100)} %", va="center", fontsize=8)
        for boundary in (ev.AT_RISK_MIN, ev.ON_TRACK_MIN):
            ax.axvline(boundary * 100, color="#555555", linewidth=0.8, linestyle="--")
        ax.axvline(100, color="#222222", linewidth=0.8)
        ax.set_xlim(0, 160)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{fr_number(v)} %"))
        ax.set_title(title)
        return svg_of(fig)


def milestones_svg(milestones: pd.DataFrame, as_of: dt.date, start: dt.date, end: dt.date, title: str) -> str:
    """Planned date (hollow diamond), actual date (dot) and the delay line of each milestone."""
    with matplotlib.rc_context(RC):
        frame = milestones.sort_values(["date_prevue", "id_jalon"], ascending=[False, False]).reset_index(drop=True)
        fig = _figure(7.2, 0.9 + 0.26 * len(frame))
        ax = fig.add_subplot()
        day = pd.Timestamp(as_of)
        for y, r in frame.iterrows():
            color = MILESTONE_COLORS[r["statut_a_date"]]
            status = r["statut_a_date"]
            stop = r["date_reelle"] if status == ev.REACHED_LATE else day if status == ev.OVERDUE else None
            if stop is not None and stop > r["date_prevue"]:
                ax.plot([r["date_prevue"], stop], [y, y], color=color, linewidth=3, solid_capstyle="butt")
            ax.plot(
                [r["date_prevue"]],
                [y],
                marker="D",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=color,
                markeredgewidth=1.6,
            )
            if pd.notna(r["date_reelle"]) and r["date_reelle"] <= day:
                ax.plot([r["date_reelle"]], [y], marker="o", markersize=5.5, color=color)
        ax.set_yticks(range(len(frame)))
        ax.set_yticklabels(
            [
                f"{action_display(r.action)} · " + textwrap.shorten(str(r.titre), 50, placeholder="…")
                for r in frame.itertuples()
            ],
            fontsize=7.5,
        )
        ax.axvline(day, color="#333333", linewidth=0.8, linestyle=":")
        _month_axis(ax, start, end)
        ax.grid(axis="x", color="#eeeeee")
        handles = [
            matplotlib.lines.Line2D(
                [], [], color=MILESTONE_COLORS[s], marker="o", linewidth=3, label=MILESTONE_LABELS[s]
            )
            for s in ev.MILESTONE_STATUSES
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.06), ncol=5, fontsize=7.5)
        ax.set_title(title)
        return svg_of(fig)


def choropleth_svg(shapes: gpd.GeoDataFrame, column: str, title: str, legend_label: str) -> str:
    """Territories filled by `column` (Lambert-93, simplified to about 300 m), with a colour bar."""
    with matplotlib.rc_context(RC):
        data = shapes.to_crs(2154)
        data = data.set_geometry(data.geometry.simplify(300))
        fig = _figure(6.4, 4.2)
        ax = fig.add_subplot()
        data.plot(
            ax=ax,
            column=column,
            cmap="Blues",
            edgecolor="white",
            linewidth=0.4,
            legend=True,
            legend_kwds={"label": legend_label, "shrink": 0.7, "format": FuncFormatter(lambda v, _: fr_number(v))},
            missing_kwds={"color": "#eeeeee"},
        )
        ax.set_axis_off()
        ax.set_title(title)
        return svg_of(fig)


def bars_svg(labels: list[str], values: list[float], title: str, value_text: list[str], color: str = BLUE) -> str:
    """Simple horizontal bars with their value written at the end."""
    with matplotlib.rc_context(RC):
        fig = _figure(7.2, 0.8 + 0.34 * len(labels))
        ax = fig.add_subplot()
        ys = list(range(len(labels)))[::-1]
        ax.barh(ys, values, color=color, height=0.6)
        top = max(values) if values else 1
        for y, v, t in zip(ys, values, value_text):
            ax.text(v + top * 0.01, y, t, va="center", fontsize=8)
        ax.set_yticks(ys)
        ax.set_yticklabels(labels)
        ax.set_xlim(0, top * 1.25 if top else 1)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fr_number(v)))
        ax.set_title(title)
        return svg_of(fig)
