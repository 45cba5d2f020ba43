"""The real territories (data/reference/) with the hub's priority-zone flags from the config."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from loaders.config import HubConfig
from loaders.problems import WARNING, Problem
from loaders.zones import COMMUNE_LABELS

ZONE_LABELS = COMMUNE_LABELS  # the territories' own names of the zones (loaders/zones.py)
REBUILD = (
    "Que faire : reconstruisez le référentiel avec « make reference » (ou copiez le dossier d'une installation saine)."
)


class ReferenceUnavailable(FileNotFoundError):
    """The territories' reference files are missing or unreadable (French message)."""


@dataclass
class Territories:
    communes: gpd.GeoDataFrame
    epci: gpd.GeoDataFrame
    departements: gpd.GeoDataFrame
    history: pd.DataFrame
    metadata: dict
    problems: list[Problem] = field(default_factory=list)

    @property
    def attribution(self) -> str:
        return self.metadata.get("attribution", "")

    def commune_names(self) -> dict[str, str]:
        return dict(zip(self.communes["code_insee"], self.communes["nom"]))

    def name_of(self, level: str, code: str) -> str:
        if level == "commune":
            return self.commune_names().get(code, code)
        if level == "epci":
            return dict(zip(self.epci["code_epci"], self.epci["nom_epci"])).get(code, code)
        if level == "departement":
            return dict(zip(self.departements["code_departement"], self.departements["nom_departement"])).get(
                code, code
            )
        return code


def load_territories(config: HubConfig) -> Territories:
    ref = Path(config.reference_dir)
    missing = [
        name for name in ("communes.parquet", "epci.parquet", "departements.parquet") if not (ref / name).is_file()
    ]
    if missing:
        raise ReferenceUnavailable(
            f"Référentiel des territoires incomplet dans {ref} : {', '.join(missing)} manquant(s). {REBUILD}"
        )
    parts = {}
    for name in ("communes", "epci", "departements"):
        try:
            parts[name] = gpd.read_parquet(ref / f"{name}.parquet")
        except Exception as exc:  # noqa: BLE001 - pyarrow and geopandas raise many kinds on a broken file
            raise ReferenceUnavailable(
                f"Référentiel des territoires illisible dans {ref} : {name}.parquet est endommagé "
                f"({type(exc).__name__}). {REBUILD}"
            ) from exc
    communes, epci, departements = parts["communes"], parts["epci"], parts["departements"]
    history_path = ref / "communes_historiques.csv"
    history = (
        pd.read_csv(history_path, dtype={"code_ancien": str, "code_insee": str, "nom_ancien": str, "type": str})
        if history_path.is_file()
        else pd.DataFrame(columns=["code_ancien", "nom_ancien", "type", "code_insee", "population_ancienne"])
    )
    meta_path = ref / "metadata.json"
    metadata = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}

    problems: list[Problem] = []
    communes = communes[communes["code_departement"].isin(config.departements)].reset_index(drop=True)
    known = set(communes["code_insee"])
    for zone, codes in (("acv", config.acv), ("qpv", list(config.qpv))):
        for code in codes:
            if code not in known:
                problems.append(
                    Problem(
                        "hub.toml",
                        f"commune {code} de la liste {ZONE_LABELS[zone]} absente du référentiel",
                        severity=WARNING,
                    )
                )
    for code in config.centre_epci:
        if code not in set(epci["code_epci"]):
            problems.append(
                Problem(
                    "hub.toml",
                    f"EPCI {code} du périmètre {config.centre_label} absent du référentiel",
                    severity=WARNING,
                )
            )

    communes["acv"] = communes["code_insee"].isin(config.acv)
    communes["nb_qpv"] = communes["code_insee"].map(config.qpv).fillna(0).astype("int64")
    communes["qpv"] = communes["nb_qpv"] > 0
    communes["centre_bretagne"] = communes["code_epci"].isin(config.centre_epci)
    communes["zone_prioritaire"] = communes["acv"] | communes["qpv"] | communes["centre_bretagne"]

    epci = epci[epci["code_epci"].isin(set(communes["code_epci"].dropna()))].reset_index(drop=True)
    epci["centre_bretagne"] = epci["code_epci"].isin(config.centre_epci)
    departements = departements[departements["code_departement"].isin(config.departements)].reset_index(drop=True)
    return Territories(communes, epci, departements, history, metadata, problems)
