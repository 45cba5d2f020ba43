"""An indicator of the catalogue at commune, EPCI or département level.

When the level has no value of its own in the indicators frame, the communes' values are
averaged with their populations as weights, and the result says so.
"""

from __future__ import annotations

import pandas as pd

from loaders.territory_levels import CODE_COLUMN

LEVEL_CODE = CODE_COLUMN
AGGREGATED = "moyenne des communes pondérée par la population"
OWN = "valeur publiée pour ce niveau"


def latest_period(indicators: pd.DataFrame, indicator_id: str) -> str | None:
    periods = indicators.loc[indicators["indicateur"] == indicator_id, "periode"].dropna()
    return None if periods.empty else str(periods.max())


def indicator_by_level(
    indicators: pd.DataFrame, indicator_id: str, level: str, communes: pd.DataFrame, period: str | None = None
) -> pd.DataFrame:
    """Columns: code, valeur, methode, source (of the values drawn; NA: the catalogue's), fictif
    (any value drawn is fictitious). One row per territory of `level` present in `communes`."""
    period = period or latest_period(indicators, indicator_id)
    values = indicators[(indicators["indicateur"] == indicator_id) & (indicators["periode"] == period)]
    key = LEVEL_CODE[level]
    wanted = pd.Index(communes[key].dropna().unique())
    own = values[values["niveau"] == level].drop_duplicates("code").set_index("code")
    out = pd.DataFrame({"code": wanted})
    out["valeur"] = out["code"].map(own["valeur"]).astype("float64")
    out["methode"] = OWN
    out["source"] = out["code"].map(_column(own, "source")).astype("object")
    out["fictif"] = out["code"].map(_flags(own)).astype("boolean")
    missing = out["valeur"].isna()
    if level != "commune" and missing.any():
        by_commune = values[values["niveau"] == "commune"].drop_duplicates("code").set_index("code")
        c = communes[[key, "code_insee", "population"]].copy()
        c["v"] = c["code_insee"].map(by_commune["valeur"])
        c["src"] = c["code_insee"].map(_column(by_commune, "source"))
        c["fic"] = c["code_insee"].map(_flags(by_commune)).astype("boolean").fillna(False).astype(bool)
        c = c.dropna(subset=["v"])
        c = c[c["population"] > 0]
        weighted = (c["v"] * c["population"]).groupby(c[key]).sum() / c.groupby(key)["population"].sum()
        codes = out.loc[missing, "code"]
        out.loc[missing, "valeur"] = codes.map(weighted).to_numpy()
        out.loc[missing, "source"] = codes.map(c.groupby(key)["src"].first()).to_numpy()
        out.loc[missing, "fictif"] = codes.map(c.groupby(key)["fic"].any()).to_numpy()
        out.loc[missing & out["valeur"].notna(), "methode"] = AGGREGATED
    out["fictif"] = out["fictif"].fillna(False).astype(bool)
    return out.reset_index(drop=True)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return (
        frame[name].astype("object") if name in frame.columns else pd.Series(pd.NA, index=frame.index, dtype="object")
    )


def _flags(frame: pd.DataFrame) -> pd.Series:
    if "fictif" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["fictif"].astype("boolean").fillna(False).astype(bool)


def values_provenance(values: pd.DataFrame, catalogue_source: str, vintage: str) -> str:
    """French, for a legend: where the values drawn come from and how each level got them.
    'Source : Indice de fragilité numérique, La MedNum / ANSA, 2023 ; moyenne des communes
    pondérée par la population' (+ 'valeurs fictives de démonstration' when any is)."""
    drawn = values[values["valeur"].notna()] if "valeur" in values.columns else values
    sources = sorted({str(x) for x in drawn.get("source", pd.Series(dtype=object)).dropna()}) or [catalogue_source]
    methods = sorted({str(m) for m in drawn.get("methode", pd.Series(dtype=object)).dropna()})
    text = "Source : " + " ; ".join(sources) + (f", {vintage}" if vintage else "")
    if methods and methods != [OWN]:
        text += " · " + " ; ".join(methods)
    if "fictif" in drawn.columns and drawn["fictif"].astype(bool).any():
        text += " · valeurs fictives de démonstration"
    return text
