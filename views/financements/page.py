"""Financements: where the money went, against time, and what it levered."""

from __future__ import annotations

import streamlit as st

from analytics.impact.summary import flows_for
from components.data_access import get_bundle
from components.evaluation_dates import as_of_picker
from components.format_fr import fr_date
from components.layout import empty_state, page_header, sources_footer
from components.territory_filter import current_selection
from views.financements import sections

bundle = get_bundle()
config = bundle.config
selection = current_selection(bundle)

page_header(
    bundle,
    "Financements",
    f"Période du {fr_date(config.start)} au {fr_date(config.end)} · {selection.label}",
    page="financements",
)
dates = as_of_picker(bundle, "financements")

no_budget = empty_state(bundle, ("lignes_budget", "mouvements"), "Aucune ligne de budget ni aucun mouvement chargé")
if not no_budget:
    sections.envelopes_section(bundle, dates.as_of)
    sections.breakdown_section(bundle, dates.as_of)
    sections.time_section(bundle, dates.as_of)
    sections.priority_section(bundle, selection, dates.as_of)
if not empty_state(bundle, ("levees_fonds",), "Aucune levée de fonds chargée"):
    sections.fundraising_section(bundle, selection, dates.as_of)
if not no_budget:
    sections.flows_section(bundle, flows_for(bundle, selection, dates.as_of), selection, dates.as_of)
sources_footer(bundle, "financements")
st.caption(
    "Les montants sont additionnés au centime près ; les chiffres clés et les phrases les arrondissent à l'euro, les "
    "tableaux les donnent au centime."
)
