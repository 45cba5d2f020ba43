"""What the loaders found: one line per dataset and the list of problems, downloadable."""

from __future__ import annotations

import streamlit as st

from components.downloads import download_buttons
from components.format_fr import fr_int
from loaders.bundle import DataBundle
from loaders.problems import ERROR, WARNING, problems_frame


def data_health_expander(bundle: DataBundle) -> None:
    statuses = list(bundle.status.values())
    errors = sum(s.errors for s in statuses)
    warnings = sum(sum(p.severity == WARNING for p in s.problems) for s in statuses)
    title = f"Contrôle des données chargées : {fr_int(errors)} erreur(s), {fr_int(warnings)} avertissement(s)"
    with st.expander(title, icon=":material/fact_check:"):
        rows = [
            {
                "Jeu de données": s.label,
                "Fichier": s.path.name if s.path else "non configuré",
                "Lignes chargées": s.rows,
                "Erreurs": s.errors,
                "Avertissements": sum(p.severity == WARNING for p in s.problems),
            }
            for s in statuses
        ]
        st.dataframe(rows, hide_index=True, width="stretch")
        problems = problems_frame(bundle.problems)
        if problems.empty:
            st.success("Aucun problème détecté dans les fichiers chargés.")
            return
        problems = problems.sort_values(
            ["gravite"], key=lambda s: s.map({ERROR: 0, WARNING: 1}).fillna(2), kind="stable"
        )
        st.dataframe(
            problems.rename(
                columns={
                    "gravite": "Gravité",
                    "fichier": "Fichier",
                    "ligne": "Ligne",
                    "colonne": "Colonne",
                    "message": "Problème",
                    "valeur": "Valeur",
                }
            ),
            hide_index=True,
            width="stretch",
        )
        download_buttons(problems, "problemes_donnees", key="health")
