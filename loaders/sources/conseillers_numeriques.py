"""The national list of structures employing Conseillers numériques France Services (ANCT).

`;`-separated, French headers: `Raison sociale; Commune INSEE (the commune's name);
Département; Région; Nombre de conseillers validés par le COSELEC; Date de validation en
comité de sélection; Type; SIRET; Code département; Adresse (street, postal code and town);
Code commune INSEE; Code postal; Investissement financier estimatif total de l’Etat; ZRR;
QPV; France services`.

Mapping: id `cnfs-<SIRET>`, pivot = SIRET; programme `Conseillers numériques` (plus
`France Services` when the structure is labelled); `etp_mediateurs` = number of validated
advisers' posts (full-time posts: the programme funds 35-hour contracts); ZRR/QPV flags ->
`mention_zrr`/`mention_qpv`; services = the three missions of the programme (everyday digital
skills, understanding the digital world, autonomy in online administrative procedures);
typology guessed from the name (`COMMUNE DE` -> MUNI...). The list has no coordinates: each
structure is placed at its commune's population centre, flagged approximate.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from loaders.problems import INFO, WARNING, LoadResult, Problem
from loaders.sources.common import (
    CONSEILLERS_NUMERIQUES,
    empty_and_duplicate_rows,
    finish,
    fold,
    fr,
    french_date,
    guess_typology,
    mapped_frame,
    open_list,
    street_address,
    vintage_from_name,
)
from loaders.territories import Territories

SERVICES = (
    "Maîtrise des outils numériques du quotidien",
    "Compréhension du monde numérique",
    "Aide aux démarches administratives",
)
PROGRAMME = "Conseillers numériques"

# The file's headers (folded: lower case, no accents) -> role.
HEADERS = {
    "raison sociale": "nom",
    "commune insee": "commune",
    "siret": "siret",
    "adresse": "adresse",
    "code commune insee": "code_insee",
    "code postal": "code_postal",
    "nombre de conseillers valides par le coselec": "conseillers",
    "date de validation en comite de selection": "validation",
    "zrr": "zrr",
    "qpv": "qpv",
    "france services": "france_services",
    "type": "type",
}
REQUIRED = ("nom", "siret", "code_insee")


def read_conseillers_numeriques(
    source: str | Path | bytes, territories: Territories, file_name: str | None = None, vintage: dt.date | None = None
) -> LoadResult:
    """Read the Conseillers numériques structures list into the actors frame."""
    name, read, columns_of, refused = open_list(
        source,
        file_name,
        HEADERS,
        REQUIRED,
        "la liste des conseillers numériques",
        CONSEILLERS_NUMERIQUES,
        "conseillers_numeriques",
    )
    if refused is not None:
        return refused

    kept, duplicates, problems, counts = empty_and_duplicate_rows(read.frame, name)
    problems = list(read.problems) + problems
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

    siret = col("siret").str.replace(r"\s+", "", regex=True).str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    padded = siret.str.fullmatch(r"\d{13}")
    if padded.any():
        problems.append(
            Problem(
                name,
                f"{int(padded.sum())} SIRET à 13 chiffres : zéro initial rétabli",
                column=columns_of["siret"],
                severity=INFO,
            )
        )
        siret = siret.where(~padded, "0" + siret)

    address = col("adresse").map(street_address)
    shortened = int(((address != col("adresse").str.strip()) & (address != "")).sum())
    if shortened:
        problems.append(
            Problem(
                name,
                f"{shortened} adresse(s) : code postal et commune retirés de la fin de l'adresse (colonne adresse du "
                "standard)",
                column=columns_of.get("adresse"),
                severity=INFO,
            )
        )

    typology = col("nom").map(guess_typology)
    if typology.notna().any():
        problems.append(
            Problem(
                name,
                f"typologie déduite de la raison sociale pour {int(typology.notna().sum())} structure(s) sur "
                f"{len(kept)} (mots-clés : commune, CCAS, communauté…)",
                column="typologie",
                severity=INFO,
            )
        )

    labelled = col("france_services").map(fold) == "oui"
    programmes = labelled.map(lambda fs: PROGRAMME + ("|France Services" if fs else ""))
    mentions = (
        (col("zrr").map(fold) == "oui").map({True: "ZRR", False: ""})
        + "|"
        + (col("qpv").map(fold) == "oui").map({True: "QPV", False: ""})
    )
    columns = {
        "id": ("cnfs-" + siret).where(siret != "", ""),
        "pivot": siret,
        "nom": col("nom"),
        "commune": col("commune"),
        "code_postal": col("code_postal"),
        "code_insee": col("code_insee"),
        "adresse": address,
        "typologie": typology.fillna(""),
        "source": CONSEILLERS_NUMERIQUES,
        "sources": CONSEILLERS_NUMERIQUES,
        "date_maj": vintage.isoformat() if vintage else "",
        "services": list(SERVICES),
        "dispositif_programmes_nationaux": programmes,
        "autres_formations_labels": mentions.str.strip("|"),
        "etp_mediateurs": col("conseillers"),
        "presentation_resume": pd.Series(
            [_summary(n, d) for n, d in zip(col("conseillers"), col("validation"))], index=kept.index
        ),
    }
    mapped = mapped_frame(kept, columns)
    file_columns = {
        "id": columns_of["siret"],
        "pivot": columns_of["siret"],
        "nom": columns_of["nom"],
        "commune": columns_of.get("commune", "commune"),
        "code_insee": columns_of["code_insee"],
        "code_postal": columns_of.get("code_postal", "code_postal"),
        "adresse": columns_of.get("adresse", "adresse"),
        "etp_mediateurs": columns_of.get("conseillers", "etp_mediateurs"),
    }
    return finish(
        read,
        kept,
        mapped,
        territories,
        name,
        source=CONSEILLERS_NUMERIQUES,
        source_format="conseillers_numeriques",
        vintage=vintage,
        problems=problems,
        set_aside=[duplicates] if len(duplicates) else [],
        column_names=file_columns,
        meta=counts,
        missing_address_note="adresse à compléter avant publication",
    )


def _summary(advisers: str, validated: str) -> str:
    count = re.sub(r"\s+", "", advisers or "")
    text = "Structure employeuse de conseillers numériques France Services"
    if count.isdigit():
        n = int(count)
        text = (
            f"Structure employeuse de {n} conseiller{'s' if n > 1 else ''} numérique{'s' if n > 1 else ''} France "
            "Services"
        )
    date = french_date(validated)
    if date:
        text += (
            f" (poste{'s' if count.isdigit() and int(count) > 1 else ''} "
            f"validé{'s' if count.isdigit() and int(count) > 1 else ''} le {fr(date)})"
        )
    return text
