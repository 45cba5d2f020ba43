"""The cached data bundle and the error screen shown when it cannot be built.

The bundle is built from the store's current versions (loaders/store.py): an import confirmed
on the page « Données » changes the store's signature, so every page shows it at its next run.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from loaders.bundle import DataBundle
from loaders.config import ConfigError, HubConfig, load_config
from loaders.store import Store, StoreError, open_store, store_url
from loaders.store_bundle import load_bundle_from_store, store_signature


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


def get_store() -> Store:
    config = get_config()
    try:
        return _store(store_url(config), str(config.path))
    except (StoreError, SQLAlchemyError, OSError) as exc:
        st.error(f"L'entrepôt des données ne peut pas être ouvert : {exc}")
        st.stop()


def get_bundle() -> DataBundle:
    return get_bundle_and_versions()[0]


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
    except (StoreError, SQLAlchemyError) as exc:
        st.error(f"Les données ne peuvent pas être lues dans l'entrepôt : {exc}")
        st.stop()
