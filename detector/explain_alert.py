"""``detector explain``: the raw lines, records and feature percentiles behind one alert.

This is the only place the detector hands out record identifiers, and only on
an explicit request for one alert: what a FERPA breach notice needs.  Nothing
is kept from the scan but line references (``alert_lines.parquet``, see
:mod:`detector.evidence`); the lines are re-read from the original log files
listed in ``summary.json`` and checked against what was scanned (time and
route template of every line, and its account and client address against the
alert's sessions in ``sessions.csv``), so a file that changed, was rotated or
was replaced since the scan is refused rather than explained wrongly.

Every file of the scan directory is checked as it is read (see the readers in
:mod:`detector.scan_folder`): a damaged file is an :class:`ExplainError` naming it.
Re-reading and checking the log lines is :mod:`detector.explain_lines`.
The explanation is written owner-only, never over a scanned log and never
inside the scan directory (:mod:`detector.explain_output`).

Records are the identifiers :func:`detector.routes.template_path` takes as a
request's entity.  Routes keep only a 64-bit hash of the entity text; here the
text is recovered from the URL by trying every piece that could have been it
and keeping the one whose hash is the entity's, so the list matches exactly the
records the detector counted.

Feature percentiles: session features come from ``sessions.csv``, each value
beside its percentile among the *other* sessions of the scan that have the
feature above zero (the peer definition of :class:`models.peers.PeerBaseline`);
account-day and source-day features come from ``alert_features.csv`` (the
model's own peer percentiles).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd

from detector.routes import _hash64, template_path
from detector.explain_lines import ExplainError, alert_subjects, candidate_paths, checked_lines, resolve_log
from detector.scan_folder import (INTEGER, NUMBER, TEXT, UTC_TIME, check_manifest, read_csv_table, read_json_object,
                                  read_parquet_table, read_summary_and_alerts)

#: Columns of sessions.csv that are not features.
SESSION_HEAD = ("session_id", "user", "client_ip", "user_agent", "app_session", "first_seen", "last_seen", "requests",
                "score", "rules")
#: What explain reads from the scan's tables: column -> kind (see :mod:`detector.report`).
ALERT_LINES_COLUMNS = {"alert_id": TEXT, "file_idx": INTEGER, "line_no": INTEGER, "ts": UTC_TIME, "template": TEXT}
SESSIONS_COLUMNS = {"session_id": TEXT, "user": TEXT, "client_ip": TEXT, "score": NUMBER}
ALERT_FEATURES_COLUMNS = {"alert_id": TEXT, "level": TEXT, "unit": TEXT, "feature": TEXT, "value": NUMBER,
                          "percentile": NUMBER, "peer_p50": NUMBER, "peer_p99": NUMBER}
#: sessions.csv cells read as missing: empty, and the float NaN as the scan writes it (never "NA" or "null",
#: which may be account names).
_SESSIONS_NA = ["", "nan", "NaN", "-nan"]


@dataclass
class Explanation:
    """Everything ``detector explain`` gives about one alert.

    Attributes
    ----------
    alert : dict
        The alert as in ``alerts.jsonl``.
    lines : pandas.DataFrame
        ``file``, ``line_no``, ``ts`` and ``text`` (the raw line), in file and line order.
    records : pandas.DataFrame
        One row per distinct record: ``kind`` (the URL segment or query key naming it), ``id``, ``record``
        (kind and id as the detector keys it), ``requests``, ``first_seen``, ``last_seen``.
    features : pandas.DataFrame
        ``level``, ``unit``, ``feature``, ``label``, ``value``, ``percentile``, ``peer_p50``, ``peer_p99``.
    notes : list of str
        Caveats (truncated line references, identifiers that could not be recovered).
    scan_dir : Path or None
        The scan directory explained (an explanation is never written inside it).
    sources : list of Path
        Every place a log file of the scan was found (an explanation is never written over one).
    """

    alert: dict
    lines: pd.DataFrame
    records: pd.DataFrame
    features: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    scan_dir: Path | None = None
    sources: list[Path] = field(default_factory=list)


# --- the scan directory --------------------------------------------------------------------------


def _load(scan_dir: Path, alert_id: str) -> tuple[dict, dict, dict]:
    summary, alerts = read_summary_and_alerts(scan_dir, ExplainError)
    alert = next((item for item in alerts if item["alert_id"] == alert_id), None)
    if alert is None:
        raise ExplainError(f"no alert {alert_id!r} in {scan_dir / 'alerts.jsonl'} ({len(alerts)} alert(s) there)")
    if not (scan_dir / "alert_lines.parquet").is_file():
        raise ExplainError(f"{scan_dir} has no alert_lines.parquet: it was scanned by an older version; run `detector scan` again")
    manifest: dict = {}
    manifest_path = scan_dir / "evidence.json"
    if manifest_path.is_file():
        manifest = check_manifest(read_json_object(manifest_path, ExplainError), manifest_path, ExplainError)
    return summary, alert, manifest


def _line_refs(scan_dir: Path, alert_id: str) -> pd.DataFrame:
    """The alert's rows of ``alert_lines.parquet``, checked, in file and line order."""
    path = scan_dir / "alert_lines.parquet"
    refs = read_parquet_table(path, ALERT_LINES_COLUMNS, ExplainError, filters=[("alert_id", "==", alert_id)])
    if len(refs) and (refs["file_idx"].min() < 0 or refs["line_no"].min() < 1 or refs["ts"].isna().any()):
        raise ExplainError(f"{path}: negative file index, line number below 1 or missing time; run `detector scan` again")
    # one row per request: a batched JSON line (OTLP's) holds several, with the same time and route at times
    return refs.sort_values(["file_idx", "line_no"], kind="stable")


def _read_sessions(scan_dir: Path) -> pd.DataFrame | None:
    """``sessions.csv``, checked (None when the scan has none)."""
    path = scan_dir / "sessions.csv"
    if not path.is_file():
        return None
    return read_csv_table(path, SESSIONS_COLUMNS, ExplainError, low_memory=False, keep_default_na=False,
                          na_values=_SESSIONS_NA)


# --- records --------------------------------------------------------------------------------------


def _candidates(url: str):
    """Every (kind, id, key) the routes could have taken as this URL's entity."""
    path, _, query = url.partition("?")
    path = path.split("#", 1)[0]
    segments = path.split("/")
    literals = [""]
    for segment in segments:
        forms = {segment}
        if "%" in segment:
            forms.add(unquote(segment))
        stem, dot, _ext = segment.rpartition(".")
        if dot and stem:
            forms.add(stem)
        for lit in literals:
            for form in forms:
                yield lit or "/", form, f"{lit}/{form}"
        if segment:
            literals.append(segment.lower())
    if query:
        for pair in query.split("&"):
            key, eq, value = pair.partition("=")
            if eq and value:
                for lit in literals:
                    yield f"{lit}?{key}", value, f"{lit}?{key}={value}"


def record_of(url: str) -> tuple[str, str, str] | None:
    """The record a URL touches, as ``(kind, id, key)``, or None when it touches none.

    ``key`` is the text whose hash is the request's entity in
    :func:`detector.routes.template_path` (e.g. ``students/1234567890``);
    ``kind`` is the segment or query key naming the identifier and ``id`` the
    identifier itself.

    Examples
    --------
    >>> record_of("/students/1234567890/enrollment")
    ('students', '1234567890', 'students/1234567890')
    """
    entity = template_path(url).entity
    if entity == 0:
        return None
    for kind, ident, key in _candidates(url):
        if _hash64(key) == entity:
            return kind, ident, key
    return ("?", "?", "?")


def _records(lines: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    cache: dict[str, tuple[str, str, str] | None] = {}
    rows = []
    unresolved = 0
    for path, ts in zip(lines["path"], lines["ts"]):
        if path not in cache:
            cache[path] = record_of(path)
        rec = cache[path]
        if rec is None:
            continue
        if rec[0] == "?":
            unresolved += 1
            continue
        rows.append((rec[0], rec[1], rec[2], ts))
    frame = pd.DataFrame(rows, columns=["kind", "id", "record", "ts"])
    if frame.empty:
        return pd.DataFrame(columns=["kind", "id", "record", "requests", "first_seen", "last_seen"]), unresolved
    out = (
        frame.groupby(["kind", "id", "record"], sort=False)["ts"]
        .agg(requests="size", first_seen="min", last_seen="max")
        .reset_index()
        .sort_values(["kind", "first_seen", "id"], kind="stable")
        .reset_index(drop=True)
    )
    return out, unresolved


# --- features -------------------------------------------------------------------------------------


def _session_features(sessions: pd.DataFrame | None, session_ids: list[str]) -> pd.DataFrame:
    from detector.explain import FEATURE_LABELS
    from models.peers import PeerBaseline

    if sessions is None:
        return pd.DataFrame()
    features = [c for c in sessions.columns if c not in SESSION_HEAD and pd.api.types.is_numeric_dtype(sessions[c])]
    mine = sessions["session_id"].astype(str).isin(set(session_ids)).to_numpy()
    if not mine.any() or not features:
        return pd.DataFrame()
    others = sessions.loc[~mine, features]
    peers = PeerBaseline().fit(others if len(others) else sessions.loc[:, features])
    rows_mine = sessions.loc[mine].sort_values("score", ascending=False, kind="stable")
    pct = peers.percentiles(rows_mine[features])
    p50 = {f: peers.peer_value(f, 0.5) for f in features}
    p99 = {f: peers.peer_value(f, 0.99) for f in features}
    out = []
    for i, (_, row) in enumerate(rows_mine.iterrows()):
        for f in features:
            out.append({
                "level": "session",
                "unit": row["session_id"],
                "feature": f,
                "label": FEATURE_LABELS.get(f, f),
                "value": float(row[f]) if pd.notna(row[f]) else np.nan,
                "percentile": float(pct.iloc[i][f]),
                "peer_p50": p50[f],
                "peer_p99": p99[f],
            })
    return pd.DataFrame(out)


def _unit_features(scan_dir: Path, alert_id: str) -> pd.DataFrame:
    from detector.explain import FEATURE_LABELS

    path = scan_dir / "alert_features.csv"
    if not path.is_file():
        return pd.DataFrame()
    frame = read_csv_table(path, ALERT_FEATURES_COLUMNS, ExplainError, keep_default_na=False, na_values=[""])
    frame = frame[frame["alert_id"].astype(str) == alert_id].drop(columns=["alert_id"])
    frame.insert(3, "label", [FEATURE_LABELS.get(f, f) for f in frame["feature"]])
    return frame.reset_index(drop=True)


# --- the whole explanation ------------------------------------------------------------------------


def explain_alert(
    alert_id: str,
    scan_dir: str | Path,
    log_dir: str | Path | None = None,
    log_format: str | None = None,
    jsonl_mapping: Mapping[str, str] | None = None,
) -> Explanation:
    """Re-read the lines behind one alert and list its records and feature percentiles.

    Parameters
    ----------
    alert_id : str
        As in ``alerts.jsonl``.
    scan_dir : path
        The directory ``detector scan`` wrote.
    log_dir : path, optional
        Where the source logs are now, when they were moved since the scan
        (looked up by file name).
    log_format : str, optional
        The Apache ``LogFormat`` string the scan was given (for files read as
        ``logformat``); without it the request is found as the first quoted
        ``"METHOD target"`` of the line.
    jsonl_mapping : mapping, optional
        The JSON-lines field mapping the scan was given.

    Returns
    -------
    Explanation

    Raises
    ------
    ExplainError
        Unknown alert, missing scan directory or evidence, source files moved,
        shortened or changed since the scan.
    """
    folder = Path(scan_dir)
    summary, alert, manifest = _load(folder, alert_id)
    notes: list[str] = []
    refs = _line_refs(folder, alert_id)
    info = manifest.get("alerts", {}).get(alert_id, {})
    if info.get("truncated"):
        notes.append(f"INCOMPLETE: {info['truncated']} (evidence cap); the records list covers only those lines")
    files = summary.get("files", [])
    formats = summary.get("formats", {})
    log_dir_path = Path(log_dir) if log_dir is not None else None
    sessions = _read_sessions(folder)
    subjects = alert_subjects(sessions, alert.get("session_ids", []))
    if subjects is None and len(refs):
        notes.append("the alert's sessions are not in sessions.csv: the lines' accounts and addresses were not checked "
                     "against the scan (time and route were)")
    parts = []
    for file_idx, group in refs.groupby("file_idx", sort=True):
        file_idx = int(file_idx)
        if file_idx >= len(files):
            raise ExplainError(f"{folder}/alert_lines.parquet refers to file {file_idx + 1}, but summary.json lists {len(files)}")
        name = files[file_idx]
        path = resolve_log(name, file_idx, manifest, log_dir_path)
        parts.append(checked_lines(path, name, group, formats.get(name, "combined"), subjects, log_format, jsonl_mapping))
    lines = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["file", "line_no", "ts", "text", "path"])
    records, unresolved = _records(lines)
    if unresolved:
        notes.append(f"{unresolved:,} line(s) touch a record whose identifier could not be recovered from the URL")
    features = pd.concat(
        [f for f in (_unit_features(folder, alert_id), _session_features(sessions, alert.get("session_ids", []))) if len(f)]
        or [pd.DataFrame(columns=["level", "unit", "feature", "label", "value", "percentile", "peer_p50", "peer_p99"])],
        ignore_index=True,
    )
    sources = [c for name in files for c in candidate_paths(name, manifest, log_dir_path) if c.is_file()]
    # a line holding several of the alert's requests (a batched JSON line) is shown once
    shown = lines.drop(columns=["path"]).drop_duplicates(["file", "line_no"], ignore_index=True)
    return Explanation(alert, shown, records, features, notes, scan_dir=folder, sources=sources)


__all__ = ["ExplainError", "Explanation", "explain_alert", "record_of"]
