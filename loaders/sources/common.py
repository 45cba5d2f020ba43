"""What the readers of the national lists share: names, vintages, cleaning, the final step.

Every reader maps its list onto the national standard's columns as strings, then hands the
mapped frame to `finish`, which types it with the actors' declaration (`schemas.ACTEURS`,
with `adresse` optional because some lists carry no address), runs `normalise_actors` (codes,
départements, EPCI, flags), places the rows without coordinates at their commune's
population centre (flagged approximate) and returns a `LoadResult` shaped exactly like
`load_actors`'s.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from loaders import lieux_standard as std
from loaders.actors import COORDINATES, normalise_actors
from loaders.dataset_spec import MULTI_SEPARATOR, load_frame
from loaders.limits import limits_for
from loaders.problems import ERROR, INFO, LINE, WARNING, LoadResult, Problem
from loaders.schemas import ACTEURS
from loaders.tabular_reading import TableRead, read_table
from loaders.territories import Territories

# Names of the lists, as they appear in `source` and `sources`.
FRANCE_SERVICES = "France Services (ANCT)"
FRANCE_SERVICES_DETAILED = "France Services (ANCT, format détaillé)"
CONSEILLERS_NUMERIQUES = "Conseillers numériques (ANCT)"
AIDANTS_CONNECT = "Aidants Connect (ANCT)"

# The national list each source belongs to (two formats of the France Services list are one list).
NATIONAL_LISTS: dict[str, str] = {
    FRANCE_SERVICES: "France Services",
    FRANCE_SERVICES_DETAILED: "France Services",
    CONSEILLERS_NUMERIQUES: "Conseillers numériques",
    AIDANTS_CONNECT: "Aidants Connect",
}

# Lists carry no address in some formats: the standard requires it, the hub keeps the place.
SOURCE_SPEC = dataclasses.replace(
    ACTEURS,
    fields=tuple(dataclasses.replace(f, required=False) if f.name == "adresse" else f for f in ACTEURS.fields),
)

MISSING_COORDINATES = "coordonnées absentes"


def national_list(source: str) -> str:
    """The national list a source name belongs to (the name itself when unknown)."""
    return NATIONAL_LISTS.get(source, source)


# --- vintage --------------------------------------------------------------------------------

_ISO_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")


def vintage_from_name(name: str) -> dt.date | None:
    """The list's date written in its file name (`..._2024-08-01.csv` or `20230405-...`)."""
    stem = Path(name).name
    for pattern in (_ISO_IN_NAME, _COMPACT_IN_NAME):
        match = pattern.search(stem)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                continue
    return None


def french_date(text: str) -> dt.date | None:
    """`JJ/MM/AAAA` found in a text, as a date."""
    match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text or "")
    if not match:
        return None
    day, month, year = map(int, match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def fr(date: dt.date) -> str:
    return date.strftime("%d/%m/%Y")


# --- text cleaning --------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text)).strip()


_TRAILING_COUNTRY = re.compile(r"[\s,;–-]*\bFrance\s*$", re.IGNORECASE)
_TRAILING_POSTCODE_TOWN = re.compile(r"^(?P<street>.*?)[\s,;–—-]*\b\d{5}\b[\s,;–—-]*[^\d,;]*$")


def header_columns(frame: pd.DataFrame, headers: dict[str, str], required) -> tuple[dict[str, str], list[str]]:
    """Role -> the file's column, matched on folded headers; and the required headers missing."""
    roles = {fold(c): c for c in frame.columns}
    columns_of = {role: roles[header] for header, role in headers.items() if header in roles}
    missing = [header for header, role in headers.items() if role in required and role not in columns_of]
    return columns_of, missing


def street_address(text: str) -> str:
    """The street part of an address that repeats its postal code and town at the end.

    `15 RUE DE MONCONTOUR 22600 LOUDEAC` -> `15 RUE DE MONCONTOUR`; tabs, line breaks,
    commas, dashes and a final `France` are handled; an address with nothing before the
    postal code is kept as written.
    """
    flat = re.sub(r"\s+", " ", text or "").strip()
    flat = _TRAILING_COUNTRY.sub("", flat).strip()
    match = _TRAILING_POSTCODE_TOWN.match(flat)
    if match and match.group("street").strip(" ,;–—-"):
        return match.group("street").strip(" ,;–—-")
    return flat


def e164_phone(text: str) -> str | None:
    """`02 96 60 47 87` -> `+33296604787` (the standard's format); None when not a French number."""
    digits = re.sub(r"[\s.\-/]", "", text or "")
    if re.fullmatch(r"0[1-9]\d{8}", digits):
        return "+33" + digits[1:]
    if re.fullmatch(r"\+33[1-9]\d{8}", digits):
        return digits
    return None


# Typology guessed from a name (lists that carry no typology): first matching rule wins.
# Patterns apply to `fold(name)`; codes are data·inclusion's.
_TYPOLOGY_RULES: tuple[tuple[str, str], ...] = (
    (r"\bfrance ?services?\b|\bfrances services\b", "RFS"),
    (r"\bcias\b|centre intercommunal d action sociale", "CIAS"),
    (r"\bccas\b|centre communal d ?action sociale|ctre com action sociale", "CCAS"),
    (r"\bcdas\b|centre departemental d action sociale", "CDAS"),
    (r"\bmds\b|maison departementale des solidarites", "MDS"),
    (r"\bmdph\b|maison departementale des personnes handicapees", "MDPH"),
    (r"\bmediatheques?\b|\bbibliotheques?\b", "BIB"),
    (r"\bcentre socio ?culturel\b|\bespace socio ?culturel\b|\bespace social et culturel\b", "CSC"),
    (r"\bespace de vie sociale\b|\bevs\b", "EVS"),
    (r"\bcentre social\b|\bcentres sociaux\b", "CS"),
    (r"\bmaison de quartier\b|\bmaison pour tous\b", "MQ"),
    (r"\bmjc\b|maison des? jeunes et (de )?la culture", "MJC"),
    (r"\bmission locale\b", "ML"),
    (r"\bcentre medico psychologique\b|\bcmp\b", "CMP"),
    (r"\bcentre medico social\b", "CMS"),
    (r"\bsous prefecture\b|\bprefecture\b", "PREF"),
    (r"\bfjt\b|\bfoyer de jeunes travailleurs\b", "RS_FJT"),
    (r"\bpimms\b", "PIMMS"),
    (r"\bpoint information jeunesse\b|\bpij\b|\bbij\b", "PIJ_BIJ"),
    (r"\bla poste\b|\bagence postale\b", "LA_POSTE"),
    (r"\bcommunaute de communes\b|\bcomm?unaute com(munes)?\b|^cc\b", "CC"),
    (r"\bcommunaute d agglomeration\b|\bagglomeration\b|^ca\b|\bmetropole\b|\bcommunaute\b", "EPCI"),
    (r"^(commune|mairie|ville|hotel de ville)\b|\bmairie\b", "MUNI"),
    (r"\bmaison de l emploi\b", "MDE"),
    (r"\bespace public numerique\b|\bepn\b|\bcyber", "EPN"),
    (r"\btiers lieux?\b", "TIERS_LIEUX"),
    (r"\bfab ?lab\b", "FABLAB"),
    (r"\bcaf\b|caisse d allocations familiales", "CAF"),
    (r"\bmsa\b", "MSA"),
    (r"\bcpam\b", "CPAM"),
    (r"\bafpa\b", "AFPA"),
    (r"\bcite des metiers\b", "CITMET"),
    (r"^(association|ass|asso)\b|\bassociation\b", "ASSO"),
)


def guess_typology(name: str) -> str | None:
    """The data·inclusion typology a structure's name announces, or None."""
    folded = fold(name)
    for pattern, code in _TYPOLOGY_RULES:
        if re.search(pattern, folded):
            return code
    return None


def joined(values) -> str:
    """Multi-valued cell as the standard writes it."""
    return MULTI_SEPARATOR.join(v for v in values if v)


# --- rows set aside before mapping ----------------------------------------------------------


def line_ranges(lines: list[int]) -> str:
    return ", ".join(str(x) for x in lines[:20]) + (" …" if len(lines) > 20 else "")


def empty_and_duplicate_rows(raw: pd.DataFrame, name: str) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem], dict]:
    """Report the empty rows `read_table` skipped and set aside exact duplicate rows.

    Returns (kept rows, rows set aside, problems, counts).
    """
    problems: list[Problem] = []
    lines = raw[LINE].astype(int)
    expected = set(range(2, int(lines.max()) + 1)) if len(lines) else set()
    empty = sorted(expected - set(lines))
    if empty:
        problems.append(
            Problem(name, f"{len(empty)} ligne(s) vide(s) ignorée(s) (lignes {line_ranges(empty)})", severity=INFO)
        )
    data = [c for c in raw.columns if c != LINE]
    duplicated = raw.duplicated(subset=data, keep="first")
    for idx in raw.index[duplicated]:
        same = raw[(raw[data] == raw.loc[idx, data]).all(axis=1)]
        first = int(same[LINE].iloc[0])
        problems.append(
            Problem(
                name, f"ligne identique à la ligne {first} : doublon écarté", int(raw.at[idx, LINE]), severity=WARNING
            )
        )
    counts = {"lignes_vides": len(empty), "lignes_en_double": int(duplicated.sum())}
    return raw[~duplicated].reset_index(drop=True), raw[duplicated].reset_index(drop=True), problems, counts


# --- the final step -------------------------------------------------------------------------


def fill_coordinates_from_communes(frame: pd.DataFrame, territories: Territories) -> tuple[pd.DataFrame, pd.Series]:
    """Rows without coordinates take their commune's population centre, flagged approximate.

    The centre is the reference's `centre_lat`/`centre_lon` (the town hall when it lies in the
    commune). Returns the new frame and the mask of the rows filled.
    """
    frame = frame.copy()
    centres = territories.communes.set_index("code_insee")[["centre_lat", "centre_lon"]]
    missing = frame["latitude"].isna() & frame["longitude"].isna()
    code = frame["code_insee"].astype(object).where(frame["code_insee"].notna(), None)
    known = code.isin(centres.index) & missing
    if known.any():
        rows = centres.reindex(code[known].to_numpy())
        frame.loc[known, "latitude"] = rows["centre_lat"].to_numpy(dtype=float)
        frame.loc[known, "longitude"] = rows["centre_lon"].to_numpy(dtype=float)
        frame.loc[known, "coordonnees_approximatives"] = True
    frame["coordonnees_approximatives"] = frame["coordonnees_approximatives"].astype(bool)
    return frame, known


def _rename_columns(problems: list[Problem], names: dict[str, str]) -> list[Problem]:
    """Problems name the file's own column where the reader knows it."""
    out = []
    for p in problems:
        column = names.get(p.column, p.column) if p.column else p.column
        out.append(dataclasses.replace(p, column=column))
    return out


def finish(
    read: TableRead,
    kept: pd.DataFrame,
    mapped: pd.DataFrame,
    territories: Territories,
    name: str,
    *,
    source: str,
    source_format: str,
    vintage: dt.date | None,
    problems: list[Problem],
    set_aside: list[pd.DataFrame],
    column_names: dict[str, str],
    meta: dict,
    missing_address_note: str | None = None,
) -> LoadResult:
    """Type, normalise and complete the mapped rows; assemble the `LoadResult`.

    `kept` holds the file's rows that were mapped (same order as `mapped`, with `_ligne`);
    `set_aside` the file's rows already set aside (duplicates, inactive...).
    """
    loaded = load_frame(mapped, SOURCE_SPEC, name)
    problems = problems + _rename_columns(loaded.problems, column_names)
    frame, found = normalise_actors(loaded.frame, territories, name)
    frame, filled = fill_coordinates_from_communes(frame, territories)
    filled_lines = set(frame.loc[filled, LINE].astype(int))
    found = [
        p
        for p in found
        if not (p.column == COORDINATES and p.message.startswith(MISSING_COORDINATES) and p.line in filled_lines)
    ]
    problems += _rename_columns(found, column_names)
    if filled.any():
        problems.append(
            Problem(
                name,
                f"{int(filled.sum())} lieu(x) sans coordonnées placé(s) au centre de leur commune (position de la "
                "mairie) : "
                "coordonnées approximatives, marquées comme telles (colonne coordonnees_approximatives)",
                column=COORDINATES,
                severity=INFO,
            )
        )
    if missing_address_note and len(frame):
        no_address = frame["adresse"].isna()
        if no_address.any():
            problems.append(
                Problem(
                    name,
                    f"{int(no_address.sum())} lieu(x) sans adresse : {missing_address_note}",
                    column="adresse",
                    severity=WARNING,
                )
            )

    rejected_lines = (
        set(loaded.rejected[LINE].astype(int)) if len(loaded.rejected) and LINE in loaded.rejected else set()
    )
    rejected = (
        pd.concat([*set_aside, kept[kept[LINE].isin(rejected_lines)]], ignore_index=True)
        if (set_aside or rejected_lines)
        else kept.iloc[0:0]
    )
    rejected = rejected.sort_values(LINE).reset_index(drop=True) if len(rejected) else rejected
    counts = {
        "lignes_lues": len(read.frame) if read.frame is not None else 0,
        "lignes_chargees": len(frame),
        "lignes_ecartees": len(rejected),
        "hors_region": int(frame["hors_region"].sum()),
        "coordonnees_approximatives": int(frame["coordonnees_approximatives"].sum()),
    }
    full_meta = (
        {
            "fichier": name,
            "encodage": read.encoding,
            "separateur": read.separator,
            "format": read.kind,
            "source": source,
            "format_source": source_format,
            "millesime": vintage.isoformat() if vintage else None,
        }
        | meta
        | counts
    )
    return LoadResult(frame, problems, rejected, full_meta)


def mapped_frame(kept: pd.DataFrame, columns: dict[str, pd.Series | str | list]) -> pd.DataFrame:
    """A frame of strings in the standard's columns (with `_ligne`) from per-column values."""
    out = pd.DataFrame({LINE: kept[LINE].to_numpy()}, index=kept.index)
    for column in std.COLUMNS + std.HUB_COLUMNS:
        value = columns.get(column, "")
        if isinstance(value, pd.Series):
            out[column] = value.astype(object).where(value.notna(), "").astype(str).to_numpy()
        else:
            out[column] = np.full(len(kept), value if isinstance(value, str) else joined(value), dtype=object)
    return out.reset_index(drop=True)


def read_source_table(source: str | Path | bytes, name: str) -> TableRead:
    """`read_table`, kept here so that every reader reads the same way (with the actors' limits)."""
    return read_table(source, name, limits_for(ACTEURS))


def open_list(
    source,
    file_name: str | None,
    headers: dict[str, str],
    required,
    list_label: str,
    list_source: str,
    source_format: str,
):
    """Read a national list and match its headers: (name, read, columns_of, None), or
    (name, read, None, the LoadResult to return) when the file is unreadable or lacks columns."""
    name = file_name or (Path(source).name if isinstance(source, (str, Path)) else "fichier")
    read = read_source_table(source, name)
    if read.frame is None:
        return name, read, None, unreadable(read, name, list_source, source_format)
    columns_of, missing = header_columns(read.frame, headers, required)
    if missing:
        problem = Problem(name, f"colonne(s) absente(s) pour {list_label} : {', '.join(missing)}")
        return name, read, None, unreadable(read, name, list_source, source_format, [problem])
    return name, read, columns_of, None


def unreadable(
    read: TableRead, name: str, source: str, source_format: str, extra: list[Problem] | None = None
) -> LoadResult:
    """The result for a file that could not be read or is not in the expected format."""
    from loaders.actors import empty_actors_frame

    problems = list(read.problems) + list(extra or [])
    if not any(p.severity == ERROR for p in problems):
        problems.append(Problem(name, "fichier illisible"))
    rows = read.frame if read.frame is not None else pd.DataFrame()
    meta = {
        "fichier": name,
        "encodage": read.encoding,
        "separateur": read.separator,
        "format": read.kind,
        "source": source,
        "format_source": source_format,
        "millesime": None,
        "lignes_lues": len(rows),
        "lignes_chargees": 0,
        "lignes_ecartees": len(rows),
        "hors_region": 0,
        "coordonnees_approximatives": 0,
    }
    return LoadResult(empty_actors_frame(), problems, rows, meta)
