"""Dataset `acteurs`: fictitious places of digital inclusion in the national standard v1, with the hub's fields."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import shapely

from loaders import lieux_standard as std
from scripts.demo.common import (
    AS_OF,
    FICTITIOUS_PHONE_PREFIX,
    FS_SPACING_KM,
    TARGET_OTHER_ACTORS,
    a_,
    de,
    iso,
    luhn_complete,
    rand_date,
    slugify,
    weighted_pick,
    weighted_sample,
)
from scripts.demo.reference import (
    ASSO_NAMES,
    BIG_CITY_POSTCODES,
    BUSES,
    HORAIRES,
    HOURS_OF,
    LIEUX_DITS,
    MIX,
    ONE_PER_COMMUNE,
    PAYS,
    PROFILE_OF,
    QUARTIERS,
    SERVICE_PROFILES,
    STREETS,
    TIERS_NAMES,
    Ref,
)

REQUIRED_ACTORS = [  # commune, typology, name: carriers named after their neighbourhood
    ("Brest", "CS", "Centre social de Bellevue"),
    ("Rennes", "CS", "Centre social de Maurepas"),
    ("Saint-Malo", "CS", "Centre social de La Découverte"),
    ("Quimper", "CS", "Centre social de Kermoysan"),
]


@dataclass
class Actor:
    commune: int  # index in Ref
    typ: str
    nom: str
    lon: float = 0.0
    lat: float = 0.0
    id: str = ""
    programmes: tuple[str, ...] = ()
    date_maj: dt.date | None = None
    member_since: dt.date | None = None
    row: dict | None = None


def size_class(pop: float) -> str:
    if pop >= 30000:
        return "city"
    if pop >= 8000:
        return "town"
    if pop >= 2000:
        return "small"
    return "village"


def postcode(ref: Ref) -> list[str]:
    """Plausible 5-digit postal codes: département + 3 digits, shared within an EPCI area."""
    out = []
    by_dep_epcis = {d: sorted({e for e, dd in zip(ref.epci, ref.dep) if dd == d and e}) for d in sorted(set(ref.dep))}
    seen: dict[str, int] = {}
    for i, code in enumerate(ref.code):
        if code in BIG_CITY_POSTCODES:
            out.append(BIG_CITY_POSTCODES[code])
            continue
        dep, e = ref.dep[i], ref.epci[i]
        j = by_dep_epcis[dep].index(e) if e else 29
        m = seen.get(e or code, 0)
        seen[e or code] = m + 1
        out.append(f"{dep}{(11 + 3 * j + (m % 3)) % 99 + 1:02d}0")
    return out


def actor_name(rng, ref: Ref, i: int, typ: str, taken: set[str]) -> str | None:
    commune = ref.nom[i]
    pays, du_pays = PAYS.get(ref.epci[i] or "", (commune, de(commune)))
    quartiers = QUARTIERS.get(ref.code[i], [])
    dep = ref.dep[i]

    def place() -> str:
        if quartiers and rng.random() < 0.8:
            return quartiers[int(rng.integers(len(quartiers)))]
        return commune

    candidates: list[str]
    if typ == "BIB":
        p = place()
        candidates = [f"Médiathèque {de(p)}", f"Bibliothèque municipale {de(commune)}", f"Médiathèque {de(commune)}"]
        if size_class(ref.pop[i]) == "village":
            candidates = [f"Bibliothèque municipale {de(commune)}", f"Médiathèque {de(commune)}"]
    elif typ == "CS":
        candidates = [
            f"Centre social {de(place())}",
            f"Centre social {de(LIEUX_DITS[int(rng.integers(len(LIEUX_DITS)))])}",
        ]
    elif typ == "CSC":
        candidates = [
            f"Centre socioculturel {de(place())}",
            f"Espace socioculturel {de(commune)}",
            f"Centre socioculturel {de(LIEUX_DITS[int(rng.integers(len(LIEUX_DITS)))])}",
        ]
    elif typ == "MQ":
        candidates = [f"Maison de quartier {de(place())}"]
    elif typ == "EVS":
        candidates = [
            f"Espace de vie sociale {de(commune)}",
            f"Espace de vie sociale {LIEUX_DITS[int(rng.integers(len(LIEUX_DITS)))]}",
        ]
    elif typ == "MJC":
        candidates = [f"MJC {de(place())}", f"Maison des jeunes et de la culture {de(commune)}"]
    elif typ == "EPN":
        p = place()
        candidates = [f"Espace public numérique {de(p)}", f"Cyber-espace {de(commune)}", f"EPN {de(p)}"]
    elif typ == "MUNI":
        candidates = [f"Point numérique de la mairie {de(commune)}"]
    elif typ == "CCAS":
        candidates = [f"CCAS {de(commune)}"]
    elif typ == "ML":
        candidates = [
            f"Mission locale {du_pays}" if ref.pop[i] >= 15000 else f"Antenne de la mission locale {a_(commune)}"
        ]
    elif typ == "PIJ_BIJ":
        candidates = [
            f"Bureau information jeunesse {de(commune)}"
            if ref.pop[i] >= 30000
            else f"Point information jeunesse {de(commune)}"
        ]
    elif typ == "ASSO":
        tpl = ASSO_NAMES[int(rng.integers(len(ASSO_NAMES)))]
        candidates = [tpl.format(pays=pays, du_pays=du_pays, de_commune=de(commune), commune=commune)]
    elif typ == "TIERS_LIEUX":
        candidates = [f"{TIERS_NAMES[int(rng.integers(len(TIERS_NAMES)))]} - tiers-lieu {de(commune)}"]
    elif typ == "FABLAB":
        candidates = [
            f"Fablab {de(commune)}",
            f"{TIERS_NAMES[int(rng.integers(len(TIERS_NAMES)))]} - fablab {de(commune)}",
        ]
    elif typ == "ES":
        candidates = [f"Épicerie solidaire {de(commune)}"]
    elif typ == "RESSOURCERIE":
        candidates = [f"Ressourcerie numérique {du_pays}", f"Recyclerie informatique {de(commune)}"]
    elif typ == "E2C":
        candidates = [f"École de la 2e chance {de(commune)}"]
    elif typ == "OF":
        candidates = [f"Cap compétences numériques {du_pays}", f"Atelier de formation {du_pays}"]
    elif typ == "CAF":
        candidates = [f"Point d'accueil de la CAF {a_(commune)}"]
    elif typ == "CDAS":
        p = place()
        candidates = {
            "35": [f"Centre départemental d'action sociale {de(p)}"],
            "29": [f"CDAS {de(p)}"],
            "22": [f"Maison du Département {de(commune)}"],
            "56": [f"Centre médico-social {de(p)}"],
        }[dep]
    elif typ == "RFS":
        candidates = [f"France services {de(commune)}"] + [f"France services {de(q)}" for q in quartiers]
        candidates.append(f"France services {de(commune)} ({dep})")  # homonymous communes
    else:  # pragma: no cover
        raise ValueError(typ)
    for name in candidates:
        if name not in taken:
            return name
    return None


def real_typology(typ: str, dep: str) -> str:
    """The code written in the file (departmental social services differ by département)."""
    if typ == "CDAS":
        return {"35": "CDAS", "29": "CDAS", "22": "DEPT", "56": "CMS"}[dep]
    return typ


def place_point(rng, ref: Ref, i: int, spread_km: float) -> tuple[float, float]:
    """A point inside commune i, near its town centre; 6-decimal coordinates inside the polygon."""
    geom = ref.geom[i]
    kx, ky = 1 / (111.32 * math.cos(math.radians(ref.lat[i]))), 1 / 111.32
    for _ in range(60):
        lon = round(ref.lon[i] + rng.normal(0, spread_km) * kx, 6)
        lat = round(ref.lat[i] + rng.normal(0, spread_km) * ky, 6)
        if shapely.contains_xy(geom, lon, lat):
            return lon, lat
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(500):
        lon = round(float(rng.uniform(minx, maxx)), 6)
        lat = round(float(rng.uniform(miny, maxy)), 6)
        if shapely.contains_xy(geom, lon, lat):
            return lon, lat
    p = geom.representative_point()  # pragma: no cover - never reached with the reference
    return round(p.x, 6), round(p.y, 6)


def make_actors(ref: Ref, rng: np.random.Generator) -> list[Actor]:
    n = len(ref)
    actors: list[Actor] = []
    names: set[str] = set()  # names are unique across the region
    kinds: dict[int, set[str]] = {}

    def add(i: int, typ: str, name: str) -> Actor:
        a = Actor(commune=i, typ=typ, nom=name)
        names.add(name)
        kinds.setdefault(i, set()).add(typ)
        actors.append(a)
        return a

    # 1. France Services: mostly one per small town, spaced out, a few more in the cities.
    score = ref.pop * rng.lognormal(0, 0.6, n)
    order = np.argsort(-score, kind="stable")
    fs: list[int] = []
    for i in order:
        if len(fs) >= 112:
            break
        if ref.pop[i] < 900:
            continue
        if fs and np.min(ref.dist_km(i, np.array(fs))) < FS_SPACING_KM:
            continue
        fs.append(int(i))
    extra = ["35238", "35238", "29019", "22278", "56121", "29232"]
    for i in sorted(fs) + [ref.index[c] for c in extra]:
        add(i, "RFS", actor_name(rng, ref, i, "RFS", names))

    # 2. Digital buses of rural intercommunalities.
    for commune, name in BUSES:
        add(ref.idx(commune), "ENM", name)

    # 3. Everyone else: more in towns (~ population^0.85, boosted in the cities, where the
    #    associations and social centres are), fewer in the small communes of centre Bretagne.
    boost = 1 + 2.2 * np.clip((np.log10(ref.pop) - 4.0) / 1.3, 0, 1)
    weight = ref.pop**0.85 * boost * np.where(ref.centre & (ref.pop < 2500), 0.6, 1.0)
    lam = weight * TARGET_OTHER_ACTORS / weight.sum()
    counts = rng.poisson(lam)
    have = np.bincount([a.commune for a in actors], minlength=n)
    counts = np.where((ref.pop >= 3500) & (counts + have == 0), 1, counts)
    for i in range(n):
        mix = MIX[size_class(ref.pop[i])]
        typs, w = list(mix), list(mix.values())
        for _ in range(int(counts[i])):
            for _attempt in range(12):
                typ = weighted_pick(rng, typs, w)
                if typ in ONE_PER_COMMUNE and typ in kinds.get(i, set()):
                    continue
                name = actor_name(rng, ref, i, typ, names)
                if name:
                    add(i, typ, name)
                    break

    # 4. The carriers of the neighbourhood experiments (see EXPERIMENTS) exist.
    for commune, typ, name in REQUIRED_ACTORS:
        if name not in names:
            add(ref.idx(commune), typ, name)

    actors.sort(key=lambda a: (ref.code[a.commune], a.nom))
    for k, a in enumerate(actors, start=1):
        a.id = f"hub-{k:04d}"
    return actors


PROGRAMME_WEIGHTS = {
    # programme: (number of actors, weights by typology, default weight)
    "Conseillers numériques": (
        150,
        {
            "RFS": 3,
            "CS": 4,
            "CSC": 4,
            "EVS": 2,
            "MUNI": 2,
            "CCAS": 3,
            "EPN": 4,
            "ENM": 6,
            "BIB": 2,
            "ASSO": 3,
            "TIERS_LIEUX": 2,
            "ML": 2,
            "PIJ_BIJ": 2,
            "MQ": 3,
        },
        0.5,
    ),
    "Aidants Connect": (
        200,
        {
            "RFS": 9,
            "CCAS": 5,
            "MUNI": 3,
            "CS": 4,
            "CSC": 4,
            "EVS": 2,
            "EPN": 2,
            "BIB": 1,
            "ASSO": 2,
            "ML": 3,
            "CDAS": 4,
            "CAF": 5,
            "ENM": 4,
            "MQ": 2,
        },
        0.3,
    ),
    "Point d'accès numérique CAF": (30, {"RFS": 3, "CS": 3, "CSC": 3, "CAF": 12, "MUNI": 1, "EVS": 1}, 0.0),
    "Certification PIX": (24, {"EPN": 4, "TIERS_LIEUX": 3, "ASSO": 2, "ML": 3, "E2C": 6, "OF": 6, "FABLAB": 2}, 0.0),
    "Promeneurs du net": (18, {"PIJ_BIJ": 6, "MJC": 5, "CS": 2, "CSC": 2, "ML": 3}, 0.0),
    "Grande école du numérique": (4, {"OF": 5, "E2C": 5, "ASSO": 1}, 0.0),
    "La Croix Rouge": (3, {"ASSO": 1}, 0.0),
    "Relais numérique (Emmaüs Connect)": (5, {"CS": 2, "CSC": 2, "MQ": 2, "ASSO": 1}, 0.0),
}

SOURCES_TIMELINE = [  # source name, date it was integrated into the regional database
    ("Cartographie nationale", dt.date(2021, 1, 1)),
    ("Recensement hub", dt.date(2022, 6, 15)),
    ("France Services (ANCT)", dt.date(2022, 9, 20)),
    ("Conseillers numériques (ANCT)", dt.date(2023, 1, 17)),
    ("Aidants Connect", dt.date(2023, 5, 10)),
]
SOURCE_DATE = dict(SOURCES_TIMELINE)

RESUMES = {
    "rfs": [
        "Guichet unique pour vos démarches administratives, avec un accompagnement au numérique.",
        "Accueil, information et accompagnement dans les démarches en ligne (CAF, impôts, santé, emploi).",
    ],
    "bib": [
        "La médiathèque propose un accès libre à internet et des ateliers d'initiation au numérique.",
        "Postes en libre accès, ateliers numériques pour tous les âges et aide ponctuelle aux démarches.",
    ],
    "epn": [
        "Espace équipé d'ordinateurs, ateliers collectifs et accompagnement individuel au numérique.",
        "Initiation à l'ordinateur, à la tablette et au smartphone, en groupe ou individuellement.",
    ],
    "social": [
        "Le centre accompagne les habitants dans leurs usages numériques et leurs démarches en ligne.",
        "Permanences numériques, ateliers collectifs et accompagnement des familles.",
    ],
    "public": [
        "Accompagnement des habitants dans leurs démarches administratives en ligne.",
        "Un point d'accès numérique avec aide aux démarches sur rendez-vous.",
    ],
    "youth": [
        "Accompagnement des jeunes dans leurs démarches en ligne et leur recherche d'emploi.",
        "Ateliers numériques pour l'insertion professionnelle des 16-25 ans.",
    ],
    "asso": [
        "Association de médiation numérique : ateliers, permanences et entraide entre habitants.",
        "Des bénévoles et des médiateurs accompagnent chacun vers l'autonomie numérique.",
    ],
    "tiers": [
        "Tiers-lieu ouvert à tous : ateliers numériques, fabrication, accès libre au matériel.",
        "Lieu partagé avec espace numérique, ateliers de création et permanences d'aide.",
    ],
    "reuse": [
        "Reconditionnement et vente solidaire de matériel informatique, avec prise en main.",
        "Matériel informatique reconditionné à petit prix pour les personnes à faibles revenus.",
    ],
}
DETAILS = [
    "Les ateliers sont gratuits et ouverts à tous, sans condition de ressources.",
    "Un accompagnement individuel est possible sur rendez-vous, y compris pour les personnes qui n'ont jamais utilisé "
    "d'ordinateur.",
    "Le lieu travaille en lien avec les services sociaux et les France services du territoire.",
    "Des permanences sont assurées dans les communes voisines selon un calendrier publié chaque trimestre.",
]


def fill_actor_rows(ref: Ref, actors: list[Actor], rng: np.random.Generator) -> None:
    """Everything but the membership: services, programmes, contacts, dates, coordinates."""
    n = len(actors)
    typs = [a.typ for a in actors]

    # Programmes: France Services = the RFS sites; others drawn with typology weights.
    progs: list[list[str]] = [["France Services"] if t == "RFS" else [] for t in typs]
    for prog, (k, weights, default) in PROGRAMME_WEIGHTS.items():
        w = np.array([weights.get(t, default) for t in typs], dtype=float)
        if prog in ("Relais numérique (Emmaüs Connect)", "La Croix Rouge", "Grande école du numérique"):
            w *= np.array([ref.pop[a.commune] >= 40000 for a in actors])
        for j in weighted_sample(rng, n, w, k):
            progs[j].append(prog)
    bib_ref = weighted_sample(
        rng, n, [1.0 if (a.typ == "BIB" and ref.pop[a.commune] >= 40000) else 0.0 for a in actors], 6
    )
    for j in bib_ref:
        progs[j].append("Bibliothèques numérique de référence")

    # Update dates: 15 % before the period (national map only), then the hub's census ramps up.
    start = ref.start  # the period's start, from hub.toml
    span = (AS_OF - start).days
    phones = rng.choice(10000, size=n, replace=False)
    slugs: set[str] = set()
    postcodes = postcode(ref)
    for k, a in enumerate(actors):
        i = a.commune
        profile = PROFILE_OF[a.typ]
        a.programmes = tuple(p for p in std.PROGRAMMES if p in progs[k])
        if rng.random() < 0.15:
            a.date_maj = rand_date(rng, dt.date(2021, 1, 4), start - dt.timedelta(days=1))
        else:
            a.date_maj = start + dt.timedelta(days=int(span * rng.beta(1.3, 1.0)))
        sources = []
        if a.date_maj < SOURCE_DATE["Recensement hub"] or rng.random() < 0.7:
            sources.append("Cartographie nationale")
        if a.date_maj >= SOURCE_DATE["Recensement hub"] and (not sources or rng.random() < 0.75):
            sources.append("Recensement hub")
        if a.typ == "RFS" and a.date_maj >= SOURCE_DATE["France Services (ANCT)"]:
            sources.append("France Services (ANCT)")
        if (
            "Conseillers numériques" in a.programmes
            and a.date_maj >= SOURCE_DATE["Conseillers numériques (ANCT)"]
            and rng.random() < 0.9
        ):
            sources.append("Conseillers numériques (ANCT)")
        if "Aidants Connect" in a.programmes and a.date_maj >= SOURCE_DATE["Aidants Connect"] and rng.random() < 0.9:
            sources.append("Aidants Connect")
        censused = "Recensement hub" in sources
        source = (
            "Hub breton (recensement)"
            if censused
            else ("France Services (ANCT)" if "France Services (ANCT)" in sources else "Cartographie nationale")
        )
        fill = 0.95 if censused else 0.72  # the census fills the contact fields

        # Services (1 to 6).
        p = np.array(SERVICE_PROFILES[profile], dtype=float)
        if ref.centre[i]:
            p[2] *= 0.5  # little "insertion professionnelle" offer in centre Bretagne
            p[4] *= 0.3  # nor "parentalité"
        if ref.pop[i] < 2000:
            p[3] *= 0.6
        chosen = [s for s, pr in zip(std.SERVICES, p) if rng.random() < pr]
        if not chosen:
            chosen = [std.SERVICES[int(np.argmax(p))]]
        while len(chosen) > 6:
            chosen.pop(int(rng.integers(len(chosen))))

        # Who, how, how much.
        publics = []
        if rng.random() < 0.4:
            pref = {
                "youth": ["Jeunes", "Étudiants"],
                "bib": ["Familles et/ou enfants", "Seniors"],
                "public": ["Seniors", "Familles et/ou enfants"],
                "social": ["Familles et/ou enfants", "Seniors", "Femmes"],
                "asso": ["Seniors", "Jeunes"],
            }.get(profile, list(std.PUBLICS))
            publics = sorted(
                set(rng.choice(pref, size=min(len(pref), 1 + int(rng.random() < 0.4)), replace=False).tolist()),
                key=std.PUBLICS.index,
            )
        prise = []
        if rng.random() < 0.18:
            prise = sorted(
                set(
                    rng.choice(
                        [
                            "Illettrisme",
                            "Langues étrangères (autres)",
                            "Handicaps moteurs",
                            "Surdité",
                            "Déficience visuelle",
                            "Langues étrangères (anglais)",
                        ],
                        size=1 + int(rng.random() < 0.3),
                        replace=False,
                        p=[0.35, 0.25, 0.15, 0.1, 0.08, 0.07],
                    ).tolist()
                ),
                key=std.PRISE_EN_CHARGE.index,
            )
        r = rng.random()
        if profile in ("tiers",) and r < 0.25:
            frais = ["Payant"]
        elif profile in ("asso", "tiers", "reuse") and r < 0.45:
            frais = ["Gratuit sous condition"]
        elif r < 0.03:
            frais = ["Gratuit sous condition"]
        else:
            frais = ["Gratuit"]
        itin = ["Itinérant"] if a.typ == "ENM" else ["Fixe"]
        acces = [m for m, pr in zip(std.MODALITES_ACCES[:4], (0.7, 0.75, 0.4, 0.15)) if rng.random() < pr]
        if profile == "public" and rng.random() < 0.15:
            acces.append("Envoyer un mail avec une fiche de prescription")
        acces = acces or ["Se présenter"]
        accomp = [m for m, pr in zip(std.MODALITES_ACCOMPAGNEMENT, (0.35, 0.85, 0.55, 0.15)) if rng.random() < pr]
        accomp = accomp or ["Accompagnement individuel"]
        labels = []
        if rng.random() < 0.08:
            labels.append("Formé à « Mon Espace Santé »")
        if a.typ in ("TIERS_LIEUX", "FABLAB") and rng.random() < 0.3:
            labels.append("Fabriques de Territoire")
        autres = "Pass numérique" if rng.random() < 0.1 else ""

        # Contacts (fictitious: .example, reserved phone range).
        slug = slugify(a.nom)
        base, m = slug, 2
        while slug in slugs:
            slug, m = f"{base}-{m}", m + 1
        slugs.add(slug)
        phone = f"{FICTITIOUS_PHONE_PREFIX}{int(phones[k]):04d}" if rng.random() < fill else ""
        mail = f"contact@{slug}.example" if rng.random() < fill - 0.05 else ""
        site = f"https://{slug}.example" if rng.random() < 0.6 else ""
        hours_family = "itinerant" if a.typ == "ENM" else HOURS_OF[profile]
        options = HORAIRES[hours_family]
        horaires = options[int(rng.integers(len(options)))] if rng.random() < fill - 0.03 else ""
        rdv = f"https://{slug}.example/rendez-vous" if site and "Prendre un RDV en ligne" in acces else ""

        spread = 0.15 + (0.25 * math.sqrt(ref.area[i]) if ref.pop[i] >= 30000 else 0.05 * math.sqrt(ref.area[i]))
        a.lon, a.lat = place_point(rng, ref, i, spread)
        commune = ref.nom[i]
        if a.typ in ("BIB", "MUNI", "CCAS", "EPN") and ref.pop[i] < 30000:
            parent = f"Commune {de(commune)}"
        elif a.typ in ("RFS", "ENM"):
            parent = (
                (ref.nom_epci[i] or f"Commune {de(commune)}")
                if rng.random() < 0.45 or a.typ == "ENM"
                else f"Commune {de(commune)}"
            )
        elif a.typ == "CDAS":
            parent = DEPARTEMENT_PARENT[ref.dep[i]]
        else:
            parent = ""

        etp: str
        if rng.random() < 0.08:
            etp = ""
        else:
            base_etp = {
                "rfs": 1.0,
                "epn": 1.0,
                "social": 0.8,
                "bib": 0.4,
                "public": 0.4,
                "youth": 0.6,
                "asso": 0.7,
                "tiers": 0.5,
                "reuse": 0.5,
            }[profile]
            if "Conseillers numériques" in a.programmes:
                base_etp += 1.0
            if ref.pop[i] >= 30000:
                base_etp *= 1.3
            etp = f"{min(4.0, max(0.0, round(float(rng.gamma(4.0, base_etp / 4.0)), 1))):.1f}"

        number = int(rng.integers(1, 60))
        complement = ""
        if rng.random() < 0.12:
            complement = ["Rez-de-chaussée", "Bâtiment B", "1er étage", "Entrée par la cour", "Salle polyvalente"][
                int(rng.integers(5))
            ]
        a.row = {
            "id": a.id,
            "pivot": luhn_complete(
                ("2" if parent.startswith("Commune") else str(int(rng.integers(3, 9))))
                + f"{int(rng.integers(0, 10**12)):012d}"
            ),
            "nom": a.nom,
            "commune": commune,
            "code_postal": postcodes[i],
            "code_insee": ref.code[i],
            "adresse": f"{number}{' bis' if rng.random() < 0.05 else ''} {STREETS[int(rng.integers(len(STREETS)))]}",
            "complement_adresse": complement,
            "latitude": f"{a.lat:.6f}",
            "longitude": f"{a.lon:.6f}",
            "typologie": real_typology(a.typ, ref.dep[i]),
            "telephone": phone,
            "courriels": mail,
            "site_web": site,
            "horaires": horaires,
            "presentation_resume": RESUMES[profile][int(rng.integers(2))] if rng.random() < fill else "",
            "presentation_detail": DETAILS[int(rng.integers(len(DETAILS)))] if rng.random() < 0.4 else "",
            "source": source,
            "itinerance": "|".join(itin),
            "structure_parente": parent,
            "date_maj": iso(a.date_maj),
            "services": "|".join(chosen),
            "publics_specifiquement_adresses": "|".join(publics),
            "prise_en_charge_specifique": "|".join(prise),
            "frais_a_charge": "|".join(frais),
            "dispositif_programmes_nationaux": "|".join(a.programmes),
            "formations_labels": "|".join(labels),
            "autres_formations_labels": autres,
            "modalites_acces": "|".join(acces),
            "modalites_accompagnement": "|".join(accomp),
            "fiche_acces_libre": "",
            "prise_rdv": rdv,
            "membre_reseau_depuis": "",
            "etp_mediateurs": etp,
            "sources": "|".join(sources),
        }


# Opening hours written the way real files get them wrong (French words, "h" for ":", a
# missing comma, a sentence): the dashboard reports them as unreadable. Drawn with their own
# generator, after every other value, so that the rest of the demo stays what it was.
UNREADABLE_HOURS = (
    "Lundi au vendredi 9h-12h / 14h-17h",
    "Mo-Fr 9h-12h",
    "Mo-Fr 09:00-12:00 14:00-17:00",
    "Sur rendez-vous",
    "Mo-Fr 09h00-12h00; Sa 09h00-12h00",
    "Du mardi au samedi de 10h à 18h",
    "Mo-Fr 09:00-12:00 et 14:00-17:30",
)
UNREADABLE_SHARE = 0.03
HOURS_SEED_OFFSET = 14


def spoil_some_hours(actors: list[Actor], seed: int) -> None:
    """About 3 % of the places that give opening hours get an unreadable value instead."""
    rng = np.random.default_rng(seed + HOURS_SEED_OFFSET)
    for a in actors:
        if a.row["horaires"] and rng.random() < UNREADABLE_SHARE:
            a.row["horaires"] = UNREADABLE_HOURS[int(rng.integers(len(UNREADABLE_HOURS)))]


DEPARTEMENT_PARENT = {
    "22": "Département des Côtes-d'Armor",
    "29": "Département du Finistère",
    "35": "Département d'Ille-et-Vilaine",
    "56": "Département du Morbihan",
}


def is_complete(row: dict) -> bool:
    """A 'complete' record: telephone, e-mail and opening hours all filled."""
    return bool(row["telephone"] and row["courriels"] and row["horaires"])
