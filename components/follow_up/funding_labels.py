"""French labels of the funding views (envelopes, zones, eligibility, fund-raising statuses)."""

from __future__ import annotations

from analytics.funding import money as fu
from loaders.config import HubConfig

UNSPECIFIED_ZONE = "Zone non précisée"
ELIGIBILITY_LABELS = {fu.ELIGIBLE: "Éligible", fu.TO_CHECK: "À vérifier", fu.OUTSIDE: "Hors zone (anomalie)"}
FUNDRAISING_LABELS = {"demandee": "En attente de décision", "obtenue": "Obtenue", "refusee": "Refusée"}
NATURE_LABELS = {"engagement": "Engagement", "depense": "Dépense"}
COFUNDING_LABEL = "Cofinancements"


def zone_labels(config: HubConfig) -> dict[str, str]:
    """The priority zones' names of this hub (hub.toml), for tables and charts."""
    return {**config.zone_labels, "non_precisee": UNSPECIFIED_ZONE}


def convention_envelopes(config: HubConfig) -> str:
    """'socle et territoires prioritaires': the envelopes of the hub's agreement (hub.toml)."""
    return " et ".join(e.label.split(" (")[0].lower() for e in config.envelopes)


def funder_mention(config: HubConfig) -> str:
    """'du financeur principal (Banque des Territoires)': no article to guess before a name."""
    return f"du financeur principal ({config.main_funder})" if config.main_funder else "du financeur principal"


def hub_funding_definition(config: HubConfig) -> str:
    envelopes = convention_envelopes(config)
    return (
        f"Financement du hub : la subvention {funder_mention(config)}, c'est-à-dire les enveloppes de la convention "
        f"({envelopes}) "
        "prévues sur toute la période ; les cofinancements en sont exclus."
    )


def envelope_labels(config: HubConfig) -> dict[str, str]:
    labels = {e.key: e.label for e in config.envelopes}
    labels[fu.PRIORITY_ENVELOPE] = labels.get(fu.PRIORITY_ENVELOPE, "Territoires prioritaires").split(" (")[0]
    labels["cofinancement"] = COFUNDING_LABEL
    return labels


def action_short_labels(config: HubConfig) -> dict[str, str]:
    """'A1 · Diagnostic, mise en réseau…' style labels, short enough for charts."""
    return {a.code: a.title for a in config.actions}
