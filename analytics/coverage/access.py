"""Territorial coverage: distance from each commune to the nearest place, overall and per service,
and the same measures aggregated by commune, EPCI, département, priority zone or region.

Method (stated on the pages):
- a commune is represented by its population centre: `centre_lon`, `centre_lat` of the
  reference (the town hall, or a point inside the polygon when the town hall is unknown);
- places are the actors of the region (`hors_region` False) that have coordinates;
- the distance is the straight line, in Lambert-93 (metres), from the commune's centre to the
  nearest place. A place located in the commune counts at its real distance from the centre
  (not zero): the same rule for every commune, so a large commune whose only place is far from
  the town hall is measured as it is;
- a commune is beyond the threshold when that distance is strictly greater than the threshold
  (12 km > 10 km is beyond; exactly 10 km is within);
- per service, only the places whose `services` list contains that service count;
- unknown is not missing (analytics/coverage/described_fields.py): a commune without any place offering a
  service within the threshold lacks it only when every place within the threshold describes its
  services; when a place within the threshold does not (the national lists only name the
  services their programme implies), the service is "non renseigné" there (`inconnu_<k>`), not
  missing (`sans_<k>`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.coverage.described_fields import describes, lists_value
from analytics.coverage.nearest import lonlat_to_lambert93, nearest_distances_m
from analytics.coverage.supply import places_by_commune
from loaders.code_sets import in_codes
from loaders.indicators import IFN_LABELS
from loaders.lieux_standard import SERVICE_SHORT, SERVICES
from loaders.territories import ZONE_LABELS
from loaders.zones import ACV, CENTRE, QPV

# Column keys for the 9 services of the national standard (same order as SERVICES).
SERVICE_KEYS: dict[str, str] = dict(
    zip(
        SERVICES,
        (
            "demarches",
            "outils_quotidien",
            "insertion",
            "securite",
            "parentalite",
            "loisirs",
            "culture_numerique",
            "acces_materiel",
            "materiel_solidaire",
        ),
    )
)
SERVICE_LABELS: dict[str, str] = {key: SERVICE_SHORT[label] for label, key in SERVICE_KEYS.items()}

ZONE_KEYS: tuple[str, ...] = (QPV, ACV, CENTRE)  # in the tables' order
OUTSIDE_ZONES = "hors_zone"
DEFAULT_ZONE_LABELS: dict[str, str] = {**ZONE_LABELS, OUTSIDE_ZONES: "Hors zones prioritaires"}
LEVELS: tuple[str, ...] = ("commune", "epci", "departement", "zone", "region")
_LEVEL_COLUMNS = {
    "commune": ("code_insee", "nom"),
    "epci": ("code_epci", "nom_epci"),
    "departement": ("code_departement", "nom_departement"),
}

COMMUNE_COLUMNS = (
    "code_insee",
    "nom",
    "code_epci",
    "nom_epci",
    "code_departement",
    "nom_departement",
    "population",
)


def located_places(actors: pd.DataFrame) -> pd.DataFrame:
    """The places that count for distances: in the region, with both coordinates.

    Returns a new frame (index 0..n-1) with id, nom, commune, code_insee, services, sources,
    dispositif_programmes_nationaux, membre_reseau, latitude, longitude, projected x, y (m) and
    services_decrits (the place describes its services, described_fields.describes).
    """
    keep = actors["latitude"].notna() & actors["longitude"].notna()
    if "hors_region" in actors:
        keep &= ~actors["hors_region"].fillna(False).astype(bool)
    columns = [
        c
        for c in (
            "id",
            "nom",
            "commune",
            "code_insee",
            "services",
            "sources",
            "dispositif_programmes_nationaux",
            "typologie_famille",
            "membre_reseau",
            "latitude",
            "longitude",
        )
        if c in actors
    ]
    places = actors.loc[keep, columns].reset_index(drop=True).copy()
    places["services_decrits"] = describes(places, "services").to_numpy()
    xy = lonlat_to_lambert93(places["longitude"], places["latitude"]) if len(places) else np.empty((0, 2))
    places["x"] = xy[:, 0]
    places["y"] = xy[:, 1]
    return places


def offers_service(services: pd.Series, service: str) -> np.ndarray:
    """Boolean array: the place's `services` list contains `service`."""
    return lists_value(services, service)


def commune_centres_xy(communes: pd.DataFrame) -> np.ndarray:
    """Lambert-93 coordinates of each commune's population centre (centre_lon/centre_lat; a
    point inside the polygon when those are missing and a geometry is present)."""
    lon = communes["centre_lon"].astype("float64").to_numpy(copy=True)
    lat = communes["centre_lat"].astype("float64").to_numpy(copy=True)
    missing = np.isnan(lon) | np.isnan(lat)
    if missing.any() and "geometry" in communes:
        points = communes.loc[missing, "geometry"].representative_point()
        lon[missing] = points.x.to_numpy()
        lat[missing] = points.y.to_numpy()
    return lonlat_to_lambert93(lon, lat)


def _km(distances_m: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(distances_m), distances_m / 1000.0, np.nan)


def beyond_threshold(distance_km, threshold_km: float) -> np.ndarray:
    """Strictly farther than the threshold (compared to the millimetre, so that a projection
    round-off cannot push exactly 10 km beyond 10 km); a missing distance (no place) is beyond."""
    d = np.round(np.asarray(distance_km, dtype="float64"), 6)
    return ~(d <= threshold_km)


def commune_coverage(communes: pd.DataFrame, actors: pd.DataFrame, threshold_km: float, as_of=None) -> pd.DataFrame:
    """One row per commune (same order as `communes`, plain DataFrame, no geometry).

    Columns: code_insee, nom, code_epci, nom_epci, code_departement, nom_departement,
    population, the zone flags present in `communes` (qpv, acv, centre_bretagne), centre_lon,
    centre_lat, nb_lieux (actors whose code_insee is the commune, with or without coordinates),
    nb_membres (network members, as of `as_of` if given), programmes (sorted tuple of national
    programmes of its places), distance_km (to the nearest located place; NaN when the region has
    none), lieu_proche_id, lieu_proche_nom, lieu_proche_code_insee, au_dela_seuil (distance
    > threshold, or no place at all), nb_lieux_services_inconnus (actors of the commune that do
    not describe their services), dist_services_inconnus_km (to the nearest located place that
    does not; NaN when none), and for each service key k of SERVICE_KEYS:
    nb_lieux_<k> (places of the commune offering it), dist_<k>_km (to the nearest place offering
    it), sans_<k> (no place offering it within the threshold, and every place within the
    threshold describes its services: the service is missing) and inconnu_<k> (no place offering
    it within the threshold, but a place within the threshold does not describe its services:
    unknown). sans_<k> and inconnu_<k> are never both true.
    """
    base = places_by_commune(actors, communes, as_of)
    out = pd.DataFrame(base[list(COMMUNE_COLUMNS)]).reset_index(drop=True)
    for flag in ZONE_KEYS + ("nb_qpv",):
        if flag in communes:
            out[flag] = communes[flag].to_numpy()
    out["centre_lon"] = communes["centre_lon"].to_numpy()
    out["centre_lat"] = communes["centre_lat"].to_numpy()
    out["nb_lieux"] = base["nb_lieux"].to_numpy()
    out["nb_membres"] = base["nb_membres"].to_numpy()

    in_communes = actors[in_codes(actors["code_insee"], set(out["code_insee"]))]
    programmes = (
        in_communes[["code_insee", "dispositif_programmes_nationaux"]]
        .explode("dispositif_programmes_nationaux")
        .dropna()
        .groupby("code_insee")["dispositif_programmes_nationaux"]
        .agg(lambda s: tuple(sorted(set(s))))
    )
    out["programmes"] = [programmes.get(code, ()) for code in out["code_insee"]]

    places = located_places(actors)
    origins = commune_centres_xy(communes)
    places_xy = places[["x", "y"]].to_numpy()
    dist, idx = nearest_distances_m(origins, places_xy, return_index=True)
    found = idx >= 0
    out["distance_km"] = _km(dist)
    out["lieu_proche_id"] = pd.array(np.where(found, places["id"].reindex(idx).to_numpy(), None), dtype="string")
    out["lieu_proche_nom"] = pd.array(np.where(found, places["nom"].reindex(idx).to_numpy(), None), dtype="string")
    out["lieu_proche_code_insee"] = pd.array(
        np.where(found, places["code_insee"].reindex(idx).to_numpy(), None), dtype="string"
    )
    out["au_dela_seuil"] = beyond_threshold(out["distance_km"], threshold_km)

    codes = in_communes["code_insee"]
    undescribed = ~describes(in_communes, "services")
    out["nb_lieux_services_inconnus"] = (
        out["code_insee"].map(codes[undescribed].value_counts()).fillna(0).astype("int64")
    )
    out["dist_services_inconnus_km"] = _km(
        nearest_distances_m(origins, places_xy[~places["services_decrits"].to_numpy(dtype=bool)])
    )
    unknown_near = ~beyond_threshold(out["dist_services_inconnus_km"], threshold_km)
    for service, key in SERVICE_KEYS.items():
        offering = offers_service(in_communes["services"], service)
        counts = codes[offering].value_counts()
        out[f"nb_lieux_{key}"] = out["code_insee"].map(counts).fillna(0).astype("int64")
        mask = offers_service(places["services"], service)
        dist_k = nearest_distances_m(origins, places_xy[mask])
        out[f"dist_{key}_km"] = _km(dist_k)
        none_near = beyond_threshold(out[f"dist_{key}_km"], threshold_km)
        out[f"sans_{key}"] = none_near & ~unknown_near
        out[f"inconnu_{key}"] = none_near & unknown_near
    return out


def _membership(
    commune_cov: pd.DataFrame, level: str, zone_labels: dict[str, str] | None, region: tuple[str, str]
) -> pd.DataFrame:
    """commune_cov with a `code` and `nom` per group; a commune appears once per group it is in."""
    if level in _LEVEL_COLUMNS:
        code, name = _LEVEL_COLUMNS[level]
        part = commune_cov.dropna(subset=[code])
        return part.assign(code=part[code].astype(str), nom=part[name].astype(str))
    if level == "region":
        return commune_cov.assign(code=region[0], nom=region[1])
    if level == "zone":
        labels = {**DEFAULT_ZONE_LABELS, **(zone_labels or {})}
        parts = []
        flags = [z for z in ZONE_KEYS if z in commune_cov]
        for zone in flags:
            part = commune_cov[commune_cov[zone].astype(bool)]
            parts.append(part.assign(code=zone, nom=labels.get(zone, zone)))
        none = ~commune_cov[flags].astype(bool).any(axis=1) if flags else pd.Series(True, index=commune_cov.index)
        parts.append(commune_cov[none].assign(code=OUTSIDE_ZONES, nom=labels[OUTSIDE_ZONES]))
        return pd.concat(parts, ignore_index=True)
    raise ValueError(f"niveau inconnu : {level}")


def _weighted_share(flags: pd.Series, population: pd.Series, groups: pd.Series) -> pd.Series:
    pop = population.astype("float64")
    num = (pop * flags.astype("float64")).groupby(groups).sum()
    den = pop.groupby(groups).sum()
    return num / den.where(den > 0)


def coverage_by_level(
    commune_cov: pd.DataFrame,
    level: str,
    indicators: pd.DataFrame | None = None,
    zone_labels: dict[str, str] | None = None,
    region: tuple[str, str] = ("region", "Région"),
) -> pd.DataFrame:
    """Aggregate `commune_coverage` rows to `level` (commune, epci, departement, zone, region).

    One row per territory, sorted by code: code, nom, population, nb_communes, nb_lieux,
    lieux_pour_10000, nb_membres, programmes (text, "; "-joined), nb_programmes,
    distance_moy_km (population-weighted mean of the communes' distance to the nearest place),
    pop_au_dela, part_pop_au_dela (0-1), nb_communes_au_dela, nb_lieux_services_inconnus, and per
    service key k: nb_lieux_<k>, part_pop_sans_<k> (0-1, population whose commune is missing k:
    `sans_<k>`) and part_pop_inconnu_<k> (0-1, population for which k is unknown:
    `inconnu_<k>`). For level "zone": one row per flag (qpv, acv, centre_bretagne; a commune can be
    in several) plus `hors_zone` (communes in none). With `indicators`, the need columns of
    `need_by_level` are added.
    """
    m = _membership(commune_cov, level, zone_labels, region)
    groups = m["code"]
    pop = m["population"].astype("float64")
    g = m.groupby("code", sort=True)
    out = pd.DataFrame(
        {
            "nom": g["nom"].first(),
            "population": g["population"].sum().astype("int64"),
            "nb_communes": g.size().astype("int64"),
            "nb_lieux": g["nb_lieux"].sum().astype("int64"),
            "nb_membres": g["nb_membres"].sum().astype("int64"),
        }
    )
    out["lieux_pour_10000"] = 10_000 * out["nb_lieux"] / out["population"].where(out["population"] > 0)
    programmes = (
        m[["code", "programmes"]]
        .explode("programmes")
        .dropna()
        .groupby("code")["programmes"]
        .agg(lambda s: sorted(set(s)))
    )
    out["programmes"] = ["; ".join(programmes.get(code, [])) for code in out.index]
    out["nb_programmes"] = [len(programmes.get(code, [])) for code in out.index]

    known = m["distance_km"].notna()
    weighted = (pop * m["distance_km"]).where(known, 0.0).groupby(groups).sum()
    weights = pop.where(known, 0.0).groupby(groups).sum()
    out["distance_moy_km"] = weighted / weights.where(weights > 0)
    beyond = m["au_dela_seuil"].astype(bool)
    out["pop_au_dela"] = (pop * beyond).groupby(groups).sum().astype("int64")
    out["part_pop_au_dela"] = _weighted_share(beyond, m["population"], groups)
    out["nb_communes_au_dela"] = beyond.groupby(groups).sum().astype("int64")
    out["nb_lieux_services_inconnus"] = g["nb_lieux_services_inconnus"].sum().astype("int64")
    for key in SERVICE_KEYS.values():
        out[f"nb_lieux_{key}"] = g[f"nb_lieux_{key}"].sum().astype("int64")
        out[f"part_pop_sans_{key}"] = _weighted_share(m[f"sans_{key}"].astype(bool), m["population"], groups)
        out[f"part_pop_inconnu_{key}"] = _weighted_share(m[f"inconnu_{key}"].astype(bool), m["population"], groups)
    out = out.rename_axis("code").reset_index()
    if indicators is not None:
        need = need_by_level(indicators, commune_cov, level, zone_labels, region)
        out = out.merge(need, on="code", how="left")
        out["ifn_methode"] = out["ifn_methode"].fillna("")
    return out


# The need: the IFN (indice de fragilité numérique, 0-10, 10 = most fragile) and its sub-scores.
NEED_IDS: tuple[str, ...] = tuple(IFN_LABELS)  # ifn_total first, then the five sub-scores
PUBLISHED = "valeur publiée"
FROM_COMMUNES = "moyenne des communes pondérée par la population"


def latest_values(indicators: pd.DataFrame, level: str, ids=NEED_IDS) -> pd.DataFrame:
    """Wide frame code x indicator: the value of the latest period of each (code, indicator)."""
    part = indicators[(indicators["niveau"] == level) & indicators["indicateur"].isin(ids)]
    if part.empty:
        return pd.DataFrame(columns=list(ids), index=pd.Index([], name="code"), dtype="float64")
    part = part.sort_values("periode").drop_duplicates(["code", "indicateur"], keep="last")
    wide = part.pivot(index="code", columns="indicateur", values="valeur").astype("float64")
    return wide.reindex(columns=list(ids))


def need_by_level(
    indicators: pd.DataFrame,
    commune_cov: pd.DataFrame,
    level: str,
    zone_labels: dict[str, str] | None = None,
    region: tuple[str, str] = ("region", "Région"),
) -> pd.DataFrame:
    """code, the NEED_IDS columns, ifn_methode.

    A territory's published value (indicators at that level, latest period) is used when it
    exists; otherwise the mean of its communes' values weighted by population (communes
    without a value are left out of the mean) and `ifn_methode` says so. Priority zones are
    always computed from their communes.
    """
    m = _membership(commune_cov, level, zone_labels, region)
    communes_values = latest_values(indicators, "commune")
    values = communes_values.reindex(m["code_insee"].to_numpy())
    values.index = m.index
    pop = m["population"].astype("float64")
    computed = {}
    for ind in NEED_IDS:
        v = values[ind]
        known = v.notna()
        num = (pop * v).where(known, 0.0).groupby(m["code"]).sum()
        den = pop.where(known, 0.0).groupby(m["code"]).sum()
        computed[ind] = num / den.where(den > 0)
    computed = pd.DataFrame(computed)
    computed.index.name = "code"
    if level == "commune":
        published = communes_values
    elif level == "zone":
        published = pd.DataFrame(columns=list(NEED_IDS), dtype="float64")
    elif level == "region":
        published = latest_values(indicators, "region").reindex([region[0]])
    else:
        published = latest_values(indicators, level)
    published = published.reindex(computed.index)
    out = published.combine_first(computed).reindex(columns=list(NEED_IDS))
    has_published = published["ifn_total"].notna()
    out["ifn_methode"] = np.where(has_published, PUBLISHED, np.where(out["ifn_total"].notna(), FROM_COMMUNES, ""))
    return out.rename_axis("code").reset_index()


def zones_blanches(commune_cov: pd.DataFrame) -> pd.DataFrame:
    """Communes with no place within the threshold (`au_dela_seuil`), most populated first:
    code_insee, nom, nom_epci, nom_departement, population, distance_km, lieu_proche_nom."""
    part = commune_cov[commune_cov["au_dela_seuil"].astype(bool)]
    columns = [
        "code_insee",
        "nom",
        "code_epci",
        "nom_epci",
        "code_departement",
        "nom_departement",
        "population",
        "distance_km",
        "lieu_proche_nom",
    ]
    return part[columns].sort_values(["population", "code_insee"], ascending=[False, True]).reset_index(drop=True)
