"""How good the data is, per dataset and per source, and what to fix first.

Pure functions, frames in, frames out.

Quality score of a place (0 to 1), in the spirit of data·inclusion's `score_qualite`
(data-inclusion-schema, `v1/score_qualite.py`): a list of criteria, each worth 0 to 1 or
*not applicable*, and the score is the plain mean of the applicable criteria: every criterion
weighs the same (weight 1), as in data·inclusion. The criteria, adapted to the national
standard of places of digital mediation:

| criterion | value | applies |
|---|---|---|
| `adresse_bien_definie` | 1 street and postal code, 0.5 one, 0 none | unless no public received (`modalites_acces`) |
| `localisation_precise` | 1 exact coordinates, 0.5 placed at the commune's centre, 0 none | always |
| `au_moins_un_service` | 1 if `services` is filled | always |
| `au_moins_un_moyen_de_contact` | 1 if phone, e-mail, website or booking link | always |
| `telephone_bien_defini` | 1 if a phone in the standard's format (+33…) | when access is "Téléphoner" |
| `courriel_bien_defini` | 1 if an e-mail | when access is by e-mail |
| `au_moins_une_modalite_acces` | 1 if `modalites_acces` is filled | always |
| `date_maj_recente` | 1 under 6 months, 0 from 24 months, linear between (data·inclusion); 0 undated | always |
| `frais_bien_definis` | 1 if `frais_a_charge` is filled | always |
| `description_bien_definie` | 0 under 50 characters of presentation, 1 from 200, linear between | always |
| `horaires_renseignes` | 1 readable opening hours, 0.5 given but unreadable (OSM syntax), 0 none | always |
| `pivot_valide` | 1 if a SIRET (14 digits) or RNA | always |

data·inclusion's `au_moins_un_public` is left out: in the standard an empty
`publics_specifiquement_adresses` means "everyone", not a gap. Scores are rounded to 2
decimals like data·inclusion's.

Opening hours are read with the OSM parser of analytics/coverage/opening_hours.py: hours it
does not accept count half, and are listed (`unreadable_hours`) on the quality tab and on the
place's page.

Fields that look like spreadsheet formulas (`=`, `+`, `-`, `@` first; the rule of
loaders/spreadsheet_formulas.py) are listed per place (`formula_fields`) and are a row of
"what to fix first": the exports make them inert, but the source must be corrected.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analytics.coverage.opening_hours import ABSENT, UNREADABLE, VALID, state_of
from loaders import lieux_standard as std
from loaders.problems import ERROR, INFO, WARNING, Problem
from loaders.spreadsheet_formulas import formula_cells

STALE_MONTHS = (12, 18)
RECENT_MONTHS, OLD_MONTHS = 6, 24
DESCRIPTION_MIN, DESCRIPTION_GOOD = 50, 200
PHONE_PATTERN = r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$"
PIVOT_PATTERN = r"^(\d{14}|W\d{9}|W2[AB]\d{7})$"
NO_PUBLIC = "Ce lieu n'accueille pas de public"
BY_MAIL = ("Contacter par mail", "Envoyer un mail avec une fiche de prescription")

CRITERIA: dict[str, str] = {
    "adresse_bien_definie": "Adresse et code postal",
    "localisation_precise": "Coordonnées précises",
    "au_moins_un_service": "Au moins un service",
    "au_moins_un_moyen_de_contact": "Au moins un moyen de contact",
    "telephone_bien_defini": "Téléphone (si accès par téléphone)",
    "courriel_bien_defini": "Courriel (si accès par courriel)",
    "au_moins_une_modalite_acces": "Modalités d'accès",
    "date_maj_recente": "Mise à jour récente",
    "frais_bien_definis": "Frais à charge",
    "description_bien_definie": "Présentation du lieu",
    "horaires_renseignes": "Horaires (lisibles)",
    "pivot_valide": "SIRET ou RNA",
}

# What to do about each criterion (the "what to fix first" list), and whether the national
# export needs it (a place without it cannot be published in the standard).
FIXES: dict[str, tuple[str, bool]] = {
    "adresse_bien_definie": ("Compléter l'adresse et le code postal", True),
    "localisation_precise": ("Géolocaliser le lieu (coordonnées exactes)", False),
    "au_moins_un_service": ("Renseigner les services proposés", True),
    "au_moins_un_moyen_de_contact": ("Ajouter un moyen de contact (téléphone, courriel, site)", False),
    "telephone_bien_defini": ("Renseigner le téléphone au format +33…", False),
    "courriel_bien_defini": ("Renseigner le courriel", False),
    "au_moins_une_modalite_acces": ("Préciser les modalités d'accès", False),
    "date_maj_recente": ("Mettre à jour la fiche (date de mise à jour ancienne ou absente)", False),
    "frais_bien_definis": ("Préciser les frais à charge", False),
    "description_bien_definie": ("Rédiger une présentation du lieu", False),
    "horaires_renseignes": (
        "Renseigner les horaires d'ouverture, dans la syntaxe OpenStreetMap (« Mo-Fr 09:00-12:00 »)",
        False,
    ),
    "pivot_valide": ("Renseigner le SIRET (ou le RNA)", False),
}
# Fields the standard requires (the export leaves out a place without them).
REQUIRED_FOR_EXPORT = ("id", "nom", "commune", "code_postal", "adresse", "date_maj", "services")


# --- emptiness and completeness -------------------------------------------------------------


def filled(series: pd.Series) -> pd.Series:
    """True where a value is present: not missing, not blank text, not an empty list."""
    if series.dtype == object:
        return series.map(_present).astype(bool)
    if series.dtype == bool:
        return pd.Series(True, index=series.index)
    present = series.notna()
    if pd.api.types.is_string_dtype(series):
        present &= series.astype(object).where(present, "").astype(str).str.strip() != ""
    return present.astype(bool)


def _present(value) -> bool:
    if value is None or value is pd.NA:
        return False
    if isinstance(value, float):
        return not np.isnan(value)
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, (list, tuple, np.ndarray)):
        return len(value) > 0
    return not pd.isna(value)


def field_completeness(frame: pd.DataFrame, columns=None) -> pd.DataFrame:
    """One row per field: `champ, renseignes, total, taux` (0-1, NaN for an empty frame)."""
    columns = [c for c in (columns or [c for c in frame.columns if not c.startswith("_")]) if c in frame.columns]
    total = len(frame)
    counts = [int(filled(frame[c]).sum()) for c in columns]
    return pd.DataFrame(
        {
            "champ": columns,
            "renseignes": counts,
            "total": total,
            "taux": [c / total if total else np.nan for c in counts],
        }
    )


def completeness_by_source(records: pd.DataFrame, columns=None, by: str | None = None) -> pd.DataFrame:
    """Completeness of each field per source: `source, champ, renseignes, total, taux`.

    `by` is the column naming the source (`fiche_source` for merge records, else `source`).
    """
    by = by or ("fiche_source" if "fiche_source" in records.columns else "source")
    columns = list(columns or std.COLUMNS + std.HUB_COLUMNS)
    parts = []
    for source, group in records.groupby(records[by].astype(object).fillna("(sans source)"), sort=True):
        part = field_completeness(group, columns)
        part.insert(0, "source", source)
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["source", "champ", "renseignes", "total", "taux"])
    return pd.concat(parts, ignore_index=True)


# --- freshness ------------------------------------------------------------------------------


def months_before(as_of: dt.date, months: int) -> pd.Timestamp:
    return pd.Timestamp(as_of) - pd.DateOffset(months=months)


def staleness(frame: pd.DataFrame, as_of: dt.date, column: str = "date_maj") -> dict:
    """Records without a date and not updated for more than 12 and 18 months (calendar months).

    Returns `total, sans_date, plus_de_12_mois, plus_de_18_mois` (18 included in 12).
    """
    dates = pd.to_datetime(frame[column]) if column in frame.columns else pd.Series(pd.NaT, index=frame.index)
    out = {"total": len(frame), "sans_date": int(dates.isna().sum())}
    for months in STALE_MONTHS:
        out[f"plus_de_{months}_mois"] = int((dates < months_before(as_of, months)).sum())
    return out


# --- the score of each place ----------------------------------------------------------------


def _lists(series: pd.Series) -> pd.Series:
    return series.map(lambda v: list(v) if isinstance(v, (list, tuple, np.ndarray)) else [])


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "").astype(str).str.strip()


def _linear(value: pd.Series, low: float, high: float) -> pd.Series:
    """0 below `low`, 1 from `high`, linear between."""
    return ((value - low) / (high - low)).clip(0, 1)


def criteria_scores(actors: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """One column per criterion (`CRITERIA`), 0 to 1, NaN when not applicable; index of `actors`."""
    access = _lists(actors["modalites_acces"])
    receives_public = ~access.map(lambda a: NO_PUBLIC in a)
    street, postcode = _text(actors["adresse"]) != "", _text(actors["code_postal"]) != ""
    address = (street.astype(float) + postcode.astype(float)) / 2
    has_coordinates = actors["latitude"].notna() & actors["longitude"].notna()
    approximate = (
        actors["coordonnees_approximatives"].astype(bool)
        if "coordonnees_approximatives" in actors
        else pd.Series(False, index=actors.index)
    )
    phone = _text(actors["telephone"])
    mails = _lists(actors["courriels"])
    contact = (
        (phone != "")
        | (mails.map(len) > 0)
        | (_lists(actors["site_web"]).map(len) > 0)
        | (_text(actors["prise_rdv"]) != "")
    )
    dates = pd.to_datetime(actors["date_maj"])
    age_days = (pd.Timestamp(as_of) - dates).dt.days
    recent, old = _days(as_of, RECENT_MONTHS), _days(as_of, OLD_MONTHS)
    freshness = (1 - _linear(age_days.astype(float), recent, old)).where(dates.notna(), 0.0)
    description = (_text(actors["presentation_resume"]) + _text(actors["presentation_detail"])).str.len().astype(float)
    scores = pd.DataFrame(index=actors.index)
    scores["adresse_bien_definie"] = address.where(receives_public)
    scores["localisation_precise"] = np.where(has_coordinates, np.where(approximate, 0.5, 1.0), 0.0)
    scores["au_moins_un_service"] = (_lists(actors["services"]).map(len) > 0).astype(float)
    scores["au_moins_un_moyen_de_contact"] = contact.astype(float)
    scores["telephone_bien_defini"] = (
        phone.str.match(PHONE_PATTERN).astype(float).where(access.map(lambda a: "Téléphoner" in a))
    )
    scores["courriel_bien_defini"] = (
        (mails.map(len) > 0).astype(float).where(access.map(lambda a: any(m in a for m in BY_MAIL)))
    )
    scores["au_moins_une_modalite_acces"] = (access.map(len) > 0).astype(float)
    scores["date_maj_recente"] = freshness.astype(float)
    scores["frais_bien_definis"] = (_lists(actors["frais_a_charge"]).map(len) > 0).astype(float)
    scores["description_bien_definie"] = _linear(description, DESCRIPTION_MIN, DESCRIPTION_GOOD)
    hours = actors["horaires"].map(state_of)
    scores["horaires_renseignes"] = hours.map({VALID: 1.0, UNREADABLE: 0.5, ABSENT: 0.0}).astype(float)
    scores["pivot_valide"] = _text(actors["pivot"]).str.match(PIVOT_PATTERN).astype(float)
    return scores[list(CRITERIA)]


def _days(as_of: dt.date, months: int) -> float:
    return float((pd.Timestamp(as_of) - months_before(as_of, months)).days)


def actor_scores(actors: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """`id, nom, sources, score` (0-1, mean of the applicable criteria, 2 decimals) + one column per criterion."""
    criteria = criteria_scores(actors, as_of)
    score = criteria.mean(axis=1, skipna=True).round(2)
    out = pd.DataFrame(
        {
            "id": actors["id"].astype(object).to_numpy(),
            "nom": actors["nom"].astype(object).to_numpy(),
            "sources": _lists(actors["sources"]).to_numpy() if "sources" in actors else [[]] * len(actors),
            "score": score.to_numpy(),
        },
        index=actors.index,
    )
    return pd.concat([out, criteria.round(2)], axis=1).reset_index(drop=True)


# --- per source -----------------------------------------------------------------------------


def source_quality(
    records: pd.DataFrame,
    as_of: dt.date,
    suspected: pd.DataFrame | None = None,
    problems: dict[str, list[Problem]] | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """One row per source: its records' mean score and what is wrong with them.

    Columns: `source, fiches, score` (mean, 0-1), `completude` (mean field completeness of the
    standard's 32 fields), `sans_date, plus_de_12_mois, plus_de_18_mois, sans_service,
    doublons_suspects` (suspected pairs involving the source), `valeurs_invalides`
    (warnings and errors of its last import: `problems` maps a source to its problems).
    """
    by = by or ("fiche_source" if "fiche_source" in records.columns else "source")
    columns = [
        "source",
        "fiches",
        "score",
        "completude",
        "sans_date",
        "plus_de_12_mois",
        "plus_de_18_mois",
        "sans_service",
        "doublons_suspects",
        "valeurs_invalides",
    ]
    if records.empty:
        return pd.DataFrame(columns=columns)
    scores = actor_scores(records, as_of)["score"].to_numpy()
    names = records[by].astype(object).fillna("(sans source)").to_numpy()
    rows = []
    for source in sorted(set(names)):
        mask = names == source
        group = records[mask]
        stale = staleness(group, as_of)
        completeness = field_completeness(group, list(std.COLUMNS))["taux"].mean()
        involved = 0
        if suspected is not None and len(suspected):
            involved = int(((suspected["source_a"] == source) | (suspected["source_b"] == source)).sum())
        invalid = sum(1 for p in (problems or {}).get(source, []) if p.severity in (ERROR, WARNING))
        rows.append(
            {
                "source": source,
                "fiches": int(mask.sum()),
                "score": round(float(np.mean(scores[mask])), 2),
                "completude": round(float(completeness), 2),
                "sans_date": stale["sans_date"],
                "plus_de_12_mois": stale["plus_de_12_mois"],
                "plus_de_18_mois": stale["plus_de_18_mois"],
                "sans_service": int((_lists(group["services"]).map(len) == 0).sum()),
                "doublons_suspects": involved,
                "valeurs_invalides": invalid,
            }
        )
    return pd.DataFrame(rows, columns=columns)


# --- invalid values -------------------------------------------------------------------------


def invalid_values(problems: list[Problem]) -> pd.DataFrame:
    """Warnings and errors of the loaders grouped by file and column: `fichier, colonne, gravite, nombre, exemple`."""
    rows = [p for p in problems if p.severity in (ERROR, WARNING)]
    columns = ["fichier", "colonne", "gravite", "nombre", "exemple"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(
        {
            "fichier": [p.file for p in rows],
            "colonne": [p.column or "" for p in rows],
            "gravite": [p.severity for p in rows],
            "exemple": [str(p) for p in rows],
        }
    )
    grouped = (
        frame.groupby(["fichier", "colonne", "gravite"], sort=False)
        .agg(nombre=("exemple", "size"), exemple=("exemple", "first"))
        .reset_index()
    )
    order = grouped["gravite"].map({ERROR: 0, WARNING: 1, INFO: 2})
    return (
        grouped.assign(_o=order)
        .sort_values(["_o", "nombre"], ascending=[True, False])
        .drop(columns="_o")[columns]
        .reset_index(drop=True)
    )


def formula_fields(actors: pd.DataFrame) -> pd.DataFrame:
    """The places whose fields look like spreadsheet formulas: `id, nom, champ, valeur`, one row
    per field value, in the registry's order."""
    columns = ["id", "nom", "champ", "valeur"]
    cells = formula_cells(actors, [c for c in actors.columns if c not in ("id",)])
    if cells.empty:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(
        {
            "id": actors.loc[cells["index"], "id"].astype(object).to_numpy(),
            "nom": actors.loc[cells["index"], "nom"].astype(object).to_numpy(),
            "champ": cells["colonne"].to_numpy(),
            "valeur": cells["valeur"].to_numpy(),
        },
        columns=columns,
    )


def actors_without_service(actors: pd.DataFrame) -> pd.DataFrame:
    """The places whose `services` is empty (the standard requires at least one)."""
    return actors[_lists(actors["services"]).map(len) == 0]


# --- what to fix first ----------------------------------------------------------------------


def fix_first(
    actors: pd.DataFrame,
    as_of: dt.date,
    suspected: pd.DataFrame | None = None,
    problems: list[Problem] | None = None,
    examples: int = 3,
) -> pd.DataFrame:
    """What to fix first, highest impact first.

    One row per kind of fix: `action, critere, nombre` (places concerned), `part` (of all
    places, 0-1), `bloque_publication` (the national export leaves these places out),
    `gain_score` (points, 0-100, that the registry's mean score would gain if it were fixed
    everywhere), `exemples` (ids). Order: what blocks publication first, then by gain, then by
    number. Suspected duplicates (to decide) and invalid values (to correct in the source
    files) come as their own rows, ranked by number after the criteria that bring points.
    """
    columns = ["action", "critere", "nombre", "part", "bloque_publication", "gain_score", "exemples"]
    n = len(actors)
    rows = []
    if n:
        criteria = criteria_scores(actors, as_of)
        applicable = criteria.notna().sum(axis=1).replace(0, np.nan)
        ids = actors["id"].astype(object).to_numpy()
        for criterion, (action, blocks) in FIXES.items():
            values = criteria[criterion]
            lacking = values.notna() & (values < 1)
            if not lacking.any():
                continue
            gain = ((1 - values[lacking]) / applicable[lacking]).sum() / n * 100
            rows.append(
                {
                    "action": action,
                    "critere": criterion,
                    "nombre": int(lacking.sum()),
                    "part": round(lacking.sum() / n, 4),
                    "bloque_publication": blocks,
                    "gain_score": round(float(gain), 2),
                    "exemples": list(ids[lacking.to_numpy()][:examples]),
                }
            )
        missing_date = pd.to_datetime(actors["date_maj"]).isna()
        if missing_date.any():
            rows.append(
                {
                    "action": "Renseigner la date de mise à jour",
                    "critere": "date_maj",
                    "nombre": int(missing_date.sum()),
                    "part": round(missing_date.sum() / n, 4),
                    "bloque_publication": True,
                    "gain_score": 0.0,
                    "exemples": list(ids[missing_date.to_numpy()][:examples]),
                }
            )
    if suspected is not None and len(suspected):
        rows.append(
            {
                "action": "Trancher les doublons suspects (même lieu ou lieux distincts)",
                "critere": "doublons_suspects",
                "nombre": len(suspected),
                "part": round(len(suspected) / n, 4) if n else np.nan,
                "bloque_publication": False,
                "gain_score": 0.0,
                "exemples": [f"{a} / {b}" for a, b in zip(suspected["id_a"][:examples], suspected["id_b"][:examples])],
            }
        )
    formulas = formula_fields(actors) if n else pd.DataFrame(columns=["id"])
    if len(formulas):
        places = list(dict.fromkeys(formulas["id"]))
        rows.append(
            {
                "action": "Corriger les champs qui ressemblent à des formules de tableur (=, +, -, @ en tête)",
                "critere": "formules",
                "nombre": len(places),
                "part": round(len(places) / n, 4),
                "bloque_publication": False,
                "gain_score": 0.0,
                "exemples": places[:examples],
            }
        )
    invalid = invalid_values(problems or [])
    if len(invalid):
        rows.append(
            {
                "action": "Corriger les valeurs invalides dans les fichiers sources",
                "critere": "valeurs_invalides",
                "nombre": int(invalid["nombre"].sum()),
                "part": np.nan,
                "bloque_publication": False,
                "gain_score": 0.0,
                "exemples": list(invalid["exemple"][:examples]),
            }
        )
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows, columns=columns)
    # The date rule of the publication block is part of the freshness criterion: keep one row each.
    return frame.sort_values(
        ["bloque_publication", "gain_score", "nombre"], ascending=[False, False, False], kind="stable"
    ).reset_index(drop=True)


# --- one figure per dataset -----------------------------------------------------------------


def actors_summary(
    actors: pd.DataFrame, as_of: dt.date, suspected: pd.DataFrame | None = None, problems: list[Problem] | None = None
) -> dict:
    """The registry's quality in a few numbers, for a page's metrics.

    `lieux, score` (mean, 0-1, None when empty), `sans_service, sans_date, plus_de_12_mois,
    plus_de_18_mois, sans_adresse, coordonnees_approximatives, sans_coordonnees,
    doublons_suspects, valeurs_invalides`.
    """
    stale = staleness(actors, as_of)
    coordinates = actors["latitude"].notna() & actors["longitude"].notna()
    return {
        "lieux": len(actors),
        "score": round(float(actor_scores(actors, as_of)["score"].mean()), 2) if len(actors) else None,
        "sans_service": len(actors_without_service(actors)),
        "sans_date": stale["sans_date"],
        "plus_de_12_mois": stale["plus_de_12_mois"],
        "plus_de_18_mois": stale["plus_de_18_mois"],
        "sans_adresse": int((~filled(actors["adresse"])).sum()),
        "coordonnees_approximatives": int((coordinates & actors["coordonnees_approximatives"].astype(bool)).sum()),
        "sans_coordonnees": int((~coordinates).sum()),
        "doublons_suspects": 0 if suspected is None else len(suspected),
        "valeurs_invalides": int(invalid_values(problems or [])["nombre"].sum()) if problems else 0,
    }


def dataset_quality_score(key: str, frame: pd.DataFrame, as_of: dt.date, spec=None) -> float | None:
    """A dataset's quality, 0 to 1 (None for an empty frame).

    Actors (`acteurs`): the mean of the places' scores (`actor_scores`). Other datasets: the
    mean completeness of their declared fields (`spec`, default `loaders.schemas.SPECS[key]`).
    """
    if frame is None or len(frame) == 0:
        return None
    if key == "acteurs":
        return round(float(actor_scores(frame, as_of)["score"].mean()), 2)
    if spec is None:
        from loaders.schemas import SPECS

        spec = SPECS.get(key)
    columns = [f.target for f in spec.fields] if spec is not None else None
    completeness = field_completeness(frame, columns)
    if completeness.empty:
        return None
    return round(float(completeness["taux"].mean()), 2)
