"""The Territoires page's gap ranking: the chart of the largest gaps, need against supply, and
what they compare (the region's territories of the same level, whatever the filter)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.coverage.gap_score import FORMULA_FR, most_underserved
from analytics.territory.gap_context import chart_level
from analytics.territory.selection import Selection, with_context
from components.coverage.charts import gap_bar, need_supply_scatter
from components.coverage.data import scored_in_region, scored_level
from components.coverage.tables import with_short_names
from components.format_fr import fr_count, fr_int
from components.page_messages import md_escape
from loaders.bundle import DataBundle

NOUNS = {
    "commune": ("commune", "communes"),
    "epci": ("EPCI", "EPCI"),
    "departement": ("département", "départements"),
    "zone": ("zone prioritaire", "zones prioritaires"),
}


def comparison_text(level: str, region_count: int, region: str, whole_region: bool) -> str:
    """Against which territories the percentiles and medians are computed."""
    if level == "zone":
        return (
            "Centiles calculés parmi les zones prioritaires du tableau, chacune réduite à ses "
            "communes du territoire choisi (une commune peut être dans plusieurs zones)."
        )
    singular, plural = NOUNS[level]
    counted = fr_count(region_count, singular, plural)
    if whole_region:
        return f"Centiles et médianes calculés parmi les {counted} de la région {md_escape(region)}."
    return (
        f"Centiles et médianes calculés parmi les {counted} de la région {md_escape(region)}, quel que soit "
        "le filtre : chaque territoire est placé par rapport à toute la région, avec ses propres chiffres "
        "(toutes ses communes). Les rangs (1 = plus grand écart) sont comptés parmi les territoires classés ici."
    )


def context_note(level: str, ranked_level: str, selection: Selection, ranked_rows: int) -> str:
    """Why the chart ranks another level than the table's."""
    label = md_escape(selection.label)
    singular, plural = NOUNS[ranked_level]
    rows = fr_count(ranked_rows, singular, plural)
    if selection.level == "commune":
        return (
            f"Une seule commune choisie, {label} : le graphique la classe parmi les {rows} de son EPCI ; le tableau "
            "plus bas garde le niveau choisi."
        )
    return (
        f"Un seul {NOUNS[level][0]} dans la sélection, {label} : le graphique classe ses {rows} ; le tableau plus bas "
        "garde sa ligne."
    )


def ranked_rows(
    bundle: DataBundle, selection: Selection, level: str, scored: pd.DataFrame, threshold_km: float
) -> tuple[str, pd.DataFrame]:
    """The level the chart ranks and its rows: the table's rows, or the level below when the
    table has a single territory (and, for one commune chosen, the communes of its EPCI)."""
    ranked_level = chart_level(level, len(scored)) or level
    if ranked_level == level and not (level == "commune" and selection.level == "commune"):
        return level, scored
    context = with_context(bundle.territories.communes, selection)
    return ranked_level, with_short_names(
        scored_in_region(bundle, ranked_level, threshold_km, context.communes), ranked_level
    )


def gap_ranking_section(
    bundle: DataBundle, selection: Selection, level: str, scored: pd.DataFrame, threshold_km: float
) -> None:
    ranked_level, ranked = ranked_rows(bundle, selection, level, scored, threshold_km)
    top = most_underserved(ranked, 20)
    singular, plural = NOUNS[ranked_level]
    if len(top) >= 2 and (top["score_ecart"] > 0).any():
        st.subheader(f"Les {fr_int(len(top))} {plural} où le besoin dépasse le plus l'offre")
    elif len(top) >= 2:
        st.subheader(f"Écart entre le besoin et l'offre : les {fr_int(len(top))} {plural}")
        st.caption(
            "Aucun territoire classé ici n'a un besoin au-dessus de son offre (écarts négatifs ou nuls, au regard de "
            "la région)."
        )
    else:
        st.subheader(
            f"Écart entre le besoin et l'offre : {fr_count(len(top), singular, plural, none='aucun territoire classé')}"
        )
    if ranked is not scored:
        st.info(context_note(level, ranked_level, selection, len(ranked)), icon=":material/info:")
    st.markdown(f"**Formule.** {FORMULA_FR}")
    region_count = len(scored_level(bundle, ranked_level, threshold_km))
    st.markdown(
        f"**Comparaison.** {comparison_text(ranked_level, region_count, bundle.config.region, selection.is_region)}"
    )
    if top.empty:
        st.info(
            "Aucun territoire de la sélection n'a de valeur d'IFN : pas de classement possible.", icon=":material/info:"
        )
    else:
        st.plotly_chart(gap_bar(top, threshold_km), width="stretch", config={"displayModeBar": False})
        st.caption(
            "En rouge : besoin au-dessus de la médiane et offre en dessous (quadrant sous-doté) ; en gris : les "
            "autres. "
            "Un écart négatif signale un territoire mieux équipé que fragile. Survolez une barre pour ses valeurs."
        )
        st.markdown("**Besoin et offre de chaque territoire**")
        st.plotly_chart(need_supply_scatter(ranked, threshold_km), width="stretch", config={"displayModeBar": False})
        st.caption(
            "Chaque point est un territoire (taille : population) ; les numéros sont les rangs des 10 plus grands "
            "écarts. Pointillés : médianes de la région."
        )
    missing = int(ranked["score_ecart"].isna().sum())
    if missing:
        st.caption(
            fr_count(
                missing,
                "territoire sans valeur d'IFN n'est pas classé.",
                "territoires sans valeur d'IFN ne sont pas classés.",
            )
        )
