"""Suspected duplicate actors for a person to confirm or reject; the staff's field corrections.

Each decision and each correction is stored (ingestion/store.py) and applied on every later
merge; the registry is recomputed at once as a new version of the actors.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.access import page_identity, require_writer
from components.downloads import download_buttons
from components.format_fr import fr_int, fr_number
from components.links import place_url
from components.page_messages import flash, md_escape
from components.search_choice import PLACES, search_choice
from ingestion.actor_merge import CORRECTABLE, apply_corrections
from ingestion.actor_registry import current_records, merge_corrections, rebuild_registry
from ingestion.dataset_import import ImportPreview, rebuild_registry_version
from ingestion.store import (
    ACTOR_RECORDS,
    DECISION_DISTINCT,
    DECISION_SAME,
    ORIGIN_CORRECTION,
    ORIGIN_DECISION,
    Store,
    StoreError,
)
from ingestion.store_bundle import to_local
from loaders.bundle import DataBundle
from views.donnees.import_report import shown

PAIRS_SHOWN = 15
SUSPECT_LABELS = {
    "nom_a": "Lieu A",
    "commune_a": "Commune A",
    "source_a": "Source A",
    "nom_b": "Lieu B",
    "commune_b": "Commune B",
    "source_b": "Source B",
    "raison": "Raison",
    "score": "Similarité des noms",
    "distance_m": "Distance (m)",
}


def import_suspects(preview: ImportPreview) -> None:
    """Before confirming: what the merge did and the pairs a person will have to decide on."""
    report = preview.merge_summary
    if not report:
        return
    links = sum((report.get("rapprochements") or {}).values())
    st.markdown("##### Fusion avec le registre")
    st.caption(
        f"{fr_int(report.get('acteurs', 0))} acteurs après fusion ; {fr_int(links)} rapprochement(s) automatique(s) "
        f"d'un même lieu décrit par plusieurs sources ; {fr_int(report.get('fiches_remplacees', 0))} fiche(s) de la "
        "même source remplacée(s) ; "
        f"{fr_int(report.get('corrections_appliquees', 0))} correction(s) de l'équipe ré-appliquée(s)."
    )
    suspects = preview.suspects
    if suspects is not None and len(suspects):
        with st.expander(
            f"Doublons suspects à examiner après l'import : {fr_int(len(suspects))}", icon=":material/call_merge:"
        ):
            st.dataframe(shown(_suspects_table(suspects)), hide_index=True, width="stretch")


def _place_link(actor_id) -> str:
    """A Markdown link to the page of the place a record belongs to (the URL is percent-encoded:
    no Markdown can come from an id)."""
    if not isinstance(actor_id, str) or not actor_id:
        return ""
    return f"[voir le lieu]({place_url(actor_id)})"


def _suspects_table(suspects: pd.DataFrame) -> pd.DataFrame:
    table = suspects[[c for c in SUSPECT_LABELS if c in suspects.columns]].rename(columns=SUSPECT_LABELS)
    return table


@st.cache_data(max_entries=4, show_spinner="Recherche des doublons suspects…")
def _current_suspects(signature: tuple, _store: Store, _bundle: DataBundle, _versions: dict) -> pd.DataFrame:
    actors_id = _versions.get("acteurs")
    records_id = _versions.get(ACTOR_RECORDS)
    records = current_records(_store, _bundle.actors, actors_id, _store.version(records_id) if records_id else None)
    return rebuild_registry(records, _store.decisions(), _store.corrections(), _bundle.territories).suspected


def _decide(store: Store, bundle: DataBundle, row, decision: str) -> None:
    identity = page_identity()
    if not require_writer(identity):  # the role is checked again when the action runs
        return
    try:
        store.record_decision(row.id_a, row.id_b, decision, identity.author, author_subject=identity.author_subject)
        label = "même lieu" if decision == DECISION_SAME else "lieux distincts"
        version = rebuild_registry_version(
            store,
            bundle.territories,
            identity.author,
            ORIGIN_DECISION,
            f"{row.nom_a} / {row.nom_b} : {label}",
            author_subject=identity.author_subject,
        )
    except StoreError as exc:
        st.error(md_escape(exc), icon=":material/error:")
        return
    flash(
        "success",
        f"Décision enregistrée ({label}) : « {md_escape(row.nom_a)} » et « {md_escape(row.nom_b)} ». Registre : "
        f"version {version.number}, {fr_int(version.rows)} acteurs.",
    )
    st.rerun()


def suspects_review(bundle: DataBundle, store: Store, versions: dict[str, int]) -> None:
    st.markdown("##### Doublons suspects")
    decisions = store.decisions()
    signature = (
        store.url,
        versions.get("acteurs"),
        versions.get(ACTOR_RECORDS),
        len(decisions),
        len(store.corrections()),
    )
    suspects = _current_suspects(signature, store, bundle, versions)
    if suspects.empty:
        st.success("Aucun doublon suspect dans le registre actuel.", icon=":material/check_circle:")
    else:
        st.caption(
            f"{fr_int(len(suspects))} paire(s) de lieux qui pourraient être le même lieu. « Même lieu » les réunit en "
            "un seul acteur ; "
            "« Distincts » ne les rapprochera plus. Chaque décision est retenue pour les imports suivants."
        )
        if store.read_only:
            st.caption(
                "Décisions impossibles : l'entrepôt des données est ouvert en lecture seule (voir l'onglet « Importer "
                "un fichier »)."
            )
        can_decide = page_identity().can_write and not store.read_only
        if not page_identity().can_write:
            st.caption(md_escape(f"Décisions réservées à l'équipe du hub (votre rôle : {page_identity().role_label})."))
        for row in suspects.head(PAIRS_SHOWN).itertuples(index=False):
            with st.container(border=True):
                text, same, distinct = st.columns([6, 1.3, 1.3], vertical_alignment="center")
                distance = "" if pd.isna(row.distance_m) else f" ; {fr_number(row.distance_m)} m"
                text.markdown(
                    f"**{md_escape(row.nom_a)}** ({md_escape(row.commune_a)}, {md_escape(row.source_a)}) "
                    f"{_place_link(row.id_acteur_a)}  \n"
                    f"**{md_escape(row.nom_b)}** ({md_escape(row.commune_b)}, {md_escape(row.source_b)}) "
                    f"{_place_link(row.id_acteur_b)}  \n"
                    f"{md_escape(row.raison)} ; similarité {fr_number(row.score)} / 100{distance}"
                )
                key = f"{row.id_a}|{row.id_b}"
                if same.button(
                    "Même lieu",
                    key=f"same-{key}",
                    icon=":material/call_merge:",
                    disabled=not can_decide,
                    width="stretch",
                ):
                    _decide(store, bundle, row, DECISION_SAME)
                if distinct.button(
                    "Distincts",
                    key=f"distinct-{key}",
                    icon=":material/call_split:",
                    disabled=not can_decide,
                    width="stretch",
                ):
                    _decide(store, bundle, row, DECISION_DISTINCT)
        if len(suspects) > PAIRS_SHOWN:
            st.caption(f"{fr_int(len(suspects) - PAIRS_SHOWN)} autre(s) paire(s) après celles-ci.")
        download_buttons(_suspects_table(suspects), "doublons_suspects", key="suspects")
    if len(decisions):
        with st.expander(f"Décisions enregistrées ({fr_int(len(decisions))})", icon=":material/gavel:"):
            table = decisions.assign(
                decision=decisions["decision"].map({DECISION_SAME: "même lieu", DECISION_DISTINCT: "lieux distincts"}),
                decided_at=decisions["decided_at"].map(lambda d: f"{to_local(d):%d/%m/%Y %H:%M}"),
            ).rename(
                columns={
                    "id_a": "Fiche A",
                    "id_b": "Fiche B",
                    "decision": "Décision",
                    "author": "Par",
                    "decided_at": "Le",
                    "note": "Note",
                }
            )
            st.dataframe(table, hide_index=True, width="stretch")
            download_buttons(table, "decisions_doublons", key="decisions")


def _actor_label(actors: pd.DataFrame):
    names = dict(zip(actors["id"], actors["nom"].fillna("") + " — " + actors["commune"].fillna("")))
    return lambda actor_id: f"{names.get(actor_id, '')} ({actor_id})"


def corrections_form(bundle: DataBundle, store: Store) -> None:
    st.markdown("##### Corriger un acteur")
    st.caption("Une correction de l'équipe l'emporte sur les sources et survit aux imports suivants de la même source.")
    actors = bundle.actors
    if actors.empty:
        st.info("Le registre des acteurs est vide.", icon=":material/info:")
        return
    label = _actor_label(actors)
    actor_id = search_choice(
        {i: label(i) for i in actors["id"]},
        "correction-actor",
        "correction-actor-search",
        "Acteur",
        "Choisir un acteur (tapez son nom)",
        PLACES,
    )
    field = st.selectbox("Champ", CORRECTABLE, key="correction-field")
    if actor_id is not None:
        current = actors.loc[actors["id"] == actor_id, field].iloc[0]
        st.caption(f"Valeur actuelle : {md_escape(shown(pd.DataFrame({field: [current]}))[field].iloc[0]) or '(vide)'}")
    if store.read_only:
        st.caption(
            "Correction impossible : l'entrepôt des données est ouvert en lecture seule (voir l'onglet « Importer un "
            "fichier »)."
        )
    identity = page_identity()
    if not identity.can_write:
        st.caption(md_escape(f"Corrections réservées à l'équipe du hub (votre rôle : {identity.role_label})."))
    with st.form("correction", border=True):
        value = st.text_input(
            "Nouvelle valeur (vide = effacer ; plusieurs valeurs séparées par |)", key="correction-value"
        )
        st.caption(md_escape(f"Correction enregistrée au nom de : {identity.author}"))
        submitted = st.form_submit_button(
            "Enregistrer la correction",
            icon=":material/edit:",
            type="primary",
            disabled=store.read_only or not identity.can_write,
        )
    if submitted:
        if not require_writer(page_identity()):  # checked again when the action runs
            return
        if actor_id is None:
            st.error("Choisissez l'acteur à corriger.", icon=":material/error:")
            return
        probe = pd.DataFrame(
            {"actor_id": [actor_id], "field": [field], "value": [value or None], "created_at": [pd.Timestamp.now()]}
        )
        _, applied, _, problems = apply_corrections(actors, merge_corrections(probe))
        if not applied:
            st.error("Correction refusée : " + "; ".join(p.message for p in problems), icon=":material/error:")
            return
        try:
            store.record_correction(
                actor_id, field, value or None, identity.author, author_subject=identity.author_subject
            )
            version = rebuild_registry_version(
                store,
                bundle.territories,
                identity.author,
                ORIGIN_CORRECTION,
                f"{actor_id} : {field}",
                author_subject=identity.author_subject,
            )
        except StoreError as exc:
            st.error(md_escape(exc), icon=":material/error:")
            return
        flash(
            "success",
            f"Correction enregistrée ({md_escape(field)} de {md_escape(actor_id)}). Registre : version "
            f"{version.number}.",
        )
        st.rerun()
    corrections = store.corrections()
    if len(corrections):
        with st.expander(f"Corrections en vigueur ({fr_int(len(corrections))})", icon=":material/edit_note:"):
            table = corrections.assign(
                created_at=corrections["created_at"].map(lambda d: f"{to_local(d):%d/%m/%Y %H:%M}")
            ).rename(
                columns={
                    "actor_id": "Acteur",
                    "field": "Champ",
                    "value": "Valeur",
                    "author": "Par",
                    "created_at": "Le",
                    "note": "Note",
                }
            )
            st.dataframe(shown(table), hide_index=True, width="stretch")
            download_buttons(table, "corrections_acteurs", key="corrections")
