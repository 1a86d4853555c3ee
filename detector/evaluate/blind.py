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

from detector.evaluate.alert_detail import print_detail, scan_labelled
from detector.evaluate.score_scan import format_score

#: (seed, format) pairs reserved for the blind evaluation
BLIND_RUNS = ((61717, "ecs"), (70503, "caddy"))


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
    run = scan_labelled(log, labels, folder / "scan")
    seconds = time.perf_counter() - started
    summary = run.summary
    print(f"\n== blind app: seed {seed}, format {fmt}, {summary['lines_read']:,} lines "
          f"({summary['lines_rejected']} rejected), {seconds:.1f} s (generation {generated:.1f} s) ==")
    print(format_score(run.score))
    print_detail(run.detail)
    return {**run.figures(seed, fmt, seconds), **run.detail}
