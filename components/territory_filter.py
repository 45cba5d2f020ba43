"""The sidebar territory filter (département, then EPCI, then commune), kept in the URL.

The choice is written to the query parameters `?dep=29&epci=242900314&commune=29019` on every
run (Streamlit clears them when the user changes page), and read from them when a session
starts, so that a copied link reopens the same view on any page.
"""

from __future__ import annotations

import streamlit as st

from analytics.territory.selection import (
    LEVEL_LABELS,
    Selection,
    commune_options,
    departement_options,
    epci_options,
    resolve_selection,
)
from components.links import FILTER_KEYS, selection_query
from loaders.bundle import DataBundle

KEYS = FILTER_KEYS
SELECTION_KEY = "_territory_selection"
STARTED_KEY = "_territory_from_url"


def _reset_below(*keys: str) -> None:
    for key in keys:
        st.session_state[key] = None


def _read_url_once() -> None:
    if st.session_state.get(STARTED_KEY):
        return
    for key in KEYS:
        st.session_state[key] = st.query_params.get(key) or None
    st.session_state[STARTED_KEY] = True


def _write_url(selection: Selection) -> None:
    wanted = selection_query(selection)
    for key in KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def _valid_or_none(key: str, options: dict) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = None


def render_territory_filter(bundle: DataBundle) -> Selection:
    """Render the three cascading choices; return (and keep for the pages) the selection."""
    _read_url_once()
    communes = bundle.territories.communes
    with st.sidebar:
        st.markdown("**Territoire**")
        deps = departement_options(communes)
        _valid_or_none("dep", deps)
        dep = st.selectbox(
            "Département",
            list(deps),
            format_func=deps.get,
            index=None,
            placeholder=f"Toute la région {bundle.config.region}",
            key="dep",
            on_change=_reset_below,
            args=("epci", "commune"),
        )
        epcis = epci_options(communes, dep)
        _valid_or_none("epci", epcis)
        epci = st.selectbox(
            "EPCI",
            list(epcis),
            format_func=epcis.get,
            index=None,
            placeholder="Tous les EPCI",
            key="epci",
            on_change=_reset_below,
            args=("commune",),
        )
        comms = commune_options(communes, dep, epci)
        _valid_or_none("commune", comms)
        commune = st.selectbox(
            "Commune",
            list(comms),
            format_func=comms.get,
            index=None,
            placeholder="Toutes les communes",
            key="commune",
        )
        selection = resolve_selection(communes, bundle.config.region, dep, epci, commune)
        if not selection.is_region:
            st.caption(f"{LEVEL_LABELS[selection.level]} : {selection.label}. Le lien de la page conserve ce choix.")
    _write_url(selection)
    st.session_state[SELECTION_KEY] = selection
    return selection


def current_selection(bundle: DataBundle) -> Selection:
    selection = st.session_state.get(SELECTION_KEY)
    if selection is None:
        selection = resolve_selection(bundle.territories.communes, bundle.config.region)
    return selection
