"""Messages that survive the rerun after an action (« Import validé… »), shown once."""

from __future__ import annotations

import streamlit as st

_KEY = "page-messages"
_ICONS = {"success": ":material/check_circle:", "info": ":material/info:", "warning": ":material/warning:", "error": ":material/error:"}


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault(_KEY, []).append((kind, text))


def show_flashes() -> None:
    for kind, text in st.session_state.pop(_KEY, []):
        getattr(st, kind)(text, icon=_ICONS.get(kind))


_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>$~:")


def md_escape(value) -> str:
    """Untrusted text (a file name, a person's name) shown literally in st.markdown/st.success."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIALS else c for c in str(value))
