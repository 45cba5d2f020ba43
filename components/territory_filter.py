"""The sidebar territory filter (département, then EPCI, then commune), kept in the URL.

The choice is written to the query parameters `?dep=29&epci=242900314&commune=29019` on every
run (Streamlit clears them when the user changes page), and read from them when a session
starts, so that a copied link reopens the same view on any page.
"""

from __future__ import annotations

import streamlit as st

from analytics.memo import per_bundle
from analytics.territory.selection import (
    LEVEL_LABELS,
    Selection,
    commune_options,
    departement_options,
    epci_options,
    resolve_selection,
)
from components.links import FILTER_KEYS, selection_query
from components.search_choice import COMMUNES, search_choice
from loaders.bundle import DataBundle

KEYS = FILTER_KEYS
SELECTION_KEY = "_territory_selection"
STARTED_KEY = "_territory_from_url"
SEARCH_KEY = "commune_search"


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


@per_bundle(maxsize=4)
def _departement_options(bundle: DataBundle) -> dict[str, str]:
    return departement_options(bundle.territories.communes)


@per_bundle(maxsize=32)
def _epci_options(bundle: DataBundle, dep: str | None) -> dict[str, str]:
    return epci_options(bundle.territories.communes, dep)


@per_bundle(maxsize=64)
def _selection(bundle: DataBundle, dep: str | None, epci: str | None, commune: str | None) -> Selection:
    return resolve_selection(bundle.territories.communes, bundle.config.region, dep, epci, commune)


@per_bundle(maxsize=32)
def _commune_options(bundle: DataBundle, dep: str | None, epci: str | None) -> dict[str, str]:
    return commune_options(bundle.territories.communes, dep, epci)


def departement_options_of(bundle: DataBundle) -> dict[str, str]:
    """The région's départements, code -> « Nom (code) », kept per data version."""
    return _departement_options(bundle)


def epci_options_of(bundle: DataBundle, dep: str | None = None) -> dict[str, str]:
    """The EPCI of a département (None: the region), code -> short name, kept per data version."""
    return _epci_options(bundle, dep)


def commune_options_of(bundle: DataBundle, dep: str | None = None, epci: str | None = None) -> dict[str, str]:
    """The communes of a département or EPCI (None: the region), code -> « Nom (code) », kept per data version."""
    return _commune_options(bundle, dep, epci)


def commune_choice(
    comms: dict[str, str],
    key: str = "commune",
    search_key: str = SEARCH_KEY,
    label: str = "Commune",
    placeholder: str = "Toutes les communes",
) -> str | None:
    """The commune: from the list when the territory holds a few hundred, else from a search
    (a few letters of the name, or the start of the INSEE code) that lists the matches."""
    return search_choice(comms, key, search_key, label, placeholder, COMMUNES)


def render_territory_filter(bundle: DataBundle) -> Selection:
    """Render the three cascading choices; return (and keep for the pages) the selection."""
    _read_url_once()
    with st.sidebar:
        st.markdown("**Territoire**")
        deps = _departement_options(bundle)
        _valid_or_none("dep", deps)
        dep = st.selectbox(
            "Département",
            list(deps),
            format_func=deps.get,
            index=None,
            placeholder=f"Toute la région {bundle.config.region}",
            key="dep",
            on_change=_reset_below,
            args=("epci", "commune", SEARCH_KEY),
        )
        epcis = _epci_options(bundle, dep)
        _valid_or_none("epci", epcis)
        epci = st.selectbox(
            "EPCI",
            list(epcis),
            format_func=epcis.get,
            index=None,
            placeholder="Tous les EPCI",
            key="epci",
            on_change=_reset_below,
            args=("commune", SEARCH_KEY),
        )
        comms = _commune_options(bundle, dep, epci)
        _valid_or_none("commune", comms)
        commune = commune_choice(comms)
        selection = _selection(bundle, dep, epci, commune)
        if not selection.is_region:
            st.caption(f"{LEVEL_LABELS[selection.level]} : {selection.label}. Le lien de la page conserve ce choix.")
    _write_url(selection)
    st.session_state[SELECTION_KEY] = selection
    return selection


def current_selection(bundle: DataBundle) -> Selection:
    selection = st.session_state.get(SELECTION_KEY)
    if selection is None:
        selection = _selection(bundle, None, None, None)
    return selection
