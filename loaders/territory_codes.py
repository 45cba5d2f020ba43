"""Checking territory codes found in the hub's own files (commune, EPCI or département)."""

from __future__ import annotations

import pandas as pd

from loaders.commune_codes import build_mapping
from loaders.problems import INFO, LINE, WARNING, Problem
from loaders.territories import Territories
from loaders.territory_levels import territory_level


def check_territory_column(
    frame: pd.DataFrame, column: str, territories: Territories, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Former commune codes become current ones; unknown codes are kept and reported.

    Money and events must never disappear because of a territory typo, so rows are kept.
    Adds the column `niveau_territoire`.
    """
    problems: list[Problem] = []
    frame = frame.copy()
    if frame.empty:
        frame["niveau_territoire"] = pd.Series([], dtype=pd.StringDtype())
        return frame, problems
    mapping = build_mapping(territories.communes, territories.history)
    known_epci = set(territories.epci["code_epci"])
    known_dep = set(territories.departements["code_departement"])
    levels, codes = [], []
    for _, row in frame.iterrows():
        code = row[column]
        level = territory_level(code)
        line = int(row[LINE]) if LINE in row else None
        if level is None:
            if code is not None and not pd.isna(code):
                problems.append(Problem(file, "code de territoire illisible", line, column, WARNING, str(code)))
            levels.append(None)
            codes.append(code)
            continue
        if level == "commune":
            current = mapping.to_current(str(code))
            if current is None:
                problems.append(
                    Problem(file, "commune inconnue dans le référentiel de la région", line, column, WARNING, str(code))
                )
            elif current != code:
                problems.append(
                    Problem(file, f"ancien code commune rattaché à {current}", line, column, INFO, str(code))
                )
                code = current
        elif level == "epci" and code not in known_epci:
            problems.append(
                Problem(file, "EPCI inconnu dans le référentiel de la région", line, column, WARNING, str(code))
            )
        elif level == "departement" and code not in known_dep:
            problems.append(Problem(file, "département hors de la région", line, column, WARNING, str(code)))
        levels.append(level)
        codes.append(code)
    frame[column] = pd.array(codes, dtype=pd.StringDtype())
    frame["niveau_territoire"] = pd.array(levels, dtype=pd.StringDtype())
    return frame, problems
