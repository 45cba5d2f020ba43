"""Template files of the hub's own formats, to download and fill in (docs/formats.md)."""

from __future__ import annotations

import streamlit as st

from loaders.bundle import DataBundle
from loaders.provenance import FAMILY_ACTIVITY, FAMILY_ACTORS, FAMILY_FOLLOW_UP, FAMILY_FUNDING, FAMILY_INDICATORS
from loaders.schemas import SPECS
from loaders.templates import TEMPLATE_FAMILIES, TEMPLATE_KEYS, TemplateHub, template_csv, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TITLES = {
    FAMILY_FUNDING: "Financements",
    FAMILY_FOLLOW_UP: "Évaluation des actions",
    FAMILY_INDICATORS: "Indicateurs territoriaux",
    FAMILY_ACTORS: "Acteurs (standard national des lieux de médiation numérique)",
    FAMILY_ACTIVITY: "Activité : personnes accompagnées (format du hub)",
}
GROUPS = tuple((TITLES[f], tuple(k for k in TEMPLATE_KEYS if SPECS[k].family == f)) for f in TEMPLATE_FAMILIES)


def _template_row(key: str, hub: TemplateHub) -> None:
    label, csv_col, xlsx_col = st.columns([4, 1, 1], vertical_alignment="center")
    spec = SPECS[key]
    label.markdown(f"**{spec.label}** (`{key}`)  \nobligatoires : {', '.join(spec.required_columns)}")
    csv_col.download_button(
        "CSV",
        template_csv(key, hub),
        f"modele_{key}.csv",
        "text/csv",
        key=f"template-{key}-csv",
        icon=":material/download:",
        width="stretch",
    )
    xlsx_col.download_button(
        "XLSX",
        template_xlsx(key, hub),
        f"modele_{key}.xlsx",
        XLSX,
        key=f"template-{key}-xlsx",
        icon=":material/table_view:",
        width="stretch",
    )


def file_templates(bundle: DataBundle) -> None:
    """The templates with example rows in the hub's own names, actions, dates and communes."""
    hub = TemplateHub.of(bundle)
    st.markdown(
        "Chaque modèle contient les colonnes attendues, dans l'ordre, et une ou deux lignes d'exemple à remplacer. "
        "Les colonnes et leurs valeurs possibles sont décrites dans la documentation du projet (`docs/formats.md`), "
        "l'import pas à pas dans `docs/import.md`."
    )
    for title, keys in GROUPS:
        st.markdown(f"##### {title}")
        for key in keys:
            _template_row(key, hub)
