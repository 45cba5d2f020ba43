"""Each page in Chromium beside an empty Streamlit page, for three sizes of hub (`make bench`).

Method (the same for the empty page and for every page, in the same run, same interpreter):
one warm-up visit, then the median of several visits, each in a fresh Chromium context, timed from
the navigation until the app reports its script is no longer running. The bytes the server sends
over the page's WebSocket are counted (the map, the tables, the widgets' options). Besides the
pages: a change of the sidebar's territory filter and an import preview, timed from the user's
action until the script is done again.

    python scripts/bench_pages.py                  # Bretagne (demo), Occitanie, France
    python scripts/bench_pages.py --hubs bretagne  # one size only
    python scripts/bench_pages.py --hubs france --pages /suivi import  # some pages only
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

RESULTS = ROOT / "bench-results"
EMPTY_PAGE = 'import streamlit as st\n\nst.title("Page vide")\nst.write("Une page Streamlit sans données.")\n'
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
RUNNING = "[data-testid='stApp'][data-test-script-state='running']"
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
HEADING = "[data-testid='stMain'] h1"
TIMEOUT = 300_000


@dataclass
class Visit:
    seconds: float
    ws_bytes: int


@dataclass
class Row:
    label: str
    path: str
    visits: list[Visit] = field(default_factory=list)
    error: str = ""

    @property
    def median_s(self) -> float | None:
        return statistics.median(v.seconds for v in self.visits) if self.visits else None

    @property
    def median_bytes(self) -> int | None:
        return int(statistics.median(v.ws_bytes for v in self.visits)) if self.visits else None


# --- servers --------------------------------------------------------------------------------


@contextlib.contextmanager
def server(script: Path, env_extra: dict):
    from tests.browser.conftest import free_port, wait_health

    port = free_port()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / f"bench-{port}.log", "w")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STREAMLIT_LOG_LEVEL": "error", **env_extra}
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_health(url, timeout=120)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class Received:
    """Bytes the page receives from the app: WebSocket frames, and the outlines it fetches from
    static/geo/ (components/geo_outlines.py; each visit is a fresh context, so they are counted at
    every visit, as on a first visit)."""

    def __init__(self, page):
        self.ws = 0
        self.requests = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        page.on("requestfinished", lambda req: "/static/geo/" in req.url and self.requests.append(req))

    def _frame(self, payload) -> None:
        self.ws += len(payload)

    def total(self) -> int:
        served = 0
        for req in self.requests:
            try:
                served += max(0, req.sizes()["responseBodySize"])
            except Exception:  # a request of a closed page: not counted
                pass
        return self.ws + served


def visit(browser, url: str) -> Visit:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        received = Received(page)
        start = time.perf_counter()
        page.goto(url, timeout=TIMEOUT)
        page.wait_for_selector(CONNECTED, timeout=TIMEOUT)
        page.wait_for_selector(HEADING, timeout=TIMEOUT)
        page.wait_for_selector(IDLE, timeout=TIMEOUT)
        elapsed = time.perf_counter() - start
        page.wait_for_timeout(300)  # the last frames of the run
        return Visit(elapsed, received.total())
    finally:
        context.close()


def measure(browser, label: str, url: str, runs: int, action=None) -> Row:
    """One warm-up, then `runs` visits (or actions), each in a fresh context."""
    row = Row(label, url.split("127.0.0.1", 1)[-1].split("/", 1)[-1])
    try:
        for i in range(runs + 1):
            result = action(browser, url) if action else visit(browser, url)
            if i:
                row.visits.append(result)
    except Exception as exc:  # too slow or broken: a result of the bench, said so
        row.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    return row


# --- actions --------------------------------------------------------------------------------


def filter_change(browser, url: str) -> Visit:
    """Choose the first département in the sidebar; time until the page's script is done."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        received = Received(page)
        page.goto(url, timeout=TIMEOUT)
        page.wait_for_selector(HEADING, timeout=TIMEOUT)
        page.wait_for_selector(IDLE, timeout=TIMEOUT)
        box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Département")
        box.evaluate("e => e.scrollIntoView({block: 'center'})")  # its list opens in view
        page.wait_for_timeout(200)
        box.locator("input").click()
        option = page.get_by_role("option").first
        option.wait_for(timeout=TIMEOUT)
        before = received.total()
        start = time.perf_counter()
        option.click()
        page.wait_for_url(lambda u: "dep=" in u, timeout=TIMEOUT)
        page.wait_for_selector(IDLE, timeout=TIMEOUT)
        elapsed = time.perf_counter() - start
        return Visit(elapsed, received.total() - before)
    finally:
        context.close()


def import_preview(upload: Path):
    def run(browser, url: str) -> Visit:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            received = Received(page)
            page.goto(url, timeout=TIMEOUT)
            page.wait_for_selector(HEADING, timeout=TIMEOUT)
            page.wait_for_selector(IDLE, timeout=TIMEOUT)
            page.get_by_role("tab", name="Importer un fichier").click()
            page.wait_for_selector(IDLE, timeout=TIMEOUT)
            before = received.total()
            start = time.perf_counter()
            # The import tab's uploader (the tab « Cartographie nationale » has its own).
            uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="Fichier à importer")
            uploader.locator("input[type='file']").set_input_files(str(upload))
            page.get_by_text("Ce qui change par rapport à la version actuelle").wait_for(timeout=TIMEOUT)
            page.wait_for_selector(IDLE, timeout=TIMEOUT)
            elapsed = time.perf_counter() - start
            return Visit(elapsed, received.total() - before)
        finally:
            context.close()

    return run


def small_upload(config, directory: Path) -> Path:
    """Three new places in the hub's three most populous communes, as staff would add them."""
    from loaders.bundle import load_bundle

    communes = load_bundle(config).territories.communes.nlargest(3, "population")
    lines = ["id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services"]
    for i, c in enumerate(communes.itertuples()):
        lines.append(
            f"banc-{i + 1},Nouvel espace numérique {i + 1},{c.nom},{c.code_insee[:2]}000,{c.code_insee},"
            f"1 place de la Mairie,{c.centre_lat:.5f},{c.centre_lon:.5f},2024-03-01,Aide aux démarches administratives"
        )
    path = directory / "nouveaux_lieux.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- one hub --------------------------------------------------------------------------------


def page_paths(config) -> list[tuple[str, str]]:
    """Every page of the registry; the pages about one territory or place on the largest one."""
    from components.page_registry import pages_for
    from loaders.access import STAFF
    from loaders.bundle import load_bundle

    bundle = load_bundle(config)
    largest = bundle.territories.communes.nlargest(1, "population")["code_insee"].iloc[0]
    out = []
    for entry in pages_for(STAFF):  # the pages the open demonstration reaches
        path = "/" + entry.url_path
        if entry.url_path == "territoire":
            path += f"?code={largest}"
        elif entry.url_path == "lieu":
            in_largest = bundle.actors[bundle.actors["code_insee"] == largest]
            path += f"?id={(in_largest if len(in_largest) else bundle.actors)['id'].iloc[0]}"
        out.append((entry.title_for(config.months), path))
    return out


def wanted(only: list[str] | None, path: str) -> bool:
    """`--pages`: the page paths to measure (« /suivi », « filtre », « import »); None: all."""
    return not only or path.split("?")[0] in only


def bench_hub(browser, label: str, config_path: Path, runs: int, empty_url: str, only: list[str] | None = None) -> dict:
    from loaders.config import load_config

    config = load_config(config_path)
    scratch = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {"HUB_CONFIG": str(config_path), "HUB_STORE_URL": f"sqlite:///{scratch / 'hub.sqlite'}"}
    rows: list[Row] = []
    print(f"\n== {label} ({len(config.departements)} départements)", flush=True)
    with server(ROOT / "app.py", env) as url:
        empty = measure(browser, "Page vide (st.title + st.write)", empty_url, runs)
        rows.append(empty)
        report(empty, empty)
        for title, path in page_paths(config):
            if not wanted(only, path):
                continue
            row = measure(browser, title, url + path, runs)
            rows.append(row)
            report(row, empty)
        for path in ("/", "/territoires", "/carte") if wanted(only, "filtre") else ():
            row = measure(browser, f"Filtre : un département ({path})", url + path, runs, filter_change)
            rows.append(row)
            report(row, empty)
        if wanted(only, "import"):
            row = measure(
                browser,
                "Aperçu d'un import (3 lieux)",
                url + "/donnees",
                runs,
                import_preview(small_upload(config, scratch)),
            )
            rows.append(row)
            report(row, empty)
    return {
        "label": label,
        "config": str(config_path),
        "communes": None,
        "rows": [
            {
                "label": r.label,
                "path": r.path,
                "median_s": r.median_s,
                "ratio": (r.median_s / empty.median_s) if r.median_s and empty.median_s else None,
                "ws_bytes": r.median_bytes,
                "visits_s": [v.seconds for v in r.visits],
                "error": r.error,
            }
            for r in rows
        ],
    }


def report(row: Row, empty: Row) -> None:
    if row.error:
        print(f"  {row.label:<44} {'échec':>8}   {row.error}", flush=True)
        return
    ratio = row.median_s / empty.median_s if empty.median_s else float("nan")
    mb = (row.median_bytes or 0) / 1e6
    print(f"  {row.label:<44} {row.median_s:6.2f} s  ×{ratio:4.1f}   {mb:6.2f} Mo", flush=True)


def hubs(names: list[str]) -> list[tuple[str, Path]]:
    from bench_hubs import FRANCE, OCCITANIE, hub_config

    out = []
    for name in names:
        if name == "bretagne":
            out.append(("Bretagne, données de démonstration", ROOT / "hub.toml"))
        elif name == "occitanie":
            out.append((f"{OCCITANIE.label}, {OCCITANIE.places} lieux générés", hub_config(OCCITANIE)))
        elif name == "france":
            out.append((f"{FRANCE.label}, {FRANCE.places} lieux générés", hub_config(FRANCE)))
    return out


def run(names: list[str], runs: int, only: list[str] | None = None) -> dict:
    from bench import chromium

    print(
        f"Pages dans Chromium, à côté d'une page Streamlit vide — {dt.datetime.now():%d/%m/%Y %H:%M}, "
        f"{os.cpu_count()} cœurs ; médiane de {runs} visites après une visite de chauffe, chacune dans un "
        "contexte neuf ; colonnes : temps jusqu'à la fin du script, rapport à la page vide, octets reçus",
        flush=True,
    )
    scratch = Path(tempfile.mkdtemp(prefix="bench-empty-"))
    empty_script = scratch / "page_vide.py"
    empty_script.write_text(EMPTY_PAGE, encoding="utf-8")
    pw, browser = chromium()
    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "runs": runs, "hubs": []}
    try:
        with server(empty_script, {}) as empty_url:
            for label, config_path in hubs(names):
                results["hubs"].append(bench_hub(browser, label, config_path, runs, empty_url, only))
    finally:
        browser.close()
        pw.stop()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"pages-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nRésultats écrits dans {out.relative_to(ROOT)}")
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hubs", nargs="+", default=["bretagne", "occitanie", "france"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pages", nargs="+", help="only these page paths (/suivi /donnees…), « filtre » and/or « import »"
    )
    args = parser.parse_args(argv)
    run(args.hubs, args.runs, args.pages)


if __name__ == "__main__":
    main()
