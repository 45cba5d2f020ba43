"""What an import would do, shown before anyone confirms: the report, a preview, the diff."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.downloads import download_buttons, export_frame
from components.format_fr import fr_count, fr_int, fr_number
from components.page_messages import md_escape
from ingestion.dataset_diff import AFTER, BEFORE, FIELD, DatasetDiff
from ingestion.dataset_import import IFN_LEVELS, LONG_FORMATS, ImportPreview
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
        parts.append(f"{fr_count(preview.rows_read, 'ligne')} et {fr_count(len(preview.file_columns), 'colonne')}")
    st.caption(" · ".join(parts))


def problems_report(preview: ImportPreview, key: str) -> None:
    problems = problems_frame(preview.problems)
    errors = int((problems["gravite"] == ERROR).sum())
    warnings = int((problems["gravite"] == WARNING).sum())
    if preview.refused:
        st.error(f"**Fichier refusé** : {md_escape(preview.refusal)}. Rien n'a été modifié.", icon=":material/block:")
    infos = int((problems["gravite"] == INFO).sum())
    c1, c2, c3, c4 = st.columns(4)
    kept = 0 if preview.loaded is None else len(preview.loaded)
    c1.metric(
        "Lignes lues", fr_int(preview.rows_read), help="Lignes de données du fichier (en-tête exclu).", border=True
    )
    if preview.source_format in LONG_FORMATS:
        per_row = kept / max(preview.rows_read - preview.rows_rejected, 1)
        c2.metric(
            "Valeurs retenues",
            fr_int(kept),
            help=(
                f"Le fichier donne plusieurs {'indicateurs' if preview.source_format in IFN_LEVELS else 'valeurs'} par "
                f"ligne (environ {fr_number(per_row, 1)} en moyenne) : chaque valeur devient une ligne du jeu de "
                "données (format long)."
            ),
            border=True,
        )
    else:
        c2.metric("Lignes retenues", fr_int(kept), border=True)
    c3.metric(
        "Lignes écartées",
        fr_int(preview.rows_rejected),
        help="Lignes du fichier qui n'entreront pas dans le jeu de données ; chacune est nommée dans le rapport.",
        border=True,
    )
    c4.metric(
        "Remarques",
        f"{fr_int(errors)} · {fr_int(warnings)} · {fr_int(infos)}",
        help=(
            "Erreurs · avertissements · informations du rapport. Une erreur écarte sa ligne ; un avertissement garde "
            "la ligne en signalant une valeur corrigée ou vidée."
        ),
        border=True,
    )
    if preview.rows_rejected and not errors:
        st.caption(
            f"{fr_count(preview.rows_rejected, 'ligne écartée')} sans erreur : lignes vides, en double ou hors du "
            "périmètre du hub, "
            "détaillées dans le rapport."
        )
    if problems.empty:
        st.success("Aucun problème détecté dans ce fichier.", icon=":material/check_circle:")
        return
    problems = problems.sort_values("gravite", key=lambda s: s.map(SEVERITY_ORDER).fillna(3), kind="stable")
    table = problems.assign(
        gravite=problems["gravite"].map(SEVERITY_LABELS).fillna(problems["gravite"]),
        ligne=problems["ligne"].map(lambda v: "" if pd.isna(v) else str(int(v))),
    )
    table = table.rename(
        columns={
            "gravite": "Gravité",
            "fichier": "Fichier",
            "ligne": "Ligne",
            "colonne": "Colonne",
            "message": "Problème",
            "valeur": "Valeur",
        }
    )
    with st.expander(
        f"Rapport : {fr_count(len(problems), 'remarque')} sur le fichier",
        expanded=bool(errors) or preview.refused,
        icon=":material/fact_check:",
    ):
        st.dataframe(
            shown(table),
            hide_index=True,
            width="stretch",
            column_config={
                "Problème": st.column_config.TextColumn(width="large"),
                "Fichier": st.column_config.TextColumn(width="small"),
            },
        )
        download_buttons(table, "rapport_import", key=f"{key}-report")


def file_preview(preview: ImportPreview, key: str) -> None:
    if preview.loaded is None or preview.loaded.empty:
        return
    with st.expander(
        f"Aperçu des lignes retenues ({fr_int(min(PREVIEW_ROWS, len(preview.loaded)))} premières sur "
        f"{fr_int(len(preview.loaded))})",
        icon=":material/preview:",
    ):
        st.dataframe(shown(preview.loaded.head(PREVIEW_ROWS)), hide_index=True, width="stretch")


# What a row of each dataset is, for the diff's counters ("Lieux ajoutés", "Valeurs modifiées").
DIFF_UNITS = {
    "acteurs": ("Lieux", "lieu", "ajoutés", "retirés ou fusionnés", "modifiés", "inchangés"),
    "indicateurs": ("Valeurs", "valeur", "ajoutées", "retirées", "modifiées", "inchangées"),
    "activite": ("Valeurs", "valeur", "ajoutées", "retirées", "modifiées", "inchangées"),
}
DEFAULT_UNIT = ("Lignes", "ligne", "ajoutées", "supprimées", "modifiées", "inchangées")


def diff_report(diff: DatasetDiff, dataset: str, key: str, title: str | None = None, merge: bool = False) -> None:
    st.markdown(f"##### {title or 'Ce qui change par rapport à la version actuelle'}")
    unit, one, added, removed, changed, same = DIFF_UNITS.get(dataset, DEFAULT_UNIT)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(f"{unit} {added}", fr_int(len(diff.added)), border=True)
    c2.metric(
        f"{unit} {removed}",
        fr_int(len(diff.removed)),
        border=True,
        help=(
            "Un lieu de la version actuelle rapproché d'un autre (même lieu décrit par deux sources) garde un seul "
            "identifiant : l'autre disparaît."
        )
        if dataset == "acteurs"
        else None,
    )
    c3.metric(f"{unit} {changed}", fr_int(len(diff.changed)), border=True)
    c4.metric(f"{unit} {same}", fr_int(diff.unchanged), border=True)
    if diff.is_empty:
        st.info("Ce fichier ne change rien au jeu de données actuel.", icon=":material/info:")
        return
    if len(diff.removed):
        why = (
            " (rapprochés d'un autre lieu par la fusion des sources, ou absents du fichier qui remplace le registre)"
            if dataset == "acteurs"
            else ""
        )
        st.warning(
            f"Attention : {fr_count(len(diff.removed), one)} de la version actuelle "
            f"n'existerai{'en' if len(diff.removed) > 1 else ''}t plus après cet import{why} ; "
            "la version actuelle reste consultable et restaurable dans l'historique.",
            icon=":material/warning:",
        )
    ids = ", ".join(diff.key_columns)
    if not diff.changes.empty:
        counts = diff.field_counts()
        st.caption(
            "Champs modifiés : " + " ; ".join(f"{md_escape(name)} ({fr_count(n, one)})" for name, n in counts.items())
        )
    sections = [
        (
            f"{unit} {changed}, champ par champ",
            diff.changes.rename(columns={FIELD: "Champ", BEFORE: "Avant", AFTER: "Après"}),
            "modifications",
        ),
        (f"{unit} {added}", diff.added, "ajouts"),
        (f"{unit} {removed}", diff.removed, "suppressions"),
    ]
    for label, frame, stem in sections:
        if frame.empty:
            continue
        with st.expander(
            f"{label} ({fr_int(len(frame) if stem != 'modifications' else len(diff.changed))}) — identifiant : {ids}"
        ):
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
