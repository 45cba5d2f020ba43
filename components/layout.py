"""Page furniture: the fictitious-data banner, page headers, the sources footer."""

from __future__ import annotations

import streamlit as st

from loaders.bundle import DataBundle

DEMO_BANNER = (
    "**Données fictives de démonstration.** Les acteurs, indicateurs, montants et résultats "
    "affichés sont générés par `scripts/generate_demo.py` ; seuls les territoires (communes, EPCI, "
    "populations) sont réels."
)


def demo_banner(bundle: DataBundle) -> None:
    if bundle.fictitious:
        st.warning(DEMO_BANNER, icon=":material/science:")


def page_header(bundle: DataBundle, title: str, subtitle: str | None = None) -> None:
    st.title(title)
    if subtitle:
        st.caption(subtitle)
    demo_banner(bundle)


def sources_footer(bundle: DataBundle, extra: list[str] | None = None) -> None:
    lines = [bundle.territories.attribution]
    lines += extra or []
    if bundle.fictitious:
        lines.append("Acteurs, indicateurs, financements et suivi : données fictives de démonstration.")
    st.caption("Sources : " + " ".join(x for x in lines if x))
