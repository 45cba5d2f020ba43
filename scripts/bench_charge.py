"""Load figures (`python scripts/bench.py --only charge`): measured, never asserted in a test.

The deployment of docs/deploiement.md on loopback (tests/nginx.py: Debian's nginx with the
documented site; two app processes; one PostgreSQL database on a throwaway cluster,
tests/postgres.py), and N browser sessions at once in Chromium (20 by default, each its own
context, so its own affinity cookie). They arrive over twenty seconds (each loads the whole
application: timed), then all are active for a given time (two minutes by default): each goes
from page to page through the navigation with a pause of a few seconds, reloads now and then,
and a few of them import a file (the milestones, so that imports of the same dataset meet).
Printed and written to bench-results/: page views and their time to idle (median, 90th
centile) per page, against one person alone in the same run; errors seen on a page (an
exception, a trace, a page that never settles), imports confirmed and refused as stale, versions
lost (a version number announced to a person, not found in the database; and versions found whose
announcement no session read), and per app process its memory (resident
size at the start, highest, at the end, and its growth over the second half of the run), the
sessions it held and its processor time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import re
import statistics
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
PAGE_TIMEOUT_MS = 180_000
ARRIVAL = "arrivée"
LANDED = "passe à la version"
RUNNING = "[data-testid='stApp'][data-test-script-state='running']"


def _rss_bytes(pid: int) -> int | None:
    try:
        for text in Path(f"/proc/{pid}/status").read_text().splitlines():
            if text.startswith("VmRSS:"):
                return int(text.split()[1]) * 1024
    except OSError:
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _browser_cpu_seconds(exclude: set[int]) -> float:
    """Processor time of this script's descendants (Chromium and Playwright's driver), app servers excepted."""
    parents, cpu = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[pid] = int(fields[1])
            cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    me, total = os.getpid(), 0.0
    for pid in cpu:
        p, seen = pid, 0
        while p not in (0, 1, me) and p not in exclude and seen < 50:
            p, seen = parents.get(p, 0), seen + 1
        if p == me and pid != me:
            total += cpu[pid]
    return total


def _centile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Load:
    """The sessions' shared record of what happened."""

    def __init__(self):
        self.views: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.imports_confirmed: list[int | None] = []  # the version numbers announced
        self.imports_refused_stale = 0
        self.external_requests: list[str] = []
        self.affinities: list[str] = []
        self.activity = (0.0, 0.0)  # when everyone was in, and when the last session ended


async def _wait_idle(page) -> None:
    from tests.browser.conftest import CONNECTED, IDLE, MAIN_HEADING

    await page.wait_for_selector(CONNECTED, timeout=PAGE_TIMEOUT_MS)
    await page.wait_for_selector(f"{MAIN_HEADING}, [data-testid='stException']", timeout=PAGE_TIMEOUT_MS)
    for _ in range(2):
        await page.wait_for_timeout(300)
        await page.wait_for_selector(IDLE, timeout=PAGE_TIMEOUT_MS)


async def _check(page, where: str, load: Load) -> None:
    if await page.locator("[data-testid='stException']").count():
        load.errors.append(f"exception sur {where}")
    elif "Traceback" in await page.locator("body").inner_text():
        load.errors.append(f"trace Python sur {where}")


async def _import(page, base: str, files: list[Path], author: str, load: Load, rng: random.Random) -> None:
    await page.goto(base + "/donnees", wait_until="domcontentloaded")
    await _wait_idle(page)
    await page.get_by_role("tab", name="Importer un fichier").click()
    await _wait_idle(page)
    await page.get_by_role("combobox", name="Jeu de données").click()
    await page.get_by_role("option", name="Jalons", exact=True).click()
    await _wait_idle(page)
    await page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(rng.choice(files)))
    await page.get_by_text("Ce qui change par rapport à la version actuelle").wait_for(timeout=PAGE_TIMEOUT_MS)
    await _wait_idle(page)
    landed = page.get_by_text(LANDED)
    for _attempt in range(3):
        field = page.get_by_label("Importé par")
        if await field.count():
            await field.fill(author)
        await page.get_by_role("button", name="Valider l'import").click()
        # The click's run must start before the outcome is read: the refusal of a previous attempt
        # stays on screen (greyed) until the new run replaces it.
        try:
            await page.wait_for_selector(RUNNING, timeout=5_000)
        except Exception:  # noqa: BLE001 - a run already over
            pass
        await landed.or_(page.get_by_text("Import refusé")).first.wait_for(timeout=PAGE_TIMEOUT_MS)
        await _wait_idle(page)
        if await landed.count():
            number = re.search(r"passe à la version (\d+)", await landed.first.inner_text())
            load.imports_confirmed.append(int(number.group(1)) if number else None)
            break
        load.imports_refused_stale += 1  # the preview was recomputed: confirm it again, as a person would
    await _check(page, "l'import", load)


async def _navigate(page, rng: random.Random, index: int | None = None) -> str:
    """Click a page of the navigation (as people move from page to page: no reload) and wait
    until it is drawn and idle; returns its path. `index`: that link, else one at random."""
    from urllib.parse import urlparse

    from tests.browser.conftest import MAIN_HEADING

    links = page.locator("[data-testid='stSidebarNav'] a")
    current = urlparse(page.url).path.strip("/")
    targets = []
    for i in range(await links.count()):
        path = urlparse(await links.nth(i).get_attribute("href") or "").path.strip("/")
        targets.append((i, path))
    if index is None:
        i, path = rng.choice([t for t in targets if t[1] != current])
    else:
        i, path = targets[index]
    old = await page.locator(MAIN_HEADING).first.inner_text()
    await links.nth(i).click()
    await page.wait_for_function(
        "([selector, old]) => { const h = document.querySelector(selector); return h && h.innerText !== old; }",
        arg=[MAIN_HEADING, old],
        timeout=PAGE_TIMEOUT_MS,
    )
    await _wait_idle(page)
    return path


class Schedule:
    """Everyone arrives first (spread over a few seconds, each arrival timed); the two minutes
    of activity start when the last one is in."""

    def __init__(self, sessions: int, seconds: float):
        self.waiting, self.seconds = sessions, seconds
        self.everyone_in = asyncio.Event()
        self.start = self.deadline = 0.0

    def arrived(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.start = time.time()
            self.deadline = self.start + self.seconds
            self.everyone_in.set()


async def _session(
    browser, base: str, index: int, schedule: Schedule, paths: list[str], files: list[Path], importer: bool, load: Load
):
    rng = random.Random(index)
    context = await browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="fr-FR", ignore_https_errors=True
    )

    async def route(r):
        url = r.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:", "about:")):
            await r.continue_()
        else:
            load.external_requests.append(url)
            await r.abort()

    def failed(exc: Exception) -> None:
        load.errors.append(f"session {index} : {type(exc).__name__} : {str(exc).splitlines()[0][:160]}")

    async def full_load(path: str) -> None:
        start = time.perf_counter()
        await page.goto(base + "/" + path, wait_until="domcontentloaded")
        await _wait_idle(page)
        load.views[ARRIVAL].append(time.perf_counter() - start)
        await _check(page, f"/{path}", load)

    await context.route("**/*", route)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = await context.new_page()
    try:
        await asyncio.sleep(rng.uniform(0, 20))  # people do not all arrive in the same second
        try:
            await full_load(rng.choice(paths))
            cookies = {c["name"]: c["value"] for c in await context.cookies()}
            load.affinities.append(cookies.get("hub_affinite", ""))
        except Exception as exc:  # noqa: BLE001 - a page that never settles is an error, counted
            failed(exc)
        schedule.arrived()
        await schedule.everyone_in.wait()
        next_import = time.time() + rng.uniform(10, 40)
        while time.time() < schedule.deadline:
            try:
                if importer and time.time() >= next_import:
                    await _import(page, base, files, f"Personne {index}", load, rng)
                    next_import = time.time() + rng.uniform(20, 40)
                elif not page.url.startswith(base) or rng.random() < 0.1:
                    await full_load(rng.choice(paths))  # a reload, or a new tab
                else:
                    start = time.perf_counter()
                    path = await _navigate(page, rng)
                    load.views[path or "accueil"].append(time.perf_counter() - start)
                    await _check(page, f"/{path}", load)
            except Exception as exc:  # noqa: BLE001
                failed(exc)
            await asyncio.sleep(rng.uniform(1, 4))
    finally:
        await context.close()
    return index


def _paths() -> list[str]:
    """The pages the open demonstration reaches (as the staff: the access journal is the
    administrators')."""
    from components.page_registry import pages_for
    from loaders.access import STAFF

    return [p.url_path for p in pages_for(STAFF)]


async def _warm(app_urls: list[str], base: str, paths: list[str]) -> dict[str, float]:
    """Each process opens the store and runs every page once (directly, caches filled); then one
    person alone goes through every page behind nginx: the baseline of the times under load."""
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    alone = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            for app_url in app_urls:
                page = await browser.new_page()
                for path in paths:
                    await page.goto(app_url + "/" + path, wait_until="domcontentloaded")
                    await _wait_idle(page)
                await page.close()
            context = await browser.new_context(viewport={"width": 1400, "height": 1000}, ignore_https_errors=True)
            page = await context.new_page()
            start = time.perf_counter()
            await page.goto(base + "/", wait_until="domcontentloaded")
            await _wait_idle(page)
            alone[ARRIVAL] = time.perf_counter() - start
            count = await page.locator("[data-testid='stSidebarNav'] a").count()
            for i in [*range(1, count), 0]:
                start = time.perf_counter()
                path = await _navigate(page, random.Random(0), i)
                alone[path or "accueil"] = time.perf_counter() - start
            await context.close()
        finally:
            await browser.close()
    return alone


async def _drive(proxy_url: str, sessions: int, seconds: float, importers: int, files: list[Path], load: Load):
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    paths = _paths()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        schedule = Schedule(sessions, seconds)
        try:
            await asyncio.gather(
                *(_session(browser, proxy_url, i, schedule, paths, files, i < importers, load) for i in range(sessions))
            )
        finally:
            await browser.close()
        load.activity = (schedule.start, time.time())


def bench_charge(sessions: int = 20, seconds: float = 120, importers: int = 3) -> dict:
    """Run the load and print its figures; returns them (also written to bench-results/)."""
    from ingestion.store import Store
    from loaders.templates import template_csv
    from tests.browser.conftest import start_server, stop_server, wait_health
    from tests.nginx import Nginx, nginx_binary
    from tests.postgres import Cluster, postgres_bindir

    print(f"\n== Charge : {sessions} navigateurs en même temps, {seconds:.0f} s, deux processus derrière nginx")
    if nginx_binary() is None or postgres_bindir() is None:
        print("  (nginx ou PostgreSQL absent : mesure de charge omise ; apt-get install nginx postgresql)")
        return {"skipped": "nginx ou PostgreSQL absent"}
    folder = Path(tempfile.mkdtemp(prefix="bench-charge-"))
    full = template_csv("jalons")
    files = [folder / "jalons.csv", folder / "un_jalon.csv"]
    files[0].write_bytes(full)
    files[1].write_bytes(b"\n".join(full.split(b"\n")[:2]) + b"\n")
    cluster = Cluster(postgres_bindir())
    servers, proxy = [], None
    load = Load()
    samples: dict[int, list[tuple[float, int]]] = defaultdict(list)
    connections: list[int] = []
    try:
        cluster.start()
        url = cluster.url(cluster.create_database("hub_charge"))
        servers = [start_server({"HUB_STORE_URL": url}) for _ in range(2)]
        ports = [int(u.rsplit(":", 1)[1]) for _, u, _ in servers]
        proxy = Nginx(ports).start()
        for _, app_url, _ in servers:
            wait_health(app_url)
        start = time.perf_counter()
        alone = asyncio.run(_warm([u for _, u, _ in servers], proxy.url, _paths()))
        warm_up = time.perf_counter() - start
        load_average = [os.getloadavg()[0]]
        pids = {u: p.pid for p, u, _ in servers}
        cpu_before = {u: _cpu_seconds(pid) or 0.0 for u, pid in pids.items()}
        t0 = time.time()
        running = threading.Event()
        running.set()

        browser_cpu = [0.0]

        def sample():
            while running.is_set():
                browser_cpu[0] = max(browser_cpu[0], _browser_cpu_seconds({*pids.values(), proxy.process.pid}))
                for pid in pids.values():
                    rss = _rss_bytes(pid)
                    if rss:
                        samples[pid].append((time.time() - t0, rss))
                try:
                    connections.append(
                        len(cluster.admin("SELECT 1 FROM pg_stat_activity WHERE datname = 'hub_charge'"))
                    )
                except Exception:  # noqa: BLE001 - a sample missed is not a figure
                    pass
                time.sleep(2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            asyncio.run(_drive(proxy.url, sessions, seconds, importers, files, load))
        finally:
            running.clear()
            sampler.join(10)
        elapsed = time.time() - t0
        load_average.append(os.getloadavg()[0])
        store = Store(url)
        versions = store.list_versions("jalons")
        intact = sum(len(store.version_frame(v.id)) == v.rows for v in versions)
        store.dispose()
        cpu = {u: (_cpu_seconds(pid) or 0.0) - cpu_before[u] for u, pid in pids.items()}
        upstream_of = {}
        for r in proxy.requests():
            upstream_of.setdefault(r["key"], r["upstream"])
        upstream_of = {k: upstream_of.get(k) for k in load.affinities}
    finally:
        if proxy is not None:
            proxy.cleanup()
        for process, _, log in servers:
            stop_server(process, log)
        cluster.stop()

    views = [t for times in load.views.values() for t in times]
    # Lost: a version announced to a person and not in the database. Unseen: a version in the
    # database whose announcement no session read (its page was closed or reloaded meanwhile).
    numbers = {v.number for v in versions}
    announced = set(load.imports_confirmed)
    lost = len([n for n in load.imports_confirmed if n not in numbers])
    unseen = len([n for n in numbers if n > 1 and n not in announced])
    result = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "sessions": sessions,
        "duration_s": elapsed,
        "arrivals_s": max(0.0, load.activity[0] - t0),
        "activity_s": max(0.0, load.activity[1] - load.activity[0]),
        "warm_up_s": warm_up,
        "cores": os.cpu_count(),
        "load_average_before_after": load_average,
        "alone_s": alone,
        "page_views": len(views),
        "idle_s": {
            page: {
                "n": len(t),
                "median": statistics.median(t),
                "p90": _centile(t, 0.9),
                "ratio_to_alone": statistics.median(t) / alone[page] if alone.get(page) else None,
            }
            for page, t in load.views.items()
        },
        "errors": load.errors,
        "external_requests": len(load.external_requests),
        "imports_confirmed": len(load.imports_confirmed),
        "versions_announced": sorted(n for n in announced if n is not None),
        "imports_refused_stale": load.imports_refused_stale,
        "versions_found": len(versions),
        "versions_intact": intact,
        "versions_lost": lost,
        "versions_unseen": unseen,
        "pg_connections_max": max(connections, default=0),
        "browser_cpu_s": browser_cpu[0],
        "processes": {},
    }
    sessions_per_upstream = Counter(upstream_of.values())
    for u, pid in pids.items():
        rss = [r for _, r in samples[pid]]
        a0, a1 = load.activity[0] - t0, load.activity[1] - t0
        half = [r for t, r in samples[pid] if a0 <= t <= (a0 + a1) / 2]
        upstream = u.removeprefix("http://")
        result["processes"][upstream] = {
            "rss_start_bytes": rss[0] if rss else None,
            "rss_max_bytes": max(rss) if rss else None,
            "rss_end_bytes": rss[-1] if rss else None,
            "rss_growth_second_half_bytes": (rss[-1] - max(half)) if rss and half else None,
            "cpu_s": cpu[u],
            "browsers": sessions_per_upstream.get(upstream, 0),
        }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"charge-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=float), encoding="utf-8")
    _print(result)
    print(f"  résultats écrits dans {out.relative_to(ROOT)}")
    return result


def _print(r: dict) -> None:
    def line(label: str, value: str) -> None:
        print(f"  {label:<58}{value}")

    mo = 1e6
    line(
        "arrivées / activité de tous / démarrage à vide",
        f"{r['arrivals_s']:.0f} s / {r['activity_s']:.0f} s / {r['warm_up_s']:.0f} s",
    )
    before, after = r["load_average_before_after"]
    line("machine : cœurs, charge moyenne avant / après", f"{r['cores']}, {before:.1f} / {after:.1f}")
    views = [v for v in r["idle_s"].values()]
    line("pages ouvertes (toutes sessions)", f"{r['page_views']}")
    for page, v in sorted(r["idle_s"].items()):
        ratio = f", × {v['ratio_to_alone']:.1f} d'une personne seule" if v["ratio_to_alone"] else ""
        line(
            f"  « {page} » : prête en (médiane / 90 %)",
            f"{v['median']:.1f} s / {v['p90']:.1f} s   ({v['n']} fois{ratio})",
        )
    if views:
        all_times = [v["median"] for v in views]
        line("médiane des médianes par page", f"{statistics.median(all_times):.1f} s")
    line("erreurs vues sur une page", f"{len(r['errors'])}")
    for e in r["errors"][:10]:
        print(f"    - {e}")
    line("requêtes vers un autre hôte", f"{r['external_requests']}")
    line(
        "imports validés / refusés car l'aperçu était périmé",
        f"{r['imports_confirmed']} / {r['imports_refused_stale']}",
    )
    line(
        "versions des jalons trouvées / intactes / perdues",
        f"{r['versions_found']} / {r['versions_intact']} / {r['versions_lost']}"
        f" (importées sans annonce lue : {r['versions_unseen']})",
    )
    line("connexions à PostgreSQL (au plus)", f"{r['pg_connections_max']}")
    line(f"temps processeur de Chromium ({r['sessions']} navigateurs)", f"{r['browser_cpu_s']:.0f} s")
    for upstream, p in r["processes"].items():
        if p["rss_start_bytes"] is None:
            continue
        line(
            f"processus {upstream} : mémoire début / max / fin",
            f"{p['rss_start_bytes'] / mo:.0f} / {p['rss_max_bytes'] / mo:.0f} / {p['rss_end_bytes'] / mo:.0f} Mo",
        )
        line(
            f"processus {upstream} : 2e moitié, sessions, CPU",
            f"{p['rss_growth_second_half_bytes'] / mo:+.0f} Mo, {p['browsers']}, {p['cpu_s']:.0f} s",
        )


if __name__ == "__main__":
    import argparse
    import sys

    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--importers", type=int, default=3)
    args = parser.parse_args()
    bench_charge(args.sessions, args.seconds, args.importers)
