"""Held-out evaluation: a labelled log of a *different* student-information system.

:mod:`sample_logs.heldout` writes the access log of an ASP.NET district SIS
designed independently of :mod:`sample_logs` (query-string pupil IDs, UUID
JSON endpoints, OpenID Connect sign-in, SignalR and keep-alive polling, IIS
W3C or nginx format, other scraping and sharing styles).  Nothing in the
detector was tuned on it and no test asserts detection results on it: it
exists so ``make eval`` measures how the detector does on an app it has never
seen.  :func:`heldout` generates one log, scans it with default settings (the
site's time zone only), scores the alerts and prints, besides precision,
recall and average precision, *why* it went wrong: the rules behind the false
alarms, the look-alikes alerted and the abusive accounts missed or alerted
with the wrong kind.

``python -m detector.evaluate.heldout [--seed 60601] [--format w3c|nginx] [--staff 300] [--days 2]``
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from detector.config import Settings
from detector.evaluate.score_scan import format_score, score_alerts
from detector.scan import run_scan

#: Seeds reserved for the held-out app (used nowhere else), and the format each is written in.
HELDOUT_RUNS: tuple[tuple[int, str], ...] = ((60601, "w3c"), (5150, "nginx"))


def _first_reasons(alert: dict, n: int = 2) -> list[str]:
    return [str(r) for r in (alert.get("reasons") or [])[:n]]


def error_analysis(alerts: list[dict], labels: dict) -> dict:
    """Say why the score is what it is: which rules made false alarms, what was missed.

    Parameters
    ----------
    alerts : list of dict
        ``alerts.jsonl`` records.
    labels : dict
        The held-out generator's labels.

    Returns
    -------
    dict
        ``false_alarm_rules`` (first rule of each false alarm -> count),
        ``false_alarm_rules_any`` (every rule that fired in a false alarm -> count),
        ``lookalikes`` (look-alike subject -> behaviour, kinds, rules, reasons),
        ``abusive`` (abusive subject -> behaviour, expected kinds, kinds alerted,
        rules and reasons of its best alert, or ``missed``).
    """
    subjects = {f"user:{u.lower()}": v for u, v in labels.get("accounts", {}).items()}
    subjects.update({f"ip:{ip}": v for ip, v in labels.get("sources", {}).items()})
    by_subject: dict[str, list[dict]] = {}
    for a in alerts:
        key = f"user:{a['user'].lower()}" if a.get("user") else f"ip:{(a.get('client_ips') or ['?'])[0]}"
        if not a.get("user"):
            key = next((f"ip:{ip}" for ip in a.get("client_ips") or [] if f"ip:{ip}" in subjects), key)
        by_subject.setdefault(key, []).append(a)
    first_rules: Counter = Counter()
    any_rules: Counter = Counter()
    lookalikes, abusive = {}, {}
    for key, items in by_subject.items():
        info = subjects.get(key, {})
        wrong = [a for a in items if a["kind"] not in info.get("kinds", [])]
        for a in wrong:
            first_rules[(a.get("rules") or ["?"])[0]] += 1
            any_rules.update(set(a.get("rules") or []))
        if key in subjects and not info.get("kinds"):
            best = max(items, key=lambda a: a.get("score", 0))
            lookalikes[key] = {"behaviour": info.get("behaviour"), "kinds": sorted({a["kind"] for a in items}),
                               "rules": best.get("rules", []), "reasons": _first_reasons(best)}
    for key, info in subjects.items():
        if not info.get("kinds"):
            continue
        items = by_subject.get(key, [])
        best = max(items, key=lambda a: a.get("score", 0)) if items else None
        abusive[key] = {"behaviour": info.get("behaviour"), "expected": info["kinds"],
                        "alerted": sorted({a["kind"] for a in items}) or "missed",
                        "rules": best.get("rules", []) if best else [], "reasons": _first_reasons(best, 3) if best else []}
    return {"false_alarm_rules": dict(first_rules.most_common()), "false_alarm_rules_any": dict(any_rules.most_common()),
            "lookalikes": lookalikes, "abusive": abusive}


def format_errors(errors: dict) -> str:
    """The error analysis as text."""
    lines = []
    if errors["false_alarm_rules"]:
        lines.append("false alarms by first rule: " + ", ".join(f"{r} {n}" for r, n in errors["false_alarm_rules"].items()))
    for key, e in sorted(errors["lookalikes"].items()):
        lines.append(f"look-alike alerted: {key} ({e['behaviour']}) as {'/'.join(e['kinds'])}: {'; '.join(e['reasons'])}")
    for key, e in sorted(errors["abusive"].items(), key=lambda kv: kv[1]["behaviour"]):
        if e["alerted"] == "missed":
            lines.append(f"missed: {key} ({e['behaviour']}, expected {'/'.join(e['expected'])})")
        elif not set(e["alerted"]) & set(e["expected"]):
            lines.append(f"wrong kind: {key} ({e['behaviour']}, expected {'/'.join(e['expected'])}) alerted as "
                         f"{'/'.join(e['alerted'])}: {'; '.join(e['reasons'][:2])}")
    return "\n".join(lines)


def heldout(out: Path, seed: int, fmt: str = "w3c", days: int = 2, staff: int = 300) -> dict:
    """Generate one held-out log, scan it with default settings, score it and print the figures.

    Parameters
    ----------
    out : Path
        Folder for the log, its labels and the scan (``heldout-seed<seed>-<fmt>/``).
    seed : int
        Generator seed (see :data:`HELDOUT_RUNS`).
    fmt : str
        ``w3c`` or ``nginx``.
    days, staff : int
        Working days and staff accounts of the generated district.

    Returns
    -------
    dict
        Seed, format, time zone, line counts, timings, the score (precision,
        recall, average precision, by behaviour...) and :func:`error_analysis`.
    """
    from sample_logs.heldout import generate_heldout

    folder = Path(out) / f"heldout-seed{seed}-{fmt}"
    log = folder / "access.log"
    started = time.perf_counter()
    labels = generate_heldout(log, folder / "labels.json", seed=seed, days=days, n_staff=staff, fmt=fmt)
    generated_s = time.perf_counter() - started
    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=folder / "scan")
    scanned_s = time.perf_counter() - started - generated_s
    alerts = [a.to_dict() for a in result.analysis.alerts]
    score = score_alerts(alerts, labels)
    errors = error_analysis(alerts, labels)
    summary = result.summary
    print(f"\n== held-out app ({labels['district']}, {labels['tz']}): seed {seed}, format {fmt}, "
          f"{summary['lines_read']:,} lines read as {', '.join(sorted(set(summary['formats'].values())))}, "
          f"{summary['lines_rejected']:,} rejected; generated in {generated_s:.1f} s, scanned in {scanned_s:.1f} s ==")
    print(format_score(score))
    text = format_errors(errors)
    if text:
        print(text)
    return {"seed": seed, "format": fmt, "tz": labels["tz"], "lines": summary["lines_read"],
            "lines_rejected": summary["lines_rejected"], "formats_read": sorted(set(summary["formats"].values())),
            "generate_s": round(generated_s, 1), "scan_s": round(scanned_s, 1), **score.to_dict(), "errors": errors}


def main(argv: list[str] | None = None) -> int:
    """Command line: one held-out run."""
    parser = argparse.ArgumentParser(description="Held-out evaluation on a different SIS's labelled log.")
    parser.add_argument("--out", type=Path, default=Path("build/eval"))
    parser.add_argument("--seed", type=int, default=HELDOUT_RUNS[0][0])
    parser.add_argument("--format", choices=("w3c", "nginx"), default="w3c")
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--staff", type=int, default=300)
    args = parser.parse_args(argv)
    heldout(args.out, args.seed, args.format, args.days, args.staff)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
