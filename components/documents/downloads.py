"""Download buttons of the two documents, generated when the button is clicked (not at every run)."""

from __future__ import annotations

import streamlit as st

from analytics.evaluation.committee import CommitteeSummary
from analytics.impact.summary import ImpactSummary
from analytics.territory.selection import Selection
from components.documents.reports import committee_snapshot, synthesis_report, synthesis_summary
from loaders.bundle import DataBundle

PRINT_NOTE = (
    "Document HTML autonome : il s'ouvre sans connexion dans tout navigateur et s'imprime proprement "
    "(pour un PDF, choisir « Imprimer » puis « Enregistrer au format PDF »)."
)


def _stem(selection: Selection) -> str:
    return "" if selection.is_region else f"_{selection.code}"


def snapshot_download(bundle: DataBundle, summary: CommitteeSummary) -> None:
    """The committee snapshot of the Suivi page at the chosen dates (the page's own summary)."""

    def build() -> bytes:
        return committee_snapshot(bundle, summary).encode("utf-8")

    st.download_button(
        "Télécharger l'instantané pour le comité (HTML imprimable)",
        build,
        file_name=f"suivi_hub_{summary.as_of.isoformat()}{_stem(summary.selection)}.html",
        mime="text/html",
        key="suivi-snapshot",
        on_click="ignore",
        icon=":material/print:",
        type="primary",
    )
    st.caption(PRINT_NOTE)


def report_download(bundle: DataBundle, summary: ImpactSummary) -> None:
    """The funders' one-page summary and their longer report, with the Synthèse page's figures."""

    def build_summary() -> bytes:
        return synthesis_summary(bundle, summary).encode("utf-8")

    def build() -> bytes:
        return synthesis_report(bundle, summary).encode("utf-8")

    row = st.container(horizontal=True)
    row.download_button(
        "Télécharger la synthèse d'une page (HTML imprimable)",
        build_summary,
        file_name=f"synthese_1_page_{summary.as_of.isoformat()}{_stem(summary.selection)}.html",
        mime="text/html",
        key="synthese-summary",
        on_click="ignore",
        icon=":material/print:",
        type="primary",
    )
    row.download_button(
        "Télécharger le rapport pour les financeurs (HTML imprimable)",
        build,
        file_name=f"synthese_hub_{summary.as_of.isoformat()}{_stem(summary.selection)}.html",
        mime="text/html",
        key="synthese-report",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(PRINT_NOTE)
