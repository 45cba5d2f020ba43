"""Nearest-place search in metres: Lambert-93 projection and a spatial index (shapely STRtree).

Distances are straight lines measured in Lambert-93 (EPSG:2154), the official projection of
metropolitan France (scale error below 0.1 % in Bretagne). No Python loop over origins: the
whole set of origins is queried against the index in one call.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer

LAMBERT93 = "EPSG:2154"
WGS84 = "EPSG:4326"


@lru_cache(maxsize=2)
def _transformer(inverse: bool = False) -> Transformer:
    if inverse:
        return Transformer.from_crs(LAMBERT93, WGS84, always_xy=True)
    return Transformer.from_crs(WGS84, LAMBERT93, always_xy=True)


def lonlat_to_lambert93(lon, lat) -> np.ndarray:
    """Longitudes and latitudes (degrees, WGS 84) -> an (n, 2) array of x, y in metres."""
    x, y = _transformer().transform(np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64"))
    return np.column_stack([np.atleast_1d(x), np.atleast_1d(y)])


def lambert93_to_lonlat(x, y) -> np.ndarray:
    """The inverse: an (n, 2) array of longitude, latitude."""
    lon, lat = _transformer(True).transform(np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64"))
    return np.column_stack([np.atleast_1d(lon), np.atleast_1d(lat)])


def nearest_distances_m(origins_xy, places_xy, return_index: bool = False):
    """For every origin, the distance (metres) to the nearest place; optionally its index.

    `origins_xy` (n, 2) and `places_xy` (m, 2) are projected coordinates in metres. With no
    place at all, every distance is +inf and every index -1. Rows with a NaN coordinate get
    +inf / -1 too. Ties are broken by the index (any of the equidistant places).
    """
    origins = np.asarray(origins_xy, dtype="float64").reshape(-1, 2)
    places = np.asarray(places_xy, dtype="float64").reshape(-1, 2)
    distances = np.full(len(origins), np.inf)
    index = np.full(len(origins), -1, dtype="int64")
    valid_places = np.flatnonzero(np.isfinite(places).all(axis=1))
    valid_origins = np.flatnonzero(np.isfinite(origins).all(axis=1))
    if len(valid_places) and len(valid_origins):
        tree = shapely.STRtree(shapely.points(places[valid_places]))
        pairs, dist = tree.query_nearest(
            shapely.points(origins[valid_origins]), return_distance=True, all_matches=False
        )
        distances[valid_origins[pairs[0]]] = dist
        index[valid_origins[pairs[0]]] = valid_places[pairs[1]]
    return (distances, index) if return_index else distances


def k_nearest(origin_xy, places_xy, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k nearest places to one origin: (indices, distances in metres), nearest first."""
    places = np.asarray(places_xy, dtype="float64").reshape(-1, 2)
    origin = np.asarray(origin_xy, dtype="float64").reshape(2)
    dist = np.hypot(places[:, 0] - origin[0], places[:, 1] - origin[1])
    dist = np.where(np.isfinite(dist), dist, np.inf)
    order = np.argsort(dist, kind="stable")[: max(k, 0)]
    order = order[np.isfinite(dist[order])]
    return order, dist[order]
