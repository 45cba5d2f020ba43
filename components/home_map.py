"""The home page's map: places per 10 000 inhabitants, by EPCI or by commune."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics.supply import places_by_commune, places_by_level
from analytics.territory_selection import Selection
from components.format_fr import fr_number
from components.geo_figures import choropleth, light_geojson
from loaders.bundle import DataBundle


@st.cache_data(max_entries=16, show_spinner=False)
def _geojson(_bundle_key: str, level: str, codes: tuple[str, ...], _gdf) -> dict:
    return light_geojson(_gdf, "code_epci" if level == "epci" else "code_insee")


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
                codes = frozenset(territories.communes.loc[territories.communes["code_epci"] == epci.iloc[0], "code_insee"])
        level = "commune"
        gdf = territories.communes[territories.communes["code_insee"].isin(codes)]
        values = places_by_level(by_commune[by_commune["code_insee"].isin(codes)], "commune")
        title = "Lieux de médiation numérique pour 10 000 habitants, par commune"
    values = values.assign(
        hover=[
            f"{fr_number(v, 1)} lieux pour 10 000 hab.<br>{n} lieu(x), {fr_number(p)} habitants"
            for v, n, p in zip(values["lieux_pour_10000"].fillna(0), values["nb_lieux"], values["population"])
        ]
    )
    geojson = _geojson(str(bundle.config.path), level, tuple(sorted(gdf.iloc[:, 0])), gdf)
    st.subheader(title)
    fig = choropleth(geojson, values, "lieux_pour_10000", "nom", "Lieux pour<br>10 000 hab.", "%{customdata[0]}")
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    st.caption("Plus la couleur est foncée, plus l'offre de lieux est dense au regard de la population. Fond de carte : limites administratives simplifiées (IGN).")
