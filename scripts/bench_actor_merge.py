"""Benchmark of the actors merge: the demo registry scaled up to ~10 000 actors, then the real lists.

Usage: .venv/bin/python scripts/bench_actor_merge.py [copies] [runs]
Prints the median time of the candidate pairs, of four successive imports (`merge_actors`
with `previous=`, as the import page calls it) and of one consolidation of the whole
registry, over several runs (the machines are shared and noisy: read medians). The
scaled registry repeats the demo places with new ids, a made-up place word in the name, another address and
coordinates moved by up to ~1 km, so that blocking by commune sees realistic block sizes.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingestion.actor_merge import as_records, candidate_pairs, consolidate, merge_actors  # noqa: E402
from loaders.actors import load_actors  # noqa: E402
from loaders.config import load_config  # noqa: E402
from loaders.sources import read_actor_file  # noqa: E402
from loaders.territories import load_territories  # noqa: E402

OPEN = ROOT.parent / "shared" / "data" / "open"
SYLLABLES = [
    "ker",
    "lan",
    "plou",
    "tre",
    "gwen",
    "mor",
    "bihan",
    "coat",
    "loc",
    "pen",
    "goas",
    "ros",
    "nev",
    "hent",
    "ar",
    "bod",
]


def place_word(rng: np.random.Generator) -> str:
    """A Breton-sounding place word (`Kerlanmor`), so that copies do not look like duplicates."""
    return "".join(rng.choice(SYLLABLES, size=3)).capitalize()


def scaled(demo: pd.DataFrame, copies: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = [demo]
    for k in range(1, copies):
        part = demo.copy()
        part["id"] = part["id"] + f"-{k}"
        part["pivot"] = None
        part["nom"] = [f"{name} de {place_word(rng)}" for name in part["nom"]]
        part["adresse"] = [f"{rng.integers(1, 200)} rue de {place_word(rng)}" for _ in range(len(part))]
        part["latitude"] = part["latitude"] + rng.uniform(-0.01, 0.01, len(part))
        part["longitude"] = part["longitude"] + rng.uniform(-0.01, 0.01, len(part))
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 13
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    territories = load_territories(load_config(ROOT / "hub.toml"))
    demo = load_actors(ROOT / "data" / "demo" / "acteurs.csv", territories).frame
    registry = scaled(demo, copies)
    lists = (
        [
            read_actor_file(OPEN / name, territories).frame
            for name in (
                "france_services_bretagne_2024-08-01.csv",
                "france_services_bretagne_portrea.csv",
                "conseillers_numeriques_structures_bretagne_2023-04-05.csv",
                "aidants_connect_structures_bretagne_2024-02-12.csv",
            )
        ]
        if OPEN.is_dir()
        else []
    )
    print(f"registre : {len(registry)} lieux ; listes réelles : {sum(len(f) for f in lists)} fiches")
    pairs_times, merge_times, consolidate_times = [], [], []
    for _ in range(runs):
        records = as_records(registry)
        start = time.perf_counter()
        candidate_pairs(records)
        pairs_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = merge_actors(registry, lists[0]) if lists else merge_actors(registry.iloc[0:0], registry)
        for frame in lists[1:]:
            result = merge_actors(result.records, frame, previous=result.actors)
        merge_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        consolidate(result.records)
        consolidate_times.append(time.perf_counter() - start)
    print(f"paires candidates : médiane {statistics.median(pairs_times):.2f} s")
    print(f"une consolidation du registre entier : médiane {statistics.median(consolidate_times):.2f} s")
    print(
        f"4 imports successifs : médiane {statistics.median(merge_times):.2f} s ; {result.report['acteurs']} acteurs, "
        f"{result.report['doublons_suspects']} doublons suspects"
    )


if __name__ == "__main__":
    main()
