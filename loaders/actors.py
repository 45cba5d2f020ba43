"""Loading the actors: places in the national standard "lieux de médiation numérique" v1.

`load_actors` reads a file (CSV, XLSX or JSON, any usual dialect), validates it against
`schemas.ACTEURS`, then repairs and checks what real files get wrong: placeholder or float
pivots, postal codes without their leading zero, QPV/ZRR mentions hidden among the labels,
coordinates missing, swapped or outside the region, missing or former commune codes. Every
repair and doubt becomes a French `Problem`; only errors set a row aside.

The clean frame keeps the 32 columns of the standard and the hub's columns (multi-valued
columns as Python lists) and adds `DERIVED_COLUMNS`. The spatial work is vectorised
(one `sjoin_nearest` in Lambert-93); Python loops only build messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from loaders import lieux_standard as std
from loaders.code_sets import in_codes
from loaders.commune_codes import CodeMapping, build_mapping
from loaders.dataset_spec import empty_frame, load_frame, match_columns
from loaders.limits import limits_for
from loaders.object_memo import kept_with
from loaders.problems import ERROR, INFO, LINE, WARNING, LoadResult, Problem
from loaders.schemas import ACTEURS
from loaders.tabular_reading import read_table
from loaders.territories import Territories
from loaders.territory_levels import CODE_INSEE_PATTERN

# Columns added to the clean frame, after the standard's and the hub's, with their dtypes.
_DERIVED_DTYPES: dict[str, object] = {
    "code_departement": pd.StringDtype(),
    "code_epci": pd.StringDtype(),
    "nom_epci": pd.StringDtype(),
    "typologie_famille": pd.StringDtype(),
    "membre_reseau": bool,
    "hors_region": bool,
    "mention_qpv": bool,
    "mention_zrr": bool,
    "coordonnees_approximatives": bool,
    # The place is (or is described by) fictitious demo data (loaders/provenance.py).
    "fictif": bool,
}
DERIVED_COLUMNS: tuple[str, ...] = tuple(_DERIVED_DTYPES)

LAMBERT_93 = "EPSG:2154"
WGS84 = "EPSG:4326"
# A place this close to a commune of the region (coast, harbour, island) is still inside it.
COASTAL_TOLERANCE_M = 1_000.0
# A declared commune farther than this from the point contradicts the coordinates.
INCONSISTENCY_DISTANCE_M = 2_000.0
# Margin around the region's bounding box, in degrees, for the swap and quick outside tests.
BOUNDS_MARGIN_DEG = 0.05
# Information messages name at most this many lines each (warnings name every line).
MAX_DETAILED_LINES = 50

COORDINATES = "latitude, longitude"
PRIORITY_MENTIONS = {"QPV": "mention_qpv", "ZRR": "mention_zrr"}

# Regular expressions (strings: pandas' .str methods take them as is).
_SIRET = r"\d{14}"
_RNA = r"W(\d{9}|2[AB]\d{7})"
_FLOAT_CODE = r"^(\d+)\.0+$"
_SCIENTIFIC = r"\d+([.,]\d+)?[eE]\+?\d+"
_HTML = r"<\s*/?\s*[a-zA-Z!][^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"
_FORMULA = r"^[=+\-@]"
_TEMPLATE = r"\$\{|`"


# --- public API -----------------------------------------------------------------------------


def empty_actors_frame() -> pd.DataFrame:
    """The clean actors frame with no rows: the spec's typed columns plus DERIVED_COLUMNS."""
    frame = empty_frame(ACTEURS)
    for column, dtype in _DERIVED_DTYPES.items():
        frame[column] = pd.Series([], dtype=dtype)
    return frame


def load_actors(source: str | Path | bytes, territories: Territories, file_name: str | None = None) -> LoadResult:
    """Read, validate and normalise an actors file; never raises on bad input."""
    name = file_name or (Path(source).name if isinstance(source, (str, Path)) else "fichier")
    read = read_table(source, name, limits_for(ACTEURS))
    problems = list(read.problems)
    meta = {"fichier": name, "encodage": read.encoding, "separateur": read.separator, "format": read.kind}
    if read.frame is None:
        if not any(p.severity == ERROR for p in problems):
            problems.append(Problem(name, "fichier illisible"))
        return LoadResult(empty_actors_frame(), problems, pd.DataFrame(), meta | _EMPTY_COUNTS)

    if read.frame.empty and not match_columns(read.frame, ACTEURS)[1]:
        # Header only: nothing to validate (load_frame's schema check trips on empty list columns).
        problems.append(Problem(name, "le fichier ne contient aucun lieu (en-tête seul)", severity=WARNING))
        return LoadResult(empty_actors_frame(), problems, read.frame, meta | _EMPTY_COUNTS)
    loaded = load_frame(read.frame, ACTEURS, name)
    problems += loaded.problems
    frame, found = normalise_actors(loaded.frame, territories, name)
    problems += found
    meta |= _counts(len(read.frame), len(frame), len(loaded.rejected))
    meta["hors_region"] = int(frame["hors_region"].sum())
    return LoadResult(frame, problems, loaded.rejected, meta)


def normalise_actors(frame: pd.DataFrame, territories: Territories, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Repair and check a typed actors frame (from `load_frame`); add the derived columns.

    Returns the new frame and the problems found (warnings and information only).
    """
    if frame.empty:
        return empty_actors_frame(), []
    frame = frame.copy()
    report = _Reporter(file)
    region = _region_of(territories)
    _normalise_pivot(frame, report)
    _normalise_postal_code(frame, report)
    _extract_priority_mentions(frame, report)
    _check_standard_required(frame, report)
    _check_names(frame, report)
    _clean_coordinates(frame, region, report)
    _place_in_communes(frame, region, report)
    return _add_derived(frame, region), report.problems


def _counts(read: int, loaded: int, rejected: int) -> dict:
    return {"lignes_lues": read, "lignes_chargees": loaded, "lignes_ecartees": rejected}


_EMPTY_COUNTS = _counts(0, 0, 0) | {"hors_region": 0}


# --- reporting ------------------------------------------------------------------------------


@dataclass
class _Reporter:
    """Collects the problems of one file; one problem per line, information capped."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(
        self, message: str, line: int | None = None, column: str | None = None, severity: str = WARNING, value=None
    ) -> None:
        shown = None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        self.problems.append(Problem(self.file, message, line, column, severity, shown))

    def each(
        self,
        frame: pd.DataFrame,
        mask: pd.Series,
        column: str,
        message,
        severity: str = WARNING,
        values=None,
        summary: str | None = None,
    ) -> None:
        """One problem per selected row. `message` and `values` are a string or a Series.

        Information messages come with a summary (count) and detail at most
        MAX_DETAILED_LINES lines; warnings and errors name every line.
        """
        selected = frame.index[mask.fillna(False).to_numpy(dtype=bool)]
        if len(selected) == 0:
            return
        if severity == INFO and (summary or len(selected) > MAX_DETAILED_LINES):
            text = summary or f"{len(selected)} ligne(s) concernée(s)"
            if len(selected) > MAX_DETAILED_LINES:
                text += f" ; détail des {MAX_DETAILED_LINES} premières lignes ci-dessous"
            self.add(text, column=column, severity=INFO)
            selected = selected[:MAX_DETAILED_LINES]
        lines = frame.loc[selected, LINE].tolist()
        texts = message.loc[selected].tolist() if isinstance(message, pd.Series) else [message] * len(lines)
        shown = values.loc[selected].tolist() if isinstance(values, pd.Series) else [values] * len(lines)
        for line, text, value in zip(lines, texts, shown):
            self.add(text, int(line), column, severity, value)


# --- identifiers and labels -----------------------------------------------------------------


def _text(series: pd.Series) -> pd.Series:
    """The column as plain strings ('' for missing) for regex work."""
    return series.astype(object).where(series.notna(), "").astype(str)


def _normalise_pivot(frame: pd.DataFrame, report: _Reporter) -> None:
    raw = _text(frame["pivot"])
    cleaned = raw.str.replace(r"\s+", "", regex=True).str.replace(_FLOAT_CODE, r"\1", regex=True)
    present = raw != ""
    placeholder = present & (cleaned.isin(std.PLACEHOLDER_PIVOTS) | cleaned.str.fullmatch(r"0+"))
    fixed = present & ~placeholder & (cleaned != raw)
    report.each(
        frame,
        placeholder,
        "pivot",
        "pivot factice (que des zéros) : considéré comme absent",
        INFO,
        raw,
        summary=f"{int(placeholder.sum())} pivot(s) factice(s) (que des zéros) considéré(s) comme absent(s)",
    )
    report.each(
        frame,
        fixed,
        "pivot",
        "pivot corrigé : « " + raw + " » → « " + cleaned + " » (nombre décimal ou espaces)",
        INFO,
        raw,
    )
    cleaned = cleaned.where(~placeholder, "")
    valid = cleaned.str.fullmatch(_SIRET) | cleaned.str.fullmatch(_RNA)
    siren = (cleaned != "") & cleaned.str.fullmatch(r"\d{9}")
    scientific = cleaned.str.fullmatch(_SCIENTIFIC)
    invalid = (cleaned != "") & ~valid & ~siren & ~scientific
    report.each(
        frame, siren, "pivot", "pivot à 9 chiffres (un SIREN ?) : un SIRET compte 14 chiffres", WARNING, cleaned
    )
    report.each(
        frame,
        scientific,
        "pivot",
        "pivot en notation scientifique (format Excel) : des chiffres sont perdus, ressaisissez le SIRET",
        WARNING,
        cleaned,
    )
    report.each(
        frame,
        invalid,
        "pivot",
        "pivot invalide : attendu un SIRET (14 chiffres) ou un RNA (W suivi de 9 chiffres)",
        WARNING,
        cleaned,
    )
    frame["pivot"] = cleaned.replace("", None).astype(pd.StringDtype())


def _normalise_postal_code(frame: pd.DataFrame, report: _Reporter) -> None:
    raw = _text(frame["code_postal"])
    short = raw.str.fullmatch(r"\d{4}")
    padded = "0" + raw
    report.each(
        frame,
        short,
        "code_postal",
        "code postal sur 4 chiffres : zéro initial ajouté (« " + raw + " » → « " + padded + " »)",
        INFO,
        raw,
    )
    invalid = (raw != "") & ~short & ~raw.str.fullmatch(r"\d{5}")
    report.each(
        frame, invalid, "code_postal", "code postal invalide (5 chiffres attendus) : conservé tel quel", WARNING, raw
    )
    frame["code_postal"] = raw.where(~short, padded).replace("", None).astype(pd.StringDtype())


def _extract_priority_mentions(frame: pd.DataFrame, report: _Reporter) -> None:
    """QPV / ZRR written among `autres_formations_labels` become boolean columns."""
    labels = frame["autres_formations_labels"]
    counts = []
    for mention, column in PRIORITY_MENTIONS.items():
        frame[column] = labels.map(lambda items, m=mention: any(x.strip().upper() == m for x in items)).astype(bool)
        counts.append(f"{int(frame[column].sum())} {mention}")
    frame["autres_formations_labels"] = labels.map(
        lambda items: [x for x in items if x.strip().upper() not in PRIORITY_MENTIONS]
    )
    if (frame["mention_qpv"] | frame["mention_zrr"]).any():
        report.add(
            f"mentions QPV / ZRR trouvées dans « autres_formations_labels » ({', '.join(counts)}) : retirées des "
            "labels "
            "et reportées dans les colonnes mention_qpv et mention_zrr",
            column="autres_formations_labels",
            severity=INFO,
        )


def _check_standard_required(frame: pd.DataFrame, report: _Reporter) -> None:
    """Fields the standard requires whose absence must not lose the place."""
    no_service = frame["services"].map(len) == 0
    report.each(frame, no_service, "services", "aucun service renseigné (obligatoire dans le standard)")
    report.each(
        frame, frame["date_maj"].isna(), "date_maj", "date de mise à jour absente (obligatoire dans le standard)"
    )


def _check_names(frame: pd.DataFrame, report: _Reporter) -> None:
    """Names carrying HTML, spreadsheet formulas or template code: kept as is, reported."""
    names = _text(frame["nom"])
    kinds = {
        "balise HTML": names.str.contains(_HTML),
        "formule de tableur": names.str.contains(_FORMULA),
        "expression ${…} ou accent grave": names.str.contains(_TEMPLATE),
    }
    for kind, mask in kinds.items():
        message = (
            f"le nom contient du HTML / une formule ({kind}) : corrigez le fichier source ; le texte est conservé tel "
            "quel"
        )
        report.each(frame, mask, "nom", message, WARNING, names)


# --- geography ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Region:
    communes: gpd.GeoDataFrame  # Lambert-93; columns code_insee, geometry
    shapes: gpd.GeoSeries  # Lambert-93, indexed by code_insee
    names: dict[str, str]
    codes: frozenset[str]
    attributes: pd.DataFrame  # indexed by code_insee: code_departement, code_epci, nom_epci
    bounds: tuple[float, float, float, float]  # degrees: min lon, min lat, max lon, max lat
    mapping: CodeMapping
    departements: frozenset[str]
    former_names: dict[str, str]

    @classmethod
    def of(cls, territories: Territories) -> _Region:
        communes = territories.communes
        projected = communes[["code_insee", "geometry"]].to_crs(LAMBERT_93).reset_index(drop=True)
        history = territories.history
        return cls(
            communes=projected,
            shapes=projected.set_index("code_insee").geometry,
            names=dict(zip(communes["code_insee"], communes["nom"])),
            codes=frozenset(communes["code_insee"]),
            attributes=communes.set_index("code_insee")[["code_departement", "code_epci", "nom_epci"]],
            bounds=tuple(float(b) for b in communes.total_bounds),
            mapping=build_mapping(communes, history),
            departements=frozenset(communes["code_departement"]),
            former_names=dict(zip(history["code_ancien"], history["nom_ancien"])),
        )

    def label(self, code) -> str:
        return f"{code} ({self.names.get(code) or self.former_names.get(code, '?')})"

    def labels(self, codes: pd.Series) -> pd.Series:
        """`label` of each code as plain strings ('' where missing), for building messages."""
        return codes.astype(object).map(lambda c: self.label(c) if isinstance(c, str) and c else "").astype(str)

    def near(self, lon: pd.Series, lat: pd.Series) -> pd.Series:
        """Within the region's bounding box (plus a margin); False when missing."""
        x0, y0, x1, y1 = self.bounds
        m = BOUNDS_MARGIN_DEG
        return (lon >= x0 - m) & (lon <= x1 + m) & (lat >= y0 - m) & (lat <= y1 + m)


_REGIONS: dict[int, _Region] = {}


def _region_of(territories: Territories) -> _Region:
    """The region of these territories, built once per Territories object (projecting 35,000
    communes takes most of a second; the object is shared by every import of a data version)."""
    return kept_with(territories, _REGIONS, lambda: _Region.of(territories))


def _clean_coordinates(frame: pd.DataFrame, region: _Region, report: _Reporter) -> None:
    lat, lon = frame["latitude"], frame["longitude"]
    zero = (lat == 0) & (lon == 0)
    partial = lat.isna() ^ lon.isna()
    missing = lat.isna() & lon.isna()
    unmappable = "le lieu ne peut pas être placé sur la carte"
    report.each(frame, zero, COORDINATES, f"coordonnées nulles (0, 0) : traitées comme absentes ; {unmappable}")
    report.each(frame, partial, COORDINATES, f"latitude ou longitude manquante : coordonnées ignorées ; {unmappable}")
    report.each(frame, missing, COORDINATES, f"coordonnées absentes : {unmappable}")
    frame.loc[zero | partial, ["latitude", "longitude"]] = np.nan

    lat, lon = frame["latitude"], frame["longitude"]
    swapped = ~region.near(lon, lat) & region.near(lat, lon)
    report.each(
        frame,
        swapped,
        COORDINATES,
        "latitude et longitude inversées : remises dans l'ordre",
        WARNING,
        _shown_coordinates(frame),
    )
    frame.loc[swapped, ["latitude", "longitude"]] = frame.loc[swapped, ["longitude", "latitude"]].to_numpy()


def _points(frame: pd.DataFrame, region: _Region) -> gpd.GeoSeries:
    """Lambert-93 points of the rows whose coordinates fall near the region."""
    lat, lon = frame["latitude"], frame["longitude"]
    near = region.near(lon, lat)
    points = gpd.GeoSeries(gpd.points_from_xy(lon[near], lat[near]), index=frame.index[near], crs=WGS84)
    return points.to_crs(LAMBERT_93)


def _locate(points: gpd.GeoSeries, index: pd.Index, region: _Region) -> pd.DataFrame:
    """The commune of each point (inside, or within the coastal tolerance) and its distance."""
    located = pd.DataFrame(
        {"commune": pd.Series(pd.NA, index=index, dtype=pd.StringDtype()), "distance_m": np.nan}, index=index
    )
    if points.empty:
        return located
    joined = gpd.sjoin_nearest(
        gpd.GeoDataFrame(geometry=points),
        region.communes,
        how="inner",
        max_distance=COASTAL_TOLERANCE_M,
        distance_col="distance_m",
    )
    joined = joined[~joined.index.duplicated(keep="first")]
    located.loc[joined.index, "commune"] = joined["code_insee"].astype(str)
    located.loc[joined.index, "distance_m"] = joined["distance_m"].astype(float)
    return located


def _normalise_code_insee(frame: pd.DataFrame, region: _Region, report: _Reporter) -> pd.Series:
    """Pad 4-digit codes, drop malformed ones, land former communes on current ones."""
    raw = _text(frame["code_insee"])
    short = raw.str.fullmatch(r"\d{4}")
    report.each(frame, short, "code_insee", "code INSEE sur 4 chiffres : zéro initial ajouté", INFO, raw)
    code = raw.where(~short, "0" + raw)
    malformed = (code != "") & ~code.str.fullmatch(CODE_INSEE_PATTERN)
    report.each(frame, malformed, "code_insee", "code INSEE invalide (5 caractères attendus) : ignoré", WARNING, raw)
    code = code.where(~malformed, "")

    current = code.map(region.mapping.current)
    former = current.notna() & (current != code)
    message = "ancien code " + region.labels(code) + " rattaché à la commune actuelle " + region.labels(current)
    report.each(
        frame,
        former,
        "code_insee",
        message,
        INFO,
        code,
        summary=f"{int(former.sum())} ancien(s) code(s) INSEE rattaché(s) à la commune actuelle",
    )
    code = code.where(~former, current)
    return code.replace("", None).astype(pd.StringDtype())


def _bool(mask: pd.Series) -> pd.Series:
    return mask.fillna(False).astype(bool)


def _place_in_communes(frame: pd.DataFrame, region: _Region, report: _Reporter) -> None:
    """Settle `code_insee` from the code and the coordinates; flag `hors_region`."""
    code = _normalise_code_insee(frame, region, report)
    points = _points(frame, region)
    located = _locate(points, frame.index, region)
    has_coords = frame["latitude"].notna() & frame["longitude"].notna()
    foreign = _bool(code.notna() & ~in_codes(code, region.codes) & ~code.str[:2].isin(region.departements))
    # The coastal tolerance only counts when the code does not place the actor elsewhere.
    usable = _bool(located["commune"].notna() & ((located["distance_m"] == 0) | ~foreign))

    code, taken = _take_commune_from_coordinates(frame, code, located, usable, region, report)
    known = _bool(in_codes(code, region.codes))
    checked = has_coords & known & ~taken
    _check_consistency(frame, code, points, region.labels(located["commune"]), checked & usable, region, report)
    report.each(
        frame,
        checked & ~usable,
        COORDINATES,
        "coordonnées hors de la région alors que la commune "
        + region.labels(code)
        + " est dans la région : coordonnées à vérifier (lieu compté dans sa commune)",
        WARNING,
        _shown_coordinates(frame),
    )

    frame["code_insee"] = code
    frame["hors_region"] = ~known & (has_coords | foreign)
    _report_unplaced(frame, known, foreign, has_coords, report)


def _take_commune_from_coordinates(
    frame, code, located, usable, region: _Region, report: _Reporter
) -> tuple[pd.Series, pd.Series]:
    """Missing or unknown codes take the commune of the coordinates; returns (code, taken)."""
    commune_found = region.labels(located["commune"])
    filled = _bool(code.isna()) & usable
    report.each(
        frame,
        filled,
        "code_insee",
        "code INSEE déduit des coordonnées : " + commune_found,
        INFO,
        summary=f"{int(filled.sum())} code(s) INSEE manquant(s) déduit(s) des coordonnées",
    )
    replaced = _bool(code.notna() & ~in_codes(code, region.codes)) & usable
    report.each(
        frame,
        replaced,
        "code_insee",
        "code INSEE inconnu dans le référentiel de la région : remplacé par "
        + commune_found
        + ", la commune où se trouvent les coordonnées",
        WARNING,
        code,
    )
    taken = filled | replaced
    return code.where(~taken, located["commune"]), taken


def _report_unplaced(frame: pd.DataFrame, known, foreign, has_coords, report: _Reporter) -> None:
    """Actors outside the region, or attached to no commune of it."""
    code, outside = frame["code_insee"], frame["hors_region"]
    report.each(
        frame,
        outside & has_coords,
        COORDINATES,
        "coordonnées hors de la région : lieu conservé, signalé hors région",
        WARNING,
        _shown_coordinates(frame),
    )
    report.each(
        frame,
        outside & ~has_coords,
        "code_insee",
        "commune hors de la région : lieu conservé, signalé hors région",
        WARNING,
        code,
    )
    unknown_here = _bool(code.notna()) & ~known & ~foreign & ~has_coords
    report.each(
        frame,
        unknown_here,
        "code_insee",
        "code INSEE inconnu dans le référentiel des communes de la région",
        WARNING,
        code,
    )
    report.each(
        frame,
        _bool(code.isna()) & ~has_coords,
        "code_insee",
        "lieu non rattaché à une commune : ni code INSEE ni coordonnées",
    )


def _shown_coordinates(frame: pd.DataFrame) -> pd.Series:
    return frame["latitude"].astype(str) + ", " + frame["longitude"].astype(str)


def _check_consistency(frame, code, points, commune_found, mask, region: _Region, report: _Reporter) -> None:
    """Warn when the declared commune lies far from the point."""
    if not mask.any():
        return
    rows = frame.index[mask.to_numpy(dtype=bool)]
    declared = gpd.GeoSeries(region.shapes.loc[code[rows].to_numpy()].to_numpy(), index=rows, crs=LAMBERT_93)
    distance = pd.Series(np.nan, index=frame.index)
    distance[rows] = points.loc[rows].distance(declared)
    far = distance > INCONSISTENCY_DISTANCE_M
    message = (
        "code INSEE incohérent avec les coordonnées : le point est dans "
        + commune_found
        + ", à "
        + (distance / 1000).map(lambda d: f"{d:.1f}".replace(".", ","))
        + " km de la commune déclarée "
        + region.labels(code)
    )
    report.each(frame, far, "code_insee", message, WARNING, code)


# --- derived columns ------------------------------------------------------------------------


def _add_derived(frame: pd.DataFrame, region: _Region) -> pd.DataFrame:
    attributes = region.attributes.reindex(frame["code_insee"].astype(object).where(frame["code_insee"].notna(), None))
    for column in ("code_departement", "code_epci", "nom_epci"):
        frame[column] = pd.array(attributes[column].to_numpy(dtype=object), dtype=pd.StringDtype())
    frame["typologie_famille"] = frame["typologie"].map(std.family_of).astype(pd.StringDtype())
    frame["membre_reseau"] = frame["membre_reseau_depuis"].notna().astype(bool)
    frame["coordonnees_approximatives"] = False
    frame["fictif"] = False
    for column, dtype in _DERIVED_DTYPES.items():
        frame[column] = frame[column].astype(dtype)
    ordered = [c for c in frame.columns if c not in _DERIVED_DTYPES] + list(DERIVED_COLUMNS)
    return frame[ordered]
