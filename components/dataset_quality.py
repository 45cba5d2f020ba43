"""The quality score of each dataset, from analytics/quality/data_quality.py (helper 5b's module).

Kept behind this adapter: until that module provides `dataset_quality_score(key, frame, as_of)`
(0 to 1, None when not meaningful), the score is shown as « – » with the reason.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

PENDING = "score de qualité non disponible (module de qualité absent)"


def quality_function():
    try:
        from analytics.quality import data_quality
    except ImportError:
        return None
    return getattr(data_quality, "dataset_quality_score", None)


def quality_score(key: str, frame: pd.DataFrame, as_of: dt.date) -> float | None:
    function = quality_function()
    if function is None or frame is None or frame.empty:
        return None
    score = function(key, frame, as_of)
    return None if score is None else float(score)
