"""Datasets `experimentations` and `levees_fonds`: supported experiments and the funds the actors raised."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from scripts.demo.actors import Actor
from scripts.demo.common import AS_OF, FUNDS_OBTAINED_EUROS, iso, money, rand_date, weekday_on_or_after, weighted_pick
from scripts.demo.reference import Ref

# People accompanied that an experiment declares (column `beneficiaires`): the finished
# permanences of E01 (its result says 180) and the bus of E02 so far.
BENEFICIARIES = {"E01": 180, "E02": 412}

EXPERIMENTS = [
    # key, title, theme, commune (or EPCI code), preferred typologies, start, status, end,
    # hub funding, line, cofunding, result
    (
        "E01",
        "Permanences numériques au cœur du quartier de Bellevue",
        "Médiation numérique en QPV",
        "Brest",
        "Centre social de Bellevue",
        "2022-11-21",
        "terminee",
        "2023-06-30",
        500000,
        "TP-01",
        1200000,
        "180 habitants accompagnés en huit mois, dont 70 en ateliers collectifs ; la ville pérennise les permanences.",
    ),
    (
        "E02",
        "Un bus numérique pour les bourgs du Kreiz-Breizh",
        "Bus numérique en centre Bretagne",
        "Rostrenen",
        ("ENM",),
        "2022-11-14",
        "en_cours",
        None,
        650000,
        "TP-02",
        2800000,
        "",
    ),
    (
        "E03",
        "Ordis solidaires : reconditionner pour équiper les familles",
        "Réemploi de matériel",
        "Lorient",
        ("RESSOURCERIE", "ASSO", "ES"),
        "2022-12-01",
        "terminee",
        "2023-07-31",
        550000,
        "TP-01",
        950000,
        "240 ordinateurs reconditionnés et remis à des familles orientées par les travailleurs sociaux.",
    ),
    (
        "E04",
        "Former les secrétaires de mairie comme aidants numériques",
        "Formation des aidants",
        "Loudéac",
        ("RFS", "CCAS", "MUNI", "EPN"),
        "2023-01-16",
        "terminee",
        "2023-06-30",
        400000,
        "TP-02",
        350000,
        "34 secrétaires de mairie formés dans 21 communes ; un réseau d'entraide s'est constitué.",
    ),
    (
        "E05",
        "Accès aux droits dans les petites communes de l'Argoat",
        "Accès aux droits en milieu rural",
        "Callac",
        ("RFS", "EPN", "MUNI", "ASSO"),
        "2023-02-01",
        "en_cours",
        None,
        450000,
        "A3-01",
        600000,
        "",
    ),
    (
        "E06",
        "Parcours de certification Pix pour les médiateurs",
        "Certification Pix des médiateurs",
        "Vannes",
        ("EPN", "ASSO", "TIERS_LIEUX", "CS"),
        "2023-03-01",
        "terminee",
        "2023-07-07",
        300000,
        "A3-01",
        150000,
        "26 médiateurs certifiés Pix ; le parcours est repris par deux autres départements.",
    ),
    (
        "E07",
        "Médiation numérique de proximité à Maurepas",
        "Médiation numérique en QPV",
        "Rennes",
        "Centre social de Maurepas",
        "2023-01-09",
        "en_cours",
        None,
        500000,
        "TP-01",
        800000,
        "",
    ),
    (
        "E08",
        "Le numérique pour tous à La Découverte",
        "Médiation numérique en QPV",
        "Saint-Malo",
        "Centre social de La Découverte",
        "2023-04-03",
        "en_cours",
        None,
        450000,
        "TP-01",
        500000,
        "",
    ),
    (
        "E09",
        "Rompre l'isolement numérique des seniors du Poher",
        "Accès aux droits en milieu rural",
        "Carhaix-Plouguer",
        ("RFS", "CCAS", "ASSO", "EPN"),
        "2023-03-13",
        "en_cours",
        None,
        400000,
        "TP-02",
        450000,
        "",
    ),
    (
        "E10",
        "Une stratégie d'inclusion numérique pour Morlaix Communauté",
        "Stratégie territoriale",
        "242900835",
        ("RFS", "CS", "ASSO"),
        "2022-12-05",
        "terminee",
        "2023-09-15",
        400000,
        "A3-01",
        800000,
        "Diagnostic partagé avec 32 structures et feuille de route adoptée par le conseil communautaire.",
    ),
    (
        "E11",
        "Atelier de réemploi informatique du Pays de Fougères",
        "Réemploi de matériel",
        "Fougères",
        ("RESSOURCERIE", "ASSO", "TIERS_LIEUX"),
        "2023-05-02",
        "abandonnee",
        "2023-08-31",
        350000,
        "A3-01",
        0,
        "Arrêtée après quatre mois : le local prévu n'a pas pu être mis à disposition.",
    ),
    (
        "E12",
        "Parentalité et numérique à Kermoysan",
        "Parentalité et numérique",
        "Quimper",
        "Centre social de Kermoysan",
        "2023-06-05",
        "en_cours",
        None,
        300000,
        "A3-01",
        400000,
        "",
    ),
    (
        "E13",
        "Permanences itinérantes d'accès aux droits en Pays du Roi Morvan",
        "Accès aux droits en milieu rural",
        "Gourin",
        ("RFS", "ENM", "EPN", "MUNI"),
        "2023-09-04",
        "en_cours",
        None,
        300000,
        "TP-02",
        250000,
        "",
    ),
    (
        "E14",
        "Un tiers-lieu numérique en Centre Morbihan",
        "Tiers-lieux et numérique",
        "Locminé",
        ("TIERS_LIEUX", "ASSO", "EPN", "RFS"),
        "2023-11-06",
        "proposee",
        None,
        200000,
        None,
        0,
        "",
    ),
]


@dataclass
class Experiment:
    key: str
    title: str
    theme: str
    territory: str  # commune code or EPCI SIREN
    commune: int  # commune index used for zone and events
    porteur: Actor
    start: dt.date
    status: str
    end: dt.date | None
    hub_cents: int
    line: str | None
    cofunding_cents: int
    result: str


def pick_porteur(rng, ref: Ref, actors: list[Actor], i: int, prefs: tuple[str, ...] | str) -> Actor:
    if isinstance(prefs, str):
        return next(a for a in actors if a.nom == prefs)
    local = [a for a in actors if a.commune == i]
    for pool in (
        [a for a in local if a.typ in prefs],
        local,
        [a for a in actors if ref.epci[a.commune] == ref.epci[i] and a.typ in prefs],
        [a for a in actors if ref.epci[a.commune] == ref.epci[i]],
    ):
        if pool:
            return pool[int(rng.integers(len(pool)))]
    raise AssertionError("no actor near " + ref.nom[i])


def make_experiments(ref: Ref, actors: list[Actor], rng: np.random.Generator) -> list[Experiment]:
    out = []
    for key, title, theme, where, prefs, start, status, end, hub, line, cof, result in EXPERIMENTS:
        if where.isdigit() and len(where) == 9:
            members = [k for k, e in enumerate(ref.epci) if e == where]
            i = max(members, key=lambda k: ref.pop[k])
            territory = where
        else:
            i = ref.idx(where)
            territory = ref.code[i]
        porteur = pick_porteur(rng, ref, actors, i, prefs)
        out.append(
            Experiment(
                key,
                title,
                theme,
                territory,
                i,
                porteur,
                dt.date.fromisoformat(start),
                status,
                dt.date.fromisoformat(end) if end else None,
                hub,
                line,
                cof,
                result,
            )
        )
    return out


FUNDERS = [  # financeur, programme, min and max requested (euros), weight, département restriction
    ("État - France Relance", "Conseillers numériques France Services", 25000, 50000, 5, None),
    ("ANCT - Fabriques de territoire", "Fabriques de territoire", 60000, 120000, 2, None),
    ("Fondation Orange", "Maisons digitales", 5000, 20000, 3, None),
    ("Région Bretagne - Pass numérique", "Pass numérique", 5000, 30000, 4, None),
    ("Fonds social européen", "FSE+ - Inclusion numérique et emploi", 30000, 110000, 2, None),
    ("CAF", "Fonds publics et territoires", 5000, 25000, 4, None),
    ("Conseil départemental du Finistère", "Appel à projets inclusion numérique", 5000, 20000, 3, "29"),
    ("Conseil départemental des Côtes-d'Armor", "Appel à projets solidarités numériques", 5000, 20000, 2, "22"),
    ("Conseil départemental d'Ille-et-Vilaine", "Appel à projets inclusion numérique", 5000, 20000, 2, "35"),
    ("Conseil départemental du Morbihan", "Fonds d'initiatives numériques", 5000, 15000, 2, "56"),
]


def make_fundraising(ref: Ref, actors: list[Actor], rng: np.random.Generator) -> list[dict]:
    rows = []
    pool = [
        a
        for a in actors
        if a.typ
        in ("CS", "CSC", "EVS", "ASSO", "TIERS_LIEUX", "FABLAB", "EPN", "RESSOURCERIE", "RFS", "MQ", "ENM", "ES")
    ]
    pool_w = np.array([(3.0 if a.member_since else 1.0) * (1 + math.log10(ref.pop[a.commune])) for a in pool])
    used: set[str] = set()
    for k in range(1, 35):
        f = weighted_pick(rng, FUNDERS, [x[4] for x in FUNDERS])
        financeur, programme, lo, hi, _, dep = f
        w = pool_w * np.array([(dep is None or ref.dep[a.commune] == dep) and a.id not in used for a in pool])
        porteur = pool[int(rng.choice(len(pool), p=w / w.sum()))]
        used.add(porteur.id)
        asked = int(round(rng.uniform(lo, hi) / 500.0)) * 500 * 100
        depot = weekday_on_or_after(rand_date(rng, dt.date(2022, 5, 16), dt.date(2023, 9, 15)))
        decision = weekday_on_or_after(depot + dt.timedelta(days=int(rng.integers(45, 150))))
        if decision > AS_OF:
            status, decision, obtained = "demandee", None, None
        elif rng.random() < 0.72:
            status = "obtenue"
            obtained = int(round(asked * rng.uniform(0.6, 1.0) / 10000.0)) * 10000
        else:
            status, obtained = "refusee", None
        rows.append(
            {
                "id_levee": f"LF-{k:03d}",
                "financeur": financeur,
                "programme": programme,
                "porteur": porteur.nom,
                "statut": status,
                "montant_demande": money(asked),
                "montant_obtenu": money(obtained),
                "date_depot": iso(depot),
                "date_decision": iso(decision),
                "code_territoire": ref.code[porteur.commune],
                "_obtained": obtained or 0,
                "_decision": decision,
                "_asked": asked,
            }
        )
    # Bring the obtained total near FUNDS_OBTAINED_EUROS (amounts stay rounded to 100 EUR and
    # never above the amount asked).
    factor = FUNDS_OBTAINED_EUROS * 100 / sum(r["_obtained"] for r in rows)
    for r in rows:
        if r["_obtained"]:
            r["_obtained"] = min(r["_asked"], int(round(r["_obtained"] * factor / 10000.0)) * 10000)
            r["montant_obtenu"] = money(r["_obtained"])
    return rows
