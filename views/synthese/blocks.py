"""The Synthèse page's blocks: key figures, the actions' status, the network map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.impact.summary import ImpactSummary
from analytics.territory.scope import select
from analytics.territory.selection import Selection
from components.documents.figures import ACTION_STATUS_RULE, action_rows
from components.documents.html import KeyFigure
from components.documents.reports import members_map_shapes
from components.follow_up.evaluation_labels import KPI_STATUS_COLORS, KPI_STATUS_LABELS, STATUS_RULE
from components.follow_up.styles import status_styler
from components.format_fr import fr_date, fr_int
from components.geo_figures import choropleth
from components.geo_outlines import territory_outlines
from components.html_safety import md_escape
from loaders.bundle import DataBundle


def key_figures(figures: list[KeyFigure], per_row: int = 5) -> None:
    for start in range(0, len(figures), per_row):
        cols = st.columns(per_row)
        for col, figure in zip(cols, figures[start : start + per_row]):
            with col.container(border=True, height="stretch"):
                st.metric(md_escape(figure.label), figure.value)
                if figure.detail:
                    st.caption(md_escape(figure.detail))


def actions_table(summary: ImpactSummary) -> None:
    rows = action_rows(summary.actions)
    display = pd.DataFrame(
        {
            "Action": [r[0] for r in rows],
            "Statut": [r[1] for r in rows],
            "Indicateurs": [f"{r[2]} / {r[3]} / {r[4]}" for r in rows],
            "Jalons": [f"{r[5]} / {r[6]} / {r[7]}" for r in rows],
        }
    )
    colours = {label: KPI_STATUS_COLORS[key] for key, label in KPI_STATUS_LABELS.items()}
    st.dataframe(status_styler(display, ["Statut"], colours), hide_index=True, width="stretch")
    st.caption(
        "Indicateurs : en bonne voie / à surveiller / en retard ; jalons : atteints / en retard / à venir. "
        + ACTION_STATUS_RULE
        + " "
        + STATUS_RULE
    )


def members_map(bundle: DataBundle, selection: Selection, summary: ImpactSummary) -> None:
    actors = select(bundle.actors, selection)
    shapes, level = members_map_shapes(bundle, selection, summary.members_by_epci, actors, summary.as_of)
    code = "code_epci" if level == "EPCI" else "code_insee"
    outlines = territory_outlines(bundle, "epci" if level == "EPCI" else "commune", shapes[code])
    values = shapes.rename(columns={code: "code"})[["code", "nom", "membres"]].copy()
    values["hover"] = [f"{fr_int(n)} membre(s) du réseau" for n in values["membres"]]
    st.subheader(f"Membres du réseau par {level} au {fr_date(summary.as_of)}")
    fig = choropleth(
        outlines, values, "membres", "nom", "Membres<br>du réseau", "%{customdata[0]}", colorscale="Blues", height=480
    )
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, key="synthese-map")
    st.caption(
        "Fond : limites administratives simplifiées (IGN). Plus la couleur est foncée, plus le territoire compte de "
        "membres du réseau du hub."
    )


def people_section(bundle: DataBundle, summary: ImpactSummary) -> None:
    """Personnes accompagnées: each source's figure (never added), breakdowns, money beside the
    activity of the priority zones, experiments beside the people they declare."""
    from analytics.impact import activity as act
    from components import activity as people
    from components.follow_up.funding_labels import zone_labels

    figures = list(summary.people)
    if not figures:
        st.info("Les données d'activité chargées ne comptent aucune personne accompagnée.", icon=":material/info:")
        return
    people.people_metrics(figures)
    level, code = act.selection_scope(summary.selection)
    people.breakdown_tables(bundle, figures, level, code, key="synthese-activite")
    st.caption(md_escape(people.NOT_ADDED))
    st.markdown("**L'argent du hub et l'activité des zones prioritaires**")
    zones = pd.DataFrame(
        people.zone_rows(list(summary.zone_meetings), zone_labels(bundle.config)), columns=people.ZONE_HEADERS
    )
    st.dataframe(zones, hide_index=True, width="stretch", key="synthese-zones-activite")
    st.caption(md_escape(people.RATIO_DEFINITION))
    st.markdown("**Les expérimentations et les personnes qu'elles déclarent**")
    declared = [x for x in summary.experiments_people if x.beneficiaries is not None]
    if declared:
        experiments = pd.DataFrame(people.experiment_rows(declared), columns=people.EXPERIMENT_HEADERS)
        st.dataframe(experiments, hide_index=True, width="stretch", key="synthese-experimentations-personnes")
    if silent := len(summary.experiments_people) - len(declared):
        st.caption(people.undeclared_sentence(silent, bool(declared)))
    st.caption(md_escape(people.EXPERIMENT_RATIO_DEFINITION))
