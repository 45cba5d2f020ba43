"""The activity the Aidants Connect structures list reports (ANCT): aidants, unique users and
procedures by theme, per structure, placed in the structure's commune.

Headers: `Name, ID, UUID, Is Active, City Insee Code, …, Nombre d'aidants, Question 110 → Nombre
D'usagers Uniques, Question 109 → Nombre De Demarche Par Structure, Question 99 → Nombre Demarche
Argent, …` (the usage columns are matched by their words, not their question numbers).

What the reader does, each step said in the report: empty and duplicate rows are set aside;
inactive structures (`Is Active` = false) are set aside with the figures they carried (the list
no longer vouches for them, as for the places: loaders/sources/aidants_connect.py); a structure
whose usage cells are empty has no usage figure (unknown, never zero): only its aidants count;
structures of the same commune add up; a former commune code lands on the current commune;
structures outside the region are left out and counted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from loaders.activity import empty_activity, report_totals, typed_activity
from loaders.activity_measures import AIDANTS, DEMARCHES, SOURCE_AIDANTS_CONNECT, TOTAL, USAGERS_UNIQUES
from loaders.commune_codes import build_mapping
from loaders.problems import ERROR, INFO, LINE, WARNING, LoadResult, Problem
from loaders.sources.common import empty_and_duplicate_rows, fold, line_ranges, vintage_from_name
from loaders.tabular_reading import read_table
from loaders.territories import Territories

FORMAT = "aidants_connect_activite"
# Words of a folded header -> (measure, breakdown, category).
USAGE: tuple[tuple[str, tuple[str, str, str]], ...] = (
    ("nombre d aidants", (AIDANTS, TOTAL, TOTAL)),
    ("usagers uniques", (USAGERS_UNIQUES, TOTAL, TOTAL)),
    ("demarche par structure", (DEMARCHES, TOTAL, TOTAL)),
    ("demarche argent", (DEMARCHES, "thematique", "argent_impots")),
    ("demarche etranger", (DEMARCHES, "thematique", "etrangers_europe")),
    ("demarche famille", (DEMARCHES, "thematique", "famille_scolarite")),
    ("demarche justice", (DEMARCHES, "thematique", "justice")),
    ("demarche loisirs", (DEMARCHES, "thematique", "loisirs_sports_culture")),
    ("demarche papier", (DEMARCHES, "thematique", "papiers_elections_citoyennete")),
    ("demarche social", (DEMARCHES, "thematique", "social_sante")),
    ("demarche transport", (DEMARCHES, "thematique", "transports_mobilite")),
    ("demarche travail", (DEMARCHES, "thematique", "travail_formation")),
    ("demarche logement", (DEMARCHES, "thematique", "logement")),
)
REQUIRED = ("city insee code", "is active", "nombre d aidants")


def _usage_columns(columns) -> dict[str, tuple[str, str, str]]:
    out = {}
    for column in columns:
        folded = fold(column)
        for words, target in USAGE:
            if folded.endswith(words) and target not in out.values():
                out[column] = target
                break
    return out


def looks_like_aidants_connect_activity(columns) -> bool:
    folded = {fold(c) for c in columns}
    return set(REQUIRED) <= folded


def _fr(value: float) -> str:
    return f"{round(value):,}".replace(",", "\u00a0")


def read_aidants_connect_activity(
    source: str | Path | bytes, territories: Territories, file_name: str | None = None, vintage: dt.date | None = None
) -> LoadResult:
    name = file_name or (Path(source).name if isinstance(source, (str, Path)) else "fichier")
    read = read_table(source, name)
    problems = list(read.problems)
    meta = {"fichier": name, "source": SOURCE_AIDANTS_CONNECT, "format_source": FORMAT, "millesime": None}
    if read.frame is None:
        return LoadResult(empty_activity(), problems or [Problem(name, "fichier illisible")], meta=meta)
    raw = read.frame
    roles = {fold(c): c for c in raw.columns if c != LINE}
    missing = [h for h in REQUIRED if h not in roles]
    if missing:
        problems.append(Problem(name, "colonne(s) absente(s) pour la liste Aidants Connect : " + ", ".join(missing)))
        return LoadResult(empty_activity(), problems, raw, meta)
    vintage = vintage or vintage_from_name(name)
    if vintage is None:
        problems.append(
            Problem(
                name,
                "date de la liste absente du nom du fichier : nommez-le avec sa date (par exemple "
                "« aidants_connect_structures_2024-02-12.csv ») pour qu'on sache jusqu'à quand il compte",
            )
        )
        return LoadResult(empty_activity(), problems, raw, meta)
    meta["millesime"] = vintage.isoformat()
    usage = _usage_columns(c for c in raw.columns if c != LINE)

    rows, duplicates, more, counts = empty_and_duplicate_rows(raw, name)
    problems += more
    set_aside = [duplicates] if len(duplicates) else []
    numbers = pd.DataFrame(index=rows.index)
    bad = pd.Series(False, index=rows.index)
    for column in usage:
        text = rows[column].str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(r"\.0+$", "", regex=True)
        value = pd.to_numeric(text.where(text != "", None), errors="coerce")
        wrong = text.ne("") & (value.isna() | (value < 0))
        for idx in rows.index[wrong]:
            problems.append(
                Problem(
                    name,
                    "nombre positif attendu : ligne écartée",
                    int(rows.at[idx, LINE]),
                    column,
                    ERROR,
                    rows.at[idx, column],
                )
            )
        bad |= wrong
        numbers[column] = value
    if bad.any():
        set_aside.append(rows[bad])
    inactive = rows[roles["is active"]].map(fold).isin({"false", "faux", "non", "0"}) & ~bad
    if inactive.any():
        lines = rows.loc[inactive, LINE].astype(int).tolist()
        carried = "; ".join(
            f"{_fr(numbers.loc[inactive, c].sum())} {usage[c][0].replace('_', ' ')}"
            for c in usage
            if usage[c][1] == TOTAL and numbers.loc[inactive, c].notna().any()
        )
        problems.append(
            Problem(
                name,
                f"{len(lines)} structure(s) inactive(s) (« {roles['is active']} » = false) écartée(s) : la liste ne "
                f"les garantit plus (lignes {line_ranges(lines)})"
                + (f" ; chiffres non comptés : {carried}" if carried else ""),
                column=roles["is active"],
                severity=WARNING,
            )
        )
        set_aside.append(rows[inactive])
    keep = ~bad & ~inactive
    kept, values = rows[keep], numbers[keep]

    mapping = build_mapping(territories.communes, territories.history)
    code_column = roles["city insee code"]
    given = kept[code_column].str.strip().str.replace(r"\.0$", "", regex=True).str.zfill(5)
    current = given.map(mapping.current)
    outside = current.isna()
    if outside.any():
        lines = kept.loc[outside, LINE].astype(int).tolist()
        problems.append(
            Problem(
                name,
                f"{len(lines)} structure(s) dont la commune n'est pas dans la région ou est inconnue : non comptée(s) "
                f"(lignes {line_ranges(lines)})",
                column=code_column,
                severity=INFO,
            )
        )
        set_aside.append(kept[outside])
    renamed = (~outside) & (current != given)
    if renamed.any():
        problems.append(
            Problem(
                name,
                f"{int(renamed.sum())} structure(s) sur un ancien code de commune, rattachée(s) à la commune actuelle "
                f"(ex. {given[renamed].iloc[0]} → {current[renamed].iloc[0]})",
                column=code_column,
                severity=INFO,
            )
        )
    located = values[~outside].assign(code=current[~outside])
    usage_totals = [c for c in usage if usage[c][0] != AIDANTS and usage[c][1] == TOTAL]
    reported = located[usage_totals].notna().any(axis=1) if usage_totals else pd.Series(False, index=located.index)
    problems.append(
        Problem(
            name,
            f"chiffres d'usage (usagers uniques, démarches) renseignés pour {int(reported.sum())} structure(s) sur "
            f"{len(located)} : les autres ne comptent que leurs aidants (usage non renseigné, jamais compté comme "
            "zéro)",
            severity=INFO,
        )
    )
    themes = [c for c in usage if usage[c][1] == "thematique"]
    total_column = next((c for c in usage if usage[c] == (DEMARCHES, TOTAL, TOTAL)), None)
    if total_column and themes:
        theme_sum = located[themes].sum(axis=1, min_count=1)
        gap = (theme_sum - located[total_column]).abs()
        if (gap > 0).any():
            problems.append(
                Problem(
                    name,
                    f"{int((gap > 0).sum())} structure(s) dont la somme des démarches par thème diffère du total "
                    f"(écart {_fr(gap.sum())}) : le total retenu est celui de la colonne « {total_column} »",
                    severity=WARNING,
                )
            )

    period = vintage.isoformat()
    out = []
    for column, (measure, breakdown, category) in usage.items():
        by_commune = located.groupby("code")[column].sum(min_count=1).dropna()
        for code, value in by_commune.items():
            out.append(
                {
                    "niveau": "commune",
                    "code": code,
                    "periode": period,
                    "mesure": measure,
                    "ventilation": breakdown,
                    "categorie": category,
                    "valeur": float(value),
                    "source": SOURCE_AIDANTS_CONNECT,
                    "millesime": period,
                    "fictif": False,
                }
            )
    frame = typed_activity(out) if out else empty_activity()
    frame = frame.sort_values(["code", "mesure", "ventilation", "categorie"]).reset_index(drop=True)
    frame[LINE] = range(2, 2 + len(frame))
    problems += report_totals(frame, name)
    rejected = pd.concat(set_aside, ignore_index=True) if set_aside else raw.iloc[0:0]
    meta |= counts | {
        "structures": len(located),
        "structures_avec_usage": int(reported.sum()),
        "structures_inactives": int(inactive.sum()),
        "structures_hors_region": int(outside.sum()),
        "communes": int(located["code"].nunique()),
    }
    return LoadResult(frame, problems, rejected, meta)
