"""Vocabulary of the national standard "lieux de médiation numérique" v1.

Source: LaMednum/standard-mediation-num, schema.json (v1, multi-values joined with `|`) and
its valid example; typology codes from data·inclusion's "typologies de structures".
"""

from __future__ import annotations

COLUMNS: tuple[str, ...] = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)
assert len(COLUMNS) == 32

# Columns of the hub added after the 32 of the standard.
HUB_COLUMNS: tuple[str, ...] = ("membre_reseau_depuis", "etp_mediateurs", "sources")

MULTI_VALUED: tuple[str, ...] = (
    "typologie",
    "courriels",
    "site_web",
    "itinerance",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
)

SERVICES: tuple[str, ...] = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)

# Short labels for charts and map legends.
SERVICE_SHORT: dict[str, str] = {
    "Aide aux démarches administratives": "Démarches administratives",
    "Maîtrise des outils numériques du quotidien": "Outils du quotidien",
    "Insertion professionnelle via le numérique": "Insertion professionnelle",
    "Utilisation sécurisée du numérique": "Sécurité numérique",
    "Parentalité et éducation avec le numérique": "Parentalité et éducation",
    "Loisirs et créations numériques": "Loisirs et création",
    "Compréhension du monde numérique": "Culture numérique",
    "Accès internet et matériel informatique": "Accès internet et matériel",
    "Acquisition de matériel informatique à prix solidaire": "Matériel à prix solidaire",
}

PUBLICS: tuple[str, ...] = ("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")

PRISE_EN_CHARGE: tuple[str, ...] = (
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)

FRAIS: tuple[str, ...] = ("Gratuit", "Gratuit sous condition", "Payant")

ITINERANCE: tuple[str, ...] = ("Itinérant", "Fixe")

PROGRAMMES: tuple[str, ...] = (
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
)

FORMATIONS_LABELS: tuple[str, ...] = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illetrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)

MODALITES_ACCES: tuple[str, ...] = (
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)

MODALITES_ACCOMPAGNEMENT: tuple[str, ...] = (
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
)

# data·inclusion "typologies de structures" (code -> label).
TYPOLOGIES: dict[str, str] = {
    "ACI": "Atelier et chantier d'insertion",
    "ACIPHC": "Atelier chantier d'insertion premières heures",
    "AFPA": "AFPA",
    "AI": "Association intermédiaire",
    "ASE": "Aide sociale à l'enfance",
    "ASSO": "Association",
    "ASSO_CHOMEUR": "Association de chômeurs",
    "AVIP": "Crèche à vocation d'insertion professionnelle",
    "Autre": "Autre",
    "BIB": "Bibliothèque / médiathèque",
    "CAARUD": "CAARUD",
    "CADA": "Centre d'accueil de demandeurs d'asile",
    "CAF": "Caisse d'allocations familiales",
    "CAP_EMPLOI": "Cap Emploi",
    "CAVA": "Centre d'adaptation à la vie active",
    "CC": "Communauté de communes",
    "CCAS": "Centre communal d'action sociale",
    "CCONS": "Chambre consulaire",
    "CD": "Conseil départemental",
    "CDAS": "Centre départemental d'action sociale",
    "CFP": "Centre des finances publiques",
    "CHRS": "Centre d'hébergement et de réinsertion sociale",
    "CHU": "Centre d'hébergement d'urgence",
    "CIAS": "Centre intercommunal d'action sociale",
    "CIDFF": "CIDFF",
    "CITMET": "Cité des métiers",
    "CMP": "Centre médico-psychologique",
    "CMS": "Centre médico-social",
    "CPAM": "CPAM",
    "CPH": "Centre provisoire d'hébergement",
    "CS": "Centre social",
    "CSAPA": "CSAPA",
    "CSC": "Centre socio-culturel",
    "DEETS": "DEETS",
    "DEPT": "Services sociaux du département",
    "DIPLP": "DIPLP",
    "E2C": "École de la 2e chance",
    "EA": "Entreprise adaptée",
    "EATT": "Entreprise adaptée de travail temporaire",
    "EI": "Entreprise d'insertion",
    "EITI": "Entreprise d'insertion par le travail indépendant",
    "ENM": "Espace numérique mobile",
    "EPCI": "Intercommunalité",
    "EPI": "Espace public internet",
    "EPIDE": "EPIDE",
    "EPN": "Espace public numérique",
    "ES": "Épicerie solidaire",
    "ESS": "Entreprise de l'économie sociale et solidaire",
    "ETABL_PRI": "Établissement privé",
    "ETABL_PUB": "Établissement public",
    "ETAT": "Service de l'État",
    "ETTI": "Entreprise de travail temporaire d'insertion",
    "EVS": "Espace de vie sociale",
    "FABLAB": "Fablab / atelier partagé",
    "FAIS": "Fédération d'acteurs de l'insertion",
    "FT": "France Travail",
    "GEIQ": "GEIQ",
    "HUDA": "Hébergement d'urgence pour demandeurs d'asile",
    "LA_POSTE": "Bureau de poste / agence postale",
    "MDE": "Maison de l'emploi",
    "MDEF": "Maison de l'emploi et de la formation",
    "MDPH": "MDPH",
    "MDS": "Maison départementale des solidarités",
    "MJC": "Maison des jeunes et de la culture",
    "ML": "Mission locale",
    "MQ": "Maison de quartier",
    "MSA": "Mutualité sociale agricole",
    "MSAP": "Maison de services au public",
    "MUNI": "Mairie / commune",
    "OACAS": "OACAS",
    "ODC": "Organisation délégataire d'un CD",
    "OF": "Organisme de formation",
    "OIL": "Opérateur d'intermédiation locative",
    "OPCS": "Organisation porteuse de la clause sociale",
    "PAD": "Point d'accès au droit",
    "PE": "Pôle emploi",
    "PENSION": "Pension de famille",
    "PI": "Point information",
    "PIJ_BIJ": "Point / bureau information jeunesse",
    "PIMMS": "PIMMS",
    "PJJ": "Protection judiciaire de la jeunesse",
    "PLIE": "PLIE",
    "PREF": "Préfecture / sous-préfecture",
    "PREVENTION": "Service ou club de prévention",
    "REG": "Région",
    "RESSOURCERIE": "Ressourcerie",
    "RFS": "France Services",
    "RS_FJT": "Résidence sociale / FJT",
    "SCP": "Service et club de prévention",
    "SPIP": "SPIP",
    "TIERS_LIEUX": "Tiers-lieu / coworking",
    "UDAF": "UDAF",
}

# Families of typologies for map colours and charts (first matching code wins).
FAMILIES: dict[str, tuple[str, ...]] = {
    "Centres sociaux et EVS": ("CS", "CSC", "EVS", "MQ", "MJC"),
    "Bibliothèques et médiathèques": ("BIB",),
    "France Services et services publics": (
        "RFS",
        "MSAP",
        "MUNI",
        "CCAS",
        "CIAS",
        "CDAS",
        "MDS",
        "DEPT",
        "CD",
        "CC",
        "EPCI",
        "CAF",
        "CPAM",
        "MSA",
        "FT",
        "PE",
        "LA_POSTE",
        "PREF",
        "ETAT",
        "REG",
        "CFP",
        "PAD",
        "PIMMS",
    ),
    "Espaces numériques et tiers-lieux": ("EPN", "EPI", "ENM", "TIERS_LIEUX", "FABLAB"),
    "Associations et insertion": (
        "ASSO",
        "ASSO_CHOMEUR",
        "ACI",
        "AI",
        "EI",
        "ETTI",
        "ML",
        "PIJ_BIJ",
        "OF",
        "E2C",
        "RESSOURCERIE",
        "ESS",
    ),
}
OTHER_FAMILY = "Autres"
FAMILY_ORDER: tuple[str, ...] = tuple(FAMILIES) + (OTHER_FAMILY,)

_FAMILY_OF = {code: family for family, codes in FAMILIES.items() for code in codes}


def family_of(typologies: list[str] | tuple[str, ...]) -> str:
    """The family of the first typology that belongs to one, else 'Autres'."""
    for code in typologies or ():
        family = _FAMILY_OF.get(code)
        if family:
            return family
    return OTHER_FAMILY


# Placeholder pivots that mean "unknown" in real files.
PLACEHOLDER_PIVOTS = frozenset({"00000000000000", "0", "000000000", ""})
