"""Third blind app: generate TidePool SIS logs (:mod:`sample_logs.blind3`), scan them, score them.

``python -m detector.evaluate.blind3 [--seed N --format vhost_combined|jsonl --days D --staff S]``.
The generator was written without reading the detector; the scan uses default
settings apart from the site's time zone.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from detector.config import Settings
from detector.evaluate.alert_detail import explain, print_detail
from detector.evaluate.score_scan import format_score, score_alerts
from detector.scan import run_scan

#: (seed, format) of the evaluation runs; these seeds are used nowhere else.
BLIND3_RUNS = ((57713, "vhost_combined"), (80631, "jsonl"))


def blind3(out: Path, seed: int, fmt: str, days: int = 2, staff: int = 250, detail: bool = True) -> dict:
    """Generate, scan and score one TidePool SIS log.

    Parameters
    ----------
    out : Path
        Folder for the log, labels and scan (``out/blind3-seed{seed}-{fmt}``).
    seed, fmt : int, str
        Generator seed and log format (``vhost_combined`` or ``jsonl``).
    days, staff : int
        Size of the log.
    detail : bool
        Also print caught, missed and false alarms with their reasons.

    Returns
    -------
    dict
        ``seed``, ``format``, ``lines``, ``seconds`` and the :class:`ScanScore` figures, plus ``detail``.
    """
    from sample_logs.blind3.generate import generate

    folder = Path(out) / f"blind3-seed{seed}-{fmt}"
    log = folder / ("access.jsonl" if fmt == "jsonl" else "access.log")
    labels = generate(log, folder / "labels.json", seed=seed, days=days, n_staff=staff, fmt=fmt)
    started = time.perf_counter()
    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=folder / "scan")
    alerts = [a.to_dict() for a in result.analysis.alerts]
    score = score_alerts(alerts, labels)
    seconds = time.perf_counter() - started
    print(f"\n== third blind app (TidePool SIS): seed {seed}, format {fmt}, {result.summary['lines_read']:,} lines, "
          f"{result.summary['lines_rejected']} rejected, {seconds:.1f} s ==")
    print(format_score(score))
    info = explain(alerts, labels)
    if detail:
        print_detail(info)
    return {"seed": seed, "format": fmt, "lines": result.summary["lines_read"],
            "rejected": result.summary["lines_rejected"], "seconds": round(seconds, 1), **score.to_dict(), "detail": info}


def main(argv: list[str] | None = None) -> int:
    """Command line: run one or both evaluation seeds."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("build/eval"))
    ap.add_argument("--seed", type=int)
    ap.add_argument("--format", default="vhost_combined")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=250)
    args = ap.parse_args(argv)
    runs = [(args.seed, args.format)] if args.seed is not None else BLIND3_RUNS
    for seed, fmt in runs:
        blind3(args.out, seed, fmt, days=args.days, staff=args.staff)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
