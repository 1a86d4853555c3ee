"""Second blind app: a SELPA special-education case-management system the detector never saw.

Generates labelled logs with :mod:`sample_logs.blind2` (a Java/Spring MVC app behind Traefik,
written as Traefik JSON or Tomcat AccessLogValve lines, designed without reading the detector),
scans them with default settings (only the site's time zone), scores the alerts and lists what
was caught, missed and falsely alarmed with the alerts' kinds and reasons.
"""

from __future__ import annotations

import time
from pathlib import Path

from detector.evaluate.alert_detail import print_detail, scan_labelled
from detector.evaluate.score_scan import format_score

#: (seed, format) pairs reserved for the second blind evaluation
BLIND2_RUNS = ((36151, "traefik"), (52807, "tomcat"))


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
    run = scan_labelled(log, labels, folder / "scan")
    seconds = time.perf_counter() - started
    summary = run.summary
    print(f"\n== second blind app: seed {seed}, format {fmt}, {summary['lines_read']:,} lines "
          f"({summary['lines_rejected']} rejected), {seconds:.1f} s (generation {generated:.1f} s) ==")
    print(format_score(run.score))
    print_detail(run.detail)
    return {**run.figures(seed, fmt, seconds), **run.detail}
