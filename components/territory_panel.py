"""The map's side panel: the clicked territory in a few figures, and the way to its profile."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.supply import places_by_commune, places_by_level
from components.format_fr import fr_int, fr_number
from components.map_data import LEVEL_NAMES, MapChoice
from components.page_registry import PAGES
from loaders.bundle import DataBundle

PROFILE_PAGE = next((p for p in PAGES if p.url_path == "territoire"), None)


def level_of(code: str) -> str:
    return "epci" if len(code) == 9 else "departement" if len(code) <= 3 else "commune"


def _profile_link(code: str, name: str) -> None:
    if PROFILE_PAGE is not None:
        st.page_link(PROFILE_PAGE.file, label=f"Ouvrir la fiche : {name}", icon=":material/arrow_forward:", query_params={"code": code})


def territory_panel(bundle: DataBundle, code: str | None, table: pd.DataFrame, choice: MapChoice) -> None:
    values = table.dropna(subset=["valeur"])
    if code is None or code not in set(table["code"]):
        st.markdown("**Territoire sélectionné**")
        st.caption("Cliquez un territoire sur la carte pour afficher ses chiffres clés ici.")
        worst = values.sort_values("valeur", ascending=not choice.indicator.worse_is_high).head(5)
        if not worst.empty:
            st.markdown(f"**Les 5 plus {'fragiles' if choice.indicator.worse_is_high else 'faiblement dotés'}**")
            for row in worst.itertuples(index=False):
                st.markdown(f"- {row.nom} : {fr_number(row.valeur, choice.indicator.decimals)}")
        return
    row = table[table["code"] == code].iloc[0]
    level = level_of(code)
    st.markdown(f"**{row['nom']}**  \n{LEVEL_NAMES[level].capitalize()} · {code}")
    value = "pas de donnée" if pd.isna(row["valeur"]) else f"{fr_number(row['valeur'], choice.indicator.decimals)} {choice.indicator.unit}"
    st.metric(choice.indicator.label, value)
    by_level = places_by_level(places_by_commune(bundle.actors, bundle.territories.communes), level).set_index("code")
    if code in by_level.index:
        figures = by_level.loc[code]
        st.markdown(
            f"- Population : {fr_int(figures['population'])}\n"
            f"- Lieux : {fr_int(figures['nb_lieux'])} ({fr_number(figures['lieux_pour_10000'], 1)} pour 10 000 hab.)\n"
            f"- Membres du réseau : {fr_int(figures['nb_membres'])}"
        )
    if level == "commune":
        c = bundle.territories.communes.set_index("code_insee").loc[code]
        zones = [label for flag, label in (("qpv", "QPV"), ("acv", "Action Cœur de Ville"), ("centre_bretagne", bundle.config.centre_label)) if bool(c[flag])]
        st.caption("Zones prioritaires : " + (", ".join(zones) if zones else "aucune"))
    _profile_link(code, str(row["nom"]))
