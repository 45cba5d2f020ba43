"""The territory chosen in the sidebar (région, département, EPCI or commune) and filtering by it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from loaders.code_sets import in_codes
from loaders.sources.common import fold
from loaders.territory_levels import TITLES

LEVEL_LABELS = TITLES


@dataclass(frozen=True)
class Selection:
    level: str  # region | departement | epci | commune
    code: str | None
    label: str
    departement: str | None
    epci: str | None
    commune: str | None
    communes: frozenset[str]

    @property
    def is_region(self) -> bool:
        return self.level == "region"


def departement_options(communes: pd.DataFrame) -> dict[str, str]:
    deps = communes.drop_duplicates("code_departement").sort_values("code_departement")
    return {r.code_departement: f"{r.nom_departement} ({r.code_departement})" for r in deps.itertuples()}


def epci_options(communes: pd.DataFrame, departement: str | None) -> dict[str, str]:
    part = communes if not departement else communes[communes["code_departement"] == departement]
    part = part.dropna(subset=["code_epci"]).drop_duplicates("code_epci")
    short = part["nom_epci"].map(short_epci_name)
    order = short.sort_values().index
    return dict(zip(part.loc[order, "code_epci"], short[order]))


def commune_options(communes: pd.DataFrame, departement: str | None, epci: str | None) -> dict[str, str]:
    part = communes
    if epci:
        part = part[part["code_epci"] == epci]
    elif departement:
        part = part[part["code_departement"] == departement]
    part = part.sort_values("nom")
    return {r.code_insee: f"{r.nom} ({r.code_insee})" for r in part.itertuples()}


# Above this many communes in the chosen territory, the sidebar asks for a few letters first: a
# list of thousands of names is slow to send and useless to scroll.
COMMUNE_LIST_LIMIT = 1000
SEARCH_RESULTS = 50


def search_communes(options: dict[str, str], query: str, limit: int = SEARCH_RESULTS) -> list[str]:
    """The codes of `options` (code -> "Nom (code)") matching `query`: accents, case and
    punctuation ignored; a name starting with the query first, then a word of the name starting
    with it, then the name containing it; a query of digits matches the code's start."""
    wanted = fold(query)
    if not wanted:
        return []
    if wanted.isdigit() or (len(wanted) >= 2 and wanted[:2] in ("2a", "2b") and wanted[2:].isdigit()):
        return [code for code in options if code.lower().startswith(wanted)][:limit]
    ranked: list[tuple[int, str, str]] = []
    for code, label in options.items():
        name = fold(label.rsplit(" (", 1)[0])
        if name.startswith(wanted):
            rank = 0
        elif f" {wanted}" in f" {name}":
            rank = 1
        elif wanted in name:
            rank = 2
        else:
            continue
        ranked.append((rank, name, code))
    ranked.sort()
    return [code for _, _, code in ranked[:limit]]


_PREFIXES = (
    "Communauté de communes ",
    "Communauté d'agglomération ",
    "Communauté urbaine ",
)


def short_epci_name(name: str) -> str:
    """'Communauté de communes Kreiz-Breizh' -> 'CC Kreiz-Breizh' (metropoles unchanged)."""
    if not isinstance(name, str):
        return ""
    for prefix, short in zip(_PREFIXES, ("CC ", "CA ", "CU ")):
        if name.startswith(prefix):
            return short + name[len(prefix) :]
    return name


def resolve_selection(
    communes: pd.DataFrame,
    region_label: str,
    departement: str | None = None,
    epci: str | None = None,
    commune: str | None = None,
) -> Selection:
    """The most precise valid choice wins; inconsistent choices (an EPCI outside the chosen
    département, an unknown code) fall back to the broader level."""
    deps = set(communes["code_departement"])
    departement = departement if departement in deps else None
    if epci and epci not in set(epci_options(communes, departement)):
        epci = None
    if commune and commune not in set(commune_options(communes, departement, epci)):
        commune = None

    if commune:
        row = communes[communes["code_insee"] == commune].iloc[0]
        return Selection(
            "commune", commune, f"{row['nom']} ({commune})", departement, epci, commune, frozenset([commune])
        )
    if epci:
        part = communes[communes["code_epci"] == epci]
        return Selection(
            "epci",
            epci,
            short_epci_name(part["nom_epci"].iloc[0]),
            departement,
            epci,
            None,
            frozenset(part["code_insee"]),
        )
    if departement:
        part = communes[communes["code_departement"] == departement]
        return Selection(
            "departement",
            departement,
            f"{part['nom_departement'].iloc[0]} ({departement})",
            departement,
            None,
            None,
            frozenset(part["code_insee"]),
        )
    return Selection("region", None, region_label, None, None, None, frozenset(communes["code_insee"]))


def in_selection(codes: pd.Series, selection: Selection) -> pd.Series:
    """Boolean mask: commune codes inside the selection (NA or outside the region -> False)."""
    return in_codes(codes, selection.communes)


def with_context(communes: pd.DataFrame, selection: Selection) -> Selection:
    """For a single commune, the communes of its EPCI (a map of one polygon says little);
    other selections are returned unchanged."""
    if selection.level != "commune":
        return selection
    epci = communes.loc[communes["code_insee"] == selection.code, "code_epci"]
    if epci.isna().all():
        return selection
    part = communes[communes["code_epci"] == epci.iloc[0]]
    return Selection(
        selection.level,
        selection.code,
        selection.label,
        selection.departement,
        selection.epci,
        selection.commune,
        frozenset(part["code_insee"]),
    )
