"""Unknown is not missing: which places describe which multi-valued field of the standard.

One definition, used by coverage, the territory profile and the map's filters:

- a place describes a multi-valued field of the national standard (services, publics, prises en
  charge, frais, modalités…; `loaders.lieux_standard.MULTI_VALUED`) when its list is not empty;
  an empty list is "non renseigné", never "no";
- for `services`, a place also needs at least one source that describes its services. The
  national lists (France Services, Conseillers numériques, Aidants Connect) do not: the services
  their readers put in the list are the ones the programme implies (a France Services helps with
  administrative procedures), so what they list is offered, and what they do not list is
  unknown. A place merged with a source that describes its services (the hub's registry, a file
  in the standard's format) describes them.

So, for one value of a field (one service, one public…), a place is in one of three states:
`oui` (the value is in its list), `non` (it describes the field and the value is not in its
list) or `non_renseigne` (it does not describe the field and the value is not in its list).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.quality.data_quality import filled
from loaders.lieux_standard import MULTI_VALUED
from loaders.sources.common import NATIONAL_LISTS

YES, NO, UNKNOWN = "oui", "non", "non_renseigne"

# field -> the sources whose values for that field are only implied, not a description.
IMPLIED_ONLY: dict[str, frozenset[str]] = {"services": frozenset(NATIONAL_LISTS)}

# How a field is named in sentences ("services inconnus pour…", "publics non renseignés…").
FIELD_NAMES: dict[str, str] = {
    "typologie": "typologie",
    "courriels": "courriels",
    "site_web": "site web",
    "itinerance": "itinérance",
    "services": "services",
    "publics_specifiquement_adresses": "publics spécifiquement accueillis",
    "prise_en_charge_specifique": "prises en charge spécifiques",
    "frais_a_charge": "frais à charge",
    "dispositif_programmes_nationaux": "dispositifs nationaux",
    "formations_labels": "formations et labels",
    "autres_formations_labels": "autres formations et labels",
    "modalites_acces": "modalités d'accès",
    "modalites_accompagnement": "modalités d'accompagnement",
}
assert set(FIELD_NAMES) == set(MULTI_VALUED)


def _sources(actors: pd.DataFrame) -> pd.Series:
    if "sources" not in actors:
        return pd.Series([()] * len(actors), index=actors.index, dtype=object)
    return actors["sources"].map(lambda v: tuple(v) if isinstance(v, (list, tuple, np.ndarray)) else ())


def describes(actors: pd.DataFrame, field: str) -> pd.Series:
    """Boolean Series (index of `actors`): the place describes `field` (see the module)."""
    if field not in MULTI_VALUED:
        raise ValueError(f"champ à valeurs multiples inconnu : {field}")
    if field not in actors:
        return pd.Series(False, index=actors.index)
    out = filled(actors[field])
    implied = IMPLIED_ONLY.get(field)
    if implied:
        # Sources unknown (no `sources`): the list is taken as the description it claims to be.
        out &= _sources(actors).map(lambda s: not s or any(x not in implied for x in s)).astype(bool)
    return out.astype(bool)


def lists_value(values: pd.Series, value: str) -> np.ndarray:
    """Boolean array: the place's list (services, publics…) contains `value`."""
    return np.fromiter(
        (isinstance(v, (list, tuple, set, np.ndarray)) and value in v for v in values),
        dtype=bool,
        count=len(values),
    )


def value_state(actors: pd.DataFrame, field: str, value: str) -> pd.Series:
    """`oui`, `non` or `non_renseigne` per place, for one value of a field."""
    yes = lists_value(actors[field], value) if field in actors else np.zeros(len(actors), dtype=bool)
    known = describes(actors, field).to_numpy()
    return pd.Series(np.where(yes, YES, np.where(known, NO, UNKNOWN)), index=actors.index)


def undescribed_count(actors: pd.DataFrame, field: str) -> int:
    """How many places do not describe `field`."""
    return int((~describes(actors, field)).sum())


def field_knowledge(actors: pd.DataFrame, fields=MULTI_VALUED) -> pd.DataFrame:
    """One row per field: champ, libelle, lieux, renseignes, non_renseignes."""
    rows = []
    for field in fields:
        known = int(describes(actors, field).sum())
        rows.append(
            {
                "champ": field,
                "libelle": FIELD_NAMES[field],
                "lieux": len(actors),
                "renseignes": known,
                "non_renseignes": len(actors) - known,
            }
        )
    return pd.DataFrame(rows, columns=["champ", "libelle", "lieux", "renseignes", "non_renseignes"])


def in_region(actors: pd.DataFrame) -> pd.DataFrame:
    """The places of the region (`hors_region` False or absent)."""
    if "hors_region" not in actors:
        return actors
    return actors[~actors["hors_region"].fillna(False).astype(bool)]
