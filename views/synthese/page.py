"""Synthèse: what the hub achieved with the funders' money, in one page and one report."""

from __future__ import annotations

import streamlit as st

from analytics.funding import money as fu
from analytics.impact.summary import impact_summary
from components.data_access import get_bundle
from components.documents.downloads import report_download
from components.documents.figures import as_of_line, impact_figures
from components.evaluation_dates import as_of_picker
from components.follow_up.funding_charts import consumption_chart
from components.follow_up.funding_text import projection_sentence
from components.format_fr import fr_date
from components.layout import empty_state, page_header, sources_footer
from components.territory_filter import current_selection
from views.synthese import blocks as view

bundle = get_bundle()
config = bundle.config
selection = current_selection(bundle)

page_header(bundle, "Synthèse pour les financeurs", f"{config.name} · {selection.label}", page="synthese")
dates = as_of_picker(bundle, "synthese")
summary = impact_summary(bundle, selection, dates.as_of)
st.markdown(
    f"**{as_of_line(summary, config)}.** Ce que le hub a réalisé, en chiffres calculés à partir des données chargées."
)

view.key_figures(impact_figures(summary, config), per_row=4)
report_download(bundle, summary)

st.subheader("Le budget face au temps")
if not empty_state(bundle, ("lignes_budget", "mouvements"), "Aucune ligne de budget ni aucun mouvement chargé"):
    envelopes = [e.key for e in config.envelopes]
    projection = fu.envelope_projection(
        bundle.budget_lines, bundle.movements, envelopes, config.start, config.end, dates.as_of
    )
    st.plotly_chart(
        consumption_chart(summary.consumption, projection, height=380),
        width="stretch",
        config={"displayModeBar": False},
        key="synthese-consumption",
    )
    st.markdown(projection_sentence(projection))

st.subheader("Où en sont les actions")
if not empty_state(bundle, ("kpis", "jalons"), "Aucun indicateur de suivi ni aucun jalon chargé"):
    view.actions_table(summary)
st.subheader("Personnes accompagnées")
if not empty_state(
    bundle, ("activite",), "Aucune donnée d'activité chargée : les personnes accompagnées ne sont pas connues"
):
    view.people_section(bundle, summary)

if not empty_state(bundle, ("acteurs",), "Aucun lieu chargé : pas de carte des membres du réseau"):
    view.members_map(bundle, selection, summary)
if not selection.is_region:
    st.caption(
        f"Territoire : {selection.label}. Acteurs, personnes accompagnées, événements, expérimentations, zones "
        "prioritaires et fonds levés sont ceux du territoire ; budget et actions sont ceux du hub entier."
    )
sources_footer(
    bundle,
    "synthese",
    [
        f"Situation au {fr_date(dates.as_of)}.",
        "Aucune donnée personnelle n'est affichée ni exportée : seulement des agrégats.",
    ],
)
