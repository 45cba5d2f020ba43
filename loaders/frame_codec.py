"""A typed frame to bytes and back, exactly: how the store keeps each version's content.

The frame is written as Parquet (pyarrow) with its pandas metadata; the dtypes of every
column are also recorded beside it, so that the frame read back has exactly the dtypes the
loaders produce: `string` (pd.StringDtype), `Int64` cents, `boolean`, `datetime64[ns]`, and
multi-valued columns as Python lists (Parquet gives arrays back: they become lists again).
"""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

FORMAT = "parquet-v1"


def _is_list_column(series: pd.Series) -> bool:
    if series.dtype != object:
        return False
    values = series.dropna()
    return not values.empty and bool(values.map(lambda v: isinstance(v, (list, tuple, np.ndarray))).all())


def frame_schema(frame: pd.DataFrame) -> dict:
    """The column order, dtypes and list columns of a frame (JSON-serialisable)."""
    return {
        "format": FORMAT,
        "columns": [str(c) for c in frame.columns],
        "dtypes": {str(c): str(frame[c].dtype) for c in frame.columns},
        "list_columns": [str(c) for c in frame.columns if _is_list_column(frame[c])],
    }


def encode_frame(frame: pd.DataFrame) -> tuple[bytes, str]:
    """(Parquet bytes, schema as JSON text)."""
    schema = frame_schema(frame)
    data = frame.reset_index(drop=True).copy()
    for column in schema["list_columns"]:
        data[column] = data[column].map(
            lambda v: [str(x) for x in v] if isinstance(v, (list, tuple, np.ndarray)) else v
        )
    buffer = io.BytesIO()
    data.to_parquet(buffer, index=False, engine="pyarrow", compression="zstd")
    return buffer.getvalue(), json.dumps(schema, ensure_ascii=False)


def _as_dtype(name: str):
    return pd.StringDtype() if name == "string" else name


def decode_frame(data: bytes, schema_json: str) -> pd.DataFrame:
    """The frame written by `encode_frame`, with its recorded dtypes and lists."""
    schema = json.loads(schema_json)
    frame = pd.read_parquet(io.BytesIO(data), engine="pyarrow")
    for column in schema["list_columns"]:
        frame[column] = pd.Series(
            [list(v) if isinstance(v, (list, tuple, np.ndarray)) else v for v in frame[column]],
            index=frame.index,
            dtype=object,
        )
    for column, dtype in schema["dtypes"].items():
        if column in schema["list_columns"] or column not in frame.columns:
            continue
        if str(frame[column].dtype) != dtype:
            frame[column] = frame[column].astype(_as_dtype(dtype))
    return frame[schema["columns"]]
