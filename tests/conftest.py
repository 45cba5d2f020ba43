"""Shared fixtures: the hub configuration, the real territories, the shared open data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from loaders.config import load_config
from loaders.territories import load_territories

ROOT = Path(__file__).resolve().parent.parent
SHARED_OPEN = (ROOT.parent / "shared" / "data" / "open").resolve()


@pytest.fixture(scope="session", autouse=True)
def temporary_store(tmp_path_factory):
    """Every test runs on a temporary versioned store (never var/): the app, AppTest and the
    browser tests' Streamlit server read HUB_STORE_URL. A test may point it elsewhere."""
    previous = os.environ.get("HUB_STORE_URL")
    path = tmp_path_factory.mktemp("store") / "hub.sqlite"
    os.environ["HUB_STORE_URL"] = f"sqlite:///{path}"
    yield path
    if previous is None:
        os.environ.pop("HUB_STORE_URL", None)
    else:
        os.environ["HUB_STORE_URL"] = previous


def require_real_data() -> bool:
    """Under CI (.ci/run sets HUB_REQUIRE_REAL_DATA=1) a missing folder is a failure, not a skip."""
    return os.environ.get("HUB_REQUIRE_REAL_DATA") == "1"


@pytest.fixture(scope="session")
def shared_open_dir() -> Path:
    if not SHARED_OPEN.is_dir():
        message = f"données ouvertes absentes : {SHARED_OPEN}"
        if require_real_data():
            pytest.fail(message + " (obligatoires : HUB_REQUIRE_REAL_DATA=1)")
        pytest.skip(message)
    return SHARED_OPEN


@pytest.fixture(scope="session")
def hub_config():
    return load_config(ROOT / "hub.toml")


@pytest.fixture(scope="session")
def territories(hub_config):
    return load_territories(hub_config)
