"""The "as of" date that the evaluation and funding pages follow, and the comparison date.

The as-of date defaults to today bounded to the hub's period; once chosen it is kept for the
session (Financements, Suivi 18 mois and Synthèse share it) and written in the URL (`?au=`), so
that a link reopens the committee's view. The comparison date (Suivi) defaults to the previous
steering committee held before the as-of date, or three months earlier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from analytics.evaluation import previous_committee
from analytics.period import clamp_to_period
from components.format_fr import fr_date
from loaders.bundle import DataBundle
from loaders.config import add_months

AS_OF_KEY = "_hub_as_of"
URL_READ_KEY = "_hub_as_of_from_url"
URL_KEY = "au"


@dataclass(frozen=True)
class Dates:
    as_of: dt.date
    compare: dt.date | None
    latest_data: dt.date | None


def default_as_of(start: dt.date, months: int, today: dt.date | None = None) -> dt.date:
    return clamp_to_period(today or dt.date.today(), start, months)


def latest_data_date(bundle: DataBundle) -> dt.date | None:
    """The most recent date in the follow-up files (movements, KPI measures, events, milestones)."""
    dates = [bundle.movements["date"], bundle.kpi_measures["date"], bundle.events["date"], bundle.milestones["date_reelle"]]
    found = [d.max() for d in dates if not d.dropna().empty]
    return max(found).date() if found else None


def default_compare(bundle: DataBundle, as_of: dt.date) -> dt.date:
    config = bundle.config
    committee = previous_committee(bundle.milestones, as_of)
    return committee or max(config.start, add_months(as_of, -3))


def _from_url(start: dt.date, months: int) -> dt.date | None:
    raw = st.query_params.get(URL_KEY)
    try:
        return clamp_to_period(dt.date.fromisoformat(str(raw)), start, months) if raw else None
    except ValueError:
        return None


def _forget_compare(page: str) -> None:
    st.session_state.pop(f"{page}-compare", None)


def as_of_picker(bundle: DataBundle, page: str, compare: bool = False) -> Dates:
    """Render the date picker(s) at the top of a page; returns the chosen dates."""
    config = bundle.config
    if not st.session_state.get(URL_READ_KEY):
        st.session_state[URL_READ_KEY] = True
        st.session_state[AS_OF_KEY] = _from_url(config.start, config.months) or default_as_of(config.start, config.months)
    stored = st.session_state.get(AS_OF_KEY) or default_as_of(config.start, config.months)
    cols = st.columns([1, 1, 3] if compare else [1, 4])
    as_of = cols[0].date_input(
        "Situation au",
        value=stored,
        min_value=config.start,
        max_value=config.end,
        format="DD/MM/YYYY",
        key=f"{page}-as-of",
        on_change=_forget_compare,
        args=(page,),
        help=f"Date de la situation présentée : tous les chiffres de la page sont ceux connus à cette date (période du {fr_date(config.start)} au {fr_date(config.end)}).",
    )
    st.session_state[AS_OF_KEY] = as_of
    if st.query_params.get(URL_KEY) != as_of.isoformat():
        st.query_params[URL_KEY] = as_of.isoformat()
    previous = None
    if compare:
        previous = cols[1].date_input(
            "Comparer avec",
            value=default_compare(bundle, as_of),
            min_value=config.start,
            max_value=config.end,
            format="DD/MM/YYYY",
            key=f"{page}-compare",
            help="Par défaut, le comité de pilotage précédent (ou trois mois plus tôt) : les écarts affichés sont ceux entre ces deux dates.",
        )
    latest = latest_data_date(bundle)
    note = cols[-1]
    if latest is not None and as_of > latest:
        note.info(
            f"Les données chargées s'arrêtent au {fr_date(latest)} : ce qui est prévu après cette date "
            "apparaît comme non réalisé tant que les fichiers ne sont pas mis à jour.",
            icon=":material/info:",
        )
    return Dates(as_of=as_of, compare=previous, latest_data=latest)
