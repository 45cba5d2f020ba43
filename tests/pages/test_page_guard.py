"""The last resort on every page: an unexpected exception is a French message with a reference
that the server's log also holds (with the traceback); never Streamlit's error box."""

from __future__ import annotations

import logging
import re

import pytest

import components.layout as layout
from components.page_guard import TITLE
from components.page_registry import PAGES
from tests.pages.conftest import open_app

SECRET = "détail interne à ne pas montrer"


def _broken(*args, **kwargs):
    raise RuntimeError(SECRET)


@pytest.mark.parametrize("page", ["views/accueil/page.py", "views/suivi/page.py", "views/donnees/page.py"])
def test_an_unexpected_exception_is_a_french_message_with_a_reference_in_the_log(page, monkeypatch, caplog):
    at = open_app()
    # Every page ends with its sources footer: it now fails, after the page drew its content.
    monkeypatch.setattr(layout, "sources_footer", _broken)
    with caplog.at_level(logging.ERROR, logger="hub.incidents"):
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error if e.value.startswith(f"**{TITLE}**")]
    assert len(errors) == 1, [e.value for e in at.error]
    reference = re.search(r"référence ([0-9A-F]{8})", errors[0]).group(1)
    assert "donnez cette référence à l'administrateur" in errors[0]
    assert SECRET not in errors[0] and "Traceback" not in errors[0] and "RuntimeError" not in errors[0]
    # What the page had drawn before the failure stays on screen.
    assert len(at.title) == 1
    # The server's log holds the reference, the exception and its traceback.
    records = [r for r in caplog.records if reference in r.getMessage()]
    assert len(records) == 1
    assert records[0].exc_info and str(records[0].exc_info[1]) == SECRET


def test_streamlit_control_flow_is_not_caught(monkeypatch):
    """st.stop and st.rerun are not errors: a page that stops (a store failure screen) shows
    only its own message."""
    import streamlit as st

    def stop(*args, **kwargs):
        st.info("arrêt voulu")
        st.stop()

    at = open_app()
    monkeypatch.setattr(layout, "sources_footer", stop)
    at.switch_page(PAGES[0].file).run()
    assert not at.exception and not at.error
    assert [i.value for i in at.info][-1] == "arrêt voulu"
