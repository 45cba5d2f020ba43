"""The sidebar territory filter (département, then EPCI, then commune), kept in the URL."""

from __future__ import annotations

import streamlit as st

from analytics.territory_selection import (
    LEVEL_LABELS,
    Selection,
    commune_options,
    departement_options,
    epci_options,
    resolve_selection,
)
from loaders.bundle import DataBundle

KEYS = ("dep", "epci", "commune")
SELECTION_KEY = "_territory_selection"


def _reset_below(*keys: str) -> None:
    for key in keys:
        st.session_state[key] = None


def render_territory_filter(bundle: DataBundle) -> Selection:
    """Widgets bound to the query parameters ?dep=&epci=&commune= so that a copied link
    reopens the same view; returns (and stores for the pages) the resolved selection."""
    communes = bundle.territories.communes
    region = bundle.config.region
    with st.sidebar:
        st.markdown("**Territoire**")
        deps = departement_options(communes)
        dep = st.selectbox(
            "Département",
            list(deps),
            index=None,
            format_func=deps.get,
            placeholder=f"Toute la région {region}",
            key="dep",
            bind="query-params",
            on_change=_reset_below,
            args=("epci", "commune"),
        )
        epcis = epci_options(communes, dep)
        if st.session_state.get("epci") not in (None, *epcis):
            _reset_below("epci", "commune")
        epci = st.selectbox(
            "EPCI",
            list(epcis),
            index=None,
            format_func=epcis.get,
            placeholder="Tous les EPCI",
            key="epci",
            bind="query-params",
            on_change=_reset_below,
            args=("commune",),
        )
        comms = commune_options(communes, dep, epci)
        if st.session_state.get("commune") not in (None, *comms):
            _reset_below("commune")
        commune = st.selectbox(
            "Commune",
            list(comms),
            index=None,
            format_func=comms.get,
            placeholder="Toutes les communes",
            key="commune",
            bind="query-params",
        )
        selection = resolve_selection(communes, region, dep, epci, commune)
        if not selection.is_region:
            st.caption(f"{LEVEL_LABELS[selection.level]} : {selection.label}. Le lien de la page conserve ce choix.")
    st.session_state[SELECTION_KEY] = selection
    return selection


def current_selection(bundle: DataBundle) -> Selection:
    selection = st.session_state.get(SELECTION_KEY)
    if selection is None:
        selection = resolve_selection(bundle.territories.communes, bundle.config.region)
    return selection
