"""One fact, one number: the same figure is the same number on the home page, on Suivi 18 mois
(its key figures and its follow-up indicators), on Synthèse, in the committee snapshot and in the
funders' documents, at the default date and at other dates of the period."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re

import pytest

from analytics.evaluation.committee import committee_summary
from analytics.impact.summary import impact_summary
from analytics.territory.selection import resolve_selection
from components.documents.reports import committee_snapshot, synthesis_report, synthesis_summary
from loaders.actions import tab_name
from loaders.config import load_config
from tests.conftest import ROOT
from tests.pages.conftest import across_tabs, metric, open_app
from views.suivi.sections import ACTION_TABS

ACTION_LABELS = [tab_name(a.code) for a in load_config(ROOT / "hub.toml").numbered_actions]

FIGURE = re.compile(r'<div class="label">([^<]+)</div><div class="value">([^<]+)</div>')
# Follow-up indicators of the demo computed from the data, and the figure each one is.
KPI_FIGURES = {
    "Acteurs membres du réseau": "Membres du réseau",
    "Événements organisés (cumul)": "Événements",
    "Participants aux événements (cumul)": "Participants",
    "Acteurs distincts touchés par les événements": "Acteurs touchés",
    "Lieux cartographiés": "Lieux cartographiés",
    "Part des fiches complètes (téléphone, courriel, horaires)": "Fiches complètes",
    "Sources de données intégrées": "Sources intégrées",
}


def document_figures(html: str) -> dict[str, str]:
    return {html_module.unescape(label): html_module.unescape(value) for label, value in FIGURE.findall(html)}


def kpi_values(tables) -> dict[str, str]:
    out = {}
    for value in tables:
        data = value.data if hasattr(value, "data") else value
        if "Indicateur" in data.columns and "Valeur" in data.columns:
            out |= dict(zip(data["Indicateur"], data["Valeur"]))
    return out


def normalise_percent(text: str) -> str:
    """'62,6 %' (a KPI in %) and '62,6 %' (a share) are the same figure."""
    return text.replace("\u202f", "\u00a0").strip()


@pytest.mark.parametrize(
    "day", [None, dt.date(2023, 6, 27), dt.date(2022, 12, 31)], ids=["defaut", "comite-3", "mi-periode"]
)
def test_every_page_and_document_shows_the_same_number(bundle, day):
    query = {"au": day.isoformat()} if day else {}
    shown_day = day or dt.date(2023, 9, 30)  # the default: the last date the demo data cover

    home = open_app(query=query)
    suivi = open_app("views/suivi/page.py", query=query)
    synthese = open_app("views/synthese/page.py", query=query)
    assert suivi.date_input(key="suivi-as-of").value == shown_day
    assert synthese.date_input(key="synthese-as-of").value == shown_day

    region = resolve_selection(bundle.territories.communes, "Bretagne")
    snapshot = document_figures(
        committee_snapshot(
            bundle, committee_summary(bundle, region, shown_day, suivi.date_input(key="suivi-compare").value)
        )
    )
    impact = impact_summary(bundle, region, shown_day)
    one_page = document_figures(synthesis_summary(bundle, impact))
    report = document_figures(synthesis_report(bundle, impact))
    suivi_metrics, suivi_tables = across_tabs(suivi, ACTION_TABS, ACTION_LABELS)
    kpis = kpi_values(suivi_tables)

    figures = {
        "Membres du réseau": [
            metric(home, "Membres du réseau"),
            suivi_metrics["Membres du réseau"],
            metric(synthese, "Membres du réseau"),
            snapshot["Membres du réseau"],
            one_page["Membres du réseau"],
            report["Membres du réseau"],
            kpis["Acteurs membres du réseau"],
        ],
        "Lieux cartographiés": [
            metric(home, "Lieux cartographiés"),
            suivi_metrics["Lieux cartographiés"],
            metric(synthese, "Lieux cartographiés"),
            snapshot["Lieux cartographiés"],
            one_page["Lieux cartographiés"],
            kpis["Lieux cartographiés"],
        ],
        "Événements": [
            suivi_metrics["Événements organisés"],
            metric(synthese, "Événements"),
            snapshot["Événements organisés"],
            one_page["Événements"],
            kpis["Événements organisés (cumul)"],
        ],
        "Participants": [
            suivi_metrics["Participants"],
            snapshot["Participants"],
            kpis["Participants aux événements (cumul)"],
        ],
        "Acteurs touchés": [
            suivi_metrics["Acteurs touchés"],
            metric(synthese, "Acteurs touchés"),
            snapshot["Acteurs touchés"],
            one_page["Acteurs touchés"],
            kpis["Acteurs distincts touchés par les événements"],
        ],
        "Fiches complètes": [
            normalise_percent(suivi_metrics["Fiches complètes"]),
            normalise_percent(snapshot["Fiches complètes"]),
            normalise_percent(kpis["Part des fiches complètes (téléphone, courriel, horaires)"]),
        ],
        "Sources intégrées": [
            suivi_metrics["Sources intégrées"],
            snapshot["Sources intégrées"],
            kpis["Sources de données intégrées"],
        ],
        "Budget dépensé": [
            metric(home, "Budget dépensé"),
            suivi_metrics["Budget dépensé"],
            metric(synthese, "Budget dépensé"),
            snapshot["Budget dépensé"],
            one_page["Budget dépensé"],
        ],
    }
    for name, values in figures.items():
        assert len(set(values)) == 1, f"{name} au {shown_day} : {values}"
    # And they are the data's: members and events counted from the files on that date.
    members = int((bundle.actors["membre_reseau_depuis"] <= str(shown_day)).sum())
    assert figures["Membres du réseau"][0] == f"{members:,}".replace(",", "\u00a0")
    assert figures["Événements"][0] == str(int((bundle.events["date"] <= str(shown_day)).sum()))
