"""Blind app: detection quality on a student-records portal designed without reading the detector.

:mod:`sample_logs.blind` writes labelled logs of *LearnerHub*, a state
portal (single-page app over REST and GraphQL, SSO redirects, bulk extracts,
websockets or long polling, health checks) in Elastic Common Schema or Caddy
JSON lines.  Its author saw only the README's accepted formats and output
contract and the labels format, so these figures say how the detector does on
a system and abuse styles it was never designed against.  Seeds are used
nowhere else.
"""

from __future__ import annotations

import time
from pathlib import Path

from detector.config import Settings
from detector.evaluate.score_scan import format_score, score_alerts
from detector.scan import run_scan

#: (seed, format) pairs reserved for the blind evaluation
BLIND_RUNS = ((61717, "ecs"), (70503, "caddy"))


def _subject(alert: dict, labels: dict) -> str:
    """The alert's subject as score_scan credits it (account, else a labelled or the first address)."""
    if alert.get("user"):
        return alert["user"].lower()
    ips = alert.get("client_ips") or ["?"]
    return next((ip for ip in ips if ip in labels.get("sources", {})), ips[0])


def _describe(subject: str, labels: dict) -> tuple[str, str]:
    """(category, behaviour) of a subject: abusive, look-alike, ordinary staff or unlabelled."""
    info = labels["accounts"].get(subject) or labels.get("sources", {}).get(subject)
    if info:
        return ("abusive" if info.get("kinds") else "lookalike"), info.get("behaviour", "?")
    if subject in set(labels.get("staff", [])):
        return "normal_staff", "ordinary work"
    return "unlabelled", labels.get("addresses", {}).get(subject, "-")


def explain(alerts: list[dict], labels: dict) -> dict:
    """Per-subject detail: what was caught (and why), missed, or falsely alarmed."""
    labels = {**labels, "accounts": {k.lower(): v for k, v in labels["accounts"].items()}}
    by_subject: dict[str, list[dict]] = {}
    for alert in alerts:
        by_subject.setdefault(_subject(alert, labels), []).append(alert)
    caught, false_alarms = [], []
    for subject, group in sorted(by_subject.items()):
        category, behaviour = _describe(subject, labels)
        info = labels["accounts"].get(subject) or labels.get("sources", {}).get(subject) or {}
        for a in sorted(group, key=lambda a: (a["kind"], a.get("day", ""))):
            row = {"subject": subject, "category": category, "behaviour": behaviour, "kind": a["kind"],
                   "day": a.get("day"), "severity": a.get("severity"), "score": round(float(a.get("score", 0)), 3),
                   "rules": a.get("rules", []), "reasons": a.get("reasons", [])}
            (caught if a["kind"] in info.get("kinds", []) else false_alarms).append(row)
    missed = [{"subject": s, "behaviour": v["behaviour"], "kinds": v["kinds"],
               "alerted_as": sorted({a["kind"] for a in by_subject.get(s, [])})}
              for s, v in sorted(labels["accounts"].items()) if v.get("kinds")
              and not any(a["kind"] in v["kinds"] for a in by_subject.get(s, []))]
    return {"caught": caught, "missed_detail": missed, "false_alarm_detail": false_alarms}


def _print_detail(detail: dict) -> None:
    """Print caught, missed and false alarms with kinds, rules and reasons."""
    def show(row: dict) -> str:
        reasons = "; ".join(row["reasons"][:4])
        return (f"  {row['subject']} [{row['category']}: {row['behaviour']}] {row['kind']} {row['day']} "
                f"{row['severity']} {row['score']:.2f} rules={','.join(row['rules'])}\n      {reasons}")

    print("caught:")
    for row in detail["caught"]:
        print(show(row))
    print("missed:" + ("" if detail["missed_detail"] else " none"))
    for m in detail["missed_detail"]:
        extra = f" (alerted only as {', '.join(m['alerted_as'])})" if m["alerted_as"] else ""
        print(f"  {m['subject']} [{m['behaviour']}] expected {'/'.join(m['kinds'])}{extra}")
    print("false alarms:" + ("" if detail["false_alarm_detail"] else " none"))
    for row in detail["false_alarm_detail"]:
        print(show(row))


def blind(out: Path, seed: int, fmt: str, days: int = 2, staff: int = 240) -> dict:
    """Generate, scan and score one blind-app log; print and return the figures.

    Parameters
    ----------
    out : Path
        Folder under which ``blind-{seed}-{fmt}/`` is written (log, labels, scan).
    seed : int
        Generator seed (see :data:`BLIND_RUNS`).
    fmt : {"ecs", "caddy"}
        Log format.
    days, staff : int
        Window length (1-3 days) and named staff accounts.

    Returns
    -------
    dict
        Seed, format, lines, rejected lines, seconds, the :class:`ScanScore`
        fields and the ``caught``/``missed_detail``/``false_alarm_detail`` rows.
    """
    from sample_logs.blind import generate_blind

    folder = Path(out) / f"blind-{seed}-{fmt}"
    log = folder / "access.jsonl"
    started = time.perf_counter()
    labels = generate_blind(log, folder / "labels.json", seed=seed, days=days, n_staff=staff, fmt=fmt)
    generated = time.perf_counter() - started
    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=folder / "scan")
    alerts = [a.to_dict() for a in result.analysis.alerts]
    score = score_alerts(alerts, labels)
    detail = explain(alerts, labels)
    seconds = time.perf_counter() - started
    summary = result.summary
    print(f"\n== blind app: seed {seed}, format {fmt}, {summary['lines_read']:,} lines "
          f"({summary['lines_rejected']} rejected), {seconds:.1f} s (generation {generated:.1f} s) ==")
    print(format_score(score))
    _print_detail(detail)
    return {"seed": seed, "format": fmt, "lines": summary["lines_read"], "rejected": summary["lines_rejected"],
            "seconds": round(seconds, 1), **score.to_dict(), **detail}
