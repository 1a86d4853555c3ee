"""Caught, missed and false alarms of one scan, subject by subject, for the apps of ``make eval``.

Each alert is credited to its subject the way :mod:`detector.evaluate.score_scan`
does (the account, else a labelled or the first address) and described by the
labels: abusive, benign look-alike, ordinary staff (``labels["staff"]``) or an
unlabelled address (``labels["addresses"]`` may say what it is).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from detector.evaluate.score_scan import abuse_clients, account_aliases, alert_account, label_subjects, source_subject


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
    aliases, clients = account_aliases(labels), abuse_clients(labels)
    subjects = label_subjects(labels)
    caught, false_alarms, found = [], [], set()
    for a in sorted(alerts, key=lambda a: (a.get("user") or "", a["kind"], a.get("day") or "")):
        if a.get("user"):
            subject = alert_account(a, aliases)
        else:
            subject = source_subject(a, subjects, clients).split(":", 1)[1]
        category, behaviour, kinds = _lookup(subject, labels)
        row = {"subject": subject, "category": category, "behaviour": behaviour, "kind": a["kind"], "day": a.get("day"),
               "severity": a.get("severity"), "score": round(float(a.get("score", 0.0)), 3),
               "rules": list(a.get("rules") or []), "reasons": list(a.get("reasons") or [])}
        if a["kind"] in kinds:
            caught.append(row)
            found.add(subject)
        else:
            false_alarms.append(row)
    missed = []  # the subjects the score counts (one per person; an account's abusive client is its incident)
    for key, info in sorted(subjects.items()):
        subject = key.split(":", 1)[1]
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


@dataclass
class LabelledScan:
    """One generated log scanned with default settings and scored against its labels."""

    summary: dict
    score: object  # detector.evaluate.score_scan.ScanScore
    detail: dict

    def figures(self, seed: int, fmt: str, seconds: float) -> dict:
        """Seed, format, lines, rejected lines, seconds and the score's fields (no detail rows)."""
        return {"seed": seed, "format": fmt, "lines": self.summary["lines_read"],
                "rejected": self.summary["lines_rejected"], "seconds": round(seconds, 1), **self.score.to_dict()}


def scan_labelled(log: Path, labels: dict, out_dir: Path) -> LabelledScan:
    """Scan ``log`` with the labels' time zone and nothing else set, and score and explain its alerts.

    Parameters
    ----------
    log : Path
        The generated log.
    labels : dict
        Its labels (``tz`` gives the site's time zone).
    out_dir : Path
        Where the scan writes its outputs.
    """
    from detector.config import Settings
    from detector.evaluate.score_scan import score_alerts
    from detector.scan import run_scan

    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=out_dir)
    alerts = [a.to_dict() for a in result.analysis.alerts]
    return LabelledScan(result.summary, score_alerts(alerts, labels), explain(alerts, labels))


__all__ = ["LabelledScan", "explain", "print_detail", "scan_labelled"]
