"""Fiche territoire: one commune, EPCI or département (`/territoire?code=29019`)."""

from __future__ import annotations

import streamlit as st

from analytics.territory.profile import resolve_territory
from components import links
from components.coverage.data import cached_commune_coverage
from components.coverage.sections import method_expander, parse_threshold
from components.data_access import get_bundle
from components.layout import empty_state, page_header, sources_footer
from components.territory_filter import current_selection
from views.territoire.sections import (
    activity_section,
    actors_section,
    compare,
    comparison_section,
    follow_sidebar_offer,
    freshness_section,
    key_figures,
    km_label,
    md_escape,
    money_section,
    services_section,
    subtitle_of,
    territory_picker,
    title_of,
    zones_section,
)

bundle = get_bundle()
config = bundle.config
communes = bundle.territories.communes
code = st.query_params.get(links.CODE)
level = st.query_params.get(links.LEVEL)
threshold = parse_threshold(st.query_params.get(links.THRESHOLD), config.distance_threshold_km)

ref = resolve_territory(communes, code, level) if code else None
selection = current_selection(bundle)
if not code and not selection.is_region:
    ref = resolve_territory(communes, selection.code, selection.level)

if ref is None:
    page_header(bundle, "Fiche territoire", page="territoire")
    if code:
        # Examples from the region itself: its most populous commune, its EPCI and département.
        with_epci = communes.dropna(subset=["code_epci"])
        example = (with_epci if len(with_epci) else communes).sort_values("population", ascending=False).iloc[0]
        st.error(
            f"Le code « {md_escape(code[:40])} »"
            + (f" (niveau « {md_escape(level[:20])} »)" if level else "")
            + f" ne désigne aucune commune, aucun EPCI ni aucun département de la région {config.region}. "
            f"Un code de commune a 5 caractères ({example.code_insee}), un EPCI 9 chiffres ({example.code_epci}), un "
            f"département 2 ou 3 ({example.code_departement}). "
            "Choisissez un territoire ci-dessous.",
            icon=":material/error:",
        )
    else:
        st.info("Choisissez une commune, un EPCI ou un département pour afficher sa fiche.", icon=":material/info:")
    territory_picker(bundle)
    st.stop()

page_header(bundle, title_of(ref), subtitle_of(bundle, ref), page="territoire")
with st.expander("Choisir un autre territoire", icon=":material/search:"):
    territory_picker(bundle)
follow_sidebar_offer(selection, ref, code)
if threshold != config.distance_threshold_km:
    st.caption(
        f"Seuil de distance : {km_label(threshold)} km (seuil par défaut : {km_label(config.distance_threshold_km)} "
        "km)."
    )

no_places = empty_state(
    bundle, ("acteurs",), "Aucun lieu chargé : l'offre et les distances de ce territoire ne peuvent pas être calculées"
)
no_need = empty_state(
    bundle,
    ("indicateurs",),
    "Aucun indicateur territorial chargé : le besoin (indice de fragilité numérique) n'est pas connu",
)

coverage = cached_commune_coverage(bundle, threshold)
row = coverage[coverage["code_insee"] == ref.code].iloc[0] if ref.level == "commune" else None
table, methods = compare(bundle, ref, threshold)

key_figures(table, ref, row, threshold)
comparison_section(bundle, ref, table, methods, threshold)
if not no_places:
    services_section(bundle, coverage, ref, threshold)
    actors_section(bundle, coverage, ref, threshold)
    freshness_section(bundle, ref)
zones_section(bundle, coverage, ref)
activity_section(bundle, ref)
money_section(bundle, ref)
method_expander(bundle)
sources_footer(bundle, "territoire")
