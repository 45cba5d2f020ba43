"""Freshness as Données, the Fiche territoire and the Fiche lieu show it (analytics/quality/freshness.py).

`freshness_date` says at which date the grades are measured (today; the demo's own date when
every place is fictitious) and why; `grade_metrics` shows the four grades' counts and shares;
`chase_list` shows and offers for download the places « à relancer », the stalest first, with
the contact fields they published.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.quality.freshness import (
    GRADE_LABELS,
    GRADE_SPANS,
    GRADES,
    grade_counts,
    reference_date,
    to_chase,
)
from components.access import page_identity
from components.downloads import download_buttons
from components.format_fr import fr_date, fr_int, fr_percent
from components.links import place_url
from components.paged_table import page_of
from loaders import access
from loaders.bundle import DataBundle

CHASE_LABELS = {
    "id": "Identifiant",
    "nom": "Lieu",
    "commune": "Commune",
    "code_insee": "Code commune",
    "fraicheur": "Fraîcheur",
    "date_maj": "Mise à jour",
    "anciennete_mois": "Ancienneté (mois)",
    "sources": "Sources",
    "telephone": "Téléphone",
    "courriels": "Courriels",
    "site_web": "Site web",
    "prise_rdv": "Prise de rendez-vous",
    "adresse": "Adresse",
    "code_postal": "Code postal",
}
LINK = "Fiche"
# The list « à relancer » holds the places' contacts: for the hub's own staff only (not the
# steering committee, never a funder).
CHASERS = (access.STAFF, access.ADMIN)


def freshness_date(bundle: DataBundle, today: dt.date | None = None) -> tuple[dt.date, str]:
    """The date the grades are measured at, and why (French)."""
    p = bundle.provenance.get("acteurs")
    all_fictitious = bool(p and p.rows and p.fictitious_rows == p.rows)
    return reference_date(today or dt.date.today(), all_fictitious, p.vintage if p else None)


def grade_caption(as_of: dt.date, reason: str) -> str:
    spans = " ; ".join(f"« {GRADE_LABELS[g]} » : {GRADE_SPANS[g]}" for g in GRADES)
    return (
        f"Fraîcheur au {fr_date(as_of)} ({reason}), selon les paliers de Mon Inclusion Numérique : {spans} "
        "(depuis la date de mise à jour de la fiche)."
    )


def grade_metrics(frame: pd.DataFrame, as_of: dt.date, key: str) -> None:
    """Four metrics: count and share of each grade."""
    counts = grade_counts(frame, as_of).iloc[0] if len(frame) else None
    columns = st.columns(4)
    for column, grade in zip(columns, GRADES):
        n = 0 if counts is None else int(counts[grade])
        share = None if counts is None else counts[f"part_{grade}"]
        column.metric(
            GRADE_LABELS[grade],
            fr_int(n),
            help=f"{GRADE_SPANS[grade][:1].upper()}{GRADE_SPANS[grade][1:]} ; {fr_percent(share, 0)} des lieux.",
            border=True,
        )


def grade_table(frame: pd.DataFrame, as_of: dt.date, by: str, label: str) -> pd.DataFrame:
    """Per value of `by`: places, then count and share (in %) of each grade, French headers."""
    table = grade_counts(frame, as_of, by)
    out = pd.DataFrame({label: table[by], "Lieux": table["lieux"]})
    for grade in GRADES:
        out[GRADE_LABELS[grade]] = table[grade]
        out[f"{GRADE_LABELS[grade]} (%)"] = (100 * table[f"part_{grade}"]).round(1)
    return out


def french_columns(table: pd.DataFrame) -> dict:
    """Column settings that show a freshness table the French way: shares « 38,7 », counts
    without decimals, dates JJ/MM/AAAA."""
    config = {}
    for column in table.columns:
        if str(column).endswith("(%)") or column == "Ancienneté (mois)":
            config[column] = st.column_config.NumberColumn(column, format="localized")
        elif column == "Mise à jour":
            config[column] = st.column_config.DateColumn(column, format="DD/MM/YYYY")
    return config


def chase_table(actors: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The list « à relancer » with French headers (the link column first after the name)."""
    chase = to_chase(actors, as_of)
    table = chase.rename(columns=CHASE_LABELS)
    table.insert(2, LINK, [place_url(i) for i in chase["id"]])
    return table


def chase_list(actors: pd.DataFrame, as_of: dt.date, key: str, file_stem: str = "lieux_a_relancer") -> None:
    """The places to chase, shown with a link to each place's page, downloadable (CSV, XLSX);
    for the hub's staff only (the list holds contacts): others read how many there are."""
    table = chase_table(actors, as_of)
    if page_identity().role not in CHASERS:
        st.info(
            f"{fr_int(len(table))} lieu(x) à relancer. La liste, avec les contacts publiés par les lieux, "
            "est réservée à l'équipe du hub.",
            icon=":material/lock:",
        )
        return
    if table.empty:
        st.success("Aucun lieu à relancer : toutes les fiches sont à jour.", icon=":material/check_circle:")
        return
    shown = page_of(table, key)
    st.dataframe(
        shown,
        column_config={
            **french_columns(table),
            LINK: st.column_config.LinkColumn(LINK, display_text="Voir le lieu", width=100),
        },
        hide_index=True,
        width="stretch",
        height=min(36 * len(shown) + 40, 420),
        key=f"{key}-table",
    )
    download_buttons(table.drop(columns=[LINK]), file_stem, key=key)
