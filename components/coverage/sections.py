"""Blocks shared by the coverage pages: threshold choices and the method statement."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.coverage.access import coverage_by_level, zones_blanches
from analytics.coverage.described_fields import undescribed_count
from analytics.territory.scope import select
from analytics.territory.selection import Selection
from components.coverage.charts import zones_blanches_map
from components.coverage.tables import column_config, export_frame, zones_blanches_table
from components.downloads import download_buttons
from components.format_fr import fr_int, fr_number, fr_percent
from components.geo_outlines import territory_outlines
from components.paged_table import page_of
from loaders.bundle import DataBundle

PLACES_DRAWN = 5000  # places drawn as dots on the zones blanches map, at most (the Carte's limit too)

THRESHOLDS_KM = (2.0, 5.0, 8.0, 10.0, 12.0, 15.0, 20.0, 25.0, 30.0)


def threshold_options(default_km: float) -> list[float]:
    return sorted(set(THRESHOLDS_KM) | {float(default_km)})


def parse_threshold(value, default_km: float) -> float:
    """A threshold from the URL (`?seuil=12`): a number of km in (0, 200], else the default."""
    try:
        km = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return float(default_km)
    return km if 0 < km <= 200 else float(default_km)


def method_text(bundle: DataBundle) -> str:
    communes = bundle.territories.communes
    methods = communes["centre_methode"].value_counts() if "centre_methode" in communes else pd.Series(dtype="int64")
    actors = bundle.actors
    outside = int(actors["hors_region"].fillna(False).astype(bool).sum()) if "hors_region" in actors else 0
    in_region = actors[~actors["hors_region"].fillna(False).astype(bool)] if "hors_region" in actors else actors
    unlocated = int((in_region["latitude"].isna() | in_region["longitude"].isna()).sum())
    town_halls = int(methods.get("mairie", 0))
    inner = int(methods.sum() - town_halls)
    lines = [
        f"- **Centre de la commune** : la mairie pour {fr_int(town_halls)} communes, un point situé à l'intérieur du "
        f"polygone communal pour {fr_int(inner)} (mairie inconnue ou hors de la commune).",
        "- **Distance** : à vol d'oiseau, mesurée en Lambert-93 (EPSG:2154), du centre de la commune au lieu le plus "
        "proche, recherché avec un index spatial parmi tous les lieux de la région, même hors du territoire filtré. "
        "Un lieu situé dans la commune compte pour sa distance réelle au centre (et non zéro). Les îles sont mesurées "
        "de la même façon, sans tenir compte des traversées.",
        "- **Seuil** : une commune est « au-delà » quand le lieu le plus proche est à strictement plus que le seuil "
        "(à 12 km pour un seuil de 10 km ; exactement 10 km reste en deçà). Par service, seuls les lieux qui déclarent "
        "ce service (colonne `services` du standard national) comptent ; un lieu qui propose plusieurs services compte "
        "pour chacun.",
        f"- **Services non renseignés** : {unknown_services_text(in_region)} Une commune n'est dite « sans » un "
        "service que si "
        "aucun lieu qui le déclare n'est à moins du seuil et que tous les lieux à moins du seuil décrivent leurs "
        "services ; "
        "sinon le service y est « non renseigné » (colonnes « … non renseigné … »), jamais manquant.",
        "- **Parts de population** : population des communes concernées rapportée à celle du territoire (population "
        "municipale INSEE) ; la distance moyenne est pondérée par la population des communes.",
        f"- **Lieux** : acteurs de la région ; {fr_int(unlocated)} lieu(x) sans coordonnées sont comptés dans les "
        f"effectifs de leur commune mais pas dans les distances ; {fr_int(outside)} lieu(x) hors région sont ignorés. "
        "Les membres du réseau sont comptés à la même date que sur l'accueil.",
        "- **Besoin** : indice de fragilité numérique (IFN, 0 à 10, 10 = le plus fragile) et ses sous-indices, "
        "dernière "
        "période disponible ; pour un EPCI ou un département sans valeur publiée, et pour les zones prioritaires, "
        "moyenne des communes pondérée par la population (colonne « Source du besoin »).",
        "- **EPCI à cheval sur une autre région** : seules leurs communes de la région sont comptées (population, "
        "lieux, distances) ; leur IFN publié, lui, porte sur tout l'EPCI.",
        "- **Zones prioritaires** : une commune peut appartenir à plusieurs zones (QPV, Action Cœur de Ville, "
        f"{bundle.config.centre_label}) et compte alors dans chacune ; « Hors zones prioritaires » regroupe les "
        "autres.",
    ]
    return "\n".join(lines)


def unknown_services_text(actors: pd.DataFrame) -> str:
    """How many places of the region do not describe their services (described_fields)."""
    unknown = undescribed_count(actors, "services")
    if not unknown:
        return f"les {fr_int(len(actors))} lieux de la région décrivent leurs services."
    return (
        f"services inconnus pour {fr_int(unknown)} lieux sur {fr_int(len(actors))} (les listes nationales ne donnent "
        "que les "
        "services de leur dispositif) : importez une source qui les décrit."
    )


def method_expander(bundle: DataBundle) -> None:
    with st.expander("Méthode de calcul", icon=":material/straighten:"):
        st.markdown(method_text(bundle))
        st.caption(
            f"Seuil par défaut : {fr_number(bundle.config.distance_threshold_km)} km (hub.toml, section [couverture])."
        )


def km_text(threshold_km: float) -> str:
    return fr_number(threshold_km, 1).removesuffix(",0")


def selection_metrics(
    in_scope: pd.DataFrame, threshold_km: float, under_served_label: str, under_served: int, rows: int
) -> None:
    """Four figures for the communes of the sidebar selection (taken as one territory)."""
    km = km_text(threshold_km)
    summary = coverage_by_level(in_scope, "region").iloc[0]
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        f"Population à plus de {km} km",
        fr_percent(summary["part_pop_au_dela"]),
        help=(
            f"Part de la population dont la commune n'a aucun lieu à moins de {km} km : "
            f"{fr_int(summary['pop_au_dela'])} habitants."
        ),
        border=True,
    )
    m2.metric(
        "Zones blanches",
        f"{fr_int(summary['nb_communes_au_dela'])} / {fr_int(summary['nb_communes'])}",
        help=f"Communes sans lieu à moins de {km} km, sur l'ensemble des communes du territoire.",
        border=True,
    )
    m3.metric(
        "Distance moyenne",
        f"{fr_number(summary['distance_moy_km'], 1)} km",
        help="Distance au lieu le plus proche, moyenne des communes pondérée par leur population.",
        border=True,
    )
    m4.metric(
        under_served_label,
        f"{fr_int(under_served)} / {fr_int(rows)}",
        help="Besoin au-dessus de la médiane et indice d'offre en dessous (quadrant sous-doté).",
        border=True,
    )


def zones_blanches_section(
    bundle: DataBundle, selection: Selection, in_scope: pd.DataFrame, threshold_km: float
) -> None:
    """The communes of the selection with no place within the threshold: table, map, downloads."""
    km = km_text(threshold_km)
    blank = zones_blanches(in_scope)
    st.subheader(f"Zones blanches : communes sans lieu à moins de {km} km")
    if blank.empty:
        st.success(
            f"Toutes les communes du territoire ont un lieu de médiation numérique à moins de {km} km de leur centre."
        )
        return
    st.markdown(
        f"**{fr_int(len(blank))} commune(s)**, **{fr_int(blank['population'].sum())} habitants** : aucun lieu à moins "
        f"de {km} km à vol d'oiseau."
    )
    table = zones_blanches_table(blank, threshold_km, bundle.config.distance_threshold_km)
    left, right = st.columns([3, 2])
    with left:
        st.dataframe(
            page_of(table, "territoires-zones-blanches"),
            column_config=column_config(table),
            hide_index=True,
            width="stretch",
            height=min(36 * len(table) + 40, 460),
            key="territoires_zones_blanches",
        )
    with right:
        if selection.level in ("region", "departement"):
            background = territory_outlines(bundle, "departement", in_scope["code_departement"])
        else:
            background = territory_outlines(bundle, "commune", in_scope["code_insee"])
        actors = select(bundle.actors, selection)
        places = actors[actors["latitude"].notna() & actors["longitude"].notna()]
        if len(places) > PLACES_DRAWN:  # tens of thousands of dots weigh megabytes and hide the communes
            places = places.iloc[0:0]
            st.caption(
                f"Les lieux ne sont pas dessinés au-delà de {fr_int(PLACES_DRAWN)} : choisissez un département ou un "
                "EPCI dans le filtre du territoire pour les voir."
            )
        fig = zones_blanches_map(
            background, territory_outlines(bundle, "commune", blank["code_insee"]), blank, places, threshold_km
        )
        st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    download_buttons(export_frame(table), "zones_blanches", key="territoires-zones-blanches")
