"""Template files for the hub's own formats (docs/formats.md), downloadable from « Données ».

Each template has the dataset's columns in the declared order and one or two example rows
that pass the loaders against the hub's configuration (actions, envelopes, real communes).
A movement references the template's budget line, a measure the template's KPI.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache

import pandas as pd

from loaders import lieux_standard as std
from loaders.schemas import SPECS

EXAMPLES: dict[str, list[dict[str, str]]] = {
    "lignes_budget": [
        {"id_ligne": "A1-01", "action": "A1", "categorie": "Personnel", "enveloppe": "socle", "financeur": "Banque des Territoires",
         "libelle": "Chargé·e de projets animation du réseau (0,6 ETP)", "montant_prevu": "37800.00"},
        {"id_ligne": "A3-01", "action": "A3", "categorie": "Soutien aux expérimentations", "enveloppe": "territoires_prioritaires",
         "financeur": "Banque des Territoires", "libelle": "Soutien aux expérimentations en QPV", "montant_prevu": "25000.00"},
    ],
    "mouvements": [
        {"id_mouvement": "MVT-0001", "date": "2022-05-12", "id_ligne": "A1-01", "nature": "engagement", "montant": "12600.00",
         "code_territoire": "35238", "zone_prioritaire": "", "beneficiaire": "Fédération des Centres Sociaux de Bretagne", "libelle": "Contrat de travail"},
        {"id_mouvement": "MVT-0002", "date": "2022-06-01", "id_ligne": "A3-01", "nature": "engagement", "montant": "2 500,00",
         "code_territoire": "29019", "zone_prioritaire": "qpv", "beneficiaire": "Centre social de Bellevue", "libelle": "Permanences numériques"},
        {"id_mouvement": "MVT-0003", "date": "2022-06-30", "id_ligne": "A3-01", "nature": "depense", "montant": "2 500,00",
         "code_territoire": "29019", "zone_prioritaire": "qpv", "beneficiaire": "Centre social de Bellevue", "libelle": "Permanences numériques"},
    ],
    "levees_fonds": [
        {"id_levee": "LF-001", "financeur": "CAF", "programme": "Fonds publics et territoires", "porteur": "Centre socioculturel d'Auray",
         "statut": "obtenue", "montant_demande": "20500.00", "montant_obtenu": "15200.00", "date_depot": "2022-09-07",
         "date_decision": "2023-01-20", "code_territoire": "56007"},
    ],
    "jalons": [
        {"id_jalon": "J01", "action": "GESTION", "titre": "Lancement officiel du hub", "date_prevue": "2022-04-26", "date_reelle": "2022-04-26", "statut": "atteint"},
        {"id_jalon": "J02", "action": "A2", "titre": "Première version de la base régionale", "date_prevue": "2022-12-15", "date_reelle": "", "statut": "en_cours"},
    ],
    "kpis": [
        {"id_kpi": "A1-K1", "action": "A1", "libelle": "Acteurs membres du réseau", "unite": "acteurs", "valeur_initiale": "61",
         "cible_m6": "120", "cible_m12": "200", "cible_m18": "300", "sens": "plus_est_mieux", "calcul": "membres"},
        {"id_kpi": "A1-K5", "action": "A1", "libelle": "Participants satisfaits des rencontres (enquêtes)", "unite": "%", "valeur_initiale": "71",
         "cible_m6": "75", "cible_m12": "80", "cible_m18": "85", "sens": "plus_est_mieux", "calcul": ""},
    ],
    "mesures_kpi": [
        {"id_kpi": "A1-K5", "date": "2022-07-31", "valeur": "73.5", "commentaire": "Enquête du trimestre"},
        {"id_kpi": "A1-K5", "date": "2022-10-31", "valeur": "76", "commentaire": ""},
    ],
    "evenements": [
        {"id_evenement": "EV-001", "date": "2022-04-26", "type": "rencontre_reseau", "titre": "Lancement du hub", "code_insee": "35238",
         "participants": "152", "acteurs_presents": "", "action": "A1"},
    ],
    "experimentations": [
        {"id_experimentation": "E01", "titre": "Permanences numériques au cœur du quartier", "porteur": "Centre social de Bellevue",
         "code_territoire": "29019", "theme": "Médiation numérique en QPV", "date_debut": "2022-11-21", "date_fin": "2023-06-30",
         "statut": "terminee", "financement_hub": "5000.00", "cofinancement": "12000.00", "resultats": "180 habitants accompagnés"},
    ],
    "catalogue_indicateurs": [
        {"id": "lieux_pour_10000", "libelle": "Lieux de médiation pour 10 000 habitants", "unite": "lieux pour 10 000 hab.",
         "sens": "plus_est_mieux", "source": "Hub breton", "millesime": "2024", "description": "", "min": "", "max": ""},
    ],
    "indicateurs": [
        {"niveau": "commune", "code": "29019", "indicateur": "ifn_total", "periode": "2023", "valeur": "5.1"},
        {"niveau": "epci", "code": "242900314", "indicateur": "ifn_total", "periode": "2023", "valeur": "4.8"},
    ],
    "acteurs": [
        {"id": "hub-0001", "nom": "Médiathèque de Plouguerneau", "commune": "Plouguerneau", "code_postal": "29880", "code_insee": "29195",
         "adresse": "1 rue de la Mairie", "latitude": "48.6045", "longitude": "-4.5047", "typologie": "BIB",
         "date_maj": "2024-03-01", "services": "Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique",
         "source": "Hub breton", "sources": "Recensement hub"},
    ],
}

# The hub's own formats offered as templates, in the order shown.
TEMPLATE_KEYS: tuple[str, ...] = (
    "lignes_budget", "mouvements", "levees_fonds", "jalons", "kpis", "mesures_kpi", "evenements", "experimentations",
    "catalogue_indicateurs", "indicateurs", "acteurs",
)


def template_columns(key: str) -> list[str]:
    if key == "acteurs":
        return list(std.COLUMNS) + list(std.HUB_COLUMNS)
    return SPECS[key].columns


def template_frame(key: str) -> pd.DataFrame:
    columns = template_columns(key)
    return pd.DataFrame([{c: row.get(c, "") for c in columns} for row in EXAMPLES[key]], columns=columns)


@lru_cache(maxsize=32)
def template_csv(key: str) -> bytes:
    """UTF-8 with BOM (opens with its accents in Excel), `,`-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(template_columns(key))
    for row in template_frame(key).itertuples(index=False):
        writer.writerow(list(row))
    return buffer.getvalue().encode("utf-8-sig")


@lru_cache(maxsize=32)
def template_xlsx(key: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        template_frame(key).to_excel(writer, index=False, sheet_name=key[:31])
    return buffer.getvalue()
