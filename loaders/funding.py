"""Funding datasets: budget lines, commitments and expenses, funds raised for the territory."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.config import HubConfig
from loaders.dataset_spec import check_references, load_file
from loaders.problems import LINE, WARNING, LoadResult, Problem
from loaders.schemas import ENVELOPE_COFUNDING, LEVEES_FONDS, LIGNES_BUDGET, MOUVEMENTS
from loaders.territories import Territories
from loaders.territory_codes import check_territory_column


def load_budget_lines(source: str | Path | bytes, config: HubConfig, file_name: str | None = None) -> LoadResult:
    result = load_file(source, LIGNES_BUDGET, file_name)
    name = file_name or Path(str(source)).name
    frame, bad = check_references(
        result.frame,
        "action",
        {a.code for a in config.actions},
        name,
        "action inconnue (voir [[actions]] dans hub.toml)",
    )
    envelopes = {e.key for e in config.envelopes} | {ENVELOPE_COFUNDING}
    frame, bad2 = check_references(
        frame, "enveloppe", envelopes, name, "enveloppe inconnue : " + ", ".join(sorted(envelopes))
    )
    result.frame = frame
    result.problems += bad + bad2
    return result


def load_movements(
    source: str | Path | bytes, line_ids: set[str], territories: Territories, file_name: str | None = None
) -> LoadResult:
    result = load_file(source, MOUVEMENTS, file_name)
    name = file_name or Path(str(source)).name
    frame, bad = check_references(result.frame, "id_ligne", line_ids, name, "ligne de budget inconnue")
    frame, territory_problems = check_territory_column(frame, "code_territoire", territories, name)
    result.frame = frame
    result.problems += bad + territory_problems + _overspent_lines(frame, name)
    return result


def _overspent_lines(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Expenses above commitments on a line are kept but reported."""
    if frame.empty:
        return []
    sums = frame.pivot_table(index="id_ligne", columns="nature", values="montant_centimes", aggfunc="sum", fill_value=0)
    problems = []
    if {"engagement", "depense"} <= set(sums.columns):
        for line_id, row in sums[sums["depense"] > sums["engagement"]].iterrows():
            problems.append(
                Problem(
                    name, f"ligne {line_id} : dépenses supérieures aux engagements", column="montant", severity=WARNING
                )
            )
    return problems


def load_fundraising(source: str | Path | bytes, territories: Territories, file_name: str | None = None) -> LoadResult:
    result = load_file(source, LEVEES_FONDS, file_name)
    name = file_name or Path(str(source)).name
    frame, territory_problems = check_territory_column(result.frame, "code_territoire", territories, name)
    obtained_without_amount = frame[(frame["statut"] == "obtenue") & frame["montant_obtenu_centimes"].isna()]
    problems = [
        Problem(name, "dossier obtenu sans montant obtenu : compté pour 0 €", int(r[LINE]), "montant_obtenu", WARNING)
        for _, r in obtained_without_amount.iterrows()
    ]
    result.frame = frame
    result.problems += territory_problems + problems
    return result
