"""Fourth blind app: generate state student-data system logs (:mod:`sample_logs.blind4`), scan them, score them.

``python -m detector.evaluate.blind4 [--seed N --format F --days D --staff S]``.
The generator was written without reading the detector; the scan uses default
settings apart from the site's time zone.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from detector.evaluate.alert_detail import print_detail, scan_labelled
from detector.evaluate.score_scan import format_score

#: (seed, format) of the evaluation runs; these seeds are used nowhere else.
BLIND4_RUNS = ((31337, "nginx_xff"), (46021, "lograge_json"))


def blind4(out: Path, seed: int, fmt: str, days: int = 2, staff: int = 250, detail: bool = True) -> dict:
    """Generate, scan and score one log of the fourth blind app.

    Parameters
    ----------
    out : Path
        Folder for the log, labels and scan (``out/blind4-seed{seed}-{fmt}``).
    seed, fmt : int, str
        Generator seed and log format (see :data:`sample_logs.blind4.FORMATS`).
    days, staff : int
        Size of the log.
    detail : bool
        Also print caught, missed and false alarms with their reasons.

    Returns
    -------
    dict
        ``seed``, ``format``, ``lines``, ``seconds`` and the :class:`ScanScore` figures, plus ``detail``.
    """
    from sample_logs.blind4.generate import generate

    folder = Path(out) / f"blind4-seed{seed}-{fmt}"
    log = folder / ("access.jsonl" if fmt == "jsonl" else "access.log")
    labels = generate(log, folder / "labels.json", seed=seed, days=days, n_staff=staff, fmt=fmt)
    started = time.perf_counter()
    run = scan_labelled(log, labels, folder / "scan")
    seconds = time.perf_counter() - started
    print(f"\n== fourth blind app ({labels.get('app', 'state student data')}): seed {seed}, format {fmt}, {run.summary['lines_read']:,} lines, "
          f"{run.summary['lines_rejected']} rejected, {seconds:.1f} s ==")
    print(format_score(run.score))
    if detail:
        print_detail(run.detail)
    return {**run.figures(seed, fmt, seconds), "detail": run.detail}


def main(argv: list[str] | None = None) -> int:
    """Command line: run one or both evaluation seeds."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("build/eval"))
    ap.add_argument("--seed", type=int)
    ap.add_argument("--format", default="nginx_xff")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=250)
    args = ap.parse_args(argv)
    runs = [(args.seed, args.format)] if args.seed is not None else BLIND4_RUNS
    for seed, fmt in runs:
        blind4(args.out, seed, fmt, days=args.days, staff=args.staff)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
