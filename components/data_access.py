"""The cached data bundle and the error screen shown when it cannot be built."""

from __future__ import annotations

import streamlit as st

from loaders.bundle import DataBundle, dataset_signature, load_bundle
from loaders.config import ConfigError, HubConfig, load_config


@st.cache_resource(show_spinner="Chargement des données…", max_entries=2)
def _bundle(signature: tuple, config_path: str) -> DataBundle:
    # The bundle is shared read-only by every session; pages never modify its frames.
    return load_bundle(load_config(config_path))


def get_config() -> HubConfig:
    try:
        return load_config()
    except ConfigError as exc:
        st.error(str(exc))
        st.stop()


def get_bundle() -> DataBundle:
    config = get_config()
    try:
        return _bundle(dataset_signature(config), str(config.path))
    except FileNotFoundError as exc:
        st.error(str(exc))
        st.stop()
