"""What an import would do, shown before anyone confirms: the report, a preview, the diff."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.dataset_diff import AFTER, BEFORE, FIELD, DatasetDiff
from components.downloads import download_buttons, export_frame
from components.format_fr import fr_int
from components.page_messages import md_escape
from loaders.dataset_import import ImportPreview
from loaders.problems import ERROR, INFO, LINE, WARNING, problems_frame
from loaders.schemas import SPECS

SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_LABELS = {ERROR: "Erreur", WARNING: "Avertissement", INFO: "Information"}
PREVIEW_ROWS = 200


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame ready for st.dataframe: lists joined, no line-number column, formulas
    neutralised, missing text shown empty (not « None »)."""
    out = export_frame(frame.drop(columns=[LINE], errors="ignore"))
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].astype(object).where(out[column].notna(), "")
    return out


def detection_caption(preview: ImportPreview) -> None:
    info = preview.read_info
    parts = [f"**{md_escape(preview.file_name)}**"]
    if info.get("format"):
        parts.append(f"lu comme {info['format']}")
    if info.get("encodage"):
        parts.append(f"encodage {info['encodage']}")
    if info.get("separateur"):
        parts.append(f"séparateur {info['separateur']}")
    if preview.file_columns:
        parts.append(f"{fr_int(preview.rows_read)} ligne(s) et {fr_int(len(preview.file_columns))} colonne(s)")
    st.caption(" · ".join(parts))


def problems_report(preview: ImportPreview, key: str) -> None:
    problems = problems_frame(preview.problems)
    errors = int((problems["gravite"] == ERROR).sum())
    warnings = int((problems["gravite"] == WARNING).sum())
    if preview.refused:
        st.error(f"**Fichier refusé** : {md_escape(preview.refusal)}. Rien n'a été modifié.", icon=":material/block:")
    c1, c2, c3, c4 = st.columns(4)
    kept = 0 if preview.loaded is None else len(preview.loaded)
    c1.metric("Lignes lues", fr_int(preview.rows_read), border=True)
    c2.metric("Lignes retenues", fr_int(kept), border=True)
    c3.metric("Lignes écartées", fr_int(preview.rows_rejected), border=True)
    c4.metric("Erreurs / avertissements", f"{fr_int(errors)} / {fr_int(warnings)}", border=True)
    if problems.empty:
        st.success("Aucun problème détecté dans ce fichier.", icon=":material/check_circle:")
        return
    problems = problems.sort_values("gravite", key=lambda s: s.map(SEVERITY_ORDER).fillna(3), kind="stable")
    table = problems.assign(
        gravite=problems["gravite"].map(SEVERITY_LABELS).fillna(problems["gravite"]),
        ligne=problems["ligne"].map(lambda v: "" if pd.isna(v) else str(int(v))),
    )
    table = table.rename(columns={"gravite": "Gravité", "fichier": "Fichier", "ligne": "Ligne", "colonne": "Colonne", "message": "Problème", "valeur": "Valeur"})
    with st.expander(f"Rapport : {fr_int(len(problems))} remarque(s) sur le fichier", expanded=bool(errors) or preview.refused, icon=":material/fact_check:"):
        st.dataframe(
            shown(table),
            hide_index=True,
            width="stretch",
            column_config={"Problème": st.column_config.TextColumn(width="large"), "Fichier": st.column_config.TextColumn(width="small")},
        )
        download_buttons(table, "rapport_import", key=f"{key}-report")


def file_preview(preview: ImportPreview, key: str) -> None:
    if preview.loaded is None or preview.loaded.empty:
        return
    with st.expander(f"Aperçu des lignes retenues ({fr_int(min(PREVIEW_ROWS, len(preview.loaded)))} premières sur {fr_int(len(preview.loaded))})", icon=":material/preview:"):
        st.dataframe(shown(preview.loaded.head(PREVIEW_ROWS)), hide_index=True, width="stretch")


def diff_report(diff: DatasetDiff, dataset: str, key: str, title: str | None = None) -> None:
    st.markdown(f"##### {title or 'Ce qui change par rapport à la version actuelle'}")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Lignes ajoutées", fr_int(len(diff.added)), border=True)
    c2.metric("Lignes supprimées", fr_int(len(diff.removed)), border=True)
    c3.metric("Lignes modifiées", fr_int(len(diff.changed)), border=True)
    c4.metric("Lignes inchangées", fr_int(diff.unchanged), border=True)
    if diff.is_empty:
        st.info("Ce fichier ne change rien au jeu de données actuel.", icon=":material/info:")
        return
    if len(diff.removed):
        st.warning(
            f"Attention : {fr_int(len(diff.removed))} ligne(s) de la version actuelle n'existeraient plus après cet import "
            "(elles restent consultables dans l'historique).",
            icon=":material/warning:",
        )
    ids = ", ".join(diff.key_columns)
    if not diff.changes.empty:
        counts = diff.field_counts()
        st.caption("Champs modifiés : " + " ; ".join(f"{name} ({fr_int(n)} ligne(s))" for name, n in counts.items()))
    sections = [
        ("Lignes modifiées, champ par champ", diff.changes.rename(columns={FIELD: "Champ", BEFORE: "Avant", AFTER: "Après"}), "modifications"),
        ("Lignes ajoutées", diff.added, "ajouts"),
        ("Lignes supprimées", diff.removed, "suppressions"),
    ]
    for label, frame, stem in sections:
        if frame.empty:
            continue
        with st.expander(f"{label} ({fr_int(len(frame) if stem != 'modifications' else len(diff.changed))}) — identifiant : {ids}"):
            st.dataframe(shown(frame.head(1000)), hide_index=True, width="stretch")
            download_buttons(frame, f"{dataset}_{stem}", key=f"{key}-{stem}")


def import_report(preview: ImportPreview, key: str) -> None:
    detection_caption(preview)
    problems_report(preview, key)
    if preview.refused:
        return
    file_preview(preview, key)
    if preview.diff is not None:
        diff_report(preview.diff, preview.dataset, key)
    for other, diff in preview.companion_diffs.items():
        diff_report(diff, other, f"{key}-{other}", f"Et dans « {SPECS[other].label} »")
