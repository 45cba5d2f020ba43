"""Fiche lieu: one place of the base (`/lieu?id=hub-0042`), everything known about it."""

from __future__ import annotations

import streamlit as st

from analytics.coverage import opening_hours as oh
from components import links
from components.access import page_identity
from components.data_access import get_bundle, get_bundle_and_versions, get_store
from components.freshness import CHASERS, freshness_date
from components.html_safety import md_escape
from components.layout import empty_state, page_header, sources_footer
from ingestion.actor_registry import current_records
from ingestion.place_history import place_records, store_history
from ingestion.store import ACTOR_RECORDS
from loaders import access
from loaders import lieux_standard as std
from views.lieu.sections import (
    correction_section,
    criteria_of,
    fields_section,
    history_section,
    hours_section,
    key_figures,
    place_search,
    quality_section,
    sources_section,
    territory_section,
)

_, versions = get_bundle_and_versions()
bundle = get_bundle()  # a funder's has no contact field (the page is not in a funder's navigation anyway)
identity = page_identity()
funder = identity.role == access.FUNDER
store = get_store()
actors = bundle.actors
place_id = st.query_params.get(links.PLACE_ID)
found = actors[actors["id"].astype(object) == place_id] if place_id else actors.iloc[0:0]

if found.empty:
    page_header(bundle, "Fiche lieu", page="lieu")
    if empty_state(bundle, ("acteurs",), "Aucun lieu chargé"):
        st.stop()
    if place_id:
        st.error(
            f"Aucun lieu de la base n'a l'identifiant « {md_escape(place_id[:80])} » (il a pu être retiré ou fusionné "
            "avec un autre lieu). Cherchez-le ci-dessous.",
            icon=":material/error:",
        )
    else:
        st.info("Cherchez un lieu par son nom, sa commune ou son code postal.", icon=":material/info:")
    place_search(bundle)
    sources_footer(bundle, "lieu")
    st.stop()

place = found.iloc[0]
typology = ", ".join(std.TYPOLOGIES.get(t, t) for t in place["typologie"]) or "typologie non renseignée"
page_header(bundle, str(place["nom"]), f"{place['commune']} · {typology} · {place['id']}", page="lieu")
with st.expander("Chercher un autre lieu", icon=":material/search:"):
    place_search(bundle, key="autre-lieu")

as_of, reason = freshness_date(bundle)
now = oh.local_now()
week = oh.week_of(place["horaires"], now.date())
score, criteria = criteria_of(actors, found.index[0], as_of)
records_id = versions.get(ACTOR_RECORDS)
records = current_records(store, actors, versions.get("acteurs"), store.version(records_id) if records_id else None)
own = place_records(records, place["id"])

key_figures(place, as_of, score, week, len(place["sources"]))
st.caption(f"Fraîcheur mesurée au {as_of:%d/%m/%Y} ({reason}).")
left, right = st.columns(2)
with left:
    territory_section(bundle, place)
    hours_section(place, week, now)
with right:
    quality_section(place, criteria)
fields_section(place)
sources_section(own, place)
history_section(store_history(store, str(place["id"]), list(own["id"])), place, authors=not funder)
correction_section(place, writer=identity.can_write, staff=identity.role in CHASERS)
sources_footer(bundle, "lieu")
