"""The real territories the demo is drawn on (communes, EPCI, coast, priority zones) and the naming tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer

from loaders.config import HubConfig
from loaders.territories import load_territories

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
    start: dt.date  # the hub's period starts on this day (hub.toml [periode] debut)

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
        start=config.start,
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
