"""Reading the first sheet of an XLSX workbook without letting it expand without bound.

An XLSX is a zip of XML parts: a few compressed kilobytes can declare millions of rows (a zip
bomb), a sheet can jump to row 1 000 000 or hold one row of a million cells. Before anything
is parsed: the number of parts and their declared decompressed size (Python's zip reader never
returns more than a part declares); then the sheet's XML is scanned in a stream, counting rows
that hold a value and cells per row, and the file is refused as soon as a limit is passed.
Only then is the sheet read by openpyxl in its streaming mode (`read_only`), bounded to the
rows and columns allowed. Values come back as the strings pandas' reader used to give.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile

import pandas as pd

from loaders.limits import (
    MAX_XLSX_PARTS,
    MAX_XLSX_UNCOMPRESSED,
    XLSX_TRAILING_ROWS,
    ReadLimits,
    fr_count,
    fr_megabytes,
)
from loaders.problems import WARNING, Problem

log = logging.getLogger(__name__)

# Opening tags of rows, cells and values (any namespace prefix), in a sheet's XML.
_TAGS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|v|is)(?=[\s/>])")
_CHUNK = 1 << 20


class XlsxRefused(Exception):
    """The workbook is refused before it is parsed (French message)."""


def _sheet_path(workbook) -> str | None:
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    return getattr(sheet, "_worksheet_path", None)


def _scan_sheet(archive: zipfile.ZipFile, path: str, limits: ReadLimits) -> tuple[int, int]:
    """(rows holding a value, physical rows) of the sheet, streamed; refuses a row wider than
    the limit at once. The count goes to the end of the sheet (its size is already bounded)."""
    rows = physical = cells = 0
    has_value = False
    carry = b""
    with archive.open(path) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = carry + chunk
            # A tag is a few bytes long: one starting in the last 64 bytes is read with the next chunk.
            end = len(data) - 64 if chunk else len(data)
            for match in _TAGS.finditer(data):
                if match.start() >= end:
                    break
                tag = match.group(1)
                if tag == b"row":
                    rows += has_value
                    physical += 1
                    cells, has_value = 0, False
                elif tag == b"c":
                    cells += 1
                    if cells > limits.max_columns:
                        raise XlsxRefused(
                            f"classeur trop large : la ligne {fr_count(physical)} de la feuille a plus de "
                            f"{fr_count(limits.max_columns)} cellules ; au plus {fr_count(limits.max_columns)} colonnes"
                            + (f" pour « {limits.label} »" if limits.label else "")
                        )
                else:
                    has_value = True
            carry = data[max(end, 0) :]
            if not chunk:
                break
    return rows + has_value, physical


def _text(value) -> str:
    """A cell as the text pandas' reader gave (dtype=str): integral floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return str(value)
    return str(value)


def _header(cells: list, width: int) -> list[str]:
    """Column names as pandas names them: 'Unnamed: i' for a blank one, 'x.1' for a repeat."""
    names: list[str] = []
    used: set[str] = set()
    for i in range(width):
        value = cells[i] if i < len(cells) else None
        base = _text(value).strip() or f"Unnamed: {i}"
        name, n = base, 0
        while name in used:
            n += 1
            name = f"{base}.{n}"
        used.add(name)
        names.append(name)
    return names


def read_xlsx(raw: bytes, name: str, problems: list[Problem], limits: ReadLimits) -> pd.DataFrame | None:
    """The first sheet as a frame of strings (header = first row), or None with the reason in
    `problems` (French)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        problems.append(Problem(name, "classeur Excel illisible (archive zip endommagée)"))
        return None
    if len(parts) > MAX_XLSX_PARTS:
        problems.append(
            Problem(
                name,
                f"classeur Excel refusé : il contient {fr_count(len(parts))} fichiers internes ; "
                f"au plus {fr_count(MAX_XLSX_PARTS)}",
            )
        )
        return None
    expanded = sum(p.file_size for p in parts)
    if expanded > MAX_XLSX_UNCOMPRESSED:
        problems.append(
            Problem(
                name,
                f"classeur Excel trop volumineux une fois décompressé : {fr_megabytes(expanded)} ; au plus "
                f"{fr_megabytes(MAX_XLSX_UNCOMPRESSED)} (enregistrez-le en CSV UTF-8, ou découpez-le)",
            )
        )
        return None
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of errors on broken files
        log.info("unreadable workbook %s: %r", name, exc)
        problems.append(Problem(name, f"classeur Excel illisible ({type(exc).__name__})"))
        return None
    try:
        path = _sheet_path(workbook)
        if path is None:
            problems.append(Problem(name, "classeur Excel sans feuille de calcul"))
            return None
        try:
            values, physical = _scan_sheet(archive, path.lstrip("/"), limits)
        except KeyError:
            problems.append(Problem(name, "classeur Excel illisible (feuille absente de l'archive)"))
            return None
        if values - 1 > limits.max_rows:
            problems.append(Problem(name, limits.too_many_rows(values - 1)))
            return None
        bound = limits.max_rows + 1 + XLSX_TRAILING_ROWS
        rows = []
        for row in workbook.worksheets[0].iter_rows(max_row=bound, max_col=limits.max_columns, values_only=True):
            rows.append(row)
        if physical > bound:
            problems.append(
                Problem(
                    name,
                    f"la feuille continue au-delà de la ligne {fr_count(bound)} (lignes vides ou mises en forme) : "
                    "la suite n'est pas lue",
                    severity=WARNING,
                )
            )
    except XlsxRefused as exc:
        problems.append(Problem(name, str(exc)))
        return None
    except Exception as exc:  # noqa: BLE001 - a broken sheet is said, never raised
        log.info("unreadable sheet in %s: %r", name, exc)
        problems.append(Problem(name, f"classeur Excel illisible ({type(exc).__name__})"))
        return None
    finally:
        workbook.close()
    return _frame(rows)


def _frame(rows: list[tuple]) -> pd.DataFrame:
    # Trailing empty cells and rows are not data (pandas' reader trimmed them the same way).
    trimmed = []
    for row in rows:
        cells = list(row)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        trimmed.append(cells)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    if not trimmed:
        return pd.DataFrame()
    width = max(len(r) for r in trimmed)
    columns = _header(trimmed[0], width)
    data = [[_text(v) for v in r] + [""] * (width - len(r)) for r in trimmed[1:]]
    return pd.DataFrame(data, columns=columns, dtype=object)
