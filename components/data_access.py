"""The cached data bundle and the error screen shown when it cannot be built.

The bundle is built from the store's current versions (ingestion/store.py): an import confirmed
on the page « Données » changes the store's signature, so every page shows it at its next run.
A store that cannot be opened or read shows its French message (ingestion.store.describe_failure:
what happened, where, what to do), never the database's own text.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from components.access import page_identity
from components.html_safety import md_escape
from ingestion.store import FAILURES, Store, StoreError, open_store, store_failure, store_url
from ingestion.store_bundle import load_bundle_from_store, store_signature
from loaders import access
from loaders.bundle import DataBundle
from loaders.config import ConfigError, HubConfig, load_config


@st.cache_resource(show_spinner="Ouverture de l'entrepôt de données…", max_entries=4)
def _store(url: str, config_path: str) -> Store:
    # Created on first run; an empty store gets the configured (demo) files as first versions.
    return open_store(load_config(config_path), url=url)


@st.cache_resource(show_spinner="Chargement des données…", max_entries=2)
def _bundle(signature: tuple, config_path: str) -> DataBundle:
    # The bundle is shared read-only by every session; pages never modify its frames.
    config = load_config(config_path)
    return load_bundle_from_store(config, _store(signature[0], config_path))


def get_config() -> HubConfig:
    try:
        return load_config()
    except ConfigError as exc:
        st.error(str(exc))
        st.stop()


def _store_failure_screen(title: str, exc: BaseException, url: str) -> None:
    failure = store_failure(exc, url)
    st.error(f"**{title}**  \n{md_escape(failure)}", icon=":material/database_off:")
    st.stop()


def get_store() -> Store:
    config = get_config()
    url = store_url(config)
    try:
        return _store(url, str(config.path))
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
        config = get_config()
        return _funder_bundle(store_signature(config, get_store()), str(config.path))
    return bundle


def get_bundle_and_versions() -> tuple[DataBundle, dict[str, int]]:
    """The bundle and the id of the store version each of its datasets comes from."""
    config = get_config()
    store = get_store()
    try:
        signature = store_signature(config, store)
        return _bundle(signature, str(config.path)), dict(signature[1])
    except FileNotFoundError as exc:
        st.error(str(exc))
        st.stop()
    except (StoreError, *FAILURES) as exc:
        _store_failure_screen("Les données ne peuvent pas être lues dans l'entrepôt.", exc, store.url)
