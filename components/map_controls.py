"""The map page's choices: indicator, level, marker colours and the places' filters."""

from __future__ import annotations

import streamlit as st

from analytics.actor_filters import ActorFilter
from analytics.map_indicators import IndicatorChoice
from components.map_data import LEVEL_NAMES, MapChoice
from loaders import lieux_standard as std

MOBILITY_LABELS = {"tous": "Fixes et itinérants", "fixes": "Lieux fixes", "itinerants": "Itinérants"}
MEMBERSHIP_LABELS = {"tous": "Tous les lieux", "membres": "Membres du réseau", "non_membres": "Pas encore membres"}


def map_controls(choices: list[IndicatorChoice], default_level: str) -> MapChoice:
    by_id = {c.id: c for c in choices}
    c1, c2, c3 = st.columns([3, 1.4, 1.6])
    indicator = c1.selectbox("Indicateur des territoires", list(by_id), format_func=lambda i: by_id[i].label, key="carte_indicateur")
    levels = list(LEVEL_NAMES)
    level = c2.selectbox("Maille", levels, index=levels.index(default_level), format_func=lambda v: LEVEL_NAMES[v][:1].upper() + LEVEL_NAMES[v][1:], key="carte_maille")
    colour_by = c3.radio(
        "Couleur des lieux",
        ["family", "membership"],
        format_func=lambda v: {"family": "Famille de structure", "membership": "Membre du réseau"}[v],
        horizontal=True,
        key="carte_couleur",
    )
    with st.expander("Filtrer les lieux", icon=":material/filter_alt:"):
        f1, f2 = st.columns(2)
        services = f1.multiselect("Services (au moins un)", std.SERVICES, key="carte_services", placeholder="Tous les services")
        programmes = f2.multiselect("Dispositifs nationaux (au moins un)", std.PROGRAMMES, key="carte_programmes", placeholder="Tous les dispositifs")
        publics = f1.multiselect("Publics spécifiquement accueillis", std.PUBLICS, key="carte_publics", placeholder="Tous les publics")
        frais = f2.multiselect("Frais à charge", std.FRAIS, key="carte_frais", placeholder="Gratuit ou payant")
        mobility = f1.radio("Mobilité", list(MOBILITY_LABELS), format_func=MOBILITY_LABELS.get, horizontal=True, key="carte_mobilite")
        membership = f2.radio("Réseau du hub", list(MEMBERSHIP_LABELS), format_func=MEMBERSHIP_LABELS.get, horizontal=True, key="carte_membres")
        show_actors = st.toggle("Afficher les lieux sur la carte", value=True, key="carte_lieux")
    flt = ActorFilter(tuple(services), tuple(programmes), tuple(publics), tuple(frais), mobility, membership)
    return MapChoice(by_id[indicator], level, colour_by, flt, show_actors)
