"""Preparing what the map shows for a territory selection and the user's choices (kept per data version)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from analytics.coverage.actor_filters import ActorFilter, filter_actors
from analytics.coverage.classes import NO_DATA_COLOUR, fit_classes
from analytics.coverage.indicator_levels import values_provenance
from analytics.coverage.map_indicators import MEAN_DISTANCE, SHARE_BEYOND, IndicatorChoice, choropleth_values
from analytics.coverage.opening_hours import local_now
from analytics.memo import per_bundle
from analytics.territory.scope import select
from analytics.territory.selection import Selection, short_epci_name, with_context
from components.coverage.data import cached_commune_coverage
from components.format_fr import fr_int, fr_number
from components.html_safety import escape_text, html_in_markdown
from loaders.bundle import DataBundle
from loaders.code_sets import in_codes
from loaders.territory_levels import NAMES, TERRITORY_CODE
from loaders.zones import ACV, CENTRE, COMMUNE_LABELS, QPV
from views.carte.builder import FAMILY_COLOURS, MEMBERSHIP_COLOURS, ChoroplethLayer, MapSpec, Overlay, to_topology

LEVEL_NAMES = NAMES
CODE_IN_TOOLTIP = re.compile(rf"\(({TERRITORY_CODE.pattern})\)")


@dataclass(frozen=True)
class MapChoice:
    indicator: IndicatorChoice
    level: str
    colour_by: str
    actor_filter: ActorFilter
    show_actors: bool = True


# Territories drawn one by one, at most (beyond, the map draws the next coarser level and says so):
# a few thousand communes weigh megabytes in the page and slow the browser.
MESH_LIMITS = {"commune": 1500, "epci": 400}
COARSER = {"commune": "epci", "epci": "departement"}
MARKER_LIMIT = 5000  # places drawn one by one, at most (beyond, the territory or the filters narrow them)


def too_many_places(count: int) -> str:
    return (
        f"{fr_int(count)} lieux correspondent : trop pour les dessiner un à un sur la carte (au plus "
        f"{fr_int(MARKER_LIMIT)}). Choisissez un département ou un EPCI dans le filtre du territoire, ou filtrez les "
        "lieux, pour les voir ; la liste complète se télécharge sous la carte."
    )


def drawn_level(level: str, communes: pd.DataFrame) -> tuple[str, str | None]:
    """The level the map can draw for these communes (the selection's), and why, when it is
    coarser than the one asked."""
    asked = level
    counts = {"commune": len(communes), "epci": communes["code_epci"].dropna().nunique()}
    while level in MESH_LIMITS and counts[level] > MESH_LIMITS[level]:
        level = COARSER[level]
    if level == asked:
        return level, None
    too_many = counts[asked]
    return level, (
        f"La carte dessine les {LEVEL_PLURALS[level]} : le territoire compte {fr_int(too_many)} "
        f"{LEVEL_PLURALS[asked]}, trop pour les dessiner une à une (au plus {fr_int(MESH_LIMITS[asked])}). "
        f"Choisissez un département ou un EPCI dans le filtre du territoire pour voir les {LEVEL_PLURALS[asked]}."
    )


LEVEL_PLURALS = {"commune": "communes", "epci": "EPCI", "departement": "départements"}


def level_frame(bundle: DataBundle, level: str, selection: Selection) -> tuple[gpd.GeoDataFrame, str, str]:
    """Territories of `level` touching the selection, their code column and name column."""
    t = bundle.territories
    communes = select(t.communes, selection)
    if level == "commune":
        return communes, "code_insee", "nom"
    if level == "epci":
        return t.epci[t.epci["code_epci"].isin(set(communes["code_epci"].dropna()))], "code_epci", "nom_epci"
    return (
        t.departements[in_codes(t.departements["code_departement"], set(communes["code_departement"]))],
        "code_departement",
        "nom_departement",
    )


FRAMES = {"code_insee": "communes", "code_epci": "epci", "code_departement": "departements"}


@per_bundle(maxsize=48)
def _topology(bundle: DataBundle, code_column: str, codes: tuple[str, ...]) -> dict:
    gdf = getattr(bundle.territories, FRAMES[code_column])
    return to_topology(gdf[gdf[code_column].astype(str).isin(set(codes))], code_column)


def topology_for(bundle: DataBundle, gdf: gpd.GeoDataFrame, code_column: str) -> dict:
    """TopoJSON of territories of the bundle's reference (once per data version and codes)."""
    return _topology(bundle, code_column, tuple(sorted(gdf[code_column].astype(str))))


def _dissolved(gdf: gpd.GeoDataFrame, label: str) -> gpd.GeoDataFrame:
    if gdf.empty:
        return gdf
    return gpd.GeoDataFrame({"code": [label]}, geometry=[gdf.union_all()], crs=gdf.crs)


@per_bundle(maxsize=16)
def priority_overlays(bundle: DataBundle, selection: Selection) -> list[Overlay]:
    """Outlines of the départements and of the priority zones (once per data version and selection)."""
    return _build_priority_overlays(bundle, selection)


def _build_priority_overlays(bundle: DataBundle, selection: Selection) -> list[Overlay]:
    t = bundle.territories
    communes = select(t.communes, selection)
    overlays = [
        Overlay(
            topology_for(bundle, t.departements, "code_departement"),
            "Limites des départements",
            {"color": "#444444", "weight": 1.6, "fill": False, "opacity": 0.9},
            show=True,
        )
    ]
    zones = [
        (
            QPV,
            COMMUNE_LABELS[QPV],
            {"color": "#6a3d9a", "weight": 2.5, "dashArray": "5 4", "fillColor": "#6a3d9a", "fillOpacity": 0.08},
        ),
        (
            ACV,
            COMMUNE_LABELS[ACV],
            {"color": "#b15928", "weight": 2.5, "fillColor": "#b15928", "fillOpacity": 0.08},
        ),
    ]
    for flag, name, style in zones:
        part = communes[communes[flag]]
        if not part.empty:
            tooltips = {
                c: f"{escape_text(n)} ({c}) : {escape_text(name)}" for c, n in zip(part["code_insee"], part["nom"])
            }
            overlays.append(
                Overlay(topology_for(bundle, part, "code_insee"), name, style, show=False, tooltip=tooltips)
            )
    centre = communes[communes[CENTRE]]
    if not centre.empty:
        label = bundle.config.centre_label
        overlays.append(
            Overlay(
                to_topology(_dissolved(centre, "centre"), "code"),
                f"Périmètre {label}",
                {"color": "#1b7837", "weight": 3, "fillColor": "#1b7837", "fillOpacity": 0.06},
                show=False,
            )
        )
    return overlays


def filtered_actors(bundle: DataBundle, selection: Selection, flt: ActorFilter) -> pd.DataFrame:
    actors = select(bundle.actors, selection)
    return filter_actors(actors, flt, now=local_now())


def _chip(colour: str, label: str, round_chip: bool = False) -> str:
    shape = (
        "border-radius:50%;border:1px solid #222;width:11px;height:11px"
        if round_chip
        else "border:1px solid #bbb;width:16px;height:11px"
    )
    return (
        f"<span style='white-space:nowrap;margin-right:12px'><i style='display:inline-block;{shape};"
        f"background:{colour};margin-right:5px;vertical-align:-1px'></i>{label}</span>"
    )


def legend_html(
    choice: IndicatorChoice,
    entries: list[tuple[str, str]],
    level: str,
    has_missing: bool = True,
    provenance: str | None = None,
) -> str:
    """The territories' colour classes, ascending, shown beside the map (never over it).

    `entries` are (label, colour) pairs from analytics.coverage.classes.Classes.legend; labels are ours
    (formatted numbers), the unit comes from the catalogue and is escaped."""
    direction = "plus foncé = plus fragile" if choice.worse_is_high else "plus foncé = moins bien doté"
    chips = [_chip(colour, html_in_markdown(label)) for label, colour in entries]
    if has_missing:
        chips.append(_chip(NO_DATA_COLOUR, "pas de donnée"))
    return (
        "<div style='font-size:0.85rem;line-height:1.8'>"
        f"<b>Territoires</b> <span style='color:#555'>(par {LEVEL_NAMES[level]}, {html_in_markdown(choice.unit)} ; "
        f"{direction})</span> : "
        + " ".join(chips)
        + (f"<br><span style='color:#555;font-size:0.8rem'>{html_in_markdown(provenance)}</span>" if provenance else "")
        + "</div>"
    )


def places_legend_html(colour_by: str) -> str:
    """The markers' colours (shown beside the map, so that the map keeps its room)."""
    colours = MEMBERSHIP_COLOURS if colour_by == "membership" else FAMILY_COLOURS
    chips = [_chip(colour, html_in_markdown(label), round_chip=True) for label, colour in colours.items()]
    return "<div style='font-size:0.85rem;line-height:1.8'><b>Lieux :</b> " + " ".join(chips) + "</div>"


def own_communes(bundle: DataBundle, level: str, codes) -> pd.DataFrame:
    """Every commune of the territories `codes` of `level`: an EPCI that the filter cuts (one
    commune chosen, or a département it straddles) keeps its own figures."""
    communes = bundle.territories.communes
    column = {"commune": "code_insee", "epci": "code_epci", "departement": "code_departement"}[level]
    return communes[communes[column].isin(set(codes))]


def choropleth_table(bundle: DataBundle, selection: Selection, choice: MapChoice, as_of) -> pd.DataFrame:
    """Code, name, value and method for each territory shown (what the map colours), each
    computed over all of the territory's communes, whatever the filter."""
    return _choropleth_table(bundle, selection, choice.indicator, choice.level, as_of)


@per_bundle(maxsize=24)
def _choropleth_table(bundle: DataBundle, selection: Selection, indicator, level: str, as_of) -> pd.DataFrame:
    gdf, code_col, name_col = level_frame(bundle, level, selection)
    communes = own_communes(bundle, level, gdf[code_col])
    coverage = cached_commune_coverage(bundle) if indicator.id in (MEAN_DISTANCE, SHARE_BEYOND) else None
    values = choropleth_values(
        indicator, level, communes, bundle.indicators, bundle.actors, as_of, coverage, bundle.activity
    )
    labels = gdf[name_col].astype(str)
    if level == "epci":
        labels = labels.map(short_epci_name)
    names = pd.DataFrame({"code": gdf[code_col].astype(str).to_numpy(), "nom": labels.to_numpy()})
    return names.merge(values, on="code", how="left")


def build_spec(
    bundle: DataBundle, selection: Selection, choice: MapChoice, as_of
) -> tuple[MapSpec, pd.DataFrame, pd.DataFrame]:
    """The map of the territory filter. A single commune is drawn among the communes of its EPCI
    (the territories shown), framed and outlined, with its own places only."""
    highlight = selection.commune
    shown = with_context(bundle.territories.communes, selection)
    gdf, code_col, _ = level_frame(bundle, choice.level, shown)
    table = choropleth_table(bundle, shown, choice, as_of)
    decimals = choice.indicator.decimals
    fmt = lambda v: fr_number(v, decimals)  # noqa: E731
    classes = fit_classes(table["valeur"], choice.indicator.worse_is_high, decimals)
    tooltips = {
        code: f"<b>{escape_text(name)}</b> ({code})<br>{escape_text(choice.indicator.label)} : "
        + (f"{fmt(v)} {escape_text(choice.indicator.unit)}" if pd.notna(v) else "pas de donnée")
        for code, name, v in zip(table["code"], table["nom"], table["valeur"])
    }
    layer = ChoroplethLayer(
        topology=topology_for(bundle, gdf, code_col),
        tooltips=tooltips,
        classes=dict(zip(table["code"], classes.index.astype(int))),
        palette=classes.palette or (NO_DATA_COLOUR,),
        name=f"{choice.indicator.label} (par {LEVEL_NAMES[choice.level]})",
    )
    actors = filtered_actors(bundle, selection, choice.actor_filter) if choice.show_actors else None
    drawn = actors if actors is not None and len(actors) <= MARKER_LIMIT else None
    # The view fits the chosen commune; its neighbours show around it.
    framed = bundle.territories.communes[bundle.territories.communes["code_insee"] == highlight] if highlight else gdf
    lon0, lat0, lon1, lat1 = framed.total_bounds
    spec = MapSpec(
        bounds=(float(lon0), float(lat0), float(lon1), float(lat1)),
        choropleth=layer,
        actors=drawn,
        colour_by=choice.colour_by,
        legend_html=legend_html(
            choice.indicator,
            classes.legend(fmt),
            choice.level,
            bool(table["valeur"].isna().any()),
            values_provenance(table, choice.indicator.source, choice.indicator.vintage),
        ),
        outlines=priority_overlays(bundle, shown) + _highlight(bundle, highlight),
    )
    return spec, table, actors if actors is not None else bundle.actors.iloc[0:0]


def _highlight(bundle: DataBundle, commune: str | None) -> list[Overlay]:
    if not commune:
        return []
    part = bundle.territories.communes[bundle.territories.communes["code_insee"] == commune]
    return [
        Overlay(
            topology_for(bundle, part, "code_insee"),
            "Commune choisie",
            {"color": "#000000", "weight": 3.5, "fill": False},
            show=True,
        )
    ]


def clicked_code(tooltip: str | None) -> str | None:
    """The territory code shown in parentheses in a clicked tooltip, if any."""
    if not tooltip:
        return None
    match = CODE_IN_TOOLTIP.search(tooltip)
    return match.group(1) if match else None
