"""Install the map's front-end assets (Leaflet, Leaflet.markercluster, topojson-client) under static/vendor/.

The dashboard serves them itself (Streamlit static serving, /app/static/vendor/...), so the
map needs no third-party CDN at run time: it works on an intranet, sends no visitor's address
to a CDN, and renders in the offline browser tests. The packages come from the npm registry
(pinned versions, checked against their sha512 integrity); nothing is committed.

    python scripts/fetch_assets.py            # idempotent
    NPM_REGISTRY=https://mirror.example/ python scripts/fetch_assets.py
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org/").rstrip("/") + "/"

# name, version, sha512 integrity, files to keep (paths inside the package, under package/)
PACKAGES = [
    (
        "leaflet",
        "1.9.3",
        "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
        ["dist/leaflet.js", "dist/leaflet.css", "dist/images/", "LICENSE"],
    ),
    (
        "leaflet.markercluster",
        "1.5.3",
        "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        ["dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt"],
    ),
    (
        "topojson-client",
        "3.1.0",
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        ["dist/topojson-client.min.js", "LICENSE"],
    ),
]


def _download(name: str, version: str, integrity: str) -> bytes:
    url = f"{REGISTRY}{name}/-/{name.split('/')[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    algo, expected = integrity.split("-", 1)
    digest = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if digest != expected:
        sys.exit(f"Intégrité invalide pour {name}@{version} ({url}) : archive refusée.")
    return data


def _extract(data: bytes, target: Path, keep: list[str]) -> None:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            inner = member.name.split("/", 1)[1] if "/" in member.name else member.name
            if not any(inner == k or (k.endswith("/") and inner.startswith(k)) for k in keep):
                continue
            dest = (target / inner).resolve()
            if target.resolve() not in dest.parents:
                continue  # never write outside the target folder
            dest.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)


def main() -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, version, integrity, keep in PACKAGES:
        target = VENDOR / name
        stamp = target / f".version-{version}"
        if stamp.exists():
            continue
        if target.exists():
            shutil.rmtree(target)
        print(f"Installation de {name}@{version} depuis {REGISTRY}")
        _extract(_download(name, version, integrity), target, keep)
        stamp.touch()
    (VENDOR / ".complete").touch()


if __name__ == "__main__":
    main()
