"""The hub's base against the national one: which places each lacks, and where they disagree.

The national map (cartographie nationale des lieux d'inclusion numérique) publishes every
day the places of France in the standard "lieux de médiation numérique" v1 (about 17,000
rows). `read_national_export` keeps the hub's region: rows whose INSEE code, postal code or
coordinates lie in one of the region's départements are read by the actors' loader, and those
it places outside the region are counted and left out.

`reconcile(hub, national)` compares the two with the merge's own rules
(ingestion/actor_merge.py, `consolidate`): the hub's places and the national ones are two
lists (scopes), so that a place is matched with at most one place of the other list, by the
same id, the same SIRET and a close name, the same commune and a close name, or 50 m and a
close name; the SIRET alone never matches (a town hall and its library share one). The
decisions staff took on suspected duplicates (`meme_lieu`, `distincts` on record ids) apply.

Result: the pairs matched (with the rule), the places only in the hub's base, those only in
the national one, and for each pair the fields that disagree (compared without case, accents
or punctuation; lists as sets; phones as digits; coordinates more than 100 m apart). The
places only in the hub's base are exported in the national standard, validated
(`missing_nationally_export`); those only in the national base become a file in the standard
(`national_only_file`) that the page imports as candidates through the usual preview and
decision flow (source « Cartographie nationale »).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ingestion.actor_merge import ACTOR, RULES, SCOPE, as_records, consolidate
from ingestion.actors_export import plain_cell, to_standard_csv
from ingestion.name_matching import fold
from ingestion.standard_export import StandardExport, publishable_export, validate_standard_export
from loaders import lieux_standard as std
from loaders.actors import load_actors
from loaders.problems import INFO, Problem
from loaders.tabular_reading import read_table
from loaders.territories import Territories

HUB_SCOPE = "Base du hub"
NATIONAL_SCOPE = "Cartographie nationale"
NATIONAL_SOURCE = NATIONAL_SCOPE  # the source name of the candidates imported from it
CANDIDATES_FILE = "cartographie-nationale-lieux-absents-du-hub.csv"
MISSING_FILE = "lieux-du-hub-absents-de-la-cartographie-nationale.csv"
COORDINATES = "coordonnees"
DISTANCE_TOLERANCE_M = 100.0
# The fields compared for the matched pairs (the standard's, but the ids, the collector and
# the date, which say who and when rather than what), coordinates as one.
COMPARED = tuple(c for c in std.COLUMNS if c not in ("id", "source", "date_maj", "latitude", "longitude")) + (
    COORDINATES,
)
TEXT_FOLDED = ("nom", "commune", "adresse", "complement_adresse", "structure_parente", "presentation_resume")
MATCH_COLUMNS = (
    "id_hub",
    "id_national",
    "nom_hub",
    "nom_national",
    "commune",
    "regle",
    "date_maj_hub",
    "date_maj_nationale",
    "differences",
)
DIFFERENCE_COLUMNS = ("id_hub", "id_national", "nom", "champ", "valeur_hub", "valeur_nationale")


@dataclass
class NationalRead:
    """The national export kept for the region: its places, the rows left aside, the problems."""

    actors: pd.DataFrame
    rows_read: int
    outside_region: int
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0


@dataclass
class Reconciliation:
    matched: pd.DataFrame  # MATCH_COLUMNS
    hub_only: pd.DataFrame  # the hub's places (its actors' columns)
    national_only: pd.DataFrame  # the national places (the actors' columns)
    differences: pd.DataFrame  # DIFFERENCE_COLUMNS, one row per field that disagrees
    report: dict
    problems: list[Problem] = field(default_factory=list)


def read_national_export(source, territories: Territories, file_name: str = "lieux-mediation-numerique.csv"):
    """The national file's places in the region (see the module's docstring); never raises."""
    read = read_table(source, file_name)
    if read.frame is None:
        return NationalRead(load_actors(b"", territories, file_name).frame, 0, 0, list(read.problems))
    raw = read.frame
    keep = _in_region_rows(raw, territories)
    result = load_actors(raw[keep].reset_index(drop=True), territories, file_name=file_name)
    actors = result.frame
    outside = int((~keep).sum()) + int(actors["hors_region"].sum())
    inside = actors[~actors["hors_region"]].reset_index(drop=True)
    problems = [p for p in read.problems + result.problems if "hors de la région" not in p.message]
    if outside:
        problems.append(
            Problem(
                file_name,
                f"{outside} lieu(x) hors de la région laissé(s) de côté",
                severity=INFO,
            )
        )
    return NationalRead(inside, len(raw), outside, problems, len(result.rejected))


def _in_region_rows(raw: pd.DataFrame, territories: Territories) -> pd.Series:
    """Rows whose INSEE code, postal code or coordinates point to a département of the region."""
    communes = territories.communes
    departements = set(communes["code_departement"].astype(str))

    def starts(column: str) -> pd.Series:
        if column not in raw.columns:
            return pd.Series(False, index=raw.index)
        values = raw[column].astype(str).str.strip().str.zfill(5).where(raw[column].astype(str).str.strip() != "")
        return values.str[:2].isin(departements) | values.str[:3].isin(departements)

    keep = starts("code_insee") | starts("code_postal")
    if {"latitude", "longitude"} <= set(raw.columns):
        lat = pd.to_numeric(raw["latitude"].str.replace(",", ".", regex=False), errors="coerce")
        lon = pd.to_numeric(raw["longitude"].str.replace(",", ".", regex=False), errors="coerce")
        lon0, lat0, lon1, lat1 = communes.total_bounds
        margin = 0.1
        near = lat.between(lat0 - margin, lat1 + margin) & lon.between(lon0 - margin, lon1 + margin)
        # Latitude and longitude swapped: still near (the loader swaps them back).
        near |= lon.between(lat0 - margin, lat1 + margin) & lat.between(lon0 - margin, lon1 + margin)
        keep |= near.fillna(False)
    return keep.fillna(False).astype(bool)


def reconcile(hub: pd.DataFrame, national: pd.DataFrame, decisions: pd.DataFrame | None = None) -> Reconciliation:
    """Match the hub's places with the national ones (see the module's docstring)."""
    hub_records = as_records(hub, scope=HUB_SCOPE)
    national_records = as_records(national, scope=NATIONAL_SCOPE)
    records = pd.concat([hub_records, national_records], ignore_index=True)
    merged = consolidate(records, decisions)
    records = merged.records
    scopes = records.groupby(ACTOR)[SCOPE].agg(set)
    both = set(scopes.index[scopes.map(lambda s: {HUB_SCOPE, NATIONAL_SCOPE} <= s)])
    in_hub = records[records[SCOPE] == HUB_SCOPE]
    in_nat = records[records[SCOPE] == NATIONAL_SCOPE]
    hub_ids = in_hub.loc[~in_hub[ACTOR].isin(both), "id"].astype(object)
    national_ids = in_nat.loc[~in_nat[ACTOR].isin(both), "id"].astype(object)
    hub_only = hub[hub["id"].astype(object).isin(set(hub_ids))].reset_index(drop=True)
    national_only = national[national["id"].astype(object).isin(set(national_ids))].reset_index(drop=True)

    pairs = (
        in_hub[in_hub[ACTOR].isin(both)][["id", ACTOR]]
        .rename(columns={"id": "id_hub"})
        .merge(in_nat[in_nat[ACTOR].isin(both)][["id", ACTOR]].rename(columns={"id": "id_national"}), on=ACTOR)
    )
    rule_of = _rules(merged.links)
    hub_rows = hub.drop_duplicates("id").set_index(hub.drop_duplicates("id")["id"].astype(object))
    nat_rows = national.drop_duplicates("id").set_index(national.drop_duplicates("id")["id"].astype(object))
    matched, differences = [], []
    for id_hub, id_national in zip(pairs["id_hub"].astype(object), pairs["id_national"].astype(object)):
        a, b = hub_rows.loc[id_hub], nat_rows.loc[id_national]
        fields = disagreements(a, b)
        for champ, value_a, value_b in fields:
            differences.append(
                {
                    "id_hub": id_hub,
                    "id_national": id_national,
                    "nom": a["nom"],
                    "champ": champ,
                    "valeur_hub": value_a,
                    "valeur_nationale": value_b,
                }
            )
        matched.append(
            {
                "id_hub": id_hub,
                "id_national": id_national,
                "nom_hub": a["nom"],
                "nom_national": b["nom"],
                "commune": a["commune"],
                "regle": RULES.get(rule_of.get((id_hub, id_national), ""), "même lieu"),
                "date_maj_hub": _day(a["date_maj"]),
                "date_maj_nationale": _day(b["date_maj"]),
                "differences": len(fields),
            }
        )
    matched_frame = pd.DataFrame(matched, columns=list(MATCH_COLUMNS))
    matched_frame = matched_frame.sort_values(["differences", "nom_hub"], ascending=[False, True]).reset_index(
        drop=True
    )
    differences_frame = pd.DataFrame(differences, columns=list(DIFFERENCE_COLUMNS))
    by_rule = pd.Series([rule_of.get(p, "") for p in zip(pairs["id_hub"], pairs["id_national"])]).value_counts()
    report = {
        "lieux_hub": len(hub),
        "lieux_nationaux": len(national),
        "rapproches": len(matched_frame),
        "seulement_hub": len(hub_only),
        "seulement_national": len(national_only),
        "rapproches_avec_differences": int((matched_frame["differences"] > 0).sum()),
        "differences": len(differences_frame),
        "regles": {rule: int(by_rule.get(rule, 0)) for rule in RULES},
    }
    return Reconciliation(matched_frame, hub_only, national_only, differences_frame, report, list(merged.problems))


def _rules(links: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(hub id, national id) -> the rule that linked them."""
    out = {}
    for a, b, sa, sb, rule in zip(links["id_a"], links["id_b"], links["source_a"], links["source_b"], links["regle"]):
        if sa == HUB_SCOPE and sb == NATIONAL_SCOPE:
            out[(a, b)] = rule
        elif sa == NATIONAL_SCOPE and sb == HUB_SCOPE:
            out[(b, a)] = rule
    return out


def _day(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _digits(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    return "0" + digits[3:] if digits.startswith("+33") else digits


def _comparable(column: str, value):
    """A value as compared (the shown value is the standard's cell)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return frozenset(fold(v) for v in value if fold(v))
    text = plain_cell(value).strip()
    if column == "telephone":
        return _digits(text)
    if column in TEXT_FOLDED:
        return fold(text)
    return text


def _distance_m(a: pd.Series, b: pd.Series) -> float | None:
    values = [a["latitude"], a["longitude"], b["latitude"], b["longitude"]]
    if any(v is None or pd.isna(v) for v in values):
        return None
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in values)
    x = (lon2 - lon1) * math.cos((lat1 + lat2) / 2)
    return 6_371_000.0 * math.hypot(x, lat2 - lat1)


def _coordinates_text(row: pd.Series) -> str:
    if pd.isna(row["latitude"]) or pd.isna(row["longitude"]):
        return ""
    return f"{plain_cell(row['latitude'])}, {plain_cell(row['longitude'])}"


def disagreements(hub_row: pd.Series, national_row: pd.Series) -> list[tuple[str, str, str]]:
    """(field, hub's value, national value) for every compared field that differs."""
    out = []
    for column in COMPARED:
        if column == COORDINATES:
            distance = _distance_m(hub_row, national_row)
            shown_a, shown_b = _coordinates_text(hub_row), _coordinates_text(national_row)
            if (distance is None and (shown_a or shown_b) and shown_a != shown_b) or (
                distance is not None and distance > DISTANCE_TOLERANCE_M
            ):
                out.append((column, shown_a, shown_b))
            continue
        if column not in hub_row.index or column not in national_row.index:
            continue
        a, b = hub_row[column], national_row[column]
        if _comparable(column, a) != _comparable(column, b):
            out.append((column, plain_cell(a), plain_cell(b)))
    return out


def missing_nationally_export(result: Reconciliation, territories: Territories) -> tuple[StandardExport, list[Problem]]:
    """The hub's places the national base lacks, in the standard, and the validation's problems."""
    export = publishable_export(result.hub_only)
    return export, validate_standard_export(export.text, territories, MISSING_FILE)


def national_only_file(result: Reconciliation) -> bytes:
    """The national places the hub lacks, as a file in the standard (UTF-8), to import."""
    return to_standard_csv(result.national_only).encode("utf-8")
