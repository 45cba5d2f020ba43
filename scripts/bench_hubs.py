"""The hubs `make bench` measures besides the Bretagne demo: a region of about 4,500 communes and
all of France, each built once into bench-results/cache/ (never committed).

Each is the demo's hub.toml with the region's départements, its reference built by
scripts/build_reference.py, places generated over its communes (the demo's places repeated, moved
to communes drawn by population) and, when ../shared/data/open/ holds it, the real IFN 2023 of its
communes as indicators; the other datasets are the demo's.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench-results" / "cache"
IFN_FRANCE = ROOT.parent / "shared" / "data" / "open" / "ifn_communes_france_2023.csv"
FRANCE_DEPS = [f"{i:02d}" for i in range(1, 96) if i != 20] + ["2A", "2B"]
OCCITANIE_DEPS = ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"]


@dataclass(frozen=True)
class BenchHub:
    key: str
    label: str
    region: str
    departements: tuple[str, ...]
    places: int


OCCITANIE = BenchHub("occitanie", "Occitanie (13 départements)", "Occitanie", tuple(OCCITANIE_DEPS), 3000)
FRANCE = BenchHub("france", "France entière", "France (banc d'essai)", tuple(FRANCE_DEPS), 20000)


def reference_dir(hub: BenchHub) -> Path:
    """The hub's reference, built once (a few minutes for France)."""
    ref = CACHE / f"reference-{hub.key}"
    if not (ref / "communes.parquet").is_file():
        sys.path.insert(0, str(ROOT / "scripts"))
        from build_reference import build

        print(f"    construction du référentiel « {hub.label} » (une fois, quelques minutes)…", flush=True)
        build(list(hub.departements), ref)
    return ref


def _places(hub: BenchHub, communes: pd.DataFrame) -> Path:
    demo = pd.read_csv(ROOT / "data/demo/acteurs.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(11)
    n = hub.places
    weights = (communes["population"].to_numpy() + 50) ** 0.85
    pick = communes.iloc[rng.choice(len(communes), size=n, p=weights / weights.sum())]
    actors = demo.iloc[np.arange(n) % len(demo)].reset_index(drop=True).copy()
    actors["id"] = [f"bench-{i:05d}" for i in range(n)]
    actors["pivot"] = ""
    actors["code_insee"] = pick["code_insee"].to_numpy()
    actors["commune"] = pick["nom"].to_numpy()
    actors["nom"] = [f"{name} ({commune})" for name, commune in zip(actors["nom"], actors["commune"])]
    actors["code_postal"] = [c[:2] + "000" if c[:2].isdigit() else "20000" for c in pick["code_insee"]]
    actors["latitude"] = np.round(pick["centre_lat"].to_numpy() + rng.normal(0, 0.002, n), 6)
    actors["longitude"] = np.round(pick["centre_lon"].to_numpy() + rng.normal(0, 0.003, n), 6)
    path = CACHE / f"acteurs-{hub.key}.csv"
    actors.to_csv(path, index=False)
    return path


def _indicators(hub: BenchHub, communes: pd.DataFrame) -> Path | None:
    """The real IFN 2023 of the hub's communes, in the hub's format (None without the file)."""
    if not IFN_FRANCE.is_file():
        return None
    from loaders.indicators import IFN_COLUMNS

    ifn = pd.read_csv(IFN_FRANCE, dtype={"code": str})
    ifn["code"] = ifn["code"].str.zfill(5)
    ifn = ifn[ifn["code"].isin(set(communes["code_insee"]))]
    long = ifn.melt(id_vars="code", value_vars=list(IFN_COLUMNS), var_name="colonne", value_name="valeur")
    long = long.dropna(subset=["valeur"])
    frame = pd.DataFrame(
        {
            "niveau": "commune",
            "code": long["code"],
            "indicateur": long["colonne"].map(IFN_COLUMNS),
            "periode": "2023",
            "valeur": long["valeur"],
            "source": "Indice de fragilité numérique 2023",
            "fictif": "non",
        }
    )
    path = CACHE / f"indicateurs-{hub.key}.csv"
    frame.to_csv(path, index=False)
    return path


def hub_config(hub: BenchHub) -> Path:
    """The hub's configuration file (written again each time; its data once)."""
    import geopandas as gpd

    CACHE.mkdir(parents=True, exist_ok=True)
    ref = reference_dir(hub)
    communes = gpd.read_parquet(ref / "communes.parquet").dropna(subset=["centre_lon", "centre_lat"])
    places = CACHE / f"acteurs-{hub.key}.csv"
    if not places.is_file():
        places = _places(hub, communes)
    indicators = CACHE / f"indicateurs-{hub.key}.csv"
    if not indicators.is_file():
        indicators = _indicators(hub, communes) or ROOT / "data/demo/indicateurs.csv"
    text = (ROOT / "hub.toml").read_text(encoding="utf-8")
    text = text.replace(
        'departements = ["22", "29", "35", "56"]', "departements = " + json.dumps(list(hub.departements))
    )
    text = text.replace('region = "Bretagne"', f"region = {json.dumps(hub.region)}")
    text = text.replace('"data/demo/acteurs.csv"', json.dumps(str(places)))
    text = text.replace('"data/demo/indicateurs.csv"', json.dumps(str(indicators)))
    text = text.replace('reference = "data/reference"', f"reference = {json.dumps(str(ref))}")
    text = text.replace('"data/', f'"{ROOT}/data/')
    path = CACHE / f"{hub.key}.toml"
    path.write_text(text, encoding="utf-8")
    return path
