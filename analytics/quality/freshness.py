"""How fresh each place's record is: the four grades of Mon Inclusion Numérique.

The grades and their boundaries are those of anct-cnum/suite-gestionnaire-numerique
(`src/shared/fraicheur.ts`), so that a place graded here is graded the same there:

| grade | age of `date_maj` (months of 30.44 days) |
|---|---|
| « À jour » | under 6 |
| « À surveiller » | 6 to under 12 |
| « À vérifier » | 12 to under 18 |
| « À actualiser » | 18 or more, or no date |

The age is `(as_of - date_maj) / 30.44 days`, compared with `<` at each boundary (an age of
exactly 6 months is « À surveiller »). With calendar days: « À jour » up to 182 days,
« À surveiller » from 183 to 365, « À vérifier » from 366 to 547, « À actualiser » from 548.
A date after `as_of` is « À jour ».

The reference date (`reference_date`) is today for real places. Fictitious demo places
describe a fictional moment (the demo's vintage, data/demo/provenance.json): they are graded
at that date, and the page says so. Pure functions, frames in, frames out.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

DAYS_PER_MONTH = 30.44  # fraicheur.ts: millisecondesParMois = 1000 * 60 * 60 * 24 * 30.44

UP_TO_DATE = "a_jour"
WATCH = "a_surveiller"
CHECK = "a_verifier"
REFRESH = "a_actualiser"
GRADES = (UP_TO_DATE, WATCH, CHECK, REFRESH)
GRADE_LABELS = {
    UP_TO_DATE: "À jour",
    WATCH: "À surveiller",
    CHECK: "À vérifier",
    REFRESH: "À actualiser",
}
GRADE_SPANS = {
    UP_TO_DATE: "moins de 6 mois",
    WATCH: "6 à 12 mois",
    CHECK: "12 à 18 mois",
    REFRESH: "plus de 18 mois ou sans date",
}
# Upper bounds (months, excluded) of the first three grades.
BOUNDS = ((UP_TO_DATE, 6), (WATCH, 12), (CHECK, 18))
# The places to chase first: the stalest grade first.
CHASE_ORDER = {REFRESH: 0, CHECK: 1, WATCH: 2, UP_TO_DATE: 3}
# Contact fields the standard lets a place publish, for the list « à relancer ».
CONTACT_FIELDS = ("telephone", "courriels", "site_web", "prise_rdv", "adresse", "code_postal", "commune")


def age_in_months(dates: pd.Series, as_of: dt.date) -> pd.Series:
    """Months (of 30.44 days) between each date and `as_of`; NaN where there is no date."""
    moments = pd.to_datetime(dates, errors="coerce")
    days = (pd.Timestamp(as_of) - moments).dt.total_seconds() / 86400.0
    return (days / DAYS_PER_MONTH).astype(float)


def grade_of_age(months: float | None) -> str:
    """The grade of one age in months (None or NaN: no date, « À actualiser »)."""
    if months is None or (isinstance(months, float) and np.isnan(months)):
        return REFRESH
    for grade, bound in BOUNDS:
        if months < bound:
            return grade
    return REFRESH


def grades(dates: pd.Series, as_of: dt.date) -> pd.Series:
    """The grade of each date (same index)."""
    months = age_in_months(dates, as_of)
    out = pd.Series(REFRESH, index=dates.index, dtype=object)
    for grade, bound in reversed(BOUNDS):
        out = out.mask(months < bound, grade)
    return out


def reference_date(today: dt.date, all_fictitious: bool, vintage: str | None) -> tuple[dt.date, str]:
    """The date freshness is measured at, and why (French): today, or the demo's own date when
    every place is fictitious and the data carry a vintage date."""
    if all_fictitious and vintage:
        try:
            day = dt.date.fromisoformat(str(vintage)[:10])
        except ValueError:
            day = None
        if day is not None and day <= today:
            return day, "date à laquelle les données fictives de démonstration sont censées avoir été relevées"
    return today, "aujourd'hui"


def grade_counts(frame: pd.DataFrame, as_of: dt.date, by: str | None = None) -> pd.DataFrame:
    """Counts and shares of each grade, overall (`by` None) or per value of `by`.

    Columns: [`by`,] `lieux`, then for each grade `<grade>` (count) and `part_<grade>` (0-1).
    Places whose `by` is missing count under « (non renseigné) »."""
    graded = grades(frame["date_maj"], as_of) if len(frame) else pd.Series([], dtype=object)
    keys = (
        pd.Series("", index=frame.index)
        if by is None
        else frame[by].astype(object).where(frame[by].notna(), "(non renseigné)")
    )
    table = pd.crosstab(keys, graded).reindex(columns=list(GRADES), fill_value=0) if len(frame) else None
    if table is None:
        table = pd.DataFrame(columns=list(GRADES), dtype=int)
    table = table.astype(int)
    table.insert(0, "lieux", table.sum(axis=1))
    for grade in GRADES:
        table[f"part_{grade}"] = (table[grade] / table["lieux"]).where(table["lieux"] > 0)
    table = table.reset_index(names=by or "_").reset_index(drop=True)
    if by is None:
        table = table.drop(columns="_")
    table.columns.name = None
    return table


def grade_counts_by_source(records: pd.DataFrame, as_of: dt.date, by: str = "fiche_source") -> pd.DataFrame:
    """`grade_counts` per source: the records of the merge (one per place per source), graded by
    their own `date_maj`; without records, the places per source they cite (`sources`)."""
    if by in records.columns:
        return grade_counts(records, as_of, by).rename(columns={by: "source"})
    exploded = records.explode("sources")
    return grade_counts(exploded, as_of, "sources").rename(columns={"sources": "source"})


def _contact_text(value) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return " | ".join(str(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def to_chase(actors: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The list « à relancer »: every place not « À jour », the stalest first (grade, then the
    oldest date, undated first, then the name), with the contact fields the place published.

    Columns: `id, nom, commune, code_insee, fraicheur` (label), `date_maj`, `anciennete_mois`
    (rounded to 0.1, NaN when undated), `sources`, then `CONTACT_FIELDS` as text."""
    graded = grades(actors["date_maj"], as_of) if len(actors) else pd.Series([], dtype=object)
    months = age_in_months(actors["date_maj"], as_of) if len(actors) else pd.Series([], dtype=float)
    out = pd.DataFrame(
        {
            "id": actors["id"].astype(object).to_numpy(),
            "nom": actors["nom"].astype(object).to_numpy(),
            "commune": actors["commune"].astype(object).to_numpy(),
            "code_insee": actors["code_insee"].astype(object).to_numpy(),
            "fraicheur": graded.map(GRADE_LABELS).to_numpy(),
            "_rang": graded.map(CHASE_ORDER).to_numpy(),
            "date_maj": pd.to_datetime(actors["date_maj"]).dt.date.to_numpy(),
            "anciennete_mois": months.round(1).to_numpy(),
            "sources": actors["sources"].map(_contact_text).to_numpy() if "sources" in actors else [""] * len(actors),
        }
    )
    for column in CONTACT_FIELDS:
        out[column] = actors[column].map(_contact_text).to_numpy() if column in actors else ""
    out = out.assign(_age=months.fillna(np.inf).to_numpy())  # unrounded: the dates stay in order
    out = out[out["_rang"] < CHASE_ORDER[UP_TO_DATE]]
    out = out.sort_values(["_rang", "_age", "nom"], ascending=[True, False, True], kind="stable")
    return out.drop(columns=["_rang", "_age"]).reset_index(drop=True)
