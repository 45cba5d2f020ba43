"""Datasets `lignes_budget` and `mouvements`: the agreement's budget lines, and commitments and
expenses month by month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from loaders.config import HubConfig
from scripts.demo.common import AS_OF, a_, de, money, month_ends, split_cents, weekday_on_or_after
from scripts.demo.experiments import Experiment
from scripts.demo.network import Event
from scripts.demo.reference import Ref

FCSB = "Fédération des Centres Sociaux de Bretagne (FCSB)"
BDT = "Banque des Territoires"

BUDGET_LINES = [  # id, action, category, envelope, funder, label, planned cents (None = balance of the envelope)
    ("A1-01", "A1", "Personnel", "socle", BDT, "Chargé·e de projets animation du réseau (0,6 ETP)", 3780000),
    (
        "A1-02",
        "A1",
        "Événements",
        "socle",
        BDT,
        "Rencontres régionales et départementales, formations du réseau",
        1843750,
    ),
    ("A1-03", "A1", "Déplacements", "socle", BDT, "Déplacements de l'équipe sur les territoires", 625000),
    ("A1-04", "A1", "Prestations", "socle", BDT, "Diagnostic régional de l'écosystème (prestation)", 800000),
    ("A1-05", "A1", "Communication", "socle", BDT, "Identité visuelle, site et lettre du réseau", 681250),
    ("A2-01", "A2", "Personnel", "socle", BDT, "Chargé·e de projets base de données (0,4 ETP)", 2520000),
    (
        "A2-02",
        "A2",
        "Prestations",
        "socle",
        BDT,
        "Développement et hébergement de la base de données régionale",
        1600000,
    ),
    ("A2-03", "A2", "Équipement", "socle", BDT, "Matériel informatique et licences de l'équipe", 361840),
    (
        "A3-01",
        "A3",
        "Soutien aux expérimentations",
        "socle",
        BDT,
        "Fonds d'amorçage des expérimentations territoriales",
        2000000,
    ),
    ("A3-02", "A3", "Événements", "socle", BDT, "Ateliers « Stratégies territoriales d'inclusion numérique »", 350000),
    ("GES-01", "GESTION", "Personnel", "socle", BDT, "Coordination du hub (0,5 ETP)", 3750000),
    ("GES-02", "GESTION", "Personnel", "socle", BDT, "Assistance administrative et financière (0,3 ETP)", 1575000),
    ("GES-03", "GESTION", "Prestations", "socle", BDT, "Évaluation externe du hub", 600000),
    ("GES-04", "GESTION", "Frais de structure", "socle", BDT, "Frais de structure de la FCSB (forfait)", None),
    (
        "TP-01",
        "A3",
        "Soutien aux expérimentations",
        "territoires_prioritaires",
        BDT,
        "Expérimentations dans les quartiers prioritaires (QPV)",
        2000000,
    ),
    (
        "TP-02",
        "A3",
        "Soutien aux expérimentations",
        "territoires_prioritaires",
        BDT,
        "Expérimentations en centre Bretagne",
        1750000,
    ),
    (
        "TP-03",
        "A1",
        "Événements",
        "territoires_prioritaires",
        BDT,
        "Ateliers de proximité en centre Bretagne, QPV et villes Action Cœur de Ville",
        756250,
    ),
    (
        "TP-04",
        "A1",
        "Déplacements",
        "territoires_prioritaires",
        BDT,
        "Déplacements vers les territoires prioritaires",
        None,
    ),
    (
        "CO-01",
        "A2",
        "Prestations",
        "cofinancement",
        "Région Bretagne",
        "Interopérabilité de la base régionale avec les outils régionaux",
        2500000,
    ),
    ("CO-02", "A1", "Événements", "cofinancement", "Brest Métropole", "Rencontres du réseau brestois", 800000),
    (
        "CO-03",
        "A1",
        "Personnel",
        "cofinancement",
        "Rennes Métropole",
        "Animation du réseau métropolitain rennais",
        1200000,
    ),
    (
        "CO-04",
        "GESTION",
        "Personnel",
        "cofinancement",
        f"{FCSB} - fonds propres",
        "Direction et fonctions support (valorisation)",
        1500000,
    ),
]
EVENT_COSTS = {  # type: (min, max) euros
    "rencontre_regionale": (1800, 2600),
    "rencontre_reseau": (500, 900),
    "formation": (300, 700),
    "atelier": (150, 600),
    "atelier_a3": (600, 1100),
    "groupe_travail": (0, 120),
    "webinaire": (0, 0),
}
SUPPLIERS = {
    "A1-04": "Kelenn Conseil (SCOP)",
    "A1-05": "Studio Lann Graphisme (SARL)",
    "A2-02": "Coopérative Ar Roued Data (SCIC)",
    "A2-03": "Atelier du réemploi de l'Ouest (entreprise d'insertion)",
    "GES-03": "Cabinet Evalu'Ouest (SCOP)",
    "CO-01": "Coopérative Ar Roued Data (SCIC)",
    "formation": "Coopérative Médiations Ouest (SCIC)",
}


# Where the priority envelope's travels go, per zone (labels of the movements).
TRAVEL_TO = {
    "centre_bretagne": "en centre Bretagne",
    "qpv": "vers les QPV",
    "acv": "vers les villes Action Cœur de Ville",
}


@dataclass
class Move:
    date: dt.date
    line: str
    nature: str
    cents: int
    code: str = ""
    zone: str = ""
    beneficiary: str = ""
    label: str = ""


def zone_of(ref: Ref, i: int) -> str:
    if ref.centre[i]:
        return "centre_bretagne"
    if ref.qpv[i]:
        return "qpv"
    if ref.acv[i]:
        return "acv"
    return ""


def make_budget(config: HubConfig) -> list[dict]:
    rows = []
    for env in ("socle", "territoires_prioritaires"):
        total = config.envelope(env).amount_cents
        fixed = sum(c for _, _, _, e, _, _, c in BUDGET_LINES if e == env and c is not None)
        for lid, action, cat, e, funder, label, cents in BUDGET_LINES:
            if e == env:
                rows.append(
                    {
                        "id_ligne": lid,
                        "action": action,
                        "categorie": cat,
                        "enveloppe": e,
                        "financeur": funder,
                        "libelle": label,
                        "_cents": cents if cents is not None else total - fixed,
                    }
                )
    for lid, action, cat, e, funder, label, cents in BUDGET_LINES:
        if e == "cofinancement":
            rows.append(
                {
                    "id_ligne": lid,
                    "action": action,
                    "categorie": cat,
                    "enveloppe": e,
                    "financeur": funder,
                    "libelle": label,
                    "_cents": cents,
                }
            )
    order = [b[0] for b in BUDGET_LINES]
    rows.sort(key=lambda r: order.index(r["id_ligne"]))
    for r in rows:
        r["montant_prevu"] = money(r["_cents"])
    return rows


def make_movements(
    ref: Ref, budget: list[dict], events: list[Event], experiments: list[Experiment], rng: np.random.Generator
) -> list[Move]:
    planned = {r["id_ligne"]: r["_cents"] for r in budget}
    moves: list[Move] = []
    start = ref.start  # the period's start, from hub.toml

    def salaries(line: str, hire: dt.date, label: str, benef: str = FCSB, months: int = 18) -> None:
        total = planned[line]
        moves.append(Move(hire, line, "engagement", total, beneficiary=benef, label=f"Contrat : {label}"))
        base = total / months
        paid = 0
        for end in month_ends(hire, AS_OF):
            amount = min(int(round(base * (1 + rng.normal(0, 0.008)))), total - paid)
            paid += amount
            moves.append(
                Move(
                    end,
                    line,
                    "depense",
                    amount,
                    beneficiary=benef,
                    label=f"Salaire et charges - {label} - {end.strftime('%m/%Y')}",
                )
            )

    # Staff: the coordinator from the start, the assistant soon after, the project officer late.
    salaries("GES-01", dt.date(2022, 5, 2), "coordination du hub")
    salaries("GES-02", dt.date(2022, 6, 1), "assistance administrative et financière")
    salaries("A1-01", dt.date(2022, 9, 1), "chargé·e de projets (animation du réseau)")
    salaries("A2-01", dt.date(2022, 9, 1), "chargé·e de projets (base de données)")
    salaries("CO-03", dt.date(2022, 10, 3), "animation du réseau métropolitain rennais", months=12)

    # Services ordered from suppliers: order, then invoices at milestones.
    def order(line: str, day: str, cents: int, label: str, invoices: list[tuple[str, float]]) -> None:
        supplier = SUPPLIERS[line]
        moves.append(
            Move(
                dt.date.fromisoformat(day), line, "engagement", cents, beneficiary=supplier, label=f"Commande : {label}"
            )
        )
        parts = split_cents(cents, [s for _, s in invoices] + [max(0.0, 1 - sum(s for _, s in invoices))])
        for (inv_day, _), part in zip(invoices, parts):
            moves.append(
                Move(
                    dt.date.fromisoformat(inv_day),
                    line,
                    "depense",
                    part,
                    beneficiary=supplier,
                    label=f"Facture : {label}",
                )
            )

    order(
        "A1-04",
        "2022-06-20",
        planned["A1-04"],
        "diagnostic régional de l'écosystème",
        [("2022-09-30", 0.3), ("2023-01-31", 0.7)],
    )
    order(
        "A1-05", "2022-06-13", 420000, "identité visuelle et site du réseau", [("2022-07-29", 0.3), ("2022-10-28", 0.7)]
    )
    order(
        "A1-05",
        "2023-02-06",
        200000,
        "lettre du réseau et supports imprimés",
        [("2023-03-31", 0.45), ("2023-06-30", 0.3)],
    )
    order(
        "A2-02",
        "2022-11-15",
        planned["A2-02"],
        "base de données régionale (développement et hébergement)",
        [("2023-01-31", 0.3), ("2023-06-30", 0.4)],
    )
    order("A2-03", "2022-06-01", planned["A2-03"], "ordinateurs portables et licences", [("2022-06-20", 1.0)])
    order("GES-03", "2023-06-12", planned["GES-03"], "évaluation externe du hub", [("2023-09-29", 0.4)])
    order("CO-01", "2023-01-23", planned["CO-01"], "interopérabilité de la base régionale", [("2023-06-30", 0.5)])

    # Structure costs: agreed once, invoiced each quarter.
    fs_total = planned["GES-04"]
    moves.append(
        Move(
            dt.date(2022, 5, 2),
            "GES-04",
            "engagement",
            fs_total,
            beneficiary=FCSB,
            label="Convention : frais de structure du hub",
        )
    )
    quarters = split_cents(fs_total, [1] * 6)
    for day, part in zip(["2022-07-29", "2022-10-31", "2023-01-31", "2023-04-28", "2023-07-31"], quarters):
        moves.append(
            Move(
                dt.date.fromisoformat(day),
                "GES-04",
                "depense",
                part,
                beneficiary=FCSB,
                label="Frais de structure du trimestre",
            )
        )
    co4 = split_cents(planned["CO-04"], [1] * 6)
    for day, part in zip(["2022-07-29", "2022-10-31", "2023-01-31", "2023-04-28", "2023-07-31"], co4):
        moves.append(
            Move(
                dt.date.fromisoformat(day),
                "CO-04",
                "engagement",
                part,
                beneficiary=FCSB,
                label="Valorisation du temps de direction",
            )
        )
        moves.append(
            Move(
                dt.date.fromisoformat(day),
                "CO-04",
                "depense",
                part,
                beneficiary=FCSB,
                label="Valorisation du temps de direction",
            )
        )

    # Events: a quote a few weeks before, the invoice after. Proximity workshops in priority
    # zones go to TP-03; an event that no line can pay any more is hosted for free by a partner.
    closing_cents = 285000
    remaining = dict(planned)
    remaining["A1-02"] -= closing_cents
    for ev in events:
        i = ev.commune
        if ev.typ == "rencontre_reseau" and ("régionale" in ev.title or ev.id == "EV-001"):
            kind_ = "rencontre_regionale"
        elif ev.typ == "atelier" and ev.action == "A3":
            kind_ = "atelier_a3"
        else:
            kind_ = ev.typ
        lo, hi = EVENT_COSTS[kind_]
        cost = int(rng.integers(lo, hi + 1)) * 100
        if cost == 0:
            continue
        anomaly = ref.code[i] == "22187"
        proximity = ev.typ in ("atelier", "formation") and (
            ref.centre[i] or "quartier" in ev.title or (ref.acv[i] and ref.pop[i] < 30000)
        )
        code, zone = ref.code[i], ""
        if ev.action == "A3":
            line = "A3-02"
        elif proximity or anomaly:
            line = "TP-03"
            zone = "qpv" if anomaly else zone_of(ref, i)
        elif ref.epci[i] == "242900314" and ev.typ != "rencontre_reseau":
            line = "CO-02"
        else:
            line = "A1-02"
        if cost > remaining[line]:
            continue
        remaining[line] -= cost
        host = [a for a in ev.present if a.commune == i and a.typ != "MUNI"]
        if ev.typ == "formation":
            benef = SUPPLIERS["formation"]
        elif host:
            benef = host[0].nom
        else:
            benef = f"Commune {de(ref.nom[i])}"
        quote = max(start, ev.date - dt.timedelta(days=int(rng.integers(14, 35))))
        invoice = ev.date + dt.timedelta(days=int(rng.integers(8, 30)))
        spent = max(100, int(cost * rng.uniform(0.9, 1.0)) // 100 * 100)
        if anomaly:
            # Planned for the priority neighbourhoods of Saint-Brieuc, finally held in Plérin.
            moves.append(
                Move(quote, line, "engagement", cost, ref.code[ref.index["22278"]], zone, benef, f"Devis : {ev.title}")
            )
        else:
            moves.append(Move(quote, line, "engagement", cost, code, zone, benef, f"Devis : {ev.title}"))
        if invoice <= AS_OF:
            moves.append(Move(invoice, line, "depense", spent, code, zone, benef, f"Facture : {ev.title}"))
    # The closing meeting after AS_OF is already committed.
    moves.append(
        Move(
            dt.date(2023, 9, 12),
            "A1-02",
            "engagement",
            closing_cents,
            "35238",
            "",
            "Centre des congrès de Rennes",
            "Devis : Rencontre régionale de clôture",
        )
    )
    moves.append(
        Move(
            dt.date(2023, 2, 20),
            "CO-02",
            "engagement",
            250000,
            "29019",
            "",
            "Ville de Brest - salles municipales",
            "Convention : accueil de la rencontre régionale de Brest",
        )
    )
    moves.append(
        Move(
            dt.date(2023, 3, 31),
            "CO-02",
            "depense",
            238500,
            "29019",
            "",
            "Ville de Brest - salles municipales",
            "Accueil de la rencontre régionale de Brest",
        )
    )

    # Travel: a yearly provision (socle), per-zone provisions (priority envelope), monthly claims.
    for day, cents in (("2022-05-02", 350000), ("2023-01-09", 275000)):
        moves.append(
            Move(
                dt.date.fromisoformat(day),
                "A1-03",
                "engagement",
                cents,
                beneficiary=FCSB,
                label="Provision : frais de mission de l'équipe",
            )
        )
    paid = 0
    for end in month_ends(dt.date(2022, 5, 1), AS_OF):
        if end.month == 8:
            continue
        committed = 350000 + (275000 if end >= dt.date(2023, 1, 9) else 0)
        amount = min(int(rng.integers(15000, 48000)), committed - paid)
        paid += amount
        moves.append(
            Move(
                end,
                "A1-03",
                "depense",
                amount,
                beneficiary=FCSB,
                label=f"Frais de mission de l'équipe - {end.strftime('%m/%Y')}",
            )
        )

    tp04 = planned["TP-04"]
    provisions = [  # zone, commune of the provision, date, share of the line
        ("centre_bretagne", "Carhaix-Plouguer", "2022-09-05", 0.45),
        ("qpv", "Brest", "2022-09-05", 0.2),
        ("qpv", "Rennes", "2023-01-09", 0.15),
        ("acv", "Morlaix", "2023-01-09", 0.2),
    ]
    parts = split_cents(tp04, [p[3] for p in provisions])
    visits = {
        "centre_bretagne": [k for k in range(len(ref)) if ref.centre[k] and ref.pop[k] >= 1500],
        "qpv": [k for k in range(len(ref)) if ref.qpv[k]],
        "acv": [k for k in range(len(ref)) if ref.acv[k]],
    }
    for (zone, commune, day, _), part in zip(provisions, parts):
        i = ref.idx(commune)
        moves.append(
            Move(
                dt.date.fromisoformat(day),
                "TP-04",
                "engagement",
                part,
                ref.code[i],
                zone,
                FCSB,
                "Provision : déplacements " + TRAVEL_TO[zone],
            )
        )
        paid = 0
        first = dt.date.fromisoformat(day)
        for end in month_ends(first, AS_OF):
            if end.month == 8 or rng.random() < 0.25:
                continue
            amount = min(int(rng.integers(4000, 16000)), int(part * 0.85) - paid)
            if amount <= 0:
                break
            paid += amount
            v = visits[zone][int(rng.integers(len(visits[zone])))]
            moves.append(
                Move(
                    end,
                    "TP-04",
                    "depense",
                    amount,
                    ref.code[v],
                    zone,
                    FCSB,
                    f"Déplacements : rencontres d'acteurs {a_(ref.nom[v])}",
                )
            )
        if zone == "centre_bretagne":
            # Deliberate anomaly: a trip charged to the centre-Bretagne provision, just outside it.
            g = ref.index["29067"]
            moves.append(
                Move(
                    dt.date(2023, 5, 31),
                    "TP-04",
                    "depense",
                    6840,
                    ref.code[g],
                    zone,
                    FCSB,
                    f"Déplacements : atelier d'accès aux droits {a_(ref.nom[g])}",
                )
            )

    # Experiments: a commitment at the agreement, 60 % paid at start, the balance on the final report.
    for ex in experiments:
        if ex.line is None:
            continue
        i = ex.commune
        zone = zone_of(ref, i) if ex.line.startswith("TP") else ""
        if ex.line == "TP-01":
            zone = "qpv"
        code = ex.territory
        benef = ex.porteur.nom
        sign = weekday_on_or_after(ex.start - dt.timedelta(days=int(rng.integers(7, 15))))
        moves.append(Move(sign, ex.line, "engagement", ex.hub_cents, code, zone, benef, f"Convention : {ex.title}"))
        first = ex.hub_cents * 60 // 100
        moves.append(
            Move(
                weekday_on_or_after(ex.start + dt.timedelta(days=int(rng.integers(5, 20)))),
                ex.line,
                "depense",
                first,
                code,
                zone,
                benef,
                f"Premier versement : {ex.title}",
            )
        )
        if ex.status == "terminee" and ex.end:
            day = weekday_on_or_after(ex.end + dt.timedelta(days=int(rng.integers(10, 28))))
            if day <= AS_OF:
                moves.append(
                    Move(day, ex.line, "depense", ex.hub_cents - first, code, zone, benef, f"Solde : {ex.title}")
                )
        elif ex.status == "en_cours" and ex.start <= dt.date(2023, 1, 31):
            day = weekday_on_or_after(ex.start + dt.timedelta(days=int(rng.integers(180, 220))))
            if day <= AS_OF:
                moves.append(
                    Move(
                        day,
                        ex.line,
                        "depense",
                        ex.hub_cents * 20 // 100,
                        code,
                        zone,
                        benef,
                        f"Versement intermédiaire : {ex.title}",
                    )
                )

    kind = {"engagement": 0, "depense": 1}
    moves.sort(key=lambda m: (m.date, kind[m.nature], m.line, m.label, m.cents))
    check_movements(moves, planned)
    return moves


def check_movements(moves: list[Move], planned: dict[str, int]) -> None:
    """Commitments within the line, expenses within the commitments, at every date."""
    eng: dict[str, int] = {}
    dep: dict[str, int] = {}
    for m in moves:
        assert m.cents > 0, m
        if m.nature == "engagement":
            eng[m.line] = eng.get(m.line, 0) + m.cents
            assert eng[m.line] <= planned[m.line], (m.line, eng[m.line], planned[m.line])
        else:
            dep[m.line] = dep.get(m.line, 0) + m.cents
            assert dep[m.line] <= eng.get(m.line, 0), (m.line, m.date, dep[m.line], eng.get(m.line))
        assert m.date <= AS_OF, m
