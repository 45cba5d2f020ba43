"""Accueil: the hub at a glance for the chosen territory."""

from __future__ import annotations

import streamlit as st

from analytics.evaluation.period import period_progress
from analytics.impact.figures import hub_figures
from analytics.impact.overview import communes_with_place
from components.data_access import get_bundle
from components.documents.figures import places_detail, whole_euros
from components.evaluation_dates import shown_as_of
from components.format_fr import fr_date, fr_int, fr_percent
from components.layout import empty_state, page_header, sources_footer
from components.territory_filter import current_selection
from views.accueil.data_health import data_health_expander
from views.accueil.home_map import supply_map

bundle = get_bundle()
config = bundle.config
selection = current_selection(bundle)

page_header(bundle, config.name, f"{config.carrier} · {selection.label}", page="")
dates = shown_as_of(bundle)
as_of = dates.as_of
progress = period_progress(config.start, config.months, as_of)
figures = hub_figures(bundle, selection, as_of)
communes = communes_with_place(bundle, selection, as_of)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Lieux cartographiés", fr_int(figures.places), help=places_detail(figures) + ".", border=True)
c2.metric(
    "Membres du réseau",
    fr_int(figures.members),
    help=f"Lieux entrés dans le réseau du hub au plus tard le {fr_date(as_of)}.",
    border=True,
)
c3.metric(
    "Communes avec un lieu",
    f"{fr_int(communes.with_place)} / {fr_int(communes.communes)}",
    help=(
        f"Communes où au moins un lieu cartographié au {fr_date(as_of)} est installé ; elles rassemblent "
        f"{fr_percent(communes.population_share)} de la population."
    ),
    border=True,
)
c4.metric("Population", fr_int(communes.population), help="Population municipale (INSEE).", border=True)

c5, c6, c7 = st.columns([1, 1, 2])
status = "période terminée" if progress.finished else f"au {fr_date(as_of)}"
c5.metric(
    "Mois écoulés",
    f"{progress.months_elapsed} / {config.months}",
    help=f"Période du {fr_date(progress.start)} au {fr_date(progress.end)} ({status}).",
    border=True,
)
money = figures.money
c6.metric(
    "Budget dépensé",
    fr_percent(money.spent_share),
    help="Dépenses réalisées sur les enveloppes de la convention, quel que soit le territoire filtré.",
    border=True,
)
with c7.container(border=True):
    envelopes = " + ".join(whole_euros(e.amount_cents) for e in config.envelopes)
    st.markdown(
        f"**{whole_euros(money.spent_cents)}** dépensés et **{whole_euros(money.committed_cents)}** engagés "
        f"sur **{whole_euros(money.convention_cents)}** ({envelopes})."
    )
    st.progress(min(money.spent_share or 0.0, 1.0), text=f"Dépensé : {fr_percent(money.spent_share)}")
    st.progress(progress.time_share, text=f"Temps écoulé : {fr_percent(progress.time_share)}")

if not selection.is_region:
    st.caption("Les montants sont ceux du hub entier ; lieux, communes et population sont ceux du territoire choisi.")

empty_state(bundle, ("lignes_budget", "mouvements"), "Aucune ligne de budget ni aucun mouvement chargé")
if not empty_state(bundle, ("acteurs",), "Aucun lieu chargé"):
    supply_map(bundle, selection, as_of)
data_health_expander(bundle)
sources_footer(bundle, page="")
