"""The cached data bundle and the error screen shown when it cannot be built.

The bundle is built from the store's current versions (ingestion/store.py): an import confirmed
on the page « Données » changes the store's signature, so every page shows it at its next run.
A store that cannot be opened or read shows its French message (ingestion.store.describe_failure:
what happened, where, what to do), never the database's own text; so does a reference of the
territories that is missing or damaged. A store that becomes unreadable while the dashboard runs
(a file damaged or truncated under it) does not take the pages down: they keep showing the last
bundle read in full (never part of a version), with a banner saying so and what to do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pandas as pd
import streamlit as st

from components.access import page_identity
from components.html_safety import md_escape
from ingestion.store import FAILURES, Store, StoreError, open_store, store_failure, store_url
from ingestion.store_bundle import load_bundle_from_store, store_signature
from loaders import access
from loaders.bundle import DataBundle
from loaders.config import ConfigError, HubConfig, load_config
from loaders.territories import ReferenceUnavailable

UNAVAILABLE = "Tableau de bord indisponible"

# The last bundle read in full from each store (url, configuration): served when the store
# cannot be read any more, with a banner.
_LAST_READ: dict[tuple[str, str], tuple[DataBundle, dict[str, int], dt.datetime]] = {}
_LAST_READ_LOCK = threading.Lock()
# The session's banner when its pages show the last bundle read (shown once, by the page header).
_FALLBACK = "store-fallback-notice"


@st.cache_resource(show_spinner="Ouverture de l'entrepôt de données…", max_entries=4)
def _store(url: str, config_path: str) -> Store:
    # Created on first run; an empty store gets the configured (demo) files as first versions.
    return open_store(load_config(config_path), url=url)


@st.cache_resource(show_spinner="Chargement des données…", max_entries=2)
def _bundle(signature: tuple, config_path: str) -> DataBundle:
    # The bundle is shared read-only by every session; pages never modify its frames.
    config = load_config(config_path)
    return load_bundle_from_store(config, _store(signature[0], config_path))


def _unavailable(title: str, text: str, icon: str = ":material/database_off:") -> None:
    """A page of its own (a title, the French message) instead of the page asked for."""
    st.title(UNAVAILABLE)
    st.error(f"**{title}**  \n{md_escape(text)}", icon=icon)
    st.stop()


def get_config() -> HubConfig:
    try:
        return load_config()
    except ConfigError as exc:
        _unavailable("La configuration du hub ne peut pas être lue.", str(exc), ":material/settings_alert:")


def _store_failure_screen(title: str, exc: BaseException, url: str) -> None:
    _unavailable(title, str(store_failure(exc, url)))


def _reference_screen(exc: ReferenceUnavailable) -> None:
    _unavailable("Le référentiel des territoires ne peut pas être lu.", str(exc), ":material/map:")


def unreadable_store_banner() -> None:
    """When the pages show the last bundle read because the store cannot be read: say so."""
    notice = st.session_state.get(_FALLBACK)
    if notice:
        st.warning(notice, icon=":material/database_off:")


def get_store() -> Store:
    config = get_config()
    url = store_url(config)
    try:
        return _store(url, str(config.path))
    except ReferenceUnavailable as exc:  # met while the first versions are loaded from the files
        _reference_screen(exc)
    except (StoreError, *FAILURES) as exc:
        _store_failure_screen("L'entrepôt des données ne peut pas être ouvert.", exc, url)


@st.cache_resource(show_spinner=False, max_entries=2)
def _funder_bundle(signature: tuple, config_path: str) -> DataBundle:
    # Keyed by the data's signature and kept apart from the full bundle: the funders' view.
    return funder_view(_bundle(signature, config_path))


def funder_view(bundle: DataBundle) -> DataBundle:
    """The data a funder may see: no place's contact fields, no author of a version."""
    actors = bundle.actors.copy()
    for column in access.CONTACT_FIELDS:
        if column in actors.columns:
            empty = [[] for _ in range(len(actors))] if actors[column].dtype == object else None
            actors[column] = empty if empty is not None else pd.NA
    provenance = {k: dataclasses.replace(p, author=None) for k, p in bundle.provenance.items()}
    return dataclasses.replace(bundle, actors=actors, provenance=provenance)


def get_bundle() -> DataBundle:
    """The bundle of the person's role (a funder's has no contact field and no author)."""
    bundle, versions = get_bundle_and_versions()
    if page_identity().role == access.FUNDER:
        if st.session_state.get(_FALLBACK):  # the last bundle read, the store unreadable: filtered here
            return funder_view(bundle)
        config = get_config()
        try:
            return _funder_bundle(store_signature(config, get_store()), str(config.path))
        except (StoreError, *FAILURES):  # failed since the bundle was read: its view, this once
            return funder_view(bundle)
    return bundle


def get_bundle_and_versions() -> tuple[DataBundle, dict[str, int]]:
    """The bundle and the id of the store version each of its datasets comes from."""
    config = get_config()
    store = get_store()
    key = (store.url, str(config.path))
    try:
        signature = store_signature(config, store)
        bundle, versions = _bundle(signature, str(config.path)), dict(signature[1])
    except ReferenceUnavailable as exc:
        _reference_screen(exc)
    except FileNotFoundError as exc:
        _unavailable("Un fichier nécessaire au tableau de bord est introuvable.", str(exc), ":material/draft:")
    except (StoreError, *FAILURES) as exc:
        with _LAST_READ_LOCK:
            last = _LAST_READ.get(key)
        if last is None:
            _store_failure_screen("Les données ne peuvent pas être lues dans l'entrepôt.", exc, store.url)
        bundle, versions, read_at = last
        st.session_state[_FALLBACK] = (
            f"**Les données ne peuvent plus être lues dans l'entrepôt.** {md_escape(store_failure(exc, store.url))} "
            f"Les pages montrent les données lues le {read_at:%d/%m/%Y à %H:%M} (des versions complètes) ; aucune "
            "modification n'est possible tant que l'entrepôt n'est pas réparé."
        )
        return bundle, versions
    st.session_state.pop(_FALLBACK, None)
    with _LAST_READ_LOCK:
        if key not in _LAST_READ or _LAST_READ[key][1] != versions or _LAST_READ[key][0] is not bundle:
            _LAST_READ[key] = (bundle, versions, dt.datetime.now())
    return bundle, versions
