"""Carte: where the actors are and where the needs are, territory by territory."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics.map_indicators import indicator_choices
from analytics.territory_selection import with_context
from components import map_view
from components.data_access import get_bundle
from components.downloads import download_buttons
from components.format_fr import fr_date, fr_int
from components.layout import page_header, sources_footer
from components.map_assets import assets_installed
from components.map_builder import build_map
from components.map_controls import map_controls
from components.map_data import build_spec, clicked_code, places_legend_html
from components.territory_panel import territory_panel
from components.territory_filter import current_selection

bundle = get_bundle()
selection = current_selection(bundle)
as_of = min(dt.date.today(), bundle.config.end)
page_header(bundle, "Carte des lieux et des besoins", f"{selection.label} · lieux de médiation numérique et fragilité numérique", page="carte")

source = "Lieux fictifs de démonstration" if bundle.has_fictitious(["acteurs"]) else "Lieux de la base régionale"
choices = indicator_choices(bundle.catalogue, bundle.indicators, fr_date(as_of), source, bundle.config.distance_threshold_km)
default_level = "epci" if selection.level in ("region",) else "commune"
choice = map_controls(choices, default_level, bundle.actors)

if not assets_installed():
    map_view.assets_missing_warning()
    st.stop()

# A single commune is shown among the communes of its EPCI, and outlined.
spec, table, actors = build_spec(bundle, with_context(bundle.territories.communes, selection), choice, as_of, highlight=selection.commune)
left, right = st.columns([4, 1])
with left:
    if choice.show_actors:
        st.markdown(places_legend_html(choice.colour_by), unsafe_allow_html=True)
    tooltip = map_view.show_map(build_map(spec), key="carte", height=spec.height)
    shown = len(actors) if choice.show_actors else 0
    st.caption(
        f"{fr_int(shown)} lieu(x) affiché(s) sur {fr_int(int(bundle.actors['code_insee'].isin(selection.communes).sum()))} dans le territoire. "
        "Survolez un territoire pour sa valeur, cliquez-le pour sa fiche ; cliquez un lieu pour son détail. "
        "Les couches (zones prioritaires, lieux) se choisissent en haut à droite de la carte. Fond : limites administratives (IGN), sans tuiles."
    )
with right:
    territory_panel(bundle, clicked_code(tooltip), table, choice)

with st.expander(f"Valeurs de la carte ({fr_int(len(table))} territoires)", icon=":material/table:"):
    shown_table = table.rename(columns={"code": "Code", "nom": "Territoire", "valeur": choice.indicator.label, "methode": "Méthode"})
    st.dataframe(shown_table, hide_index=True, width="stretch")
    download_buttons(shown_table.round({choice.indicator.label: choice.indicator.decimals}), f"carte_{choice.indicator.id}_{choice.level}", key="carte-valeurs")
with st.expander(f"Lieux affichés ({fr_int(len(actors))})", icon=":material/location_on:"):
    cols = ["id", "nom", "commune", "code_insee", "typologie_famille", "services", "dispositif_programmes_nationaux", "membre_reseau"]
    st.dataframe(actors[cols], hide_index=True, width="stretch")
    download_buttons(actors[cols], "lieux_affiches", key="carte-lieux")
sources_footer(bundle, "carte", [f"Indicateur : {choice.indicator.source}, {choice.indicator.vintage}."])
