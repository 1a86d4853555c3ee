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
import os
from html import escape
from pathlib import Path
from typing import Callable

import pandas as pd

from detector.io.tables import write_text_whole
from detector.report_timeline import timeline_png
from detector.scan_folder import REPORT_NAME, RESCAN_HINT, SCAN_FILES, ReportError, load_scan, one_line

ASSETS = Path(__file__).resolve().parent / "report_assets"
SEVERITY_ORDER = ("critical", "high", "medium", "low")
KIND_LABEL = {"scraping": "scraping", "credential_sharing": "credential sharing", "brute_force": "brute force"}
#: Per-alert lists shown in full up to this length.
MAX_LISTED = 20


def e(value: object) -> str:
    """HTML-escape any value (quotes included); None becomes ''."""
    return "" if value is None else escape(str(value), quote=True)


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
                              f"({one_line(exc, 80)}){RESCAN_HINT}") from None
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
    campaign = f' · campaign <code>{e(alert["campaign"])}</code>' if alert.get("campaign") else ""
    others_title = "also signed as" if alert.get("user") else "accounts signed in"
    others = (f'<h3>{others_title}</h3>{_list(alert["other_accounts"], "mono")}'
              if alert.get("other_accounts") else "")
    return f"""
<section class="alert" id="{e(aid)}" data-kind="{e(alert.get('kind'))}" data-severity="{e(alert.get('severity'))}">
<h2><span class="rank">#{rank}</span> {_sev(str(alert.get('severity')))} {e(KIND_LABEL.get(alert.get('kind'), alert.get('kind')))}:
<span class="who">{e(_who(alert))}</span> <span class="score">score {float(alert.get('score', 0)):.2f}</span></h2>
<p class="aid">alert <code>{e(aid)}</code> · rules: {", ".join(f"<code>{e(r)}</code>" for r in alert.get("rules", [])) or "none"}{campaign}</p>
<div class="cols">
<div><h3>why</h3>{_list(alert.get("reasons", []), "reasons")}</div>
<div><dl>{facts_html}</dl>
<h3>addresses</h3>{_list(alert.get("client_ips", []), "mono")}{others}
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
    try:
        return write_text_whole(target, html)
    except OSError as exc:
        raise ReportError(f"cannot write {target}: {exc.strerror or exc}") from None


__all__ = ["REPORT_NAME", "ReportError", "build_report", "load_scan", "scanned_logs", "timeline_png", "write_report"]
