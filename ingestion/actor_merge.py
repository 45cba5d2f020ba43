"""One place described by several sources becomes one actor.

The registry is computed from *records*: one row per place per source (the frames the readers
of `loaders.sources` and `load_actors` return), each tagged with its import scope
(`fiche_source`: the list it came from, e.g. "France Services (ANCT)", or "Registre du hub"
for the hub's own file) and, after a first merge, with the actor it belongs to
(`id_acteur`). Importing a source again replaces that source's records and recomputes the
registry, so nothing a source once said is mixed up with what it says now, and nothing from
the other sources is lost.

Which records describe the same place (certain links, merged automatically):
- same `id` in two scopes (the two formats of the France Services list share `fs-<id_fs>`),
  unless the names are clearly different (similarity < 50);
- same SIRET/RNA (`pivot`, placeholders already removed by the loaders) and a similar name
  (>= 80), in the same commune or at the same street address. Several places share a SIRET
  (a commune's town hall, library and France services; a département's CDAS; a community of
  communes' offices and the France services it runs): the SIRET alone never merges, and names
  announcing different kinds of places (town hall / library, CCAS / CDAS, intercommunality /
  France services, bus / fixed site) never count as similar;
- same commune (`code_insee`) and a similar name (>= 90), or a fairly similar name (>= 75)
  at the same street address;
- within 50 m (exact coordinates only: coordinates placed at a commune's centre do not count)
  and a similar name (>= 80).
None of these merges two records (or two groups of records) whose precise street addresses
clearly differ (the same id excepted): such pairs are only suspected. Names are compared by
`ingestion.name_matching` (rapidfuzz). Likely but uncertain pairs
become *suspected duplicates* for a person: same SIRET and commune with a fairly similar name
(>= 55), same commune and a fairly similar name (>= 70), within 50 m and >= 55, a structure
another list says is a France services (Conseillers numériques' and Aidants Connect's flags)
and the only France services site of its commune, whatever the names, and
two entries of the same list that would otherwise be merged (a list describes a place once).
A decision (`meme_lieu` / `distincts` on two record ids) is applied on every run: confirmed
pairs merge, rejected pairs are never merged nor suggested again.

Consolidated values: `sources`, `dispositif_programmes_nationaux` and `services` are the
union over the records (each list speaks for its own programme), in a stable order (the hub's
registry first, then France Services, Conseillers numériques, Aidants Connect); `mention_qpv`/`mention_zrr`
are true when any record says so; `date_maj` is the latest; any other field takes the most
recent non-empty value (by `date_maj`; ties: the hub's registry, then France Services,
Conseillers numériques, Aidants Connect, then the smallest id), with the address
(`adresse`, `complement_adresse`, `code_postal`), the commune (`code_insee`, `commune` and
what derives from it) and the coordinates (exact before approximate) each taken whole from
one record. Staff corrections (`id_acteur, champ, valeur[, date]`) are applied last and
survive every later import; they are reported when a source says something newer.

Blocking keeps it fast on 10 000 actors: names are only compared within a commune (rapidfuzz
`cdist` per commune), within a SIRET, within an id, and within neighbouring 50 m grid cells.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ingestion.merge_limits import MAX_CANDIDATE_PAIRS, check_comparisons, too_many_pairs
from ingestion.name_matching import (
    VAGUE_ADDRESSES,
    address_key,
    address_similarity,
    addresses_differ,
    name_key,
    name_similarity,
)
from loaders import lieux_standard as std
from loaders.actors import empty_actors_frame
from loaders.code_sets import in_codes
from loaders.dataset_spec import parse_date, parse_number, split_multi
from loaders.problems import INFO, LINE, WARNING, Problem
from loaders.schemas import ACTEURS
from loaders.sources.common import AIDANTS_CONNECT, CONSEILLERS_NUMERIQUES, FRANCE_SERVICES, FRANCE_SERVICES_DETAILED

SCOPE = "fiche_source"
ACTOR = "id_acteur"
REGISTRY = "Registre du hub"
RECORD_COLUMNS = (SCOPE, ACTOR)

SAME_PLACE = "meme_lieu"
DISTINCT = "distincts"
DECISION_VALUES = {
    "meme_lieu": SAME_PLACE,
    "même lieu": SAME_PLACE,
    "meme lieu": SAME_PLACE,
    "confirme": SAME_PLACE,
    "confirmé": SAME_PLACE,
    "distincts": DISTINCT,
    "distinct": DISTINCT,
    "rejete": DISTINCT,
    "rejeté": DISTINCT,
}

# Thresholds on `name_similarity` (0-100).
SAME_ID_MIN = 50
PIVOT_CERTAIN = 80
COMMUNE_CERTAIN = 90
COMMUNE_ADDRESS_CERTAIN = 75
ADDRESS_SAME = 90
DISTANCE_M = 50.0
DISTANCE_CERTAIN = 80
PIVOT_SUSPECT = 55
COMMUNE_SUSPECT = 70
DISTANCE_SUSPECT = 55

# Rules: key -> French label (reports, suspected pairs).
RULES = {
    "decision": "rapprochement confirmé par une personne",
    "identifiant": "même identifiant",
    "pivot": "même SIRET et nom proche",
    "commune_nom": "même commune et nom proche",
    "commune_adresse": "même commune, même adresse et nom assez proche",
    "distance": "à moins de 50 m et nom proche",
}
SUSPECT_REASONS = {
    "adresses": "noms proches, mais adresses différentes",
    "pivot_communes": "même SIRET et nom proche, mais communes et adresses différentes",
    "pivot": "même SIRET dans la même commune, noms assez proches",
    "commune_nom": "même commune et noms assez proches",
    "distance": "à moins de 50 m, noms assez proches",
    "france_services": "structure dite France services par une liste, et seule France services de sa commune",
    "meme_liste": "deux entrées de la même liste très proches",
    "conflit": "rapprochement qui réunirait deux entrées d'une même liste",
}
_RULE_ORDER = {"decision": 0, "identifiant": 1, "pivot": 2, "commune_nom": 3, "commune_adresse": 4, "distance": 5}

# Ties between records of the same date: the hub's registry first, then the national lists.
SCOPE_PRIORITY = {FRANCE_SERVICES: 1, FRANCE_SERVICES_DETAILED: 2, CONSEILLERS_NUMERIQUES: 3, AIDANTS_CONNECT: 4}
NATIONAL_SCOPES = frozenset(SCOPE_PRIORITY)

UNION_FIELDS = ("sources", "dispositif_programmes_nationaux", "services")
ANY_FIELDS = ("mention_qpv", "mention_zrr", "fictif")
ADDRESS_FIELDS = ("adresse", "complement_adresse", "code_postal")
PLACE_FIELDS = ("code_insee", "commune", "code_departement", "code_epci", "nom_epci", "hors_region")
COORDINATE_FIELDS = ("latitude", "longitude", "coordonnees_approximatives")
TYPOLOGY_FIELDS = ("typologie", "typologie_famille")
MEMBER_FIELDS = ("membre_reseau_depuis", "membre_reseau")
# Fields staff may correct (the standard's and the hub's, except the identifiers).
CORRECTABLE = tuple(f.name for f in ACTEURS.fields if f.name not in ("id", "sources"))

SUSPECT_COLUMNS = (
    "id_a",
    "id_b",
    "id_acteur_a",
    "id_acteur_b",
    "nom_a",
    "nom_b",
    "commune_a",
    "commune_b",
    "source_a",
    "source_b",
    "raison",
    "score",
    "distance_m",
)
LINK_COLUMNS = ("id_a", "id_b", "source_a", "source_b", "regle", "score", "distance_m")


@dataclasses.dataclass
class MergeResult:
    """The consolidated registry and how it was built.

    actors: one row per place, exactly the columns and dtypes of `load_actors`'s frame.
    records: every source record (actors' columns + `fiche_source` + `id_acteur`): store it
        and pass it back as `existing` on the next import.
    suspected: pairs for a person to confirm or reject (`SUSPECT_COLUMNS`).
    links: record pairs that were merged, with their rule (`LINK_COLUMNS`).
    report: counts (see `merge_actors`).
    problems: French messages (decisions or corrections that could not be applied...).
    """

    actors: pd.DataFrame
    records: pd.DataFrame
    suspected: pd.DataFrame
    links: pd.DataFrame
    report: dict
    problems: list[Problem]

    @property
    def frame(self) -> pd.DataFrame:
        return self.actors

    @property
    def suspects(self) -> pd.DataFrame:
        return self.suspected


# --- public API -----------------------------------------------------------------------------


def merge_actors(
    existing: pd.DataFrame,
    incoming: pd.DataFrame,
    decisions: pd.DataFrame | None = None,
    corrections: pd.DataFrame | None = None,
    *,
    source: str | None = None,
    communes: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> MergeResult:
    """Import `incoming` (one source's frame) into the records `existing` and consolidate.

    existing: the `records` of the previous `MergeResult` (or, the first time, any actors
        frame: the hub's registry; rows without `fiche_source` become records of
        "Registre du hub", or of their list when a reader produced them).
    incoming: a reader's or `load_actors`'s frame. Its scope is `source` when given, else the
        list named in its `sources` (readers), else "Registre du hub". The records of that
        scope in `existing` are replaced: a place that left the list leaves the registry
        unless another source still describes it.
    decisions: `id_a, id_b, decision` (`meme_lieu` or `distincts`) on record ids.
    corrections: `id_acteur, champ, valeur` and optionally `date` (see `apply_corrections`).
    communes: optional reference (`code_insee, centre_lat, centre_lon` and optionally
        `code_epci, nom_epci`) to place actors without coordinates at their commune's centre.
    previous: the registry before this import, for the counts of changes; computed from
        `existing` when not given.

    report: `fiches`, `fiches_par_source`, `acteurs`, `rapprochements` (per rule),
    `doublons_suspects`, `acteurs_par_nombre_de_sources`, `ajoutes`, `retires`, `modifies`,
    `inchanges`, `fiches_remplacees`, `corrections_appliquees`, `corrections_ignorees`.
    """
    if isinstance(decisions, str) or isinstance(corrections, str):
        raise TypeError(
            "merge_actors(existing, incoming, decisions=None, corrections=None, *, source=None): pass source= by name"
        )
    old = as_records(existing)
    new = as_records(incoming, scope=source)
    scopes = set(new[SCOPE])
    if previous is None:
        previous = (
            consolidate(old, decisions, corrections, communes=communes).actors if len(old) else empty_actors_frame()
        )
    kept = old[~old[SCOPE].isin(scopes)]
    records = pd.concat([kept, new], ignore_index=True) if len(kept) else new.reset_index(drop=True)
    result = consolidate(records, decisions, corrections, communes=communes)
    result.report |= registry_changes(previous, result.actors)
    result.report["fiches_remplacees"] = int(old[SCOPE].isin(scopes).sum())
    result.report["sources_importees"] = sorted(scopes)
    return result


def consolidate(
    records: pd.DataFrame,
    decisions: pd.DataFrame | None = None,
    corrections: pd.DataFrame | None = None,
    *,
    communes: pd.DataFrame | None = None,
) -> MergeResult:
    """The registry built from `records` alone (e.g. after a person decided on suspected pairs).

    The result does not depend on the order of the records (they are sorted first: scope
    priority, scope, id), hence not on the order in which the sources were imported.
    """
    records = as_records(records)
    records = (
        records.assign(_p=_priority(records))
        .sort_values(["_p", SCOPE, "id"], kind="stable")
        .drop(columns="_p")
        .reset_index(drop=True)
    )
    problems: list[Problem] = []
    if records.empty:
        report = {
            "fiches": 0,
            "fiches_par_source": {},
            "acteurs": 0,
            "rapprochements": {k: 0 for k in RULES},
            "doublons_suspects": 0,
            "acteurs_par_nombre_de_sources": {},
            "corrections_appliquees": 0,
            "corrections_ignorees": 0,
        }
        return MergeResult(
            empty_actors_frame(), records, _empty(SUSPECT_COLUMNS), _empty(LINK_COLUMNS), report, problems
        )
    same, distinct, found = _read_decisions(decisions, records)
    problems += found
    features = _Features.of(records)
    candidates = candidate_pairs(records, features)
    clusters, links, conflicts = _cluster(records, features, candidates, same, distinct, problems)
    records[ACTOR] = _actor_ids(records, clusters)
    actors = _consolidated(records, clusters)
    actors, applied, ignored, found = apply_corrections(actors, corrections, records)
    problems += found
    if communes is not None:
        actors = _complete_places(actors, communes)
    suspected = _suspected(records, features, candidates, conflicts, clusters, distinct)
    links_frame = _links_frame(records, features, links)
    n_sources = actors["sources"].map(len).value_counts().sort_index()
    report = {
        "fiches": len(records),
        "fiches_par_source": {str(k): int(v) for k, v in records[SCOPE].value_counts().sort_index().items()},
        "acteurs": len(actors),
        "rapprochements": {rule: int((links_frame["regle"] == rule).sum()) for rule in RULES},
        "doublons_suspects": len(suspected),
        "acteurs_par_nombre_de_sources": {int(k): int(v) for k, v in n_sources.items()},
        "corrections_appliquees": applied,
        "corrections_ignorees": ignored,
    }
    return MergeResult(actors, records, suspected, links_frame, report, problems)


def as_records(frame: pd.DataFrame, scope: str | None = None) -> pd.DataFrame:
    """An actors frame as records: `fiche_source` and `id_acteur` added when absent."""
    base = empty_actors_frame()
    out = frame.copy() if frame is not None else base.copy()
    for column in base.columns:
        if column not in out.columns:
            dtype = base[column].dtype
            values = [[] for _ in range(len(out))] if dtype == object else [None] * len(out)
            out[column] = pd.Series(values, index=out.index, dtype=dtype)
    if scope is not None:
        out[SCOPE] = scope
    elif SCOPE not in out.columns:
        out[SCOPE] = out["sources"].map(_scope_of) if len(out) else pd.Series([], dtype=object)
    if ACTOR not in out.columns:
        out[ACTOR] = None
    out[SCOPE] = out[SCOPE].astype(object)
    out[ACTOR] = out[ACTOR].astype(object).where(out[ACTOR].notna(), None)
    out = out[list(base.columns) + list(RECORD_COLUMNS)].reset_index(drop=True)
    return _coerced(out, base)


def _coerced(frame: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """The actors' dtypes, whatever a store gave back (lists as `a|b` text, dates as text...)."""
    for column in base.columns:
        dtype = base[column].dtype
        series = frame[column]
        if series.dtype == dtype and dtype != object:
            continue
        if dtype == object:
            if not all(type(v) is list for v in series):
                frame[column] = series.map(_as_list).astype(object)
        elif str(dtype).startswith("datetime"):
            frame[column] = pd.to_datetime(series, errors="coerce").astype(dtype)
        elif dtype == bool:
            frame[column] = series.map(
                lambda v: (
                    str(v).strip().lower() in ("true", "1", "oui", "vrai")
                    if isinstance(v, str)
                    else bool(v)
                    if v is not None and not pd.isna(v)
                    else False
                )
            ).astype(bool)
        elif isinstance(dtype, pd.StringDtype):
            frame[column] = pd.array(
                series.astype(object)
                .where(series.notna(), None)
                .map(lambda v: None if v is None else str(v))
                .to_numpy(dtype=object),
                dtype=dtype,
            )
        else:
            frame[column] = pd.to_numeric(series, errors="coerce").astype(dtype)
    return frame


def _as_list(value) -> list:
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return split_multi(str(value))


def _scope_of(sources) -> str:
    items = list(sources) if isinstance(sources, (list, tuple, np.ndarray)) else []
    return items[0] if len(items) == 1 and items[0] in NATIONAL_SCOPES else REGISTRY


# --- candidate pairs ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Features:
    """What the comparisons need, computed once per run (positions = rows of the records)."""

    local: list[str]  # name_key without the commune's words
    whole: list[str]  # name_key of the whole name
    addresses: list[str]  # address_key
    codes: np.ndarray  # code_insee ('' when missing)
    ids: np.ndarray
    pivots: np.ndarray  # valid SIRET/RNA or ''
    scopes: np.ndarray
    x: np.ndarray  # metres (equirectangular)
    y: np.ndarray
    exact: np.ndarray  # exact coordinates (not missing, not approximate)

    @classmethod
    def of(cls, records: pd.DataFrame) -> _Features:
        names = records["nom"].astype(object).tolist()
        communes = records["commune"].astype(object).tolist()
        lat = records["latitude"].to_numpy(dtype=float)
        lon = records["longitude"].to_numpy(dtype=float)
        exact = ~np.isnan(lat) & ~np.isnan(lon) & ~records["coordonnees_approximatives"].to_numpy(dtype=bool)
        lat0 = float(np.mean(lat[exact])) if exact.any() else 0.0
        codes = records["code_insee"].astype(object)
        return cls(
            local=[name_key(n, c) for n, c in zip(names, communes)],
            whole=[name_key(n) for n in names],
            addresses=[address_key(a) for a in records["adresse"].astype(object)],
            codes=codes.where(codes.notna(), "").to_numpy(dtype=object),
            ids=records["id"].astype(object).where(records["id"].notna(), "").to_numpy(dtype=object),
            pivots=_valid_pivot(records).to_numpy(dtype=object),
            scopes=records[SCOPE].to_numpy(dtype=object),
            x=np.radians(lon) * 6_371_000.0 * np.cos(np.radians(lat0)),
            y=np.radians(lat) * 6_371_000.0,
            exact=exact,
        )

    def same_commune(self, i, j) -> np.ndarray:
        i, j = np.asarray(i, dtype=int), np.asarray(j, dtype=int)
        return (self.codes[i] == self.codes[j]) & (self.codes[i] != "")

    def scores(self, i, j) -> list[float]:
        """Name similarity: without the commune's words within a commune, whole names otherwise."""
        same = self.same_commune(i, j)
        local, whole = self.local, self.whole
        return [
            name_similarity(local[a], local[b]) if s else name_similarity(whole[a], whole[b])
            for a, b, s in zip(i, j, same)
        ]

    def distance(self, i, j) -> np.ndarray:
        """Metres between exact coordinates (NaN when either is missing or approximate)."""
        i, j = np.asarray(i, dtype=int), np.asarray(j, dtype=int)
        d = np.hypot(self.x[i] - self.x[j], self.y[i] - self.y[j])
        return np.where(self.exact[i] & self.exact[j], np.round(d, 1), np.nan)


def _valid_pivot(records: pd.DataFrame) -> pd.Series:
    pivot = records["pivot"].astype(object).where(records["pivot"].notna(), "")
    return pivot.where(pivot.str.fullmatch(r"\d{14}|W\d{9}|W2[AB]\d{7}") & ~pivot.isin(std.PLACEHOLDER_PIVOTS), "")


def candidate_pairs(records: pd.DataFrame, features: _Features | None = None) -> pd.DataFrame:
    """Record pairs worth comparing, with their evidence (vectorised by blocks).

    Columns: i, j (positions, i < j), same_id, same_pivot, same_commune, same_scope,
    distance_m (exact coordinates only), score (name similarity), address (similarity),
    address_differs.
    """
    f = features or _Features.of(records)
    # Refused before any pair is built when a file would need too many (ingestion/merge_limits.py).
    check_comparisons(f.codes, f.pivots, f.ids, f.x, f.y, f.exact, DISTANCE_M)
    pairs, found = [], 0
    # Same commune: names compared with rapidfuzz cdist, keeping pairs above the lowest threshold.
    # (pairs by pivot, id and distance come from their own blocks below, whatever their names)
    cutoff = min(COMMUNE_SUSPECT, COMMUNE_ADDRESS_CERTAIN, COMMUNE_CERTAIN)
    local = np.array(f.local, dtype=object)
    for code, idx in pd.Series(f.codes).groupby(f.codes, sort=False).indices.items():
        if not code or len(idx) < 2:
            continue
        block = local[idx].tolist()
        scores = process.cdist(
            block, block, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, dtype=np.uint8, workers=1
        )
        a, b = np.nonzero(np.triu(scores, k=1))
        pairs.append(np.column_stack([idx[a], idx[b]]))
        found += len(a)
        if found > MAX_CANDIDATE_PAIRS:
            raise too_many_pairs(found, "noms proches dans une même commune")
    # Same pivot, same id: every pair in the group.
    for column in (f.pivots, f.ids):
        for value, idx in pd.Series(column).groupby(column, sort=False).indices.items():
            if value and len(idx) > 1:
                a, b = np.triu_indices(len(idx), k=1)
                pairs.append(np.column_stack([idx[a], idx[b]]))
    pairs.append(_near_pairs(f))
    pairs = [p for p in pairs if len(p)]
    if not pairs:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _PAIR_DTYPES.items()})
    both = np.unique(np.sort(np.concatenate(pairs).astype(np.int64), axis=1), axis=0)
    both = both[both[:, 0] != both[:, 1]]
    i, j = both[:, 0], both[:, 1]
    frame = pd.DataFrame({"i": i, "j": j})
    frame["same_id"] = (f.ids[i] == f.ids[j]) & (f.ids[i] != "")
    frame["same_pivot"] = (f.pivots[i] == f.pivots[j]) & (f.pivots[i] != "")
    frame["same_commune"] = f.same_commune(i, j)
    frame["same_scope"] = f.scopes[i] == f.scopes[j]
    frame["distance_m"] = f.distance(i, j)
    frame["score"] = f.scores(i, j)
    addresses = f.addresses
    frame["address"] = [address_similarity(addresses[a], addresses[b]) for a, b in zip(i, j)]
    frame["address_differs"] = [addresses_differ(addresses[a], addresses[b]) for a, b in zip(i, j)]
    return frame


_PAIR_DTYPES = {
    "i": "int64",
    "j": "int64",
    "same_id": bool,
    "same_pivot": bool,
    "same_commune": bool,
    "same_scope": bool,
    "distance_m": "float64",
    "score": "float64",
    "address": "float64",
    "address_differs": bool,
}


def _near_pairs(f: _Features) -> np.ndarray:
    """Pairs of records with exact coordinates within DISTANCE_M (50 m grid, 9 neighbour cells)."""
    if f.exact.sum() < 2:
        return np.empty((0, 2), dtype=np.int64)
    positions = np.nonzero(f.exact)[0]
    cells = pd.DataFrame(
        {
            "p": positions,
            "cx": np.floor(f.x[positions] / DISTANCE_M).astype(np.int64),
            "cy": np.floor(f.y[positions] / DISTANCE_M).astype(np.int64),
        }
    )
    found = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            shifted = cells.assign(cx=cells["cx"] + dx, cy=cells["cy"] + dy)
            joined = cells.merge(shifted, on=["cx", "cy"], suffixes=("", "_b"))
            joined = joined[joined["p"] < joined["p_b"]]
            found.append(joined[["p", "p_b"]].to_numpy())
    near = np.unique(np.concatenate(found), axis=0)
    if not len(near):
        return near
    d = np.hypot(f.x[near[:, 0]] - f.x[near[:, 1]], f.y[near[:, 0]] - f.y[near[:, 1]])
    return near[d <= DISTANCE_M]


def _classify(pairs: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(certain rule or '', suspected reason or '') of each candidate pair, ignoring scopes.

    A certain rule that the addresses contradict (both known, clearly different) only makes
    the pair suspected; so does the same SIRET with a similar name in two communes whose
    addresses do not agree.
    """
    s, near, commune, pivot = (
        pairs["score"],
        pairs["distance_m"] <= DISTANCE_M,
        pairs["same_commune"],
        pairs["same_pivot"],
    )
    veto, same_address = pairs["address_differs"], pairs["address"] >= ADDRESS_SAME
    certain = pd.Series("", index=pairs.index, dtype=object)
    rules = [
        ("distance", near & (s >= DISTANCE_CERTAIN) & ~veto),
        ("commune_adresse", commune & (s >= COMMUNE_ADDRESS_CERTAIN) & same_address),
        ("commune_nom", commune & (s >= COMMUNE_CERTAIN) & ~veto),
        ("pivot", pivot & (s >= PIVOT_CERTAIN) & ~veto & (commune | same_address)),
        ("identifiant", pairs["same_id"] & ((s >= SAME_ID_MIN) | commune)),
    ]
    for rule, mask in rules:  # the last rule that applies is the strongest
        certain = certain.mask(mask, rule)
    suspect = pd.Series("", index=pairs.index, dtype=object)
    for reason, mask in [
        (
            "adresses",
            veto
            & ((near & (s >= DISTANCE_CERTAIN)) | (commune & (s >= COMMUNE_CERTAIN)) | (pivot & (s >= PIVOT_CERTAIN))),
        ),
        ("pivot_communes", pivot & ~commune & (s >= PIVOT_CERTAIN)),
        ("distance", near & (s >= DISTANCE_SUSPECT)),
        ("commune_nom", commune & (s >= COMMUNE_SUSPECT)),
        ("pivot", pivot & commune & (s >= PIVOT_SUSPECT)),
    ]:
        suspect = suspect.mask(mask & (suspect == ""), reason)
    # Two entries of one list are only suspected with the evidence that would merge them (see _cluster).
    suspect = suspect.where(~pairs["same_scope"], "")
    return certain, suspect.where(certain == "", "")


# --- decisions and clusters -----------------------------------------------------------------


def _read_decisions(
    decisions: pd.DataFrame | None, records: pd.DataFrame
) -> tuple[list[tuple[str, str]], set[frozenset], list[Problem]]:
    problems: list[Problem] = []
    if decisions is None or len(decisions) == 0:
        return [], set(), problems
    known = set(records["id"].astype(object)) | set(records[ACTOR].dropna())
    same, distinct = [], set()
    for row in decisions.itertuples(index=False):
        a, b, value = (
            str(getattr(row, "id_a")),
            str(getattr(row, "id_b")),
            str(getattr(row, "decision")).strip().lower(),
        )
        decision = DECISION_VALUES.get(value)
        if decision is None:
            problems.append(
                Problem(
                    "décisions",
                    f"décision inconnue « {value} » pour {a} / {b} : ignorée (attendu meme_lieu ou distincts)",
                    severity=WARNING,
                )
            )
            continue
        if a not in known or b not in known:
            problems.append(
                Problem(
                    "décisions",
                    f"décision sur {a} / {b} : lieu(x) absent(s) des sources actuelles, gardée pour plus tard",
                    severity=INFO,
                )
            )
        if decision == SAME_PLACE:
            same.append((a, b))
        else:
            distinct.add(frozenset((a, b)))
    return same, distinct, problems


class _Clusters:
    """Union-find over record positions with the constraints of the merge."""

    def __init__(self, records: pd.DataFrame, distinct: set[frozenset], features: _Features):
        n = len(records)
        self.parent = list(range(n))
        self.scopes = [{s} for s in records[SCOPE]]
        self.members = [{k} for k in range(n)]
        self.ids = records["id"].astype(object).tolist()
        self.actor_ids = records[ACTOR].tolist()
        self.distinct = distinct
        self.addresses = [{k} - VAGUE_ADDRESSES for k in features.addresses]

    def find(self, k: int) -> int:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def names(self, root: int) -> set:
        out = set()
        for m in self.members[root]:
            out.add(self.ids[m])
            if self.actor_ids[m]:
                out.add(self.actor_ids[m])
        return out

    def separated(self, ra: int, rb: int) -> bool:
        """A person said that something of one cluster is not something of the other."""
        if not self.distinct:
            return False
        names_a, names_b = self.names(ra), self.names(rb)
        for pair in self.distinct:
            if len(pair) != 2:
                continue
            x, y = tuple(pair)
            if (x in names_a and y in names_b) or (y in names_a and x in names_b):
                return True
        return False

    def addresses_clash(self, ra: int, rb: int) -> bool:
        """A precise address of one cluster is clearly not a precise address of the other."""
        return any(addresses_differ(a, b) for a in self.addresses[ra] for b in self.addresses[rb])

    def union(self, ra: int, rb: int) -> int:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members[rb]
        self.scopes[ra] |= self.scopes[rb]
        self.addresses[ra] |= self.addresses[rb]
        return ra


def _cluster(
    records, features, pairs, same, distinct, problems
) -> tuple[np.ndarray, list[tuple[int, int, str]], pd.DataFrame]:
    """Cluster label per record, the links applied (i, j, rule) and the refused certain pairs."""
    clusters = _Clusters(records, distinct, features)
    links: list[tuple[int, int, str]] = []
    by_name: dict[str, list[int]] = {}
    for k, (rid, aid) in enumerate(zip(records["id"].astype(object), records[ACTOR])):
        by_name.setdefault(rid, []).append(k)
        if aid and aid != rid:
            by_name.setdefault(aid, []).append(k)
    # Decisions first: a person's word outranks the rules.
    for a, b in same:
        if a not in by_name or b not in by_name:
            continue
        ra, rb = clusters.find(by_name[a][0]), clusters.find(by_name[b][0])
        if ra == rb:
            continue
        if clusters.separated(ra, rb):
            problems.append(
                Problem(
                    "décisions",
                    f"{a} et {b} : « même lieu » contredit une décision « distincts » ; non rapprochés",
                    severity=WARNING,
                )
            )
            continue
        clusters.union(ra, rb)
        links.append((by_name[a][0], by_name[b][0], "decision"))
    certain, _ = _classify(pairs)
    order = pairs.assign(rule=certain)[certain != ""]
    order = order.assign(rank=order["rule"].map(_RULE_ORDER)).sort_values(
        ["rank", "score", "i", "j"], ascending=[True, False, True, True]
    )
    refused = []
    for row in order.itertuples(index=False):
        ra, rb = clusters.find(row.i), clusters.find(row.j)
        if ra == rb:
            continue
        if clusters.separated(ra, rb):
            continue
        if row.same_scope or (clusters.scopes[ra] & clusters.scopes[rb]):
            refused.append((row.i, row.j, "meme_liste" if row.same_scope else "conflit"))
            continue
        if row.rule != "identifiant" and clusters.addresses_clash(ra, rb):
            refused.append((row.i, row.j, "adresses"))
            continue
        clusters.union(ra, rb)
        links.append((row.i, row.j, row.rule))
    labels = np.array([clusters.find(k) for k in range(len(records))])
    refused_frame = (
        pd.DataFrame(refused, columns=["i", "j", "reason"])
        if refused
        else pd.DataFrame({"i": [], "j": [], "reason": []})
    )
    return labels, links, refused_frame


def _priority(records: pd.DataFrame) -> pd.Series:
    return records[SCOPE].map(lambda s: SCOPE_PRIORITY.get(s, 0)).astype(int)


def _actor_ids(records: pd.DataFrame, labels: np.ndarray) -> list[str]:
    """A stable id per cluster: the id it had before if any, else its first record's id.

    "First" orders records by scope priority (hub's registry first) then id. When two clusters
    want the same id (a cluster split by a decision), the one whose best record comes first
    keeps it; the other takes its next candidate.
    """
    order = pd.DataFrame(
        {
            "cluster": labels,
            "prio": _priority(records).to_numpy(),
            "id": records["id"].astype(object).to_numpy(),
            "previous": records[ACTOR].to_numpy(dtype=object),
        }
    ).sort_values(["prio", "id"], kind="stable")
    firsts = order.groupby(
        "cluster", sort=False
    ).first()  # best record of each cluster (first() skips missing previous ids)
    rank = (
        order.drop_duplicates("cluster")[["cluster"]].reset_index(drop=True).reset_index().set_index("cluster")["index"]
    )
    firsts = firsts.assign(rank=rank.reindex(firsts.index)).sort_values("rank")
    wanted = firsts["previous"].where(firsts["previous"].notna(), firsts["id"])
    chosen = wanted.copy()
    clashing = wanted.duplicated(keep="first")
    if clashing.any():
        used = set(wanted[~clashing])
        candidates = order.groupby("cluster", sort=False)
        for cluster in wanted.index[clashing]:
            group = candidates.get_group(cluster)
            options = [a for a in group["previous"] if isinstance(a, str)] + list(group["id"])
            actor = next((a for a in options if a not in used), None)
            if actor is None:
                base, n = group["id"].iloc[0], 2
                while f"{base}-{n}" in used:
                    n += 1
                actor = f"{base}-{n}"
            chosen[cluster] = actor
            used.add(actor)
    return chosen.reindex(labels).tolist()


# --- consolidated values --------------------------------------------------------------------


def _empty_value(series: pd.Series) -> pd.Series:
    """True where a value is missing: NA, '' or an empty list."""
    if series.dtype == object:
        return series.map(
            lambda v: (
                v is None
                or (isinstance(v, float) and np.isnan(v))
                or (isinstance(v, (list, tuple, np.ndarray)) and len(v) == 0)
                or (isinstance(v, str) and v.strip() == "")
            )
        )
    if series.dtype == bool:
        return pd.Series(False, index=series.index)
    return (
        series.isna() | (series.astype(str).str.strip() == "")
        if pd.api.types.is_string_dtype(series)
        else series.isna()
    )


def _consolidated(records: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    base = empty_actors_frame()
    ordered = records.assign(_cluster=labels, _prio=_priority(records), _date=records["date_maj"]).sort_values(
        ["_cluster", "_date", "_prio", "id"], ascending=[True, False, True, True], na_position="last", kind="stable"
    )
    clusters = pd.Index(pd.unique(ordered["_cluster"]))
    # Unions list their values in a stable order: the records' (hub's registry first, then the lists).
    by_scope = ordered.sort_values(["_cluster", "_prio", SCOPE, "id"], kind="stable")
    winners_of = {}

    def winner(column: str, extra: pd.Series | None = None) -> pd.Series:
        """Index (in `ordered`) of the record that gives `column`, per cluster."""
        usable = ~_empty_value(ordered[column])
        if extra is not None:
            usable &= extra
        first = ordered.index.to_series()[usable].groupby(ordered.loc[usable, "_cluster"]).first()
        fallback = ordered.index.to_series().groupby(ordered["_cluster"]).first()
        return first.reindex(clusters).fillna(fallback.reindex(clusters)).astype(int)

    out = pd.DataFrame(index=clusters)
    approximate = ordered["coordonnees_approximatives"].astype(bool)
    exact = ~_empty_value(ordered["latitude"]) & ~approximate
    exact_first = ordered.index.to_series()[exact].groupby(ordered.loc[exact, "_cluster"]).first()
    coordinates = exact_first.reindex(clusters).fillna(winner("latitude").reindex(clusters)).astype(int)
    groups = {
        ADDRESS_FIELDS: winner("adresse"),
        PLACE_FIELDS: winner("code_insee"),
        COORDINATE_FIELDS: coordinates,
        TYPOLOGY_FIELDS: winner("typologie"),
        MEMBER_FIELDS: winner("membre_reseau_depuis"),
    }
    grouped = {c: idx for fields, idx in groups.items() for c in fields}
    for column in base.columns:
        if column in ("id",):
            continue
        if column in UNION_FIELDS:
            out[column] = _union(by_scope, column).reindex(clusters)
        elif column in ANY_FIELDS:
            out[column] = ordered.groupby("_cluster")[column].any().reindex(clusters)
        elif column == "date_maj":
            out[column] = ordered.groupby("_cluster")["date_maj"].max().reindex(clusters)
        elif column == LINE:
            out[column] = ordered.groupby("_cluster")[LINE].first().reindex(clusters)
        else:
            source_rows = grouped.get(column)
            if source_rows is None:
                source_rows = winners_of.setdefault(column, winner(column))
            out[column] = ordered.loc[source_rows.to_numpy(), column].to_numpy()
    actor_of = ordered.groupby("_cluster")[ACTOR].first().reindex(clusters)
    out["id"] = actor_of.to_numpy()
    out = out[list(base.columns)]
    for column in base.columns:
        out[column] = _as_dtype(out[column], base[column].dtype)
    out = out.sort_values("id", kind="stable").reset_index(drop=True)
    return out


def _union(ordered: pd.DataFrame, column: str) -> pd.Series:
    """Per cluster, the union of the lists in the order of the records (grouped by cluster)."""
    exploded = ordered[["_cluster", column]].explode(column).dropna(subset=[column])
    exploded = exploded[exploded[column].astype(str).str.strip() != ""].drop_duplicates()
    clusters = pd.unique(ordered["_cluster"])
    out = pd.Series([[] for _ in clusters], index=clusters, dtype=object)
    if exploded.empty:
        return out
    keys = exploded["_cluster"].to_numpy()
    values = exploded[column].to_numpy(dtype=object)
    # Rows are grouped by cluster already (ordered is sorted by cluster): split at each change.
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    groups = np.split(values, starts[1:])
    out.loc[keys[starts]] = pd.Series([list(g) for g in groups], index=keys[starts], dtype=object)
    return out


def _as_dtype(series: pd.Series, dtype) -> pd.Series:
    if dtype == object and all(type(v) is list for v in series):
        return series.astype(object)
    if dtype == object:
        return series.map(
            lambda v: (
                list(v)
                if isinstance(v, (list, tuple, np.ndarray))
                else ([] if v is None or (isinstance(v, float) and np.isnan(v)) else v)
            )
        ).astype(object)
    if dtype == bool:
        return series.fillna(False).astype(bool)
    if isinstance(dtype, pd.StringDtype):
        return pd.array(series.astype(object).where(series.notna(), None).to_numpy(dtype=object), dtype=dtype)
    return series.astype(dtype)


# --- corrections ----------------------------------------------------------------------------


def apply_corrections(
    actors: pd.DataFrame, corrections: pd.DataFrame | None, records: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, int, int, list[Problem]]:
    """Apply staff corrections (`id_acteur, champ, valeur[, date]`) to the registry.

    `id_acteur` names the actor by its id or by the id of any of its records (ids may change
    when sources merge; record ids do not). `valeur` is text as typed (`|` between values of
    a multi-valued field, dates `AAAA-MM-JJ` or `JJ/MM/AAAA`), None/'' to clear. Corrections
    are applied in date order (then in the frame's order): the last one wins. Returns the
    new frame, the numbers applied and ignored, and the problems.
    """
    problems: list[Problem] = []
    if corrections is None or len(corrections) == 0 or actors.empty:
        return actors, 0, 0, problems
    actors = actors.copy()
    position = {a: k for k, a in enumerate(actors["id"].astype(object))}
    if records is not None and len(records):
        for rid, aid in zip(records["id"].astype(object), records[ACTOR]):
            if aid in position:
                position.setdefault(rid, position[aid])
    ordered = corrections.copy()
    if "date" in ordered.columns:
        ordered = ordered.assign(_d=pd.to_datetime(ordered["date"], errors="coerce")).sort_values(
            "_d", kind="stable", na_position="first"
        )
    applied = ignored = 0
    touched_typology, touched_code = set(), set()
    newer = 0
    for row in ordered.itertuples(index=False):
        target, column, raw = str(getattr(row, "id_acteur")), str(getattr(row, "champ")), getattr(row, "valeur")
        if column not in CORRECTABLE:
            problems.append(
                Problem(
                    "corrections",
                    f"correction de « {column} » pour {target} ignorée : champ non modifiable",
                    severity=WARNING,
                )
            )
            ignored += 1
            continue
        if target not in position:
            problems.append(
                Problem(
                    "corrections",
                    f"correction de « {column} » ignorée : lieu {target} absent du registre actuel (gardée pour plus "
                    "tard)",
                    severity=INFO,
                )
            )
            ignored += 1
            continue
        value, error = _parse_correction(column, raw)
        if error:
            problems.append(
                Problem(
                    "corrections",
                    f"correction de « {column} » pour {target} ignorée : {error}",
                    severity=WARNING,
                    value=str(raw),
                )
            )
            ignored += 1
            continue
        k = position[target]
        actors.at[k, column] = value
        applied += 1
        touched_typology |= {k} if column == "typologie" else set()
        touched_code |= {k} if column == "code_insee" else set()
        when = pd.to_datetime(getattr(row, "date", None), errors="coerce") if "date" in corrections.columns else pd.NaT
        if records is not None and pd.notna(when):
            members = records[records[ACTOR] == actors.at[k, "id"]]
            newer += int((members["date_maj"] > when).any())
    if newer:
        problems.append(
            Problem(
                "corrections",
                f"{newer} correction(s) maintenue(s) alors qu'une source décrit le lieu à une date plus récente : à "
                "vérifier",
                severity=INFO,
            )
        )
    for k in touched_typology:
        actors.at[k, "typologie_famille"] = std.family_of(actors.at[k, "typologie"])
    for k in touched_code:
        code = actors.at[k, "code_insee"]
        actors.at[k, "code_departement"] = code[:2] if isinstance(code, str) else None
        actors.at[k, "code_epci"] = None
        actors.at[k, "nom_epci"] = None
    if "membre_reseau_depuis" in set(corrections["champ"].astype(str)):
        actors["membre_reseau"] = actors["membre_reseau_depuis"].notna()
    base = empty_actors_frame()
    for column in base.columns:
        actors[column] = _as_dtype(actors[column], base[column].dtype)
    return actors, applied, ignored, problems


def _parse_correction(column: str, raw):
    text = "" if raw is None or (isinstance(raw, float) and np.isnan(raw)) else str(raw).strip()
    field = ACTEURS.field(column)
    if field.kind == "multi":
        values = split_multi(text)
        if field.choices:  # staff type values from the standard's lists, even where files may stray
            bad = [v for v in values if v not in field.choices]
            if bad:
                return None, "valeur hors de la liste : " + ", ".join(bad)
        return values, None
    if field.kind == "date":
        if not text:
            return pd.NaT, None
        value, error, _ = parse_date(text)
        return (None, error) if error else (value, None)
    if field.kind == "number":
        if not text:
            return np.nan, None
        value, error = parse_number(text)
        if error:
            return None, error
        if (field.minimum is not None and value < field.minimum) or (
            field.maximum is not None and value > field.maximum
        ):
            return None, "valeur hors des bornes"
        return value, None
    return (text or None), None


# --- completing places ----------------------------------------------------------------------


def _complete_places(actors: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Actors without coordinates at their commune's centre (approximate); EPCI from the code."""
    actors = actors.copy()
    ref = communes.drop_duplicates("code_insee").set_index("code_insee")
    code = actors["code_insee"].astype(object).where(actors["code_insee"].notna(), None)
    if {"centre_lat", "centre_lon"} <= set(ref.columns):
        missing = actors["latitude"].isna() & actors["longitude"].isna() & in_codes(code, ref.index)
        if missing.any():
            rows = ref.reindex(code[missing].to_numpy())
            actors.loc[missing, "latitude"] = rows["centre_lat"].to_numpy(dtype=float)
            actors.loc[missing, "longitude"] = rows["centre_lon"].to_numpy(dtype=float)
            actors.loc[missing, "coordonnees_approximatives"] = True
    for column in ("code_epci", "nom_epci", "code_departement"):
        if column in ref.columns:
            lacking = actors[column].isna() & in_codes(code, ref.index)
            if lacking.any():
                actors.loc[lacking, column] = ref.reindex(code[lacking].to_numpy())[column].astype(object).to_numpy()
    base = empty_actors_frame()
    for column in base.columns:
        actors[column] = _as_dtype(actors[column], base[column].dtype)
    return actors


# --- suspected pairs, links, changes --------------------------------------------------------


def _suspected(records, features, pairs, refused, labels, distinct) -> pd.DataFrame:
    _, reasons = _classify(pairs)
    rows = pairs.assign(reason=reasons)[reasons != ""][["i", "j", "reason"]]
    rows = pd.concat([rows, refused, _france_services_pairs(records, labels)], ignore_index=True)
    if rows.empty:
        return _empty(SUSPECT_COLUMNS)
    rows["i"], rows["j"] = rows["i"].astype(int), rows["j"].astype(int)
    rows = rows[labels[rows["i"].to_numpy()] != labels[rows["j"].to_numpy()]]
    if rows.empty:
        return _empty(SUSPECT_COLUMNS)
    ids = records["id"].astype(object).to_numpy()
    # Rejected pairs never come back: neither the records nor the actors they belong to.
    rejected = {frozenset(p) for p in distinct}
    if rejected:
        keep = [
            not any(
                frozenset((x, y)) in rejected for x in _names(records, labels, a) for y in _names(records, labels, b)
            )
            for a, b in zip(rows["i"], rows["j"])
        ]
        rows = rows[keep]
    if rows.empty:
        return _empty(SUSPECT_COLUMNS)
    i, j = rows["i"].to_numpy(), rows["j"].to_numpy()
    score = np.array(features.scores(i, j), dtype=float)
    out = pd.DataFrame(
        {
            "i": i,
            "j": j,
            "cluster_a": labels[i],
            "cluster_b": labels[j],
            "raison": rows["reason"].map(SUSPECT_REASONS).to_numpy(),
            "score": np.round(score, 1),
            "distance_m": features.distance(i, j),
        }
    )
    # One pair per pair of actors: the most similar.
    out["pair"] = [tuple(sorted(p)) for p in zip(out["cluster_a"], out["cluster_b"])]
    out = out.sort_values(["score", "i", "j"], ascending=[False, True, True]).drop_duplicates("pair")
    swap = ids[out["i"].to_numpy()].astype(str) > ids[out["j"].to_numpy()].astype(str)
    a = np.where(swap, out["j"], out["i"])
    b = np.where(swap, out["i"], out["j"])
    field = lambda column, k: records[column].astype(object).to_numpy()[k]  # noqa: E731
    result = pd.DataFrame(
        {
            "id_a": field("id", a),
            "id_b": field("id", b),
            "id_acteur_a": field(ACTOR, a),
            "id_acteur_b": field(ACTOR, b),
            "nom_a": field("nom", a),
            "nom_b": field("nom", b),
            "commune_a": field("commune", a),
            "commune_b": field("commune", b),
            "source_a": field(SCOPE, a),
            "source_b": field(SCOPE, b),
            "raison": out["raison"].to_numpy(),
            "score": out["score"].to_numpy(dtype=float),
            "distance_m": out["distance_m"].to_numpy(dtype=float),
        }
    )
    return result.sort_values(["score", "id_a", "id_b"], ascending=[False, True, True]).reset_index(drop=True)


def _names(records, labels, k) -> set:
    """Record ids and actor id of the cluster of record k."""
    members = np.nonzero(labels == labels[k])[0]
    return set(records["id"].astype(object).to_numpy()[members]) | {records[ACTOR].iat[k]}


def _france_services_pairs(records: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    """A structure another list says is a France services, and its commune's only France services site.

    Sites: records of the France Services list, or of the hub's registry with typology RFS.
    Structures: records of the other national lists whose programmes include France Services
    (the Conseillers numériques list flags its labelled employers, Aidants Connect its labelled
    structures), whatever their names ("COMMUNE DE LANGUIDIC", "France Services Plabennec").
    """
    typologies = records["typologie"].map(lambda v: list(v) if isinstance(v, (list, tuple, np.ndarray)) else [])
    programmes = records["dispositif_programmes_nationaux"].map(
        lambda v: list(v) if isinstance(v, (list, tuple, np.ndarray)) else []
    )
    scopes = records[SCOPE]
    fs_scopes = {FRANCE_SERVICES, FRANCE_SERVICES_DETAILED}
    site = (scopes.isin(fs_scopes) | (~scopes.isin(NATIONAL_SCOPES) & typologies.map(lambda t: "RFS" in t))).to_numpy()
    labelled = (programmes.map(lambda p: "France Services" in p) & scopes.isin(NATIONAL_SCOPES - fs_scopes)).to_numpy()
    code = records["code_insee"].astype(object).to_numpy()
    sites = pd.DataFrame({"k": np.nonzero(site)[0], "code": code[site], "cluster": labels[site]}).dropna(
        subset=["code"]
    )
    one = sites.groupby("code")["cluster"].nunique()
    sites = sites[sites["code"].isin(set(one[one == 1].index))].drop_duplicates("cluster")
    structures = pd.DataFrame({"k": np.nonzero(labelled)[0], "code": code[labelled], "cluster": labels[labelled]})
    joined = structures.merge(sites, on="code", suffixes=("_a", "_b"))
    joined = joined[joined["cluster_a"] != joined["cluster_b"]]
    if joined.empty:
        return pd.DataFrame({"i": [], "j": [], "reason": []})
    return pd.DataFrame({"i": joined["k_a"].to_numpy(), "j": joined["k_b"].to_numpy(), "reason": "france_services"})


def _links_frame(records: pd.DataFrame, features: _Features, links: list[tuple[int, int, str]]) -> pd.DataFrame:
    if not links:
        return _empty(LINK_COLUMNS)
    i = np.array([a for a, _, _ in links])
    j = np.array([b for _, b, _ in links])
    field = lambda column, k: records[column].astype(object).to_numpy()[k]  # noqa: E731
    return pd.DataFrame(
        {
            "id_a": field("id", i),
            "id_b": field("id", j),
            "source_a": field(SCOPE, i),
            "source_b": field(SCOPE, j),
            "regle": [rule for _, _, rule in links],
            "score": features.scores(i, j),
            "distance_m": features.distance(i, j),
        }
    )


def registry_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict:
    """Actors added, removed, changed and unchanged between two registries (by id)."""
    columns = [c for c in empty_actors_frame().columns if c != LINE]
    old = (
        before.drop_duplicates("id").set_index(before["id"].drop_duplicates().astype(object).to_numpy())
        if len(before)
        else before
    )
    new = (
        after.drop_duplicates("id").set_index(after["id"].drop_duplicates().astype(object).to_numpy())
        if len(after)
        else after
    )
    old_ids = pd.Index(old.index if len(old) else [])
    new_ids = pd.Index(new.index if len(new) else [])
    common = old_ids.intersection(new_ids)
    changed = np.zeros(len(common), dtype=bool)
    if len(common):
        before_rows, after_rows = old.loc[common], new.loc[common]
        for column in columns:
            if column in before_rows.columns and column in after_rows.columns:
                changed |= _differs(before_rows[column], after_rows[column])
    return {
        "ajoutes": int(len(new_ids.difference(old_ids))),
        "retires": int(len(old_ids.difference(new_ids))),
        "modifies": int(changed.sum()),
        "inchanges": int(len(common) - changed.sum()),
    }


_PLAIN = (str, int, bool, list)


def _differs(before: pd.Series, after: pd.Series) -> np.ndarray:
    """Per row, the two values differ as `_comparable` reads them. The same text, number or list
    is settled at once (most cells of an import); only the others are turned into text."""
    if before.dtype != object or after.dtype != object:
        return _comparable(before).to_numpy() != _comparable(after).to_numpy()
    a, b = before.to_numpy(), after.to_numpy()
    maybe = np.fromiter(
        (not (x is y or (type(x) is type(y) and type(x) in _PLAIN and x == y)) for x, y in zip(a, b)), bool, len(a)
    )
    out = np.zeros(len(a), dtype=bool)
    if maybe.any():
        rows = np.flatnonzero(maybe)
        out[rows] = _comparable(before.iloc[rows]).to_numpy() != _comparable(after.iloc[rows]).to_numpy()
    return out


def _comparable(series: pd.Series) -> pd.Series:
    """Values as text, equal when the values are equal (lists joined, missing as '')."""
    if series.dtype == object:
        return series.map(
            lambda v: (
                "|".join(map(str, v))
                if isinstance(v, (list, tuple, np.ndarray))
                else ("" if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else str(v))
            )
        )
    return series.astype(object).where(series.notna(), "").astype(str)


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
