"""Template files for the hub's own formats (docs/formats.md), downloadable from « Données ».

Each template has the dataset's columns in the declared order and one or two example rows
that pass the loaders against the hub's configuration (actions, envelopes, real communes).
A movement references the template's budget line, a measure the template's KPI.

The rows below are written for the Breton hub of hub.toml; another hub gets them with its own
names, actions, priority zones, dates and communes (`TemplateHub.of(bundle)`), so that nothing
of Bretagne lands in its files and every example still loads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
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

# What the example rows take from the Breton hub, replaced by another hub's own.
_FUNDER = "Banque des Territoires"
_CARRIER = "Fédération des Centres Sociaux de Bretagne"
_SHORT_NAME = "Hub breton"
_ACTIONS = ("A1", "A2", "A3", "GESTION")
_START = dt.date(2022, 4, 26)
# Communes (and an EPCI) of the examples, by role: the two largest towns, two smaller ones.
_COMMUNES = ("35238", "29019", "56007", "29195")
_EPCI = "242900314"
_DATE_COLUMNS = ("date", "date_prevue", "date_reelle", "date_depot", "date_decision", "date_debut", "date_fin")
_QPV_WORDS = {"libelle": "Soutien aux expérimentations en QPV", "theme": "Médiation numérique en QPV"}


@dataclass(frozen=True)
class TemplateHub:
    """The names and places of a hub that its templates' example rows use."""

    funder: str
    carrier: str
    short_name: str
    actions: tuple[str, ...]
    start: dt.date
    zones: tuple[str, ...]
    # (code_insee, nom, latitude, longitude) of four communes of the region, largest first.
    communes: tuple[tuple[str, str, float, float], ...]
    epci: str
    # The indicator of the values' example: the IFN when the hub's catalogue has it, else the
    # catalogue template's own indicator (a new hub imports that catalogue first).
    indicator: str = "ifn_total"

    @classmethod
    def of(cls, bundle) -> "TemplateHub":
        config = bundle.config
        communes = bundle.territories.communes.sort_values(["population", "code_insee"], ascending=[False, True])
        picked = communes.head(len(_COMMUNES))
        rows = tuple((str(r.code_insee), str(r.nom), float(r.centre_lat), float(r.centre_lon)) for r in picked.itertuples())
        rows += (rows[-1],) * (len(_COMMUNES) - len(rows))  # a region of fewer communes repeats one
        epci = picked["code_epci"].dropna()
        return cls(
            funder=config.main_funder or "Financeur principal",
            carrier=config.carrier or config.name,
            short_name=config.short_name,
            actions=tuple(a.code for a in config.actions),
            start=config.start,
            zones=config.active_zones,
            communes=rows,
            epci=str(epci.iloc[1] if len(epci) > 1 else epci.iloc[0]) if len(epci) else "",
            indicator="ifn_total" if "ifn_total" in set(bundle.catalogue["id"].dropna()) else EXAMPLES["catalogue_indicateurs"][0]["id"],
        )


def _for_hub(key: str, row: dict[str, str], hub: TemplateHub) -> dict[str, str]:
    """An example row of the Breton hub rewritten for `hub`."""
    out = dict(row)
    codes = {old: new[0] for old, new in zip(_COMMUNES, hub.communes)}
    actions = {old: hub.actions[min(i, len(hub.actions) - 1)] for i, old in enumerate(_ACTIONS) if old not in hub.actions}
    shift = hub.start - _START
    for column, value in row.items():
        if value in (_FUNDER,):
            out[column] = hub.funder
        elif value == _CARRIER:
            out[column] = hub.carrier
        elif value == _SHORT_NAME:
            out[column] = hub.short_name
        elif column in ("code_insee", "code_territoire", "code") and value in codes:
            out[column] = codes[value]
        elif column == "code" and value == _EPCI:
            out[column] = hub.epci
        elif column == "action" and value in actions:
            out[column] = actions[value]
        elif column in _DATE_COLUMNS and value:
            out[column] = (dt.date.fromisoformat(value) + shift).isoformat()
        elif column == "zone_prioritaire" and value and value not in hub.zones:
            out[column] = hub.zones[0] if hub.zones else ""
        elif column in _QPV_WORDS and value == _QPV_WORDS[column] and "qpv" not in hub.zones:
            out[column] = value.replace(" en QPV", "")
    if key == "acteurs":
        code, name, lat, lon = hub.communes[-1]
        out.update(nom="Médiathèque municipale", commune=name, code_insee=code, code_postal="", latitude=f"{lat:.4f}", longitude=f"{lon:.4f}")
    if key == "levees_fonds":
        out["porteur"] = "Centre socioculturel"
    if key == "indicateurs":
        out["indicateur"] = hub.indicator
    return out


# The hub's own formats offered as templates, in the order shown.
TEMPLATE_KEYS: tuple[str, ...] = (
    "lignes_budget", "mouvements", "levees_fonds", "jalons", "kpis", "mesures_kpi", "evenements", "experimentations",
    "catalogue_indicateurs", "indicateurs", "acteurs",
)


def template_columns(key: str) -> list[str]:
    if key == "acteurs":
        return list(std.COLUMNS) + list(std.HUB_COLUMNS)
    return SPECS[key].columns


def template_frame(key: str, hub: TemplateHub | None = None) -> pd.DataFrame:
    """The template of `key`: the Breton hub's examples, or `hub`'s own (see TemplateHub)."""
    columns = template_columns(key)
    rows = EXAMPLES[key] if hub is None else [_for_hub(key, row, hub) for row in EXAMPLES[key]]
    return pd.DataFrame([{c: row.get(c, "") for c in columns} for row in rows], columns=columns)


@lru_cache(maxsize=64)
def template_csv(key: str, hub: TemplateHub | None = None) -> bytes:
    """UTF-8 with BOM (opens with its accents in Excel), `,`-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(template_columns(key))
    for row in template_frame(key, hub).itertuples(index=False):
        writer.writerow(list(row))
    return buffer.getvalue().encode("utf-8-sig")


@lru_cache(maxsize=64)
def template_xlsx(key: str, hub: TemplateHub | None = None) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        template_frame(key, hub).to_excel(writer, index=False, sheet_name=key[:31])
    return buffer.getvalue()
