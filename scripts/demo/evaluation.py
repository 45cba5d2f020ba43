"""Datasets `jalons`, `kpis` and `mesures_kpi`: milestones and follow-up indicators of the three actions."""

from __future__ import annotations

import datetime as dt

from scripts.demo.actors import Actor, is_complete
from scripts.demo.experiments import Experiment
from scripts.demo.network import Event
from scripts.demo.reference import Ref

MILESTONES = [  # action, title, planned, actual, status
    ("GESTION", "Lancement officiel du hub", "2022-04-26", "2022-04-26", "atteint"),
    ("GESTION", "Comité de pilotage n°1", "2022-06-28", "2022-06-28", "atteint"),
    ("GESTION", "Recrutement de l'équipe du hub", "2022-06-30", "2022-09-01", "atteint"),
    ("A3", "Appel à expérimentations lancé", "2022-09-30", "2022-09-20", "atteint"),
    ("A2", "Cartographie régionale publiée", "2022-10-31", "2022-10-18", "atteint"),
    ("A3", "Sélection des premières expérimentations", "2022-11-30", "2022-10-25", "atteint"),
    ("GESTION", "Comité de pilotage n°2", "2022-12-13", "2022-12-13", "atteint"),
    ("A1", "Première rencontre régionale du réseau", "2022-12-15", "2023-03-16", "atteint"),
    ("A1", "Diagnostic régional de l'écosystème publié", "2022-12-31", "2023-01-31", "atteint"),
    ("A1", "Charte du réseau adoptée", "2023-03-16", "2023-03-16", "atteint"),
    ("A2", "Base de données consolidée v1", "2023-03-31", "2023-06-30", "atteint"),
    ("A3", "Guide régional de la levée de fonds", "2023-05-31", None, "en_cours"),
    ("GESTION", "Comité de pilotage n°3", "2023-06-20", "2023-06-27", "atteint"),
    ("A1", "Référentiel régional de compétences des médiateurs numériques", "2023-06-30", None, "abandonne"),
    ("A2", "Ouverture des données de la base régionale (open data)", "2023-07-31", None, "en_cours"),
    ("A3", "Bilan intermédiaire des expérimentations", "2023-09-15", "2023-09-26", "atteint"),
    ("A2", "Base de données consolidée v2", "2023-10-15", None, "en_cours"),
    ("A1", "Rencontre régionale de clôture", "2023-10-19", None, "a_venir"),
    ("GESTION", "Comité de pilotage n°4 (bilan)", "2023-10-24", None, "a_venir"),
    ("A3", "Recueil des expérimentations (capitalisation)", "2023-10-26", None, "a_venir"),
    ("GESTION", "Évaluation finale du hub", "2023-10-26", None, "a_venir"),
]


def make_milestones() -> list[dict]:
    return [
        {
            "id_jalon": f"J{k:02d}",
            "action": action,
            "titre": title,
            "date_prevue": planned,
            "date_reelle": actual or "",
            "statut": status,
        }
        for k, (action, title, planned, actual, status) in enumerate(MILESTONES, start=1)
    ]


KPI_DEFS = [  # id, action, label, unit, computed from (analytics/impact/figures.py), targets (m6, m12, m18)
    ("A1-K1", "A1", "Acteurs membres du réseau", "acteurs", "membres", (120, 200, 300)),
    ("A1-K2", "A1", "Événements organisés (cumul)", "événements", "evenements", (12, 28, 52)),
    ("A1-K3", "A1", "Participants aux événements (cumul)", "participants", "participants", (400, 1000, 1800)),
    ("A1-K4", "A1", "Acteurs distincts touchés par les événements", "acteurs", "acteurs_touches", (150, 300, 500)),
    ("A1-K5", "A1", "Participants satisfaits des rencontres (enquêtes)", "%", None, (75, 80, 85)),
    ("A2-K1", "A2", "Lieux cartographiés", "lieux", "lieux", (300, 550, 800)),
    ("A2-K2", "A2", "Part des fiches complètes (téléphone, courriel, horaires)", "%", "fiches_completes", (50, 65, 85)),
    ("A2-K3", "A2", "Sources de données intégrées", "sources", "sources", (3, 4, 5)),
    ("A3-K1", "A3", "Expérimentations soutenues", "expérimentations", "experimentations", (2, 8, 14)),
    ("A3-K2", "A3", "EPCI couverts par une expérimentation", "EPCI", "epci_experimentation", (2, 8, 16)),
    ("A3-K3", "A3", "Fonds levés par les acteurs du territoire (cumul)", "€", "fonds_leves", (100000, 300000, 650000)),
]
# The only indicator measured by hand (surveys after each quarter's meetings): baseline and measures.
SATISFACTION_BASELINE = 71.0
SATISFACTION = [
    ("2022-07-31", 73.5),
    ("2022-10-31", 76.0),
    ("2023-01-31", 78.5),
    ("2023-04-30", 77.0),
    ("2023-07-31", 81.5),
]


def make_kpis(
    ref: Ref, actors: list[Actor], events: list[Event], experiments: list[Experiment], fundraising: list[dict]
) -> tuple[list[dict], list[dict]]:
    start = ref.start  # the period's start, from hub.toml

    def at(kpi: str, d: dt.date) -> float:
        if kpi == "A1-K1":
            return sum(1 for a in actors if a.member_since and a.member_since <= d)
        if kpi == "A1-K2":
            return sum(1 for e in events if e.date <= d)
        if kpi == "A1-K3":
            return sum(e.participants for e in events if e.date <= d)
        if kpi == "A1-K4":
            return len({a.id for e in events if e.date <= d for a in e.present})
        if kpi == "A2-K1":
            return sum(1 for a in actors if a.date_maj <= d)
        if kpi == "A2-K2":
            rows = [a.row for a in actors if a.date_maj <= d]
            return round(100 * sum(is_complete(r) for r in rows) / len(rows), 1) if rows else 0.0
        if kpi == "A2-K3":
            return len({s for a in actors if a.date_maj <= d for s in a.row["sources"].split("|") if s})
        if kpi == "A3-K1":
            return sum(1 for x in experiments if x.status != "proposee" and x.start <= d)
        if kpi == "A3-K2":
            return len({ref.epci[x.commune] for x in experiments if x.status != "proposee" and x.start <= d})
        if kpi == "A3-K3":
            return sum(r["_obtained"] for r in fundraising if r["_decision"] and r["_decision"] <= d) / 100
        raise KeyError(kpi)

    def fmt(v: float) -> str:
        return f"{v:.1f}" if isinstance(v, float) and not float(v).is_integer() else str(int(v))

    kpis, measures = [], []
    for kid, action, label, unit, computed, (m6, m12, m18) in KPI_DEFS:
        baseline = fmt(at(kid, start)) if computed else fmt(SATISFACTION_BASELINE)
        kpis.append(
            {
                "id_kpi": kid,
                "action": action,
                "libelle": label,
                "unite": unit,
                "valeur_initiale": baseline,
                "cible_m6": str(m6),
                "cible_m12": str(m12),
                "cible_m18": str(m18),
                "sens": "plus_est_mieux",
                "calcul": computed or "",
            }
        )
        if computed is None:
            measures += [
                {
                    "id_kpi": kid,
                    "date": day,
                    "valeur": fmt(value),
                    "commentaire": "Enquête auprès des participants du trimestre",
                }
                for day, value in SATISFACTION
            ]
    return kpis, measures
