"""An indicator of the catalogue at commune, EPCI or département level.

When the level has no value of its own in the indicators frame, the communes' values are
averaged with their populations as weights, and the result says so.
"""

from __future__ import annotations

import pandas as pd

LEVEL_CODE = {"commune": "code_insee", "epci": "code_epci", "departement": "code_departement"}
AGGREGATED = "moyenne des communes pondérée par la population"
OWN = "valeur publiée pour ce niveau"


def latest_period(indicators: pd.DataFrame, indicator_id: str) -> str | None:
    periods = indicators.loc[indicators["indicateur"] == indicator_id, "periode"].dropna()
    return None if periods.empty else str(periods.max())


def indicator_by_level(indicators: pd.DataFrame, indicator_id: str, level: str, communes: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """Columns: code, valeur, methode. One row per territory of `level` present in `communes`."""
    period = period or latest_period(indicators, indicator_id)
    values = indicators[(indicators["indicateur"] == indicator_id) & (indicators["periode"] == period)]
    key = LEVEL_CODE[level]
    wanted = pd.Index(communes[key].dropna().unique())
    own = values[values["niveau"] == level].drop_duplicates("code").set_index("code")["valeur"]
    out = pd.DataFrame({"code": wanted})
    out["valeur"] = out["code"].map(own).astype("float64")
    out["methode"] = OWN
    missing = out["valeur"].isna()
    if level != "commune" and missing.any():
        commune_values = values[values["niveau"] == "commune"].drop_duplicates("code").set_index("code")["valeur"]
        c = communes[[key, "code_insee", "population"]].copy()
        c["v"] = c["code_insee"].map(commune_values)
        c = c.dropna(subset=["v"])
        c = c[c["population"] > 0]
        weighted = (c["v"] * c["population"]).groupby(c[key]).sum() / c.groupby(key)["population"].sum()
        fill = out.loc[missing, "code"].map(weighted)
        out.loc[missing, "valeur"] = fill.to_numpy()
        out.loc[missing & out["valeur"].notna(), "methode"] = AGGREGATED
    return out.reset_index(drop=True)
