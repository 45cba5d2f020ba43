"""The last resort of every page: an unexpected exception becomes a French message with a
reference, also written with its traceback to the server's log (loaders/incidents.py); a store
failure (StoreError) shows its own French message; never Streamlit's error box. Streamlit's own
control flow (st.stop, st.rerun, st.switch_page) passes through: it is not an Exception."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.html_safety import md_escape
from ingestion.store import StoreError
from loaders.incidents import incident_message, record_incident

TITLE = "Cette page n'a pas pu s'afficher entièrement."


def _address() -> str:
    try:
        return str(st.context.url or "?")
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest) the address is unknown
        return "?"


def run_guarded(run: Callable[[], None]) -> None:
    try:
        run()
    except StoreError as exc:
        # A store failure met by a page (the store damaged while it runs): its own French message,
        # what happened and what to do (ingestion.store.describe_failure, logged there).
        st.error(f"**{TITLE}**  \n{md_escape(exc)}", icon=":material/database_off:")
    except Exception as exc:  # noqa: BLE001 - the last resort: a reference, never a traceback
        reference = record_incident(f"affichage de la page {_address()}", exc)
        message = incident_message(reference, "en affichant cette page", nothing_changed=False)
        st.error(f"**{TITLE}**  \n{message}", icon=":material/report:")
