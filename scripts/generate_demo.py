#!/usr/bin/env python
"""Generate the embedded demo dataset of the hub (data/demo/): fictitious, deterministic, Breton.

    .venv/bin/python scripts/generate_demo.py                  # writes data/demo/
    .venv/bin/python scripts/generate_demo.py --sortie /tmp/x  # writes elsewhere

The only inputs are the committed reference territories (data/reference/, read through
hub.toml) and the fixed seed below; every actor, amount, date and event is invented here.
Running it twice gives byte-identical files (tests/unit/test_demo_data.py checks it, and
checks that the committed files equal a fresh generation: edit this script, not the CSVs).

The demo represents the state of the hub on AS_OF (end of month 17 of the 18-month period).
Contacts are fictitious by construction: e-mails and websites use the reserved `.example`
domain, telephone numbers the range +33 2 61 91 xx xx that ARCEP reserves for fiction.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders import lieux_standard as std  # noqa: E402
from loaders.config import DATASET_KEYS, HubConfig, load_config  # noqa: E402
from loaders.money import cents_to_decimal_string  # noqa: E402
from loaders.provenance import DEMO_SOURCE, MANIFEST  # noqa: E402
from loaders.schemas import SPECS  # noqa: E402
from loaders.territories import load_territories  # noqa: E402

SEED = 20220426
AS_OF = dt.date(2023, 9, 30)
CONFIG_PATH = ROOT / "hub.toml"
DEFAULT_OUT = ROOT / "data" / "demo"
FICTITIOUS_PHONE_PREFIX = "+3326191"  # 02 61 91 00 00 - 02 61 91 99 99: reserved for fiction

# Deliberate eligibility anomalies: priority-envelope expenses that landed in a commune of no
# priority zone (so the eligibility check of the dashboard has something to show).
ANOMALY_COMMUNES = ("29067", "22187")  # Guerlesquin (tagged centre_bretagne), Plérin (tagged qpv)

TARGET_OTHER_ACTORS = 545  # expected number of actors besides France Services and buses
FS_SPACING_KM = 11.0
FOUNDING_MEMBERS = 61
TARGET_MEMBERS = 298  # network members on AS_OF
FUNDS_OBTAINED_EUROS = 340000  # about what the actors obtained (fund-raising lags behind its target)

CSV_FILES = DATASET_KEYS  # one file per dataset of hub.toml


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

VOWELS = "AEIOUYÉÈÊÎÔÂÛH"


def de(name: str) -> str:
    """'de Pontivy', "d'Ergué-Gabéric", 'du Blosne', 'des Abers' (French elision)."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith(("La ", "L'")):
        return "de " + name
    if name[:1].upper() in VOWELS and not name.startswith("Ho"):
        return "d'" + name
    return "de " + name


def a_(name: str) -> str:
    """'à Brest', 'au Faou', 'aux Abers'."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:48].rstrip("-")


def iso(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def money(cents: int | None) -> str:
    return "" if cents is None else cents_to_decimal_string(int(cents))


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(month_end(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def rand_date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def weighted_pick(rng: np.random.Generator, items: list, weights) -> object:
    w = np.asarray(weights, dtype=float)
    return items[int(rng.choice(len(items), p=w / w.sum()))]


def weighted_sample(rng: np.random.Generator, n_items: int, weights, k: int) -> np.ndarray:
    """k distinct indices drawn with probabilities proportional to weights (sorted)."""
    w = np.asarray(weights, dtype=float)
    k = min(k, int((w > 0).sum()))
    return np.sort(rng.choice(n_items, size=k, replace=False, p=w / w.sum()))


def luhn_complete(digits: str) -> str:
    """Append the digit that makes `digits` + it pass the Luhn check (like a SIRET)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return digits + str((10 - total % 10) % 10)


def split_cents(total: int, shares: list[float]) -> list[int]:
    """Split an amount in cents along shares; the parts add up exactly to total."""
    raw = [total * s / sum(shares) for s in shares]
    parts = [int(math.floor(r)) for r in raw]
    parts[-1] += total - sum(parts)
    return parts


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    path.write_bytes(buf.getvalue().encode("utf-8"))


# --------------------------------------------------------------------------------------------
# Reference territories and spatial features
# --------------------------------------------------------------------------------------------

TO_L93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


@dataclass
class Ref:
    """The communes as plain arrays, plus the spatial features the generator needs."""

    code: list[str]
    nom: list[str]
    dep: list[str]
    epci: list[str | None]
    nom_epci: list[str | None]
    pop: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray  # Lambert-93, km
    y: np.ndarray
    area: np.ndarray
    qpv: np.ndarray
    acv: np.ndarray
    centre: np.ndarray
    geom: np.ndarray
    d_coast: np.ndarray
    dep_names: dict[str, str]
    index: dict[str, int]

    def __len__(self) -> int:
        return len(self.code)

    def idx(self, name: str) -> int:
        hits = [i for i, n in enumerate(self.nom) if n == name]
        if len(hits) != 1:
            raise KeyError(f"commune {name!r}: {len(hits)} matches")
        return hits[0]

    def dist_km(self, i: int, j) -> np.ndarray:
        return np.hypot(self.x[j] - self.x[i], self.y[j] - self.y[i])

    def in_zone(self, i: int) -> bool:
        return bool(self.qpv[i] or self.acv[i] or self.centre[i])


def coast_distance_km(geoms: np.ndarray) -> np.ndarray:
    """Distance (km) from each commune's polygon to the sea, approximated by the outline of
    the region minus its land border with Normandie and Pays de la Loire."""
    union = shapely.coverage_union_all(geoms)
    outline = union.boundary
    land_border = shapely.box(-2.45, 46.0, 0.0, 48.58)  # east and south-east of the region
    coast = outline.difference(land_border)
    coast_l93 = shapely.transform(coast, lambda xy: np.column_stack(TO_L93.transform(xy[:, 0], xy[:, 1])))
    geoms_l93 = shapely.transform(geoms, lambda xy: np.column_stack(TO_L93.transform(xy[:, 0], xy[:, 1])))
    return shapely.distance(geoms_l93, coast_l93) / 1000.0


def load_reference(config: HubConfig) -> Ref:
    t = load_territories(config)
    c = t.communes.sort_values("code_insee").reset_index(drop=True)
    lon = c["centre_lon"].to_numpy(float)
    lat = c["centre_lat"].to_numpy(float)
    x, y = TO_L93.transform(lon, lat)
    geom = np.asarray(c.geometry.values, dtype=object)
    shapely.prepare(geom)
    epci = [None if not isinstance(v, str) else v for v in c["code_epci"]]
    nom_epci = [None if not isinstance(v, str) else v for v in c["nom_epci"]]
    return Ref(
        code=list(c["code_insee"]),
        nom=list(c["nom"]),
        dep=list(c["code_departement"]),
        epci=epci,
        nom_epci=nom_epci,
        pop=c["population"].to_numpy(float),
        lon=lon,
        lat=lat,
        x=np.asarray(x) / 1000.0,
        y=np.asarray(y) / 1000.0,
        area=c["superficie_km2"].to_numpy(float),
        qpv=c["qpv"].to_numpy(bool),
        acv=c["acv"].to_numpy(bool),
        centre=c["centre_bretagne"].to_numpy(bool),
        geom=geom,
        d_coast=coast_distance_km(geom),
        dep_names=dict(zip(t.departements["code_departement"], t.departements["nom_departement"])),
        index={code: i for i, code in enumerate(c["code_insee"])},
    )


# "Pays" names (for association names), by EPCI: (name, "de"-form).
PAYS: dict[str, tuple[str, str]] = {
    "242900314": ("Pays de Brest", "du Pays de Brest"),
    "243500139": ("Pays de Rennes", "du Pays de Rennes"),
    "200068120": ("Cornouaille", "de Cornouaille"),
    "200042174": ("Pays de Lorient", "du Pays de Lorient"),
    "200067932": ("Pays de Vannes", "du Pays de Vannes"),
    "200069409": ("Pays de Saint-Brieuc", "du Pays de Saint-Brieuc"),
    "243500782": ("Pays malouin", "du Pays malouin"),
    "200065928": ("Trégor", "du Trégor"),
    "242900835": ("Pays de Morlaix", "du Pays de Morlaix"),
    "200067981": ("Argoat", "de l'Argoat"),
    "200069391": ("Penthièvre", "du Penthièvre"),
    "200068989": ("Pays de Dinan", "du Pays de Dinan"),
    "242200715": ("Kreiz-Breizh", "du Kreiz-Breizh"),
    "242900744": ("Poher", "du Poher"),
    "200067197": ("Monts d'Arrée", "des Monts d'Arrée"),
    "245614417": ("Pays du Roi Morvan", "du Pays du Roi Morvan"),
    "245614433": ("Pays de Pontivy", "du Pays de Pontivy"),
    "200067460": ("Centre Bretagne", "du Centre Bretagne"),
    "200096683": ("Centre Morbihan", "du Centre Morbihan"),
    "200096675": ("Pays de Baud", "du Pays de Baud"),
    "242900561": ("Haute-Cornouaille", "de Haute-Cornouaille"),
    "242900553": ("Abers", "des Abers"),
    "242900074": ("Iroise", "de l'Iroise"),
    "242900793": ("Côte des Légendes", "de la Côte des Légendes"),
    "242900751": ("Pays de Landivisiau", "du Pays de Landivisiau"),
    "242900801": ("Pays de Landerneau", "du Pays de Landerneau"),
    "200067072": ("Haut-Léon", "du Haut-Léon"),
    "200066868": ("Presqu'île de Crozon", "de la Presqu'île de Crozon"),
    "200067247": ("Porzay", "du Porzay"),
    "242900645": ("Pays de Douarnenez", "du Pays de Douarnenez"),
    "242900629": ("Cap Sizun", "du Cap Sizun"),
    "242900702": ("Pays bigouden", "du Pays bigouden"),
    "242900710": ("Pays bigouden", "du Pays bigouden"),
    "242900660": ("Pays fouesnantais", "du Pays fouesnantais"),
    "242900769": ("Pays de Concarneau", "du Pays de Concarneau"),
    "242900694": ("Pays de Quimperlé", "du Pays de Quimperlé"),
    "200072452": ("Pays de Fougères", "du Pays de Fougères"),
    "200039022": ("Pays de Vitré", "du Pays de Vitré"),
    "243500741": ("Pays de Redon", "du Pays de Redon"),
    "200066777": ("Pays de Ploërmel", "du Pays de Ploërmel"),
    "200066785": ("Oust et Brocéliande", "de l'Oust et Brocéliande"),
    "243500618": ("Brocéliande", "de Brocéliande"),
    "245614383": ("Pays de Questembert", "du Pays de Questembert"),
    "200043123": ("Pays d'Auray", "du Pays d'Auray"),
    "245600440": ("Blavet", "du Blavet"),
    "245600465": ("Belle-Île", "de Belle-Île"),
    "200069086": ("Leff", "du Leff"),
    "243500725": ("Côte d'Émeraude", "de la Côte d'Émeraude"),
    "243500733": ("Bretagne romantique", "de la Bretagne romantique"),
    "200070670": ("Pays de Dol", "du Pays de Dol"),
    "200070688": ("Couesnon", "du Couesnon"),
    "243500774": ("Liffré-Cormier", "de Liffré-Cormier"),
    "243500667": ("Val d'Ille", "du Val d'Ille"),
    "243500659": ("Pays de Châteaugiron", "du Pays de Châteaugiron"),
    "243500634": ("Roche aux Fées", "de la Roche aux Fées"),
    "200070662": ("Pays de Bain", "du Pays de Bain"),
    "200043990": ("Vallons de Haute-Bretagne", "des Vallons de Haute-Bretagne"),
    "243500550": ("Pays de Montfort", "du Pays de Montfort"),
    "200038990": ("Pays de Saint-Méen", "du Pays de Saint-Méen"),
}

# Neighbourhoods of the largest towns (used in actor names).
QUARTIERS: dict[str, list[str]] = {
    "35238": [
        "Maurepas",
        "Villejean",
        "Le Blosne",
        "Bréquigny",
        "Cleunay",
        "Les Champs-Manceaux",
        "Bourg-l'Évêque",
        "Beauregard",
        "Sud-Gare",
        "Saint-Martin",
        "Les Longs-Champs",
        "La Poterie",
        "Thabor",
        "Colombier",
        "Saint-Hélier",
        "Les Gayeulles",
    ],
    "29019": [
        "Kerangoff",
        "Bellevue",
        "Pontanézen",
        "Kérourien",
        "Lambézellec",
        "Saint-Pierre",
        "Recouvrance",
        "Keredern",
        "Kerbernard",
        "Quéliverzan",
        "Saint-Marc",
        "Le Bergot",
        "Kerichen",
        "Europe",
    ],
    "29232": ["Kermoysan", "Penhars", "Ergué-Armel", "Kerfeunteun", "Locmaria", "Le Braden"],
    "56121": [
        "Kervénanec",
        "Bois du Château",
        "Keryado",
        "Merville",
        "Le Polygone",
        "Frébault",
        "Kerentrech",
        "Carnel",
    ],
    "56260": ["Kercado", "Ménimur", "Le Bondon", "Conleau", "Tohannic", "Saint-Patern"],
    "22278": ["Ginglin", "Croix-Saint-Lambert", "Balzac", "Europe", "Robien", "Cesson", "Saint-Jouan"],
    "35288": ["La Découverte", "Marville", "Rothéneuf", "Paramé", "Saint-Servan", "Intra-Muros", "Bellevue"],
    "56098": ["Kerfréhour", "Le Plessis", "Kerhervy", "Kerpont"],
}
# Breton-sounding local names for a second structure of the same kind in a town.
LIEUX_DITS = [
    "Ker Anna",
    "Kerlann",
    "Park Nevez",
    "Ar Roz",
    "Kerbrat",
    "Ti Glas",
    "Prat Hir",
    "Kermaria",
    "Poul ar Feunteun",
    "Kerampuil",
    "Kerguelen",
    "Ar Maez",
    "Lann Vraz",
    "Kerisac",
]

BIG_CITY_POSTCODES = {
    "35238": "35000",
    "29019": "29200",
    "29232": "29000",
    "56121": "56100",
    "56260": "56000",
    "22278": "22000",
    "35288": "35400",
}

STREETS = [
    "rue de la Mairie",
    "place de l'Église",
    "rue de la Gare",
    "rue du Port",
    "allée des Tilleuls",
    "rue des Écoles",
    "place du Marché",
    "rue de la Poste",
    "rue de Bretagne",
    "boulevard de la Liberté",
    "rue de la République",
    "rue du Stade",
    "impasse des Ajoncs",
    "rue des Genêts",
    "rue de Kerlann",
    "rue du Moulin",
    "chemin de Park Nevez",
    "rue de Ker Anna",
    "venelle du Lavoir",
    "place de la Résistance",
    "rue de l'Armor",
    "rue de l'Argoat",
    "rue des Hortensias",
    "rue de la Libération",
    "avenue de la Paix",
    "rue des Camélias",
    "rue du Calvaire",
    "rue de la Fontaine",
    "place des Halles",
    "rue du Vieux Bourg",
]

HORAIRES = {
    "office": [
        "Mo-Fr 09:00-12:00,14:00-17:30",
        "Mo-Fr 08:30-12:30,13:30-17:00",
        "Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00",
        "Mo,Tu,Th,Fr 09:00-12:00,13:30-17:00; We 09:00-12:00",
    ],
    "library": [
        "Tu-Sa 10:00-12:30,14:00-18:00",
        "Tu,Th 16:00-18:30; We 10:00-12:00,14:00-18:00; Sa 10:00-12:30",
        "We 14:00-18:00; Sa 10:00-12:00",
        "Tu 16:30-18:30; We 10:00-12:00,14:00-18:00; Sa 10:00-12:00,14:00-17:00",
    ],
    "social": [
        "Mo-Fr 09:00-12:00,14:00-18:00",
        "Mo-Fr 09:00-12:30,13:30-18:30",
        "Tu,Th 14:00-17:00",
        "Mo-Fr 14:00-18:00; We 09:00-12:00",
    ],
    "itinerant": ["Tu 09:00-12:00; Th 14:00-17:00", "Mo,We 09:30-12:30; Fr 14:00-17:00"],
    "tiers": ["We-Fr 10:00-18:00; Sa 10:00-13:00", "Tu-Sa 14:00-19:00", "Mo-Fr 09:00-18:00"],
}

# Per typology: naming family, opening-hours family, weights of the 9 services (see std.SERVICES).
SERVICE_PROFILES = {
    "rfs": [0.98, 0.60, 0.20, 0.25, 0.03, 0.02, 0.10, 0.45, 0.0],
    "bib": [0.35, 0.85, 0.10, 0.35, 0.20, 0.55, 0.45, 0.75, 0.0],
    "epn": [0.55, 0.95, 0.30, 0.45, 0.15, 0.35, 0.40, 0.70, 0.03],
    "social": [0.70, 0.85, 0.25, 0.30, 0.30, 0.25, 0.20, 0.35, 0.02],
    "public": [0.92, 0.55, 0.10, 0.20, 0.03, 0.02, 0.05, 0.35, 0.0],
    "youth": [0.60, 0.70, 0.90, 0.35, 0.05, 0.10, 0.30, 0.40, 0.02],
    "asso": [0.55, 0.85, 0.25, 0.40, 0.15, 0.30, 0.40, 0.35, 0.05],
    "tiers": [0.25, 0.70, 0.20, 0.25, 0.10, 0.75, 0.55, 0.60, 0.05],
    "reuse": [0.20, 0.45, 0.10, 0.10, 0.02, 0.05, 0.10, 0.35, 0.90],
}
PROFILE_OF = {
    "RFS": "rfs",
    "BIB": "bib",
    "EPN": "epn",
    "ENM": "epn",
    "CS": "social",
    "CSC": "social",
    "EVS": "social",
    "MQ": "social",
    "MJC": "social",
    "MUNI": "public",
    "CCAS": "public",
    "CDAS": "public",
    "DEPT": "public",
    "CMS": "public",
    "CAF": "public",
    "ML": "youth",
    "PIJ_BIJ": "youth",
    "E2C": "youth",
    "OF": "youth",
    "ASSO": "asso",
    "TIERS_LIEUX": "tiers",
    "FABLAB": "tiers",
    "RESSOURCERIE": "reuse",
    "ES": "reuse",
}
HOURS_OF = {
    "rfs": "office",
    "bib": "library",
    "epn": "social",
    "social": "social",
    "public": "office",
    "youth": "office",
    "asso": "social",
    "tiers": "tiers",
    "reuse": "tiers",
}

# Typology mix by size of commune (France Services and buses are placed separately).
MIX = {
    "city": {
        "CS": 16,
        "CSC": 5,
        "MQ": 6,
        "BIB": 11,
        "EPN": 8,
        "ASSO": 16,
        "CCAS": 2,
        "ML": 1,
        "PIJ_BIJ": 2,
        "MJC": 5,
        "TIERS_LIEUX": 5,
        "FABLAB": 3,
        "ES": 2,
        "RESSOURCERIE": 2,
        "CDAS": 3,
        "E2C": 1,
        "OF": 2,
        "CAF": 1,
    },
    "town": {
        "CS": 10,
        "CSC": 10,
        "BIB": 11,
        "EPN": 7,
        "ASSO": 10,
        "CCAS": 6,
        "ML": 3,
        "PIJ_BIJ": 3,
        "MJC": 4,
        "TIERS_LIEUX": 4,
        "FABLAB": 2,
        "MUNI": 2,
        "ES": 1,
        "RESSOURCERIE": 1,
        "CDAS": 2,
        "EVS": 2,
    },
    "small": {
        "BIB": 15,
        "MUNI": 6,
        "EPN": 8,
        "CSC": 8,
        "EVS": 6,
        "ASSO": 7,
        "CCAS": 4,
        "TIERS_LIEUX": 4,
        "PIJ_BIJ": 1,
        "MJC": 2,
        "FABLAB": 1,
    },
    "village": {"BIB": 15, "MUNI": 10, "EPN": 5, "EVS": 5, "ASSO": 5, "TIERS_LIEUX": 3},
}
ONE_PER_COMMUNE = {"MUNI", "CCAS", "ML", "PIJ_BIJ", "E2C", "CAF", "CDAS"}
ASSO_NAMES = [
    "Association Les Ordis {du_pays}",
    "Numérique solidaire {du_pays}",
    "Ti an Niverel {commune}",
    "Liamm Niverel {pays}",
    "Skol Niverel {pays}",
    "Les Connectés {de_commune}",
    "Générations numériques {du_pays}",
    "Coup de pouce numérique {de_commune}",
    "Amzer Niverel {commune}",
    "Seniors connectés {du_pays}",
    "Repair café numérique {de_commune}",
    "Clic et lien {de_commune}",
    "Digital'Armor {pays}",
    "Emglev Niverel {pays}",
    "Les Passeurs numériques {du_pays}",
]
TIERS_NAMES = [
    "La Fabrique",
    "L'Atelier partagé",
    "Le Hangar",
    "La Grange",
    "Ti Lab",
    "La Coop'",
    "Le Bercail",
    "La Station",
    "L'Escale",
    "Le Quai",
    "La Bascule",
    "Ar Stal",
]
BUSES = [  # (seat commune, name)
    ("Rostrenen", "Bus numérique du Kreiz-Breizh"),
    ("Carhaix-Plouguer", "Espace numérique mobile du Poher"),
    ("Loudéac", "Bus numérique de Loudéac Communauté"),
    ("Guémené-sur-Scorff", "Numéribus du Pays du Roi Morvan"),
    ("Pleyben", "Bus numérique de Pleyben-Châteaulin-Porzay"),
    ("Ploërmel", "Camion numérique de Ploërmel Communauté"),
    ("Fougères", "Bus numérique du Pays de Fougères"),
    ("Plouaret", "Numérique itinérant du Trégor"),
]


# --------------------------------------------------------------------------------------------
# Indicators (IFN-like, fictitious)
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------------


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
    start = dt.date(2022, 4, 26)
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


DEPARTEMENT_PARENT = {
    "22": "Département des Côtes-d'Armor",
    "29": "Département du Finistère",
    "35": "Département d'Ille-et-Vilaine",
    "56": "Département du Morbihan",
}


def is_complete(row: dict) -> bool:
    """A 'complete' record: telephone, e-mail and opening hours all filled."""
    return bool(row["telephone"] and row["courriels"] and row["horaires"])


# --------------------------------------------------------------------------------------------
# Events and network membership
# --------------------------------------------------------------------------------------------

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
    start = dt.date(2022, 4, 26)
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


# --------------------------------------------------------------------------------------------
# Experiments and fund-raising
# --------------------------------------------------------------------------------------------

EXPERIMENTS = [
    # key, title, theme, commune (or EPCI code), preferred typologies, start, status, end, hub funding, line, cofunding, result
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


REQUIRED_ACTORS = [  # commune, typology, name: carriers named after their neighbourhood
    ("Brest", "CS", "Centre social de Bellevue"),
    ("Rennes", "CS", "Centre social de Maurepas"),
    ("Saint-Malo", "CS", "Centre social de La Découverte"),
    ("Quimper", "CS", "Centre social de Kermoysan"),
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


# --------------------------------------------------------------------------------------------
# Budget lines and movements
# --------------------------------------------------------------------------------------------

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
    start = dt.date(2022, 4, 26)

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
                f"Provision : déplacements {'en centre Bretagne' if zone == 'centre_bretagne' else 'vers les QPV' if zone == 'qpv' else 'vers les villes Action Cœur de Ville'}",
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


# --------------------------------------------------------------------------------------------
# Milestones and KPIs
# --------------------------------------------------------------------------------------------

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
    start = dt.date(2022, 4, 26)

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


# --------------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------------

ACTOR_COLUMNS = list(std.COLUMNS) + list(std.HUB_COLUMNS)


def generate(out_dir: Path | str = DEFAULT_OUT, config_path: Path | str = CONFIG_PATH) -> dict:
    """Write every demo file into out_dir; returns a summary of the key figures."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    config = load_config(config_path)
    rng = np.random.default_rng(SEED)
    ref = load_reference(config)

    catalogue, indicators, _ = make_indicators(ref, rng)
    actors = make_actors(ref, rng)
    fill_actor_rows(ref, actors, rng)
    events = make_events_and_membership(ref, actors, rng)
    experiments = make_experiments(ref, actors, rng)
    fundraising = make_fundraising(ref, actors, rng)
    budget = make_budget(config)
    moves = make_movements(ref, budget, events, experiments, rng)
    milestones = make_milestones()
    kpis, measures = make_kpis(ref, actors, events, experiments, fundraising)

    write_csv(out / "acteurs.csv", ACTOR_COLUMNS, [a.row for a in actors])
    write_csv(out / "catalogue_indicateurs.csv", SPECS["catalogue_indicateurs"].columns, catalogue)
    write_csv(out / "indicateurs.csv", SPECS["indicateurs"].columns, [r | {"fictif": "oui"} for r in indicators])
    write_csv(
        out / "lignes_budget.csv",
        ["id_ligne", "action", "categorie", "enveloppe", "financeur", "libelle", "montant_prevu"],
        budget,
    )
    write_csv(
        out / "mouvements.csv",
        [
            "id_mouvement",
            "date",
            "id_ligne",
            "nature",
            "montant",
            "code_territoire",
            "zone_prioritaire",
            "beneficiaire",
            "libelle",
        ],
        [
            {
                "id_mouvement": f"MVT-{k:04d}",
                "date": iso(m.date),
                "id_ligne": m.line,
                "nature": m.nature,
                "montant": money(m.cents),
                "code_territoire": m.code,
                "zone_prioritaire": m.zone,
                "beneficiaire": m.beneficiary,
                "libelle": m.label,
            }
            for k, m in enumerate(moves, start=1)
        ],
    )
    write_csv(
        out / "levees_fonds.csv",
        [
            "id_levee",
            "financeur",
            "programme",
            "porteur",
            "statut",
            "montant_demande",
            "montant_obtenu",
            "date_depot",
            "date_decision",
            "code_territoire",
        ],
        fundraising,
    )
    write_csv(out / "jalons.csv", ["id_jalon", "action", "titre", "date_prevue", "date_reelle", "statut"], milestones)
    write_csv(out / "kpis.csv", SPECS["kpis"].columns, kpis)
    write_csv(out / "mesures_kpi.csv", SPECS["mesures_kpi"].columns, measures)
    write_csv(
        out / "evenements.csv",
        ["id_evenement", "date", "type", "titre", "code_insee", "participants", "acteurs_presents", "action"],
        [
            {
                "id_evenement": e.id,
                "date": iso(e.date),
                "type": e.typ,
                "titre": e.title,
                "code_insee": ref.code[e.commune],
                "participants": e.participants,
                "acteurs_presents": "|".join(sorted(a.id for a in e.present)),
                "action": e.action,
            }
            for e in events
        ],
    )
    write_csv(
        out / "experimentations.csv",
        [
            "id_experimentation",
            "titre",
            "porteur",
            "code_territoire",
            "theme",
            "date_debut",
            "date_fin",
            "statut",
            "financement_hub",
            "cofinancement",
            "resultats",
        ],
        [
            {
                "id_experimentation": x.key,
                "titre": x.title,
                "porteur": x.porteur.nom,
                "code_territoire": x.territory,
                "theme": x.theme,
                "date_debut": iso(x.start),
                "date_fin": iso(x.end),
                "statut": x.status,
                "financement_hub": money(x.hub_cents),
                "cofinancement": money(x.cofunding_cents),
                "resultats": x.result,
            }
            for x in experiments
        ],
    )

    spent = {
        env: sum(
            m.cents
            for m in moves
            if m.nature == "depense" and m.line in {b["id_ligne"] for b in budget if b["enveloppe"] == env}
        )
        for env in ("socle", "territoires_prioritaires", "cofinancement")
    }
    summary = {
        "acteurs": len(actors),
        "france_services": sum(a.typ == "RFS" for a in actors),
        "communes_avec_acteur": len({a.commune for a in actors}),
        "membres_debut": sum(1 for a in actors if a.member_since and a.member_since <= config.start),
        "membres_fin": sum(1 for a in actors if a.member_since),
        "evenements": len(events),
        "experimentations": len(experiments),
        "levees": len(fundraising),
        "levees_obtenues_euros": sum(r["_obtained"] for r in fundraising) // 100,
        "mouvements": len(moves),
        "depense_socle_centimes": spent["socle"],
        "depense_territoires_prioritaires_centimes": spent["territoires_prioritaires"],
        "depense_cofinancement_centimes": spent["cofinancement"],
        "anomalies_eligibilite": sum(1 for m in moves if m.line.startswith("TP") and m.code in ANOMALY_COMMUNES),
        "jalons": len(milestones),
        "jalons_en_retard": sum(
            1 for j in milestones if j["date_prevue"] <= iso(AS_OF) and j["statut"] not in ("atteint", "abandonne")
        ),
        "jalons_abandonnes": sum(1 for j in milestones if j["statut"] == "abandonne"),
    }
    (out / "LISEZMOI.md").write_bytes(readme(summary, config).encode("utf-8"))
    (out / MANIFEST).write_bytes(manifest(out).encode("utf-8"))
    return summary


def manifest(out: Path) -> str:
    """data/demo/provenance.json: every file of the folder declared fictitious (loaders/provenance.py)."""
    files = sorted(p.name for p in out.glob("*.csv"))
    body = {
        "description": "Données fictives de démonstration, générées par scripts/generate_demo.py (make demo).",
        "source": DEMO_SOURCE,
        "millesime": AS_OF.isoformat(),
        "fictif": True,
        "fichiers": {name: {"fictif": True} for name in files},
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def readme(s: dict, config: HubConfig) -> str:
    def eur(cents: int) -> str:
        return f"{cents // 100:,}".replace(",", " ") + " €"

    socle = config.envelope("socle").amount_cents
    return f"""# Données de démonstration (fictives)

Toutes les données de ce dossier sont **fictives**. Elles sont produites par
`scripts/generate_demo.py` (graine aléatoire {SEED}, `make demo`) à partir du seul référentiel réel
des communes de Bretagne (`data/reference/` : noms, codes, population, contours, EPCI). Aucun lieu,
montant, événement ou contact n'est réel : les courriels et sites utilisent le domaine réservé
`.example`, les téléphones la plage +33 2 61 91 xx xx réservée à la fiction, et aucun nom de
personne n'apparaît. Ne modifiez pas ces fichiers à la main : modifiez le script et relancez-le
(un test vérifie que les fichiers sont identiques à une nouvelle génération).

Les données représentent l'état du hub au {AS_OF.strftime("%d/%m/%Y")} (fin du 17e mois de la période
de {config.months} mois commencée le {config.start.strftime("%d/%m/%Y")}).

| fichier | contenu |
|---|---|
| `acteurs.csv` | {s["acteurs"]} lieux et acteurs de l'inclusion numérique au format du standard national v1 (32 colonnes) suivi des colonnes du hub (`membre_reseau_depuis`, `etp_mediateurs`, `sources`) ; dont {s["france_services"]} France services ; {s["membres_debut"]} membres du réseau au lancement, {s["membres_fin"]} au {AS_OF.strftime("%d/%m/%Y")} |
| `catalogue_indicateurs.csv` | les 6 indicateurs fictifs inspirés de l'indice de fragilité numérique (IFN) |
| `indicateurs.csv` | leurs valeurs 2023 par commune, par EPCI et par département (moyennes pondérées par la population) |
| `lignes_budget.csv` | lignes de budget : socle ({eur(socle)}), territoires prioritaires ({eur(config.envelope("territoires_prioritaires").amount_cents)}) et cofinancements |
| `mouvements.csv` | {s["mouvements"]} engagements et dépenses, mois par mois ; dépenses du socle : {eur(s["depense_socle_centimes"])} ({100 * s["depense_socle_centimes"] / socle:.0f} %) ; {s["anomalies_eligibilite"]} dépenses de l'enveloppe territoires prioritaires volontairement hors zone éligible |
| `levees_fonds.csv` | {s["levees"]} demandes de financement des acteurs du territoire ({eur(s["levees_obtenues_euros"] * 100)} obtenus) |
| `jalons.csv` | {s["jalons"]} jalons des trois actions et du pilotage, dont {s["jalons_en_retard"]} en retard au {AS_OF.strftime("%d/%m/%Y")} et {s["jalons_abandonnes"]} abandonné |
| `kpis.csv`, `mesures_kpi.csv` | les 11 indicateurs de suivi des actions et leurs cibles à 6, 12 et 18 mois : 10 sont calculés par le tableau de bord à partir des données (colonne `calcul`), le dernier (satisfaction des participants) est mesuré par enquête (`mesures_kpi.csv`) |
| `provenance.json` | le manifeste qui déclare fictif chaque fichier de ce dossier : l'interface le signale jeu de données par jeu de données |
| `evenements.csv` | {s["evenements"]} événements du réseau et les acteurs présents |
| `experimentations.csv` | {s["experimentations"]} expérimentations soutenues par le hub |
"""


def main(out_dir: Path | str = DEFAULT_OUT) -> dict:
    summary = generate(out_dir)
    for key, value in summary.items():
        print(f"{key}: {value}")
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Génère les données fictives de démonstration du hub.")
    parser.add_argument("--sortie", default=str(DEFAULT_OUT), help="dossier de sortie (par défaut data/demo)")
    main(parser.parse_args().sortie)
