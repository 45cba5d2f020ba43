"""Freshness of the registry (analytics/quality/freshness.py): per grade, per source, per
territory, and the places to chase with their contact fields (downloadable)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.coverage.opening_hours import SYNTAX_HELP, unreadable_hours
from analytics.quality.freshness import GRADE_LABELS, GRADES, grade_counts_by_source
from components.downloads import download_buttons
from components.format_fr import fr_int
from components.freshness import (
    chase_list,
    french_columns,
    freshness_date,
    grade_caption,
    grade_metrics,
    grade_table,
)
from components.links import place_url
from ingestion.actor_registry import current_records
from ingestion.store import ACTOR_RECORDS, Store
from loaders.bundle import DataBundle
from views.donnees.import_report import shown

LEVELS = {"code_departement": "Département", "nom_epci": "EPCI"}


def _source_table(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"Source": table["source"], "Fiches": table["lieux"]})
    for grade in GRADES:
        out[GRADE_LABELS[grade]] = table[grade]
        out[f"{GRADE_LABELS[grade]} (%)"] = (100 * table[f"part_{grade}"]).round(1)
    return out


def freshness_section(bundle: DataBundle, store: Store, versions: dict[str, int]) -> None:
    actors = bundle.actors
    st.markdown("##### Fraîcheur des fiches")
    if actors.empty:
        st.info("Le registre des acteurs est vide.", icon=":material/info:")
        return
    as_of, reason = freshness_date(bundle)
    st.caption(grade_caption(as_of, reason))
    grade_metrics(actors, as_of, key="donnees-fraicheur")

    records_id = versions.get(ACTOR_RECORDS)
    records = current_records(store, actors, versions.get("acteurs"), store.version(records_id) if records_id else None)
    st.markdown("**Par source** (chaque fiche source avec sa propre date de mise à jour)")
    sources = _source_table(grade_counts_by_source(records, as_of))
    st.dataframe(
        sources, column_config=french_columns(sources), hide_index=True, width="stretch", key="fraicheur-sources"
    )
    download_buttons(sources, "fraicheur_par_source", key="fraicheur-sources")

    level = st.radio("Par territoire", list(LEVELS), format_func=LEVELS.get, horizontal=True, key="fraicheur-niveau")
    territories = grade_table(actors, as_of, level, LEVELS[level])
    if level == "code_departement":
        names = dict(
            zip(bundle.territories.communes["code_departement"], bundle.territories.communes["nom_departement"])
        )
        territories.insert(1, "Nom", territories["Département"].map(names).fillna(""))
    st.dataframe(
        territories,
        column_config=french_columns(territories),
        hide_index=True,
        width="stretch",
        key="fraicheur-territoires",
    )
    download_buttons(territories, f"fraicheur_par_{LEVELS[level].lower()}", key="fraicheur-territoires")

    st.markdown("**Lieux à relancer**, les plus anciens d'abord, avec les contacts qu'ils ont publiés")
    chase_list(actors, as_of, key="donnees-relancer")

    st.markdown("##### Horaires illisibles")
    bad = unreadable_hours(actors)
    if bad.empty:
        st.success("Tous les horaires renseignés sont lisibles.", icon=":material/check_circle:")
        return
    st.warning(
        f"{fr_int(len(bad))} lieu(x) ont des horaires que l'outil ne sait pas lire : ils n'apparaissent pas dans les "
        f"filtres d'horaires de la carte et comptent à moitié dans le score de qualité. {SYNTAX_HELP[:1].upper()}"
        f"{SYNTAX_HELP[1:]}.",
        icon=":material/schedule:",
    )
    table = bad.rename(columns={"id": "Identifiant", "nom": "Lieu", "commune": "Commune", "horaires": "Horaires"})
    table.insert(2, "Fiche", [place_url(i) for i in bad["id"]])
    st.dataframe(
        shown(table),
        column_config={"Fiche": st.column_config.LinkColumn("Fiche", display_text="Voir le lieu", width=100)},
        hide_index=True,
        width="stretch",
        key="horaires-illisibles",
    )
    download_buttons(shown(table.drop(columns=["Fiche"])), "horaires_illisibles", key="horaires-illisibles")
