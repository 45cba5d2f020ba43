"""La Coop de la médiation numérique: asking its API v1 for the statistics to import.

The token comes from Streamlit's secrets (`[coop] jeton`) or the environment variable
HUB_COOP_TOKEN (loaders/sources/coop_api.py); without it, the page says how to set it and the
saved answers of an earlier query can still be imported as a file.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from components.format_fr import fr_count, fr_date
from components.page_messages import md_escape
from loaders.bundle import DataBundle
from loaders.sources.coop_api import TOKEN_HELP, coop_settings, document_name, fetch_statistics

SESSION_KEY = "import-coop"


def _secrets():
    try:
        return st.secrets
    except Exception:  # noqa: BLE001 - no secrets file is the same as no token
        return None


def coop_step(bundle: DataBundle, nonce: int) -> tuple[str, bytes] | None:
    """The query form; returns (document name, its JSON bytes) once La Coop has answered."""
    config = bundle.config
    settings = coop_settings(_secrets(), os.environ)
    if not settings.configured:
        st.info(
            TOKEN_HELP + " Vous pouvez aussi importer ci-dessus les réponses enregistrées d'une interrogation "
            "précédente (fichier JSON).",
            icon=":material/key_off:",
        )
        return None
    # The configured address as code: shown as typed, never made a link (nor broken by md_escape's joiner).
    address = settings.url.replace("`", "")
    st.caption(f"La Coop sera interrogée à l'adresse `{address}` avec le jeton configuré.")
    with st.form(f"coop-{nonce}", border=True):
        c1, c2 = st.columns(2)
        du = c1.date_input("Activités du", value=config.start, format="DD/MM/YYYY", key=f"coop-du-{nonce}")
        au = c2.date_input("au", value=min(dt.date.today(), config.end), format="DD/MM/YYYY", key=f"coop-au-{nonce}")
        zones = sorted(set(config.qpv) | set(config.acv))
        by_commune = st.checkbox(
            f"Interroger aussi, une par une, les {fr_count(len(zones), 'commune')} avec un QPV ou Action Cœur de Ville "
            "(activité par zone prioritaire)",
            value=bool(zones),
            disabled=not zones,
            key=f"coop-communes-{nonce}",
        )
        asked = st.form_submit_button("Interroger La Coop", icon=":material/cloud_download:", type="primary")
    if asked:
        communes = zones if by_commune else []
        with st.spinner(f"Interrogation de La Coop ({len(config.departements) + len(communes)} requêtes)…"):
            fetched = fetch_statistics(settings, du, au, config.departements, communes)
        st.session_state[SESSION_KEY] = (nonce, fetched, du, au)
    cached = st.session_state.get(SESSION_KEY)
    if not cached or cached[0] != nonce:
        return None
    _, fetched, du, au = cached
    for problem in fetched.problems:
        st.warning(md_escape(problem.message), icon=":material/cloud_off:")
    if not fetched.ok:
        return None
    name = document_name(du, au)
    st.success(
        f"La Coop a répondu pour la période du {fr_date(du)} au {fr_date(au)} "
        f"({fr_count(len(fetched.document['data']), 'territoire')}) : vérifiez le rapport ci-dessous avant de valider.",
        icon=":material/cloud_done:",
    )
    st.download_button(
        "Enregistrer les réponses (JSON)",
        fetched.as_bytes(),
        file_name=name,
        mime="application/json",
        key=f"coop-save-{nonce}",
        icon=":material/download:",
    )
    return name, fetched.as_bytes()
