"""A value built once per object and forgotten with it (a reference's communes, a Territories).

The bundle of a data version and its reference are shared and never modified: what is derived
from one of them (projected communes, name lookups) is the same at every call until the object
goes. Keyed by identity, dropped by a weak reference's finalizer; an object that cannot be
followed gets its value built at every call, never kept. analytics/memo.py does the same per
function and arguments for the figures of a bundle.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def kept_with(owner, cache: dict[int, T], build: Callable[[], T]) -> T:
    key = id(owner)
    found = cache.get(key)
    if found is None:
        found = build()
        try:
            weakref.finalize(owner, cache.pop, key, None)
        except TypeError:
            return found
        cache[key] = found
    return found
