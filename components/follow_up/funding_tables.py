"""Money tables: shown with French formats, downloaded with numbers (euros, ratios)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.downloads import download_buttons
from components.format_fr import fr_euros, fr_int, fr_percent


def _ratio(part, whole):
    return part / whole if whole else float("nan")


def money_tables(frame: pd.DataFrame, label_column: str, label_title: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(display, export) for a frame with prevu/engage/depense_centimes per `label_column`."""
    display = pd.DataFrame(
        {
            label_title: frame[label_column].astype("object"),
            "Prévu": [fr_euros(v, force_cents=True) for v in frame["prevu_centimes"]],
            "Engagé": [fr_euros(v, force_cents=True) for v in frame["engage_centimes"]],
            "Engagé (%)": [fr_percent(_ratio(e, p)) for e, p in zip(frame["engage_centimes"], frame["prevu_centimes"])],
            "Dépensé": [fr_euros(v, force_cents=True) for v in frame["depense_centimes"]],
            "Dépensé (%)": [
                fr_percent(_ratio(d, p)) for d, p in zip(frame["depense_centimes"], frame["prevu_centimes"])
            ],
            "Reste à dépenser": [
                fr_euros(p - d, force_cents=True) for p, d in zip(frame["prevu_centimes"], frame["depense_centimes"])
            ],
        }
    )
    export = pd.DataFrame(
        {
            label_title: frame[label_column].astype("object"),
            "prevu_euros": frame["prevu_centimes"] / 100,
            "engage_euros": frame["engage_centimes"] / 100,
            "taux_engagement": [_ratio(e, p) for e, p in zip(frame["engage_centimes"], frame["prevu_centimes"])],
            "depense_euros": frame["depense_centimes"] / 100,
            "taux_depense": [_ratio(d, p) for d, p in zip(frame["depense_centimes"], frame["prevu_centimes"])],
            "reste_a_depenser_euros": (frame["prevu_centimes"] - frame["depense_centimes"]) / 100,
        }
    )
    return display, export


def fundraising_tables(frame: pd.DataFrame, label_column: str, label_title: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    display = pd.DataFrame(
        {
            label_title: frame[label_column].astype("object"),
            "Dossiers": [fr_int(v) for v in frame["nb_dossiers"]],
            "Montant demandé": [fr_euros(v) for v in frame["demande_centimes"]],
            "Obtenus": [fr_int(v) for v in frame["nb_obtenus"]],
            "Montant obtenu": [fr_euros(v) for v in frame["obtenu_centimes"]],
            "Refusés": [fr_int(v) for v in frame["nb_refuses"]],
            "En attente": [fr_int(v) for v in frame["nb_en_attente"]],
        }
    )
    export = pd.DataFrame(
        {
            label_title: frame[label_column].astype("object"),
            "dossiers": frame["nb_dossiers"],
            "demande_euros": frame["demande_centimes"] / 100,
            "dossiers_obtenus": frame["nb_obtenus"],
            "obtenu_euros": frame["obtenu_centimes"] / 100,
            "dossiers_refuses": frame["nb_refuses"],
            "dossiers_en_attente": frame["nb_en_attente"],
        }
    )
    return display, export


def show_table(
    display: pd.DataFrame, export: pd.DataFrame, file_stem: str, key: str, height: int | str = "auto"
) -> None:
    st.dataframe(display, hide_index=True, width="stretch", height=height)
    download_buttons(export, file_stem, key=key)
