"""``detector report``: one self-contained HTML file from a scan directory.

The report reads what ``detector scan`` wrote (``summary.json``,
``alerts.jsonl`` and the evidence files of :mod:`detector.evidence`) and
renders summary figures, the alerts ranked, and for each alert its timeline
(requests per minute, distinct records over time, networks and devices over
time), its reasons and the route templates it touched.

The file opens with no network: plots are PNGs drawn with matplotlib and
embedded as base64, the style sheet and the one small script are inline, and a
Content-Security-Policy forbids loading anything else (the script is allowed
by its hash only).  Every text that came from a log (accounts, user agents,
addresses, templates, reasons) is HTML-escaped, and matplotlib is told not to
read ``$...$`` in it as mathematics.  The report holds no record IDs: those
only come out of ``detector explain``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
from html import escape
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

ASSETS = Path(__file__).resolve().parent / "report_assets"
SEVERITY_ORDER = ("critical", "high", "medium", "low")
KIND_LABEL = {"scraping": "scraping", "credential_sharing": "credential sharing", "brute_force": "brute force"}
#: Per-alert lists shown in full up to this length.
MAX_LISTED = 20


class ReportError(Exception):
    """The scan directory cannot be reported on (one-line message)."""


def e(value: object) -> str:
    """HTML-escape any value (quotes included); None becomes ''."""
    return "" if value is None else escape(str(value), quote=True)


def _plain(text: object, limit: int = 80) -> str:
    """Text safe for a matplotlib label: no control characters, bounded length."""
    s = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return s if len(s) <= limit else s[: limit - 1] + "…"


# --- reading the scan ---------------------------------------------------------------------------
#
# Every file of a scan directory is checked as it is read: a damaged or hand-edited file is a one-line
# error naming the file and what is wrong (raised as the caller's error type), never a traceback.
# ``detector explain`` reads the same files with these functions.

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
_RESCAN = "; run `detector scan` again"
_ALERT_TEXT = ("kind", "severity", "user", "day", "first_seen", "last_seen")
_ALERT_LISTS = ("client_ips", "user_agents", "session_ids", "reasons", "rules")


def _one_line(exc: BaseException, limit: int = 160) -> str:
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
        raise error(f"{path}: not readable JSON ({_one_line(exc)}){_RESCAN}") from None
    if not isinstance(value, dict):
        raise error(f"{path}: expected a JSON object, found {_json_type(value)}{_RESCAN}")
    return value


def check_summary(summary: dict, path: Path, error: type[Exception]) -> dict:
    """Check the fields of ``summary.json`` that the report and explain read; return it.

    Raises
    ------
    error
        A field has the wrong type (named).
    """
    def bad(field: str, what: str) -> Exception:
        return error(f"{path}: {field} must be {what}{_RESCAN}")

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
        raise error(f"{where}: expected a JSON object, found {_json_type(item)}{_RESCAN}")
    if not isinstance(item.get("alert_id"), str) or not item["alert_id"]:
        raise error(f"{where}: no alert_id{_RESCAN}")
    if "score" in item and not _is_number(item["score"]):
        raise error(f"{where}: score is not a number{_RESCAN}")
    for field in _ALERT_TEXT:
        if item.get(field) is not None and not isinstance(item[field], str):
            raise error(f"{where}: {field} must be a string{_RESCAN}")
    for field in _ALERT_LISTS:
        value = item.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise error(f"{where}: {field} must be an array of strings{_RESCAN}")
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
                    raise error(f"{path}:{line_no}: not valid JSON ({_one_line(exc)}){_RESCAN}") from None
                alerts.append(check_alert(item, f"{path}:{line_no}", error))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read ({_one_line(exc)})") from None
    return alerts


def check_manifest(manifest: dict, path: Path, error: type[Exception]) -> dict:
    """Check the fields of ``evidence.json`` that the report and explain read; return it.

    Raises
    ------
    error
        A field has the wrong type (named).
    """
    if manifest.get("cwd") is not None and not isinstance(manifest["cwd"], str):
        raise error(f"{path}: cwd must be a string{_RESCAN}")
    per_alert = manifest.get("alerts", {})
    if not isinstance(per_alert, dict) or not all(isinstance(v, dict) for v in per_alert.values()):
        raise error(f"{path}: alerts must be an object of objects{_RESCAN}")
    for aid, note in per_alert.items():
        for field in ("requests", "records"):
            if field in note and not _is_number(note[field]):
                raise error(f"{path}: alerts.{aid}.{field} must be a number{_RESCAN}")
        if note.get("truncated") is not None and not isinstance(note["truncated"], str):
            raise error(f"{path}: alerts.{aid}.truncated must be a string{_RESCAN}")
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
        raise error(f"{path}: not a Parquet file, or damaged ({_one_line(exc, 80)}){_RESCAN}") from None
    names = set(schema.names)
    missing = [c for c in columns if c not in names]
    if missing:
        raise error(f"{path}: missing column {', '.join(missing)}{_RESCAN}")
    for name, kind in {**(optional or {}), **columns}.items():
        if name not in names:
            continue
        arrow_type = schema.field(name).type
        if not (_arrow_kind(arrow_type, kind) or (rows == 0 and pa.types.is_null(arrow_type))):
            raise error(f"{path}: column {name} holds {arrow_type}, expected {kind}{_RESCAN}")
    try:
        return pd.read_parquet(path, filters=filters)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise error(f"{path}: damaged Parquet file ({_one_line(exc, 80)}){_RESCAN}") from None


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
    try:
        frame = pd.read_csv(path, **read_csv)
    except (ValueError, OSError) as exc:  # ParserError, EmptyDataError and UnicodeDecodeError are ValueErrors
        raise error(f"{path}: not a readable CSV table ({_one_line(exc, 80)}){_RESCAN}") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise error(f"{path}: missing column {', '.join(missing)}{_RESCAN}")
    for name, kind in columns.items():
        if kind not in (INTEGER, NUMBER) or pd.api.types.is_numeric_dtype(frame[name]):
            continue
        raw = frame[name]
        values = pd.to_numeric(raw, errors="coerce")
        blank = raw.isna() | (raw.astype(str).str.strip() == "")
        wrong = np.flatnonzero(values.isna().to_numpy() & ~blank.to_numpy())
        if len(wrong):
            raise error(f"{path}: column {name} holds a value that is not a number (data row {int(wrong[0]) + 1}){_RESCAN}")
        frame[name] = values
    return frame


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
    if not folder.is_dir():
        raise ReportError(f"scan directory {folder} not found")
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise ReportError(f"{folder} has no summary.json: not a finished `detector scan` output")
    summary = check_summary(read_json_object(summary_path, ReportError), summary_path, ReportError)
    try:
        alerts = read_alerts(folder / "alerts.jsonl", ReportError)
    except FileNotFoundError:
        raise ReportError(f"{folder} has no alerts.jsonl") from None
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
        raise ReportError(f"{folder / 'activity.parquet'}: column bucket_min must be a whole number of minutes >= 1{_RESCAN}")
    return data


# --- plots --------------------------------------------------------------------------------------


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _dense(activity: pd.DataFrame, step: int) -> pd.DataFrame:
    """Activity on every bucket between the first and the last (gaps filled with zeros)."""
    act = activity.set_index("minute").sort_index()
    full = pd.date_range(act.index[0], act.index[-1], freq=f"{step}min")
    dense = act.reindex(full)
    for col in ("requests", "errors", "failed_logins", "new_records", "networks", "addresses", "user_agents"):
        if col not in dense.columns:
            dense[col] = 0
        dense[col] = dense[col].fillna(0)
    dense["records_cumulative"] = dense["records_cumulative"].ffill().fillna(0)
    return dense


def timeline_png(activity: pd.DataFrame, lanes: pd.DataFrame | None) -> str:
    """One alert's timeline as a base64 PNG: four panels sharing the UTC time axis.

    Parameters
    ----------
    activity : pandas.DataFrame
        The alert's rows of ``activity.parquet``.
    lanes : pandas.DataFrame or None
        The alert's rows of ``lanes.parquet``.

    Returns
    -------
    str
        Base64 PNG data.
    """
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    step = int(activity["bucket_min"].iloc[0]) if "bucket_min" in activity.columns else 1
    dense = _dense(activity, step)
    x = dense.index.tz_convert("UTC").tz_localize(None).to_numpy()
    width = np.timedelta64(step, "m")
    networks = []
    if lanes is not None and len(lanes):
        networks = list(lanes.groupby("network", observed=True)["requests"].sum().sort_values(ascending=False).index)
    lane_height = 0.9 + 0.22 * max(len(networks), 1)
    unit = "minute" if step == 1 else f"{step} min"
    with matplotlib.rc_context({"text.parse_math": False, "font.size": 9, "axes.titlesize": 9, "axes.titleweight": "bold"}):
        # fixed margins in inches (a layout engine would double the drawing time)
        heights, gap, top, bottom, left, right, width_in = [1.4, 1.4, 1.1, lane_height], 0.42, 0.3, 0.55, 1.25, 1.9, 12.5
        height_in = top + bottom + sum(heights) + gap * (len(heights) - 1)
        fig = Figure(figsize=(width_in, height_in))
        axes = []
        y = height_in - top
        for h in heights:
            y -= h
            rect = [left / width_in, y / height_in, (width_in - left - right) / width_in, h / height_in]
            axes.append(fig.add_axes(rect, sharex=axes[0] if axes else None))
            y -= gap
        ax1, ax2, ax3, ax4 = axes
        xs = np.append(x, x[-1] + width)
        ax1.stairs(dense["requests"].to_numpy(), xs, fill=True, color="#3b6ea8", label="requests")
        if dense["errors"].sum() > 0:
            ax1.stairs(dense["errors"].to_numpy(), xs, fill=True, color="#c0392b", alpha=0.85, label="errors (status ≥ 400)")
            if dense["failed_logins"].sum() > 0:
                ax1.stairs(dense["failed_logins"].to_numpy(), xs, fill=False, color="#111", lw=1.1, label="failed sign-ins")
            ax1.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False, ncols=3, borderaxespad=0)
        ax1.set_title(f"requests per {unit}", loc="left")
        ax1.set_ylim(bottom=0)

        if dense["records_cumulative"].iloc[-1] > 0:
            ax2.plot(np.append(x, x[-1] + width), np.append(dense["records_cumulative"].to_numpy(), dense["records_cumulative"].iloc[-1]),
                     drawstyle="steps-post", color="#8e44ad", lw=1.6)
            ax2b = ax2.twinx()
            ax2b.stairs(dense["new_records"].to_numpy(), xs, fill=True, color="#d7bde2", alpha=0.7)
            ax2b.set_ylabel(f"new per {unit}", color="#9b59b6", fontsize=8)
            ax2b.set_ylim(bottom=0)
            ax2.set_zorder(ax2b.get_zorder() + 1)
            ax2.patch.set_visible(False)
            ax2.set_ylabel("cumulative", color="#8e44ad", fontsize=8)
        else:
            ax2.text(0.5, 0.5, "no records (IDs in URLs) touched", ha="center", va="center", transform=ax2.transAxes, color="#777")
        ax2.set_title("distinct records touched over time", loc="left")
        ax2.set_ylim(bottom=0)

        ax3.plot(x, dense["networks"].to_numpy(), drawstyle="steps-post", color="#16a085", lw=1.4, label="networks")
        ax3.plot(x, dense["user_agents"].to_numpy(), drawstyle="steps-post", color="#e67e22", lw=1.4, label="device families")
        ax3.plot(x, dense["addresses"].to_numpy(), drawstyle="steps-post", color="#7f8c8d", lw=0.9, ls=":", label="addresses")
        ax3.set_title(f"distinct networks, addresses and device families per {unit}", loc="left")
        ax3.set_ylim(bottom=0)
        ax3.yaxis.get_major_locator().set_params(integer=True)
        ax3.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False, ncols=3, borderaxespad=0)

        if networks:
            agents = list(lanes.groupby("user_agent", observed=True)["requests"].sum().sort_values(ascending=False).index)
            palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"]
            ypos = {n: i for i, n in enumerate(networks)}
            for j, agent in enumerate(agents):
                rows = lanes[lanes["user_agent"].astype(str) == str(agent)]
                ax4.scatter(
                    rows["minute"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(),
                    [ypos[n] + (j - (len(agents) - 1) / 2) * 0.12 for n in rows["network"]],
                    s=np.clip(np.sqrt(rows["requests"].to_numpy()) * 3, 3, 40),
                    color=palette[j % len(palette)], alpha=0.75, linewidths=0, label=_plain(agent, 40),
                )
            ax4.set_yticks(range(len(networks)), [_plain(n, 40) for n in networks], fontsize=7)
            ax4.set_ylim(len(networks) - 0.5, -0.5)
            ax4.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False, title="device family",
                       title_fontsize=7, markerscale=1.2)
        else:
            ax4.text(0.5, 0.5, "no network data", ha="center", va="center", transform=ax4.transAxes, color="#777")
            ax4.set_yticks([])
        ax4.set_title("who was active when: network (rows) and device family (colour)", loc="left")
        ax4.grid(axis="x", color="#eee")
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        ax4.xaxis.set_major_locator(locator)
        ax4.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax4.set_xlabel("time (UTC)")
        for ax in (ax1, ax2, ax3):
            ax.tick_params(labelbottom=False)
        for ax in (ax1, ax2, ax3, ax4):
            ax.spines[["top", "right"]].set_visible(False)
            ax.margins(x=0.01)
        return _png(fig)


# --- HTML ---------------------------------------------------------------------------------------


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _who(alert: dict) -> str:
    if alert.get("user"):
        return str(alert["user"])
    ips = alert.get("client_ips") or ["?"]
    return f"(no account) {ips[0]}"


def _n(value: object) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return e(value)


def _card(label: str, value: object, note: str = "") -> str:
    return (f'<div class="card"><div class="num">{_n(value)}</div><div class="lbl">{e(label)}</div>'
            + (f'<div class="note">{e(note)}</div>' if note else "") + "</div>")


def _count_table(title: str, counts: dict, order: tuple = ()) -> str:
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    if not keys:
        return f'<div class="mini"><h3>{e(title)}</h3><p class="muted">none</p></div>'
    rows = "".join(f"<tr><td>{e(KIND_LABEL.get(k, k))}</td><td class=r>{_n(counts[k])}</td></tr>" for k in keys)
    return f'<div class="mini"><h3>{e(title)}</h3><table>{rows}</table></div>'


def _summary_html(summary: dict, alerts: list[dict]) -> str:
    files = summary.get("files", [])
    cards = "".join(
        [
            _card("lines read", summary.get("lines_read", 0), f"from {len(files)} file(s)"),
            _card("lines parsed", summary.get("lines_parsed", 0)),
            _card("lines rejected", summary.get("lines_rejected", 0)),
            _card("sessions", summary.get("sessions", 0)),
            _card("accounts", summary.get("accounts", 0)),
            _card("alerts", len(alerts)),
            _card("suppressed by allowlists", len(summary.get("suppressed", []))),
        ]
    )
    parts = [f'<div class="cards">{cards}</div>', '<div class="minis">']
    parts.append(_count_table("alerts by kind", summary.get("alerts_by_kind", {}), tuple(KIND_LABEL)))
    parts.append(_count_table("alerts by severity", summary.get("alerts_by_severity", {}), SEVERITY_ORDER))
    parts.append(_count_table("rejected lines by reason", summary.get("rejected_by_reason", {})))
    fmt_rows = "".join(
        f"<tr><td class=path>{e(f)}</td><td>{e(summary.get('formats', {}).get(f, '?'))}</td></tr>" for f in files[:50]
    )
    if len(files) > 50:
        fmt_rows += f"<tr><td colspan=2 class=muted>… {len(files) - 50} more</td></tr>"
    parts.append(f'<div class="mini wide"><h3>files scanned</h3><table>{fmt_rows}</table></div>')
    parts.append("</div>")
    samples = summary.get("rejected_samples", [])
    if samples:
        items = "".join(f"<li><span class=path>{e(s.get('file'))}:{_n(s.get('line_no'))}</span> {e(s.get('reason'))}</li>"
                        for s in samples[:10])
        parts.append(f"<details><summary>first rejected lines (file, line, reason)</summary><ul>{items}</ul></details>")
    warnings = summary.get("warnings", [])
    if warnings:
        parts.append("<div class=warn><b>warnings</b><ul>" + "".join(f"<li>{e(w)}</li>" for w in warnings) + "</ul></div>")
    suppressed = summary.get("suppressed", [])
    if suppressed:
        items = "".join(f"<li><code>{e(s.get('alert_id'))}</code> {e(KIND_LABEL.get(s.get('kind'), s.get('kind')))} "
                        f"{e(s.get('user') or '')}: {e(s.get('reason'))}</li>" for s in suppressed)
        parts.append(f"<details><summary>{len(suppressed)} alert(s) suppressed by allowlists</summary><ul>{items}</ul></details>")
    if summary.get("elapsed_seconds") is not None:
        parts.append(f"<p class=muted>scan took {float(summary['elapsed_seconds']):.1f} s "
                     f"({float(summary.get('lines_per_second', 0)):,.0f} lines/s)</p>")
    return "\n".join(parts)


def _sev(severity: str) -> str:
    cls = severity if severity in SEVERITY_ORDER else "low"
    return f'<span class="sev {cls}">{e(severity)}</span>'


def _ranking_html(alerts: list[dict]) -> str:
    if not alerts:
        return '<p class="muted">No alerts in this scan.</p>'
    rows = []
    for i, a in enumerate(alerts, 1):
        reason = (a.get("reasons") or [""])[0]
        rows.append(
            f'<tr data-kind="{e(a.get("kind"))}" data-severity="{e(a.get("severity"))}">'
            f"<td class=r>{i}</td><td>{_sev(str(a.get('severity')))}</td><td class=nw>{e(KIND_LABEL.get(a.get('kind'), a.get('kind')))}</td>"
            f'<td class=who><a href="#{e(a["alert_id"])}">{e(_who(a))}</a></td><td class=nw>{e(a.get("day"))}</td>'
            f"<td class=r>{float(a.get('score', 0)):.2f}</td><td class=why title=\"{e(reason)}\">{e(reason)}</td>"
            f'<td><code>{e(a["alert_id"])}</code></td></tr>'
        )
    kinds = sorted({str(a.get("kind")) for a in alerts})
    buttons = '<button type=button class="flt on" data-kind="">all</button>' + "".join(
        f'<button type=button class=flt data-kind="{e(k)}">{e(KIND_LABEL.get(k, k))}</button>' for k in kinds
    )
    return (
        f'<div class="filters">show: {buttons} <input id="q" type="search" placeholder="filter by account, address, reason…" '
        'aria-label="filter alerts"></div>'
        '<table class="rank"><thead><tr><th>#</th><th>severity</th><th>kind</th><th>who</th><th>day</th><th>score</th>'
        "<th>why (first reason)</th><th>alert id</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _list(items: list, css: str = "") -> str:
    shown = "".join(f"<li>{e(x)}</li>" for x in items[:MAX_LISTED])
    more = f'<li class="muted">… {len(items) - MAX_LISTED} more</li>' if len(items) > MAX_LISTED else ""
    return f'<ul class="{css}">{shown}{more}</ul>'


def _routes_html(routes: pd.DataFrame | None) -> str:
    if routes is None or routes.empty:
        return '<p class="muted">no route data</p>'
    rows = "".join(
        f"<tr><td class=tpl>{e(r.template)}</td><td class=r>{_n(r.requests)}</td><td class=r>{_n(r.records)}</td>"
        f"<td class=r>{_n(r.errors)}</td></tr>"
        for r in routes.itertuples(index=False)
    )
    return ('<table class="routes"><thead><tr><th>route template</th><th>requests</th><th>distinct records</th>'
            f"<th>errors</th></tr></thead><tbody>{rows}</tbody></table>")


def _alert_html(rank: int, alert: dict, data: dict) -> str:
    aid = str(alert["alert_id"])
    note = data["manifest"].get("alerts", {}).get(aid, {})
    activity = data["activity"]
    act = activity[activity["alert_id"] == aid] if activity is not None else None
    lanes = data["lanes"][data["lanes"]["alert_id"] == aid] if data["lanes"] is not None else None
    routes = data["routes"][data["routes"]["alert_id"] == aid] if data["routes"] is not None else None
    if act is not None and len(act):
        try:
            png = timeline_png(act, lanes)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # values no scan writes
            raise ReportError(f"{data['dir']}: activity.parquet or lanes.parquet: cannot draw the timeline of alert {aid} "
                              f"({_one_line(exc, 80)}){_RESCAN}") from None
        plot = (f'<img class="timeline" alt="timeline of alert {e(aid)}: requests, distinct records, networks and devices over time" '
                f'src="data:image/png;base64,{png}">')
    elif activity is None:
        plot = '<p class="muted">no timeline: this scan has no evidence files (re-run <code>detector scan</code>)</p>'
    else:
        plot = '<p class="muted">no requests recorded for this alert</p>'
    facts = [
        ("first seen", alert.get("first_seen")),
        ("last seen", alert.get("last_seen")),
        ("day (site time)", alert.get("day")),
        ("sessions", f"{len(alert.get('session_ids', [])):,}"),
    ]
    if note:
        facts += [("requests", f"{note.get('requests', 0):,}"), ("distinct records", f"{note.get('records', 0):,}")]
    if act is not None and "failed_logins" in act.columns and act["failed_logins"].sum() > 0:
        facts.append(("failed sign-ins", f"{int(act['failed_logins'].sum()):,}"))
    facts_html = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts)
    truncated = f'<p class="warn">{e(note["truncated"])}</p>' if note.get("truncated") else ""
    return f"""
<section class="alert" id="{e(aid)}" data-kind="{e(alert.get('kind'))}" data-severity="{e(alert.get('severity'))}">
<h2><span class="rank">#{rank}</span> {_sev(str(alert.get('severity')))} {e(KIND_LABEL.get(alert.get('kind'), alert.get('kind')))}:
<span class="who">{e(_who(alert))}</span> <span class="score">score {float(alert.get('score', 0)):.2f}</span></h2>
<p class="aid">alert <code>{e(aid)}</code> · rules: {", ".join(f"<code>{e(r)}</code>" for r in alert.get("rules", [])) or "none"}</p>
<div class="cols">
<div><h3>why</h3>{_list(alert.get("reasons", []), "reasons")}</div>
<div><dl>{facts_html}</dl>
<h3>addresses</h3>{_list(alert.get("client_ips", []), "mono")}
<h3>user agents</h3>{_list(alert.get("user_agents", []), "mono ua")}</div>
</div>
{truncated}
<h3>timeline</h3>
{plot}
<h3>routes touched</h3>
{_routes_html(routes)}
<p class="muted small">Record IDs are not in this report. For the raw lines and the list of records (a FERPA breach notice),
run <code>detector explain {e(aid)} --scan {e(data['dir'])} --out FILE</code>.</p>
<p class="top"><a href="#alerts">back to the ranking</a></p>
</section>"""


def build_report(scan_dir: str | Path, progress: Callable[[int, int], None] | None = None) -> str:
    """The report of one scan directory, as an HTML document.

    Parameters
    ----------
    scan_dir : path
        A directory written by ``detector scan``.
    progress : callable, optional
        Called with ``(alerts done, alerts in all)`` as each alert is drawn.

    Returns
    -------
    str
        A complete, self-contained HTML document.

    Raises
    ------
    ReportError
        See :func:`load_scan`.
    """
    return _render(load_scan(scan_dir), progress)


def _render(data: dict, progress: Callable[[int, int], None] | None) -> str:
    """The HTML document of a scan read by :func:`load_scan`."""
    summary, alerts = data["summary"], data["alerts"]
    script = _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    title = f"Access-log scan: {len(alerts)} alert(s)"
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    missing = ""
    if data["activity"] is None:
        missing = ('<p class="warn">This scan has no evidence files (activity.parquet, routes.csv…): it was written by an '
                   "older version. Re-run <code>detector scan</code> for timelines and routes.</p>")
    sections = []
    for i, alert in enumerate(alerts, 1):
        sections.append(_alert_html(i, alert, data))
        if progress is not None:
            progress(i, len(alerts))
    sections = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>
{_asset("report.css")}
</style>
</head>
<body>
<header>
<h1>{e(title)}</h1>
<p class="muted">scan <code>{e(data['dir'])}</code> · report written {e(generated)} · times in UTC unless marked as site time</p>
</header>
<main>
{missing}
<h2 id="summary">Summary</h2>
{_summary_html(summary, alerts)}
<h2 id="alerts">Alerts, most certain first</h2>
{_ranking_html(alerts)}
{sections}
</main>
<footer><p class="muted small">Contains account names and client addresses (an analyst must act on them); no student
record IDs. Generated by <code>detector report</code>.</p></footer>
<script>{script}</script>
</body>
</html>
"""


def _target(scan_dir: Path, out: str | Path | None) -> Path:
    """Where the report goes: ``out``, ``out/report.html`` when ``out`` is a directory, else the scan's ``report.html``."""
    if out is None:
        return scan_dir / REPORT_NAME
    target = Path(out)
    return target / REPORT_NAME if target.is_dir() else target


def scanned_logs(summary: dict, manifest: dict) -> list[Path]:
    """The log files a scan read, as the paths they were given (and from the scan's directory when relative)."""
    out = []
    for name in summary.get("files", []):
        path = Path(name)
        out.append(path)
        if not path.is_absolute() and manifest.get("cwd"):
            out.append(Path(manifest["cwd"]) / path)
    return out


def _refuse_inputs(target: Path, scan_dir: Path, data: dict) -> None:
    """Refuse a target that is one of the scan's own files or a log it read (both would be lost)."""
    inputs = [scan_dir / name for name in SCAN_FILES] + scanned_logs(data["summary"], data["manifest"])
    for path in inputs:
        try:
            same = target.exists() and path.exists() and os.path.samefile(target, path)
        except OSError:
            same = False
        if same or target.resolve() == path.resolve():
            what = "a file of the scan" if path.parent.resolve() == scan_dir.resolve() else "a log file the scan read"
            raise ReportError(f"--out {target} is {what} ({path.name}): refusing to overwrite it; give another file name")


def write_report(scan_dir: str | Path, out: str | Path | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Path:
    """Write the report of ``scan_dir`` to ``out`` (default ``scan_dir/report.html``).

    ``out`` may be an existing directory: the report is then written as
    ``report.html`` inside it.  The file is written next to its destination
    and renamed into place, so a half-written report never appears; on any
    failure the temporary file is removed.  A destination that is one of the
    scan's own files or a log the scan read is refused.

    Parameters
    ----------
    scan_dir : path
        A directory written by ``detector scan``.
    out : path, optional
        The HTML file, or an existing directory to write ``report.html`` in.
    progress : callable, optional
        Called with ``(alerts done, alerts in all)`` as each alert is drawn.

    Returns
    -------
    Path
        The report written.

    Raises
    ------
    ReportError
        See :func:`load_scan`; also when ``out`` cannot be written or would
        overwrite a file of the scan or a scanned log.
    """
    folder = Path(scan_dir)
    data = load_scan(folder)
    target = _target(folder, out)
    _refuse_inputs(target, folder, data)
    html = _render(data, progress)
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise ReportError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return target


__all__ = ["REPORT_NAME", "SCAN_FILES", "ReportError", "build_report", "check_alert", "check_manifest", "check_summary", "load_scan",
           "read_alerts", "scanned_logs", "read_csv_table", "read_json_object", "read_parquet_table", "timeline_png", "write_report"]
