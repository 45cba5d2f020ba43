"""Carte: where the actors are and where the needs are, territory by territory."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from analytics.coverage.actor_filters import left_out_as_unknown
from analytics.coverage.map_indicators import indicator_choices
from analytics.territory.scope import select
from components.data_access import get_bundle
from components.downloads import download_buttons
from components.format_fr import fr_count, fr_date, fr_int
from components.layout import empty_state, page_header, sources_footer
from components.links import place_url
from components.page_messages import md_escape
from components.paged_table import page_of
from components.territory_filter import current_selection
from views.carte import view as map_view
from views.carte.assets import assets_installed
from views.carte.builder import build_map
from views.carte.controls import map_controls
from views.carte.data import build_spec, clicked_code, drawn_level, places_legend_html, too_many_places
from views.carte.panel import territory_panel

bundle = get_bundle()
selection = current_selection(bundle)
as_of = min(dt.date.today(), bundle.config.end)
page_header(
    bundle,
    "Carte des lieux et des besoins",
    f"{selection.label} · lieux de médiation numérique et fragilité numérique",
    page="carte",
)

empty_state(bundle, ("acteurs",), "Aucun lieu chargé : la carte ne montre que les territoires")
empty_state(bundle, ("indicateurs",), "Aucun indicateur territorial chargé (indice de fragilité numérique…)")

source = "Lieux fictifs de démonstration" if bundle.has_fictitious(["acteurs"]) else "Lieux de la base régionale"
choices = indicator_choices(
    bundle.catalogue,
    bundle.indicators,
    fr_date(as_of),
    source,
    bundle.config.distance_threshold_km,
    activity=bundle.activity,
    as_of=as_of,
)
default_level = "epci" if selection.level in ("region",) else "commune"
choice = map_controls(choices, default_level, bundle.actors)
level, coarser = drawn_level(choice.level, select(bundle.territories.communes, selection))
if coarser:
    st.info(coarser, icon=":material/zoom_in:")
    choice = replace(choice, level=level)

if not assets_installed():
    map_view.assets_missing_warning()
    st.stop()

spec, table, actors = build_spec(bundle, selection, choice, as_of)
# The legends sit above the map, never over it; the side panel is wide enough for its texts.
left, right = st.columns([3, 1])
with left:
    st.markdown(spec.legend_html, unsafe_allow_html=True)
    if spec.actors is not None:
        st.markdown(places_legend_html(choice.colour_by), unsafe_allow_html=True)
    elif choice.show_actors and len(actors):
        st.info(too_many_places(len(actors)), icon=":material/filter_alt:")
    tooltip = map_view.show_map(build_map(spec), key="carte", height=spec.height)
    shown = len(spec.actors) if spec.actors is not None else 0
    in_territory = len(select(bundle.actors, selection))
    places = (
        f"{fr_count(shown, 'lieu affiché', 'lieux affichés', none='Aucun lieu affiché')} sur {fr_int(in_territory)} "
        "dans le territoire"
        if in_territory
        else "Aucun lieu recensé dans le territoire"
    )
    unknown_hours = left_out_as_unknown(select(bundle.actors, selection), choice.actor_filter).get("horaires")
    if unknown_hours:
        st.caption(
            f"Filtre d'horaires : {fr_int(unknown_hours)} lieu(x) du territoire aux horaires absents ou illisibles "
            "ne sont pas affichés (non renseigné ne veut pas dire fermé)."
        )
    st.caption(
        f"{places}. Survolez un territoire pour sa valeur, cliquez-le pour ses chiffres et sa fiche ; cliquez un lieu "
        "pour son détail. "
        "Les couches (zones prioritaires, lieux) se choisissent en haut à droite de la carte. Fond : limites "
        "administratives (IGN), sans tuiles. "
        "Couleurs des territoires : classes de quantiles (effectifs voisins) ; indicateur : "
        f"{md_escape(choice.indicator.source)}, {md_escape(choice.indicator.vintage)}."
    )
with right:
    territory_panel(bundle, clicked_code(tooltip), table, choice)

with st.expander(f"Valeurs de la carte ({fr_count(len(table), 'territoire')})", icon=":material/table:"):
    shown_table = table.rename(
        columns={"code": "Code", "nom": "Territoire", "valeur": choice.indicator.label, "methode": "Méthode"}
    )
    st.dataframe(shown_table, hide_index=True, width="stretch")
    download_buttons(
        shown_table.round({choice.indicator.label: choice.indicator.decimals}),
        f"carte_{choice.indicator.id}_{choice.level}",
        key="carte-valeurs",
    )
with st.expander(f"Lieux affichés ({fr_int(len(actors))})", icon=":material/location_on:"):
    cols = [
        "id",
        "nom",
        "commune",
        "code_insee",
        "typologie_famille",
        "services",
        "dispositif_programmes_nationaux",
        "membre_reseau",
        "horaires",
        "sources",
    ]
    # Shown 200 at a time (3,000 places weighed 1.2 MB in the page); the download holds them all.
    page_rows = page_of(actors[cols], "carte-lieux")
    listed = page_rows.copy()
    listed.insert(2, "fiche", [place_url(i) for i in page_rows["id"]])
    st.dataframe(
        listed,
        column_config={"fiche": st.column_config.LinkColumn("Fiche", display_text="Voir le lieu", width=100)},
        hide_index=True,
        width="stretch",
        key="carte-lieux-table",
    )
    download_buttons(actors[cols], "lieux_affiches", key="carte-lieux")
sources_footer(bundle, "carte", [f"Indicateur : {choice.indicator.source}, {choice.indicator.vintage}."])
