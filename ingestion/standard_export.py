"""Publishing the consolidated actors in the national standard, and checking a file before it goes.

`publishable_export(actors)` writes the registry as the standard "lieux de médiation numérique"
v1 expects it for data.gouv.fr and the national map: the 32 columns in order, `|` between
values, UTF-8. A place the standard cannot accept (a required field empty: id, nom, commune,
code_postal, adresse, date_maj, services) is left out and listed with the reason; values the
standard does not know (outside its lists, a phone not in `+33…` form) are left out of the
cell and listed; an unknown SIRET is written as the standard's placeholder `00000000000000`
(the standard requires the column); the hub's QPV / ZRR flags are written among
`autres_formations_labels`, where national files carry them and where `load_actors` reads
them back. A text that a spreadsheet would evaluate as a formula is written with a leading
apostrophe (loaders/spreadsheet_formulas.py) and listed among the values adjusted.

`validate_standard_export(text, territories)` is the project's own validation of the standard,
applied to the text of a file: header (32 columns, in order), re-read with `load_actors` (no
error, no row set aside), required fields filled, lists of values respected, formats (postal
code, INSEE code, phone, ISO dates, coordinates, summary length), unique ids; and, as a
warning, any cell that a spreadsheet would evaluate as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingestion.actors_export import format_cell, plain_cell, to_standard_csv
from loaders import lieux_standard as std
from loaders.actors import load_actors
from loaders.problems import ERROR, WARNING, Problem
from loaders.schemas import ACTEURS
from loaders.spreadsheet_formulas import NEUTRALISER, looks_like_formula
from loaders.territories import Territories
from loaders.territory_levels import CODE_INSEE_PATTERN

EXPORT_NAME = "lieux-mediation-numerique.csv"
PLACEHOLDER_PIVOT = "00000000000000"
REQUIRED = ("id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj", "services")
PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$")
POSTCODE = re.compile(r"^\d{5}$")
PIVOT = re.compile(r"^(\d{14}|W\d{9}|W2[AB]\d{7})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUMMARY_MAX = 280
# Columns whose values must come from the standard's lists.
ENUMERATIONS: dict[str, tuple[str, ...]] = {
    f.name: tuple(f.choices) for f in ACTEURS.fields if f.name in std.COLUMNS and f.kind == "multi" and f.choices
}


@dataclass
class StandardExport:
    """The file's text (encode it as UTF-8), the places left out and the values left out."""

    text: str
    rows: int
    excluded: pd.DataFrame  # id, nom, raison
    adjusted: pd.DataFrame  # id, nom, colonne, valeur, raison

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


def publishable_export(actors: pd.DataFrame) -> StandardExport:
    """The registry in the standard, without what the standard would refuse (listed)."""
    frame = actors.copy()
    adjusted: list[dict] = []

    def note(index, column, value, reason):
        adjusted.append(
            {
                "id": frame.at[index, "id"],
                "nom": frame.at[index, "nom"],
                "colonne": column,
                "valeur": format_cell(value),
                "raison": reason,
            }
        )

    for column, choices in ENUMERATIONS.items():
        if column not in frame.columns:
            continue
        allowed = set(choices)
        for index, values in frame[column].items():
            items = list(values) if isinstance(values, (list, tuple, np.ndarray)) else []
            unknown = [v for v in items if v not in allowed]
            if unknown:
                note(index, column, unknown, "valeur(s) hors de la liste du standard, retirée(s) de l'export")
                frame.at[index, column] = [v for v in items if v in allowed]
    for index, phone in frame["telephone"].items():
        if isinstance(phone, str) and phone and not PHONE.match(phone):
            note(index, "telephone", phone, "téléphone hors du format du standard (+33…), retiré de l'export")
            frame.at[index, "telephone"] = None
    for index, summary in frame["presentation_resume"].items():
        # The limit holds for the cell as written (with its apostrophe when it looks like a formula).
        room = SUMMARY_MAX - (len(NEUTRALISER) if looks_like_formula(summary) else 0)
        if isinstance(summary, str) and len(summary) > room:
            note(index, "presentation_resume", summary, f"résumé de plus de {SUMMARY_MAX} caractères, coupé")
            frame.at[index, "presentation_resume"] = summary[: room - 1].rstrip() + "…"
    # QPV / ZRR mentions travel where national files carry them (the loader reads them back).
    for flag, mention in (("mention_qpv", "QPV"), ("mention_zrr", "ZRR")):
        if flag in frame.columns:
            frame["autres_formations_labels"] = [
                (list(labels) + [mention]) if bool(on) and mention not in labels else list(labels)
                for labels, on in zip(frame["autres_formations_labels"], frame[flag])
            ]
    pivot = frame["pivot"].astype(object)
    valid_pivot = pivot.map(lambda p: isinstance(p, str) and bool(PIVOT.match(p)))
    for index in frame.index[pivot.notna() & ~valid_pivot]:
        note(index, "pivot", pivot[index], "SIRET/RNA invalide, remplacé par 00000000000000")
    frame["pivot"] = pivot.where(valid_pivot, PLACEHOLDER_PIVOT)

    for column in [c for c in std.COLUMNS if c in frame.columns]:
        written = frame[column].map(plain_cell)
        for index in frame.index[written.map(looks_like_formula)]:
            adjusted.append(
                {
                    "id": frame.at[index, "id"],
                    "nom": frame.at[index, "nom"],
                    "colonne": column,
                    "valeur": written[index],
                    "raison": (
                        "valeur qui ressemble à une formule de tableur : écrite précédée d'une apostrophe, pour "
                        "qu'aucun tableur ne la calcule"
                    ),
                }
            )
    reasons = _missing_required(frame)
    keep = reasons == ""
    excluded = pd.DataFrame(
        {
            "id": frame.loc[~keep, "id"].astype(object).to_numpy(),
            "nom": frame.loc[~keep, "nom"].astype(object).to_numpy(),
            "raison": reasons[~keep].to_numpy(),
        }
    )
    text = to_standard_csv(frame[keep].reset_index(drop=True))
    return StandardExport(
        text, int(keep.sum()), excluded, pd.DataFrame(adjusted, columns=["id", "nom", "colonne", "valeur", "raison"])
    )


def _missing_required(frame: pd.DataFrame) -> pd.Series:
    """Per row, the required fields that are empty or malformed ('' when none)."""
    parts = []
    for column in REQUIRED:
        # (astype: an empty column keeps its own dtype through map, e.g. datetime64 for date_maj)
        cells = (
            frame[column].map(format_cell).astype(object)
            if column in frame.columns
            else pd.Series("", index=frame.index, dtype=object)
        )
        missing = cells.str.strip() == ""
        parts.append(missing.map({True: f"{column} absent", False: ""}))
    postcode = frame["code_postal"].map(format_cell).astype(object)
    parts.append(((postcode != "") & ~postcode.str.match(POSTCODE)).map({True: "code_postal invalide", False: ""}))
    joined = (
        pd.concat(parts, axis=1).apply(lambda row: ", ".join(v for v in row if v), axis=1)
        if len(frame)
        else pd.Series([], dtype=object)
    )
    return joined.astype(object)


# --- validation -----------------------------------------------------------------------------


def validate_standard_export(
    text: str | bytes, territories: Territories, file_name: str = EXPORT_NAME
) -> list[Problem]:
    """Every reason why this file is not a valid standard v1 file (empty list: valid)."""
    problems: list[Problem] = []
    if isinstance(text, bytes):
        if text.startswith(b"\xef\xbb\xbf"):
            problems.append(
                Problem(
                    file_name,
                    "le fichier commence par une marque d'ordre des octets (BOM) : à retirer",
                    severity=WARNING,
                )
            )
            text = text[3:]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return [Problem(file_name, "le fichier n'est pas encodé en UTF-8")]
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error:
        return [
            Problem(
                file_name,
                "CSV illisible : un retour chariot ou un guillemet hors d'une cellule entre guillemets",
                reader.line_num,
            )
        ]
    if not rows:
        return [Problem(file_name, "le fichier est vide")]
    header = rows[0]
    if header != list(std.COLUMNS):
        missing = [c for c in std.COLUMNS if c not in header]
        extra = [c for c in header if c not in std.COLUMNS]
        detail = []
        if missing:
            detail.append("colonnes absentes : " + ", ".join(missing))
        if extra:
            detail.append("colonnes en trop : " + ", ".join(extra))
        if not missing and not extra:
            detail.append("colonnes dans le désordre")
        problems.append(
            Problem(
                file_name, "en-tête différent des 32 colonnes du standard dans leur ordre (" + " ; ".join(detail) + ")"
            )
        )
        return problems
    width = [k + 1 for k, row in enumerate(rows[1:], start=1) if len(row) != len(std.COLUMNS)]
    for line in width:
        problems.append(Problem(file_name, f"ligne de {len(rows[line - 1])} cellules au lieu de 32", line))
    if width:
        return problems

    cells = pd.DataFrame(rows[1:], columns=header, dtype=object)
    lines = pd.Series(range(2, 2 + len(cells)), index=cells.index)
    for column in REQUIRED:
        for index in cells.index[cells[column].str.strip() == ""]:
            problems.append(Problem(file_name, "champ obligatoire du standard vide", int(lines[index]), column))
    checks = {
        "code_postal": (POSTCODE, "code postal : 5 chiffres attendus"),
        "code_insee": (re.compile(CODE_INSEE_PATTERN), "code INSEE invalide"),
        "telephone": (PHONE, "téléphone : format international attendu (+33 suivi de 9 chiffres, sans espace)"),
        "date_maj": (ISO_DATE, "date : format AAAA-MM-JJ attendu"),
        "pivot": (PIVOT, "pivot : SIRET (14 chiffres) ou RNA attendu (00000000000000 si inconnu)"),
    }
    for column, (pattern, message) in checks.items():
        values = cells[column]
        bad = (values != "") & ~values.map(lambda v: bool(pattern.match(v)))
        for index in cells.index[bad]:
            problems.append(Problem(file_name, message, int(lines[index]), column, value=values[index]))
    for column in ("latitude", "longitude"):
        values = cells[column]
        numbers = pd.to_numeric(values.where(values != "", None), errors="coerce")
        for index in cells.index[(values != "") & numbers.isna()]:
            problems.append(
                Problem(file_name, "coordonnée : nombre attendu", int(lines[index]), column, value=values[index])
            )
    too_long = cells["presentation_resume"].str.len() > SUMMARY_MAX
    for index in cells.index[too_long]:
        problems.append(
            Problem(file_name, f"résumé de plus de {SUMMARY_MAX} caractères", int(lines[index]), "presentation_resume")
        )
    for column, choices in ENUMERATIONS.items():
        allowed = set(choices)
        for index, cell in cells[column].items():
            unknown = [v for v in cell.split("|") if v and v not in allowed] if cell else []
            if unknown:
                problems.append(
                    Problem(
                        file_name,
                        "valeur(s) hors de la liste du standard",
                        int(lines[index]),
                        column,
                        value=" | ".join(unknown),
                    )
                )
    for column in header:
        for index in cells.index[cells[column].map(looks_like_formula)]:
            problems.append(
                Problem(
                    file_name,
                    "cellule qu'un tableur calculerait comme une formule (commence par =, +, - ou @) : à écrire "
                    "précédée d'une apostrophe",
                    int(lines[index]),
                    column,
                    severity=WARNING,
                    value=cells.at[index, column],
                )
            )
    duplicated = cells["id"].duplicated(keep="first") & (cells["id"] != "")
    for index in cells.index[duplicated]:
        problems.append(
            Problem(file_name, "identifiant en double", int(lines[index]), "id", value=cells.at[index, "id"])
        )

    reread = load_actors(text.encode("utf-8"), territories, file_name=file_name)
    problems += [p for p in reread.problems if p.severity == ERROR and not _already(p, problems)]
    if len(reread.rejected):
        problems.append(
            Problem(file_name, f"{len(reread.rejected)} ligne(s) écartée(s) à la relecture par le chargeur du standard")
        )
    return problems


def _already(problem: Problem, problems: list[Problem]) -> bool:
    """The same line and column is already reported (the re-read repeats some checks)."""
    return any(p.line == problem.line and p.column == problem.column for p in problems if p.line is not None)
