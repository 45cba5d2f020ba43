"""nginx in front of several app processes, with the site configuration of docs/deploiement.md.

The site block is read from the documentation itself (its first ```nginx block) and only its
deployment-specific values are replaced (ports, certificate paths), so that the test tries what
the documentation says. nginx runs in the foreground with its own prefix, configuration, pid,
logs and temporary folders in a temporary directory; a self-signed certificate stands for the
real one. Without nginx (or openssl) the tests skip, except under HUB_REQUIRE_NGINX=1 (.ci/run).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deploiement.md"
REQUIRE_VARIABLE = "HUB_REQUIRE_NGINX"

# The values of the documented configuration that a deployment (and this test) sets.
DOC_APP_SERVERS = ("server 127.0.0.1:8501;", "server 127.0.0.1:8502;")
DOC_HTTPS_LISTEN = "listen 443 ssl;"
DOC_HTTP_LISTEN = "listen 80;"
DOC_CERTIFICATE = "/etc/letsencrypt/live/hub.example.org/fullchain.pem"
DOC_KEY = "/etc/letsencrypt/live/hub.example.org/privkey.pem"
# Which app process served each request, and the affinity key it was chosen by.
LOG_FORMAT = "hub_upstream '$request_method $uri $status $upstream_addr $hub_affinite'"


def unavailable(reason: str):
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"nginx obligatoire ({REQUIRE_VARIABLE}=1) : {reason}")
    pytest.skip(reason)


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def documented_site() -> str:
    """The site configuration given in docs/deploiement.md (its first ```nginx block)."""
    match = re.search(r"```nginx\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    if match is None:
        raise AssertionError(f"aucun bloc ```nginx dans {DOC}")
    return match.group(1)


def site_config(app_ports: list[int], https_port: int, http_port: int, certificate: Path, key: Path) -> str:
    """The documented site with this machine's ports and certificate (each replaced value must be there)."""
    text = documented_site()
    replacements = {
        DOC_HTTPS_LISTEN: f"listen 127.0.0.1:{https_port} ssl;",
        DOC_HTTP_LISTEN: f"listen 127.0.0.1:{http_port};",
        DOC_CERTIFICATE: str(certificate),
        DOC_KEY: str(key),
    }
    for documented, port in zip(DOC_APP_SERVERS, app_ports, strict=False):
        replacements[documented] = f"server 127.0.0.1:{port};"
    for documented, value in replacements.items():
        assert documented in text, f"docs/deploiement.md ne contient plus « {documented} »"
        text = text.replace(documented, value)
    for extra in app_ports[len(DOC_APP_SERVERS) :]:
        text = text.replace(
            replacements[DOC_APP_SERVERS[-1]], replacements[DOC_APP_SERVERS[-1]] + f"\n    server 127.0.0.1:{extra};"
        )
    return text


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "hub.crt", folder / "hub.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("nginx s'est arrêté au démarrage")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nginx n'écoute pas sur le port {port}")


class Nginx:
    """A foreground nginx serving the documented site on loopback (https and http ports)."""

    def __init__(self, app_ports: list[int]):
        binary = nginx_binary()
        if binary is None:
            unavailable("nginx absent (apt-get install nginx)")
        if shutil.which("openssl") is None:
            unavailable("openssl absent (apt-get install openssl)")
        self.binary = binary
        self.prefix = Path(tempfile.mkdtemp(prefix="hub-nginx-"))
        # As root, nginx's workers run as www-data: they must reach the temporary folders.
        self.prefix.chmod(0o755)
        self.https_port, self.http_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.access_log = self.prefix / "access.log"
        self.error_log = self.prefix / "error.log"
        certificate, key = self_signed_certificate(self.prefix)
        site = site_config(app_ports, self.https_port, self.http_port, certificate, key)
        (self.prefix / "hub-breton.conf").write_text(site, encoding="utf-8")
        user = ""
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("www-data")
                user = "user www-data www-data;"
            except KeyError:
                user = "user nobody nogroup;"
        temp = "\n".join(
            f"    {name}_temp_path {self.prefix / 'tmp' / name};"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.prefix / "tmp").mkdir()
        (self.prefix / "nginx.conf").write_text(
            f"""{user}
worker_processes 2;
pid {self.prefix / "nginx.pid"};
error_log {self.error_log} warn;
events {{ worker_connections 1024; }}
http {{
    log_format {LOG_FORMAT};
    access_log {self.access_log} hub_upstream;
{temp}
    include {self.prefix / "hub-breton.conf"};
}}
""",
            encoding="utf-8",
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        check = subprocess.run(
            [
                self.binary,
                "-t",
                "-p",
                str(self.prefix),
                "-c",
                str(self.prefix / "nginx.conf"),
                "-e",
                str(self.error_log),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if check.returncode != 0:
            raise AssertionError(f"configuration nginx refusée : {check.stderr}")
        self.process = subprocess.Popen(
            [
                self.binary,
                "-p",
                str(self.prefix),
                "-c",
                str(self.prefix / "nginx.conf"),
                "-e",
                str(self.error_log),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.prefix / "stderr.log", "w"),
        )
        _wait_port(self.https_port, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # fast shutdown (SIGQUIT would wait for WebSockets)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def requests(self) -> list[dict]:
        """The access log: one dict per request (method, uri, status, upstream, affinity)."""
        rows = []
        if self.access_log.exists():
            for text in self.access_log.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = text.split(" ")
                if len(parts) >= 5:
                    rows.append(
                        {"method": parts[0], "uri": parts[1], "status": parts[2], "upstream": parts[3], "key": parts[4]}
                    )
        return rows

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.cleanup()
