"""The downloadable documents: self-contained, true to the figures, no personal data."""

import datetime as dt
import re

import pytest

from analytics.evaluation.committee import committee_summary
from analytics.impact.summary import impact_summary
from analytics.territory.selection import resolve_selection
from components.documents.figures import impact_figures
from components.documents.reports import committee_snapshot, synthesis_report, synthesis_summary
from loaders.bundle import load_bundle

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")
URL = re.compile(r"https?://|//[a-z0-9-]+\.[a-z]{2,}", re.IGNORECASE)
TAGS = re.compile(r"<svg.*?</svg>|<style.*?</style>|<[^>]+>", re.DOTALL)


@pytest.fixture(scope="module")
def bundle(hub_config):
    return load_bundle(hub_config)


def visible_text(html: str) -> str:
    return TAGS.sub(" ", html)


def personal_strings(bundle) -> set[str]:
    phones = {p for p in bundle.actors["telephone"].dropna() if p}
    digits = {re.sub(r"\D", "", p) for p in phones}
    national = {"0" + d[2:] for d in digits if d.startswith("33")}
    emails = {e for values in bundle.actors["courriels"] for e in values}
    return phones | digits | national | emails


def assert_offline_and_anonymous(html: str, bundle) -> None:
    assert "<script" not in html.lower()
    assert not URL.findall(html), URL.findall(html)[:3]
    assert not EMAIL.findall(html), EMAIL.findall(html)[:3]
    assert not PHONE.findall(visible_text(html)), PHONE.findall(visible_text(html))[:3]
    leaked = [s for s in personal_strings(bundle) if s in html]
    assert leaked == []


@pytest.mark.parametrize("dep", [None, "29"])
def test_synthesis_report_shows_the_page_figures_offline_and_without_personal_data(bundle, dep):
    selection = resolve_selection(bundle.territories.communes, "Bretagne", dep)
    summary = impact_summary(bundle, selection, dt.date(2023, 9, 30))
    html = synthesis_report(bundle, summary, generated=dt.date(2023, 10, 2))
    assert html.startswith("<!DOCTYPE html>")
    for figure in impact_figures(summary, bundle.config):
        assert figure.value in html, figure.label
    assert "Situation au 30/09/2023" in html
    assert "@media print" in html
    assert html.count("<svg") == 2 + (1 if summary.funds_obtained_cents else 0)  # budget, map, funders
    assert "Engagements et dépenses : données fictives de démonstration, état au 30/09/2023." in html  # the sources
    assert (
        "Données fictives de démonstration : lieux et acteurs, activité (personnes accompagnées), financements, suivi "
        "des actions." in html
    )
    assert_offline_and_anonymous(html, bundle)
    one_page = synthesis_summary(bundle, summary, generated=dt.date(2023, 10, 2))
    for figure in impact_figures(summary, bundle.config):
        assert figure.value in one_page, figure.label
    assert 'class="one-page"' in one_page and one_page.count("<svg") == 1
    assert_offline_and_anonymous(one_page, bundle)


def test_synthesis_figures_of_the_demo(bundle):
    selection = resolve_selection(bundle.territories.communes, "Bretagne")
    summary = impact_summary(bundle, selection, dt.date(2023, 9, 30))
    values = {f.label: f.value for f in impact_figures(summary, bundle.config)}
    assert values["Membres du réseau"] == "298"
    assert values["Fonds levés"] == "340\u00a0100\u00a0€"
    assert values["Effet de levier"] == "×\u00a01,30"
    assert values["Expérimentations"] == "13"
    assert values["Zones prioritaires"] == "38\u00a0661\u00a0€"  # 38 661,05 EUR rounded to the euro
    assert values["Budget dépensé"] == "76,4\u00a0%"  # 200 610,12 / 262 500


def test_committee_snapshot_lists_what_slipped(bundle):
    selection = resolve_selection(bundle.territories.communes, "Bretagne")
    html = committee_snapshot(
        bundle,
        committee_summary(bundle, selection, dt.date(2023, 9, 30), dt.date(2023, 6, 27)),
        generated=dt.date(2023, 10, 2),
    )
    assert "Situation au 30/09/2023, comparée au 27/06/2023" in html
    assert "Guide régional de la levée de fonds" in html and "MVT-0208" in html and "MVT-0236" in html
    assert "Hors zone (anomalie)" in html
    assert html.count("<svg") == 3
    assert_offline_and_anonymous(html, bundle)


def test_untrusted_text_is_escaped(bundle):
    import dataclasses

    experiments = bundle.experiments.copy()
    experiments.loc[0, "titre"] = '<img src=x onerror="alert(1)">'
    poisoned = dataclasses.replace(bundle, experiments=experiments)
    selection = resolve_selection(bundle.territories.communes, "Bretagne")
    html = synthesis_report(poisoned, impact_summary(poisoned, selection, dt.date(2023, 9, 30)))
    assert "<img" not in html and "&lt;img src=x" in html


def test_documents_and_summary_with_empty_follow_up_files(bundle):
    """A hub that has not loaded its follow-up files yet still gets its documents."""
    import dataclasses

    from loaders.dataset_spec import empty_frame
    from loaders.schemas import SPECS

    fields = {
        "mouvements": "movements",
        "levees_fonds": "fundraising",
        "jalons": "milestones",
        "kpis": "kpis",
        "mesures_kpi": "kpi_measures",
        "evenements": "events",
        "experimentations": "experiments",
    }
    empty = dataclasses.replace(bundle, **{field: empty_frame(SPECS[key]) for key, field in fields.items()})
    selection = resolve_selection(bundle.territories.communes, "Bretagne")
    summary = impact_summary(empty, selection, dt.date(2023, 9, 30))
    assert (summary.events, summary.experiments, summary.funds_obtained_cents, summary.spent_cents) == (0, 0, 0, 0)
    assert summary.leverage == 0.0
    html = synthesis_report(empty, summary)
    assert "Fonds levés" in html and "<svg" in html
    snapshot = committee_snapshot(empty, committee_summary(empty, selection, dt.date(2023, 9, 30)))
    assert "Situation au 30/09/2023 ·" in snapshot
