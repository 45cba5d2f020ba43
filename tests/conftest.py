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


# --- the store on each backend: SQLite (embedded default) and PostgreSQL (tests/postgres.py) -----

STORE_BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster for the whole session (skips without PostgreSQL, except
    under HUB_REQUIRE_POSTGRES=1)."""
    from tests.postgres import start_cluster

    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def _seeded_stores(tmp_path_factory, hub_config):
    """Per backend, a store seeded once with the demo data (the source of every test's copy)."""
    from ingestion.store import open_store

    made: dict[str, str] = {}

    def seeded(backend: str, cluster=None) -> str:
        if backend not in made:
            if backend == "sqlite":
                path = tmp_path_factory.mktemp("seeded-store") / "hub.sqlite"
                open_store(hub_config, url=f"sqlite:///{path}").dispose()
                made[backend] = str(path)
            else:
                name = cluster.create_database("hub_seeded")
                open_store(hub_config, url=cluster.url(name)).dispose()
                made[backend] = name
        return made[backend]

    return seeded


class StoreBackend:
    """Where one test's stores live: SQLite files in its folder, or databases of the cluster
    (each created for the test and dropped after it)."""

    def __init__(self, name: str, folder: Path, seeded, cluster=None):
        self.name = name
        self.folder = folder
        self.cluster = cluster
        self._seeded = seeded
        self._databases: list[str] = []
        self._count = 0

    @property
    def is_sqlite(self) -> bool:
        return self.name == "sqlite"

    def fresh_url(self) -> str:
        """An empty store (created when first opened)."""
        self._count += 1
        if self.is_sqlite:
            return f"sqlite:///{self.folder / f'store-{self._count}' / 'hub.sqlite'}"
        name = self.cluster.create_database()
        self._databases.append(name)
        return self.cluster.url(name)

    def seeded_url(self) -> str:
        """A store of its own holding the demo data as first versions (a copy of one seeded once)."""
        import shutil

        source = self._seeded(self.name, self.cluster)
        self._count += 1
        if self.is_sqlite:
            path = self.folder / f"seeded-{self._count}.sqlite"
            shutil.copy(source, path)
            return f"sqlite:///{path}"
        name = self.cluster.create_database(template=source)
        self._databases.append(name)
        return self.cluster.url(name)

    def database_name(self, url: str) -> str:
        return url.rsplit("/", 1)[1]

    def close(self) -> None:
        for name in self._databases:
            self.cluster.drop_database(name)


@pytest.fixture(params=STORE_BACKENDS)
def store_backend(request, tmp_path, _seeded_stores):
    """The test runs once on SQLite and once on PostgreSQL."""
    cluster = request.getfixturevalue("postgres_cluster") if request.param == "postgresql" else None
    backend = StoreBackend(request.param, tmp_path, _seeded_stores, cluster)
    yield backend
    backend.close()
