"""Journal des accès (administrateurs): who signed in, when, with which role, and who imported what."""

from __future__ import annotations

import streamlit as st

from components.access import page_identity
from components.data_access import get_bundle, get_store
from components.downloads import download_buttons
from components.format_fr import fr_count
from components.layout import page_header
from ingestion.store_bundle import to_local
from loaders.access import LABELS

bundle = get_bundle()
store = get_store()
page_header(bundle, "Journal des accès", "Connexions au tableau de bord et imports, par personne", page="journal")
if page_identity().role != "admin":  # the navigation already says so; the page checks again
    st.error("Page réservée aux administrateurs.", icon=":material/block:")
    st.stop()

access = store.access_log()
st.subheader("Connexions")
if access.empty:
    st.info("Aucune connexion enregistrée : le journal commence à la première connexion par le fournisseur d'identité.")
else:
    shown = access.assign(
        at=[f"{to_local(v):%d/%m/%Y %H:%M}" for v in access["at"]],
        role=access["role"].map(LABELS).fillna(access["role"]),
    ).rename(columns={"at": "Date", "name": "Nom", "email": "Courriel", "subject": "Identifiant", "role": "Rôle"})
    shown = shown[["Date", "Nom", "Courriel", "Identifiant", "Rôle"]]
    st.caption(
        fr_count(len(shown), "connexion enregistrée", "connexions enregistrées") + " (les plus récentes d'abord)."
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    download_buttons(shown, "journal_connexions", key="journal-access")

imports = store.import_log()
st.subheader("Imports, restaurations et décisions")
if imports.empty:
    st.info("Aucun import enregistré.")
else:
    shown = imports.assign(at=[f"{to_local(v):%d/%m/%Y %H:%M}" for v in imports["at"]]).rename(
        columns={
            "at": "Date",
            "dataset": "Jeu de données",
            "author": "Par",
            "author_subject": "Identifiant",
            "file_name": "Fichier",
            "outcome": "Issue",
            "message": "Détail",
            "rows": "Lignes",
        }
    )
    shown = shown[["Date", "Jeu de données", "Par", "Identifiant", "Fichier", "Issue", "Détail", "Lignes"]]
    st.dataframe(shown, hide_index=True, width="stretch")
    download_buttons(shown, "journal_imports", key="journal-imports")
