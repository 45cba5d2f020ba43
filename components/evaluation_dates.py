"""The "as of" date that the home page and the follow-up pages share, and the comparison date.

The as-of date defaults to the last date the loaded data cover when it lies inside the period
(analytics.evaluation.period.default_as_of says why, and the page shows it); once chosen it is kept for the
session (Accueil, Financements, Suivi 18 mois and Synthèse share it) and written in the URL
(`?au=`), so that a link reopens the committee's view. A date in the URL that cannot be read or
lies outside the period is answered with a French message and the default, visibly. The
comparison date (Suivi) defaults to the previous steering committee held before the as-of date,
or three months earlier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from analytics.evaluation.follow_up import previous_committee
from analytics.evaluation.period import DefaultDate, default_as_of, latest_follow_up_date, parse_as_of
from components.format_fr import fr_date
from components.html_safety import md_escape
from components.links import AS_OF
from loaders.bundle import DataBundle
from loaders.config import add_months

AS_OF_KEY = "_hub_as_of"
URL_READ_KEY = "_hub_as_of_from_url"
URL_PROBLEM_KEY = "_hub_as_of_problem"
URL_KEY = AS_OF


@dataclass(frozen=True)
class Dates:
    as_of: dt.date
    compare: dt.date | None
    latest_data: dt.date | None


def page_default(bundle: DataBundle, today: dt.date | None = None) -> DefaultDate:
    config = bundle.config
    return default_as_of(config.start, config.months, latest_follow_up_date(bundle), today or dt.date.today())


def default_compare(bundle: DataBundle, as_of: dt.date) -> dt.date:
    config = bundle.config
    committee = previous_committee(bundle.milestones, as_of)
    return committee or max(config.start, add_months(as_of, -3))


def _forget_compare(page: str) -> None:
    st.session_state.pop(f"{page}-compare", None)


def session_as_of(bundle: DataBundle) -> tuple[dt.date, DefaultDate]:
    """The session's as-of date (read once from the URL) and the default with its reason."""
    config = bundle.config
    default = page_default(bundle)
    if not st.session_state.get(URL_READ_KEY):
        st.session_state[URL_READ_KEY] = True
        parsed = parse_as_of(st.query_params.get(URL_KEY), config.start, config.months)
        st.session_state[URL_PROBLEM_KEY] = parsed.problem
        st.session_state[AS_OF_KEY] = parsed.day or default.day
    stored = st.session_state.get(AS_OF_KEY) or default.day
    if not config.start <= stored <= config.end:
        stored = default.day
    return stored, default


def _explain(default: DefaultDate, as_of: dt.date, latest: dt.date | None, where) -> None:
    problem = st.session_state.pop(URL_PROBLEM_KEY, None)
    if problem:
        where.warning(
            md_escape(
                f"{problem[0].upper()}{problem[1:]}. La page s'ouvre à la date par défaut, le {fr_date(default.day)} "
                f"({default.reason})."
            ),
            icon=":material/event_busy:",
        )
    elif as_of == default.day:
        where.caption(md_escape(f"Date par défaut : {default.reason}."))
    if latest is not None and as_of > latest:
        where.info(
            f"Les données chargées s'arrêtent au {fr_date(latest)} : ce qui est prévu après cette date "
            "apparaît comme non réalisé tant que les fichiers ne sont pas mis à jour.",
            icon=":material/info:",
        )


def as_of_picker(bundle: DataBundle, page: str, compare: bool = False) -> Dates:
    """Render the date picker(s) at the top of a page; returns the chosen dates."""
    config = bundle.config
    stored, default = session_as_of(bundle)
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
        help=(
            "Date de la situation présentée : tous les chiffres de la page sont ceux connus à cette date (période du "
            f"{fr_date(config.start)} au {fr_date(config.end)})."
        ),
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
            help=(
                "Par défaut, le comité de pilotage précédent (ou trois mois plus tôt) : les écarts affichés sont ceux "
                "entre ces deux dates."
            ),
        )
    latest = latest_follow_up_date(bundle)
    _explain(default, as_of, latest, cols[-1])
    return Dates(as_of=as_of, compare=previous, latest_data=latest)


def shown_as_of(bundle: DataBundle) -> Dates:
    """The home page: the session's as-of date, shown (not chosen) with its reason."""
    stored, default = session_as_of(bundle)
    latest = latest_follow_up_date(bundle)
    problem = st.session_state.pop(URL_PROBLEM_KEY, None)
    if problem:
        st.warning(
            md_escape(
                f"{problem[0].upper()}{problem[1:]}. Situation présentée au {fr_date(default.day)} ({default.reason})."
            ),
            icon=":material/event_busy:",
        )
    reason = f" ({default.reason})" if stored == default.day else " (date choisie sur les pages de pilotage)"
    st.markdown(md_escape(f"Situation au {fr_date(stored)}{reason}."))
    return Dates(as_of=stored, compare=None, latest_data=latest)
