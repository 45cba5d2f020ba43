"""One territory's profile (commune, EPCI or département): which territory a code names, how it
compares with its département and the region, its places, services, priority zones and money."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.coverage.access import NEED_IDS, SERVICE_KEYS, ZONE_KEYS, coverage_by_level, located_places
from analytics.coverage.described_fields import describes, in_region
from analytics.coverage.nearest import k_nearest, lonlat_to_lambert93
from analytics.territory.selection import short_epci_name
from loaders.code_sets import in_codes
from loaders.territory_levels import TERRITORY_LEVELS, territory_level

PROFILE_LEVELS = TERRITORY_LEVELS


@dataclass(frozen=True)
class TerritoryRef:
    level: str  # commune | epci | departement
    code: str
    name: str
    departement: str  # the département it is compared with (an EPCI: the one holding most of its population)
    communes: frozenset[str]


def resolve_territory(communes: pd.DataFrame, code: str | None, level: str | None = None) -> TerritoryRef | None:
    """The territory named by `code` (and `level` if given, which must agree with the code's
    shape); None when the code is missing, malformed or not a territory of the loaded region."""
    shape = territory_level(code)
    if shape is None or (level and level != shape):
        return None
    code = code.strip().upper()
    if shape == "commune":
        part = communes[communes["code_insee"] == code]
        if part.empty:
            return None
        row = part.iloc[0]
        return TerritoryRef("commune", code, str(row["nom"]), str(row["code_departement"]), frozenset([code]))
    if shape == "epci":
        part = communes[communes["code_epci"] == code]
        if part.empty:
            return None
        dep = part.groupby("code_departement")["population"].sum().idxmax()
        return TerritoryRef(
            "epci", code, short_epci_name(part["nom_epci"].iloc[0]), str(dep), frozenset(part["code_insee"])
        )
    part = communes[communes["code_departement"] == code]
    if part.empty:
        return None
    return TerritoryRef("departement", code, str(part["nom_departement"].iloc[0]), code, frozenset(part["code_insee"]))


# The measures compared between the territory, its département and the region (in this order).
COMPARED_MEASURES: tuple[str, ...] = (
    "population",
    "nb_lieux",
    "lieux_pour_10000",
    "nb_membres",
    "distance_moy_km",
    "part_pop_au_dela",
    *NEED_IDS,
)


def comparison(
    commune_cov: pd.DataFrame,
    ref: TerritoryRef,
    indicators: pd.DataFrame,
    region: tuple[str, str],
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rows = COMPARED_MEASURES, columns = territoire, departement, region (a département's
    profile has no separate département column), from coverage_by_level at each level; and,
    per column, how its need was obtained (`ifn_methode`: published or weighted commune mean)."""
    rows = {}
    own = coverage_by_level(
        commune_cov[in_codes(commune_cov["code_insee"], ref.communes)], ref.level, indicators, region=region
    )
    rows["territoire"] = own.set_index("code").loc[ref.code]
    if ref.level != "departement":
        dep = coverage_by_level(
            commune_cov[commune_cov["code_departement"] == ref.departement], "departement", indicators, region=region
        )
        rows["departement"] = dep.set_index("code").loc[ref.departement]
    rows["region"] = coverage_by_level(commune_cov, "region", indicators, region=region).iloc[0]
    table = pd.DataFrame({k: v.reindex(list(COMPARED_MEASURES)) for k, v in rows.items()})
    methods = {k: str(v.get("ifn_methode", "")) for k, v in rows.items()}
    return table.apply(pd.to_numeric, errors="coerce"), methods


def territory_actors(actors: pd.DataFrame, ref: TerritoryRef) -> pd.DataFrame:
    """The actors whose commune is in the territory, by commune then name: id, nom, commune,
    code_insee, typologie_famille, services, services_decrits (described_fields.describes),
    dispositif_programmes_nationaux, membre_reseau, latitude, longitude."""
    part = actors[in_codes(actors["code_insee"], ref.communes)]
    part = part.assign(services_decrits=describes(part, "services"))
    columns = [
        "id",
        "nom",
        "commune",
        "code_insee",
        "typologie_famille",
        "services",
        "services_decrits",
        "dispositif_programmes_nationaux",
        "membre_reseau",
        "latitude",
        "longitude",
    ]
    return part[columns].sort_values(["commune", "nom"]).reset_index(drop=True)


def nearest_places(
    actors: pd.DataFrame, lon: float, lat: float, k: int = 5, exclude_communes=frozenset()
) -> pd.DataFrame:
    """The k places (located, in the region) nearest to a point, leaving out the places of the
    communes in `exclude_communes`: id, nom, commune, code_insee, latitude, longitude,
    distance_km, nearest first."""
    places = located_places(actors)
    places = places[~in_codes(places["code_insee"], exclude_communes)].reset_index(drop=True)
    origin = lonlat_to_lambert93([lon], [lat])[0]
    idx, dist = k_nearest(origin, places[["x", "y"]].to_numpy(), k)
    out = places.loc[idx, ["id", "nom", "commune", "code_insee", "latitude", "longitude"]].reset_index(drop=True)
    out["distance_km"] = dist / 1000.0
    return out


SERVICE_STATUS = ("present", "proche", "partiel", "partiel_inconnu", "inconnu", "absent")


def service_presence(commune_cov: pd.DataFrame, ref: TerritoryRef) -> pd.DataFrame:
    """One row per service of the standard: service (label), key, nb_lieux (places of the
    territory offering it), part_pop_sans (share of the population whose commune is missing it:
    no place offering it within the threshold, and every place within the threshold describes
    its services), part_pop_inconnu (share for which it is unknown: no place offering it within
    the threshold, but a place within the threshold does not describe its services),
    part_pop_avec (share with a place offering it within the threshold; the three add up to 1),
    distance_km (a commune's distance to the nearest place offering it; NaN for an EPCI or a
    département) and statut:
    - present: offered in the territory and every inhabitant has it within the threshold;
    - proche: not offered in the territory but every inhabitant has it within the threshold;
    - partiel: part of the population has it within the threshold, part is known to lack it;
    - partiel_inconnu: part of the population has it within the threshold, for the rest it is
      unknown (nobody is known to lack it);
    - inconnu: nobody has it within the threshold, and for part of the population (or all) it
      is unknown: the territory is not called missing it;
    - absent: nobody has it within the threshold, and every place within the threshold
      describes its services.
    A territory without communes gets NaN shares and the status absent."""
    part = commune_cov[in_codes(commune_cov["code_insee"], ref.communes)]
    pop = part["population"].astype("float64")
    total = pop.sum()
    weights = pop / total if total > 0 else pd.Series(1.0 / len(part) if len(part) else np.nan, index=part.index)
    rows = []
    for label, key in SERVICE_KEYS.items():
        n = int(part[f"nb_lieux_{key}"].sum())
        missing = part[f"sans_{key}"].astype(bool)
        unknown = part[f"inconnu_{key}"].astype(bool)
        within = ~(missing | unknown)
        share = float((weights * missing).sum()) if len(part) else np.nan
        share_unknown = float((weights * unknown).sum()) if len(part) else np.nan
        share_with = float((weights * within).sum()) if len(part) else np.nan
        distance = float(part[f"dist_{key}_km"].iloc[0]) if ref.level == "commune" and len(part) else np.nan
        if not len(part) or (not within.any() and not unknown.any()):
            status = "absent"
        elif not within.any():
            status = "inconnu"
        elif within.all():
            status = "present" if n > 0 else "proche"
        elif missing.any():
            status = "partiel"
        else:
            status = "partiel_inconnu"
        rows.append(
            {
                "service": label,
                "key": key,
                "nb_lieux": n,
                "part_pop_sans": share,
                "part_pop_inconnu": share_unknown,
                "part_pop_avec": share_with,
                "distance_km": distance,
                "statut": status,
            }
        )
    return pd.DataFrame(rows)


def services_knowledge(actors: pd.DataFrame, ref: TerritoryRef) -> dict[str, int]:
    """How many places describe their services (described_fields.describes): `lieux` and
    `inconnus` in the territory, `lieux_region` and `inconnus_region` among the places of the
    region (the verdicts draw on places around the territory too)."""
    region = in_region(actors)
    unknown = ~describes(region, "services")
    inside = in_codes(region["code_insee"], ref.communes)
    return {
        "lieux": int(inside.sum()),
        "inconnus": int((unknown & inside).sum()),
        "lieux_region": int(len(region)),
        "inconnus_region": int(unknown.sum()),
    }


def zone_membership(commune_cov: pd.DataFrame, ref: TerritoryRef) -> pd.DataFrame:
    """One row per priority zone (qpv, acv, centre_bretagne): zone, nb_communes of the territory
    in it, population of those communes, nb_qpv (number of QPV, for the qpv row)."""
    part = commune_cov[in_codes(commune_cov["code_insee"], ref.communes)]
    rows = []
    for zone in ZONE_KEYS:
        if zone not in part:
            continue
        inside = part[part[zone].astype(bool)]
        rows.append(
            {
                "zone": zone,
                "nb_communes": int(len(inside)),
                "population": int(inside["population"].sum()),
                "nb_qpv": int(inside["nb_qpv"].sum()) if zone == "qpv" and "nb_qpv" in part else None,
            }
        )
    return pd.DataFrame(rows, columns=["zone", "nb_communes", "population", "nb_qpv"])


def territory_codes(communes: pd.DataFrame, ref: TerritoryRef) -> frozenset[str]:
    """Every code that lands in the territory: its own code, its communes, and (for a
    département) the EPCI whose communes of the region all lie in it."""
    codes = set(ref.communes) | {ref.code}
    if ref.level == "departement":
        part = communes.dropna(subset=["code_epci"])
        deps_per_epci = part.groupby("code_epci")["code_departement"].agg(lambda s: set(s))
        codes |= {epci for epci, deps in deps_per_epci.items() if deps == {ref.code}}
    return frozenset(codes)


def money_landed(
    movements: pd.DataFrame, budget_lines: pd.DataFrame, codes: frozenset[str]
) -> tuple[dict[str, int], pd.DataFrame]:
    """The hub's movements whose `code_territoire` is one of `codes`: totals in integer cents by
    nature ({"engagement": ..., "depense": ...}) and the movements (date, id_mouvement, nature,
    montant_centimes, categorie, action, beneficiaire, libelle, code_territoire), latest first."""
    part = movements[movements["code_territoire"].isin(codes).fillna(False).astype(bool)]
    part = part.merge(budget_lines[["id_ligne", "action", "categorie"]], on="id_ligne", how="left")
    totals = {
        nature: int(part.loc[part["nature"] == nature, "montant_centimes"].sum())
        for nature in ("engagement", "depense")
    }
    columns = [
        "date",
        "id_mouvement",
        "nature",
        "montant_centimes",
        "categorie",
        "action",
        "beneficiaire",
        "libelle",
        "code_territoire",
    ]
    return totals, part[columns].sort_values(["date", "id_mouvement"], ascending=[False, True]).reset_index(drop=True)
