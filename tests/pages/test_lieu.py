"""Fiche lieu: opened by its address (?id=), found by the search box, and an unknown id."""

from __future__ import annotations

import datetime as dt

from analytics.quality.data_quality import actor_scores
from analytics.quality.freshness import GRADE_LABELS, grades
from components.format_fr import fr_percent
from tests.conftest import ROOT
from tests.pages.conftest import metric, open_app

PAGE = "views/lieu/page.py"
DEMO_DATE = dt.date(2023, 9, 30)  # the demo's vintage: its places are graded at that date


def frame_with(at, column: str):
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"aucun tableau avec la colonne « {column} »")


def test_place_by_its_address(bundle):
    place = bundle.actors.set_index("id").loc["hub-0042"]
    at = open_app(page=PAGE, query={"id": "hub-0042"})
    assert at.title[0].value == place["nom"]
    grade = grades(bundle.actors.loc[bundle.actors["id"] == "hub-0042", "date_maj"], DEMO_DATE).iloc[0]
    assert metric(at, "Fraîcheur") == GRADE_LABELS[grade]
    score = actor_scores(bundle.actors[bundle.actors["id"] == "hub-0042"], DEMO_DATE)["score"].iloc[0]
    assert metric(at, "Score de qualité") == fr_percent(score, 0)
    assert metric(at, "Sources") == str(len(place["sources"]))
    fields = frame_with(at, "Nom dans le standard").set_index("Nom dans le standard")
    assert len(fields) == 35  # the standard's 32 fields and the hub's 3
    assert fields.loc["nom", "Champ"] == "Nom" and fields.loc["nom", "Valeur"] == place["nom"]
    assert fields.loc["services", "Valeur"] == " | ".join(place["services"])
    history = frame_with(at, "Événement")
    assert history["Événement"].tolist() == ["Ajout au registre"]
    assert "La fiche au standard national" in [s.value for s in at.subheader]
    assert any("fictives" in w.value for w in at.warning)  # the demo banner


def test_unreadable_hours_are_said(bundle):
    from analytics.coverage.opening_hours import UNREADABLE, state_of

    bad = bundle.actors[bundle.actors["horaires"].map(state_of) == UNREADABLE].iloc[0]
    at = open_app(page=PAGE, query={"id": bad["id"]})
    assert metric(at, "Horaires par semaine") == "Illisibles"
    assert any("ne peuvent pas être lus" in w.value for w in at.warning)


def test_search_then_open(bundle):
    at = open_app(page=PAGE)
    at.text_input(key="lieu-recherche").input("Lannion").run()
    found = frame_with(at, "Code postal")
    expected = bundle.actors[bundle.actors["commune"] == "Lannion"]
    assert sorted(found["Lieu"]) == sorted(expected["nom"])
    assert all(link.startswith("/lieu?id=") for link in found["Fiche"])
    chosen = at.selectbox(key="lieu-choix").value
    at.button(key="lieu-ouvrir").click().run()
    assert not at.exception
    assert at.query_params["id"] in (chosen, [chosen])
    assert at.title[0].value == bundle.actors.set_index("id").loc[chosen, "nom"]


def test_unknown_id():
    at = open_app(page=PAGE, query={"id": "pas-un-lieu"})
    assert any("pas\\-un\\-lieu" in e.value for e in at.error)
    assert at.text_input(key="lieu-recherche") is not None


def test_staff_may_correct_the_record_or_ask_the_place(bundle):
    at = open_app(page=PAGE, query={"id": "hub-0042"})
    assert "Une information est fausse ?" in [s.value for s in at.subheader]
    assert any("Corriger un acteur" in m.value for m in at.markdown)
    place = bundle.actors.set_index("id").loc["hub-0042"]
    asks = [b for b in at.get("link_button") if b.proto.label == "Demander une mise à jour au lieu"]
    assert len(asks) == (1 if len(place["courriels"]) else 0)
    if asks:
        assert asks[0].proto.url.startswith("mailto:")


def _place_with_contacts(bundle):
    with_mail = bundle.actors[bundle.actors["courriels"].map(len) > 0]
    return with_mail[with_mail["telephone"].notna()].iloc[0]


def test_the_place_page_hides_contacts_and_authors_from_a_funder(bundle):
    """A funder's navigation refuses /lieu (tests/pages/test_roles.py); the page itself, run
    for a funder all the same, shows no contact field, no author and no way to correct."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from components import access as ui_access
    from loaders import access

    place = _place_with_contacts(bundle)
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    at.session_state[ui_access.IDENTITY_KEY] = ui_access.Identity(
        ui_access.SIGNED_IN, access.FUNDER, "Nolwenn Tanguy", "nolwenn", "nolwenn@financeur.example"
    )
    at.query_params["id"] = place["id"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == place["nom"]
    fields = frame_with(at, "Nom dans le standard").set_index("Nom dans le standard")
    assert fields.loc["telephone", "Valeur"] == "" and fields.loc["courriels", "Valeur"] == ""
    assert "Par" not in frame_with(at, "Événement").columns
    assert not [b for b in at.get("link_button") if b.proto.label == "Demander une mise à jour au lieu"]
    assert not any("Corriger un acteur" in m.value for m in at.markdown)
