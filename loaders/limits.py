"""The limits a file is held to, stated once, checked before it is parsed.

Every refusal is a French sentence that names the limit and the file's own figure (« le fichier a
200 000 lignes ; au plus 50 000 pour « Acteurs (lieux de médiation numérique) » »). The number of
rows and columns is declared per dataset (`DatasetSpec.max_rows`, `max_columns`, set in
loaders/schemas.py); the others hold for every file. docs/import.md lists them for the staff.
"""

from __future__ import annotations

from dataclasses import dataclass

# Size of the file as sent (the upload widget and .streamlit/config.toml say the same).
MAX_BYTES = 50 * 2**20
# A cell longer than Excel's own limit cannot come from a spreadsheet.
MAX_CELL_CHARS = 32_767
# An XLSX is a zip: its parts once decompressed (a few compressed kilobytes can expand to gigabytes).
MAX_XLSX_UNCOMPRESSED = 200 * 2**20
MAX_XLSX_PARTS = 1_000
# After the last row allowed, an XLSX sheet is read this much further (formatted empty rows at the
# end of Excel exports), then no more.
XLSX_TRAILING_ROWS = 10_000
# Nesting of arrays and objects in a JSON file (a list of objects is 2; GeoJSON about 8).
MAX_JSON_DEPTH = 20
# Rows and columns of a dataset unless its declaration says otherwise.
DEFAULT_MAX_ROWS = 50_000
DEFAULT_MAX_COLUMNS = 200
# Amounts: at most a thousand billion euros (in cents, far inside a 64-bit integer).
MAX_EUROS = 10**12
MAX_CENTS = MAX_EUROS * 100
# Numbers: at most 10^15 in absolute value (integers stay exact in a float below 2^53).
MAX_ABS_NUMBER = 1e15
# Dates: years from 1900 to 2100 (a year 1 or 9999 is a typing error, and out of pandas' range).
MIN_YEAR, MAX_YEAR = 1900, 2100
# Actors: pairs of places compared to find duplicates (a file repeating one place 50 000 times
# would ask for a billion comparisons).
MAX_CANDIDATE_PAIRS = 500_000
# Places of one commune compared by name (a matrix of 5 000 × 5 000 scores: 25 Mo).
MAX_PLACES_PER_COMMUNE = 5_000

NBSP = "\u00a0"


def fr_count(value: int) -> str:
    """200000 -> '200 000' (non-breaking space, as the pages write numbers)."""
    return f"{int(value):,}".replace(",", NBSP)


def fr_megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} Mo"


@dataclass(frozen=True)
class ReadLimits:
    """The rows and columns one file may hold, and the dataset it is read for (in messages)."""

    max_rows: int = DEFAULT_MAX_ROWS
    max_columns: int = DEFAULT_MAX_COLUMNS
    label: str | None = None

    @property
    def _for(self) -> str:
        return f" pour « {self.label} »" if self.label else ""

    def too_many_rows(self, rows: int, at_least: bool = False) -> str:
        figure = f"plus de {fr_count(rows)}" if at_least else fr_count(rows)
        return (
            f"fichier trop long : il a {figure} lignes de données ; au plus {fr_count(self.max_rows)}{self._for}. "
            "Découpez-le ou retirez les lignes inutiles."
        )

    def too_many_columns(self, columns: int) -> str:
        return (
            f"fichier trop large : il a {fr_count(columns)} colonnes ; au plus {fr_count(self.max_columns)}{self._for}."
        )


def limits_for(spec) -> ReadLimits:
    """The limits of a dataset declaration (loaders.dataset_spec.DatasetSpec)."""
    return ReadLimits(spec.max_rows, spec.max_columns, spec.label)


def too_large(size: int) -> str:
    return f"fichier trop volumineux ({fr_megabytes(size)} ; maximum {fr_megabytes(MAX_BYTES)})"


def cell_too_long(length: int, line: int | None = None, column: str | None = None) -> str:
    where = ""
    if line is not None:
        where += f" ligne {fr_count(line)}"
    if column:
        where += f", colonne « {column} »"
    return (
        f"cellule trop longue{where} : {fr_count(length)} caractères ; au plus {fr_count(MAX_CELL_CHARS)} "
        "(la limite d'une cellule Excel)"
    )
