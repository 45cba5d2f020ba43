"""Territory outlines for the Plotly maps, served as files rather than carried by each figure.

A Plotly figure that holds its GeoJSON is validated, copied and serialised with it at every run
of the page (seconds for a région's communes) and sent again to the browser each time. Here the
light GeoJSON of the territories a map draws is written once under static/geo/ (Streamlit's static
serving, same origin: nothing is fetched from outside), named by a digest of its content, and the
figure names its address: the browser fetches it once and keeps it in its cache.

Where static/geo/ cannot be written (a read-only installation), the GeoJSON goes inline in the
figure as before: slower, never wrong.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from analytics.memo import per_bundle
from loaders.bundle import DataBundle

ROOT = Path(__file__).resolve().parent.parent
GEO_DIR = ROOT / "static" / "geo"
# Relative to the page (every page lives at the server's root, under any base path a proxy sets).
GEO_URL = "app/static/geo/"
KEEP_FILES = 2000  # older files beyond this number are removed (a served file is touched when reused)
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outlines:
    """What a Plotly map needs of some territories: the GeoJSON (an address, or the GeoJSON
    itself when no file can be written), their codes and their bounds (lon0, lat0, lon1, lat1)."""

    geojson: str | dict
    codes: tuple[str, ...]
    bounds: tuple[float, float, float, float]


def light_geojson_text(gdf: gpd.GeoDataFrame, code_column: str, precision: float = 1e-3) -> str:
    """GeoJSON with coordinates rounded (about 100 m at 1e-3) and only the code as property."""
    geoms = shapely.set_precision(gdf.geometry.to_numpy(), precision, mode="valid_output")
    slim = gpd.GeoDataFrame({"code": gdf[code_column].astype(str).to_numpy()}, geometry=geoms, crs=gdf.crs)
    return slim.to_json(drop_id=True)


def _served(text: str) -> str | None:
    """The file's address, written if new; None when static/geo/ cannot be written."""
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:24] + ".geojson"
    path = GEO_DIR / name
    try:
        if path.is_file():
            os.utime(path)
        else:
            GEO_DIR.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=GEO_DIR, suffix=".part")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)  # atomic: another process writing the same file is harmless
            _prune()
    except OSError as exc:
        LOG.warning("Contours des cartes servis dans la page (static/geo/ non inscriptible : %s)", exc)
        return None
    return GEO_URL + name


def _prune() -> None:
    files = sorted(GEO_DIR.glob("*.geojson"), key=lambda p: p.stat().st_mtime)
    for old in files[: max(0, len(files) - KEEP_FILES)]:
        old.unlink(missing_ok=True)


def outlines_of(gdf: gpd.GeoDataFrame, code_column: str, precision: float = 1e-3) -> Outlines:
    text = light_geojson_text(gdf, code_column, precision)
    codes = tuple(gdf[code_column].astype(str))
    bounds = tuple(float(b) for b in gdf.total_bounds) if len(gdf) else (-5.0, 42.0, 8.0, 51.0)
    url = _served(text)
    return Outlines(url if url is not None else json.loads(text), codes, bounds)


LEVEL_FRAMES = {
    "commune": ("communes", "code_insee"),
    "epci": ("epci", "code_epci"),
    "departement": ("departements", "code_departement"),
}


@per_bundle(maxsize=64)
def _territory_outlines(bundle: DataBundle, level: str, codes: tuple[str, ...], precision: float) -> Outlines:
    frame, column = LEVEL_FRAMES[level]
    gdf = getattr(bundle.territories, frame)
    return outlines_of(gdf[gdf[column].astype(str).isin(set(codes))], column, precision)


def territory_outlines(bundle: DataBundle, level: str, codes, precision: float = 1e-3) -> Outlines:
    """The outlines of the communes, EPCI or départements whose codes are given (once per data
    version, codes and precision)."""
    return _territory_outlines(bundle, level, tuple(sorted(set(map(str, codes)))), precision)
