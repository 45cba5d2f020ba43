"""Constants and small helpers of the demo generator (dates, names, money, CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from pathlib import Path

import numpy as np

from loaders.config import DATASET_KEYS
from loaders.config import PROJECT_ROOT as ROOT
from loaders.money import cents_to_decimal_string

SEED = 20220426
AS_OF = dt.date(2023, 9, 30)
CONFIG_PATH = ROOT / "hub.toml"
DEFAULT_OUT = ROOT / "data" / "demo"
FICTITIOUS_PHONE_PREFIX = "+3326191"  # 02 61 91 00 00 - 02 61 91 99 99: reserved for fiction

# Deliberate eligibility anomalies: priority-envelope expenses that landed in a commune of no
# priority zone (so the eligibility check of the dashboard has something to show).
ANOMALY_COMMUNES = ("29067", "22187")  # Guerlesquin (tagged centre_bretagne), Plérin (tagged qpv)

TARGET_OTHER_ACTORS = 545  # expected number of actors besides France Services and buses
FS_SPACING_KM = 11.0
FOUNDING_MEMBERS = 61
TARGET_MEMBERS = 298  # network members on AS_OF
FUNDS_OBTAINED_EUROS = 340000  # about what the actors obtained (fund-raising lags behind its target)

CSV_FILES = DATASET_KEYS  # one file per dataset of hub.toml


VOWELS = "AEIOUYÉÈÊÎÔÂÛH"


def de(name: str) -> str:
    """'de Pontivy', "d'Ergué-Gabéric", 'du Blosne', 'des Abers' (French elision)."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith(("La ", "L'")):
        return "de " + name
    if name[:1].upper() in VOWELS and not name.startswith("Ho"):
        return "d'" + name
    return "de " + name


def a_(name: str) -> str:
    """'à Brest', 'au Faou', 'aux Abers'."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:48].rstrip("-")


def iso(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def money(cents: int | None) -> str:
    return "" if cents is None else cents_to_decimal_string(int(cents))


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(month_end(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def rand_date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def weighted_pick(rng: np.random.Generator, items: list, weights) -> object:
    w = np.asarray(weights, dtype=float)
    return items[int(rng.choice(len(items), p=w / w.sum()))]


def weighted_sample(rng: np.random.Generator, n_items: int, weights, k: int) -> np.ndarray:
    """k distinct indices drawn with probabilities proportional to weights (sorted)."""
    w = np.asarray(weights, dtype=float)
    k = min(k, int((w > 0).sum()))
    return np.sort(rng.choice(n_items, size=k, replace=False, p=w / w.sum()))


def luhn_complete(digits: str) -> str:
    """Append the digit that makes `digits` + it pass the Luhn check (like a SIRET)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return digits + str((10 - total % 10) % 10)


def split_cents(total: int, shares: list[float]) -> list[int]:
    """Split an amount in cents along shares; the parts add up exactly to total."""
    raw = [total * s / sum(shares) for s in shares]
    parts = [int(math.floor(r)) for r in raw]
    parts[-1] += total - sum(parts)
    return parts


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    path.write_bytes(buf.getvalue().encode("utf-8"))
