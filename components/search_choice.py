"""A choice among thousands (communes of a large region, places of the registry): from the list
when there are a few hundred, else from a search box that lists the matches.

Sending 35,000 communes or 20,000 places as a select box's options weighs megabytes at every run
and nobody scrolls them: beyond LIST_LIMIT the person types a few letters first.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from analytics.territory.selection import COMMUNE_LIST_LIMIT, SEARCH_RESULTS, search_communes
from components.format_fr import fr_count, fr_int
from components.html_safety import md_escape

LIST_LIMIT = COMMUNE_LIST_LIMIT


@dataclass(frozen=True)
class Words:
    """How the choice names what it offers."""

    search_label: str  # « Rechercher une commune »
    search_placeholder: str  # « Nom ou code INSEE »
    many: str  # « communes »
    found: tuple[str, str]  # « commune trouvée », « communes trouvées »
    none_found: str  # « Aucune commune trouvée »
    no_match: str  # « Aucune commune ne correspond »


COMMUNES = Words(
    "Rechercher une commune",
    "Nom ou code INSEE",
    "communes",
    ("commune trouvée", "communes trouvées"),
    "Aucune commune trouvée",
    "Aucune commune ne correspond",
)
PLACES = Words(
    "Rechercher un lieu",
    "Nom du lieu ou de sa commune",
    "lieux",
    ("lieu trouvé", "lieux trouvés"),
    "Aucun lieu trouvé",
    "Aucun lieu ne correspond",
)


def search_choice(
    options: dict[str, str], key: str, search_key: str, label: str, placeholder: str, words: Words = COMMUNES
) -> str | None:
    """The code chosen among `options` (code -> « Nom (code) »), or None."""
    if len(options) <= LIST_LIMIT:
        return st.selectbox(label, list(options), format_func=options.get, index=None, placeholder=placeholder, key=key)
    query = st.text_input(
        words.search_label,
        key=search_key,
        placeholder=words.search_placeholder,
        help=f"{fr_int(len(options))} {words.many} : tapez quelques lettres du nom, puis choisissez dans la liste.",
    )
    found = search_communes(options, query) if query else []
    current = st.session_state.get(key)
    offered = ([current] if current and current not in found else []) + found
    if not query:
        shown = placeholder
    elif found:
        shown = f"{fr_count(len(found), *words.found)} : choisir"
    else:
        shown = words.none_found
    chosen = st.selectbox(label, offered, format_func=options.get, index=None, placeholder=shown, key=key)
    if query and not found:
        st.caption(f"{words.no_match} à « {md_escape(query)} ».")
    elif len(found) == SEARCH_RESULTS:
        st.caption(f"Les {SEARCH_RESULTS} premiers résultats : précisez la recherche.")
    return chosen
