"""Accueil: the hub at a glance for the chosen territory."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics.overview import overview
from analytics.period import period_progress
from components.data_access import get_bundle
from components.data_health import data_health_expander
from components.format_fr import fr_date, fr_euros, fr_int, fr_percent
from components.home_map import supply_map
from components.layout import page_header, sources_footer
from components.territory_filter import current_selection

bundle = get_bundle()
config = bundle.config
selection = current_selection(bundle)
progress = period_progress(config.start, config.months, dt.date.today())
as_of = min(dt.date.today(), progress.end)

page_header(bundle, config.name, f"{config.carrier} · {selection.label}")

figures = overview(
    bundle.actors,
    bundle.territories.communes,
    bundle.budget_lines,
    bundle.movements,
    [e.key for e in config.envelopes],
    selection,
    as_of,
)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Acteurs recensés", fr_int(figures.actors), border=True)
c2.metric(
    "Membres du réseau",
    fr_int(figures.members),
    help="Acteurs entrés dans le réseau du hub à cette date.",
    border=True,
)
c3.metric(
    "Communes avec un lieu",
    f"{fr_int(figures.communes_with_place)} / {fr_int(figures.communes)}",
    help=f"Ces communes rassemblent {fr_percent(figures.population_with_place / figures.population if figures.population else None)} de la population.",
    border=True,
)
c4.metric("Population", fr_int(figures.population), help="Population municipale (INSEE).", border=True)

c5, c6, c7 = st.columns([1, 1, 2])
status = "période terminée" if progress.finished else f"au {fr_date(as_of)}"
c5.metric(
    "Mois écoulés",
    f"{progress.months_elapsed} / {config.months}",
    help=f"Période du {fr_date(progress.start)} au {fr_date(progress.end)} ({status}).",
    border=True,
)
total = config.total_budget_cents
spent_share = figures.budget_spent_cents / total if total else 0
c6.metric(
    "Budget consommé",
    fr_percent(spent_share),
    help="Dépenses réalisées sur l'ensemble des enveloppes, quel que soit le territoire filtré.",
    border=True,
)
with c7.container(border=True):
    envelopes = " + ".join(fr_euros(e.amount_cents) for e in config.envelopes)
    st.markdown(
        f"**{fr_euros(figures.budget_spent_cents)}** dépensés et **{fr_euros(figures.budget_committed_cents)}** engagés "
        f"sur **{fr_euros(total)}** ({envelopes})."
    )
    st.progress(min(spent_share, 1.0), text=f"Dépensé : {fr_percent(spent_share)}")
    st.progress(progress.time_share, text=f"Temps écoulé : {fr_percent(progress.time_share)}")

if not selection.is_region:
    st.caption("Les montants sont ceux du hub entier ; acteurs, communes et population sont ceux du territoire choisi.")

supply_map(bundle, selection, as_of)
data_health_expander(bundle)
sources_footer(bundle)
