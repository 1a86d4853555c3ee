"""One builder of records frames for tests (the canonical columns of :mod:`detector.schema`).

A test lists its requests as small dicts that give only what matters to it; every other column
takes a default (one Chrome client at ``10.0.0.1``, ``GET /`` answered 200 with 100 bytes, no user,
referer or application session, no UTC offset on the line)::

    from tests.detector.records import make_records

    frame = make_records([{"m": 0}, {"m": 5, "user": "ana"}], t0=T0)            # minutes after T0
    frame = make_records([{"s": 0}, {"s": 2.5}], t0=T0, client_ip="10.1.0.5")   # seconds; other defaults
    frame = enriched_records(rows, t0=T0, timezone="America/Los_Angeles")      # also enriched

A row's time is ``ts`` itself, or ``t0`` plus ``m`` minutes or ``s`` seconds.  ``line_no`` is the
row's 1-based position unless the row gives one.  Keyword defaults replace the built-in ones for
every row; a row's own keys win over both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from detector.enrich import enrich_records
from detector.schema import coerce_records

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)

#: Every record column but ``ts`` and ``line_no``, with the value a row gets when it does not say.
DEFAULTS: dict[str, object] = {
    "utc_offset_min": np.nan,
    "client_ip": "10.0.0.1",
    "user": None,
    "method": "GET",
    "path": "/",
    "status": 200,
    "bytes": 100,
    "referer": None,
    "user_agent": CHROME,
    "app_session": None,
    "duration_ms": np.nan,
    "file_idx": 0,
}

_OFFSETS = {"m": "minutes", "s": "seconds"}


def record_rows(rows: Iterable[Mapping], t0: pd.Timestamp | None = None, **defaults) -> list[dict]:
    """The rows as complete record dicts (before dtype coercion); see the module docstring."""
    unknown = set(defaults) - set(DEFAULTS) - {"ts", "line_no"}
    if unknown:
        raise TypeError(f"not record columns: {', '.join(sorted(unknown))}")
    base = {**DEFAULTS, **defaults}
    out = []
    for i, row in enumerate(rows):
        row = dict(row)
        offsets = {unit: row.pop(key) for key, unit in _OFFSETS.items() if key in row}
        if offsets:
            if t0 is None:
                raise ValueError("a row gives minutes or seconds but no t0 was given")
            row["ts"] = t0 + pd.Timedelta(**offsets)
        out.append({**base, "line_no": i + 1, **row})
    return out


def make_records(rows: Iterable[Mapping], t0: pd.Timestamp | None = None, **defaults) -> pd.DataFrame:
    """A records frame in the canonical columns and dtypes (:func:`detector.schema.coerce_records`)."""
    return coerce_records(pd.DataFrame(record_rows(rows, t0, **defaults)))


def enriched_records(
    rows: Iterable[Mapping], t0: pd.Timestamp | None = None, timezone: str | None = None, **defaults
) -> pd.DataFrame:
    """:func:`make_records`, enriched with networks and local time (:func:`detector.enrich.enrich_records`)."""
    return enrich_records(make_records(rows, t0, **defaults), timezone=timezone)
