"""The history of a dataset's versions: who, when, what; view, download or restore any of them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.access import page_identity, require_writer
from components.downloads import dataset_csv_bytes, dataset_xlsx_bytes, download_buttons
from components.format_fr import fr_int
from components.page_messages import flash, md_escape
from components.paged_table import page_of
from ingestion.dataset_import import restore_version
from ingestion.store import Store, StoreError, VersionInfo
from ingestion.store_bundle import to_local
from loaders.config import DATASET_KEYS
from loaders.schemas import SPECS
from views.donnees.import_report import shown

VIEW_ROWS = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def when(version: VersionInfo) -> str:
    return f"{to_local(version.created_at):%d/%m/%Y à %H:%M}"


def version_label(version: VersionInfo) -> str:
    current = " (actuelle)" if version.is_current else ""
    return f"Version {version.number} du {when(version)} par {version.author}{current}"


def versions_frame(versions: list[VersionInfo]) -> pd.DataFrame:
    number_of = {v.id: v.number for v in versions}
    rows = [
        {
            "Version": v.number,
            "Date": when(v),
            "Par": v.author,
            "Origine": v.origin + (f" de la version {number_of.get(v.restored_from, '?')}" if v.restored_from else ""),
            "Fichier": v.file_name or "",
            "Source": v.source_name or "",
            "Millésime": v.vintage or "",
            "Lignes": v.rows,
            "Lignes écartées": v.rows_rejected,
            "Problèmes signalés": v.problems_count,
            "Actuelle": "oui" if v.is_current else "",
            "Note": v.note or "",
        }
        for v in versions
    ]
    return pd.DataFrame(rows)


@st.cache_data(max_entries=6, show_spinner="Lecture de la version…")
def _version_view(store_url: str, version_id: int, _store: Store) -> tuple[int, pd.DataFrame, bytes, bytes]:
    """A version's content as shown and as downloaded (a version never changes: cached by id)."""
    frame = _store.version_frame(version_id)
    export = frame.drop(columns=["_ligne"], errors="ignore")
    return len(frame), shown(frame.head(VIEW_ROWS)), dataset_csv_bytes(export), dataset_xlsx_bytes(export)


def versions_history(store: Store) -> None:
    dataset = st.selectbox("Jeu de données", DATASET_KEYS, format_func=lambda k: SPECS[k].label, key="history-dataset")
    versions = store.list_versions(dataset)
    if not versions:
        st.info("Aucune version enregistrée pour ce jeu de données : importez un fichier.", icon=":material/info:")
        return
    table = versions_frame(versions)
    st.dataframe(table, hide_index=True, width="stretch")
    download_buttons(table, f"historique_{dataset}", key="history-table")

    by_id = {v.id: v for v in versions}
    chosen = st.selectbox(
        "Consulter une version",
        list(by_id),
        format_func=lambda i: version_label(by_id[i]),
        key=f"history-version-{dataset}",
    )
    version = by_id[chosen]
    rows, view, csv_bytes, xlsx_bytes = _version_view(store.url, version.id, store)
    st.caption(
        f"{fr_int(rows)} ligne(s) ; les {fr_int(min(rows, VIEW_ROWS))} premières consultables ici, les téléchargements "
        "les contiennent toutes."
    )
    st.dataframe(page_of(view, f"history-view-{version.id}"), hide_index=True, width="stretch")
    stem = f"{dataset}_version_{version.number}"
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        "Télécharger (CSV)",
        csv_bytes,
        f"{stem}.csv",
        "text/csv",
        key=f"history-download-{version.id}-csv",
        icon=":material/download:",
    )
    c2.download_button(
        "Télécharger (XLSX)",
        xlsx_bytes,
        f"{stem}.xlsx",
        XLSX,
        key=f"history-download-{version.id}-xlsx",
        icon=":material/table_view:",
    )

    if version.is_current:
        st.caption("Cette version est la version actuelle.")
        return
    if store.read_only:
        st.caption(
            "Restauration impossible : l'entrepôt des données est ouvert en lecture seule (voir l'onglet « Importer "
            "un fichier »)."
        )
        return
    identity = page_identity()
    if not identity.can_write:
        st.caption(md_escape(f"Restauration réservée à l'équipe du hub (votre rôle : {identity.role_label})."))
        return
    with st.form(f"restore-{version.id}", border=True):
        st.markdown(
            f"**Restaurer la version {version.number}** : une nouvelle version est créée avec son contenu "
            f"({fr_int(version.rows)} lignes) ; la version actuelle reste dans l'historique."
        )
        st.caption(md_escape(f"Restauration enregistrée au nom de : {identity.author}"))
        submitted = st.form_submit_button("Restaurer cette version", icon=":material/history:", type="primary")
    if submitted:
        if not require_writer(page_identity()):  # checked again when the action runs
            return
        try:
            restored = restore_version(store, version.id, identity.author, identity.author_subject)
        except StoreError as exc:
            st.error(md_escape(exc), icon=":material/error:")
            return
        flash(
            "success",
            f"Version {version.number} restaurée : « {SPECS[dataset].label} » passe à la version {restored.number}, "
            f"par {md_escape(restored.author)}.",
        )
        st.rerun()
