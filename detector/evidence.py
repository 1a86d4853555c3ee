"""Per-alert evidence for ``detector report`` and ``detector explain``, without record IDs.

:func:`write_evidence` is called by the scan (:func:`detector.scan.write_outputs`)
and writes, next to ``alerts.jsonl``, what the report draws and what explain
needs to find the raw lines again.  Nothing here holds a record identifier or
its hash, a URL, or a raw line: only counts, route templates, networks, device
families and line references.

============================  ==============================================================
file                          content
============================  ==============================================================
``activity.parquet``          per alert and time bucket (UTC; 1 minute unless the alert spans
                              more than :data:`MAX_BUCKETS` minutes, see ``bucket_min``):
                              ``requests``, ``errors`` (status >= 400), ``failed_logins`` (sign-in
                              POSTs answered >= 400), ``new_records`` (records
                              first touched by the alert in that bucket), ``records_cumulative``,
                              ``networks`` (distinct /16 or /32), ``addresses``, ``user_agents``
                              (distinct device families); only buckets with requests
``lanes.parquet``             per alert, bucket, ``network`` and ``user_agent`` (family):
                              ``requests`` -- who was active when; at most :data:`MAX_LANE_NETWORKS`
                              networks and :data:`MAX_LANE_AGENTS` families per alert, the rest
                              merged into ``(other networks)`` / ``(other devices)``
``routes.csv``                per alert and route template: ``requests``, ``records`` (distinct),
                              ``errors``; the :data:`MAX_ROUTES` busiest, the rest in one
                              ``(N other templates)`` row
``alert_lines.parquet``       per alert, the lines behind it: ``file_idx`` (index into
                              ``summary.json`` ``files``), ``line_no`` (1-based), ``ts`` (UTC) and
                              ``template`` (to check that a re-read line is the one scanned);
                              at most :data:`MAX_LINES` per alert
``alert_features.csv``        per alert, the account-day (or, without an account, source-day)
                              units it rests on: ``level``, ``unit``, ``feature``, ``value``,
                              ``percentile`` among active peers, ``peer_p50``, ``peer_p99``
``evidence.json``             this table in short, the caps, per alert what was cut by a cap, and
                              the directory relative input paths were given from (``cwd``)
============================  ==============================================================
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from detector import evidence_tables as tables
from detector.io.tables import write_csv
from detector.pipeline import Analysis

EVIDENCE_VERSION = 1
#: Line references kept per alert (explain says when an alert had more).
MAX_LINES = 2_000_000
#: Time buckets per alert: 1-minute buckets up to three days, coarser beyond.
MAX_BUCKETS = 4_320
#: Route templates listed per alert.
MAX_ROUTES = 100
#: Networks and device families drawn as their own lanes per alert.
MAX_LANE_NETWORKS = 30
MAX_LANE_AGENTS = 8
#: Units of these levels are described in ``alert_features.csv``.
FEATURE_LEVELS = ("account_day", "source_day")
MAX_SOURCE_UNITS = 5

EVIDENCE_FILES = (
    "activity.parquet",
    "lanes.parquet",
    "routes.csv",
    "alert_lines.parquet",
    "alert_features.csv",
    "evidence.json",
)
ACTIVITY_COLUMNS = ["alert_id", "minute", "bucket_min", "requests", "errors", "failed_logins", "new_records",
                    "records_cumulative", "networks", "addresses", "user_agents"]
OTHER_NETWORKS = "(other networks)"
OTHER_AGENTS = "(other devices)"



def alert_positions(analysis: Analysis, session_ids: list[str], index: pd.Series | None = None) -> np.ndarray:
    """Row positions in ``analysis.data.requests`` of the given sessions' requests.

    Parameters
    ----------
    analysis : Analysis
    session_ids : list of str
        Session ids as in ``Alert.session_ids``.
    index : pandas.Series, optional
        ``session_id -> session_idx`` (built when not given).

    Returns
    -------
    numpy.ndarray
        int64 positions, session by session.
    """
    sessions = analysis.data.sessions
    if index is None:
        index = pd.Series(sessions.index.to_numpy(), index=sessions["session_id"].to_numpy())
    idx = index.reindex(session_ids).dropna().to_numpy(dtype=np.int64)
    if len(idx) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = sessions["start"].to_numpy(dtype=np.int64)[sessions.index.get_indexer(idx)]
    stops = sessions["stop"].to_numpy(dtype=np.int64)[sessions.index.get_indexer(idx)]
    lengths = stops - starts
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return offsets + np.arange(int(lengths.sum()), dtype=np.int64)


def bucket_minutes(first: pd.Timestamp, last: pd.Timestamp, max_buckets: int = MAX_BUCKETS) -> int:
    """The smallest bucket size (minutes) that covers ``first..last`` in at most ``max_buckets``."""
    return tables.bucket_minutes(first, last, max_buckets)


def _day_number(day: str) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


FEATURE_COLUMNS = ["alert_id", "level", "unit", "feature", "value", "percentile", "peer_p50", "peer_p99"]


def _features(alert, analysis: Analysis, peer_values: dict[tuple[str, str], tuple[float, float]]) -> list[tuple]:
    """The account-day / source-day feature values and peer percentiles behind one alert, as
    :data:`FEATURE_COLUMNS` rows (one frame is built for all alerts: a frame per alert cost more than the rows).

    ``peer_values`` memoises each level's and feature's peer median and 99th
    percentile across alerts (the same for every alert).
    """
    day = _day_number(alert.day)
    if alert.user is not None:
        units = [("account_day", (alert.user, day))]
    else:
        units = [("source_day", (ip, day)) for ip in alert.client_ips[:MAX_SOURCE_UNITS]]
    rows = []
    for level, unit in units:
        scored = analysis.scores.get(level)
        peers = analysis.model.peers_.get(level) if hasattr(analysis.model, "peers_") else None
        if scored is None or unit not in scored.features.index:
            continue
        pos = scored.features.index.get_loc(unit)
        values = scored.features.iloc[pos]
        pct = scored.percentiles.iloc[pos]
        for name in scored.percentiles.columns:
            if (level, name) not in peer_values:
                peer_values[level, name] = ((peers.peer_value(name, 0.5), peers.peer_value(name, 0.99))
                                            if peers is not None else (np.nan, np.nan))
            p50, p99 = peer_values[level, name]
            rows.append((alert.alert_id, level, f"{unit[0]}|{alert.day}", name, float(values[name]), float(pct[name]),
                         p50, p99))
    return rows


def _empty_like(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


def build_evidence(analysis: Analysis) -> dict[str, object]:
    """Compute every evidence table (see the module docstring) in memory.

    Parameters
    ----------
    analysis : Analysis
        Output of :func:`detector.pipeline.analyse`.

    Returns
    -------
    dict
        ``activity``, ``lanes``, ``routes``, ``alert_lines``, ``alert_features``
        (DataFrames) and ``manifest`` (dict).
    """
    requests = analysis.data.requests
    sessions = analysis.data.sessions
    index = pd.Series(sessions.index.to_numpy(), index=sessions["session_id"].to_numpy())
    cols = [c for c in tables.REQUEST_COLUMNS if c in requests.columns]
    alerts = analysis.alerts
    ids = np.array([a.alert_id for a in alerts], dtype=object)
    rows, alert = tables.alert_rows(requests, [alert_positions(analysis, a.session_ids, index) for a in alerts], cols)
    step, bucket = tables.buckets(rows, alert, len(alerts), MAX_BUCKETS)
    routes, n_templates = tables.routes_table(rows, alert, ids, MAX_ROUTES)
    lines, n_lines = tables.lines_table(rows, alert, ids, MAX_LINES)
    entity = rows["entity"].to_numpy()
    records = tables.distinct_per(alert[entity != 0], entity[entity != 0], len(alerts))
    per_alert: dict[str, dict] = {}
    for i, a in enumerate(alerts):
        n = int(n_lines[i])
        note: dict[str, object] = {"requests": n, "sessions": len(a.session_ids)}
        if n:
            note.update(bucket_min=int(step[i]), templates=int(n_templates[i]), lines=int(n_lines[i]),
                        lines_kept=int(min(n_lines[i], MAX_LINES)), records=int(records[i]))
            if n_lines[i] > MAX_LINES:
                note["truncated"] = f"only the first {MAX_LINES:,} of {int(n_lines[i]):,} lines are referenced"
        per_alert[a.alert_id] = note
    peer_values: dict[tuple[str, str], tuple[float, float]] = {}
    features = [row for a in alerts for row in _features(a, analysis, peer_values)]
    out: dict[str, object] = {
        "activity": tables.activity_table(rows, alert, ids, step, bucket, ACTIVITY_COLUMNS),
        "lanes": tables.lanes_table(rows, alert, ids, bucket, MAX_LANE_NETWORKS, MAX_LANE_AGENTS, OTHER_NETWORKS, OTHER_AGENTS),
        "routes": routes,
        "alert_lines": lines,
        "alert_features": pd.DataFrame(features, columns=FEATURE_COLUMNS) if features else None,
    }
    for name, frame in out.items():
        if frame is not None and not len(frame):
            out[name] = None
    out["manifest"] = {
        "version": EVIDENCE_VERSION,
        "cwd": os.getcwd(),
        "files": {
            "activity.parquet": "per alert and UTC time bucket: requests, errors, new and cumulative distinct records, "
            "distinct networks, addresses and device families",
            "lanes.parquet": "per alert, time bucket, network and device family: requests",
            "routes.csv": "per alert and route template: requests, distinct records, errors",
            "alert_lines.parquet": "per alert: file_idx (into summary.json files), line_no, ts, template of every line",
            "alert_features.csv": "per alert: account-day or source-day feature values and peer percentiles",
        },
        "caps": {
            "lines_per_alert": MAX_LINES,
            "buckets_per_alert": MAX_BUCKETS,
            "routes_per_alert": MAX_ROUTES,
            "lane_networks": MAX_LANE_NETWORKS,
            "lane_user_agents": MAX_LANE_AGENTS,
        },
        "alerts": per_alert,
    }
    return out


def write_evidence(out_dir: str | Path, analysis: Analysis) -> tuple[str, ...]:
    """Write the evidence files (see the module docstring) into ``out_dir``.

    Parameters
    ----------
    out_dir : path
        An existing directory (the scan's staging directory).
    analysis : Analysis
        Output of :func:`detector.pipeline.analyse`.

    Returns
    -------
    tuple of str
        The names written (:data:`EVIDENCE_FILES`), for the caller to move into
        place before ``summary.json``.
    """
    out = Path(out_dir)
    built = build_evidence(analysis)
    empty = {
        "activity": ACTIVITY_COLUMNS,
        "lanes": ["alert_id", "minute", "network", "user_agent", "requests"],
        "routes": ["alert_id", "template", "requests", "records", "errors"],
        "alert_lines": ["alert_id", "file_idx", "line_no", "ts", "template"],
        "alert_features": ["alert_id", "level", "unit", "feature", "value", "percentile", "peer_p50", "peer_p99"],
    }
    for name, columns in empty.items():
        frame = built[name]
        if frame is None:
            frame = _empty_like(columns)
        if name in ("routes", "alert_features"):
            write_csv(frame, out / f"{name}.csv")
            continue
        frame = frame.copy()
        for col in ("alert_id", "template", "network", "user_agent"):
            if col in frame.columns and len(frame):
                frame[col] = frame[col].astype("category")
        frame.to_parquet(out / f"{name}.parquet", index=False)
    with open(out / "evidence.json", "w", encoding="utf-8") as fh:
        json.dump(built["manifest"], fh, indent=1)
    return EVIDENCE_FILES


__all__ = ["EVIDENCE_FILES", "EVIDENCE_VERSION", "alert_positions", "build_evidence", "write_evidence"]
