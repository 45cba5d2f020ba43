"""The hub's base against the national map's export (ingestion/national_reconciliation.py).

Upload the national CSV (standard v1, all of France): the region is kept, the places are
matched with the merge's rules, and the page shows the places on each side only and the fields
that disagree. The hub's places missing nationally download in the standard (validated); the
national-only places go through the usual preview and confirmation, as candidates of the
source « Cartographie nationale » (their suspected duplicates then wait in « Doublons »).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.access import page_identity
from components.downloads import download_buttons
from components.format_fr import fr_int
from components.french_widgets import french_uploader
from components.links import place_url
from components.page_messages import md_escape
from ingestion.dataset_import import MODE_MERGE, ImportContext, ImportRequest, prepare_import
from ingestion.national_reconciliation import (
    CANDIDATES_FILE,
    MISSING_FILE,
    NATIONAL_SOURCE,
    missing_nationally_export,
    national_only_file,
    read_national_export,
    reconcile,
)
from ingestion.store import Store
from loaders.bundle import DataBundle
from loaders.tabular_reading import MAX_BYTES
from views.donnees.import_flow import confirm_step, read_only_notice
from views.donnees.import_report import import_report, shown

STATE = "national-reconciliation"
PREVIEW = "national-candidates-preview"
MATCH_LABELS = {
    "id_hub": "Identifiant (hub)",
    "id_national": "Identifiant (national)",
    "nom_hub": "Nom (hub)",
    "nom_national": "Nom (national)",
    "commune": "Commune",
    "regle": "Rapprochés par",
    "date_maj_hub": "Mise à jour (hub)",
    "date_maj_nationale": "Mise à jour (national)",
    "differences": "Champs différents",
}
DIFFERENCE_LABELS = {
    "id_hub": "Identifiant (hub)",
    "id_national": "Identifiant (national)",
    "nom": "Lieu",
    "champ": "Champ",
    "valeur_hub": "Valeur dans la base du hub",
    "valeur_nationale": "Valeur nationale",
}
PLACE_LABELS = {
    "id": "Identifiant",
    "nom": "Nom",
    "commune": "Commune",
    "code_postal": "Code postal",
    "source": "Source",
}


def place_link_column() -> dict:
    return {"Fiche": st.column_config.LinkColumn("Fiche", display_text="Voir le lieu", width=100)}


def _forget() -> None:
    st.session_state.pop(STATE, None)
    st.session_state.pop(PREVIEW, None)
    st.session_state["national-nonce"] = st.session_state.get("national-nonce", 0) + 1


def _result(bundle: DataBundle, store: Store, versions: dict[str, int], upload) -> tuple:
    data = upload.getvalue()
    signature = (upload.file_id, len(data), versions.get("acteurs"))
    cached = st.session_state.get(STATE)
    if cached and cached[0] == signature:
        return cached[1], cached[2]
    with st.spinner("Lecture du fichier national et rapprochement avec la base du hub…"):
        read = read_national_export(data, bundle.territories, upload.name)
        result = reconcile(bundle.actors, read.actors, store.decisions()[["id_a", "id_b", "decision"]])
    st.session_state[STATE] = (signature, read, result)
    st.session_state.pop(PREVIEW, None)
    return read, result


def _places(frame: pd.DataFrame) -> pd.DataFrame:
    return shown(frame[list(PLACE_LABELS)].rename(columns=PLACE_LABELS))


def national_reconciliation(bundle: DataBundle, store: Store, versions: dict[str, int]) -> None:
    st.markdown("##### Rapprochement avec la cartographie nationale")
    st.caption(
        "Importez l'export quotidien des lieux de médiation numérique de la cartographie nationale (standard v1, "
        "toute la France) : seuls les lieux de la région sont gardés. Les lieux sont rapprochés avec les règles de la "
        "fusion (même identifiant, même SIRET et nom proche, même commune et nom proche, à moins de 50 m et nom "
        "proche) et avec les décisions prises sur les doublons. Rien n'est modifié avant une validation."
    )
    if read_only_notice(store):  # nothing to import into
        return
    identity = page_identity()
    if not identity.can_write:  # the upload is an import's first step: the hub's staff only
        st.info(
            md_escape(
                f"Votre rôle ({identity.role_label}) consulte les données sans les modifier : le rapprochement avec "
                "la cartographie nationale est réservé à l'équipe du hub."
            ),
            icon=":material/visibility:",
        )
        return
    nonce = st.session_state.get("national-nonce", 0)
    french_uploader(MAX_BYTES // 2**20, "CSV")
    upload = st.file_uploader(
        "Export national des lieux de médiation numérique (CSV au standard v1)",
        type=["csv"],
        key=f"national-file-{nonce}",
    )
    if upload is None:
        return
    read, result = _result(bundle, store, versions, upload)
    if read.rows_read == 0:
        message = next((p.message for p in read.problems), "fichier illisible")
        st.error(f"Fichier illisible : {md_escape(message)}.", icon=":material/block:")
        return
    report = result.report
    st.caption(
        f"{fr_int(read.rows_read)} lieux lus ; {fr_int(read.outside_region)} hors de la région laissés de côté ; "
        f"{fr_int(read.rejected)} ligne(s) écartée(s) par le contrôle du standard."
    )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Lieux nationaux dans la région", fr_int(report["lieux_nationaux"]), border=True)
    c2.metric(
        "Rapprochés",
        fr_int(report["rapproches"]),
        help=f"Dont {fr_int(report['rapproches_avec_differences'])} avec au moins un champ différent.",
        border=True,
    )
    c3.metric("Seulement dans la base du hub", fr_int(report["seulement_hub"]), border=True)
    c4.metric("Seulement dans la base nationale", fr_int(report["seulement_national"]), border=True)
    if read.problems:
        with st.expander(f"Remarques sur le fichier national ({fr_int(len(read.problems))})", icon=":material/rule:"):
            st.dataframe(shown(pd.DataFrame([p.as_dict() for p in read.problems])), hide_index=True, width="stretch")

    with st.expander(
        f"Lieux rapprochés ({fr_int(report['rapproches'])}), ceux qui diffèrent d'abord", icon=":material/join_inner:"
    ):
        matched = result.matched.rename(columns=MATCH_LABELS)
        matched.insert(1, "Fiche", [place_url(i) for i in result.matched["id_hub"]])
        st.dataframe(
            shown(matched),
            column_config=place_link_column(),
            hide_index=True,
            width="stretch",
            key="national-matched",
        )
        download_buttons(shown(matched.drop(columns=["Fiche"])), "lieux_rapproches", key="national-matched")
    with st.expander(
        f"Champs qui diffèrent ({fr_int(report['differences'])}) sur {fr_int(report['rapproches_avec_differences'])} "
        "lieu(x)",
        icon=":material/difference:",
    ):
        differences = result.differences.rename(columns=DIFFERENCE_LABELS)
        st.dataframe(shown(differences), hide_index=True, width="stretch", key="national-differences")
        download_buttons(shown(differences), "champs_differents", key="national-differences")

    _missing_nationally(bundle, result)
    _national_only(bundle, store, versions, result)


def _missing_nationally(bundle: DataBundle, result) -> None:
    st.markdown(f"**Lieux du hub absents de la cartographie nationale ({fr_int(result.report['seulement_hub'])})**")
    if result.hub_only.empty:
        st.success("Tous les lieux de la base du hub sont sur la cartographie nationale.", icon=":material/check:")
        return
    table = _places(result.hub_only)
    table.insert(1, "Fiche", [place_url(i) for i in result.hub_only["id"]])
    st.dataframe(table, column_config=place_link_column(), hide_index=True, width="stretch", key="national-hub-only")
    export, problems = missing_nationally_export(result, bundle.territories)
    errors = [p for p in problems if p.severity == "erreur"]
    if errors:
        st.error(
            f"L'export ne passe pas la validation du standard : {fr_int(len(errors))} erreur(s).",
            icon=":material/error:",
        )
    else:
        st.success(
            f"{fr_int(export.rows)} lieu(x) exporté(s) au standard national, fichier validé : à envoyer à la "
            "cartographie nationale.",
            icon=":material/verified:",
        )
    if len(export.excluded):
        st.caption(
            f"{fr_int(len(export.excluded))} lieu(x) laissé(s) de côté : un champ obligatoire du standard manque."
        )
        st.dataframe(shown(export.excluded), hide_index=True, width="stretch", key="national-excluded")
    st.download_button(
        "Télécharger les lieux absents nationalement (CSV au standard)",
        export.data,
        MISSING_FILE,
        "text/csv",
        key="national-missing-export",
        icon=":material/download:",
        type="primary",
    )


def _national_only(bundle: DataBundle, store: Store, versions: dict[str, int], result) -> None:
    count = result.report["seulement_national"]
    st.markdown(f"**Lieux nationaux absents de la base du hub ({fr_int(count)})**")
    if not count:
        st.success("La base du hub a tous les lieux nationaux de la région.", icon=":material/check:")
        return
    st.dataframe(_places(result.national_only), hide_index=True, width="stretch", key="national-only")
    download_buttons(_places(result.national_only), "lieux_nationaux_absents_du_hub", key="national-only")
    if read_only_notice(store):
        return
    if st.button(
        f"Préparer l'import de ces {fr_int(count)} lieux comme candidats",
        key="national-prepare",
        icon=":material/playlist_add:",
    ):
        request = ImportRequest(
            "acteurs",
            national_only_file(result),
            CANDIDATES_FILE,
            source_format="standard",
            mode=MODE_MERGE,
            source_name=NATIONAL_SOURCE,
        )
        with st.spinner("Préparation de l'import…"):
            preview = prepare_import(request, ImportContext.from_store(bundle, store, versions))
        st.session_state[PREVIEW] = preview
    preview = st.session_state.get(PREVIEW)
    if preview is None:
        st.caption(
            f"Ils entreront dans le registre comme fiches de la source « {NATIONAL_SOURCE} », après l'aperçu habituel "
            "et votre validation ; les doublons suspects iront dans l'onglet « Doublons et corrections »."
        )
        return
    import_report(preview, key="national-import")
    if preview.refused:
        return
    from views.donnees.duplicates import import_suspects

    import_suspects(preview)
    confirm_step(preview, store, preview, key="national-import", reset=_forget)
