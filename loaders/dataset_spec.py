"""Declaring a dataset once and loading any table against that declaration.

A `DatasetSpec` lists the fields of a dataset (name, kind, required, allowed values...).
From it come: the column check of a file, the parsing of each cell into its type (dates,
numbers, cents, lists), and a pandera schema that validates the typed frame. Every failure
becomes a French `Problem` naming the file, the line and the column; failing rows are set
aside in `LoadResult.rejected`, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa

from loaders.money import parse_euros_to_cents
from loaders.problems import ERROR, LINE, WARNING, LoadResult, Problem

MULTI_SEPARATOR = "|"

# The dtype of each kind of field in a loaded (typed) frame.
KIND_DTYPES = {
    "text": pd.StringDtype(),
    "code": pd.StringDtype(),
    "enum": pd.StringDtype(),
    "date": "datetime64[ns]",
    "number": "float64",
    "integer": "Int64",
    "money": "Int64",
    "bool": "boolean",
    "multi": object,
}
KINDS = tuple(KIND_DTYPES)

_TRUE = {"oui", "o", "true", "vrai", "1", "yes", "y", "x"}
_FALSE = {"non", "n", "false", "faux", "0", "no", ""}
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One column of a dataset.

    kind: text | code | date | number | integer | money (-> int cents, column `<name>_centimes`)
          | bool | enum (one of `choices`) | multi (`|`-separated values, -> list).
    required: the column must be present and every value filled.
    optional fields may be absent from a file; they are then added empty.
    """

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    label: str = ""
    # For enum/multi: unknown values are reported as warnings and kept (True) or are errors (False).
    lenient: bool = False
    # An unreadable value is a warning (value left empty, row kept) rather than an error.
    soft: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for {self.name}")

    @property
    def target(self) -> str:
        return f"{self.name}_centimes" if self.kind == "money" else self.name


@dataclass(frozen=True)
class Reference:
    """A column whose values are ids of another dataset (`dataset`.`column`): checked at every
    load against that dataset's current rows; `soft`: unknown ids are reported, rows kept."""

    column: str
    dataset: str
    target: str
    soft: bool = False


@dataclass(frozen=True)
class DatasetSpec:
    """One dataset, declared once: everything else (store, bundle, import, diff, templates,
    loading order) reads it from here."""

    key: str
    label: str
    fields: tuple[Field, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    # How the interface groups datasets when it names their provenance (loaders/provenance.py).
    family: str = ""
    # The column(s) that identify a row (the import's diff, the store's history).
    id_columns: tuple[str, ...] = ()
    # The DataBundle attribute that holds its frame (loaders/bundle.py).
    bundle_field: str = ""
    # Its ids of other datasets, checked at load (and loaded after them).
    references: tuple[Reference, ...] = ()
    # Example rows of its file template (loaders/templates.py), valid against the hub of hub.toml.
    examples: tuple[dict[str, str], ...] = ()

    @property
    def required_columns(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def pandera_schema(self) -> pa.DataFrameSchema:
        """The typed frame's schema (after parsing), declared from the same fields."""
        columns = {}
        for f in self.fields:
            checks = []
            if f.kind in ("number", "integer", "money") and f.minimum is not None:
                checks.append(pa.Check.ge(f.minimum, error=f"valeur inférieure au minimum {f.minimum:g}"))
            if f.kind in ("number", "integer", "money") and f.maximum is not None:
                checks.append(pa.Check.le(f.maximum, error=f"valeur supérieure au maximum {f.maximum:g}"))
            if f.kind in ("text", "code", "enum") and f.pattern:
                checks.append(pa.Check.str_matches(f.pattern, error="format invalide"))
            if f.kind == "enum" and f.choices and not f.lenient:
                checks.append(
                    pa.Check.isin(list(f.choices), error="valeur hors de la liste autorisée : " + ", ".join(f.choices))
                )
            if f.kind == "multi" and f.choices and not f.lenient:
                allowed = set(f.choices)
                checks.append(
                    pa.Check(
                        lambda s, allowed=allowed: s.map(lambda v: v is None or all(x in allowed for x in v)),
                        error="valeur hors de la liste autorisée",
                    )
                )
            columns[f.target] = pa.Column(
                KIND_DTYPES[f.kind], checks=checks, nullable=not f.required, required=True, coerce=False
            )
        return pa.DataFrameSchema(columns, strict=False, name=self.key)


# --- cell parsers: value -> (parsed, error message or None) ---------------------------------


def parse_date(text: str) -> tuple[pd.Timestamp | None, str | None, bool]:
    """Returns (date, error, was_french_format)."""
    if text == "":
        return None, None, False
    m = _DATE_FR.match(text)
    try:
        if m:
            d, mth, y = map(int, m.groups())
            return pd.Timestamp(dt.date(y, mth, d)), None, True
        value = dt.date.fromisoformat(text[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", text) else None
        if value is None:
            return None, "date illisible (attendu AAAA-MM-JJ ou JJ/MM/AAAA)", False
        return pd.Timestamp(value), None, False
    except ValueError:
        return None, "date impossible", False


def parse_number(text: str) -> tuple[float | None, str | None]:
    if text == "":
        return None, None
    s = text.replace("\u00a0", "").replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(s):
        return None, "nombre illisible"
    return float(s.replace(",", ".")), None


def split_multi(text: str) -> list[str]:
    if text == "":
        return []
    return [part.strip() for part in text.split(MULTI_SEPARATOR) if part.strip()]


def _normalise_header(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip().lower())


# --- loading --------------------------------------------------------------------------------


def match_columns(frame: pd.DataFrame, spec: DatasetSpec) -> tuple[pd.DataFrame, list[str]]:
    """Rename the file's columns to the spec's names (case, spaces, declared aliases)."""
    wanted = {f.name: f.name for f in spec.fields}
    for alias, target in spec.aliases.items():
        wanted[_normalise_header(alias)] = target
    renames, seen = {}, set()
    for col in frame.columns:
        if col == LINE:
            continue
        key = _normalise_header(col)
        target = wanted.get(col) or wanted.get(key)
        if target and target not in seen:
            renames[col] = target
            seen.add(target)
    missing = [f.name for f in spec.fields if f.required and f.name not in seen]
    return frame.rename(columns=renames), missing


def load_frame(raw: pd.DataFrame, spec: DatasetSpec, file: str) -> LoadResult:
    """Validate a frame of strings (from `read_table`) against `spec`."""
    problems: list[Problem] = []
    frame, missing = match_columns(raw, spec)
    if missing:
        present = ", ".join(c for c in raw.columns if c != LINE) or "aucune"
        problems.append(
            Problem(
                file,
                f"colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}. Colonnes trouvées : {present}",
                column=", ".join(missing),
            )
        )
        return LoadResult(frame=empty_frame(spec), problems=problems, rejected=raw)

    if LINE not in frame.columns:
        frame.insert(0, LINE, range(2, 2 + len(frame)))
    bad_rows: set[int] = set()
    out = pd.DataFrame({LINE: frame[LINE].to_numpy()}, index=frame.index)

    for f in spec.fields:
        if f.name not in frame.columns:
            values = pd.Series([""] * len(frame), index=frame.index, dtype=object)
        else:
            values = frame[f.name].astype(str)
        lines = frame[LINE]
        if f.required:
            for idx in values.index[values == ""]:
                problems.append(Problem(file, "valeur obligatoire manquante", int(lines[idx]), f.name))
                bad_rows.add(idx)
        if f.kind in ("text", "code", "enum"):
            out[f.target] = values.replace("", None).astype(pd.StringDtype())
            if f.kind == "enum" and f.choices and f.lenient:
                unknown = values[(values != "") & ~values.isin(f.choices)]
                for idx, v in unknown.items():
                    problems.append(
                        Problem(
                            file, "valeur hors de la liste attendue (conservée)", int(lines[idx]), f.name, WARNING, v
                        )
                    )
        elif f.kind == "date":
            parsed = []
            french = 0
            for idx, v in values.items():
                d, err, fr = parse_date(v)
                french += fr
                if err:
                    _bad_value(problems, bad_rows, f, file, err, int(lines[idx]), idx, v)
                parsed.append(d)
            out[f.target] = pd.to_datetime(pd.Series(parsed, index=values.index, dtype=object)).astype("datetime64[ns]")
            if french:
                problems.append(
                    Problem(file, f"{french} date(s) au format JJ/MM/AAAA converties", column=f.name, severity=WARNING)
                )
        elif f.kind in ("number", "integer"):
            parsed = []
            for idx, v in values.items():
                num, err = parse_number(v)
                if err is None and num is not None and f.kind == "integer" and not float(num).is_integer():
                    err = "nombre entier attendu"
                if err:
                    _bad_value(problems, bad_rows, f, file, err, int(lines[idx]), idx, v)
                    num = None
                parsed.append(np.nan if num is None else num)
            series = pd.Series(parsed, index=values.index, dtype="float64")
            out[f.target] = series.astype("Int64") if f.kind == "integer" else series
        elif f.kind == "money":
            parsed = []
            for idx, v in values.items():
                if v == "":
                    parsed.append(pd.NA)
                    continue
                try:
                    parsed.append(parse_euros_to_cents(v))
                except ValueError:
                    problems.append(
                        Problem(
                            file, "montant illisible (attendu 12500.00 ou 12 500,00)", int(lines[idx]), f.name, value=v
                        )
                    )
                    bad_rows.add(idx)
                    parsed.append(pd.NA)
            out[f.target] = pd.array(parsed, dtype="Int64")
        elif f.kind == "bool":
            parsed = []
            for idx, v in values.items():
                low = v.lower()
                if low in _TRUE:
                    parsed.append(True)
                elif low in _FALSE:
                    parsed.append(False if low else pd.NA)
                else:
                    problems.append(Problem(file, "valeur attendue : oui ou non", int(lines[idx]), f.name, value=v))
                    bad_rows.add(idx)
                    parsed.append(pd.NA)
            out[f.target] = pd.array(parsed, dtype="boolean")
        elif f.kind == "multi":
            lists = values.map(split_multi).astype(object)
            if f.choices and f.lenient:
                allowed = set(f.choices)
                for idx, items in lists.items():
                    extra = [x for x in items if x not in allowed]
                    if extra:
                        problems.append(
                            Problem(
                                file,
                                "valeur(s) hors de la liste attendue (conservées)",
                                int(lines[idx]),
                                f.name,
                                WARNING,
                                " | ".join(extra),
                            )
                        )
            out[f.target] = lists

    # Uniqueness: the first occurrence wins, later ones are set aside.
    for f in spec.fields:
        if f.unique:
            col = out[f.target]
            dup = col.notna() & col.duplicated(keep="first")
            first_line = {}
            for idx, v in col.items():
                if pd.notna(v) and v not in first_line:
                    first_line[v] = int(out.at[idx, LINE])
            for idx in col.index[dup]:
                problems.append(
                    Problem(
                        file,
                        f"identifiant en double (déjà présent ligne {first_line[col[idx]]})",
                        int(out.at[idx, LINE]),
                        f.name,
                        value=str(col[idx]),
                    )
                )
                bad_rows.add(idx)

    # Declared checks (allowed values, patterns, bounds) through pandera, row by row.
    soft_fields = {f.name for f in spec.fields if f.soft}
    try:
        spec.pandera_schema().validate(out, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.itertuples(index=False):
            idx = case.index
            if idx is None or (isinstance(idx, float) and np.isnan(idx)):
                problems.append(Problem(file, f"colonne invalide : {case.check}", column=_source_column(case.column)))
                continue
            if case.check == "not_nullable":
                continue  # already reported as a missing value
            column = _source_column(case.column)
            line = int(out.at[idx, LINE])
            if column in soft_fields:
                problems.append(
                    Problem(
                        file,
                        f"{case.check} : valeur ignorée, ligne conservée",
                        line,
                        column,
                        WARNING,
                        _shown(case.failure_case),
                    )
                )
                out.at[idx, case.column] = np.nan
                continue
            problems.append(Problem(file, str(case.check), line, column, value=_shown(case.failure_case)))
            bad_rows.add(idx)

    rejected = frame.loc[sorted(bad_rows)] if bad_rows else frame.iloc[0:0]
    clean = out.drop(index=list(bad_rows)).reset_index(drop=True)
    if bad_rows:
        problems.append(
            Problem(
                file,
                f"{len(bad_rows)} ligne(s) écartée(s) sur {len(frame)} ; les autres sont chargées",
                severity=WARNING,
            )
        )
    return LoadResult(frame=clean, problems=problems, rejected=rejected.reset_index(drop=True))


def _bad_value(problems: list, bad_rows: set, f: Field, file: str, message: str, line: int, idx, value: str) -> None:
    if f.soft:
        problems.append(Problem(file, message + " : valeur ignorée, ligne conservée", line, f.name, WARNING, value))
    else:
        problems.append(Problem(file, message, line, f.name, value=value))
        bad_rows.add(idx)


def _source_column(name) -> str | None:
    if name is None:
        return None
    name = str(name)
    return name[: -len("_centimes")] if name.endswith("_centimes") else name


def _shown(value) -> str:
    if isinstance(value, (list, tuple)):
        return " | ".join(map(str, value))
    return str(value)


def empty_frame(spec: DatasetSpec) -> pd.DataFrame:
    """A frame with the spec's typed columns and no rows."""
    data = {LINE: pd.Series([], dtype="int64")}
    for f in spec.fields:
        data[f.target] = pd.Series([], dtype=KIND_DTYPES[f.kind])
    return pd.DataFrame(data)


def check_references(
    frame: pd.DataFrame, column: str, allowed: set, file: str, message: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Set aside rows whose `column` value is not in `allowed` (foreign keys)."""
    if frame.empty:
        return frame, []
    bad = frame[column].notna() & ~frame[column].isin(allowed)
    problems = [Problem(file, message, int(r[LINE]), column, ERROR, str(r[column])) for _, r in frame[bad].iterrows()]
    return frame[~bad].reset_index(drop=True), problems


def load_file(source, spec: DatasetSpec, file_name: str | None = None) -> LoadResult:
    """Read a file (path or bytes) and validate it against `spec`."""
    from pathlib import Path

    from loaders.tabular_reading import read_table

    name = file_name or Path(str(source)).name
    read = read_table(source, name)
    if read.frame is None:
        return LoadResult(empty_frame(spec), read.problems)
    result = load_frame(read.frame, spec, name)
    result.problems[:0] = read.problems
    result.meta.update({"encodage": read.encoding, "separateur": read.separator, "format": read.kind})
    return result
