"""Roles in AppTest: the identity app.py establishes decides the navigation and the actions.

(The sign-in itself, with a real provider, is tested in tests/browser/test_sign_in.py.)"""

from __future__ import annotations

import pytest

from components import access as ui_access
from loaders import access
from tests.pages.conftest import open_app, open_tab
from views.donnees import tabs
from views.donnees.tabs import DATA_TABS

COMMITTEE = ui_access.Identity(
    ui_access.SIGNED_IN, access.COMMITTEE, "Yann Kermarrec", "yann", "yann@prefecture.example"
)
FUNDER = ui_access.Identity(
    ui_access.SIGNED_IN, access.FUNDER, "Nolwenn Tanguy", "nolwenn", "nolwenn@financeur.example"
)


@pytest.fixture
def as_person(monkeypatch):
    def use(identity):
        monkeypatch.setattr(ui_access, "current_identity", lambda config: identity)

    return use


def test_a_funder_reads_the_synthese_from_a_bundle_without_contacts(as_person):
    """(A funder's direct address to another page is refused: tests/browser/test_sign_in.py.)"""
    import streamlit as st

    from components import data_access

    as_person(FUNDER)
    seen = []
    real = data_access.funder_view
    data_access_view = lambda bundle: seen.append(real(bundle)) or seen[-1]  # noqa: E731
    st.cache_resource.clear()
    data_access.funder_view = data_access_view
    try:
        at = open_app("views/synthese/page.py")
    finally:
        data_access.funder_view = real
    assert any(m.label == "Membres du réseau" for m in at.metric) and not at.exception
    assert seen and seen[0].actors["telephone"].isna().all()


def test_the_committee_reads_the_data_page_and_imports_nothing(as_person):
    as_person(COMMITTEE)
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.IMPORT))
    assert not at.exception
    assert not at.get("file_uploader")
    assert any("sans les modifier" in i.value.replace("\\\\", "") for i in at.info)
    open_tab(at, DATA_TABS, tabs.HISTORY)
    assert at.selectbox(key="history-dataset")  # the history is read
    assert not [b for b in at.button if b.label == "Restaurer cette version"]


def test_a_writing_action_checks_the_role_when_it_runs():
    assert ui_access.require_writer(COMMITTEE) is False
    assert ui_access.require_writer(FUNDER) is False
    staff = ui_access.Identity(ui_access.SIGNED_IN, access.STAFF, "Camille", "camille")
    assert ui_access.require_writer(staff) is True


def test_the_place_page_is_not_in_a_funders_navigation():
    """(Its address then answers a refusal: tests/browser/test_sign_in.py; the page itself hides
    contacts and authors from a funder all the same: tests/pages/test_lieu.py.)"""
    from components.page_registry import pages_for

    assert "lieu" not in [p.url_path for p in pages_for(access.FUNDER)]
    assert "lieu" in [p.url_path for p in pages_for(access.COMMITTEE)]


def test_the_committee_reads_how_many_places_to_chase_not_their_contacts(as_person):
    as_person(COMMITTEE)
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.FRESHNESS))
    assert not at.exception
    assert not [f for f in at.dataframe if "Ancienneté (mois)" in f.value.columns]
    assert any("réservée à l'équipe du hub" in i.value for i in at.info)
    at = open_app("views/territoire/page.py")
    assert not [f for f in at.dataframe if "Ancienneté (mois)" in f.value.columns]
