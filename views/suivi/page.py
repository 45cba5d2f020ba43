"""Suivi 18 mois: where each action stands against its targets and milestones, at a date."""

from __future__ import annotations

import streamlit as st

from analytics.evaluation.committee import committee_summary
from components.data_access import get_bundle
from components.documents.downloads import snapshot_download
from components.evaluation_dates import as_of_picker
from components.follow_up.evaluation_labels import STATUS_RULE
from components.format_fr import fr_date
from components.layout import empty_state, page_header, sources_footer
from components.territory_filter import current_selection
from loaders.actions import tab_name
from views.suivi import sections

bundle = get_bundle()
config = bundle.config
selection = current_selection(bundle)

page_header(
    bundle,
    f"Suivi {config.months} mois",
    f"Période du {fr_date(config.start)} au {fr_date(config.end)} · {selection.label}",
    page="suivi",
)
dates = as_of_picker(bundle, "suivi", compare=True)

summary = committee_summary(bundle, selection, dates.as_of, dates.compare)
empty_state(
    bundle,
    ("jalons", "kpis", "mesures_kpi", "evenements", "experimentations"),
    "Aucune donnée de suivi des actions chargée",
)

sections.summary_section(bundle, summary)
st.caption(STATUS_RULE)
snapshot_download(bundle, summary)

st.header("Les actions", anchor="actions")
st.caption(
    "Les indicateurs de suivi et les jalons sont ceux du hub entier ; réseau, base de données et expérimentations "
    "suivent le territoire choisi."
)
actions = config.numbered_actions
# Only the open tab is drawn (its charts are most of the page's weight); choosing another reruns.
tabs = st.tabs([tab_name(a.code) for a in actions], key=sections.ACTION_TABS, on_change="rerun")
specific = {"A1": sections.network_section, "A2": sections.database_section, "A3": sections.experiments_section}
for tab, action in zip(tabs, actions):
    with tab:
        if not tab.open:
            continue
        st.subheader(action.title)
        sections.kpi_section(bundle, action.code, summary, dates)
        if action.code in specific:
            specific[action.code](bundle, summary, dates)

sections.milestones_section(bundle, summary, dates)
sources_footer(bundle, "suivi")
