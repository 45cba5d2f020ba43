"""The territory chosen in the sidebar (région, département, EPCI or commune) and filtering by it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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
    return codes.isin(selection.communes).fillna(False).astype(bool)


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
