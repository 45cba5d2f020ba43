"""Which actors format a file is in, from its header; and reading a file in whichever it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from loaders.actors import load_actors
from loaders.dataset_spec import _normalise_header
from loaders.problems import LoadResult, Problem
from loaders.schemas import ACTEURS
from loaders.sources.aidants_connect import read_aidants_connect
from loaders.sources.common import fold, read_source_table, unreadable
from loaders.sources.conseillers_numeriques import read_conseillers_numeriques
from loaders.sources.france_services import read_france_services
from loaders.territories import Territories

STANDARD = "standard"
FRANCE_SERVICES_SHORT = "france_services"
FRANCE_SERVICES_LONG = "france_services_detaille"
CONSEILLERS = "conseillers_numeriques"
AIDANTS = "aidants_connect"

# What the import page shows for each format.
FORMAT_LABELS: dict[str, str] = {
    STANDARD: "Standard national des lieux de médiation numérique (v1)",
    FRANCE_SERVICES_SHORT: "Liste des France services (ANCT, format court)",
    FRANCE_SERVICES_LONG: "Liste des France services (ANCT, format détaillé)",
    CONSEILLERS: "Structures employant des conseillers numériques (ANCT)",
    AIDANTS: "Structures Aidants Connect (ANCT)",
}

_SIGNATURES: tuple[tuple[str, frozenset[str]], ...] = (
    (FRANCE_SERVICES_LONG, frozenset({"id fs", "lib fs", "insee com", "adresse", "mail", "telephone"})),
    (FRANCE_SERVICES_SHORT, frozenset({"id fs", "lib fs", "insee com", "format fs"})),
    (
        CONSEILLERS,
        frozenset({"raison sociale", "siret", "code commune insee", "nombre de conseillers valides par le coselec"}),
    ),
    (AIDANTS, frozenset({"name", "siret", "city insee code", "nombre d aidants"})),
)


def detect_actor_source(columns) -> str | None:
    """The format of an actors file from its column names, or None when none fits.

    Recognised: the national standard (its required columns `id, nom, commune, adresse`), the
    France Services list (short and detailed formats), the Conseillers numériques structures
    and the Aidants Connect structures. Case, accents, spaces, a BOM and `→` do not matter.
    """
    names = [str(c).lstrip("\ufeff").strip() for c in columns]
    folded = {fold(c) for c in names}
    for kind, signature in _SIGNATURES:
        if signature <= folded:
            return kind
    standard = {_normalise_header(c) for c in names}
    if set(ACTEURS.required_columns) <= standard:
        return STANDARD
    return None


def read_actor_file(
    source: str | Path | bytes,
    territories: Territories,
    file_name: str | None = None,
    kind: str | None = None,
    vintage: dt.date | None = None,
) -> LoadResult:
    """Read an actors file with the reader its header calls for (or the one `kind` names).

    `meta["format_source"]` says which format was used. A file in no known format gives an
    error naming the formats expected.
    """
    name = file_name or (Path(source).name if isinstance(source, (str, Path)) else "fichier")
    if kind is None:
        read = read_source_table(source, name)
        if read.frame is None:
            return unreadable(read, name, "", "")
        kind = detect_actor_source(read.frame.columns)
        if kind is None:
            found = ", ".join(str(c) for c in read.frame.columns if c != "_ligne")
            expected = " ; ".join(FORMAT_LABELS.values())
            problem = Problem(
                name,
                f"format de fichier d'acteurs non reconnu (colonnes trouvées : {found}). Formats reconnus : {expected}",
            )
            return unreadable(read, name, "", "", [problem])
    if kind == STANDARD:
        result = load_actors(source, territories, file_name=name)
        result.meta["format_source"] = STANDARD
        return result
    readers = {
        FRANCE_SERVICES_SHORT: read_france_services,
        FRANCE_SERVICES_LONG: read_france_services,
        CONSEILLERS: read_conseillers_numeriques,
        AIDANTS: read_aidants_connect,
    }
    if kind not in readers:
        raise ValueError(f"unknown actors format {kind!r}")
    return readers[kind](source, territories, file_name=name, vintage=vintage)


@dataclass(frozen=True)
class ActorSource:
    """One actors format the import page can offer: key, French label, reader, header test."""

    key: str
    label: str

    def read(
        self,
        source: str | Path | bytes,
        territories: Territories,
        file_name: str | None = None,
        vintage: dt.date | None = None,
    ) -> LoadResult:
        return read_actor_file(source, territories, file_name=file_name, kind=self.key, vintage=vintage)

    def matches(self, columns) -> bool:
        return detect_actor_source(columns) == self.key


ACTOR_SOURCES: dict[str, ActorSource] = {key: ActorSource(key, label) for key, label in FORMAT_LABELS.items()}
