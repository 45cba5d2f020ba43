"""The indicators a choropleth can show: the catalogue's, plus measures computed from the actors."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.indicator_levels import indicator_by_level, latest_period
from analytics.supply import places_by_commune, places_by_level


@dataclass(frozen=True)
class IndicatorChoice:
    id: str
    label: str
    unit: str
    worse_is_high: bool  # True: a high value means more fragility (darker on the map)
    source: str
    vintage: str
    decimals: int = 1
    computed: bool = False


PLACES_PER_10000 = "lieux_pour_10000"


def indicator_choices(catalogue: pd.DataFrame, indicators: pd.DataFrame, as_of_label: str, source_label: str) -> list[IndicatorChoice]:
    """Catalogue indicators that have values (IFN first), then the computed supply measure."""
    present = set(indicators["indicateur"].dropna())
    rows = catalogue[catalogue["id"].isin(present)].copy()
    rows["_order"] = rows["id"].map(lambda i: (0 if i == "ifn_total" else 1 if str(i).startswith("ifn_") else 2, i))
    rows = rows.sort_values("_order")
    choices = [
        IndicatorChoice(
            id=str(r["id"]),
            label=str(r["libelle"]),
            unit=str(r["unite"]),
            worse_is_high=r["sens"] == "plus_est_pire",
            source=str(r["source"]),
            vintage=str(latest_period(indicators, r["id"]) or r["millesime"]),
        )
        for _, r in rows.iterrows()
    ]
    choices.append(
        IndicatorChoice(
            id=PLACES_PER_10000,
            label="Lieux de médiation numérique pour 10 000 habitants",
            unit="lieux pour 10 000 hab.",
            worse_is_high=False,
            source=source_label,
            vintage=as_of_label,
            computed=True,
        )
    )
    return choices


def choropleth_values(choice: IndicatorChoice, level: str, communes: pd.DataFrame, indicators: pd.DataFrame, actors: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """Columns code, valeur, methode for every territory of `level` among `communes`."""
    if choice.id == PLACES_PER_10000:
        by_commune = places_by_commune(actors, communes, as_of)
        out = places_by_level(by_commune, level)[["code", "lieux_pour_10000"]].rename(columns={"lieux_pour_10000": "valeur"})
        out["methode"] = "lieux recensés rapportés à la population municipale"
        return out
    return indicator_by_level(indicators, choice.id, level, communes)
