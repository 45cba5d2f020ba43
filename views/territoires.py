"""Territoires: need against supply, territory by territory, and the communes far from any place."""

from __future__ import annotations

import streamlit as st

from analytics.gap_score import FORMULA_FR, most_underserved
from components.coverage_charts import gap_bar, need_supply_scatter
from components.coverage_data import cached_commune_coverage, scored_level
from components.coverage_sections import km_text, method_expander, selection_metrics, threshold_options, zones_blanches_section
from components.coverage_tables import (
    LEVEL_NAMES,
    LEVEL_PLURALS,
    LINKED_LEVELS,
    UNDER_SERVED_LABELS,
    column_config,
    export_frame,
    level_table,
    with_short_names,
)
from components.data_access import get_bundle
from components.downloads import download_buttons
from components.format_fr import fr_int, fr_number
from components.layout import page_header, sources_footer
from components.territory_filter import current_selection

bundle = get_bundle()
config = bundle.config
selection = current_selection(bundle)
default_km = config.distance_threshold_km

page_header(bundle, "Territoires : besoins et couverture", f"{selection.label} · où l'offre de médiation numérique manque au regard du besoin", page="territoires")

c1, c2 = st.columns([3, 2])
level = c1.radio("Niveau", list(LEVEL_NAMES), format_func=LEVEL_NAMES.get, index=1, horizontal=True, key="territoires_niveau")
threshold = c2.select_slider(
    "Seuil de distance",
    threshold_options(default_km),
    value=default_km,
    format_func=lambda v: f"{km_text(v)} km",
    key="territoires_seuil",
    help=f"Distance au-delà de laquelle une population est considérée éloignée d'un lieu (configuration : {fr_number(default_km)} km).",
)

coverage = cached_commune_coverage(bundle, threshold)
in_scope = coverage[coverage["code_insee"].isin(selection.communes)]
scored = with_short_names(scored_level(bundle, level, threshold, None if selection.is_region else selection.communes), level)

selection_metrics(in_scope, threshold, UNDER_SERVED_LABELS[level], int(scored["sous_dote"].sum()), len(scored))

top = most_underserved(scored, 20)
st.subheader(f"Les {fr_int(len(top))} {LEVEL_PLURALS[level]} où le besoin dépasse le plus l'offre")
st.markdown(f"**Formule.** {FORMULA_FR}")
st.plotly_chart(gap_bar(top, threshold), width="stretch", config={"displayModeBar": False})
st.caption("En rouge : besoin au-dessus de la médiane et offre en dessous (quadrant sous-doté) ; en gris : les autres. Un écart négatif signale un territoire mieux équipé que fragile. Survolez une barre pour ses valeurs.")
st.markdown("**Besoin et offre de chaque territoire**")
st.plotly_chart(need_supply_scatter(scored, threshold), width="stretch", config={"displayModeBar": False})
st.caption("Chaque point est un territoire (taille : population) ; les numéros sont les rangs des 10 plus grands écarts. Pointillés : médianes.")
missing_need = scored["score_ecart"].isna().sum()
if missing_need:
    st.caption(f"{fr_int(missing_need)} territoire(s) sans valeur d'IFN ne sont pas classés.")

st.subheader(f"Tableau par {LEVEL_NAMES[level].lower() if level != 'epci' else 'EPCI'}")
table = level_table(scored, level, threshold, default_km)
st.dataframe(table, column_config=column_config(table), hide_index=True, width="stretch", height=min(36 * len(table) + 40, 520), key="territoires_tableau")
download_buttons(export_frame(table), f"territoires_{level}", key="territoires-tableau")
if level in LINKED_LEVELS:
    names = dict(zip(scored["code"], scored["nom_court"]))
    p1, p2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = p1.selectbox("Ouvrir la fiche d'un territoire", list(names), format_func=names.get, index=None, placeholder="Choisir un territoire du tableau…", key="territoires_fiche")
    if p2.button("Ouvrir la fiche", disabled=chosen is None, icon=":material/arrow_forward:", key="territoires_ouvrir"):
        st.switch_page("views/territoire.py", query_params={"niveau": level, "code": chosen, **({"seuil": str(threshold)} if threshold != default_km else {})})

zones_blanches_section(bundle, selection, in_scope, threshold)
method_expander(bundle)
sources_footer(bundle, "territoires", [f"Indice de fragilité numérique : {s}." for s in sorted(set(bundle.catalogue.loc[bundle.catalogue["id"] == "ifn_total", "source"].dropna()))])
