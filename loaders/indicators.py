"""Territorial indicators (long format) and their catalogue; the IFN public files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.commune_codes import build_mapping, land_on_current
from loaders.dataset_spec import check_references, empty_frame, load_file
from loaders.limits import limits_for
from loaders.problems import ERROR, INFO, LINE, LoadResult, Problem
from loaders.schemas import CATALOGUE_INDICATEURS, INDICATEURS
from loaders.tabular_reading import read_table
from loaders.territories import Territories

IFN_COLUMNS = {
    "total": "ifn_total",
    "no_thd_coverage_rate": "ifn_absence_thd",
    "no_4g_coverage_rate": "ifn_absence_4g",
    "poverty_rate": "ifn_pauvrete",
    "older_65_rate": "ifn_plus_65_ans",
    "nscol15p_rate": "ifn_non_diplomes",
}
IFN_LABELS = {
    "ifn_total": ("Indice de fragilité numérique (IFN)", "Score global, moyenne des cinq sous-indices."),
    "ifn_absence_thd": ("IFN : absence de très haut débit", "Part des locaux non couverts en très haut débit fixe."),
    "ifn_absence_4g": ("IFN : absence de couverture 4G", "Part du territoire mal couvert en 4G."),
    "ifn_pauvrete": ("IFN : pauvreté", "Taux de pauvreté."),
    "ifn_plus_65_ans": ("IFN : part des plus de 65 ans", "Part de la population âgée de plus de 65 ans."),
    "ifn_non_diplomes": ("IFN : non-diplômés", "Part des 15 ans et plus non scolarisés sans diplôme."),
}
IFN_SOURCE = "Indice de fragilité numérique, La MedNum / ANSA"
IFN_VINTAGE = "2023"


def ifn_catalogue(source: str = IFN_SOURCE, vintage: str = IFN_VINTAGE) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": key,
                "libelle": label,
                "unite": "score 0-10",
                "sens": "plus_est_pire",
                "source": source,
                "millesime": vintage,
                "description": desc + " 0 = le moins fragile, 10 = le plus fragile.",
                "min": 0.0,
                "max": 10.0,
            }
            for key, (label, desc) in IFN_LABELS.items()
        ]
    )


def load_catalogue(source: str | Path | bytes, file_name: str | None = None) -> LoadResult:
    return load_file(source, CATALOGUE_INDICATEURS, file_name)


def load_indicator_values(
    source: str | Path | bytes, territories: Territories, catalogue_ids: set[str], file_name: str | None = None
) -> LoadResult:
    """Long-format values; commune codes land on current communes; unknown ids set aside."""
    name = file_name or Path(str(source)).name
    result = load_file(source, INDICATEURS, name)
    problems = list(result.problems)
    frame, bad = check_references(result.frame, "indicateur", catalogue_ids, name, "indicateur absent du catalogue")
    problems += bad
    frame, more = _check_territory_codes(frame, territories, name)
    problems += more
    return LoadResult(frame, problems, result.rejected)


def _check_territory_codes(
    frame: pd.DataFrame, territories: Territories, name: str
) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    parts = []
    known = {
        "epci": set(territories.epci["code_epci"]),
        "departement": set(territories.departements["code_departement"]),
    }
    for level, part in frame.groupby("niveau", sort=False):
        if level == "commune":
            mapping = build_mapping(territories.communes, territories.history)
            keys = ["indicateur", "periode"]
            landed = []
            for _, sub in part.groupby(keys, sort=False):
                merged, probs = land_on_current(sub, "code", ["valeur"], mapping, name)
                landed.append(merged)
                problems += probs
            part = pd.concat(landed, ignore_index=True) if landed else part
        elif level in known:
            bad = ~part["code"].isin(known[level])
            for _, row in part[bad].iterrows():
                problems.append(
                    Problem(
                        name,
                        f"code {level} inconnu dans le référentiel",
                        int(row[LINE]),
                        "code",
                        ERROR,
                        str(row["code"]),
                    )
                )
            part = part[~bad]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True) if parts else frame
    return out, problems


def load_ifn(
    source: str | Path | bytes, level: str, territories: Territories, file_name: str | None = None
) -> LoadResult:
    """The public IFN file (commune, EPCI or département level) -> long-format indicators of the region.

    Rows of other regions are ignored (counted in an information message); commune codes of
    2023 land on current communes (population-weighted where merged), unmapped codes reported.
    """
    name = file_name or Path(str(source)).name
    read = read_table(source, name, limits_for(INDICATEURS))
    problems = list(read.problems)
    empty = empty_frame(INDICATEURS)
    if read.frame is None:
        return LoadResult(empty, problems)
    raw = read.frame
    missing = [c for c in ["code", *IFN_COLUMNS] if c not in raw.columns]
    if missing:
        problems.append(
            Problem(name, f"colonne(s) de l'IFN absente(s) : {', '.join(missing)}", column=", ".join(missing))
        )
        return LoadResult(empty, problems)

    values = raw[[LINE, "code", *IFN_COLUMNS]].copy()
    bad_rows = set()
    for col in IFN_COLUMNS:
        num = pd.to_numeric(values[col].str.replace(",", ".", regex=False), errors="coerce")
        invalid = num.isna() & (values[col] != "")
        out_of_range = num.notna() & ((num < 0) | (num > 10))
        for idx in values.index[invalid | out_of_range]:
            msg = "nombre illisible" if invalid[idx] else "valeur hors de l'échelle 0-10"
            problems.append(Problem(name, msg, int(values.at[idx, LINE]), col, ERROR, values.at[idx, col]))
            bad_rows.add(idx)
        values[col] = num
    values = values.drop(index=list(bad_rows))

    if level == "commune":
        codes = values["code"].str.zfill(5)
        values["code"] = codes
        in_region = codes.str[:2].isin(territories.communes["code_departement"].unique())
        outside = int((~in_region).sum())
        values = values[in_region]
        mapping = build_mapping(territories.communes, territories.history)
        values, more = land_on_current(values, "code", list(IFN_COLUMNS), mapping, name)
        problems += more
        covered = set(values["code"])
        missing_communes = sorted(set(territories.communes["code_insee"]) - covered)
        if missing_communes:
            problems.append(
                Problem(
                    name,
                    f"{len(missing_communes)} commune(s) actuelle(s) sans valeur IFN : "
                    f"{', '.join(missing_communes[:20])}",
                    severity=INFO,
                )
            )
    elif level == "epci":
        region_epci = set(territories.epci["code_epci"])
        in_region = values["code"].isin(region_epci)
        outside = int((~in_region).sum())
        values = values[in_region]
        missing_epci = sorted(region_epci - set(values["code"]))
        if missing_epci:
            problems.append(
                Problem(name, f"EPCI de la région sans valeur IFN : {', '.join(missing_epci)}", severity=INFO)
            )
    elif level == "departement":
        region_deps = set(territories.departements["code_departement"])
        values["code"] = values["code"].str.strip().map(lambda c: c.zfill(2) if c.isdigit() else c.upper())
        in_region = values["code"].isin(region_deps)
        outside = int((~in_region).sum())
        values = values[in_region]
        missing_deps = sorted(region_deps - set(values["code"]))
        if missing_deps:
            problems.append(
                Problem(name, f"département(s) de la région sans valeur IFN : {', '.join(missing_deps)}", severity=INFO)
            )
    else:
        problems.append(
            Problem(name, f"niveau « {level} » non pris en charge pour l'IFN (commune, epci ou departement)")
        )
        return LoadResult(empty, problems)
    if outside:
        problems.append(Problem(name, f"{outside} ligne(s) hors de la région ignorée(s)", severity=INFO))

    long = values.melt(id_vars=[LINE, "code"], value_vars=list(IFN_COLUMNS), var_name="source_col", value_name="valeur")
    long["indicateur"] = long["source_col"].map(IFN_COLUMNS)
    long["niveau"] = level
    long["periode"] = IFN_VINTAGE
    long = long.dropna(subset=["valeur"])
    long["source"] = IFN_SOURCE
    long["fictif"] = False
    frame = long[list(empty.columns)].reset_index(drop=True)
    return LoadResult(frame.astype(empty.dtypes.to_dict()), problems, meta={"catalogue": ifn_catalogue()})
