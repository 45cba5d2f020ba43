"""Reading a table file (CSV, XLSX, JSON) into a frame of strings, whatever its dialect.

Detects the encoding (UTF-8, UTF-8 with BOM, Windows-1252), the separator (`,` `;` tab), a
spreadsheet renamed `.csv`, and says what it did. Every cell comes back as a stripped string
('' when empty) and the frame carries the original line number in the column `_ligne`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.problems import ERROR, INFO, LINE, WARNING, Problem

SEPARATORS = [",", ";", "\t"]
SEPARATOR_NAMES = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class TableRead:
    frame: pd.DataFrame | None
    problems: list[Problem]
    encoding: str | None = None
    separator: str | None = None
    kind: str | None = None


def _decode(raw: bytes, name: str, problems: list[Problem]) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(name, "encodage UTF-16 détecté et converti", severity=INFO))
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
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


def _sniff_separator(text: str) -> str:
    """Pick the separator that splits the header and the first lines most consistently."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
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


def _finish(frame: pd.DataFrame, first_line: int) -> pd.DataFrame:
    frame = frame.fillna("").astype(str)
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    frame = frame.apply(lambda s: s.str.strip())
    frame.insert(0, LINE, range(first_line, first_line + len(frame)))
    # Entirely empty rows (frequent at the end of Excel exports) are not data.
    data_cols = [c for c in frame.columns if c != LINE]
    if data_cols:
        frame = frame[(frame[data_cols] != "").any(axis=1)]
    return frame.reset_index(drop=True)


def _read_xlsx(raw: bytes, name: str, problems: list[Problem]) -> pd.DataFrame | None:
    try:
        frame = pd.read_excel(io.BytesIO(raw), dtype=str, engine="openpyxl", sheet_name=0)
    except Exception as exc:  # openpyxl raises many kinds of errors on broken files
        problems.append(Problem(name, f"classeur Excel illisible ({type(exc).__name__})"))
        return None
    return _finish(frame, first_line=2)


def _read_json(text: str, name: str, problems: list[Problem]) -> pd.DataFrame | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, f"JSON invalide (ligne {exc.lineno}, colonne {exc.colno})"))
        return None
    if isinstance(data, dict):
        for key in ("data", "records", "items", "lieux", "features"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        problems.append(Problem(name, "le JSON doit être une liste d'objets (une ligne par objet)"))
        return None
    rows = []
    for record in data:
        if "properties" in record and isinstance(record["properties"], dict):
            record = record["properties"]
        rows.append(
            {
                k: "|".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
                for k, v in record.items()
            }
        )
    # In JSON a "line" is the position of the object (1 = first object).
    frame = pd.DataFrame(rows)
    frame = _finish(frame, first_line=1)
    return frame


def read_table(source: str | Path | bytes | pd.DataFrame, name: str | None = None) -> TableRead:
    """Read a CSV, XLSX or JSON file (a path or raw bytes) into a frame of strings.

    A frame already read by this function (strings, `_ligne`), e.g. with its columns renamed by
    the import's mapping step, is passed through unchanged, so that every loader accepts it.
    """
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        if LINE not in frame.columns:
            frame.insert(0, LINE, range(2, 2 + len(frame)))
        return TableRead(frame, [], kind="table")
    problems: list[Problem] = []
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            return TableRead(None, [Problem(name, f"fichier introuvable : {path}")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            return TableRead(
                None,
                [Problem(name, f"fichier trop volumineux ({size / 2**20:.0f} Mo ; maximum {MAX_BYTES // 2**20} Mo)")],
            )
        raw = path.read_bytes()
    else:
        raw = bytes(source)
        name = name or "fichier"
        if len(raw) > MAX_BYTES:
            return TableRead(
                None,
                [
                    Problem(
                        name, f"fichier trop volumineux ({len(raw) / 2**20:.0f} Mo ; maximum {MAX_BYTES // 2**20} Mo)"
                    )
                ],
            )

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
        frame = _read_xlsx(raw, name, problems)
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
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return TableRead(None, [Problem(name, "fichier binaire : ce n'est ni un CSV, ni un XLSX, ni un JSON")])

    text, encoding = _decode(raw, name, problems)
    stripped = text.lstrip()
    if suffix == ".json" or stripped.startswith(("[", "{")):
        frame = _read_json(text, name, problems)
        return TableRead(frame, problems, encoding=encoding, kind="json")

    sep = _sniff_separator(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            on_bad_lines="error",
            engine="python",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        message = str(exc).splitlines()[0]
        return TableRead(
            None,
            problems + [Problem(name, f"CSV mal formé ({message}) ; séparateur détecté : {SEPARATOR_NAMES[sep]}")],
            encoding,
            sep,
            "csv",
        )
    except pd.errors.EmptyDataError:
        return TableRead(None, problems + [Problem(name, "le fichier est vide")], encoding, sep, "csv")
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
    return TableRead(_finish(frame, first_line=2), problems, encoding, sep, "csv")


def is_fatal(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


__all__ = ["TableRead", "read_table", "is_fatal", "ERROR"]
