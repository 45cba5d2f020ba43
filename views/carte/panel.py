"""The map's side panel: the clicked territory in a few figures, and the way to its profile.

The column is narrow: every text wraps (no st.metric, whose value is cut with "…"), the
territory's name is written once in full, and the link under it is short.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.coverage.supply import places_by_commune, places_by_level
from components.format_fr import fr_count, fr_int, fr_number
from components.html_safety import html_in_markdown
from components.links import PROFILE, page_file, profile_query
from components.page_messages import md_escape
from loaders.bundle import DataBundle
from loaders.territory_levels import territory_level
from loaders.zones import ACV, CENTRE, QPV
from views.carte.data import LEVEL_NAMES, MapChoice

PROFILE_LINK = "Ouvrir sa fiche"


def level_label(level: str) -> str:
    """'Commune', 'EPCI', 'Département' (an acronym keeps its capitals)."""
    name = LEVEL_NAMES[level]
    return name[:1].upper() + name[1:]


def value_html(label: str, value: str, unit: str) -> str:
    """The indicator's name, its value large and its unit, all wrapping in a narrow column."""
    return (
        "<div style='margin:0.2rem 0 0.6rem 0'><div "
        f"style='font-size:0.85rem;color:#555;line-height:1.3'>{html_in_markdown(label)}</div>"
        f"<div style='font-size:1.6rem;font-weight:600;line-height:1.25'>{html_in_markdown(value)}</div>"
        f"<div style='font-size:0.85rem;color:#555;line-height:1.3'>{html_in_markdown(unit)}</div></div>"
    )


def figures_text(figures: pd.Series) -> str:
    places = fr_count(figures["nb_lieux"], "lieu", "lieux", none="aucun lieu")
    density = fr_number(figures["lieux_pour_10000"], 1)
    return (
        f"- Population : {fr_int(figures['population'])} hab.\n"
        f"- {places[:1].upper() + places[1:]} ({density} pour 10 000 hab.)\n"
        f"- Membres du réseau : {fr_int(figures['nb_membres'])}"
    )


def _profile_link(code: str) -> None:
    st.page_link(
        page_file(PROFILE), label=PROFILE_LINK, icon=":material/arrow_forward:", query_params=profile_query(None, code)
    )


def territory_panel(bundle: DataBundle, code: str | None, table: pd.DataFrame, choice: MapChoice) -> None:
    values = table.dropna(subset=["valeur"])
    decimals = choice.indicator.decimals
    if code is None or code not in set(table["code"]):
        st.markdown("**Territoire sélectionné**")
        st.caption("Cliquez un territoire sur la carte pour afficher ses chiffres clés ici.")
        worst = values.sort_values("valeur", ascending=not choice.indicator.worse_is_high).head(5)
        if not worst.empty:
            adjective = "plus fragile" if choice.indicator.worse_is_high else "moins bien doté"
            st.markdown(f"**Le {adjective}**" if len(worst) == 1 else f"**Les {len(worst)} {adjective}s**")
            st.markdown(
                "\n".join(
                    f"- {md_escape(row.nom)} : {fr_number(row.valeur, decimals)}"
                    for row in worst.itertuples(index=False)
                )
            )
        return
    row = table[table["code"] == code].iloc[0]
    level = territory_level(code)
    st.markdown(f"**{md_escape(row['nom'])}**  \n{level_label(level)} · {code}")
    value = "pas de donnée" if pd.isna(row["valeur"]) else fr_number(row["valeur"], decimals)
    st.markdown(
        value_html(choice.indicator.label, value, "" if pd.isna(row["valeur"]) else choice.indicator.unit),
        unsafe_allow_html=True,
    )
    by_level = places_by_level(places_by_commune(bundle.actors, bundle.territories.communes), level).set_index("code")
    if code in by_level.index:
        st.markdown(figures_text(by_level.loc[code]))
    if level == "commune":
        c = bundle.territories.communes.set_index("code_insee").loc[code]
        names = bundle.config.zone_short_labels
        zones = [names[flag] for flag in (QPV, ACV, CENTRE) if bool(c[flag])]
        st.caption("Zones prioritaires : " + (", ".join(zones) if zones else "aucune"))
    _profile_link(code)
