"""People accompanied, as the pages and documents word and show them (Fiche territoire, Synthèse).

The figures come from analytics/impact/activity.py; this module only words them in French and
lays them out. Source names come from data files: escaped before Markdown (md_escape) and HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.impact import activity as act
from analytics.impact.people import series_breakdowns, territory_breakdown
from components.downloads import download_buttons
from components.format_fr import fr_euros, fr_int, fr_number, fr_percent
from components.html_safety import md_escape
from loaders.activity_measures import BREAKDOWNS, MEASURES

NOT_ADDED = (
    "Les sources ne s'additionnent pas : une même personne peut être accompagnée par un conseiller numérique et par "
    "un aidant habilité. Chaque source est lue à sa dernière période disponible à la date de situation."
)
RATIO_DEFINITION = (
    "Rapport : dépenses de l'enveloppe des territoires prioritaires déclarées pour ce type de zone jusqu'à la date "
    "de situation, divisées par l'activité recensée par la source dans les communes de la zone (communes entières : "
    "une commune avec un QPV compte en entier). C'est un repère de l'effort du hub au regard de l'activité de la zone, "
    "pas un coût par personne : ces accompagnements ne sont pas financés par le hub. Sans dépense, sans activité ou "
    "quand la période de l'activité ne rencontre pas celle des dépenses, aucun rapport n'est donné et la raison est "
    "dite."
)
EXPERIMENT_RATIO_DEFINITION = (
    "Coût pour le hub par personne déclarée : financement du hub divisé par les personnes que l'expérimentation "
    "déclare avoir accompagnées (colonne « beneficiaires » des expérimentations). Sans personne déclarée, aucun coût "
    "par personne n'est calculé."
)


def _many(series: act.Series) -> str:
    return MEASURES[series.measure].many if series.measure in MEASURES else series.measure


def _one(series: act.Series) -> str:
    return MEASURES[series.measure].one if series.measure in MEASURES else series.measure


def value_text(figure: act.PeopleFigure) -> str:
    return "non renseigné" if figure.value is None else fr_int(round(figure.value))


def per_1000_text(figure: act.PeopleFigure) -> str:
    return "non renseigné" if figure.per_1000 is None else fr_number(figure.per_1000, 1)


def series_text(series: act.Series) -> str:
    """'Conseillers numériques : comptes rendus d'activité (ANCT), cumul au 17/07/2023' (+ fictitious)."""
    text = f"{series.source}, {act.describe_period(series)}"
    return text + (" — données fictives de démonstration" if series.fictitious else "")


def figure_detail(figure: act.PeopleFigure) -> str:
    """The sentence under a figure: what it counts, its source and period, per 1,000 inhabitants."""
    measure = MEASURES.get(figure.series.measure)
    what = measure.definition if measure else figure.series.measure
    per = "" if figure.per_1000 is None else f" ; {fr_number(figure.per_1000, 1)} pour 1 000 habitants"
    return f"{what}{per}. Source : {series_text(figure.series)}."


def headline(figures: list[act.PeopleFigure]) -> tuple[str, str]:
    """The funders' « Personnes accompagnées » figure: the first source's value, and the detail
    naming every source with its own figure (never added)."""
    known = [f for f in figures if f.value is not None]
    if not known:
        return "non renseigné", "aucune donnée d'activité pour ce territoire : importez-en sur la page Données"
    first = known[0]
    parts = [
        f"{fr_int(round(f.value))} {_many(f.series)} ({f.series.short_source}, {act.describe_period(f.series)}"
        + (", fictif" if f.series.fictitious else "")
        + ")"
        for f in known
    ]
    detail = " ; ".join(parts)
    if len(known) > 1:
        detail += " — sources non additionnées"
    if first.per_1000 is not None:
        detail = f"{fr_number(first.per_1000, 1)} pour 1 000 habitants. " + detail
    return fr_int(round(first.value)), detail


def compact_headline(figures: list[act.PeopleFigure], elsewhere: str) -> tuple[str, str]:
    """The same figure for the documents' grids of figures: its first source only; the other
    sources are counted (never added) and pointed to (`elsewhere`: « voir plus bas »,
    « voir le rapport »)."""
    known = [f for f in figures if f.value is not None]
    if not known:
        return headline(figures)
    first = known[0]
    per = "" if first.per_1000 is None else f"{fr_number(first.per_1000, 1)} pour 1 000 hab. ; "
    detail = (
        f"{per}{_many(first.series)} ({first.series.short_source}, {act.describe_period(first.series)}"
        + (", fictif" if first.series.fictitious else "")
        + ")"
    )
    others = len(known) - 1
    if others:
        plural = "s" if others > 1 else ""
        detail += f" ; + {others} source{plural} non additionnée{plural}, {elsewhere}"
    return fr_int(round(first.value)), detail


def people_metrics(figures: list[act.PeopleFigure], compared: dict[str, list[act.PeopleFigure]] | None = None) -> None:
    """One bordered metric per source and measure; its help compares per 1,000 inhabitants."""
    cols = st.columns(max(1, min(len(figures), 4)))
    for i, figure in enumerate(figures):
        comparisons = []
        for name, others in (compared or {}).items():
            other = next((o for o in others if o.series == figure.series), None)
            if other is not None and other.per_1000 is not None:
                comparisons.append(f"{name} : {fr_number(other.per_1000, 1)} pour 1 000 hab.")
        help_text = figure_detail(figure) + (" Comparaison : " + " ; ".join(comparisons) + "." if comparisons else "")
        cols[i % len(cols)].metric(
            md_escape(figure.series.column_label),
            value_text(figure),
            help=md_escape(help_text),
            border=True,
        )


def comparison_frame(figures: list[act.PeopleFigure], own: str, compared: dict[str, list[act.PeopleFigure]]):
    """One row per source and measure: the territory's value, and per 1,000 inhabitants there, in its
    département and in the region (unknown stays empty)."""
    rows = []
    for figure in figures:
        row = {
            "Mesure": figure.series.column_label,
            "Valeur": None if figure.value is None else round(figure.value),
            f"{own} : pour 1 000 hab.": None if figure.per_1000 is None else round(figure.per_1000, 1),
        }
        for name, others in compared.items():
            other = next((o for o in others if o.series == figure.series), None)
            row[f"{name} : pour 1 000 hab."] = (
                None if other is None or other.per_1000 is None else round(other.per_1000, 1)
            )
        row["Période"] = act.describe_period(figure.series)
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_table(
    figures: list[act.PeopleFigure], own: str, compared: dict[str, list[act.PeopleFigure]], key: str
) -> None:
    frame = comparison_frame(figures, own, compared)
    numbers = {
        c: st.column_config.NumberColumn(format="localized") for c in frame.columns if c not in ("Mesure", "Période")
    }
    st.dataframe(frame, hide_index=True, width="stretch", column_config=numbers, key=key)
    download_buttons(frame, key.replace("-", "_"), key=key)


def breakdown_frame(table: pd.DataFrame, title: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            title: table["libelle"].to_numpy(),
            "Valeur": table["valeur"].round(0).to_numpy(),
            "Part (%)": (100 * table["part"]).round(1).to_numpy(),
        }
    )


def breakdown_tables(bundle, figures: list[act.PeopleFigure], level: str, code, key: str) -> None:
    """Per source with breakdowns (age band, status, themes…), one small table per breakdown."""
    shown = 0
    for figure in figures:
        if figure.value is None:
            continue
        for name in series_breakdowns(bundle, figure.series):
            table = territory_breakdown(bundle, figure.series, name, level, code)
            if table.empty:
                continue
            if shown % 3 == 0:
                cols = st.columns(3)
            with cols[shown % 3]:
                st.markdown(f"**{BREAKDOWNS[name]}** · {md_escape(figure.series.column_label)}")
                frame = breakdown_frame(table, BREAKDOWNS[name])
                st.dataframe(
                    frame,
                    hide_index=True,
                    width="stretch",
                    column_config={
                        "Valeur": st.column_config.NumberColumn(format="localized"),
                        "Part (%)": st.column_config.NumberColumn(format="localized"),
                    },
                    key=f"{key}-{figure.series.key}-{name}",
                )
                download_buttons(frame, f"{key}_{figure.series.key}_{name}", key=f"{key}-{figure.series.key}-{name}")
            shown += 1


def method_caption(figures: list[act.PeopleFigure], spread: bool) -> str:
    methods = sorted({f.method for f in figures if f.value is not None})
    text = NOT_ADDED
    if methods:
        text += " Valeur du territoire : " + ", ".join(methods) + "."
    if spread:
        text += (
            " Les comptes rendus publiés par code postal sont répartis entre les communes de chaque code au prorata de "
            "leur population : les valeurs communales sont des estimations, les totaux sont exacts."
        )
    text += " Une valeur non renseignée n'est jamais comptée comme zéro."
    return text


def zone_rows(meetings: list[act.ZoneMeeting], zone_names: dict[str, str]) -> list[list[str]]:
    """Zone, hub spending, activity in its communes, its source and period, ratio or why there is none."""
    rows = []
    for m in meetings:
        activity = "non renseigné" if m.activity is None else fr_int(round(m.activity))
        if m.series is not None and m.activity is not None:
            activity = f"{activity} {_many(m.series)}"
        source = series_text(m.series) if m.series is not None else ""
        ratio = (
            f"{fr_euros(round(m.ratio_cents), force_cents=True)} du hub par {_one(m.series)} recensé"
            if m.ratio_cents is not None and m.series is not None
            else f"pas de rapport : {m.reason}"
        )
        rows.append([zone_names.get(m.zone, m.zone), fr_euros(m.spent_cents), activity, ratio, source])
    return rows


# The ratio before the (long) source, so that a narrow screen still shows it.
ZONE_HEADERS = ["Type de zone", "Dépensé par le hub", "Activité dans ses communes", "Rapport", "Source et période"]


def experiment_rows(experiments: list[act.ExperimentPeople]) -> list[list[str]]:
    from components.follow_up.evaluation_labels import EXPERIMENT_LABELS

    rows = []
    for x in experiments:
        people = "non déclaré" if x.beneficiaries is None else fr_int(x.beneficiaries)
        ratio = (
            fr_euros(round(x.ratio_cents), force_cents=True) + " par personne"
            if x.ratio_cents is not None
            else f"pas de coût par personne : {x.reason}"
        )
        rows.append(
            [x.title, x.territory, EXPERIMENT_LABELS.get(x.status, x.status), fr_euros(x.hub_cents), people, ratio]
        )
    return rows


def undeclared_sentence(count: int, others_declared: bool) -> str:
    """« 11 autres expérimentations ne déclarent aucune personne accompagnée : … »."""
    if count == 1:
        who = "Une autre expérimentation ne déclare" if others_declared else "L'expérimentation ne déclare"
    else:
        who = f"{'Les ' if not others_declared else ''}{fr_int(count)} {'autres ' if others_declared else ''}"
        who += "expérimentations ne déclarent"
    them = "elle" if count == 1 else "elles"
    return f"{who} aucune personne accompagnée : aucun coût par personne n'est calculé pour {them}."


EXPERIMENT_HEADERS = ["Expérimentation", "Territoire", "Statut", "Financement du hub", "Personnes déclarées", "Rapport"]


def share_text(part: float | None) -> str:
    return "–" if part is None else fr_percent(part)
