"""Dataset `evenements`, and when each place joined the network (`membre_reseau_depuis` of `acteurs`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from scripts.demo.actors import Actor
from scripts.demo.common import AS_OF, FOUNDING_MEMBERS, TARGET_MEMBERS, iso, rand_date, weighted_sample
from scripts.demo.reference import Ref

EVENT_PLAN = [  # date, type, commune, title, action, scope ("region" or "local")
    ("2022-04-26", "rencontre_reseau", "Rennes", "Lancement du Hub breton pour un numérique inclusif", "A1", "region"),
    (
        "2022-05-19",
        "groupe_travail",
        "Rennes",
        "Groupe de travail « Base de données régionale » : cadrage",
        "A2",
        "region",
    ),
    ("2022-05-31", "webinaire", "Rennes", "Webinaire : le hub et ses trois actions", "A1", "region"),
    ("2022-06-09", "atelier", "Rennes", "Atelier « Se connaître pour mieux orienter » - Pays de Rennes", "A1", "local"),
    ("2022-06-14", "atelier", "Brest", "Atelier « Se connaître pour mieux orienter » - Pays de Brest", "A1", "local"),
    ("2022-06-23", "rencontre_reseau", "Quimper", "Rencontre départementale du Finistère", "A1", "local"),
    ("2022-06-30", "formation", "Saint-Brieuc", "Formation « Accompagner les démarches en ligne »", "A1", "local"),
    ("2022-07-07", "atelier", "Pontivy", "Atelier de diagnostic partagé - Centre Bretagne", "A1", "local"),
    ("2022-09-15", "rencontre_reseau", "Vannes", "Rencontre départementale du Morbihan", "A1", "local"),
    (
        "2022-09-22",
        "groupe_travail",
        "Rennes",
        "Groupe de travail « Réemploi du matériel informatique »",
        "A1",
        "region",
    ),
    (
        "2022-09-29",
        "formation",
        "Carhaix-Plouguer",
        "Formation « Accueillir les publics éloignés du numérique »",
        "A1",
        "local",
    ),
    ("2022-10-06", "webinaire", "Rennes", "Webinaire : Aidants Connect, mode d'emploi", "A1", "region"),
    ("2022-10-13", "rencontre_reseau", "Saint-Brieuc", "Rencontre départementale des Côtes-d'Armor", "A1", "local"),
    ("2022-10-20", "atelier", "Lorient", "Atelier « Médiation numérique en quartier prioritaire »", "A1", "local"),
    (
        "2022-11-08",
        "groupe_travail",
        "Rennes",
        "Groupe de travail « Base de données régionale » : référentiel commun",
        "A2",
        "region",
    ),
    ("2022-11-17", "rencontre_reseau", "Rennes", "Rencontre départementale d'Ille-et-Vilaine", "A1", "local"),
    ("2022-11-24", "formation", "Brest", "Formation « Sécurité numérique des publics »", "A1", "local"),
    ("2022-12-01", "atelier", "Rostrenen", "Atelier « Accès aux droits en milieu rural »", "A1", "local"),
    ("2022-12-08", "webinaire", "Rennes", "Webinaire : les conseillers numériques en Bretagne", "A1", "region"),
    ("2022-12-15", "atelier", "Fougères", "Atelier « Inclusion numérique et emploi »", "A1", "local"),
    ("2023-01-12", "atelier", "Rennes", "Atelier « Numérique et accès aux droits » - quartiers rennais", "A1", "local"),
    (
        "2023-01-19",
        "groupe_travail",
        "Brest",
        "Groupe de travail « Reconnaissance du métier de médiateur numérique »",
        "A1",
        "region",
    ),
    ("2023-01-26", "webinaire", "Rennes", "Webinaire : deuxième vague de l'appel à expérimentations", "A3", "region"),
    (
        "2023-02-02",
        "atelier",
        "Loudéac",
        "Atelier « Stratégies territoriales d'inclusion numérique » - Centre Bretagne",
        "A3",
        "local",
    ),
    ("2023-02-09", "formation", "Lannion", "Formation « Animer un atelier collectif »", "A1", "local"),
    ("2023-02-16", "atelier", "Brest", "Atelier « Parentalité et numérique »", "A1", "local"),
    ("2023-03-09", "webinaire", "Rennes", "Webinaire : la cartographie régionale des lieux", "A2", "region"),
    ("2023-03-16", "rencontre_reseau", "Brest", "Rencontre régionale du réseau - Brest", "A1", "region"),
    ("2023-03-23", "formation", "Vannes", "Formation « Certification Pix pour les médiateurs »", "A1", "local"),
    (
        "2023-03-30",
        "atelier",
        "Morlaix",
        "Atelier « Stratégies territoriales d'inclusion numérique » - Pays de Morlaix",
        "A3",
        "local",
    ),
    (
        "2023-04-06",
        "groupe_travail",
        "Rennes",
        "Groupe de travail « Réemploi du matériel informatique » (2)",
        "A1",
        "region",
    ),
    ("2023-04-13", "atelier", "Gourin", "Atelier « Bus et permanences itinérantes »", "A1", "local"),
    ("2023-04-20", "webinaire", "Rennes", "Webinaire : Mon Espace Santé, accompagner les usagers", "A1", "region"),
    (
        "2023-05-04",
        "formation",
        "Quimper",
        "Formation « Accompagner les démarches en ligne » (session 2)",
        "A1",
        "local",
    ),
    (
        "2023-05-11",
        "atelier",
        "Saint-Malo",
        "Atelier « Médiation numérique en quartier prioritaire » (2)",
        "A1",
        "local",
    ),
    (
        "2023-05-25",
        "groupe_travail",
        "Rennes",
        "Groupe de travail « Base de données régionale » : qualité des fiches",
        "A2",
        "region",
    ),
    (
        "2023-06-01",
        "atelier",
        "Carhaix-Plouguer",
        "Atelier « Stratégies territoriales d'inclusion numérique » - Poher et Kreiz-Breizh",
        "A3",
        "local",
    ),
    ("2023-06-08", "webinaire", "Rennes", "Webinaire : lever des fonds pour l'inclusion numérique", "A3", "region"),
    (
        "2023-06-15",
        "formation",
        "Pontivy",
        "Formation « Accueillir les publics éloignés du numérique » (session 2)",
        "A1",
        "local",
    ),
    ("2023-06-22", "rencontre_reseau", "Pontivy", "Rencontre régionale du réseau - Pontivy", "A1", "region"),
    ("2023-06-29", "atelier", "Vitré", "Atelier « Inclusion numérique et emploi » (2)", "A1", "local"),
    (
        "2023-07-04",
        "atelier",
        "Plérin",
        "Atelier « Numérique et accès aux droits » pour les habitants des quartiers de Saint-Brieuc",
        "A1",
        "local",
    ),
    ("2023-07-06", "atelier", "Quimperlé", "Atelier « Seniors et numérique »", "A1", "local"),
    ("2023-09-07", "webinaire", "Rennes", "Webinaire : la rentrée du réseau", "A1", "region"),
    ("2023-09-12", "atelier", "Guingamp", "Atelier « Accès aux droits en milieu rural » (2)", "A1", "local"),
    (
        "2023-09-14",
        "formation",
        "Saint-Brieuc",
        "Formation « Sécurité numérique des publics » (session 2)",
        "A1",
        "local",
    ),
    (
        "2023-09-19",
        "groupe_travail",
        "Brest",
        "Groupe de travail « Reconnaissance du métier de médiateur numérique » (2)",
        "A1",
        "region",
    ),
    ("2023-09-21", "formation", "Redon", "Formation « Animer un atelier collectif » (session 2)", "A1", "local"),
    ("2023-09-28", "rencontre_reseau", "Lorient", "Rencontre départementale du Morbihan (2)", "A1", "local"),
]
PARTICIPANTS = {  # type: (min, max, share of participants who represent a distinct actor)
    "rencontre_reseau": (40, 130, 0.5),
    "atelier": (8, 26, 0.5),
    "formation": (8, 16, 0.75),
    "webinaire": (20, 85, 0.45),
    "groupe_travail": (6, 15, 0.75),
}
MEMBER_TYPE_WEIGHT = {
    "CS": 5,
    "CSC": 5,
    "EVS": 4,
    "MQ": 3,
    "RFS": 3,
    "EPN": 3,
    "ENM": 3,
    "ASSO": 2.5,
    "TIERS_LIEUX": 2.5,
    "BIB": 1.5,
    "CCAS": 1.5,
    "MJC": 1.5,
    "FABLAB": 1.5,
    "RESSOURCERIE": 2.5,
    "MUNI": 0.5,
}


@dataclass
class Event:
    id: str
    date: dt.date
    typ: str
    commune: int
    title: str
    action: str
    participants: int
    present: list[Actor]


def make_events_and_membership(ref: Ref, actors: list[Actor], rng: np.random.Generator) -> list[Event]:
    start = ref.start  # the period's start, from hub.toml
    n = len(actors)
    type_w = np.array([MEMBER_TYPE_WEIGHT.get(a.typ, 1.0) for a in actors])
    ax = np.array([ref.x[a.commune] for a in actors])
    ay = np.array([ref.y[a.commune] for a in actors])

    # Founding members, present at the launch.
    for j in weighted_sample(
        rng, n, type_w * (1 + 2 * np.array([ref.pop[a.commune] >= 30000 for a in actors])), FOUNDING_MEMBERS
    ):
        actors[j].member_since = start

    events: list[Event] = []
    for k, (day, typ, commune, title, action, scope) in enumerate(EVENT_PLAN, start=1):
        date = dt.date.fromisoformat(day)
        i = ref.idx(commune)
        lo, hi, share = PARTICIPANTS[typ]
        if k == 1:
            participants = 152
        elif typ == "rencontre_reseau" and scope == "region":
            participants = int(rng.integers(110, 150))
        else:
            participants = int(rng.integers(lo, hi + 1))
        d = np.hypot(ax - ref.x[i], ay - ref.y[i])
        if typ == "webinaire":
            near = np.ones(n)
        elif scope == "region":
            near = np.exp(-d / 120)
        else:
            near = np.exp(-d / 30) * np.array([ref.dep[a.commune] == ref.dep[i] for a in actors], dtype=float) + 1e-4
        member = np.array([a.member_since is not None and a.member_since <= date for a in actors])
        w = type_w * near * np.where(member, 4.0, 1.0)
        if k == 1:
            w = np.where(member, 1e6, w)  # every founding member came to the launch
        present_idx = weighted_sample(rng, n, w, max(3, int(participants * share)))
        present = [actors[j] for j in present_idx]
        events.append(Event(f"EV-{k:03d}", date, typ, i, title, action, participants, present))
        # Some actors met at an event join the network in the following weeks.
        for a in present:
            if a.member_since is None and rng.random() < 0.3:
                join = date + dt.timedelta(days=int(rng.integers(6, 50)))
                if join <= AS_OF:
                    a.member_since = join

    # Others join along the way (word of mouth, the census...), up to the target.
    joined = sum(a.member_since is not None for a in actors)
    others = [j for j, a in enumerate(actors) if a.member_since is None]
    top_up = weighted_sample(rng, len(others), type_w[others], max(0, TARGET_MEMBERS - joined))
    for j in top_up:
        actors[others[j]].member_since = rand_date(rng, dt.date(2022, 5, 2), AS_OF)
    for a in actors:
        a.row["membre_reseau_depuis"] = iso(a.member_since)
    return events
