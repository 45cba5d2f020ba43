"""Readers of the real national lists of actors, mapped onto the actors frame of `load_actors`.

One module per list: France Services sites (two formats), structures employing Conseillers
numériques, Aidants Connect structures. Every reader returns a `LoadResult` whose frame has
exactly the columns and dtypes of `load_actors`'s, with its provenance (`source`, `sources`,
a stable `id` per row of the list) and the list's vintage as `date_maj`.
"""

from loaders.sources.aidants_connect import read_aidants_connect
from loaders.sources.common import (
    AIDANTS_CONNECT,
    CONSEILLERS_NUMERIQUES,
    FRANCE_SERVICES,
    FRANCE_SERVICES_DETAILED,
    NATIONAL_LISTS,
    fill_coordinates_from_communes,
    national_list,
)
from loaders.sources.conseillers_numeriques import read_conseillers_numeriques
from loaders.sources.detection import ACTOR_SOURCES, FORMAT_LABELS, ActorSource, detect_actor_source, read_actor_file
from loaders.sources.france_services import read_france_services

__all__ = [
    "ACTOR_SOURCES",
    "ActorSource",
    "AIDANTS_CONNECT",
    "CONSEILLERS_NUMERIQUES",
    "FORMAT_LABELS",
    "FRANCE_SERVICES",
    "FRANCE_SERVICES_DETAILED",
    "NATIONAL_LISTS",
    "detect_actor_source",
    "fill_coordinates_from_communes",
    "national_list",
    "read_actor_file",
    "read_aidants_connect",
    "read_conseillers_numeriques",
    "read_france_services",
]
