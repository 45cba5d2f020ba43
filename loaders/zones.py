"""The priority zones: their codes in the files and the commune flags, and their French names.

The codes name the columns of the communes' reference table (`qpv`, `centre_bretagne`, `acv`)
and the values of `zone_prioritaire` in the movements. Their names are the hub's: the central
area is named by [zones_prioritaires.centre_bretagne] libelle of hub.toml (HubConfig.zone_labels
and zone_short_labels build on these), the others are national programmes.
"""

from __future__ import annotations

QPV = "qpv"
CENTRE = "centre_bretagne"  # the code keeps its historical name; its label comes from hub.toml
ACV = "acv"
ZONE_CODES = (QPV, CENTRE, ACV)

# Generic names (a hub's own label replaces the central area's).
LABELS = {QPV: "Quartiers prioritaires (QPV)", CENTRE: "Zone centrale", ACV: "Action Cœur de Ville"}
SHORT_LABELS = {QPV: "QPV", CENTRE: "zone centrale", ACV: "Action Cœur de Ville"}
# What a commune of the zone is, in the territories' tables.
COMMUNE_LABELS = {QPV: "Communes avec un QPV", CENTRE: "Zone centrale", ACV: "Action Cœur de Ville"}


def labels(centre_label: str) -> dict[str, str]:
    return {**LABELS, CENTRE: centre_label}


def short_labels(centre_label: str) -> dict[str, str]:
    return {**SHORT_LABELS, CENTRE: centre_label}
