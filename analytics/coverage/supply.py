"""Supply of places per territory: counts, members, places per 10 000 inhabitants."""

from __future__ import annotations

import pandas as pd

LEVEL_KEYS = {
    "commune": ("code_insee", "nom"),
    "epci": ("code_epci", "nom_epci"),
    "departement": ("code_departement", "nom_departement"),
}


def places_by_commune(actors: pd.DataFrame, communes: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """One row per commune: population, places, network members (as of a date if given)."""
    located = actors[actors["code_insee"].notna()]
    places = located.groupby("code_insee").size()
    members = located["membre_reseau_depuis"].notna()
    if as_of is not None:
        members &= located["membre_reseau_depuis"] <= pd.Timestamp(as_of)
    member_counts = located[members].groupby("code_insee").size()
    out = communes[
        ["code_insee", "nom", "code_epci", "nom_epci", "code_departement", "nom_departement", "population"]
    ].copy()
    out["nb_lieux"] = out["code_insee"].map(places).fillna(0).astype("int64")
    out["nb_membres"] = out["code_insee"].map(member_counts).fillna(0).astype("int64")
    return out


def places_by_level(by_commune: pd.DataFrame, level: str) -> pd.DataFrame:
    """Aggregate `places_by_commune` to commune, epci or departement, with places per 10 000."""
    code, name = LEVEL_KEYS[level]
    if level == "commune":
        out = by_commune.rename(columns={code: "code", name: "nom"})[
            ["code", "nom", "population", "nb_lieux", "nb_membres"]
        ].copy()
    else:
        out = (
            by_commune.dropna(subset=[code])
            .groupby(code, as_index=False)
            .agg(
                nom=(name, "first"),
                population=("population", "sum"),
                nb_lieux=("nb_lieux", "sum"),
                nb_membres=("nb_membres", "sum"),
            )
            .rename(columns={code: "code"})
        )
    out["lieux_pour_10000"] = (10_000 * out["nb_lieux"] / out["population"].where(out["population"] > 0)).astype(
        "float64"
    )
    return out.reset_index(drop=True)
