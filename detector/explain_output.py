"""Write an explanation (:func:`detector.explain_alert.explain_alert`) as text or JSON, owner-only.

The file is written aside (mode 0600) and renamed into place, never over a
scanned log and never inside the scan directory: it holds record identifiers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from detector.explain_alert import ExplainError, Explanation
from detector.io.tables import write_text_whole

#: Text output lists per-session feature tables for at most this many sessions (JSON has all).
TEXT_SESSIONS = 10


def _fmt(value: object) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not np.isfinite(v):
        return "n/a"
    if v.is_integer():
        return f"{v:,.0f}"
    return f"{v:,.3g}" if abs(v) < 100 else f"{v:,.1f}"


def _iso(ts: object) -> str:
    return pd.Timestamp(ts).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _feature_table(frame: pd.DataFrame) -> list[str]:
    out = [f"  {'feature':<48} {'value':>12} {'percentile':>10} {'peers p50':>10} {'peers p99':>10}"]
    for r in frame.itertuples(index=False):
        pct = f"{r.percentile:.1f}" if r.value and np.isfinite(r.value) and r.value > 0 else "-"
        out.append(f"  {str(r.label)[:48]:<48} {_fmt(r.value):>12} {pct:>10} {_fmt(r.peer_p50):>10} {_fmt(r.peer_p99):>10}")
    return out


def render_text(expl: Explanation) -> str:
    """The explanation as plain text: alert, records, features, raw lines."""
    a = expl.alert
    who = a.get("user") or f"(no account) {', '.join(a.get('client_ips', [])[:3])}"
    out = [
        f"ALERT {a['alert_id']}: {a.get('kind')} ({a.get('severity')}, score {float(a.get('score', 0)):.2f})",
        f"who: {who}",
        f"when: {a.get('first_seen')} .. {a.get('last_seen')} (UTC); site day {a.get('day')}",
        f"sessions: {len(a.get('session_ids', []))}; raw lines: {len(expl.lines):,}; distinct records: {len(expl.records):,}",
        "CONFIDENTIAL: contains student record identifiers (FERPA). Share only with those handling the incident.",
        "",
        "why:",
        *[f"  - {r}" for r in a.get("reasons", [])],
    ]
    if expl.notes:
        out += ["", "notes:", *[f"  ! {n}" for n in expl.notes]]
    out += ["", f"== RECORDS TOUCHED ({len(expl.records):,}) =="]
    if expl.records.empty:
        out.append("  none (no identifiers in the URLs requested)")
    else:
        for kind, group in expl.records.groupby("kind", sort=False):
            out.append(f"-- {kind}: {len(group):,} record(s); id, requests, first seen, last seen")
            for r in group.itertuples(index=False):
                out.append(f"  {r.id}\t{r.requests}\t{_iso(r.first_seen)}\t{_iso(r.last_seen)}")
    out += ["", "== FEATURES BESIDE THEIR PERCENTILE AMONG PEERS (active peers: value above zero) =="]
    if expl.features.empty:
        out.append("  no feature data in the scan directory")
    for level in ("account_day", "source_day"):
        for unit, group in expl.features[expl.features["level"] == level].groupby("unit", sort=False):
            unit_name = "account-day" if level == "account_day" else "address-day"
            out += [f"-- {unit_name} {unit} (percentiles from the model's peers)", *_feature_table(group)]
    sessions = expl.features[expl.features["level"] == "session"]
    units = list(dict.fromkeys(sessions["unit"]))
    for unit in units[:TEXT_SESSIONS]:
        out += [f"-- session {unit} (percentile among the scan's other sessions)", *_feature_table(sessions[sessions["unit"] == unit])]
    if len(units) > TEXT_SESSIONS:
        out.append(f"  … {len(units) - TEXT_SESSIONS} more session(s): write JSON (--out FILE.json) for all")
    out += ["", f"== RAW LINES ({len(expl.lines):,}) == file:line<TAB>line"]
    out += [f"{r.file}:{r.line_no}\t{r.text}" for r in expl.lines.itertuples(index=False)]
    return "\n".join(out) + "\n"


def to_json(expl: Explanation) -> dict:
    """The explanation as JSON-serialisable data."""
    records = expl.records.assign(
        first_seen=expl.records["first_seen"].map(_iso) if len(expl.records) else [],
        last_seen=expl.records["last_seen"].map(_iso) if len(expl.records) else [],
    )
    features = expl.features.replace({np.nan: None})
    return {
        "alert": expl.alert,
        "notes": expl.notes,
        "records": records.to_dict(orient="records"),
        "features": features.to_dict(orient="records"),
        "lines": [
            {"file": r.file, "line_no": int(r.line_no), "ts": _iso(r.ts), "text": r.text}
            for r in expl.lines.itertuples(index=False)
        ],
    }


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def check_destination(expl: Explanation, out: str | Path) -> Path:
    """Refuse a destination that would overwrite a scanned log or land in the scan directory.

    Parameters
    ----------
    expl : Explanation
        From :func:`explain_alert` (its ``scan_dir`` and ``sources``).
    out : path
        Where the explanation is to be written.

    Returns
    -------
    Path
        ``out`` as a Path.

    Raises
    ------
    ExplainError
        ``out`` is a directory, one of the log files the scan read (same path,
        symlink or hard link), or inside the scan directory (which holds no
        record IDs and is replaced by the next scan).
    """
    target = Path(out)
    for source in expl.sources:
        if _same_file(target, source):
            raise ExplainError(f"--out {target} is a log file the scan read ({source}): refusing to overwrite it; "
                               "give another file name")
    if expl.scan_dir is not None and _inside(target, expl.scan_dir):
        raise ExplainError(f"--out {target} is inside the scan directory {expl.scan_dir}, which holds no record IDs and is "
                           "replaced by the next scan: write the explanation elsewhere")
    if target.is_dir():
        raise ExplainError(f"--out {target} is a directory: give a file name, e.g. {target / (expl.alert['alert_id'] + '.txt')}")
    return target


def write_explanation(expl: Explanation, out: str | Path) -> Path:
    """Write the explanation: JSON when ``out`` ends in ``.json``, else text; readable by the owner only.

    The text goes to a new owner-only (0600) file next to ``out`` that is then
    renamed over it, so the result is owner-only even when ``out`` existed
    with wider permissions, and a failed write leaves ``out`` as it was.

    Raises
    ------
    ExplainError
        The file cannot be written, or ``out`` is refused by :func:`check_destination`.
    """
    target = check_destination(expl, out)
    body = json.dumps(to_json(expl), indent=1, ensure_ascii=False) if target.suffix.lower() == ".json" else render_text(expl)
    try:
        return write_text_whole(target, body)  # owner-only, also over an existing file
    except OSError as exc:
        raise ExplainError(f"cannot write {target}: {exc.strerror or exc}") from None


__all__ = ["check_destination", "render_text", "to_json", "write_explanation"]
