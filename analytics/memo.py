"""Figures computed once per data version.

The bundle a page reads is one object per version of the data, shared by every session and never
modified (components/data_access.py): what a function computes from it and from hashable
arguments (a date, a Selection, a level) is the same at every run until an import or a
restoration builds a new bundle. `per_bundle` keeps those results beside the bundle, a few per
function, and drops them with it.

A frame handed back is a shallow copy (copy-on-write: a caller that adds a column changes its copy,
never the kept result); other results are frozen dataclasses or plain values.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict

import pandas as pd

_MEMOS: dict[int, dict[str, OrderedDict]] = {}
_LOCK = threading.Lock()


def _forget(key: int) -> None:
    with _LOCK:
        _MEMOS.pop(key, None)


def _memo(bundle, name: str) -> OrderedDict:
    key = id(bundle)
    with _LOCK:
        memos = _MEMOS.get(key)
        if memos is None:
            weakref.finalize(bundle, _forget, key)  # raises TypeError first for an object it cannot follow
            memos = _MEMOS[key] = {}
        return memos.setdefault(name, OrderedDict())


def _handed(value):
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    return value


def per_bundle(maxsize: int = 16):
    """Decorate `fn(bundle, *args, **kwargs)` whose other arguments are hashable."""

    def decorate(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper(bundle, *args, **kwargs):
            try:
                key = (args, tuple(sorted(kwargs.items())))
                hash(key)
            except TypeError:  # an unhashable argument (a frame): computed, not kept
                return fn(bundle, *args, **kwargs)
            try:
                memo = _memo(bundle, name)
            except TypeError:  # an object that cannot be followed by a weak reference (a test's namespace)
                return fn(bundle, *args, **kwargs)
            with _LOCK:
                if key in memo:
                    memo.move_to_end(key)
                    return _handed(memo[key])
            value = fn(bundle, *args, **kwargs)
            with _LOCK:
                memo[key] = value
                while len(memo) > maxsize:
                    memo.popitem(last=False)
            return _handed(value)

        wrapper.uncached = fn
        return wrapper

    return decorate
