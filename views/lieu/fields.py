"""The French names of the standard's fields and of the hub's, as the place's page shows them."""

from __future__ import annotations

FIELD_LABELS = {
    "id": "Identifiant",
    "pivot": "SIRET ou RNA",
    "nom": "Nom",
    "commune": "Commune",
    "code_postal": "Code postal",
    "code_insee": "Code INSEE de la commune",
    "adresse": "Adresse",
    "complement_adresse": "Complément d'adresse",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "typologie": "Typologie de la structure",
    "telephone": "Téléphone",
    "courriels": "Courriels",
    "site_web": "Site web",
    "horaires": "Horaires d'ouverture",
    "presentation_resume": "Présentation (résumé)",
    "presentation_detail": "Présentation (détail)",
    "source": "Structure collectant la donnée",
    "itinerance": "Itinérance",
    "structure_parente": "Structure parente",
    "date_maj": "Date de mise à jour",
    "services": "Services",
    "publics_specifiquement_adresses": "Publics spécifiquement adressés",
    "prise_en_charge_specifique": "Prise en charge spécifique",
    "frais_a_charge": "Frais à charge",
    "dispositif_programmes_nationaux": "Dispositifs et programmes nationaux",
    "formations_labels": "Formations et labels",
    "autres_formations_labels": "Autres formations et labels",
    "modalites_acces": "Modalités d'accès",
    "modalites_accompagnement": "Modalités d'accompagnement",
    "fiche_acces_libre": "Fiche Acceslibre (accessibilité)",
    "prise_rdv": "Prise de rendez-vous en ligne",
    "membre_reseau_depuis": "Membre du réseau du hub depuis",
    "etp_mediateurs": "Médiateurs numériques (ETP)",
    "sources": "Sources",
    "mention_qpv": "Mention QPV",
    "mention_zrr": "Mention ZRR",
    "fictif": "Donnée fictive",
}


def field_label(column: str) -> str:
    return FIELD_LABELS.get(column, column)
