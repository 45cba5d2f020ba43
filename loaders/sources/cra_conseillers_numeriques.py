"""The Conseillers numériques' activity reports (comptes rendus d'activité, CRA) aggregated by
postal code, as the ANCT publishes them for all of France.

Headers: `CodePostal, Somme de Moins12ans, Somme de De12a18ans, Somme de De18a35ans, Somme de
De35a60ans, Somme de Plus60ans, Somme de Etudiant, Somme de SansEmploi, Somme de EnEmploi, Somme
de Retraite, Somme de Heterogene`: people accompanied, by age band and by status, since the
programme began (the file's date is in its name: `2023-07-17 - conum - cra par code postaux.csv`).

What the reader does, each step said in the report:
- a postal code written with four digits lost its leading zero (`5031`, ` 9110`): put back
  (`05031`); rows of the same code are then added up;
- a code that is not a postal code (`null`, `undef`, `24 54`): the row is set aside, its people
  counted in the report;
- codes of other regions are left out and counted (by département), never silently dropped;
  a code of the region's départements missing from the postal table (a CEDEX code, a typo) is set
  aside;
- each code of the region is spread over the communes it serves in proportion to their
  population (loaders/postal_codes.py: SPREAD_RULE);
- the total (measure `accompagnements`) is the sum of the age bands; the statuses are another
  breakdown of the same people (their sum may differ: said in the report).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from loaders.activity import empty_activity, report_totals, typed_activity
from loaders.activity_measures import ACCOMPAGNEMENTS, SOURCE_CRA, TOTAL
from loaders.postal_codes import SPREAD_RULE, PostalTable, normalise_postal_code, spread
from loaders.problems import ERROR, INFO, LINE, WARNING, LoadResult, Problem
from loaders.sources.common import fold, line_ranges, vintage_from_name
from loaders.tabular_reading import read_table

FORMAT = "cra_code_postal"
CODE = "codepostal"
# Folded header -> (breakdown, category).
COLUMNS: dict[str, tuple[str, str]] = {
    "somme de moins12ans": ("tranche_age", "moins_12_ans"),
    "somme de de12a18ans": ("tranche_age", "12_18_ans"),
    "somme de de18a35ans": ("tranche_age", "18_35_ans"),
    "somme de de35a60ans": ("tranche_age", "35_60_ans"),
    "somme de plus60ans": ("tranche_age", "plus_60_ans"),
    "somme de etudiant": ("statut", "etudiant"),
    "somme de sansemploi": ("statut", "sans_emploi"),
    "somme de enemploi": ("statut", "en_emploi"),
    "somme de retraite": ("statut", "retraite"),
    "somme de heterogene": ("statut", "heterogene"),
}
AGE_COLUMNS = [h for h, (b, _) in COLUMNS.items() if b == "tranche_age"]
STATUS_COLUMNS = [h for h, (b, _) in COLUMNS.items() if b == "statut"]


def looks_like_cra(columns) -> bool:
    folded = {fold(c) for c in columns}
    return CODE in folded and set(AGE_COLUMNS) <= folded


def _fr(value: float) -> str:
    return f"{round(value):,}".replace(",", "\u00a0")


def read_cra_by_postal_code(
    source: str | Path | bytes,
    postal: PostalTable | None,
    file_name: str | None = None,
    vintage: dt.date | None = None,
) -> LoadResult:
    """The CRA file -> activity rows of the region's communes (measure `accompagnements`)."""
    name = file_name or (Path(source).name if isinstance(source, (str, Path)) else "fichier")
    read = read_table(source, name)
    problems = list(read.problems)
    meta = {"fichier": name, "source": SOURCE_CRA, "format_source": FORMAT, "millesime": None}
    if read.frame is None:
        return LoadResult(empty_activity(), problems or [Problem(name, "fichier illisible")], meta=meta)
    raw = read.frame
    roles = {fold(c): c for c in raw.columns if c != LINE}
    missing = [h for h in (CODE, *AGE_COLUMNS) if h not in roles]
    if missing:
        problems.append(
            Problem(
                name,
                "colonne(s) absente(s) pour les comptes rendus d'activité par code postal : "
                + ", ".join("CodePostal" if h == CODE else h.replace("somme de ", "Somme de ") for h in missing),
            )
        )
        return LoadResult(empty_activity(), problems, raw, meta)
    if postal is None:
        problems.append(
            Problem(
                name,
                "table des codes postaux absente du référentiel (codes_postaux.csv) : reconstruisez-la avec "
                "« python scripts/build_reference.py --codes-postaux »",
            )
        )
        return LoadResult(empty_activity(), problems, raw, meta)
    vintage = vintage or vintage_from_name(name)
    if vintage is None:
        problems.append(
            Problem(
                name,
                "date des comptes rendus absente du nom du fichier : nommez-le avec sa date de publication "
                "(par exemple « cra_par_code_postal_2023-07-17.csv ») pour qu'on sache jusqu'à quand il compte",
            )
        )
        return LoadResult(empty_activity(), problems, raw, meta)
    meta["millesime"] = vintage.isoformat()

    present = [h for h in COLUMNS if h in roles]
    values = pd.DataFrame({LINE: raw[LINE].astype(int)})
    unreadable_numbers = pd.Series(False, index=raw.index)
    for header in present:
        column = roles[header]
        text = raw[column].str.replace(r"[\s\u00a0\u202f]", "", regex=True)
        number = pd.to_numeric(text.where(text != "", "0"), errors="coerce")
        wrong = number.isna() | (number < 0) | (number % 1 != 0)
        for idx in raw.index[wrong]:
            problems.append(
                Problem(
                    name,
                    "nombre entier positif attendu : ligne écartée",
                    int(raw.at[idx, LINE]),
                    column,
                    ERROR,
                    raw.at[idx, column],
                )
            )
        unreadable_numbers |= wrong
        values[header] = number.fillna(0).astype("float64")
    values["total"] = values[[h for h in AGE_COLUMNS]].sum(axis=1)

    codes = raw[roles[CODE]].map(normalise_postal_code)
    values["code_postal"] = codes.map(lambda c: c.code)
    repaired = codes.map(lambda c: c.repaired)
    unreadable = values["code_postal"].isna() & ~unreadable_numbers
    for idx in raw.index[unreadable]:
        problems.append(
            Problem(
                name,
                f"code postal illisible : {_fr(values.at[idx, 'total'])} accompagnement(s) non localisé(s), ligne "
                "écartée",
                int(raw.at[idx, LINE]),
                roles[CODE],
                ERROR,
                raw.at[idx, roles[CODE]],
            )
        )
    if repaired.any():
        lines = raw.loc[repaired, LINE].astype(int).tolist()
        example = raw.loc[repaired, roles[CODE]].iloc[0]
        problems.append(
            Problem(
                name,
                f"{len(lines)} code(s) postal(aux) écrit(s) sur quatre chiffres (zéro initial perdu, ex. « {example} » "
                "→ "
                f"« {'0' + example} ») : zéro rétabli (lignes {line_ranges(lines)})",
                column=roles[CODE],
                severity=INFO,
            )
        )
    kept = values[~unreadable & ~unreadable_numbers].copy()
    rejected = raw[unreadable | unreadable_numbers].reset_index(drop=True)

    # The same code on several lines (often once with and once without its zero): added up.
    counts = kept.groupby("code_postal").size()
    repeated = counts[counts > 1]
    if len(repeated):
        problems.append(
            Problem(
                name,
                f"{len(repeated)} code(s) postal(aux) présent(s) sur plusieurs lignes "
                f"(ex. {', '.join(repeated.index[:5])}) :"
                " lignes additionnées",
                column=roles[CODE],
                severity=INFO,
            )
        )
    lines_of = kept.groupby("code_postal")[LINE].min()
    by_code = kept.drop(columns=[LINE]).groupby("code_postal", as_index=False).sum()
    by_code[LINE] = by_code["code_postal"].map(lines_of)

    in_table = by_code["code_postal"].isin(postal.codes)
    region_prefix = by_code["code_postal"].map(postal.in_region_prefix)
    unknown = by_code[~in_table & region_prefix]
    for row in unknown.itertuples():
        problems.append(
            Problem(
                name,
                f"code postal inconnu dans la région (code CEDEX ou erroné) : {_fr(row.total)} accompagnement(s) "
                "non réparti(s), écarté(s)",
                int(getattr(row, LINE)),
                roles[CODE],
                ERROR,
                row.code_postal,
            )
        )
    if len(unknown):
        unknown_lines = set(kept.loc[kept["code_postal"].isin(set(unknown["code_postal"])), LINE])
        rejected = pd.concat([rejected, raw[raw[LINE].isin(unknown_lines)]], ignore_index=True)
    outside = by_code[~in_table & ~region_prefix]
    if len(outside):
        deps = outside["code_postal"].str[:2].value_counts()
        problems.append(
            Problem(
                name,
                f"{len(outside)} code(s) postal(aux) hors de la région ({_fr(outside['total'].sum())} accompagnements, "
                f"{len(deps)} départements, dont {', '.join(f'{d} : {n}' for d, n in deps.head(5).items())}) : "
                "non comptés",
                column=roles[CODE],
                severity=INFO,
            )
        )
    region = by_code[in_table].reset_index(drop=True)
    columns = ["total", *present]
    communes, beyond = spread(region, postal, columns)
    served = postal.rows[postal.rows["code_postal"].isin(set(region["code_postal"]))]
    several = served.groupby("code_postal")["code_insee"].nunique()
    several = several[several > 1]
    problems.append(
        Problem(
            name,
            f"{len(region)} code(s) postal(aux) de la région répartis sur {len(communes)} commune(s) : {SPREAD_RULE}. "
            f"{len(several)} code(s) desservent plusieurs communes (ex. {', '.join(several.index[:3])}) ; les valeurs "
            "réparties ne sont pas entières, leurs totaux sont exacts",
            column=roles[CODE],
            severity=INFO,
        )
    )
    if len(beyond) and beyond["total"].sum() > 0:
        problems.append(
            Problem(
                name,
                f"{_fr(beyond['total'].sum())} accompagnement(s) de codes postaux partagés avec des communes hors "
                "de la "
                f"région ({', '.join(beyond['code_postal'])}) : part de ces communes écartée",
                column=roles[CODE],
                severity=INFO,
            )
        )
    if STATUS_COLUMNS[0] in present:
        status_sum = region[[h for h in STATUS_COLUMNS if h in present]].sum(axis=1)
        gap = (status_sum - region["total"]).abs()
        if (gap > 0).any():
            problems.append(
                Problem(
                    name,
                    f"{int((gap > 0).sum())} code(s) postal(aux) de la région où la somme des statuts diffère de "
                    "celle des "
                    f"tranches d'âge (écart total {_fr(gap.sum())}) : le total retenu est la somme des tranches d'âge",
                    severity=WARNING,
                )
            )

    period = vintage.isoformat()
    rows = []
    for record in communes.to_dict("records"):
        common = {
            "niveau": "commune",
            "code": record["code_insee"],
            "periode": period,
            "mesure": ACCOMPAGNEMENTS,
            "source": SOURCE_CRA,
            "millesime": period,
            "codes_postaux": record["codes_postaux"],
            "fictif": False,
        }
        rows.append(common | {"ventilation": TOTAL, "categorie": TOTAL, "valeur": record["total"]})
        for header in present:
            breakdown, category = COLUMNS[header]
            rows.append(common | {"ventilation": breakdown, "categorie": category, "valeur": record[header]})
    frame = typed_activity(rows) if rows else empty_activity()
    frame = frame.sort_values(["code", "ventilation", "categorie"]).reset_index(drop=True)
    frame[LINE] = range(2, 2 + len(frame))
    problems += report_totals(frame, name)
    meta |= {
        "lignes_lues": len(raw),
        "codes_region": len(region),
        "communes": len(communes),
        "codes_hors_region": len(outside),
        "accompagnements_hors_region": float(outside["total"].sum()),
        "codes_inconnus": len(unknown),
        "lignes_illisibles": int(unreadable.sum()),
        "zeros_retablis": int(repaired.sum()),
    }
    return LoadResult(frame, problems, rejected, meta)
