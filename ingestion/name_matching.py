"""Comparing names and addresses of places written differently by different lists.

`name_key` reduces a name to what tells places apart: lower case without accents or
punctuation, the generic designations written one way (`France services`, `Espace France
Services`, `FRANCE-SERVICES` -> `fs`; `Mairie de`, `Commune de`, `Ville de` -> `mairie`;
`Centre communal d'action sociale` -> `ccas`; `médiathèque`, `bibliothèque` -> `bib`...),
`saint` as `st`, small words dropped, and the words of the place's own commune dropped
(`France services de Bourbriac` in Bourbriac -> `fs`). `name_similarity` compares two keys
with rapidfuzz's `token_sort_ratio` (0-100): word order does not matter, but an extra word
does (`fs` vs `fs kreiz breizh` stays low, unlike a subset match).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz

STOP_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur", "s"})
# Words that say nothing about which place it is.
NOISE_WORDS = frozenset({"accueil"})
# Kinds of places: two names announcing different kinds (a CCAS, a CDAS) are different places.
KIND_WORDS = frozenset(
    {
        "fs",
        "mairie",
        "ccas",
        "cias",
        "cdas",
        "mds",
        "bib",
        "cs",
        "cc",
        "ca",
        "clic",
        "cmp",
        "mjc",
        "epn",
        "mq",
        "evs",
        "ehpad",
    }
)
# A bus or an antenna is not the fixed site it belongs to.
MOBILE_WORDS = frozenset({"bus", "itinerant", "itinerante", "itinerance", "antenne", "mobile", "camping"})
DIFFERENT_KINDS_MAX = 50.0
DIFFERENT_MOBILITY_MAX = 50.0

# Applied in order on the folded text (lower case, ascii, single spaces, padded with spaces).
_PHRASE_TEXTS: tuple[tuple[str, str], ...] = (
    (r" (centre|ctre) com(munal)? d? ?action sociale ", " ccas "),
    (r" centre intercommunal d? ?action sociale ", " cias "),
    (r" (espace |maison )?(frances?|fr) ?services? ", " fs "),
    (r" france serv ", " fs "),
    (r" hotel de ville | mairie | commune | ville ", " mairie "),
    (r" communaute de communes | communaute com(munes)? | comm com ", " cc "),
    (r" communaute d agglomeration | agglomeration | agglo ", " ca "),
    (r" mediatheques? | bibliotheques? ", " bib "),
    (r" (centre|espace) socio ?culturel | centre social | espace social et culturel ", " cs "),
    (r" espace public numerique ", " epn "),
    (r" maison de quartier ", " mq "),
    (r" espace de vie sociale ", " evs "),
    (r" centre medico psychologique ", " cmp "),
    (r" saint ", " st "),
    (r" sainte ", " ste "),
)
_PHRASES = tuple((re.compile(pattern), replacement) for pattern, replacement in _PHRASE_TEXTS)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")

_ADDRESS_WORDS = {
    "r": "rue",
    "pl": "place",
    "bd": "boulevard",
    "bld": "boulevard",
    "av": "avenue",
    "ave": "avenue",
    "rte": "route",
    "imp": "impasse",
    "all": "allee",
    "sq": "square",
    "ch": "chemin",
    "chem": "chemin",
    "crs": "cours",
    "fg": "faubourg",
    "qu": "quai",
    "res": "residence",
    "st": "saint",
    "ste": "sainte",
}


def fold(text) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces ('' for missing)."""
    if not isinstance(text, str):
        if text is None or pd.isna(text):
            return ""
        text = str(text)
    return _fold(text)


@lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _SPACES.sub(" ", _NOT_ALNUM.sub(" ", text)).strip()


@lru_cache(maxsize=200_000)
def _canonical(text: str) -> str:
    padded = f" {fold(text)} "
    for pattern, replacement in _PHRASES:
        # Twice: adjacent matches share their separating space.
        padded = pattern.sub(replacement, pattern.sub(replacement, padded))
    return padded.strip()


@lru_cache(maxsize=50_000)
def commune_words(commune) -> frozenset[str]:
    """The words of a commune's name as `name_key` sees them."""
    return frozenset(w for w in _canonical(commune or "").split() if w not in STOP_WORDS)


def name_key(name, commune=None) -> str:
    """The comparable form of a place's name (see the module's docstring)."""
    name = name if isinstance(name, str) else ""
    commune = commune if isinstance(commune, str) else None
    return _name_key(name, commune)


@lru_cache(maxsize=200_000)
def _name_key(name: str, commune: str | None) -> str:
    words = [w for w in _canonical(name).split() if w not in STOP_WORDS and w not in NOISE_WORDS]
    own = commune_words(commune) if commune else frozenset()
    kept = [w for w in words if w not in own]
    # A name that is only its commune ("Bourbriac") keeps its words.
    return " ".join(kept if kept else words)


def name_similarity(key_a: str, key_b: str) -> float:
    """0-100 similarity of two `name_key`s (100 when equal, 0 when one is empty).

    rapidfuzz's `token_sort_ratio`, capped at 50 when both names announce kinds of places and
    none in common (`ccas` / `cdas`, `mairie` / `bib`), and at 50 when only one of them is a
    bus, an itinerant service or an antenna.
    """
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 100.0
    score = float(fuzz.token_sort_ratio(key_a, key_b))
    words_a, words_b = set(key_a.split()), set(key_b.split())
    kinds_a, kinds_b = words_a & KIND_WORDS, words_b & KIND_WORDS
    if kinds_a and kinds_b and (not kinds_a & kinds_b or ("fs" in kinds_a) != ("fs" in kinds_b)):
        score = min(score, DIFFERENT_KINDS_MAX)
    if bool(words_a & MOBILE_WORDS) != bool(words_b & MOBILE_WORDS):
        score = min(score, DIFFERENT_MOBILITY_MAX)
    return score


def address_key(address) -> str:
    """Comparable form of a street address (`2 R. de la Mairie` -> `2 rue mairie`)."""
    return _address_key(fold(address))


@lru_cache(maxsize=200_000)
def _address_key(folded: str) -> str:
    words = [_ADDRESS_WORDS.get(w, w) for w in folded.split()]
    return " ".join(w for w in words if w not in STOP_WORDS)


VAGUE_ADDRESSES = frozenset({"", "bourg", "le bourg", "mairie", "centre bourg"})


@lru_cache(maxsize=500_000)
def addresses_differ(key_a: str, key_b: str, threshold: float = 50.0) -> bool:
    """Both addresses are known, precise, and clearly not the same."""
    if key_a in VAGUE_ADDRESSES or key_b in VAGUE_ADDRESSES:
        return False
    return address_similarity(key_a, key_b) < threshold


@lru_cache(maxsize=200_000)
def house_number(key: str) -> str | None:
    match = re.match(r"^(\d+)", key)
    return match.group(1) if match else None


def address_similarity(key_a: str, key_b: str) -> float:
    """0-100 similarity of two `address_key`s; 0 when either is empty or their numbers differ."""
    if not key_a or not key_b:
        return 0.0
    number_a, number_b = house_number(key_a), house_number(key_b)
    if number_a and number_b and number_a != number_b:
        return 0.0
    return float(fuzz.token_sort_ratio(key_a, key_b))
