"""The national list of France Services sites (ANCT), in its two public formats.

- short format (`id_fs, insee_dep, lib_fs, insee_com, lib_com, type_fs, format_fs, latitude,
  longitude, labellisation_fs`): no address, no contact;
- detailed format (adds `adresse, complement_adresse, code_postal, mail, telephone, h_lundi…
  h_samedi, commentaire, itinerance, groupe, labellisation, format_fs_anct`).

Both give the site's ANCT number, so both map to the id `fs-<id_fs>` and the same site read
from both formats is recognised as one place by the merge. What the list says, and what
follows from the France Services charter (documented here because it is not in the file):
typology `RFS`, programme `France Services`, services `Aide aux démarches administratives`
and `Accès internet et matériel informatique` (free computer access is part of the charter),
fees `Gratuit`. Vintage (`date_maj` of every row): the date in the file name, or the
`vintage` argument; for the detailed format without a date, the latest labelling date of the
file (a lower bound, reported).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from loaders.problems import INFO, WARNING, LoadResult, Problem
from loaders.sources.common import (
    FRANCE_SERVICES,
    FRANCE_SERVICES_DETAILED,
    e164_phone,
    empty_and_duplicate_rows,
    finish,
    fold,
    fr,
    french_date,
    mapped_frame,
    read_source_table,
    unreadable,
    vintage_from_name,
)
from loaders.territories import Territories

SHORT_COLUMNS = ("id_fs", "lib_fs", "insee_com", "lib_com", "format_fs", "latitude", "longitude")
DETAILED_COLUMNS = SHORT_COLUMNS + ("adresse", "code_postal", "mail", "telephone", "h_lundi", "itinerance")

SERVICES = ("Aide aux démarches administratives", "Accès internet et matériel informatique")
PROGRAMME = "France Services"
TYPOLOGY = "RFS"
FEES = "Gratuit"

# `format_fs` of the short format -> itinerance of the standard.
ITINERANCE_SHORT = {
    "fixe": "Fixe",
    "multisites": "Fixe",
    "fixe_antenne(s)": "Fixe",
    "itinerante": "Itinérant",
    "itinérante": "Itinérant",
    "bus_equivalent": "Itinérant",
    "bus_équivalent": "Itinérant",
}
DAYS = (
    ("h_lundi", "Mo"),
    ("h_mardi", "Tu"),
    ("h_mercredi", "We"),
    ("h_jeudi", "Th"),
    ("h_vendredi", "Fr"),
    ("h_samedi", "Sa"),
    ("h_dimanche", "Su"),
)


def read_france_services(
    source: str | Path | bytes, territories: Territories, file_name: str | None = None, vintage: dt.date | None = None
) -> LoadResult:
    """Read a France Services list (short or detailed format) into the actors frame."""
    name = file_name or (Path(source).name if isinstance(source, (str, Path)) else "fichier")
    read = read_source_table(source, name)
    if read.frame is None:
        return unreadable(read, name, FRANCE_SERVICES, "france_services")
    raw = read.frame
    headers = set(raw.columns)
    detailed = {"adresse", "mail", "telephone"} <= headers
    source_name = FRANCE_SERVICES_DETAILED if detailed else FRANCE_SERVICES
    source_format = "france_services_detaille" if detailed else "france_services"
    missing = [c for c in (DETAILED_COLUMNS if detailed else SHORT_COLUMNS) if c not in headers]
    if missing:
        problem = Problem(
            name,
            f"colonne(s) absente(s) pour une liste France Services : {', '.join(missing)}",
            column=", ".join(missing),
        )
        return unreadable(read, name, source_name, source_format, [problem])

    kept, duplicates, problems, counts = empty_and_duplicate_rows(raw, name)
    problems = list(read.problems) + problems
    vintage, vintage_note = _vintage(kept, name, vintage, detailed)
    if vintage_note:
        problems.append(vintage_note)

    columns: dict = {
        "id": ("fs-" + kept["id_fs"]).where(kept["id_fs"] != "", ""),
        "nom": kept["lib_fs"],
        "commune": kept["lib_com"],
        "code_insee": kept["insee_com"],
        "latitude": kept["latitude"],
        "longitude": kept["longitude"],
        "typologie": TYPOLOGY,
        "source": source_name,
        "sources": source_name,
        "date_maj": vintage.isoformat() if vintage else "",
        "services": list(SERVICES),
        "frais_a_charge": FEES,
        "dispositif_programmes_nationaux": PROGRAMME,
    }
    if detailed:
        columns |= _detailed_columns(kept, name, problems)
    else:
        columns["itinerance"] = _itinerance_short(kept, name, problems)
        columns["presentation_resume"] = _summaries(kept, "labellisation_fs", "type_fs", "format_fs")
    mapped = mapped_frame(kept, columns)
    file_columns = {
        "id": "id_fs",
        "nom": "lib_fs",
        "commune": "lib_com",
        "code_insee": "insee_com",
        "adresse": "adresse",
        "telephone": "telephone",
    }
    note = (
        None
        if detailed
        else (
            "ce format de la liste France Services ne donne pas d'adresse ; importez aussi le format détaillé ou "
            "complétez-la avant publication"
        )
    )
    return finish(
        read,
        kept,
        mapped,
        territories,
        name,
        source=source_name,
        source_format=source_format,
        vintage=vintage,
        problems=problems,
        set_aside=[duplicates] if len(duplicates) else [],
        column_names=file_columns,
        meta=counts,
        missing_address_note=note or "adresse à compléter avant publication",
    )


def _vintage(
    kept: pd.DataFrame, name: str, given: dt.date | None, detailed: bool
) -> tuple[dt.date | None, Problem | None]:
    if given:
        return given, None
    from_name = vintage_from_name(name)
    if from_name:
        return from_name, None
    column = "labellisation" if detailed else "labellisation_fs"
    dates = [d for d in (french_date(v) for v in kept.get(column, pd.Series(dtype=str))) if d]
    if dates:
        latest = max(dates)
        return latest, Problem(
            name,
            f"date de la liste absente du nom du fichier : date de mise à jour prise égale à la dernière date de "
            f"labellisation du fichier ({fr(latest)}), une borne basse",
            column="date_maj",
            severity=WARNING,
        )
    return None, Problem(
        name, "date de la liste inconnue : dates de mise à jour laissées vides", column="date_maj", severity=WARNING
    )


def _itinerance_short(kept: pd.DataFrame, name: str, problems: list[Problem]) -> pd.Series:
    folded = kept["format_fs"].str.strip().str.lower()
    mapped = folded.map(ITINERANCE_SHORT)
    unknown = (folded != "") & mapped.isna()
    for idx in kept.index[unknown]:
        problems.append(
            Problem(
                name,
                "format de site inconnu : itinérance laissée vide",
                int(kept.at[idx, "_ligne"]),
                "format_fs",
                WARNING,
                kept.at[idx, "format_fs"],
            )
        )
    return mapped.fillna("")


def _summary(labelling: str, site_type: str, site_format: str) -> str:
    """`Espace France services labellisé le 01/01/2022 ; antenne ; bus itinérant`."""
    date = french_date(labelling)
    parts = [f"Espace France services labellisé le {fr(date)}" if date else "Espace France services"]
    kinds = {fold(site_type), fold(site_format)}
    if "antenne" in kinds or "fixe antenne s" in kinds:
        parts.append("antenne")
    if kinds & {"bus equivalent", "mobile"}:
        parts.append("bus itinérant")
    if "itinerante" in kinds:
        parts.append("accueil itinérant")
    if kinds & {"multisites", "multi sites"}:
        parts.append("multi-sites")
    return " ; ".join(parts)


def _summaries(kept: pd.DataFrame, labelling: str, site_type: str, site_format: str) -> pd.Series:
    column = lambda c: kept[c] if c in kept else pd.Series("", index=kept.index)  # noqa: E731
    return pd.Series(
        [_summary(a, b, c) for a, b, c in zip(column(labelling), column(site_type), column(site_format))],
        index=kept.index,
    )


def _detailed_columns(kept: pd.DataFrame, name: str, problems: list[Problem]) -> dict:
    phones = kept["telephone"].map(e164_phone)
    bad_phone = (kept["telephone"] != "") & phones.isna()
    for idx in kept.index[bad_phone]:
        problems.append(
            Problem(
                name,
                "numéro de téléphone non reconnu (format français attendu) : ignoré",
                int(kept.at[idx, "_ligne"]),
                "telephone",
                WARNING,
                kept.at[idx, "telephone"],
            )
        )
    converted = int((phones.notna() & (phones != kept["telephone"])).sum())
    if converted:
        problems.append(
            Problem(
                name,
                f"{converted} numéro(s) de téléphone mis au format international du standard (+33…)",
                column="telephone",
                severity=INFO,
            )
        )
    mobile = (kept["itinerance"].map(fold) == "oui") | (
        kept.get("format_fs_anct", pd.Series("", index=kept.index)).map(fold) == "mobile"
    )
    return {
        "adresse": kept["adresse"],
        "complement_adresse": kept.get("complement_adresse", ""),
        "code_postal": kept["code_postal"],
        "telephone": phones,
        "courriels": kept["mail"],
        "horaires": kept.apply(opening_hours, axis=1),
        "presentation_resume": _summaries(kept, "labellisation", "format_fs", "format_fs_anct"),
        "presentation_detail": kept.get("commentaire", ""),
        "structure_parente": kept.get("groupe", ""),
        "itinerance": mobile.map({True: "Itinérant", False: "Fixe"}),
    }


def opening_hours(row: pd.Series) -> str:
    """Per-day columns (`09:00 - 12:00 / 14:00 - 17:00`) as OpenStreetMap opening_hours.

    Consecutive days with the same hours are grouped: `Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00`.
    A day whose text is not in the `HH:MM - HH:MM` form is left out.
    """
    days = []
    for column, code in DAYS:
        text = str(row.get(column, "") or "").strip()
        spans = [s.replace(" ", "") for s in text.split("/")] if text else []
        if spans and all(_is_span(s) for s in spans):
            days.append((code, ",".join(spans)))
        else:
            days.append((code, ""))
    groups: list[tuple[str, str, str]] = []  # first day, last day, hours
    for code, hours in days:
        if groups and groups[-1][2] == hours and hours and _next_day(groups[-1][1]) == code:
            groups[-1] = (groups[-1][0], code, hours)
        elif hours:
            groups.append((code, code, hours))
    return "; ".join((f"{a}-{b}" if a != b else a) + " " + hours for a, b, hours in groups)


_ORDER = [code for _, code in DAYS]


def _next_day(code: str) -> str | None:
    i = _ORDER.index(code)
    return _ORDER[i + 1] if i + 1 < len(_ORDER) else None


def _is_span(text: str) -> bool:
    return re.fullmatch(r"\d{2}:\d{2}-\d{2}:\d{2}", text) is not None
