"""Messages that survive the rerun after an action (« Import validé… »), shown once."""

from __future__ import annotations

import streamlit as st

from components.html_safety import md_escape  # noqa: F401 - one escaping rule, re-exported for the pages

_KEY = "page-messages"
_ICONS = {
    "success": ":material/check_circle:",
    "info": ":material/info:",
    "warning": ":material/warning:",
    "error": ":material/error:",
}


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault(_KEY, []).append((kind, text))


def show_flashes() -> None:
    for kind, text in st.session_state.pop(_KEY, []):
        getattr(st, kind)(text, icon=_ICONS.get(kind))
