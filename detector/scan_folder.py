"""Read a scan folder back, checking every file: what ``detector report`` and ``detector explain`` read.

A damaged or hand-edited file is a one-line error naming the file and what
is wrong (raised as the caller's error type: :class:`ReportError` for the
report, ``ExplainError`` for explain), never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd


class ReportError(Exception):
    """The scan directory cannot be reported on (one-line message)."""


#: Column kinds checked when a scan's tables are read.
TEXT, INTEGER, NUMBER, UTC_TIME = "text", "integer", "number", "UTC time"
#: What ``detector report`` reads from each evidence table: column -> kind (optional columns apart).
ACTIVITY_COLUMNS = {"alert_id": TEXT, "minute": UTC_TIME, "requests": NUMBER, "records_cumulative": NUMBER}
ACTIVITY_OPTIONAL = {c: NUMBER for c in ("bucket_min", "errors", "failed_logins", "new_records", "networks", "addresses",
                                         "user_agents")}
LANES_COLUMNS = {"alert_id": TEXT, "minute": UTC_TIME, "network": TEXT, "user_agent": TEXT, "requests": NUMBER}
ROUTES_COLUMNS = {"alert_id": TEXT, "template": TEXT, "requests": NUMBER, "records": NUMBER, "errors": NUMBER}
#: The scan's own files: a report (or an explanation) is never written over one of them.
SCAN_FILES = ("alerts.jsonl", "sessions.csv", "summary.json", "activity.parquet", "lanes.parquet", "routes.csv",
              "alert_lines.parquet", "alert_features.csv", "evidence.json")
#: Where ``detector report`` writes by default, inside the scan directory.
REPORT_NAME = "report.html"
RESCAN_HINT = "; run `detector scan` again"
_ALERT_TEXT = ("kind", "severity", "user", "day", "first_seen", "last_seen", "campaign")
_ALERT_LISTS = ("client_ips", "user_agents", "session_ids", "reasons", "rules", "other_accounts")


def one_line(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_type(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return "true/false/null"
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "a number")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)


def read_json_object(path: Path, error: type[Exception]) -> dict:
    """Read a JSON file that must hold one object.

    Raises
    ------
    error
        The file cannot be read, is not JSON, or holds something else than an object.
    """
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # ValueError: JSONDecodeError, UnicodeDecodeError
        raise error(f"{path}: not readable JSON ({one_line(exc)}){RESCAN_HINT}") from None
    if not isinstance(value, dict):
        raise error(f"{path}: expected a JSON object, found {_json_type(value)}{RESCAN_HINT}")
    return value


def check_summary(summary: dict, path: Path, error: type[Exception]) -> dict:
    """Check the fields of ``summary.json`` that the report and explain read; return it.

    Raises
    ------
    error
        A field has the wrong type (named).
    """
    def bad(field: str, what: str) -> Exception:
        return error(f"{path}: {field} must be {what}{RESCAN_HINT}")

    for field, item in (("files", str), ("warnings", None), ("rejected_samples", dict), ("suppressed", dict)):
        value = summary.get(field, [])
        if not isinstance(value, list) or (item is not None and not all(isinstance(v, item) for v in value)):
            raise bad(field, "an array" + ({str: " of strings", dict: " of objects"}.get(item, "")))
    for field in ("formats", "alerts_by_kind", "alerts_by_severity", "rejected_by_reason"):
        if not isinstance(summary.get(field, {}), dict):
            raise bad(field, "an object")
    if not all(isinstance(v, str) for v in summary.get("formats", {}).values()):
        raise bad("formats", "an object of format names")
    for field in ("elapsed_seconds", "lines_per_second"):
        if summary.get(field) is not None and not _is_number(summary[field]):
            raise bad(field, "a number")
    return summary


def check_alert(item: object, where: str, error: type[Exception]) -> dict:
    """Check one alert of ``alerts.jsonl`` (``where`` is ``FILE:LINE``); return it.

    Raises
    ------
    error
        Not an object, no ``alert_id``, a score that is not a number, or a
        field of the wrong type (named).
    """
    if not isinstance(item, dict):
        raise error(f"{where}: expected a JSON object, found {_json_type(item)}{RESCAN_HINT}")
    if not isinstance(item.get("alert_id"), str) or not item["alert_id"]:
        raise error(f"{where}: no alert_id{RESCAN_HINT}")
    if "score" in item and not _is_number(item["score"]):
        raise error(f"{where}: score is not a number{RESCAN_HINT}")
    for field in _ALERT_TEXT:
        if item.get(field) is not None and not isinstance(item[field], str):
            raise error(f"{where}: {field} must be a string{RESCAN_HINT}")
    for field in _ALERT_LISTS:
        value = item.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise error(f"{where}: {field} must be an array of strings{RESCAN_HINT}")
    return item


def read_alerts(path: Path, error: type[Exception]) -> list[dict]:
    """Read ``alerts.jsonl``: one checked alert per non-blank line.

    Raises
    ------
    FileNotFoundError
        The file is missing (the caller words it).
    error
        The file cannot be read or a line is not a valid alert (line number named).
    """
    alerts = []
    try:
        with open(path, encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except ValueError as exc:
                    raise error(f"{path}:{line_no}: not valid JSON ({one_line(exc)}){RESCAN_HINT}") from None
                alerts.append(check_alert(item, f"{path}:{line_no}", error))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read ({one_line(exc)})") from None
    return alerts


def check_manifest(manifest: dict, path: Path, error: type[Exception]) -> dict:
    """Check the fields of ``evidence.json`` that the report and explain read; return it.

    Raises
    ------
    error
        A field has the wrong type (named).
    """
    if manifest.get("cwd") is not None and not isinstance(manifest["cwd"], str):
        raise error(f"{path}: cwd must be a string{RESCAN_HINT}")
    per_alert = manifest.get("alerts", {})
    if not isinstance(per_alert, dict) or not all(isinstance(v, dict) for v in per_alert.values()):
        raise error(f"{path}: alerts must be an object of objects{RESCAN_HINT}")
    for aid, note in per_alert.items():
        for field in ("requests", "records"):
            if field in note and not _is_number(note[field]):
                raise error(f"{path}: alerts.{aid}.{field} must be a number{RESCAN_HINT}")
        if note.get("truncated") is not None and not isinstance(note["truncated"], str):
            raise error(f"{path}: alerts.{aid}.truncated must be a string{RESCAN_HINT}")
    return manifest


def _arrow_kind(arrow_type, kind: str) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if kind == TEXT:
        return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
    if kind == INTEGER:
        return pa.types.is_integer(arrow_type)
    if kind == NUMBER:
        return pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type)
    return pa.types.is_timestamp(arrow_type) and arrow_type.tz is not None


def read_parquet_table(path: Path, columns: dict[str, str], error: type[Exception], optional: dict[str, str] | None = None,
                       filters: list | None = None) -> pd.DataFrame:
    """Read a Parquet evidence table, checking its columns first.

    Parameters
    ----------
    path : Path
        The file.
    columns : dict of str to str
        Required columns and their kind (:data:`TEXT`, :data:`INTEGER`,
        :data:`NUMBER`, :data:`UTC_TIME`).
    error : type
        The exception raised, with a one-line message naming the file.
    optional : dict of str to str, optional
        Columns checked only when present.
    filters : list, optional
        Row filters for :func:`pandas.read_parquet`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    error
        Not a Parquet file (or damaged), a column missing or of the wrong kind.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        rows = pq.read_metadata(path).num_rows
    except (pa.ArrowException, OSError) as exc:
        raise error(f"{path}: not a Parquet file, or damaged ({one_line(exc, 80)}){RESCAN_HINT}") from None
    names = set(schema.names)
    missing = [c for c in columns if c not in names]
    if missing:
        raise error(f"{path}: missing column {', '.join(missing)}{RESCAN_HINT}")
    for name, kind in {**(optional or {}), **columns}.items():
        if name not in names:
            continue
        arrow_type = schema.field(name).type
        if not (_arrow_kind(arrow_type, kind) or (rows == 0 and pa.types.is_null(arrow_type))):
            raise error(f"{path}: column {name} holds {arrow_type}, expected {kind}{RESCAN_HINT}")
    try:
        return pd.read_parquet(path, filters=filters)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise error(f"{path}: damaged Parquet file ({one_line(exc, 80)}){RESCAN_HINT}") from None


def read_csv_table(path: Path, columns: dict[str, str], error: type[Exception], **read_csv: object) -> pd.DataFrame:
    """Read a CSV table of the scan, checking that its columns are there and numeric ones are numbers.

    Parameters
    ----------
    path : Path
        The file.
    columns : dict of str to str
        Required columns and their kind; :data:`INTEGER` and :data:`NUMBER`
        columns are converted to numbers (empty cells become NaN).
    error : type
        The exception raised, with a one-line message naming the file.
    **read_csv
        Passed to :func:`pandas.read_csv`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    error
        Not a readable CSV file, a column missing, or a non-number in a numeric column.
    """
    # a text column stays text: numeric account names (uid 4821) must not come back as 4821.0
    text = {name: "str" for name, kind in columns.items() if kind == TEXT}
    read_csv = {**read_csv, "dtype": {**text, **dict(read_csv.get("dtype") or {})}}
    try:
        frame = pd.read_csv(path, **read_csv)
    except (ValueError, OSError) as exc:  # ParserError, EmptyDataError and UnicodeDecodeError are ValueErrors
        raise error(f"{path}: not a readable CSV table ({one_line(exc, 80)}){RESCAN_HINT}") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise error(f"{path}: missing column {', '.join(missing)}{RESCAN_HINT}")
    for name, kind in columns.items():
        if kind not in (INTEGER, NUMBER) or pd.api.types.is_numeric_dtype(frame[name]):
            continue
        raw = frame[name]
        values = pd.to_numeric(raw, errors="coerce")
        blank = raw.isna() | (raw.astype(str).str.strip() == "")
        wrong = np.flatnonzero(values.isna().to_numpy() & ~blank.to_numpy())
        if len(wrong):
            raise error(f"{path}: column {name} holds a value that is not a number (data row {int(wrong[0]) + 1}){RESCAN_HINT}")
        frame[name] = values
    return frame


def read_summary_and_alerts(folder: Path, error: type[Exception]) -> tuple[dict, list[dict]]:
    """A finished scan's ``summary.json`` and ``alerts.jsonl``, both checked.

    Raises
    ------
    error
        ``folder`` is not a directory, either file is missing, or one is damaged.
    """
    if not folder.is_dir():
        raise error(f"scan directory {folder} not found")
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise error(f"{folder} has no summary.json: not a finished `detector scan` output")
    summary = check_summary(read_json_object(summary_path, error), summary_path, error)
    try:
        alerts = read_alerts(folder / "alerts.jsonl", error)
    except FileNotFoundError:
        raise error(f"{folder} has no alerts.jsonl") from None
    return summary, alerts


def load_scan(scan_dir: str | Path) -> dict:
    """Read a scan directory, checking every file it reads.

    Parameters
    ----------
    scan_dir : path
        A directory written by ``detector scan``.

    Returns
    -------
    dict
        ``summary`` (dict), ``alerts`` (list of dict), ``activity``, ``lanes``,
        ``routes`` (DataFrames or None when the scan has no evidence files),
        ``manifest`` (dict) and ``dir`` (Path).

    Raises
    ------
    ReportError
        The directory or its ``summary.json``/``alerts.jsonl`` is missing, or a
        file is unreadable or damaged (named, with what is wrong).
    """
    folder = Path(scan_dir)
    summary, alerts = read_summary_and_alerts(folder, ReportError)
    data: dict = {"dir": folder, "summary": summary, "alerts": alerts, "manifest": {}}
    for name, columns, optional in (("activity", ACTIVITY_COLUMNS, ACTIVITY_OPTIONAL), ("lanes", LANES_COLUMNS, None)):
        path = folder / f"{name}.parquet"
        data[name] = read_parquet_table(path, columns, ReportError, optional=optional) if path.is_file() else None
    routes = folder / "routes.csv"
    data["routes"] = read_csv_table(routes, ROUTES_COLUMNS, ReportError, keep_default_na=False) if routes.is_file() else None
    manifest = folder / "evidence.json"
    if manifest.is_file():
        data["manifest"] = check_manifest(read_json_object(manifest, ReportError), manifest, ReportError)
    for name in ("activity", "lanes", "routes"):
        frame = data[name]
        if frame is not None and "alert_id" in frame.columns:
            frame["alert_id"] = frame["alert_id"].astype(str)
    activity = data["activity"]
    if activity is not None and "bucket_min" in activity.columns and len(activity) and not (activity["bucket_min"] >= 1).all():
        raise ReportError(f"{folder / 'activity.parquet'}: column bucket_min must be a whole number of minutes >= 1{RESCAN_HINT}")
    return data


__all__ = ["INTEGER", "NUMBER", "REPORT_NAME", "RESCAN_HINT", "SCAN_FILES", "TEXT", "UTC_TIME", "ReportError", "check_alert",
           "check_manifest", "check_summary", "load_scan", "one_line", "read_alerts", "read_csv_table", "read_json_object",
           "read_parquet_table", "read_summary_and_alerts"]
