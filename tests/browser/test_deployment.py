"""The deployment of docs/deploiement.md, tried on loopback: Debian's nginx with the documented
site configuration (TLS with a self-signed certificate, cookie affinity, WebSocket upgrade,
timeouts, upload size) in front of two app processes sharing one PostgreSQL database reached
through its local socket, as documented. Pages are opened through nginx in Chromium and stay idle
without error; an import through nginx lands and is seen by the other process; every request
of a browser goes to one process; a pg_dump of the database restores every version."""

from __future__ import annotations

import os
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

import pytest

from components.format_fr import fr_int
from ingestion.store import Store
from tests.browser.conftest import CONNECTED, PageSession, assert_no_error, import_input, running_server
from tests.nginx import DOC, Nginx, documented_site

pytestmark = pytest.mark.browser

WAIT = 120_000
IDLE_SECONDS = 70  # longer than nginx's default proxy_read_timeout (60 s)
TWO_NEW_PLACES = (
    "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services\n"
    "hub-9201,Médiathèque numérique de Lorient,Lorient,56100,56121,1 place de l'Hôtel de Ville,47.7480,-3.3660,"
    "2024-03-01,Aide aux démarches administratives\n"
    "hub-9202,Point numérique de Saint-Brieuc,Saint-Brieuc,22000,22278,3 rue de Gouët,48.5140,-2.7650,2024-03-02,"
    "Accès internet et matériel informatique\n"
)


class ProxiedSession(PageSession):
    """A PageSession on the nginx address, accepting the test's self-signed certificate, that
    records when its WebSockets close."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, locale="fr-FR", accept_downloads=True, ignore_https_errors=True
        )
        self.external_requests: list[str] = []
        self.dialogs: list[str] = []
        self.socket_closes: list[float] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("websocket", lambda ws: ws.on("close", lambda _ws: self.socket_closes.append(time.time())))

    def affinity(self) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == "hub_affinite")


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _socket_url(cluster, database: str) -> str:
    """The documented form of HUB_STORE_URL on the same machine: PostgreSQL's local socket."""
    query = urllib.parse.urlencode({"host": str(cluster.root), "port": cluster.port})
    password = urllib.parse.quote(cluster.password, safe="")
    return f"postgresql+psycopg://hub:{password}@/{database}?{query}"


@pytest.fixture(scope="module")
def deployment(postgres_cluster):
    name = postgres_cluster.create_database("hub_deployment")
    url = _socket_url(postgres_cluster, name)
    try:
        with running_server({"HUB_STORE_URL": url}) as first, running_server({"HUB_STORE_URL": url}) as second:
            apps = {f"127.0.0.1:{u.rsplit(':', 1)[1]}": u for u in (first, second)}
            with Nginx([int(a.rsplit(":", 1)[1]) for a in apps]) as proxy:
                yield proxy, apps, url
    finally:
        postgres_cluster.drop_database(name)


def test_the_documented_configuration_is_the_one_tried():
    site = documented_site()
    for directive in (
        "hash $hub_affinite consistent;",
        "proxy_set_header Upgrade           $http_upgrade;",
        "proxy_set_header Connection        $connection_upgrade;",
        "proxy_read_timeout 1h;",
        "client_max_body_size 60m;",
    ):
        assert directive in site, directive
    # nginx accepts a body as large as the app does (server.maxUploadSize, in Mo).
    streamlit_config = (DOC.parent.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    upload_mb = int(streamlit_config.split("maxUploadSize", 1)[1].split("=", 1)[1].split()[0])
    assert int(site.split("client_max_body_size", 1)[1].split("m;", 1)[0]) > upload_mb


def test_without_nginx_the_deployment_tests_skip_except_under_ci(monkeypatch):
    import tests.nginx as nginx

    monkeypatch.setattr(nginx, "nginx_binary", lambda: None)
    monkeypatch.delenv(nginx.REQUIRE_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="nginx absent"):
        nginx.Nginx([1, 2])
    monkeypatch.setenv(nginx.REQUIRE_VARIABLE, "1")  # as .ci/run sets it
    with pytest.raises(pytest.fail.Exception, match=r"nginx obligatoire \(HUB_REQUIRE_NGINX=1\)"):
        nginx.Nginx([1, 2])


def test_pages_imports_and_idle_sessions_through_nginx(browser, deployment, tmp_path):
    proxy, apps, _ = deployment
    # TLS answers, plain HTTP is redirected to it.
    with urllib.request.urlopen(proxy.url + "/_stcore/health", context=_unverified(), timeout=30) as r:
        assert r.read().decode().strip() == "ok"
    plain = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        plain.open(f"http://127.0.0.1:{proxy.http_port}/carte", timeout=30)
    assert redirect.value.code == 301 and redirect.value.headers["Location"].startswith("https://")

    alice = ProxiedSession(browser, proxy.url)
    bob = None
    try:
        # Alice opens pages through nginx (the map's assets included), then leaves her page idle.
        for path in ("/", "/carte"):
            page = alice.open(path, WAIT)
            assert_no_error(page)
        assert page.get_by_text(f"sur {fr_int(744)} dans le territoire").count() == 1
        idle_from = time.time()

        # Which process holds Alice's session; a second person lands on the other one and imports
        # there, through nginx (the file goes up to the process that holds the session).
        served = {r["upstream"] for r in proxy.requests() if r["key"] == alice.affinity()}
        assert len(served) == 1, served
        for _ in range(12):
            bob = ProxiedSession(browser, proxy.url)
            page = bob.open("/donnees", WAIT)
            if {r["upstream"] for r in proxy.requests() if r["key"] == bob.affinity()} - served:
                break
            bob.close()
            bob = None
        assert bob is not None, "nginx n'a envoyé aucun navigateur à l'autre processus"
        places = tmp_path / "lieux_bretagne_sud.csv"
        places.write_text(TWO_NEW_PLACES, encoding="utf-8")
        page.get_by_role("tab", name="Importer un fichier").click()
        bob.wait_idle(WAIT)
        import_input(page).set_input_files(str(places))
        page.get_by_text("Ce qui change par rapport à la version actuelle").wait_for(timeout=WAIT)
        bob.wait_idle(WAIT)
        author = page.get_by_label("Importé par")
        if author.count():
            author.fill("Bob Kerjean")
        page.get_by_role("button", name="Valider l'import").click()
        page.get_by_text("passe à la version 2").first.wait_for(timeout=WAIT)
        bob.wait_idle(WAIT)
        assert_no_error(page)

        # Alice's page stayed idle longer than nginx's default timeout: still connected, her
        # session kept (the navigation reruns in it), no error; her process shows Bob's import.
        time.sleep(max(0, IDLE_SECONDS - (time.time() - idle_from)))
        assert [t for t in alice.socket_closes if t > idle_from] == []
        assert alice.page.locator(CONNECTED).count() == 1
        alice.page.locator("[data-testid='stSidebarNav'] a[href$='/territoires']").click()
        alice.wait_idle(WAIT)
        alice.page.locator("[data-testid='stSidebarNav'] a[href$='/carte']").click()
        alice.page.get_by_text(f"sur {fr_int(746)} dans le territoire").wait_for(timeout=WAIT)
        alice.wait_idle(WAIT)
        assert_no_error(alice.page)
        alice.screenshot("deploiement-carte-apres-attente")
        assert alice.dialogs == bob.dialogs == []
        assert alice.external_requests == bob.external_requests == []
        assert len(alice.socket_closes) <= 1  # the first page's, replaced when /carte was opened
        keys = {"alice": alice.affinity(), "bob": bob.affinity()}
    finally:
        alice.close()
        if bob is not None:
            bob.close()

    # Every request of a browser went to one process (pages, WebSocket, upload), the two
    # browsers to the two processes.
    time.sleep(1)  # nginx logs a WebSocket when it closes
    by_key = defaultdict(set)
    kinds = defaultdict(set)
    for r in proxy.requests():
        by_key[r["key"]].add(r["upstream"])
        if r["uri"].startswith("/_stcore/stream"):
            kinds[r["key"]].add("websocket" if r["status"] == "101" else r["status"])
        if r["uri"].startswith("/_stcore/upload_file"):
            kinds[r["key"]].add(f"upload {r['method']} {r['status']}")
    assert all(len(upstreams) == 1 for upstreams in by_key.values()), dict(by_key)
    assert by_key[keys["alice"]] != by_key[keys["bob"]]
    assert by_key[keys["alice"]] | by_key[keys["bob"]] == set(apps)
    assert "websocket" in kinds[keys["alice"]], kinds[keys["alice"]]
    assert "websocket" in kinds[keys["bob"]] and "upload PUT 204" in kinds[keys["bob"]], kinds[keys["bob"]]


def test_a_large_upload_is_not_refused_by_nginx(deployment):
    """A body over nginx's default limit (1 Mo) reaches the app (which answers it), never a 413."""
    proxy, _, _ = deployment
    request = urllib.request.Request(
        proxy.url + "/_stcore/upload_file/session-inconnue/fichier", data=b"x" * (3 * 2**20), method="PUT"
    )
    try:
        with urllib.request.urlopen(request, context=_unverified(), timeout=60) as r:
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status != 413
    assert 400 <= status < 500  # the app refuses an upload without a session


def test_a_pg_dump_of_the_database_restores_every_version(deployment, postgres_cluster):
    """Backup and restore as documented (pg_dump --format=custom, pg_restore --no-owner into a new base)."""
    _, _, url = deployment
    source = Store(url)
    database = url.split("/", 3)[3].split("?", 1)[0]
    restored = postgres_cluster.create_database("hub_restauree")
    dump = postgres_cluster.root / "hub.dump"
    env = {**os.environ, "PGPASSWORD": postgres_cluster.password}
    address = f"host={postgres_cluster.host} port={postgres_cluster.port} user=hub"
    try:
        done = subprocess.run(
            [
                str(postgres_cluster.bindir / "pg_dump"),
                "--format=custom",
                f"--file={dump}",
                f"--dbname={address} dbname={database}",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        done = subprocess.run(
            [str(postgres_cluster.bindir / "pg_restore"), "--no-owner", f"--dbname={address} dbname={restored}", dump],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        copy = Store(postgres_cluster.url(restored))
        assert copy.signature() == source.signature()
        for key in source.current_versions():
            assert copy.list_versions(key) == source.list_versions(key)
        for version in source.list_versions("acteurs"):
            assert copy.version_frame(version.id).equals(source.version_frame(version.id))
        assert copy.import_log().equals(source.import_log())
        # The restored store takes new versions where the original left off.
        jalons = copy.current_frame("jalons")
        from ingestion.store import VersionMeta

        v = copy.commit_version("jalons", jalons.iloc[:2], VersionMeta(author="Restauration"))
        assert v.number == len(source.list_versions("jalons")) + 1
        copy.dispose()
    finally:
        source.dispose()
        postgres_cluster.drop_database(restored)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
