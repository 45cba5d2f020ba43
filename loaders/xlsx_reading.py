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

_CHUNK = 1 << 20
# The other sheets of a workbook are not read, but openpyxl sizes each one as it opens the file:
# one without its <dimension> is parsed whole, so it may not be larger than this.
MAX_OTHER_SHEET = 5 * 2**20
# Small parts read whole (the package's relationships, the workbook's list of sheets).
MAX_SMALL_PART = 2 * 2**20
_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?sheetData[\s>/]")
_ROW_INDEX = re.compile(rb"\br=\"(\d{1,9})\"")
_OFFICE_DOCUMENT = "officeDocument"
_WORKSHEET = "/worksheet"


class XlsxRefused(Exception):
    """The workbook is refused before it is parsed (French message)."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _small_xml(archive: zipfile.ZipFile, path: str):
    from xml.etree import ElementTree

    info = archive.getinfo(path)
    if info.file_size > MAX_SMALL_PART:
        raise XlsxRefused(f"classeur Excel illisible (partie {path} anormalement grande)")
    return ElementTree.fromstring(archive.read(info))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """id -> (type, target path inside the archive) of a part's relationships."""
    folder, _, file = part.rpartition("/")
    rels = f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"
    if rels not in archive.namelist():
        return {}
    out = {}
    for rel in _small_xml(archive, rels):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else "/".join(p for p in (folder, target) if p)
        parts: list[str] = []
        for piece in path.split("/"):
            if piece == "..":
                parts = parts[:-1]
            elif piece not in ("", "."):
                parts.append(piece)
        out[rel.get("Id", "")] = (rel.get("Type", ""), "/".join(parts))
    return out


def worksheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's worksheets' parts, in the workbook's order (the first is the one read)."""
    documents = [t for kind, t in _relationships(archive, "").values() if kind.endswith(_OFFICE_DOCUMENT)]
    if not documents or documents[0] not in archive.namelist():
        raise XlsxRefused("classeur Excel illisible (classeur principal introuvable)")
    workbook = documents[0]
    rels = _relationships(archive, workbook)
    sheets = []
    for element in _small_xml(archive, workbook).iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        kind, target = rels.get(rid, ("", ""))
        if kind.endswith(_WORKSHEET) and target in archive.namelist():
            sheets.append(target)
    return sheets


def _count_cells(segment: bytes, prefix: bytes) -> int:
    tag = b"<" + prefix + b"c"
    return segment.count(tag + b" ") + segment.count(tag + b">") + segment.count(tag + b"/")


def _has_value(segment: bytes, prefix: bytes) -> bool:
    return any(
        t in segment
        for t in (b"<" + prefix + b"v>", b"<" + prefix + b"v ", b"<" + prefix + b"is>", b"<" + prefix + b"is ")
    )


def _wide(row: int, limits: ReadLimits) -> XlsxRefused:
    return XlsxRefused(
        f"classeur trop large : la ligne {fr_count(row)} de la feuille a plus de {fr_count(limits.max_columns)} "
        f"cellules ; au plus {fr_count(limits.max_columns)} colonnes"
        + (f" pour « {limits.label} »" if limits.label else "")
    )


def _scan_sheet(archive: zipfile.ZipFile, path: str, limits: ReadLimits) -> tuple[int, int, int, bool]:
    """(rows holding a value, number of the last row, row elements, has a <dimension>) of a
    sheet, read as a stream of bytes (no XML parsing); refuses at once a row wider than the
    limit. The count goes to the end of the sheet, whose size is already bounded."""
    values = last = elements = 0
    prefix: bytes | None = None
    dimension = False
    carry, threshold = b"", _CHUNK
    with archive.open(path) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = carry + chunk
            if prefix is None:
                found = _PREFIX.search(data)
                if found is None:
                    carry = data if chunk else b""
                    if chunk and len(carry) <= MAX_SMALL_PART:
                        continue
                    break  # no sheetData: an empty sheet (or not a sheet)
                prefix = (found.group(1) + b":") if found.group(1) else b""
                dimension = (b"<" + prefix + b"dimension") in data[: found.start()]
                row_tag = re.compile(rb"<" + re.escape(prefix) + rb"row(?=[\s>/])")
                data = data[found.start() :]
            starts = [m.start() for m in row_tag.finditer(data)]
            complete = len(starts) if not chunk else len(starts) - 1
            for i in range(max(complete, 0)):
                segment = data[starts[i] : starts[i + 1] if i + 1 < len(starts) else len(data)]
                index = _ROW_INDEX.search(segment, 0, 300)
                last = max(last + 1, int(index.group(1))) if index else last + 1
                elements += 1
                if _count_cells(segment, prefix) > limits.max_columns:
                    raise _wide(last, limits)
                values += _has_value(segment, prefix)
            if not chunk:
                break
            carry = data[starts[-1] :] if starts else data[-64:]
            if len(carry) > threshold:
                # One row longer than a chunk: its cells are counted as it grows.
                if _count_cells(carry, prefix) > limits.max_columns:
                    raise _wide(last + 1, limits)
                threshold *= 2
    return values, last, elements, dimension


def _sheet_has_dimension(archive: zipfile.ZipFile, path: str) -> bool:
    with archive.open(path) as stream:
        head = stream.read(64 * 1024)
    found = _PREFIX.search(head)
    if found is None:
        return len(head) < 64 * 1024  # a small part without sheetData costs nothing to parse
    prefix = (found.group(1) + b":") if found.group(1) else b""
    return (b"<" + prefix + b"dimension") in head[: found.start()]


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


def column_names(cells: list, width: int) -> list[str]:
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
    bound = limits.max_rows + 1 + XLSX_TRAILING_ROWS
    try:
        sheets = worksheet_parts(archive)
        if not sheets:
            problems.append(Problem(name, "classeur Excel sans feuille de calcul"))
            return None
        values, last, elements, dimension = _scan_sheet(archive, sheets[0], limits)
        if values - 1 > limits.max_rows:
            raise XlsxRefused(limits.too_many_rows(values - 1))
        if not dimension and elements > bound:
            # openpyxl would parse every row to size such a sheet before reading one.
            raise XlsxRefused(
                f"fichier trop long : la feuille a {fr_count(elements)} lignes, vides comprises, sans déclarer sa "
                f"taille ; au plus {fr_count(bound)} : enregistrez-la depuis Excel ou en CSV UTF-8"
            )
        for other in sheets[1:]:
            if archive.getinfo(other).file_size > MAX_OTHER_SHEET and not _sheet_has_dimension(archive, other):
                raise XlsxRefused(
                    "classeur refusé : ses autres feuilles, volumineuses, ne déclarent pas leur taille ; enregistrez "
                    "la première feuille seule dans un classeur, ou en CSV UTF-8"
                )
    except XlsxRefused as exc:
        problems.append(Problem(name, str(exc)))
        return None
    except Exception as exc:  # noqa: BLE001 - zip and XML errors of a broken workbook are said, never raised
        log.info("unreadable workbook %s: %r", name, exc)
        problems.append(Problem(name, f"classeur Excel illisible ({type(exc).__name__})"))
        return None
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of errors on broken files
        log.info("unreadable workbook %s: %r", name, exc)
        problems.append(Problem(name, f"classeur Excel illisible ({type(exc).__name__})"))
        return None
    try:
        rows = list(workbook.worksheets[0].iter_rows(max_row=bound, max_col=limits.max_columns, values_only=True))
    except Exception as exc:  # noqa: BLE001 - a broken sheet is said, never raised
        log.info("unreadable sheet in %s: %r", name, exc)
        problems.append(Problem(name, f"classeur Excel illisible ({type(exc).__name__})"))
        return None
    finally:
        workbook.close()
    if last > bound:
        problems.append(
            Problem(
                name,
                f"la feuille continue au-delà de la ligne {fr_count(bound)} (lignes vides ou mises en forme) : "
                "la suite n'est pas lue",
                severity=WARNING,
            )
        )
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
    columns = column_names(trimmed[0], width)
    data = [[_text(v) for v in r] + [""] * (width - len(r)) for r in trimmed[1:]]
    return pd.DataFrame(data, columns=columns, dtype=object)
