"""Browser tests: a real `streamlit run` on 127.0.0.1 and Debian's Chromium through Playwright.

No browser is downloaded: Chromium comes from the system (HUB_CHROMIUM or /usr/bin/chromium).
Without it the tests skip, except when HUB_REQUIRE_BROWSER=1 (set by .ci/run): then they fail.
Every request to a host other than the local server is blocked and recorded, so a test can
assert that a page needs nothing from the internet.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import geopandas as gpd
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
# Every page of the dashboard opens with a title.
MAIN_HEADING = "[data-testid='stMain'] h1"


def _unavailable(reason: str):
    if os.environ.get("HUB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"test navigateur obligatoire (HUB_REQUIRE_BROWSER=1) : {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    candidate = os.environ.get("HUB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and Path(candidate).exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_health(url: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"le serveur Streamlit ne répond pas sur {url}")


def start_server(env_extra: dict | None = None, args: list[str] | None = None, port: int | None = None):
    """`args`: more options of `streamlit run` (e.g. `--secrets.files`); `port`: chosen beforehand
    (sign-in tests give the provider the app's address before the app starts)."""
    port = port or free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env_extra or {})}
    log = open(ARTIFACTS / f"streamlit-{port}.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *(args or []),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_health(url)
    except RuntimeError:
        process.kill()
        raise
    return process, url, log


def stop_server(process, log) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@contextlib.contextmanager
def running_server(env_extra: dict | None = None, args: list[str] | None = None, port: int | None = None):
    """A `streamlit run app.py` on a free local port for the duration of the block."""
    process, url, log = start_server(env_extra, args, port)
    try:
        yield url
    finally:
        stop_server(process, log)


@pytest.fixture(scope="session")
def server_url():
    with running_server() as url:
        yield url


HOSTILE_NAMES = ["<img src=x onerror=alert(1)>", "${alert(1)} `whoami`"]


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    """A server whose actors file adds two places with hostile names in an empty commune."""
    tmp = tmp_path_factory.mktemp("hostile")
    communes = gpd.read_parquet(ROOT / "data/reference/communes.parquet")
    with open(ROOT / "data/demo/acteurs.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    used = {r["code_insee"] for r in rows}
    target = communes[~communes["code_insee"].isin(used)].sort_values("superficie_km2").iloc[-1]
    for i, name in enumerate(HOSTILE_NAMES):
        row = dict(rows[0])
        row.update(
            id=f"hostile-{i}",
            nom=name,
            commune=target["nom"],
            code_insee=target["code_insee"],
            latitude=f"{target['centre_lat'] + 0.012 * i:.6f}",
            longitude=f"{target['centre_lon']:.6f}",
            membre_reseau_depuis="",
        )
        rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp / "acteurs.csv").write_text(out.getvalue(), encoding="utf-8")
    config = (ROOT / "hub.toml").read_text(encoding="utf-8")
    config = config.replace('"data/demo/acteurs.csv"', f'"{tmp / "acteurs.csv"}"')
    config = config.replace('"data/', f'"{ROOT}/data/')
    (tmp / "hub.toml").write_text(config, encoding="utf-8")
    with running_server(
        {"HUB_CONFIG": str(tmp / "hub.toml"), "HUB_STORE_URL": f"sqlite:///{tmp / 'store.sqlite'}"}
    ) as url:
        yield url, target


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("le paquet Python playwright n'est pas installé")
    path = chromium_path()
    if path is None:
        _unavailable("Chromium introuvable (apt-get install chromium, ou HUB_CHROMIUM=/chemin/vers/chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageSession:
    """A browser page on the local server that records every blocked outside request and
    every JavaScript dialog (an alert would mean injected code ran)."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, locale="fr-FR", accept_downloads=True
        )
        self.external_requests: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base_url) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.external_requests.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str, timeout: float = 60_000):
        self.page.goto(self.base_url + path, wait_until="domcontentloaded")
        self.wait_idle(timeout)
        return self.page

    def wait_idle(self, timeout: float = 60_000):
        """Connected, the page has drawn its title (or an error), and the script has stayed
        idle for a moment (a rerun may start right after the first render)."""
        self.page.wait_for_selector(CONNECTED, timeout=timeout)
        self.page.wait_for_selector(f"{MAIN_HEADING}, [data-testid='stException']", timeout=timeout)
        for _ in range(2):
            self.page.wait_for_timeout(300)
            self.page.wait_for_selector(IDLE, timeout=timeout)

    def wait_for_charts(self, timeout: float = 30_000):
        """Plotly charts render after the script is idle: wait until each has drawn its SVG."""
        charts = self.page.locator("[data-testid='stPlotlyChart']")
        for i in range(charts.count()):
            charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=timeout)

    def screenshot(self, name: str) -> Path:
        path = ARTIFACTS / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Streamlit scrolls inside its main container: grow the viewport to show everything.
        size = self.page.viewport_size
        height = self.page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('[data-testid=stMain], "
            "[data-testid=stAppViewContainer]')).map(e => e.scrollHeight), 800)"
        )
        self.page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
        self.page.wait_for_timeout(300)
        self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size(size)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def session(browser, server_url):
    s = PageSession(browser, server_url)
    yield s
    s.close()


def assert_no_error(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, "une exception Streamlit est affichée"
    body = page.locator("body").inner_text()
    assert "Traceback" not in body, "une trace Python est affichée"


@pytest.fixture(scope="session")
def other_region_hub(tmp_path_factory):
    """Another region's hub in its first minute: its reference and hub.toml, no data file."""
    from tests.other_region import build_other_region

    return build_other_region(tmp_path_factory.mktemp("other-region"))


@pytest.fixture(scope="session")
def other_region_url(other_region_hub):
    """A server on the other region's hub, with its own empty store."""
    store = other_region_hub.parent / "store.sqlite"
    with running_server({"HUB_CONFIG": str(other_region_hub), "HUB_STORE_URL": f"sqlite:///{store}"}) as url:
        yield url


@pytest.fixture
def other_region_session(browser, other_region_url):
    s = PageSession(browser, other_region_url)
    yield s
    s.close()


def import_input(page):
    """The file input of the tab « Importer un fichier » on Données (the tab « Cartographie
    nationale » has an uploader of its own, and every tab is in the page)."""
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="Fichier à importer")
    return uploader.locator("input[type='file']")
