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
#: Bucket sizes (minutes) tried in order when an alert is too long for 1-minute buckets.
_BUCKET_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 240, 720, 1440)
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

_COLUMNS = ["ts", "entity", "net_wide", "client_ip", "ua_family", "template", "status", "method", "is_login",
            "file_idx", "line_no"]


def _labels(values: pd.Series) -> np.ndarray:
    """Plain strings of a (possibly categorical) column as an object array; missing becomes ''."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = np.asarray(values.cat.categories.astype(object), dtype=object)
        return np.append(cats, "")[values.cat.codes.to_numpy()]  # code -1 (missing) picks the ''
    arr = values.to_numpy(dtype=object, copy=True)
    arr[pd.isna(arr)] = ""
    return arr


def _codes(values: pd.Series) -> np.ndarray:
    return pd.factorize(values, use_na_sentinel=False)[0] if len(values) else np.zeros(0, dtype=np.int64)


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
    span_min = max((last - first).total_seconds() / 60.0, 0.0)
    for step in _BUCKET_STEPS:
        if span_min / step < max_buckets:
            return step
    return int(np.ceil(span_min / max_buckets / 1440.0)) * 1440


def _failed_logins(req: pd.DataFrame) -> np.ndarray:
    """Failed sign-ins as the features count them: a POST to a sign-in route answered with status >= 400."""
    if "is_login" not in req.columns or "method" not in req.columns:
        return np.zeros(len(req), dtype=bool)
    method = req["method"].astype(object).to_numpy()
    return req["is_login"].to_numpy(dtype=bool) & (method == "POST") & (req["status"].to_numpy() >= 400)


def _activity(alert_id: str, req: pd.DataFrame, bucket: pd.Series, step: int) -> pd.DataFrame:
    entity = req["entity"].to_numpy()
    first_touch = (~pd.Series(entity).duplicated().to_numpy()) & (entity != 0)
    frame = pd.DataFrame(
        {
            "minute": bucket.array,
            "new": first_touch,
            "err": req["status"].to_numpy() >= 400,
            "fail": _failed_logins(req),
            "net": _codes(req["net_wide"]),
            "ip": _codes(req["client_ip"]),
            "ua": _codes(req["ua_family"]),
        }
    )
    g = frame.groupby("minute", sort=True)
    out = pd.DataFrame(
        {
            "requests": g.size(),
            "errors": g["err"].sum(),
            "failed_logins": g["fail"].sum(),
            "new_records": g["new"].sum(),
            "networks": g["net"].nunique(),
            "addresses": g["ip"].nunique(),
            "user_agents": g["ua"].nunique(),
        }
    )
    out["records_cumulative"] = out["new_records"].cumsum()
    out = out.reset_index()
    out.insert(0, "alert_id", alert_id)
    out.insert(2, "bucket_min", step)
    return out[ACTIVITY_COLUMNS]


def _top_or_other(labels: np.ndarray, counts_by: np.ndarray, keep: int, other: str) -> np.ndarray:
    totals = pd.Series(counts_by).groupby(labels).sum().sort_values(ascending=False, kind="stable")
    if len(totals) <= keep:
        return labels
    return np.where(pd.Index(totals.index[:keep]).get_indexer(labels) >= 0, labels, other).astype(object)


def _lanes(alert_id: str, req: pd.DataFrame, bucket: pd.Series) -> pd.DataFrame:
    nets = _labels(req["net_wide"])
    agents = _labels(req["ua_family"])
    ones = np.ones(len(req), dtype=np.int64)
    nets = _top_or_other(nets, ones, MAX_LANE_NETWORKS, OTHER_NETWORKS)
    agents = _top_or_other(agents, ones, MAX_LANE_AGENTS, OTHER_AGENTS)
    frame = pd.DataFrame({"minute": bucket.array, "network": nets, "user_agent": agents})
    out = frame.groupby(["minute", "network", "user_agent"], sort=True).size().rename("requests").reset_index()
    out.insert(0, "alert_id", alert_id)
    return out


def _routes(alert_id: str, req: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    frame = pd.DataFrame(
        {
            "template": _labels(req["template"]),
            "entity": req["entity"].to_numpy(),
            "err": req["status"].to_numpy() >= 400,
        }
    )
    g = frame.groupby("template", sort=False)
    touched = frame.loc[frame["entity"].to_numpy() != 0, ["template", "entity"]].drop_duplicates()
    out = pd.DataFrame({"requests": g.size(), "errors": g["err"].sum()})
    out.insert(1, "records", touched.groupby("template", sort=False).size().reindex(out.index, fill_value=0).astype(np.int64))
    out = out.sort_values(["requests", "records"], ascending=False, kind="stable").reset_index()
    total = len(out)
    if total > MAX_ROUTES:
        rest = out.iloc[MAX_ROUTES:]
        rest_entities = frame["entity"].to_numpy()[frame["template"].isin(set(rest["template"])).to_numpy()]
        other_records = int(np.unique(rest_entities[rest_entities != 0]).size)
        out = pd.concat(
            [
                out.iloc[:MAX_ROUTES],
                pd.DataFrame(
                    {
                        "template": [f"({total - MAX_ROUTES} other templates)"],
                        "requests": [int(rest["requests"].sum())],
                        "records": [other_records],
                        "errors": [int(rest["errors"].sum())],
                    }
                ),
            ],
            ignore_index=True,
        )
    out.insert(0, "alert_id", alert_id)
    return out, total


def _lines(alert_id: str, req: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    out = pd.DataFrame(
        {
            "file_idx": req["file_idx"].to_numpy(dtype=np.int32),
            "line_no": req["line_no"].to_numpy(dtype=np.int64),
            "ts": req["ts"].array,
            "template": _labels(req["template"]),
        }
    ).sort_values(["file_idx", "line_no"], kind="stable")
    total = len(out)
    out = out.iloc[:MAX_LINES]
    out.insert(0, "alert_id", alert_id)
    return out, total


def _day_number(day: str) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


def _features(alert, analysis: Analysis) -> pd.DataFrame:
    """The account-day / source-day feature values and peer percentiles behind one alert."""
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
            rows.append(
                {
                    "alert_id": alert.alert_id,
                    "level": level,
                    "unit": f"{unit[0]}|{alert.day}",
                    "feature": name,
                    "value": float(values[name]),
                    "percentile": float(pct[name]),
                    "peer_p50": peers.peer_value(name, 0.5) if peers is not None else np.nan,
                    "peer_p99": peers.peer_value(name, 0.99) if peers is not None else np.nan,
                }
            )
    return pd.DataFrame(rows, columns=["alert_id", "level", "unit", "feature", "value", "percentile", "peer_p50", "peer_p99"])


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
    cols = [c for c in _COLUMNS if c in requests.columns]
    parts: dict[str, list[pd.DataFrame]] = {k: [] for k in ("activity", "lanes", "routes", "alert_lines", "alert_features")}
    per_alert: dict[str, dict] = {}
    for alert in analysis.alerts:
        pos = alert_positions(analysis, alert.session_ids, index)
        req = requests.iloc[pos][cols]
        # time order within the alert, sessions interleaved (stable: session order breaks ties)
        req = req.iloc[np.argsort(req["ts"].array.asi8, kind="stable")]
        note: dict[str, object] = {"requests": int(len(req)), "sessions": len(alert.session_ids)}
        if len(req):
            step = bucket_minutes(req["ts"].iloc[0], req["ts"].iloc[-1])
            bucket = req["ts"].dt.floor(f"{step}min")
            parts["activity"].append(_activity(alert.alert_id, req, bucket, step))
            parts["lanes"].append(_lanes(alert.alert_id, req, bucket))
            routes, n_templates = _routes(alert.alert_id, req)
            parts["routes"].append(routes)
            lines, n_lines = _lines(alert.alert_id, req)
            parts["alert_lines"].append(lines)
            note.update(bucket_min=step, templates=n_templates, lines=n_lines, lines_kept=int(len(lines)),
                        records=int(np.unique(req["entity"].to_numpy()[req["entity"].to_numpy() != 0]).size))
            if n_lines > MAX_LINES:
                note["truncated"] = f"only the first {MAX_LINES:,} of {n_lines:,} lines are referenced"
        parts["alert_features"].append(_features(alert, analysis))
        per_alert[alert.alert_id] = note
    tables: dict[str, object] = {}
    for name, frames in parts.items():
        frames = [f for f in frames if len(f)]
        tables[name] = pd.concat(frames, ignore_index=True) if frames else None
    tables["manifest"] = {
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
    return tables


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
    tables = build_evidence(analysis)
    empty = {
        "activity": ACTIVITY_COLUMNS,
        "lanes": ["alert_id", "minute", "network", "user_agent", "requests"],
        "routes": ["alert_id", "template", "requests", "records", "errors"],
        "alert_lines": ["alert_id", "file_idx", "line_no", "ts", "template"],
        "alert_features": ["alert_id", "level", "unit", "feature", "value", "percentile", "peer_p50", "peer_p99"],
    }
    for name, columns in empty.items():
        frame = tables[name]
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
        json.dump(tables["manifest"], fh, indent=1)
    return EVIDENCE_FILES


__all__ = ["EVIDENCE_FILES", "EVIDENCE_VERSION", "alert_positions", "build_evidence", "write_evidence"]
