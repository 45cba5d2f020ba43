"""Every dataset at a glance: source, vintage, rows, last import (when, who, how), quality."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.quality.data_quality import dataset_quality_score
from components.downloads import download_buttons
from components.format_fr import fr_percent
from components.layout import empty_state
from ingestion.store import Store, VersionInfo
from ingestion.store_bundle import BUNDLE_FIELDS, to_local
from loaders.bundle import DataBundle
from loaders.config import DATASET_KEYS
from loaders.schemas import SPECS


def overview_frame(
    bundle: DataBundle, versions: dict[str, VersionInfo], counts: dict[str, int], as_of: dt.date
) -> pd.DataFrame:
    rows = []
    for key in DATASET_KEYS:
        v = versions.get(key)
        frame = getattr(bundle, BUNDLE_FIELDS[key])
        score = dataset_quality_score(key, frame, as_of) if len(frame) else None
        rows.append(
            {
                "Jeu de données": SPECS[key].label,
                "Lignes": len(frame),
                "Qualité": fr_percent(score, 0) if score is not None else "–",
                "Dernière importation": f"{to_local(v.created_at):%d/%m/%Y %H:%M}" if v else "jamais",
                "Par": v.author if v else "",
                "Comment": v.origin if v else "",
                "Source": (v.source_name or "") if v else "",
                "Millésime": (v.vintage or "") if v else "",
                "Fichier": (v.file_name or "") if v else "",
                "Versions": counts.get(key, 0),
            }
        )
    return pd.DataFrame(rows)


def datasets_overview(bundle: DataBundle, store: Store) -> None:
    versions = store.current_versions()
    counts = {key: len(store.list_versions(key)) for key in DATASET_KEYS}
    empty_state(bundle, DATASET_KEYS, "Aucun jeu de données chargé", link=False)
    table = overview_frame(bundle, versions, counts, dt.date.today())
    st.dataframe(table, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3)
    download_buttons(table, "jeux_de_donnees", key="datasets")
