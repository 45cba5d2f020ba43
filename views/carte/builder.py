"""Building the folium map of the "Carte" page from ready data (no Streamlit here).

Kept free of Streamlit so that the benchmark can build the same map and weigh it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import folium
import geopandas as gpd
import pandas as pd
import topojson

from components.html_safety import escape_text
from components.links import place_url
from loaders import lieux_standard as std
from views.carte.assets import offline_layer_control, offline_map
from views.carte.layers import ActorMarkers, Legend, MapStyle, TopoChoropleth, TopoOutline

# Okabe-Ito colours (colour-blind safe) for the typology families, then membership.
FAMILY_COLOURS = dict(zip(std.FAMILY_ORDER, ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#999999")))
MEMBERSHIP_COLOURS = {"Membre du réseau": "#D55E00", "Pas encore membre": "#56B4E9"}
QUANTIZATION = 3e4  # TopoJSON grid: about 15 m over Bretagne


def to_topology(gdf: gpd.GeoDataFrame, code_column: str) -> dict:
    """TopoJSON of the territories (object name 'territoires'), property `c` = code."""
    slim = gpd.GeoDataFrame(
        {"c": gdf[code_column].astype(str).to_numpy()}, geometry=gdf.geometry.to_numpy(), crs=gdf.crs
    )
    topo = topojson.Topology(
        slim, prequantize=QUANTIZATION, topology=True, toposimplify=False, object_name="territoires"
    )
    return topo.to_dict()


def with_properties(topology: dict, props: dict[str, dict]) -> dict:
    """A copy of `topology` whose geometries carry extra properties looked up by code."""
    out = dict(topology)
    objects = dict(out["objects"])
    obj = dict(objects["territoires"])
    geometries = []
    for g in obj["geometries"]:
        g = dict(g)
        code = g.get("properties", {}).get("c")
        g["properties"] = {"c": code, **props.get(code, {})}
        geometries.append(g)
    obj["geometries"] = geometries
    objects["territoires"] = obj
    out["objects"] = objects
    return out


def bitmask(values, labels: tuple[str, ...]) -> int:
    index = {label: i for i, label in enumerate(labels)}
    mask = 0
    for v in values or ():
        if v in index:
            mask |= 1 << index[v]
    return mask


def actor_rows(actors: pd.DataFrame, colour_by: str) -> tuple[list, list[str], list[str]]:
    """Compact marker rows, the colours used and their legend labels."""
    located = actors[actors["latitude"].notna() & actors["longitude"].notna()]
    if colour_by == "membership":
        labels = list(MEMBERSHIP_COLOURS)
        keys = located["membre_reseau"].map(lambda m: labels[0] if m else labels[1])
        colours = list(MEMBERSHIP_COLOURS.values())
    else:
        labels = list(std.FAMILY_ORDER)
        keys = located["typologie_famille"].fillna(std.OTHER_FAMILY)
        colours = [FAMILY_COLOURS[f] for f in labels]
    position = {label: i for i, label in enumerate(labels)}
    rows = []
    for (place_id, lat, lon, name, typos, address, postal, commune, services, programmes), key in zip(
        located[
            [
                "id",
                "latitude",
                "longitude",
                "nom",
                "typologie",
                "adresse",
                "code_postal",
                "commune",
                "services",
                "dispositif_programmes_nationaux",
            ]
        ].itertuples(index=False, name=None),
        keys,
    ):
        typology = ", ".join(std.TYPOLOGIES.get(t, t) for t in (typos or ())) or "typologie non renseignée"
        place = " ".join(part for part in (address, postal, commune) if isinstance(part, str) and part)
        rows.append(
            [
                round(float(lat), 5),
                round(float(lon), 5),
                position.get(key, len(labels) - 1),
                escape_text(name),
                escape_text(typology),
                escape_text(place),
                bitmask(services, std.SERVICES),
                bitmask(programmes, std.PROGRAMMES),
                escape_text(place_url(place_id)),
            ]
        )
    return rows, colours, labels


@dataclass
class ChoroplethLayer:
    topology: dict  # from to_topology
    tooltips: dict[str, str]  # code -> escaped tooltip HTML (name, value)
    classes: dict[str, int]  # code -> class index (-1 = no data)
    palette: tuple[str, ...]
    name: str


@dataclass
class Overlay:
    topology: dict
    name: str
    style: dict
    show: bool = False
    tooltip: dict[str, str] = field(default_factory=dict)


@dataclass
class MapSpec:
    bounds: tuple[float, float, float, float]  # lon0, lat0, lon1, lat1
    choropleth: ChoroplethLayer | None
    actors: pd.DataFrame | None
    colour_by: str  # "family" or "membership"
    legend_html: str  # shown beside the map by the page (so that it never covers a territory)
    outlines: list[Overlay] = field(default_factory=list)
    height: int = 660
    legend_inside: bool = False  # also draw the legend as a box in the map's bottom-left corner


def build_map(spec: MapSpec) -> folium.Map:
    lon0, lat0, lon1, lat1 = spec.bounds
    # No tile layer sets a zoom range, and Leaflet.markercluster needs one.
    m = offline_map(
        location=[(lat0 + lat1) / 2, (lon0 + lon1) / 2],
        zoom_start=8,
        minZoom=6,
        maxZoom=18,
        zoomSnap=0.25,
        control_scale=True,
    )
    MapStyle([[lat0, lon0], [lat1, lon1]]).add_to(m)
    if spec.choropleth is not None:
        c = spec.choropleth
        props = {
            code: {"t": c.tooltips.get(code, escape_text(code)), "k": c.classes.get(code, -1)} for code in c.tooltips
        }
        # Leaflet's layer control inserts layer names as HTML: every name is escaped here.
        TopoChoropleth(with_properties(c.topology, props), "territoires", c.palette, name=escape_text(c.name)).add_to(m)
    for overlay in spec.outlines:
        props = {code: {"t": text} for code, text in overlay.tooltip.items()}
        topo = with_properties(overlay.topology, props) if props else overlay.topology
        TopoOutline(
            topo, "territoires", escape_text(overlay.name), overlay.style, show=overlay.show, interactive=bool(props)
        ).add_to(m)
    if spec.actors is not None and len(spec.actors):
        rows, colours, _ = actor_rows(spec.actors, spec.colour_by)
        ActorMarkers(rows, colours, list(std.SERVICES), list(std.PROGRAMMES), name=f"Lieux ({len(rows)})").add_to(m)
    if spec.legend_inside and spec.legend_html:
        Legend(spec.legend_html, position="bottomleft").add_to(m)
    offline_layer_control(collapsed=True, position="topright").add_to(m)
    return m
