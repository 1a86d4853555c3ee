"""Alert documents: what the live service stores and serves for each alert.

:func:`alert_documents` turns an analysis' alerts into dicts carrying, besides
the alert itself, its sessions' details and per-minute activity (counts only:
never a path or an identifier).  :class:`MemoryAlertStore` keeps them when the
streaming engine runs without a database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from detector.pipeline import Analysis
from detector.stream_types import iso_ns

__all__ = ["MAX_ACTIVITY_MINUTES", "MAX_SESSIONS_LISTED", "MemoryAlertStore", "alert_documents"]

MAX_SESSIONS_LISTED = 200
MAX_ACTIVITY_MINUTES = 2 * 24 * 60


@dataclass
class MemoryAlertStore:
    """Alert storage when the engine runs without a store."""

    docs: dict[str, dict] = field(default_factory=dict)

    def upsert_alerts(self, docs: list[dict], **_: Any) -> SimpleNamespace:
        """Keep ``docs`` by ``alert_id``; new ids are raised, none is ever withdrawn."""
        raised = [(d["kind"], d["severity"]) for d in docs if d["alert_id"] not in self.docs]
        for d in docs:
            self.docs[d["alert_id"]] = {**d, "status": "open"}
        return SimpleNamespace(raised=raised, updated=len(docs) - len(raised), withdrawn=0)


def alert_documents(analysis: Analysis, max_sessions: int = MAX_SESSIONS_LISTED) -> list[dict]:
    """Each alert as a dict plus its session details and per-minute activity.

    Activity rows carry counts only (requests, errors, distinct record
    entities): never a path or an identifier.
    """
    alerts = analysis.alerts
    if not alerts:
        return []
    data = analysis.data
    sessions = data.sessions
    requests = data.requests
    table = analysis.sessions
    sid_to_idx = pd.Series(sessions.index.to_numpy(), index=sessions["session_id"].to_numpy())
    sid_to_idx = sid_to_idx[~sid_to_idx.index.duplicated()]
    starts = sessions["start"].to_numpy(dtype=np.int64)
    stops = sessions["stop"].to_numpy(dtype=np.int64)
    ts_ns = requests["ts"].array.asi8 if len(requests) else np.zeros(0, dtype=np.int64)
    status = requests["status"].to_numpy() if "status" in requests else np.zeros(len(requests))
    entity = requests["entity"] if "entity" in requests.columns else None
    entity_values = entity.to_numpy() if entity is not None else None
    cols = [c for c in ("session_id", "client_ip", "user_agent", "first_seen", "last_seen", "requests", "score", "rules") if c in table.columns]
    docs = []
    for alert in alerts:
        doc = alert.to_dict()
        idx = sid_to_idx.reindex(alert.session_ids).dropna().astype(np.int64).to_numpy()
        listed = table.loc[table.index.intersection(idx[:max_sessions]), cols]
        doc["sessions"] = _records(listed)
        if len(idx):
            pos = np.concatenate([np.arange(starts[i], stops[i]) for i in idx])
            doc["activity"] = _activity(ts_ns[pos], status[pos] >= 400, None if entity is None else entity_values[pos])
        else:
            doc["activity"] = []
        docs.append(doc)
    return docs


def _activity(ts_ns: np.ndarray, error: np.ndarray, entity: np.ndarray | None) -> list[dict]:
    """Per minute (the last :data:`MAX_ACTIVITY_MINUTES`): requests, errors and distinct records named."""
    minutes, inverse = np.unique(ts_ns // 60_000_000_000, return_inverse=True)
    requests = np.bincount(inverse, minlength=len(minutes))
    errors = np.bincount(inverse, weights=error.astype(np.float64), minlength=len(minutes))
    distinct = None
    if entity is not None:
        named = entity != 0  # 0: the request names no record
        m, e = inverse[named], entity[named]
        order = np.lexsort((e, m))
        m, e = m[order], e[order]
        first = np.ones(len(m), dtype=bool)
        first[1:] = (m[1:] != m[:-1]) | (e[1:] != e[:-1])
        distinct = np.bincount(m[first], minlength=len(minutes))
    keep = slice(max(len(minutes) - MAX_ACTIVITY_MINUTES, 0), None)
    out = []
    for i in range(len(minutes))[keep]:
        row = {"minute": iso_ns(int(minutes[i]) * 60_000_000_000), "requests": int(requests[i]), "errors": int(errors[i])}
        if distinct is not None:
            row["distinct_entities"] = int(distinct[i])
        out.append(row)
    return out


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for rec in frame.to_dict(orient="records"):
        clean = {}
        for k, v in rec.items():
            if isinstance(v, (np.integer,)):
                v = int(v)
            elif isinstance(v, (np.floating, float)):
                v = None if math.isnan(float(v)) else float(v)
            elif isinstance(v, pd.Timestamp):
                v = v.strftime("%Y-%m-%dT%H:%M:%SZ")
            clean[k] = v
        out.append(clean)
    return out
