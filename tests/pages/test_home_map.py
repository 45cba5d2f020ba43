"""The home page's map: the Carte's quantile classes, not a linear scale washed out by one outlier."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np

from analytics.coverage.classes import fit_classes
from analytics.coverage.supply import places_by_commune, places_by_level
from components.format_fr import fr_number
from tests.pages.conftest import open_app


def home_map_trace(at) -> dict:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    traces = [t for spec in charts for t in spec["data"] if t.get("type") == "choroplethmap"]
    assert len(traces) == 1, "une carte attendue sur l'accueil"
    return traces[0]


def decoded(array) -> np.ndarray:
    if isinstance(array, dict):  # plotly's typed array
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array)


def test_finistere_density_map_uses_quantile_classes(bundle):
    at = open_app(query={"dep": "29"})
    trace = home_map_trace(at)
    as_of = min(dt.date.today(), bundle.config.end)
    communes = bundle.territories.communes
    finistere = communes[communes["code_departement"] == "29"]
    density = places_by_level(places_by_commune(bundle.actors, communes, as_of), "commune")
    density = density[density["code"].isin(finistere["code_insee"])]
    # The demo's outlier: one commune far above the others (the linear scale was pale elsewhere).
    assert density["lieux_pour_10000"].max() > 5 * density["lieux_pour_10000"].quantile(0.9)

    fitted = fit_classes(density["lieux_pour_10000"], worse_is_high=False, decimals=1)
    labels = [label for label, _ in fitted.legend(lambda v: fr_number(v, 1))]
    assert trace["colorbar"]["ticktext"] == labels
    assert len(labels) == 6
    assert labels[-1].endswith(fr_number(density["lieux_pour_10000"].max(), 1))
    for label in labels:  # no degenerate class such as "5,4 – 5,4"
        parts = label.split(" – ")
        assert len(parts) == 1 or parts[0] != parts[1]
    # Every class is drawn, and the top class holds more than the outlier.
    z = decoded(trace["z"])
    assert len(z) == len(finistere)
    counts = np.bincount(z, minlength=len(labels))
    assert (counts > 0).all() and counts[-1] >= 2
    # Darker means fewer places, as on the Carte: the lowest class gets the darkest colour.
    scale = trace["colorscale"]
    assert scale[0][1] == fitted.palette[-1] and scale[-1][1] == fitted.palette[0]
