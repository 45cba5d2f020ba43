"""Where the map's JavaScript and CSS come from: the app itself, never a CDN.

scripts/fetch_assets.py installs the npm packages under static/vendor/ and Streamlit serves
that folder at /app/static/ (server.enableStaticServing). st_folium collects each element's
`default_js`/`default_css`, so every folium element used on the map points at these copies.
"""

from __future__ import annotations

import folium

from loaders.config import PROJECT_ROOT

BASE = "/app/static/vendor"
VENDOR_DIR = PROJECT_ROOT / "static" / "vendor"

LEAFLET_JS = [("leaflet", f"{BASE}/leaflet/dist/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{BASE}/leaflet/dist/leaflet.css")]
CLUSTER_JS = [("leaflet_markercluster", f"{BASE}/leaflet.markercluster/dist/leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("leaflet_markercluster_css", f"{BASE}/leaflet.markercluster/dist/MarkerCluster.css"),
    ("leaflet_markercluster_default_css", f"{BASE}/leaflet.markercluster/dist/MarkerCluster.Default.css"),
]
TOPOJSON_JS = [("topojson", f"{BASE}/topojson-client/dist/topojson-client.min.js")]


def assets_installed() -> bool:
    return (VENDOR_DIR / ".complete").exists()


def offline_map(**kwargs) -> folium.Map:
    """A folium Map with no tiles and Leaflet served by the app (no jQuery, Bootstrap or
    Font Awesome: the layers used here do not need them)."""
    m = folium.Map(tiles=None, **kwargs)
    m.default_js = LEAFLET_JS
    m.default_css = LEAFLET_CSS
    return m


def offline_layer_control(**kwargs) -> folium.LayerControl:
    control = folium.LayerControl(**kwargs)
    control.default_js = []
    control.default_css = []
    return control
