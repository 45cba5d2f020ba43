"""Suivi 18 mois: where each action stands against its targets and milestones, at a date."""

from __future__ import annotations

import streamlit as st

from analytics import evaluation as ev
from components import evaluation_sections as sections
from components.data_access import get_bundle
from components.evaluation_dates import as_of_picker
from components.evaluation_labels import STATUS_RULE
from components.format_fr import fr_date
from components.layout import page_header, sources_footer
from components.report_downloads import snapshot_download
from components.territory_filter import current_selection

bundle = get_bundle()
config = bundle.config
selection = current_selection(bundle)

page_header(bundle, "Suivi 18 mois", f"Période du {fr_date(config.start)} au {fr_date(config.end)} · {selection.label}")
dates = as_of_picker(bundle, "suivi", compare=True)

kpis = ev.kpi_progress(bundle.kpis, bundle.kpi_measures, config.start, config.months, dates.as_of)
kpis_before = ev.kpi_progress(bundle.kpis, bundle.kpi_measures, config.start, config.months, dates.compare) if dates.compare else None
milestones = ev.milestone_status(bundle.milestones, dates.as_of)
milestones_before = ev.milestone_status(bundle.milestones, dates.compare) if dates.compare else None

sections.summary_section(bundle, kpis, kpis_before, milestones, milestones_before, dates)
st.caption(STATUS_RULE)
snapshot_download(bundle, selection, dates)

st.header("Les actions", anchor="actions")
st.caption("Les indicateurs de suivi et les jalons sont ceux du hub entier ; réseau, base de données et expérimentations suivent le territoire choisi.")
actions = [a for a in config.actions if a.code != "GESTION"]
tabs = st.tabs([f"Action {a.code[1:]}" if a.code[1:].isdigit() else a.code for a in actions])
specific = {"A1": sections.network_section, "A2": sections.database_section, "A3": sections.experiments_section}
for tab, action in zip(tabs, actions):
    with tab:
        st.subheader(f"{action.code} · {action.label}")
        sections.kpi_section(bundle, action.code, kpis, kpis_before, dates)
        if action.code in specific:
            specific[action.code](bundle, selection, dates)

sections.milestones_section(bundle, milestones, milestones_before, dates)
sources_footer(bundle, ["Indicateurs de suivi, jalons, événements et expérimentations : fichiers du hub."])
