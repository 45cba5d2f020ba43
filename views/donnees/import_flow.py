"""The import of a file, step by step: choose, upload, match columns, check, see, confirm.

Nothing is written before the person types their name and confirms; the preview is computed
once per (file, choices, current versions) and kept in the session. A confirmed import lands
in one transaction of the store (ingestion.dataset_import.confirm_import) and every page shows
it at its next run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from components.access import page_identity, require_writer
from components.format_fr import fr_int
from components.french_widgets import french_uploader
from components.page_messages import flash, md_escape
from ingestion.actor_merge import REGISTRY
from ingestion.dataset_import import (
    ACTIVITY_FORMATS,
    ACTOR_MODES,
    COOP_API,
    INDICATOR_FORMATS,
    MODE_MERGE,
    ImportContext,
    ImportPreview,
    ImportRequest,
    confirm_import,
    prepare_import,
    read_upload,
    refuse_or_abandon,
    stale_datasets,
    uses_mapping,
)
from ingestion.store import ConflictError, Store, StoreError
from loaders.bundle import DataBundle
from loaders.column_mapping import is_exact, missing_required, suggest_mapping
from loaders.config import DATASET_KEYS
from loaders.limits import MAX_BYTES, limits_for
from loaders.problems import LINE
from loaders.schemas import SPECS
from views.donnees.coop import coop_step
from views.donnees.import_report import import_report

UPLOAD_TYPES = ["csv", "xlsx", "json"]
NOT_IN_FILE = "— (absente du fichier)"
AUTO = "auto"


def _nonce() -> int:
    return st.session_state.setdefault("import-nonce", 0)


def _reset() -> None:
    st.session_state["import-nonce"] = _nonce() + 1
    st.session_state.pop("import-preview", None)


def _actor_formats() -> dict[str, str]:
    from loaders.sources.detection import FORMAT_LABELS

    return {AUTO: "Reconnaître le format d'après les colonnes"} | dict(FORMAT_LABELS)


def _choose_format(dataset: str) -> tuple[str | None, str]:
    if dataset == "acteurs":
        formats = _actor_formats()
        choice = st.selectbox("Format du fichier", list(formats), format_func=formats.get, key="import-format-acteurs")
        mode = st.radio(
            "Effet sur le registre des acteurs", list(ACTOR_MODES), format_func=ACTOR_MODES.get, key="import-mode"
        )
        return (None if choice == AUTO else choice), mode
    if dataset == "indicateurs":
        choice = st.selectbox(
            "Format du fichier",
            list(INDICATOR_FORMATS),
            format_func=INDICATOR_FORMATS.get,
            key="import-format-indicateurs",
        )
        return choice, MODE_MERGE
    if dataset == "activite":
        choice = st.selectbox(
            "Format du fichier",
            list(ACTIVITY_FORMATS),
            format_func=ACTIVITY_FORMATS.get,
            key="import-format-activite",
            help=(
                "Les fichiers nationaux (comptes rendus par code postal, liste Aidants Connect) sont lus tels qu'ils "
                "sont publiés ; une nouvelle version d'une source remplace ses valeurs de la même période."
            ),
        )
        return choice, MODE_MERGE
    return None, MODE_MERGE


def _mapping_step(dataset: str, columns: list[str], nonce: int) -> dict[str, str | None]:
    """Selectboxes mapping each expected column to a column of the file, pre-filled by similarity."""
    spec = SPECS[dataset]
    suggested = suggest_mapping(columns, spec)
    exact = is_exact(suggested, spec) and not missing_required(suggested, spec)
    title = "Correspondance des colonnes" + ("" if exact else " : à vérifier")
    with st.expander(title, expanded=not exact, icon=":material/table_convert:"):
        if exact:
            st.caption("Toutes les colonnes du fichier portent le nom attendu.")
        else:
            st.caption(
                "Les noms des colonnes du fichier diffèrent de ceux attendus : vérifiez les correspondances proposées "
                "(* = obligatoire)."
            )
        options = [NOT_IN_FILE, *columns]
        mapping: dict[str, str | None] = {}
        grid = st.columns(3)
        for i, f in enumerate(spec.fields):
            label = f"{f.name}{' *' if f.required else ''}"
            default = suggested.get(f.name)
            chosen = grid[i % 3].selectbox(
                label,
                options,
                index=options.index(default) if default in options else 0,
                key=f"map-{dataset}-{f.name}-{nonce}",
                help=f.label or None,
            )
            mapping[f.name] = None if chosen == NOT_IN_FILE else chosen
    return mapping


def _file_columns(file_id: str, data: bytes, name: str, dataset: str) -> list[str]:
    """The file's column names (read once per uploaded file and dataset, within its limits)."""
    cached = st.session_state.get("import-columns")
    if cached and cached[0] == (file_id, dataset):
        return cached[1]
    read = read_upload(data, name, limits_for(SPECS[dataset]))
    columns = [] if read.frame is None else [c for c in read.frame.columns if c != LINE]
    st.session_state["import-columns"] = ((file_id, dataset), columns)
    return columns


def _detected_format(columns: list[str]) -> str | None:
    """The actors format the file's header announces (said on screen); None if unreadable."""
    from loaders.sources.detection import FORMAT_LABELS, detect_actor_source

    if not columns:
        return None
    detected = detect_actor_source(columns)
    if detected is None:
        st.caption(
            "Format non reconnu d'après les colonnes : le fichier est lu comme un fichier au standard national, "
            "colonne par colonne."
        )
        return "standard"
    st.caption(f"Format reconnu : {FORMAT_LABELS[detected]}.")
    return detected


def _source_name(file_name: str, nonce: int) -> str | None:
    """The name of the source a standard-format file brings (the national lists name theirs)."""
    name = st.text_input(
        "Nom de la source de ce fichier",
        value=Path(file_name).stem.replace("_", " "),
        key=f"import-source-{nonce}",
        max_chars=100,
        help=(
            "Chaque acteur garde la liste des sources qui le décrivent. Un nouvel import de la même source remplace "
            f"ses fiches précédentes ; « {REGISTRY} » désigne le fichier d'acteurs du hub lui-même."
        ),
    )
    return name.strip() or None


def _preview(
    request: ImportRequest, bundle: DataBundle, store: Store, versions: dict[str, int], file_id: str
) -> tuple[ImportPreview, ImportPreview | None]:
    """The preview on the current versions, and the one the person saw on earlier versions
    (None when it is the same): a confirmation applies to what was seen, never to a preview
    recomputed in the same click."""
    mapping_key = tuple(sorted((request.mapping or {}).items(), key=lambda kv: kv[0]))
    choices = (
        file_id,
        request.dataset,
        request.source_format,
        request.mode,
        request.source_name,
        request.fictitious,
        mapping_key,
    )
    signature = (choices, tuple(sorted(versions.items())))
    cached = st.session_state.get("import-preview")
    if cached and cached[0] == signature:
        return cached[1], None
    seen = cached[1] if cached and cached[0][0] == choices else None
    with st.spinner("Lecture et vérification du fichier…"):
        context = ImportContext.from_store(bundle, store, versions)
        preview = prepare_import(request, context)
    if preview.refused:
        refuse_or_abandon(store, preview)
    st.session_state["import-preview"] = (signature, preview)
    return preview, seen


def _changed_since(seen: ImportPreview, versions: dict[str, int], store: Store) -> None:
    """Say that the preview was recomputed because a dataset it rests on changed meanwhile."""
    stale = stale_datasets(seen, versions)
    if not stale:
        return
    labels = ", ".join(f"« {SPECS[d].label} »" if d in SPECS else "les fiches des sources des acteurs" for d in stale)
    current = store.current_version(stale[0])
    who = f" (version {current.number}, par {md_escape(current.author)})" if current else ""
    st.warning(
        f"{labels} a changé depuis votre aperçu{who} : l'aperçu ci-dessous a été recalculé sur la version actuelle. "
        "Vérifiez-le avant de valider.",
        icon=":material/sync_problem:",
    )


def confirm_step(preview: ImportPreview, store: Store, shown: ImportPreview, key: str, reset) -> None:
    """The confirmation form of the import tab, for another tab's preview (its own keys)."""
    _confirm_step(preview, store, shown, key=key, reset=reset)


def _confirm_step(preview: ImportPreview, store: Store, shown: ImportPreview, key: str = "import", reset=None) -> None:
    """`shown`: the preview the person had on screen when they clicked (what gets confirmed).
    `key` names the form's widgets (another tab may confirm its own preview); `reset` forgets
    the preview once confirmed or abandoned (default: the import tab's)."""
    reset = reset or _reset
    st.markdown("##### Valider l'import")
    identity = page_identity()
    with st.form(f"{key}-confirm", border=True):
        st.markdown(md_escape(f"Import enregistré au nom de : {identity.author}"))
        note = st.text_input("Note (facultative)", key=f"{key}-note", max_chars=300)
        accept = False
        if preview.needs_acceptance:
            accept = st.checkbox(
                f"J'accepte d'écarter les {fr_int(preview.rows_rejected)} ligne(s) en erreur et d'importer les autres",
                key=f"{key}-accept",
            )
        c1, c2 = st.columns([1, 1])
        confirmed = c1.form_submit_button("Valider l'import", type="primary", icon=":material/check:", width="stretch")
        abandoned = c2.form_submit_button("Abandonner", icon=":material/close:", width="stretch")
    if abandoned:
        refuse_or_abandon(store, preview, identity.author, abandoned=True, author_subject=identity.author_subject)
        flash("info", f"Import de « {md_escape(preview.file_name)} » abandonné : rien n'a changé.")
        reset()
        st.rerun()
    if confirmed:
        if not require_writer(page_identity()):  # the role is checked again when the action runs
            return
        try:
            # The preview seen, on the versions it was computed on: refused if one has changed.
            landed = confirm_import(
                store,
                shown,
                identity.author,
                shown.base_versions,
                accept_rejected=accept,
                note=note or None,
                author_subject=identity.author_subject,
            )
        except ConflictError as exc:
            flash(
                "warning",
                f"Import refusé : {md_escape(exc)} L'aperçu a été recalculé sur la version actuelle : vérifiez-le et "
                "validez à nouveau.",
            )
            st.rerun()
        except StoreError as exc:
            st.error(md_escape(exc), icon=":material/error:")
            return
        main = landed[0]
        flash(
            "success",
            f"Import validé : « {SPECS[main.dataset].label} » passe à la version {main.number} ({fr_int(main.rows)} "
            f"lignes), importée par {md_escape(main.author)}.",
        )
        reset()
        st.rerun()


def read_only_notice(store: Store) -> bool:
    """On a read-only store, say that writing is refused (and why); True when it is."""
    if store.read_only:
        st.warning(md_escape(store.read_only_refusal()), icon=":material/lock:")
    return store.read_only


def import_flow(bundle: DataBundle, store: Store, versions: dict[str, int]) -> None:
    if read_only_notice(store):
        return
    if not page_identity().can_write:
        st.info(
            md_escape(
                f"Votre rôle ({page_identity().role_label}) consulte les données sans les modifier : "
                "l'import est réservé à l'équipe du hub."
            ),
            icon=":material/visibility:",
        )
        return
    st.markdown(
        "Importez un fichier pour remplacer ou compléter un jeu de données. Rien n'est modifié avant que vous "
        "ayez vu le rapport et les changements, puis validé ; l'import est enregistré à votre nom et "
        "l'ancienne version reste dans l'historique."
    )
    dataset = st.selectbox("Jeu de données", DATASET_KEYS, format_func=lambda k: SPECS[k].label, key="import-dataset")
    source_format, mode = _choose_format(dataset)
    nonce = _nonce()
    french_uploader(MAX_BYTES // 2**20, "CSV, XLSX, JSON")
    upload = st.file_uploader(
        "Fichier à importer (CSV, XLSX ou JSON ; 50 Mo au plus)",
        type=UPLOAD_TYPES,
        key=f"import-file-{nonce}",
        help=(
            "CSV séparé par des virgules, des points-virgules ou des tabulations, en UTF-8 ou Windows-1252 ; XLSX "
            "(première feuille) ; JSON (liste d'objets)."
        ),
    )
    fetched = coop_step(bundle, nonce) if dataset == "activite" and source_format == COOP_API else None
    if upload is None and fetched is None:
        return
    fictitious = st.checkbox(
        "Ce fichier contient des données fictives (démonstration, essai)",
        key=f"import-fictitious-{nonce}",
        help="Ses valeurs seront signalées comme fictives sur chaque page, légende, export et document qui les montre.",
    )
    if upload is not None:
        data, file_name, file_id = upload.getvalue(), upload.name, f"{upload.file_id}-{len(upload.getvalue())}"
    else:
        file_name, data = fetched
        file_id = "coop-" + hashlib.sha1(data).hexdigest()
    request = ImportRequest(dataset, data, file_name, source_format=source_format, mode=mode, fictitious=fictitious)
    if dataset == "acteurs" and source_format is None:
        request.source_format = _detected_format(_file_columns(file_id, data, file_name, dataset))
    if dataset == "acteurs" and mode == MODE_MERGE and request.source_format == "standard":
        request.source_name = _source_name(file_name, nonce)
    if uses_mapping(request):
        columns = _file_columns(file_id, data, file_name, dataset)
        if len(columns) > 1:
            request.mapping = _mapping_step(dataset, columns, nonce)
    preview, seen = _preview(request, bundle, store, versions, file_id)
    if seen is not None and not preview.refused:
        _changed_since(seen, versions, store)
    import_report(preview, key=f"import-{nonce}")
    if preview.refused:
        if st.button("Choisir un autre fichier", icon=":material/restart_alt:"):
            _reset()
            st.rerun()
        return
    if dataset == "acteurs":
        from views.donnees.duplicates import import_suspects

        import_suspects(preview)
    _confirm_step(preview, store, seen or preview)
