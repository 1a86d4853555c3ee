"""Second blind app: a SELPA special-education case-management system the detector never saw.

Generates labelled logs with :mod:`sample_logs.blind2` (a Java/Spring MVC app behind Traefik,
written as Traefik JSON or Tomcat AccessLogValve lines, designed without reading the detector),
scans them with default settings (only the site's time zone), scores the alerts and lists what
was caught, missed and falsely alarmed with the alerts' kinds and reasons.
"""

from __future__ import annotations

import time
from pathlib import Path

from detector.config import Settings
from detector.evaluate.score_scan import format_score, score_alerts
from detector.scan import run_scan

#: (seed, format) pairs reserved for the second blind evaluation
BLIND2_RUNS = ((36151, "traefik"), (52807, "tomcat"))


def _lookup(subject: str, labels: dict) -> tuple[str, str, list[str]]:
    """(category, behaviour, accepted kinds) of an alert subject."""
    info = labels["accounts"].get(subject) or labels.get("sources", {}).get(subject)
    if info:
        return ("abusive" if info.get("kinds") else "lookalike"), info.get("behaviour", "?"), info.get("kinds", [])
    if subject in labels["staff"]:
        return "normal_staff", "ordinary work", []
    return "unlabelled", labels.get("addresses", {}).get(subject, "-"), []


def explain(alerts: list[dict], labels: dict) -> dict:
    """Caught, missed and false-alarm rows, each with the alerts' kinds, rules and reasons."""
    labels = {**labels, "accounts": {k.lower(): v for k, v in labels["accounts"].items()},
              "staff": {s.lower() for s in labels.get("staff", [])}}
    caught, false_alarms, found = [], [], set()
    for a in sorted(alerts, key=lambda a: (a.get("user") or "", a["kind"], a.get("day") or "")):
        if a.get("user"):
            subject = a["user"].lower()
        else:
            ips = a.get("client_ips") or ["?"]
            subject = next((ip for ip in ips if ip in labels.get("sources", {})), ips[0])
        category, behaviour, kinds = _lookup(subject, labels)
        row = {"subject": subject, "category": category, "behaviour": behaviour, "kind": a["kind"], "day": a.get("day"),
               "severity": a.get("severity"), "score": round(float(a.get("score", 0.0)), 3),
               "rules": list(a.get("rules") or []), "reasons": list(a.get("reasons") or [])}
        if a["kind"] in kinds:
            caught.append(row)
            found.add(subject)
        else:
            false_alarms.append(row)
    missed = []
    for subject, info in sorted({**labels["accounts"], **labels.get("sources", {})}.items()):
        if info.get("kinds") and subject not in found:
            other = sorted({r["kind"] for r in false_alarms if r["subject"] == subject})
            missed.append({"subject": subject, "behaviour": info["behaviour"], "kinds": info["kinds"], "alerted_as": other})
    return {"caught": caught, "missed_detail": missed, "false_alarm_detail": false_alarms}


def _show(row: dict) -> str:
    return (f"  {row['subject']} [{row['category']}: {row['behaviour']}] {row['kind']} {row['day']} {row['severity']} "
            f"{row['score']:.2f} rules={','.join(row['rules'])}\n      {'; '.join(row['reasons'][:4])}")


def print_detail(detail: dict) -> None:
    """Print caught, missed and false alarms."""
    print("caught:")
    for row in detail["caught"]:
        print(_show(row))
    print("missed:" + ("" if detail["missed_detail"] else " none"))
    for m in detail["missed_detail"]:
        extra = f" (alerted only as {', '.join(m['alerted_as'])})" if m["alerted_as"] else ""
        print(f"  {m['subject']} [{m['behaviour']}] expected {'/'.join(m['kinds'])}{extra}")
    print("false alarms:" + ("" if detail["false_alarm_detail"] else " none"))
    for row in detail["false_alarm_detail"]:
        print(_show(row))


def blind2(out: Path, seed: int, fmt: str, days: int = 2, staff: int = 240) -> dict:
    """Generate, scan and score one log of the second blind app; print and return the figures.

    Parameters
    ----------
    out : Path
        Folder under which ``blind2-{seed}-{fmt}/`` is written (log, labels, scan).
    seed : int
        Generator seed (see :data:`BLIND2_RUNS`).
    fmt : {"traefik", "tomcat"}
        Log format.
    days, staff : int
        School days in the window (1-5) and ordinary named staff accounts.

    Returns
    -------
    dict
        Seed, format, lines, rejected lines, seconds, the :class:`ScanScore` fields and the
        ``caught``/``missed_detail``/``false_alarm_detail`` rows.
    """
    from sample_logs.blind2 import generate_blind2

    folder = Path(out) / f"blind2-{seed}-{fmt}"
    log = folder / ("access.jsonl" if fmt == "traefik" else "localhost_access_log.txt")
    started = time.perf_counter()
    labels = generate_blind2(log, folder / "labels.json", seed=seed, days=days, n_staff=staff, fmt=fmt)
    generated = time.perf_counter() - started
    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=folder / "scan")
    alerts = [a.to_dict() for a in result.analysis.alerts]
    score = score_alerts(alerts, labels)
    detail = explain(alerts, labels)
    seconds = time.perf_counter() - started
    summary = result.summary
    print(f"\n== second blind app: seed {seed}, format {fmt}, {summary['lines_read']:,} lines "
          f"({summary['lines_rejected']} rejected), {seconds:.1f} s (generation {generated:.1f} s) ==")
    print(format_score(score))
    print_detail(detail)
    return {"seed": seed, "format": fmt, "lines": summary["lines_read"], "rejected": summary["lines_rejected"],
            "seconds": round(seconds, 1), **score.to_dict(), **detail}
