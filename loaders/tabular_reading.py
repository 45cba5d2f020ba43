"""Reading a table file (CSV, XLSX, JSON) into a frame of strings, whatever its dialect.

Detects the encoding (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16 with or without its BOM), the
separator (`,` `;` tab), a spreadsheet renamed `.csv`, a binary file, and says what it did.
Every cell comes back as a stripped string ('' when empty) and the frame carries the original
line number in the column `_ligne`.

Nothing here raises on a bad file: the limits of loaders/limits.py (size, rows, columns, cell
length, an XLSX's decompressed size, a JSON's depth) are checked before the file is parsed, and
every refusal or repair is a French `Problem`. Invisible control characters (NUL, escape…) and
broken UTF-16 surrogates are removed from the cells and said.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.limits import MAX_BYTES, MAX_CELL_CHARS, MAX_JSON_DEPTH, ReadLimits, cell_too_long, fr_count, too_large
from loaders.problems import ERROR, INFO, LINE, WARNING, Problem
from loaders.xlsx_reading import column_names, read_xlsx

log = logging.getLogger(__name__)

SEPARATORS = [",", ";", "\t"]
SEPARATOR_NAMES = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}

# Bytes that a text file does not hold (C0 controls but tab, line feed, carriage return).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
# More than this share of them in the first 64 KB: a binary file, not a table.
BINARY_SHARE = 0.05
# Characters removed from cells: C0/C1 controls (but tab, line feed, carriage return), DEL, and
# UTF-16 surrogates left alone (replaced by U+FFFD: no encoder accepts them).
# (Surrogates never reach a frame: they are replaced as the cells are made, pyarrow refuses them.)
_INVISIBLE_PATTERN = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_INVISIBLE = re.compile(_INVISIBLE_PATTERN)
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_NAMES = {"\x00": "NUL", "\x1b": "ÉCHAP", "\x7f": "SUPPR"}
# Each cleaned cell is named up to this many times, then counted.
MAX_DETAILED = 50
# JSON: strings (skipped when measuring the depth) and brackets.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decoding error handler: the bytes that are not UTF-8 read as Windows-1252 (mixed files)."""
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("hub-cp1252", _as_cp1252)


@dataclass
class TableRead:
    frame: pd.DataFrame | None
    problems: list[Problem]
    encoding: str | None = None
    separator: str | None = None
    kind: str | None = None


# --- encodings ------------------------------------------------------------------------------


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like UTF-16 text without its BOM (one
    byte in two is NUL, on one side only)."""
    sample = raw[:4096]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _first_line_of(text: str, char: str) -> int:
    return text.count("\n", 0, text.index(char)) + 1


def _replaced_message(text: str, what: str) -> str:
    count = text.count("\ufffd")
    return (
        f"{what} : {fr_count(count)} caractère(s) illisible(s) remplacé(s) par « \ufffd » (première fois ligne "
        f"{fr_count(_first_line_of(text, chr(0xFFFD)))}) ; vérifiez ces valeurs et enregistrez le fichier en "
        "« CSV UTF-8 »"
    )


def _decode_utf16(raw: bytes, codec: str, name: str, problems: list[Problem]) -> str:
    problems.append(Problem(name, "encodage UTF-16 détecté et converti", severity=INFO))
    odd = len(raw) % 2 == 1
    if odd:
        # UTF-16 counts two bytes a character: a last byte alone is half a character, cut off.
        problems.append(
            Problem(
                name,
                "encodage UTF-16 avec un nombre impair d'octets (fichier tronqué ?) : le dernier octet, un demi-"
                "caractère, est ignoré ; vérifiez la fin du fichier",
                severity=WARNING,
            )
        )
        raw = raw[:-1]
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        text = raw.decode(codec, errors="replace")
        problems.append(
            Problem(name, _replaced_message(text, "encodage UTF-16 invalide (demi-caractère isolé)"), severity=WARNING)
        )
        return text


def _decode(raw: bytes, name: str, problems: list[Problem]) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
        if "\ufffd" in text and "\ufffd".encode() not in raw:
            problems.append(
                Problem(name, _replaced_message(text, "octets qui ne sont pas de l'UTF-8"), severity=WARNING)
            )
        return text, "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(raw, "utf-16", name, problems), "utf-16"
    codec = _utf16_without_bom(raw)
    if codec:
        return _decode_utf16(raw, codec, name, problems), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = raw.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd") - raw.count("\ufffd".encode())
    accented = sum(1 for c in lenient[:200_000] if ord(c) > 127 and c != "\ufffd")
    if accented > invalid:
        # Mostly UTF-8 with a few bytes of Windows-1252 (a file pasted together from two sources).
        line = _first_line_of(lenient, "\ufffd") if invalid else 1
        problems.append(
            Problem(
                name,
                f"encodage mixte : le fichier est en UTF-8 sauf {fr_count(invalid)} caractère(s) lu(s) comme "
                f"Windows-1252 (première fois ligne {fr_count(line)}) ; vérifiez les accents et enregistrez le fichier "
                "en « CSV UTF-8 »",
                severity=WARNING,
            )
        )
        return raw.decode("utf-8", errors="hub-cp1252"), "utf-8"
    text = raw.decode("cp1252", errors="replace")
    problems.append(
        Problem(
            name,
            "le fichier n'est pas en UTF-8 : lu comme Windows-1252 (export Excel) ; "
            "vérifiez les accents et enregistrez-le en « CSV UTF-8 »",
            severity=WARNING,
        )
    )
    return text, "cp1252"


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > BINARY_SHARE * len(sample)


# --- cells ----------------------------------------------------------------------------------


def _names(found: set[str]) -> str:
    return ", ".join(sorted(_CONTROL_NAMES.get(c, f"U+{ord(c):04X}") for c in found))


def _clean_cells(frame: pd.DataFrame, name: str, problems: list[Problem]) -> pd.DataFrame:
    """Remove invisible control characters, replace lone surrogates; each cell said (up to
    MAX_DETAILED, then counted)."""
    detailed = total = 0
    for column in [c for c in frame.columns if c != LINE]:
        values = frame[column]
        dirty = values.str.contains(_INVISIBLE_PATTERN, regex=True)
        if not dirty.any():
            continue
        for idx in values.index[dirty]:
            value = values[idx]
            found = set(_INVISIBLE.findall(value))
            cleaned = _INVISIBLE.sub("", value).strip()
            frame.at[idx, column] = cleaned
            total += 1
            if detailed < MAX_DETAILED:
                detailed += 1
                problems.append(
                    Problem(
                        name,
                        f"caractère(s) invisible(s) retiré(s) ({_names(found)}) : valeur gardée sans eux",
                        int(frame.at[idx, LINE]),
                        column,
                        WARNING,
                        cleaned,
                    )
                )
    if total > detailed:
        problems.append(
            Problem(
                name,
                f"caractères invisibles retirés dans {fr_count(total)} cellule(s) ; les {MAX_DETAILED} premières sont "
                "détaillées",
                severity=WARNING,
            )
        )
    return frame


def _longest_cell(frame: pd.DataFrame) -> tuple[int, int, str] | None:
    """(length, line, column) of the first cell longer than MAX_CELL_CHARS, or None."""
    for column in [c for c in frame.columns if c != LINE]:
        lengths = frame[column].str.len()
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            idx = lengths.idxmax()
            return int(lengths[idx]), int(frame.at[idx, LINE]), column
    return None


def _finish(frame: pd.DataFrame, lines: int | list[int], name: str, problems: list[Problem]) -> pd.DataFrame | None:
    """Strings stripped, control characters removed, `_ligne` added (`lines`: the first row's
    line, or each row's), cells within their limit, empty rows dropped; None when refused."""
    frame = frame.fillna("").astype(str)
    columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    long_names = [c for c in columns if len(c) > MAX_CELL_CHARS]
    if long_names:
        problems.append(Problem(name, "en-tête : " + cell_too_long(len(long_names[0]), 1)))
        return None
    frame.columns = [_INVISIBLE.sub("", _SURROGATE.sub("\ufffd", c)) for c in columns]
    frame = frame.apply(lambda s: s.str.strip())
    frame.insert(0, LINE, range(lines, lines + len(frame)) if isinstance(lines, int) else lines)
    frame = _clean_cells(frame, name, problems)
    longest = _longest_cell(frame)
    if longest:
        length, line, column = longest
        problems.append(Problem(name, cell_too_long(length, line, column) + " ; un guillemet jamais fermé ?"))
        return None
    # Entirely empty rows (frequent at the end of Excel exports) are not data.
    data_cols = [c for c in frame.columns if c != LINE]
    if data_cols:
        frame = frame[(frame[data_cols] != "").any(axis=1)]
    return frame.reset_index(drop=True)


# --- JSON -----------------------------------------------------------------------------------


def _json_too_deep(text: str) -> bool:
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(map(_cell, value))
    return str(value)


def _read_json(text: str, name: str, problems: list[Problem], limits: ReadLimits) -> pd.DataFrame | None:
    if _json_too_deep(text):
        problems.append(
            Problem(
                name,
                f"JSON trop imbriqué : plus de {MAX_JSON_DEPTH} niveaux de listes et d'objets les uns dans les "
                f"autres ; au plus {MAX_JSON_DEPTH} (attendu : une liste d'objets)",
            )
        )
        return None
    try:
        # Numbers stay as written: each column's parser decides (no overflow, no rounding here).
        data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, f"JSON invalide (ligne {exc.lineno}, colonne {exc.colno})"))
        return None
    except (RecursionError, ValueError) as exc:
        log.info("unreadable JSON %s: %r", name, exc)
        problems.append(Problem(name, "JSON illisible"))
        return None
    if isinstance(data, dict):
        for key in ("data", "records", "items", "lieux", "features"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        problems.append(Problem(name, "le JSON doit être une liste d'objets (une ligne par objet)"))
        return None
    if len(data) > limits.max_rows:
        problems.append(Problem(name, limits.too_many_rows(len(data))))
        return None
    # Escaped lone surrogates (\\ud800) decode to characters no encoder accepts: replaced, said.
    surrogates = re.search(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", text) is not None
    rows, keys, fixed = [], {}, []
    for position, record in enumerate(data, start=1):
        if "properties" in record and isinstance(record["properties"], dict):
            record = record["properties"]
        keys.update(dict.fromkeys(record))
        if len(keys) > limits.max_columns:
            problems.append(Problem(name, limits.too_many_columns(len(keys))))
            return None
        row = {}
        for key, value in record.items():
            key, value = str(key), _cell(value)
            if surrogates:
                key = _SURROGATE.sub("\ufffd", key)
                if _SURROGATE.search(value):
                    value = _SURROGATE.sub("\ufffd", value)
                    fixed.append((position, key, value))
            row[key] = value
        rows.append(row)
    for position, key, value in fixed[:MAX_DETAILED]:
        problems.append(
            Problem(
                name,
                "demi-caractère UTF-16 isolé (échappement \\ud800 à \\udfff) remplacé par « \ufffd »",
                position,
                key,
                WARNING,
                value,
            )
        )
    if len(fixed) > MAX_DETAILED:
        problems.append(
            Problem(
                name,
                f"demi-caractères UTF-16 isolés remplacés dans {fr_count(len(fixed))} cellule(s)",
                severity=WARNING,
            )
        )
    # In JSON a "line" is the position of the object (1 = first object).
    return _finish(pd.DataFrame(rows, dtype=object), 1, name, problems)


# --- CSV ------------------------------------------------------------------------------------


def _sniff_separator(text: str) -> str:
    """Pick the separator that splits the header and the first lines most consistently."""
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for sep in SEPARATORS:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=sep))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if r]
        if not widths or widths[0] < 2:
            continue
        consistent = sum(1 for w in widths if w == widths[0]) / len(widths)
        score = widths[0] * consistent
        if score > best_score:
            best, best_score = sep, score
    return best


class _CsvRefused(Exception):
    """The CSV is refused (French message, without the « CSV mal formé » prefix when `plain`)."""

    def __init__(self, message: str, plain: bool = False):
        super().__init__(message)
        self.plain = plain


def _csv_error(exc: csv.Error, line: int) -> str:
    """csv's English messages, in French, with the line where the record starts."""
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"ligne {fr_count(line)} : une cellule de plus de {fr_count(MAX_CELL_CHARS)} caractères ; un guillemet "
            "jamais fermé ?"
        )
    if "unexpected end of data" in text:
        return f"un guillemet ouvert ligne {fr_count(line)} n'est jamais fermé"
    if "expected after" in text:
        return (
            f"ligne {fr_count(line)} : du texte suit un guillemet fermant (une valeur entre guillemets doit être "
            "suivie du séparateur)"
        )
    log.info("unreadable CSV: %s", text)
    return f"ligne {fr_count(line)} illisible"


def _parse_csv(text: str, sep: str, limits: ReadLimits) -> pd.DataFrame:
    """The rows of a CSV as a frame (header first); raises _CsvRefused naming the text's line.

    Rows are counted as they are read and never kept past the limit; a row with more values
    than the header is refused (pandas would shift it silently under an implicit index), one
    with fewer is completed with empty values, separators at the end of a row are ignored.
    """
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    count = end = start = 0
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # a blank line (a row of empty values stays a row, as pandas read it)
            if header is None:
                header = record
                if len(header) > limits.max_columns:
                    raise _CsvRefused(limits.too_many_columns(len(header)), plain=True)
                continue
            count += 1
            if count > limits.max_rows:
                continue  # counted to the end, for the figure, never kept
            width = len(header)
            if len(record) > width:
                if any(cell.strip() for cell in record[width:]):
                    raise _CsvRefused(
                        f"ligne {fr_count(start)} : {len(record)} valeurs au lieu de {width} (un séparateur dans une "
                        "valeur sans guillemets ?)"
                    )
                record = record[:width]
            elif len(record) < width:
                record = record + [""] * (width - len(record))
            rows.append(record)
    except csv.Error as exc:
        # The record that failed starts after the last one read.
        raise _CsvRefused(_csv_error(exc, end + 1)) from exc
    if header is None:
        raise _CsvRefused("le fichier est vide", plain=True)
    if count > limits.max_rows:
        raise _CsvRefused(limits.too_many_rows(count), plain=True)
    return pd.DataFrame(rows, columns=column_names(header, len(header)), dtype=object)


def _read_csv(text: str, name: str, problems: list[Problem], limits: ReadLimits, encoding: str) -> TableRead:
    # Line ends of every system (\r\n, \n, and \r alone as old Mac exports) read alike.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sep = _sniff_separator(text)
    try:
        frame = _parse_csv(text, sep, limits)
    except _CsvRefused as exc:
        message = str(exc) if exc.plain else f"CSV mal formé ({exc}) ; séparateur détecté : {SEPARATOR_NAMES[sep]}"
        return TableRead(None, problems + [Problem(name, message)], encoding, sep, "csv")
    if sep != ",":
        problems.append(Problem(name, f"séparateur « {SEPARATOR_NAMES[sep]} » détecté", severity=INFO))
    if len(frame.columns) == 1:
        problems.append(
            Problem(
                name,
                "une seule colonne lue : le séparateur n'est ni « , » ni « ; » ni une tabulation ?",
                severity=ERROR,
            )
        )
    # A row's line is its place among the records, the header being line 1, as a spreadsheet numbers
    # it (a value over several lines stays one row); a broken file's messages name its text's lines.
    return TableRead(_finish(frame, 2, name, problems), problems, encoding, sep, "csv")


# --- entry point ----------------------------------------------------------------------------


def read_table(
    source: str | Path | bytes | pd.DataFrame, name: str | None = None, limits: ReadLimits | None = None
) -> TableRead:
    """Read a CSV, XLSX or JSON file (a path or raw bytes) into a frame of strings.

    `limits`: the rows and columns allowed (a dataset's: loaders.limits.limits_for(spec)).
    A frame already read by this function (strings, `_ligne`), e.g. with its columns renamed by
    the import's mapping step, is passed through unchanged, so that every loader accepts it.
    """
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        if LINE not in frame.columns:
            frame.insert(0, LINE, range(2, 2 + len(frame)))
        return TableRead(frame, [], kind="table")
    limits = limits or ReadLimits()
    problems: list[Problem] = []
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            return TableRead(None, [Problem(name, f"fichier introuvable : {path}")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            return TableRead(None, [Problem(name, too_large(size))])
        raw = path.read_bytes()
    else:
        raw = bytes(source)
        name = name or "fichier"
        if len(raw) > MAX_BYTES:
            return TableRead(None, [Problem(name, too_large(len(raw)))])

    if not raw.strip():
        return TableRead(None, [Problem(name, "le fichier est vide")])

    suffix = Path(name).suffix.lower()
    if raw.startswith(b"PK\x03\x04"):
        if suffix not in (".xlsx", ".xlsm"):
            if not zipfile.is_zipfile(io.BytesIO(raw)):
                return TableRead(None, [Problem(name, "fichier compressé illisible")])
            problems.append(
                Problem(
                    name, "ce fichier est un classeur Excel (XLSX) et non un CSV : lu comme classeur", severity=WARNING
                )
            )
        frame = read_xlsx(raw, name, problems, limits)
        if frame is not None:
            frame = _finish(frame, 2, name, problems)
        return TableRead(frame, problems, kind="xlsx")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return TableRead(
            None,
            [
                Problem(
                    name,
                    "ancien format Excel (.xls) non pris en charge : enregistrez le classeur en .xlsx ou en CSV UTF-8",
                )
            ],
        )
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw) is not None
    if not utf16 and _looks_binary(raw):
        return TableRead(None, [Problem(name, "fichier binaire : ce n'est ni un CSV, ni un XLSX, ni un JSON")])

    text, encoding = _decode(raw, name, problems)
    stripped = text.lstrip("\ufeff \t\r\n")
    if suffix == ".json" or stripped.startswith(("[", "{")):
        frame = _read_json(text, name, problems, limits)
        return TableRead(frame, problems, encoding=encoding, kind="json")
    return _read_csv(text, name, problems, limits, encoding)


def is_fatal(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


__all__ = ["TableRead", "read_table", "is_fatal", "ERROR", "MAX_BYTES"]
