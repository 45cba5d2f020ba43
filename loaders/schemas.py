"""Every dataset of the hub, declared once (see docs/formats.md for the French description).

The declarations drive the column check, the typing of every cell and the pandera schema
(`DatasetSpec.pandera_schema`) that each load validates against.
"""

from __future__ import annotations

from loaders import lieux_standard as std
from loaders.activity_measures import BREAKDOWNS, MEASURES, PERIOD_PATTERN
from loaders.dataset_spec import DatasetSpec, Field, Reference
from loaders.provenance import FAMILY_ACTIVITY, FAMILY_ACTORS, FAMILY_FOLLOW_UP, FAMILY_FUNDING, FAMILY_INDICATORS
from loaders.territory_levels import CODE_INSEE_PATTERN, LEVELS, TERRITORY_CODE_PATTERN
from loaders.zones import ZONE_CODES

DIRECTIONS = ("plus_est_pire", "plus_est_mieux")
ENVELOPE_COFUNDING = "cofinancement"
CATEGORIES = (
    "Personnel",
    "Prestations",
    "Déplacements",
    "Événements",
    "Communication",
    "Équipement",
    "Soutien aux expérimentations",
    "Frais de structure",
)
MOVEMENT_KINDS = ("engagement", "depense")
ZONE_TYPES = ZONE_CODES
FUNDRAISING_STATUSES = ("demandee", "obtenue", "refusee")
MILESTONE_STATUSES = ("a_venir", "en_cours", "atteint", "abandonne")
EVENT_TYPES = ("rencontre_reseau", "atelier", "formation", "webinaire", "groupe_travail")
EXPERIMENT_STATUSES = ("proposee", "en_cours", "terminee", "abandonnee")
# The figures a follow-up indicator can be computed from (kpis.csv `calcul`), defined in
# analytics/impact/figures.py (COMPUTATIONS): a computed indicator shows the pages' own number.
KPI_COMPUTATIONS = (
    "membres",
    "evenements",
    "participants",
    "acteurs_touches",
    "lieux",
    "fiches_completes",
    "fiches_a_jour",
    "sources",
    "experimentations",
    "epci_experimentation",
    "fonds_leves",
)

ACTEURS = DatasetSpec(
    key="acteurs",
    max_rows=50_000,
    label="Acteurs (lieux de médiation numérique)",
    fields=(
        Field("id", "code", required=True, unique=True, label="Identifiant unique local du lieu"),
        Field("pivot", "code", label="SIRET ou RNA"),
        Field("nom", "text", required=True, label="Nom"),
        Field("commune", "text", required=True, label="Commune"),
        Field("code_postal", "code", label="Code postal"),
        Field("code_insee", "code", label="Code INSEE"),
        Field("adresse", "text", required=True, label="Adresse"),
        Field("complement_adresse", "text"),
        Field("latitude", "number", soft=True, minimum=-90, maximum=90, label="Latitude"),
        Field("longitude", "number", soft=True, minimum=-180, maximum=180, label="Longitude"),
        Field("typologie", "multi", choices=tuple(std.TYPOLOGIES), lenient=True, label="Typologie"),
        Field("telephone", "text"),
        Field("courriels", "multi"),
        Field("site_web", "multi"),
        Field("horaires", "text"),
        Field("presentation_resume", "text"),
        Field("presentation_detail", "text"),
        Field("source", "text", label="Structure collectant la donnée"),
        Field("itinerance", "multi", choices=std.ITINERANCE, lenient=True),
        Field("structure_parente", "text"),
        # Required by the standard, but a missing date must not lose the place: actors.py warns.
        Field("date_maj", "date", soft=True, label="Date de mise à jour"),
        # Required by the standard, but a place without services is kept: actors.py warns.
        Field("services", "multi", choices=std.SERVICES, lenient=True, label="Services"),
        Field("publics_specifiquement_adresses", "multi", choices=std.PUBLICS, lenient=True),
        Field("prise_en_charge_specifique", "multi", choices=std.PRISE_EN_CHARGE, lenient=True),
        Field("frais_a_charge", "multi", choices=std.FRAIS, lenient=True),
        Field("dispositif_programmes_nationaux", "multi", choices=std.PROGRAMMES, lenient=True),
        Field("formations_labels", "multi", choices=std.FORMATIONS_LABELS, lenient=True),
        Field("autres_formations_labels", "multi"),
        Field("modalites_acces", "multi", choices=std.MODALITES_ACCES, lenient=True),
        Field("modalites_accompagnement", "multi", choices=std.MODALITES_ACCOMPAGNEMENT, lenient=True),
        Field("fiche_acces_libre", "text"),
        Field("prise_rdv", "text"),
        Field("membre_reseau_depuis", "date", soft=True, label="Membre du réseau depuis"),
        Field("etp_mediateurs", "number", soft=True, minimum=0, maximum=100, label="Médiateurs (ETP)"),
        Field("sources", "multi", label="Sources"),
    ),
    family=FAMILY_ACTORS,
    id_columns=("id",),
    bundle_field="actors",
    examples=(
        {
            "id": "hub-0001",
            "nom": "Médiathèque de Plouguerneau",
            "commune": "Plouguerneau",
            "code_postal": "29880",
            "code_insee": "29195",
            "adresse": "1 rue de la Mairie",
            "latitude": "48.6045",
            "longitude": "-4.5047",
            "typologie": "BIB",
            "date_maj": "2024-03-01",
            "services": "Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique",
            "source": "Hub breton",
            "sources": "Recensement hub",
        },
    ),
)

INDICATEURS = DatasetSpec(
    key="indicateurs",
    max_rows=300_000,
    label="Indicateurs territoriaux",
    fields=(
        Field("niveau", "enum", required=True, choices=LEVELS),
        Field("code", "code", required=True),
        Field("indicateur", "code", required=True),
        Field("periode", "code", required=True, pattern=r"^\d{4}(-\d{2})?$"),
        Field("valeur", "number", required=True),
        # Optional: the value's source when it is not the catalogue's, and a fictitious mark.
        Field("source", "text", label="Source de la valeur"),
        Field("fictif", "bool", label="Valeur fictive"),
    ),
    family=FAMILY_INDICATORS,
    id_columns=("niveau", "code", "indicateur", "periode"),
    bundle_field="indicators",
    references=(Reference("indicateur", "catalogue_indicateurs", "id"),),
    examples=(
        {"niveau": "commune", "code": "29019", "indicateur": "ifn_total", "periode": "2023", "valeur": "5.1"},
        {"niveau": "epci", "code": "242900314", "indicateur": "ifn_total", "periode": "2023", "valeur": "4.8"},
    ),
)

CATALOGUE_INDICATEURS = DatasetSpec(
    key="catalogue_indicateurs",
    max_rows=1_000,
    label="Catalogue des indicateurs",
    fields=(
        Field("id", "code", required=True, unique=True),
        Field("libelle", "text", required=True),
        Field("unite", "text", required=True),
        Field("sens", "enum", required=True, choices=DIRECTIONS),
        Field("source", "text", required=True),
        Field("millesime", "code", required=True),
        Field("description", "text"),
        Field("min", "number"),
        Field("max", "number"),
    ),
    family=FAMILY_INDICATORS,
    id_columns=("id",),
    bundle_field="catalogue",
    examples=(
        {
            "id": "lieux_pour_10000",
            "libelle": "Lieux de médiation pour 10 000 habitants",
            "unite": "lieux pour 10 000 hab.",
            "sens": "plus_est_mieux",
            "source": "Hub breton",
            "millesime": "2024",
            "description": "",
            "min": "",
            "max": "",
        },
    ),
)

LIGNES_BUDGET = DatasetSpec(
    key="lignes_budget",
    max_rows=5_000,
    label="Lignes de budget",
    fields=(
        Field("id_ligne", "code", required=True, unique=True),
        Field("action", "code", required=True),
        Field("categorie", "enum", required=True, choices=CATEGORIES),
        Field("enveloppe", "code", required=True),
        Field("financeur", "text", required=True),
        Field("libelle", "text", required=True),
        Field("montant_prevu", "money", required=True, minimum=0),
    ),
    family=FAMILY_FUNDING,
    id_columns=("id_ligne",),
    bundle_field="budget_lines",
    examples=(
        {
            "id_ligne": "A1-01",
            "action": "A1",
            "categorie": "Personnel",
            "enveloppe": "socle",
            "financeur": "Banque des Territoires",
            "libelle": "Chargé·e de projets animation du réseau (0,6 ETP)",
            "montant_prevu": "37800.00",
        },
        {
            "id_ligne": "A3-01",
            "action": "A3",
            "categorie": "Soutien aux expérimentations",
            "enveloppe": "territoires_prioritaires",
            "financeur": "Banque des Territoires",
            "libelle": "Soutien aux expérimentations en QPV",
            "montant_prevu": "25000.00",
        },
    ),
)

MOUVEMENTS = DatasetSpec(
    key="mouvements",
    max_rows=100_000,
    label="Engagements et dépenses",
    fields=(
        Field("id_mouvement", "code", required=True, unique=True),
        Field("date", "date", required=True),
        Field("id_ligne", "code", required=True),
        Field("nature", "enum", required=True, choices=MOVEMENT_KINDS),
        Field("montant", "money", required=True, minimum=0),
        Field("code_territoire", "code", pattern=TERRITORY_CODE_PATTERN),
        Field("zone_prioritaire", "enum", choices=ZONE_TYPES),
        Field("beneficiaire", "text"),
        Field("libelle", "text"),
    ),
    family=FAMILY_FUNDING,
    id_columns=("id_mouvement",),
    bundle_field="movements",
    references=(Reference("id_ligne", "lignes_budget", "id_ligne"),),
    examples=(
        {
            "id_mouvement": "MVT-0001",
            "date": "2022-05-12",
            "id_ligne": "A1-01",
            "nature": "engagement",
            "montant": "12600.00",
            "code_territoire": "35238",
            "zone_prioritaire": "",
            "beneficiaire": "Fédération des Centres Sociaux de Bretagne",
            "libelle": "Contrat de travail",
        },
        {
            "id_mouvement": "MVT-0002",
            "date": "2022-06-01",
            "id_ligne": "A3-01",
            "nature": "engagement",
            "montant": "2 500,00",
            "code_territoire": "29019",
            "zone_prioritaire": "qpv",
            "beneficiaire": "Centre social de Bellevue",
            "libelle": "Permanences numériques",
        },
        {
            "id_mouvement": "MVT-0003",
            "date": "2022-06-30",
            "id_ligne": "A3-01",
            "nature": "depense",
            "montant": "2 500,00",
            "code_territoire": "29019",
            "zone_prioritaire": "qpv",
            "beneficiaire": "Centre social de Bellevue",
            "libelle": "Permanences numériques",
        },
    ),
)

LEVEES_FONDS = DatasetSpec(
    key="levees_fonds",
    max_rows=10_000,
    label="Levées de fonds",
    fields=(
        Field("id_levee", "code", required=True, unique=True),
        Field("financeur", "text", required=True),
        Field("programme", "text", required=True),
        Field("porteur", "text", required=True),
        Field("statut", "enum", required=True, choices=FUNDRAISING_STATUSES),
        Field("montant_demande", "money", required=True, minimum=0),
        Field("montant_obtenu", "money", minimum=0),
        Field("date_depot", "date", required=True),
        Field("date_decision", "date"),
        Field("code_territoire", "code", pattern=TERRITORY_CODE_PATTERN),
    ),
    family=FAMILY_FUNDING,
    id_columns=("id_levee",),
    bundle_field="fundraising",
    examples=(
        {
            "id_levee": "LF-001",
            "financeur": "CAF",
            "programme": "Fonds publics et territoires",
            "porteur": "Centre socioculturel d'Auray",
            "statut": "obtenue",
            "montant_demande": "20500.00",
            "montant_obtenu": "15200.00",
            "date_depot": "2022-09-07",
            "date_decision": "2023-01-20",
            "code_territoire": "56007",
        },
    ),
)

JALONS = DatasetSpec(
    key="jalons",
    max_rows=2_000,
    label="Jalons",
    fields=(
        Field("id_jalon", "code", required=True, unique=True),
        Field("action", "code", required=True),
        Field("titre", "text", required=True),
        Field("date_prevue", "date", required=True),
        Field("date_reelle", "date"),
        Field("statut", "enum", choices=MILESTONE_STATUSES),
    ),
    family=FAMILY_FOLLOW_UP,
    id_columns=("id_jalon",),
    bundle_field="milestones",
    examples=(
        {
            "id_jalon": "J01",
            "action": "GESTION",
            "titre": "Lancement officiel du hub",
            "date_prevue": "2022-04-26",
            "date_reelle": "2022-04-26",
            "statut": "atteint",
        },
        {
            "id_jalon": "J02",
            "action": "A2",
            "titre": "Première version de la base régionale",
            "date_prevue": "2022-12-15",
            "date_reelle": "",
            "statut": "en_cours",
        },
    ),
)

KPIS = DatasetSpec(
    key="kpis",
    max_rows=1_000,
    label="Indicateurs de suivi",
    fields=(
        Field("id_kpi", "code", required=True, unique=True),
        Field("action", "code", required=True),
        Field("libelle", "text", required=True),
        Field("unite", "text", required=True),
        Field("valeur_initiale", "number", required=True),
        Field("cible_m6", "number"),
        Field("cible_m12", "number"),
        Field("cible_m18", "number", required=True),
        Field("sens", "enum", choices=DIRECTIONS),
        Field("calcul", "enum", choices=KPI_COMPUTATIONS, label="Calculé à partir des données"),
    ),
    family=FAMILY_FOLLOW_UP,
    id_columns=("id_kpi",),
    bundle_field="kpis",
    examples=(
        {
            "id_kpi": "A1-K1",
            "action": "A1",
            "libelle": "Acteurs membres du réseau",
            "unite": "acteurs",
            "valeur_initiale": "61",
            "cible_m6": "120",
            "cible_m12": "200",
            "cible_m18": "300",
            "sens": "plus_est_mieux",
            "calcul": "membres",
        },
        {
            "id_kpi": "A1-K5",
            "action": "A1",
            "libelle": "Participants satisfaits des rencontres (enquêtes)",
            "unite": "%",
            "valeur_initiale": "71",
            "cible_m6": "75",
            "cible_m12": "80",
            "cible_m18": "85",
            "sens": "plus_est_mieux",
            "calcul": "",
        },
    ),
)

MESURES_KPI = DatasetSpec(
    key="mesures_kpi",
    max_rows=50_000,
    label="Mesures des indicateurs de suivi",
    fields=(
        Field("id_kpi", "code", required=True),
        Field("date", "date", required=True),
        Field("valeur", "number", required=True),
        Field("commentaire", "text"),
    ),
    family=FAMILY_FOLLOW_UP,
    id_columns=("id_kpi", "date"),
    bundle_field="kpi_measures",
    references=(Reference("id_kpi", "kpis", "id_kpi"),),
    examples=(
        {"id_kpi": "A1-K5", "date": "2022-07-31", "valeur": "73.5", "commentaire": "Enquête du trimestre"},
        {"id_kpi": "A1-K5", "date": "2022-10-31", "valeur": "76", "commentaire": ""},
    ),
)

EVENEMENTS = DatasetSpec(
    key="evenements",
    max_rows=20_000,
    label="Événements du réseau",
    fields=(
        Field("id_evenement", "code", required=True, unique=True),
        Field("date", "date", required=True),
        Field("type", "enum", required=True, choices=EVENT_TYPES),
        Field("titre", "text", required=True),
        Field("code_insee", "code", required=True, pattern=CODE_INSEE_PATTERN),
        Field("participants", "integer", minimum=0),
        Field("acteurs_presents", "multi"),
        Field("action", "code"),
    ),
    family=FAMILY_FOLLOW_UP,
    id_columns=("id_evenement",),
    bundle_field="events",
    references=(Reference("acteurs_presents", "acteurs", "id", soft=True),),
    examples=(
        {
            "id_evenement": "EV-001",
            "date": "2022-04-26",
            "type": "rencontre_reseau",
            "titre": "Lancement du hub",
            "code_insee": "35238",
            "participants": "152",
            "acteurs_presents": "",
            "action": "A1",
        },
    ),
)

EXPERIMENTATIONS = DatasetSpec(
    key="experimentations",
    max_rows=5_000,
    label="Expérimentations soutenues",
    fields=(
        Field("id_experimentation", "code", required=True, unique=True),
        Field("titre", "text", required=True),
        Field("porteur", "text", required=True),
        Field("code_territoire", "code", required=True, pattern=TERRITORY_CODE_PATTERN),
        Field("theme", "text", required=True),
        Field("date_debut", "date", required=True),
        Field("date_fin", "date"),
        Field("statut", "enum", required=True, choices=EXPERIMENT_STATUSES),
        Field("financement_hub", "money", minimum=0),
        Field("cofinancement", "money", minimum=0),
        Field("resultats", "text"),
        Field("beneficiaires", "integer", minimum=0, label="Personnes accompagnées déclarées par l'expérimentation"),
    ),
    family=FAMILY_FOLLOW_UP,
    id_columns=("id_experimentation",),
    bundle_field="experiments",
    examples=(
        {
            "id_experimentation": "E01",
            "titre": "Permanences numériques au cœur du quartier",
            "porteur": "Centre social de Bellevue",
            "code_territoire": "29019",
            "theme": "Médiation numérique en QPV",
            "date_debut": "2022-11-21",
            "date_fin": "2023-06-30",
            "statut": "terminee",
            "financement_hub": "5000.00",
            "cofinancement": "12000.00",
            "resultats": "180 habitants accompagnés",
        },
    ),
)

ACTIVITE = DatasetSpec(
    key="activite",
    label="Activité : personnes accompagnées",
    fields=(
        Field("niveau", "enum", required=True, choices=LEVELS),
        Field("code", "code", required=True),
        Field("periode", "code", required=True, pattern=PERIOD_PATTERN, label="Période"),
        Field("mesure", "enum", required=True, choices=tuple(MEASURES), label="Mesure"),
        # Empty = the total (filled by loaders/activity.py).
        Field("ventilation", "enum", choices=tuple(BREAKDOWNS), label="Ventilation"),
        Field("categorie", "code", label="Catégorie de la ventilation"),
        Field("valeur", "number", required=True, minimum=0),
        Field("source", "text", required=True, label="Source"),
        Field("millesime", "code", label="Millésime de la source"),
        Field("libelle", "text", label="Libellé de la catégorie (hors vocabulaire du hub)"),
        # Values spread from postal codes: the codes they come from.
        Field("codes_postaux", "multi", label="Codes postaux d'origine"),
        Field("fictif", "bool", label="Valeur fictive"),
    ),
    family=FAMILY_ACTIVITY,
    # Long format: a value per territory, period, measure and category (the CRA of Bretagne alone
    # gives about 11,000; a region of 4,500 communes about 40,000).
    max_rows=300_000,
    id_columns=("niveau", "code", "periode", "mesure", "ventilation", "categorie", "source"),
    bundle_field="activity",
    examples=(
        {
            "niveau": "commune",
            "code": "29019",
            "periode": "2023",
            "mesure": "accompagnements",
            "ventilation": "total",
            "categorie": "total",
            "valeur": "1250",
            "source": "Recensement du hub",
            "millesime": "2024-01-15",
        },
        {
            "niveau": "commune",
            "code": "29019",
            "periode": "2023",
            "mesure": "accompagnements",
            "ventilation": "tranche_age",
            "categorie": "plus_60_ans",
            "valeur": "610",
            "source": "Recensement du hub",
            "millesime": "2024-01-15",
        },
    ),
)

SPECS: dict[str, DatasetSpec] = {  # in the order the interface lists them
    spec.key: spec
    for spec in (
        ACTEURS,
        CATALOGUE_INDICATEURS,
        INDICATEURS,
        ACTIVITE,
        LIGNES_BUDGET,
        MOUVEMENTS,
        LEVEES_FONDS,
        JALONS,
        KPIS,
        MESURES_KPI,
        EVENEMENTS,
        EXPERIMENTATIONS,
    )
}
