"""Dataset `activite`: fictitious people accompanied, as the national files would give them.

Communes with a place of the « Conseillers numériques » programme get accompaniments (with age
and status breakdowns) like the CRA file; communes with an « Aidants Connect » place get aidants,
and for about a third of them unique users and procedures by theme, like the Aidants Connect
list. Cumulative figures at the demo's date (AS_OF). Drawn with a random generator of their own
so that the other demo files stay the same bytes.
"""

from __future__ import annotations

import numpy as np

from loaders.activity_measures import (
    ACCOMPAGNEMENTS,
    AIDANTS,
    CATEGORY_LABELS,
    DEMARCHES,
    SOURCE_AIDANTS_CONNECT,
    SOURCE_CRA,
    TOTAL,
    USAGERS_UNIQUES,
)
from scripts.demo.actors import Actor
from scripts.demo.common import AS_OF, SEED
from scripts.demo.reference import Ref

ACTIVITY_SEED = SEED + 13
AGE_SHARES = {"moins_12_ans": 0.07, "12_18_ans": 0.04, "18_35_ans": 0.07, "35_60_ans": 0.26, "plus_60_ans": 0.56}
STATUS_SHARES = {"etudiant": 0.10, "sans_emploi": 0.09, "en_emploi": 0.14, "retraite": 0.51, "heterogene": 0.16}
THEME_SHARES = {
    "travail_formation": 0.42,
    "social_sante": 0.14,
    "transports_mobilite": 0.12,
    "argent_impots": 0.1,
    "papiers_elections_citoyennete": 0.08,
    "famille_scolarite": 0.07,
    "logement": 0.04,
    "justice": 0.02,
    "loisirs_sports_culture": 0.01,
}
assert set(THEME_SHARES) <= set(CATEGORY_LABELS["thematique"])


def _row(code: str, source: str, measure: str, breakdown: str, category: str, value: int) -> dict:
    period = AS_OF.isoformat()
    return {
        "niveau": "commune",
        "code": code,
        "periode": period,
        "mesure": measure,
        "ventilation": breakdown,
        "categorie": category,
        "valeur": str(int(value)),
        "source": source,
        "millesime": period,
        "fictif": "oui",
    }


def make_activity(ref: Ref, actors: list[Actor]) -> list[dict]:
    rng = np.random.default_rng(ACTIVITY_SEED)
    conseillers = sorted({a.commune for a in actors if "Conseillers numériques" in a.programmes})
    aidants = sorted({a.commune for a in actors if "Aidants Connect" in a.programmes})
    rows: list[dict] = []
    for i in conseillers:
        code = ref.code[i]
        places = sum(1 for a in actors if a.commune == i and "Conseillers numériques" in a.programmes)
        zone = 1.35 if ref.in_zone(i) else 1.0
        expected = (150 + 0.008 * ref.pop[i]) * places * zone
        total = int(rng.poisson(expected))
        if total == 0:
            continue
        rows.append(_row(code, SOURCE_CRA, ACCOMPAGNEMENTS, TOTAL, TOTAL, total))
        for breakdown, shares in (("tranche_age", AGE_SHARES), ("statut", STATUS_SHARES)):
            counts = rng.multinomial(total, list(shares.values()))
            for category, n in zip(shares, counts):
                rows.append(_row(code, SOURCE_CRA, ACCOMPAGNEMENTS, breakdown, category, n))
    for i in aidants:
        code = ref.code[i]
        rows.append(_row(code, SOURCE_AIDANTS_CONNECT, AIDANTS, TOTAL, TOTAL, 1 + int(rng.poisson(1.5))))
        if rng.random() > 0.35:
            continue  # usage not reported: unknown, not zero
        users = 3 + int(rng.poisson(12 + ref.pop[i] / 2500))
        procedures = users + int(rng.poisson(users * 4))
        rows.append(_row(code, SOURCE_AIDANTS_CONNECT, USAGERS_UNIQUES, TOTAL, TOTAL, users))
        rows.append(_row(code, SOURCE_AIDANTS_CONNECT, DEMARCHES, TOTAL, TOTAL, procedures))
        counts = rng.multinomial(procedures, list(THEME_SHARES.values()))
        for category, n in zip(THEME_SHARES, counts):
            rows.append(_row(code, SOURCE_AIDANTS_CONNECT, DEMARCHES, "thematique", category, n))
    return rows
