"""Territoires: need against supply, territory by territory, and the communes far from any place."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics.impact import activity as act
from analytics.territory.scope import select
from components.coverage.data import activity_by_level, cached_commune_coverage, default_as_of, scored_in_region
from components.coverage.sections import (
    km_text,
    method_expander,
    selection_metrics,
    threshold_options,
    zones_blanches_section,
)
from components.coverage.tables import (
    LEVEL_NAMES,
    LINKED_LEVELS,
    UNDER_SERVED_LABELS,
    column_config,
    export_frame,
    level_table,
    with_opening_hours,
    with_short_names,
)
from components.data_access import get_bundle
from components.downloads import download_buttons
from components.format_fr import fr_number
from components.html_safety import md_escape
from components.layout import empty_state, page_header, sources_footer
from components.links import PROFILE, page_file, profile_query
from components.territory_filter import current_selection
from views.territoires.gap_ranking import gap_ranking_section

bundle = get_bundle()
config = bundle.config
selection = current_selection(bundle)
default_km = config.distance_threshold_km

page_header(
    bundle,
    "Territoires : besoins et couverture",
    f"{selection.label} · où l'offre de médiation numérique manque au regard du besoin",
    page="territoires",
)

no_places = empty_state(
    bundle, ("acteurs",), "Aucun lieu chargé : l'offre et les distances ne peuvent pas être calculées"
)
empty_state(
    bundle,
    ("indicateurs",),
    "Aucun indicateur territorial chargé : le besoin (indice de fragilité numérique) n'est pas connu",
)
if no_places:
    sources_footer(bundle, "territoires")
    st.stop()

c1, c2 = st.columns([3, 2])
level = c1.radio(
    "Niveau", list(LEVEL_NAMES), format_func=LEVEL_NAMES.get, index=1, horizontal=True, key="territoires_niveau"
)
threshold = c2.select_slider(
    "Seuil de distance",
    threshold_options(default_km),
    value=default_km,
    format_func=lambda v: f"{km_text(v)} km",
    key="territoires_seuil",
    help=(
        "Distance au-delà de laquelle une population est considérée éloignée d'un lieu (configuration : "
        f"{fr_number(default_km)} km)."
    ),
)

coverage = cached_commune_coverage(bundle, threshold)
in_scope = select(coverage, selection)
communes = None if selection.is_region else selection.communes
# Every row carries its territory's own figures, scored against the whole region (see
# analytics/territory/gap_context.py); the filter only chooses the rows.
scored = with_short_names(scored_in_region(bundle, level, threshold, communes), level)
scored = with_opening_hours(scored, bundle, level, dt.date.today())

selection_metrics(in_scope, threshold, UNDER_SERVED_LABELS[level], int(scored["sous_dote"].sum()), len(scored))

gap_ranking_section(bundle, selection, level, scored, threshold)

st.subheader(f"Tableau par {LEVEL_NAMES[level].lower() if level != 'epci' else 'EPCI'}")
activity = activity_by_level(bundle, level, default_as_of(bundle))
table = level_table(scored, level, threshold, default_km, activity)
st.dataframe(
    table,
    column_config=column_config(table),
    hide_index=True,
    width="stretch",
    height=min(36 * len(table) + 40, 520),
    key="territoires_tableau",
)
download_buttons(export_frame(table), f"territoires_{level}", key="territoires-tableau")
if activity[1]:
    st.caption(
        "Personnes accompagnées : chaque source est lue à sa dernière période disponible ("
        + " ; ".join(f"{md_escape(s.column_label)} : {act.describe_period(s)}" for s in activity[1])
        + "). Les sources ne s'additionnent pas (une personne peut être comptée par deux dispositifs) ; une valeur "
        "vide est non renseignée, pas nulle. Pour 1 000 habitants : population municipale des communes entières."
    )
if level in LINKED_LEVELS:
    names = dict(zip(scored["code"], scored["nom_court"]))
    p1, p2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = p1.selectbox(
        "Ouvrir la fiche d'un territoire",
        list(names),
        format_func=names.get,
        index=None,
        placeholder="Choisir un territoire du tableau…",
        key="territoires_fiche",
    )
    if p2.button("Ouvrir la fiche", disabled=chosen is None, icon=":material/arrow_forward:", key="territoires_ouvrir"):
        st.switch_page(
            page_file(PROFILE),
            query_params=profile_query(level, chosen, threshold if threshold != default_km else None),
        )

zones_blanches_section(bundle, selection, in_scope, threshold)
method_expander(bundle)
sources_footer(
    bundle,
    "territoires",
    [
        f"Indice de fragilité numérique : {s}."
        for s in sorted(set(bundle.catalogue.loc[bundle.catalogue["id"] == "ifn_total", "source"].dropna()))
    ],
)
