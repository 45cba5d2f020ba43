"""The home page's map: places per 10 000 inhabitants, by EPCI or by commune.

Densities are very skewed (one small commune with a place can reach 50 per 10 000): the map
uses the Carte's quantile classes and colours (analytics.coverage.classes), not a linear scale that one
outlier would wash out, and the colour bar states each class's bounds.
"""

from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from analytics.coverage.classes import NO_DATA_COLOUR, fit_classes
from analytics.coverage.supply import places_by_commune, places_by_level
from analytics.territory.selection import Selection
from components.format_fr import fr_count, fr_number
from components.geo_figures import classed_choropleth
from components.geo_outlines import territory_outlines
from loaders.bundle import DataBundle
from loaders.code_sets import in_codes

DECIMALS = 1  # as the Carte's indicator "lieux pour 10 000 habitants"


def supply_map(bundle: DataBundle, selection: Selection, as_of: dt.date) -> None:
    territories = bundle.territories
    by_commune = places_by_commune(bundle.actors, territories.communes, as_of)
    if selection.is_region:
        level, gdf = "epci", territories.epci
        values = places_by_level(by_commune, "epci")
        title = "Lieux de médiation numérique pour 10 000 habitants, par EPCI"
    else:
        codes = selection.communes
        if selection.level == "commune":
            epci = territories.communes.loc[territories.communes["code_insee"] == selection.code, "code_epci"]
            if epci.notna().all():
                codes = frozenset(
                    territories.communes.loc[territories.communes["code_epci"] == epci.iloc[0], "code_insee"]
                )
        level = "commune"
        gdf = territories.communes[in_codes(territories.communes["code_insee"], codes)]
        values = places_by_level(by_commune[in_codes(by_commune["code_insee"], codes)], "commune")
        title = "Lieux de médiation numérique pour 10 000 habitants, par commune"
    values = values.assign(
        nom=values["nom"].astype(str).map(html.escape),
        hover=[
            f"{fr_number(v, DECIMALS)} lieux pour 10 000 hab.<br>{fr_count(n, 'lieu', 'lieux', none='aucun lieu')}, "
            f"{fr_number(p)} habitants"
            for v, n, p in zip(values["lieux_pour_10000"], values["nb_lieux"], values["population"])
        ],
    )
    classes = fit_classes(values["lieux_pour_10000"], worse_is_high=False, decimals=DECIMALS)
    legend = classes.legend(lambda v: fr_number(v, DECIMALS))
    outlines = territory_outlines(bundle, level, gdf.iloc[:, 0])
    st.subheader(title)
    fig = classed_choropleth(
        outlines,
        values,
        classes.positions(),
        legend,
        "nom",
        "Lieux pour<br>10 000 hab.",
        "%{customdata[0]}",
        NO_DATA_COLOUR,
    )
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    st.caption(
        "Plus la couleur est foncée, moins il y a de lieux au regard de la population (mêmes classes et couleurs que "
        "sur la Carte). "
        "Classes de quantiles : chaque couleur regroupe un nombre voisin de territoires, bornes indiquées sur "
        "l'échelle. "
        "Fond de carte : limites administratives simplifiées (IGN)."
    )
