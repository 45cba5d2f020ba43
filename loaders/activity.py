"""The activity dataset (people accompanied, procedures…) in the hub's long format, and the typed
frame every activity reader returns (loaders/sources/cra_conseillers_numeriques.py,
aidants_connect_activity.py, coop_api.py).

One row = one value: territory (niveau, code), period, measure, breakdown (ventilation and its
categorie; the total has ventilation = categorie = « total »), value, source, vintage.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from loaders.activity_measures import TOTAL, period_end
from loaders.commune_codes import build_mapping, land_on_current
from loaders.dataset_spec import empty_frame, load_file
from loaders.problems import ERROR, INFO, LINE, WARNING, LoadResult, Problem
from loaders.schemas import ACTIVITE
from loaders.territories import Territories

ID_COLUMNS = list(ACTIVITE.id_columns)
KEYS_BUT_CODE = [c for c in ID_COLUMNS if c not in ("niveau", "code")]


def empty_activity() -> pd.DataFrame:
    return empty_frame(ACTIVITE)


def typed_activity(rows: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """Rows built by a reader (any subset of the columns) as the dataset's typed frame."""
    frame = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows.copy()
    empty = empty_activity()
    if LINE not in frame.columns:
        frame[LINE] = np.arange(2, 2 + len(frame))
    for column in empty.columns:
        if column not in frame.columns:
            frame[column] = [[] for _ in range(len(frame))] if column == "codes_postaux" else None
    frame = frame[list(empty.columns)]
    out = {}
    for column, dtype in empty.dtypes.items():
        if column == "codes_postaux":
            out[column] = frame[column].map(lambda v: list(v) if isinstance(v, (list, tuple)) else []).astype(object)
        elif column == "fictif":
            out[column] = frame[column].astype("boolean")
        elif dtype == "float64":
            out[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        elif column == LINE:
            out[column] = frame[column].astype("int64")
        else:
            values = frame[column].astype(object).where(frame[column].notna(), None)
            out[column] = pd.array(values.to_numpy(dtype=object), dtype=pd.StringDtype())
    return pd.DataFrame(out).reset_index(drop=True)


def load_activity(
    source: str | Path | bytes | pd.DataFrame,
    territories: Territories,
    file_name: str | None = None,
    region_code: str | None = None,
) -> LoadResult:
    """The hub's activity file: checked against the declaration, territories against the
    reference (former commune codes land on the current commune, summed), duplicates set aside."""
    name = file_name or (Path(str(source)).name if not isinstance(source, pd.DataFrame) else "fichier")
    if isinstance(source, pd.DataFrame):
        from loaders.dataset_spec import load_frame

        result = load_frame(source, ACTIVITE, name)
    else:
        result = load_file(source, ACTIVITE, name)
    problems = list(result.problems)
    frame = result.frame.copy()
    rejected = [result.rejected] if len(result.rejected) else []
    if frame.empty:
        return LoadResult(typed_activity(frame), problems, result.rejected, result.meta)

    breakdown = frame["ventilation"].astype(object).where(frame["ventilation"].notna(), TOTAL)
    category = frame["categorie"].astype(object)
    missing_category = (breakdown != TOTAL) & category.isna()
    for idx in frame.index[missing_category]:
        problems.append(
            Problem(
                name,
                f"catégorie manquante pour la ventilation « {breakdown[idx]} » (par exemple plus_60_ans pour "
                "tranche_age)",
                int(frame.at[idx, LINE]),
                "categorie",
            )
        )
    category = category.where(breakdown != TOTAL, TOTAL)
    unreadable_period = frame["periode"].map(lambda v: period_end(v) is None)
    for idx in frame.index[unreadable_period & ~missing_category]:
        problems.append(
            Problem(
                name,
                "période impossible (attendu une année 2023, un mois 2023-06, une date 2023-07-17 ou un intervalle "
                "2024-01-01/2024-06-30)",
                int(frame.at[idx, LINE]),
                "periode",
                value=str(frame.at[idx, "periode"]),
            )
        )
    missing_category = missing_category | unreadable_period
    frame["ventilation"] = pd.array(breakdown.to_numpy(dtype=object), dtype=pd.StringDtype())
    frame["categorie"] = pd.array(category.to_numpy(dtype=object), dtype=pd.StringDtype())
    bad = missing_category.to_numpy()
    frame, codes_bad, more = _check_territories(frame[~bad].reset_index(drop=True), territories, name, region_code)
    problems += more
    frame, duplicates, more = _set_aside_duplicates(frame, name)
    problems += more
    set_aside = [p for p in (*rejected, result.frame[missing_category], codes_bad, duplicates) if len(p)]
    all_rejected = pd.concat(set_aside, ignore_index=True) if set_aside else result.frame.iloc[0:0]
    return LoadResult(typed_activity(frame), problems, all_rejected, result.meta)


def _check_territories(
    frame: pd.DataFrame, territories: Territories, name: str, region_code: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    parts, bad_parts = [], []
    known = {
        "epci": set(territories.epci["code_epci"]),
        "departement": set(territories.departements["code_departement"]),
    }
    for level, part in frame.groupby("niveau", sort=False):
        if level == "commune":
            mapping = build_mapping(territories.communes, territories.history)
            unknown = part["code"].map(mapping.current).isna()
            bad_parts.append(part[unknown])
            landed = []
            for _, sub in part.groupby(KEYS_BUT_CODE, sort=False, dropna=False):
                merged, probs = land_on_current(sub, "code", ["valeur"], mapping, name, how="sum")
                landed.append(merged)
                problems += [p if p.severity != ERROR else _outside_commune(p) for p in probs]
            part = pd.concat(landed, ignore_index=True) if landed else part
        elif level in known:
            wrong = ~part["code"].isin(known[level])
            for _, row in part[wrong].iterrows():
                problems.append(
                    Problem(
                        name, f"code {level} inconnu dans la région", int(row[LINE]), "code", ERROR, str(row["code"])
                    )
                )
            bad_parts.append(part[wrong])
            part = part[~wrong]
        elif level == "region" and region_code:
            wrong = part["code"] != region_code
            for _, row in part[wrong].iterrows():
                problems.append(
                    Problem(
                        name,
                        f"code de région différent de celui du hub ({region_code})",
                        int(row[LINE]),
                        "code",
                        ERROR,
                        str(row["code"]),
                    )
                )
            bad_parts.append(part[wrong])
            part = part[~wrong]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True) if parts else frame
    bad = [b for b in bad_parts if len(b)]
    return out, (pd.concat(bad, ignore_index=True) if bad else frame.iloc[0:0]), problems


def _outside_commune(problem: Problem) -> Problem:
    return Problem(
        problem.file,
        "code commune inconnu dans la région (ni commune actuelle ni commune déléguée ou associée) : ligne écartée",
        problem.line,
        problem.column,
        ERROR,
        problem.value,
    )


def _set_aside_duplicates(frame: pd.DataFrame, name: str) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Two rows for the same territory, period, measure, category and source: the first is kept."""
    if frame.empty:
        return frame, frame, []
    keys = frame[ID_COLUMNS].astype(object).where(frame[ID_COLUMNS].notna(), "")
    duplicated = keys.duplicated(keep="first")
    problems = []
    if duplicated.any():
        first = {}
        for idx, key in zip(frame.index, map(tuple, keys.to_numpy())):
            first.setdefault(key, int(frame.at[idx, LINE]))
        for idx in frame.index[duplicated]:
            key = tuple(keys.loc[idx])
            problems.append(
                Problem(
                    name,
                    "valeur en double (même territoire, période, mesure, catégorie et source que la ligne "
                    f"{first[key]})",
                    int(frame.at[idx, LINE]),
                    "code",
                    ERROR,
                    str(frame.at[idx, "code"]),
                )
            )
        problems.append(Problem(name, f"{int(duplicated.sum())} valeur(s) en double écartée(s)", severity=WARNING))
    return frame[~duplicated].reset_index(drop=True), frame[duplicated].reset_index(drop=True), problems


def report_totals(frame: pd.DataFrame, name: str) -> list[Problem]:
    """An information line per source and measure: the total kept (what the pages will count)."""
    from loaders.activity_measures import MEASURES

    out = []
    totals = frame[frame["ventilation"] == TOTAL]
    for (source, measure, period), part in totals.groupby(["source", "mesure", "periode"], sort=True):
        label = MEASURES[measure].label if measure in MEASURES else measure
        value = float(part["valeur"].sum())
        levels = ", ".join(sorted(set(part["niveau"])))
        out.append(
            Problem(
                name,
                f"{source} · {label} ({period}) : {_fr(value)} au total ({len(part)} territoire(s), niveau {levels})",
                severity=INFO,
            )
        )
    return out


def _fr(value: float) -> str:
    rounded = round(value)
    text = f"{rounded:,}".replace(",", "\u00a0")
    return text if abs(value - rounded) < 1e-6 else f"{text} (arrondi)"
