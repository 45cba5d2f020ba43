"""Synthèse: the funders' figures as of a date, the report button, no personal data."""

import datetime as dt
import re

import pandas as pd

from components.format_fr import fr_euros, fr_int, fr_number, fr_percent
from tests.pages.conftest import metric, open_app

PAGE = "views/synthese/page.py"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")


def rounded_euros(cents: int) -> str:
    return fr_euros((cents + 50) // 100 * 100)


def page_text(at) -> str:
    parts = [m.label + " " + m.value for m in at.metric]
    parts += [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.error)]
    parts += [d.value.to_csv() for d in at.dataframe]
    return "\n".join(parts)


def test_key_figures_at_the_default_date(bundle):
    at = open_app(page=PAGE)
    actors = bundle.actors
    assert metric(at, "Lieux cartographiés") == fr_int(len(actors))
    assert metric(at, "Membres du réseau") == fr_int(actors["membre_reseau_depuis"].notna().sum())
    assert metric(at, "Événements") == fr_int(len(bundle.events))
    assert metric(at, "Fonds levés") == "340\u00a0100\u00a0€"
    assert metric(at, "Effet de levier") == "×\u00a01,30"
    moves = bundle.movements.merge(bundle.budget_lines[["id_ligne", "enveloppe"]], on="id_ligne")
    spent = moves[(moves["nature"] == "depense") & moves["enveloppe"].isin(["socle", "territoires_prioritaires"])][
        "montant_centimes"
    ].sum()
    assert metric(at, "Budget dépensé") == fr_percent(spent / 26_250_000)
    tp = moves[(moves["nature"] == "depense") & (moves["enveloppe"] == "territoires_prioritaires")][
        "montant_centimes"
    ].sum()
    assert metric(at, "Zones prioritaires") == rounded_euros(int(tp))
    # The two documents first; then the tables' own downloads (people accompanied by age band…).
    assert [b.label for b in at.get("download_button")][:2] == [
        "Télécharger la synthèse d'une page (HTML imprimable)",
        "Télécharger le rapport pour les financeurs (HTML imprimable)",
    ]
    actions = at.dataframe[0].value
    assert list(actions["Statut"][:3]) == ["À surveiller", "En retard", "En retard"]


def test_moving_the_as_of_date(bundle):
    at = open_app(page=PAGE)
    day = dt.date(2022, 12, 31)
    at.date_input(key="synthese-as-of").set_value(day).run()
    assert not at.exception
    members = (bundle.actors["membre_reseau_depuis"] <= pd.Timestamp(day)).sum()
    assert metric(at, "Membres du réseau") == fr_int(members)
    assert metric(at, "Événements") == fr_int((bundle.events["date"] <= pd.Timestamp(day)).sum())
    f = bundle.fundraising
    obtained = f[(f["statut"] == "obtenue") & (f["date_decision"] <= pd.Timestamp(day))][
        "montant_obtenu_centimes"
    ].sum()
    assert metric(at, "Fonds levés") == rounded_euros(int(obtained))
    assert metric(at, "Effet de levier") == "×\u00a0" + fr_number(obtained / 26_250_000, 2)
    assert any("Situation au 31/12/2022" in m.value for m in at.markdown)


def test_territory_filter(bundle):
    at = open_app(page=PAGE, query={"dep": "35"})
    actors = bundle.actors[bundle.actors["code_departement"] == "35"]
    assert metric(at, "Lieux cartographiés") == fr_int(len(actors))
    assert metric(at, "Membres du réseau") == fr_int(actors["membre_reseau_depuis"].notna().sum())
    assert "Effet de levier" not in [m.label for m in at.metric]


def test_no_personal_data_on_the_page(bundle):
    at = open_app(page=PAGE)
    text = page_text(at)
    assert not EMAIL.findall(text)
    assert not PHONE.findall(text)
    for phone in bundle.actors["telephone"].dropna():
        assert phone not in text
