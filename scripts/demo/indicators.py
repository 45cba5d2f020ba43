"""Dataset `indicateurs` and `catalogue_indicateurs`: fictitious IFN-like scores per commune, EPCI, département."""

from __future__ import annotations

import numpy as np

from scripts.demo.reference import BIG_CITY_POSTCODES, Ref

INDICATOR_IDS = [
    "ifn_total",
    "ifn_absence_thd",
    "ifn_absence_4g",
    "ifn_pauvrete",
    "ifn_plus_65_ans",
    "ifn_non_diplomes",
]
INDICATOR_LABELS = {
    "ifn_total": ("Indice de fragilité numérique (score global)", "Moyenne des cinq sous-indices."),
    "ifn_absence_thd": (
        "Absence de couverture en très haut débit",
        "Fragilité liée à l'absence de très haut débit fixe.",
    ),
    "ifn_absence_4g": ("Absence de couverture 4G", "Fragilité liée à une couverture mobile 4G insuffisante."),
    "ifn_pauvrete": ("Taux de pauvreté", "Fragilité liée à la part de la population sous le seuil de pauvreté."),
    "ifn_plus_65_ans": ("Part des 65 ans et plus", "Fragilité liée à la part des personnes de 65 ans et plus."),
    "ifn_non_diplomes": ("Part des non-diplômés", "Fragilité liée à la part des 15 ans et plus sans diplôme."),
}
INDICATOR_SOURCE = "Données fictives de démonstration (inspirées de l'IFN, La MedNum / ANSA)"


def make_indicators(ref: Ref, rng: np.random.Generator) -> tuple[list[dict], list[dict], dict[str, np.ndarray]]:
    n = len(ref)
    lp = np.log10(ref.pop)
    urban = np.clip(lp - 3.3, 0, None)  # 0 below ~2 000 inhabitants
    d_rennes = ref.dist_km(ref.index["35238"], slice(None))
    d_brest = ref.dist_km(ref.index["29019"], slice(None))
    cities = [ref.index[c] for c in BIG_CITY_POSTCODES]
    d_city = np.min([ref.dist_km(i, slice(None)) for i in cities], axis=0)
    metro = np.array([e in ("243500139", "242900314") for e in ref.epci], dtype=float)
    arree = np.array([e == "200067197" for e in ref.epci], dtype=float)
    centre = ref.centre.astype(float)
    qpv = ref.qpv.astype(float)
    inland = np.clip(ref.d_coast / 35.0, 0, 1)
    epcis = sorted({e for e in ref.epci if e})
    effects = {e: rng.normal(0, 0.45, 5) for e in epcis}
    eff = np.array([effects[e] if e else np.zeros(5) for e in ref.epci])

    def score(v: np.ndarray) -> np.ndarray:
        return np.clip(np.rint(v), 1, 10).astype(int)

    subs = {
        "ifn_absence_thd": score(
            8.8
            - 1.7 * urban
            - 2.3 * metro
            - 1.1 * np.exp(-d_city / 12)
            + 0.4 * centre
            + eff[:, 0]
            + rng.normal(0, 0.8, n)
        ),
        "ifn_absence_4g": score(
            5.5 + 1.4 * centre + 1.0 * inland - 0.7 * urban + 1.3 * arree + eff[:, 1] + rng.normal(0, 0.6, n)
        ),
        "ifn_pauvrete": score(
            4.5
            + 2.4 * centre
            + 0.8 * inland
            - 2.4 * np.exp(-d_rennes / 25)
            - 1.0 * np.exp(-d_brest / 15)
            + 3.4 * qpv
            + eff[:, 2]
            + rng.normal(0, 1.1, n)
        ),
        "ifn_plus_65_ans": score(
            4.5
            + 3.3 * np.exp(-ref.d_coast / 5)
            + 1.5 * centre
            + 0.6 * inland
            - 3.0 * np.exp(-d_rennes / 30)
            - 0.8 * urban
            + eff[:, 3]
            + rng.normal(0, 1.1, n)
        ),
        "ifn_non_diplomes": score(
            5.1
            + 2.2 * centre
            + 0.9 * inland
            - 3.2 * np.exp(-d_rennes / 30)
            - 1.3 * np.exp(-d_brest / 15)
            - 0.5 * urban
            + eff[:, 4]
            + rng.normal(0, 1.0, n)
        ),
    }
    total = np.array([round(sum(int(subs[k][i]) for k in subs) / 5, 1) for i in range(n)])
    values = {"ifn_total": total, **{k: v.astype(float) for k, v in subs.items()}}

    catalogue = [
        {
            "id": ind,
            "libelle": INDICATOR_LABELS[ind][0],
            "unite": "score 0-10",
            "sens": "plus_est_pire",
            "source": INDICATOR_SOURCE,
            "millesime": "2023",
            "description": INDICATOR_LABELS[ind][1] + " Score fictif de 0 à 10 (10 = le plus fragile).",
            "min": "0",
            "max": "10",
        }
        for ind in INDICATOR_IDS
    ]
    rows = []
    for i in range(n):
        for ind in INDICATOR_IDS:
            rows.append(
                {
                    "niveau": "commune",
                    "code": ref.code[i],
                    "indicateur": ind,
                    "periode": "2023",
                    "valeur": f"{values[ind][i]:.1f}",
                }
            )
    # EPCI and département: population-weighted means of the communes (of the region only).
    for level, keys in (("epci", ref.epci), ("departement", ref.dep)):
        for key in sorted({k for k in keys if k}):
            members = np.array([k == key for k in keys])
            w = ref.pop[members]
            for ind in INDICATOR_IDS:
                v = float(np.average(values[ind][members], weights=w))
                rows.append({"niveau": level, "code": key, "indicateur": ind, "periode": "2023", "valeur": f"{v:.1f}"})
    return catalogue, rows, values
