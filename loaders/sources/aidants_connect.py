"""The national list of Aidants Connect structures (ANCT).

Headers: `Name, ID, UUID, Is Active, City Insee Code, Address, Zip Code, Siret, France
Services Label, City, Nombre d'aidants, Question … → Nombre …` (usage counts by theme).

Mapping: id `ac-<ID>`; pivot = `Siret`, written as a float in the file (`20006746000010.0`):
repaired (and a 13-digit result gets its leading zero back); programme `Aidants Connect`
(plus `France Services` and typology `RFS` when `France Services Label` is true, otherwise a
typology guessed from the name); service `Aide aux démarches administratives` (what an
Aidants Connect habilitation is for); the number of aidants goes into the summary.
Structures marked inactive (`Is Active` = false) are set aside and reported: the list no
longer vouches for them. `City` is unreliable (no accents, sometimes another commune): the
commune's name is taken from the reference by its INSEE code. No coordinates: each
structure is placed at its commune's population centre, flagged approximate.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from loaders.problems import INFO, LINE, WARNING, LoadResult, Problem
from loaders.sources.common import (
    AIDANTS_CONNECT,
    empty_and_duplicate_rows,
    finish,
    fold,
    guess_typology,
    line_ranges,
    mapped_frame,
    open_list,
    street_address,
    vintage_from_name,
)
from loaders.territories import Territories

SERVICES = ("Aide aux démarches administratives",)
PROGRAMME = "Aidants Connect"

HEADERS = {
    "name": "nom",
    "id": "id",
    "is active": "actif",
    "city insee code": "code_insee",
    "address": "adresse",
    "zip code": "code_postal",
    "siret": "siret",
    "france services label": "france_services",
    "city": "commune",
    "nombre d aidants": "aidants",
}
REQUIRED = ("nom", "id", "code_insee")


def read_aidants_connect(
    source: str | Path | bytes, territories: Territories, file_name: str | None = None, vintage: dt.date | None = None
) -> LoadResult:
    """Read the Aidants Connect structures list into the actors frame."""
    name, read, columns_of, refused = open_list(
        source, file_name, HEADERS, REQUIRED, "la liste Aidants Connect", AIDANTS_CONNECT, "aidants_connect"
    )
    if refused is not None:
        return refused

    rows, duplicates, problems, counts = empty_and_duplicate_rows(read.frame, name)
    problems = list(read.problems) + problems
    set_aside = [duplicates] if len(duplicates) else []
    if "actif" in columns_of:
        inactive = rows[columns_of["actif"]].map(fold).isin({"false", "faux", "non", "0"})
        if inactive.any():
            lines = rows.loc[inactive, LINE].astype(int).tolist()
            problems.append(
                Problem(
                    name,
                    f"{len(lines)} structure(s) inactive(s) dans Aidants Connect (« {columns_of['actif']} » = false) "
                    "écartée(s) : "
                    f"la liste ne les garantit plus (lignes {line_ranges(lines)})",
                    column=columns_of["actif"],
                    severity=WARNING,
                )
            )
            set_aside.append(rows[inactive])
            rows = rows[~inactive]
        counts["structures_inactives"] = int(inactive.sum())
    kept = rows.reset_index(drop=True)
    col = lambda role: kept[columns_of[role]] if role in columns_of else pd.Series("", index=kept.index)  # noqa: E731

    vintage = vintage or vintage_from_name(name)
    if vintage is None:
        problems.append(
            Problem(
                name,
                "date de la liste absente du nom du fichier : dates de mise à jour laissées vides",
                column="date_maj",
                severity=WARNING,
            )
        )

    raw_siret = col("siret").str.replace(r"\s+", "", regex=True)
    siret = raw_siret.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    repaired = int((siret != raw_siret).sum())
    short = siret.str.fullmatch(r"\d{13}")
    siret = siret.where(~short, "0" + siret)
    if repaired:
        example = raw_siret[siret != raw_siret].iloc[0]
        problems.append(
            Problem(
                name,
                f"{repaired} SIRET écrit(s) comme un nombre décimal (« {example} ») : « .0 » retiré"
                + (f", zéro initial rétabli pour {int(short.sum())}" if short.any() else ""),
                column=columns_of["siret"],
                severity=INFO,
            )
        )

    address = col("adresse").map(street_address)
    shortened = int(((address != col("adresse").str.strip()) & (address != "")).sum())
    if shortened:
        problems.append(
            Problem(
                name,
                f"{shortened} adresse(s) : code postal et commune retirés de la fin de l'adresse, espaces et retours "
                "à la ligne nettoyés",
                column=columns_of.get("adresse"),
                severity=INFO,
            )
        )

    labelled = col("france_services").map(fold).isin({"true", "vrai", "oui", "1"})
    guessed = col("nom").map(guess_typology)
    typology = guessed.where(~labelled, "RFS")
    if guessed.notna().any():
        problems.append(
            Problem(
                name,
                f"typologie déduite du nom pour {int((guessed.notna() & ~labelled).sum())} structure(s) (mots-clés : "
                f"mairie, CCAS, médiathèque…), RFS pour les {int(labelled.sum())} labellisées France services",
                column="typologie",
                severity=INFO,
            )
        )

    columns = {
        "id": ("ac-" + col("id")).where(col("id") != "", ""),
        "pivot": siret,
        "nom": col("nom"),
        "commune": col("commune"),
        "code_postal": col("code_postal"),
        "code_insee": col("code_insee"),
        "adresse": address,
        "typologie": typology.fillna(""),
        "source": AIDANTS_CONNECT,
        "sources": AIDANTS_CONNECT,
        "date_maj": vintage.isoformat() if vintage else "",
        "services": list(SERVICES),
        "dispositif_programmes_nationaux": labelled.map(lambda fs: PROGRAMME + ("|France Services" if fs else "")),
        "presentation_resume": col("aidants").map(_summary),
    }
    mapped = mapped_frame(kept, columns)
    file_columns = {
        "id": columns_of["id"],
        "pivot": columns_of.get("siret", "pivot"),
        "nom": columns_of["nom"],
        "commune": columns_of.get("commune", "commune"),
        "code_insee": columns_of["code_insee"],
        "code_postal": columns_of.get("code_postal", "code_postal"),
        "adresse": columns_of.get("adresse", "adresse"),
    }
    result = finish(
        read,
        kept,
        mapped,
        territories,
        name,
        source=AIDANTS_CONNECT,
        source_format="aidants_connect",
        vintage=vintage,
        problems=problems,
        set_aside=set_aside,
        column_names=file_columns,
        meta=counts,
        missing_address_note="adresse à compléter avant publication",
    )
    return _official_commune_names(result, territories, name)


def _summary(aidants: str) -> str:
    count = re.sub(r"\s+", "", aidants or "")
    if count.isdigit():
        n = int(count)
        return f"Structure habilitée Aidants Connect : {n} aidant{'s' if n > 1 else ''} habilité{'s' if n > 1 else ''}"
    return "Structure habilitée Aidants Connect"


def _official_commune_names(result: LoadResult, territories: Territories, name: str) -> LoadResult:
    """`commune` takes the reference's name of the row's (current) INSEE code."""
    frame = result.frame
    if frame.empty:
        return result
    names = territories.commune_names()
    official = frame["code_insee"].astype(object).map(lambda c: names.get(c) if isinstance(c, str) else None)
    given = frame["commune"].astype(object).where(frame["commune"].notna(), "")
    differs = official.notna() & (
        official.map(lambda v: fold(v or "")) != given.map(lambda v: fold(re.sub(r"\bSt\b", "Saint", v or "")))
    )
    frame = frame.copy()
    frame["commune"] = pd.array(
        official.where(official.notna(), given).replace("", None).to_numpy(dtype=object), dtype=pd.StringDtype()
    )
    problems = list(result.problems)
    if differs.any():
        problems.append(
            Problem(
                name,
                "nom de commune pris dans le référentiel d'après le code INSEE ; la colonne City nommait une autre "
                f"commune pour {int(differs.sum())} structure(s) "
                f"(ex. ligne {int(frame.loc[differs, LINE].iloc[0])} : « {given[differs].iloc[0]} » → « "
                f"{official[differs].iloc[0]} »)",
                column="City",
                severity=INFO,
            )
        )
    return LoadResult(frame, problems, result.rejected, result.meta)
