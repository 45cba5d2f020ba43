"""Evaluation datasets: milestones, KPIs and their measures, network events, experiments."""

from __future__ import annotations

from pathlib import Path

from loaders.config import HubConfig
from loaders.dataset_spec import check_references, load_file
from loaders.problems import LINE, WARNING, LoadResult, Problem
from loaders.schemas import EVENEMENTS, EXPERIMENTATIONS, JALONS, KPIS, MESURES_KPI
from loaders.territories import Territories
from loaders.territory_codes import check_territory_column


def _name(source, file_name):
    return file_name or Path(str(source)).name


def _check_actions(result: LoadResult, config: HubConfig, name: str) -> LoadResult:
    frame, bad = check_references(
        result.frame,
        "action",
        {a.code for a in config.actions},
        name,
        "action inconnue (voir [[actions]] dans hub.toml)",
    )
    result.frame = frame
    result.problems += bad
    return result


def load_milestones(source, config: HubConfig, file_name: str | None = None) -> LoadResult:
    return _check_actions(load_file(source, JALONS, file_name), config, _name(source, file_name))


def load_kpis(source, config: HubConfig, file_name: str | None = None) -> LoadResult:
    return _check_actions(load_file(source, KPIS, file_name), config, _name(source, file_name))


def load_kpi_measures(
    source, kpi_ids: set[str], file_name: str | None = None, computed_ids: set[str] | None = None
) -> LoadResult:
    """Measures of the follow-up indicators. `computed_ids`: indicators computed from the data
    (kpis `calcul`), whose measures in the file are kept but not used: said once per indicator."""
    name = _name(source, file_name)
    result = load_file(source, MESURES_KPI, file_name)
    frame, bad = check_references(result.frame, "id_kpi", kpi_ids, name, "indicateur de suivi inconnu (absent de kpis)")
    for kpi in sorted(set(frame["id_kpi"].dropna()) & set(computed_ids or ())):
        lines = frame.loc[frame["id_kpi"] == kpi, LINE]
        bad.append(
            Problem(
                name,
                f"{len(lines)} mesure(s) de {kpi} non utilisée(s) : cet indicateur est calculé à partir des données "
                "(colonne calcul de kpis), "
                "le tableau de bord montre la valeur calculée à chaque date",
                int(lines.min()),
                "id_kpi",
                WARNING,
                kpi,
            )
        )
    result.frame = frame
    result.problems += bad
    return result


def computed_kpi_ids(kpis) -> set[str]:
    """The follow-up indicators computed from the data (a `calcul` given)."""
    if "calcul" not in kpis.columns:
        return set()
    return set(kpis.loc[kpis["calcul"].notna(), "id_kpi"])


def load_events(
    source, config: HubConfig, territories: Territories, actor_ids: set[str], file_name: str | None = None
) -> LoadResult:
    name = _name(source, file_name)
    result = load_file(source, EVENEMENTS, file_name)
    frame = result.frame
    frame, territory_problems = check_territory_column(frame, "code_insee", territories, name)
    problems = territory_problems
    for _, row in frame.iterrows():
        unknown = [a for a in row["acteurs_presents"] if a not in actor_ids]
        if unknown:
            problems.append(
                Problem(
                    name,
                    f"{len(unknown)} acteur(s) présent(s) inconnu(s) dans la liste des acteurs",
                    int(row[LINE]),
                    "acteurs_presents",
                    WARNING,
                    " | ".join(unknown[:5]),
                )
            )
    actions = {a.code for a in config.actions}
    bad_action = frame["action"].notna() & ~frame["action"].isin(actions)
    for _, row in frame[bad_action].iterrows():
        problems.append(
            Problem(
                name,
                "action inconnue (voir [[actions]] dans hub.toml)",
                int(row[LINE]),
                "action",
                WARNING,
                str(row["action"]),
            )
        )
    result.frame = frame
    result.problems += problems
    return result


def load_experiments(source, territories: Territories, file_name: str | None = None) -> LoadResult:
    name = _name(source, file_name)
    result = load_file(source, EXPERIMENTATIONS, file_name)
    frame, problems = check_territory_column(result.frame, "code_territoire", territories, name)
    result.frame = frame
    result.problems += problems
    return result
