"""``detector scan``: log files in, explained alerts out.

Reads the files (any supported format, gzip or not), runs
:func:`detector.pipeline.analyse`, and writes the documented outputs into a
directory: ``alerts.jsonl``, ``sessions.csv`` and ``summary.json``.  Outputs
are written to a temporary directory first and moved into place at the end,
``summary.json`` last, so an interrupted scan never leaves output that looks
complete.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from detector.config import Settings
from detector.engine import analyse_logs
from detector.io.reader import ReadReport
from detector.io.tables import write_csv

if TYPE_CHECKING:  # the engine imports the models while its workers read (see detector.engine)
    from detector.pipeline import Analysis
    from models.pipeline import DetectorModel

OUTPUT_FILES = ("alerts.jsonl", "sessions.csv", "summary.json")


@dataclass
class ScanResult:
    """A finished scan: the analysis, the read report and the summary written."""

    analysis: Analysis
    report: ReadReport
    summary: dict
    out_dir: Path | None


def build_summary(analysis: Analysis, report: ReadReport, elapsed_s: float) -> dict:
    """The ``summary.json`` contents.

    Parameters
    ----------
    analysis : Analysis
        Output of :func:`detector.pipeline.analyse`.
    report : ReadReport
        What reading the files found (formats, counts, rejected lines).
    elapsed_s : float
        Wall-clock seconds of the whole scan.

    Returns
    -------
    dict
    """
    read = report.to_dict()
    by_kind: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    for alert in analysis.alerts:
        by_kind[alert.kind] = by_kind.get(alert.kind, 0) + 1
        by_severity[alert.severity] = by_severity.get(alert.severity, 0) + 1
    lines = max(int(read.get("lines_read", 0)), 1)
    return {
        **read,
        "sessions": analysis.stats.get("sessions", 0),
        "accounts": analysis.stats.get("accounts", 0),
        "alerts": len(analysis.alerts),
        "alerts_by_kind": by_kind,
        "alerts_by_severity": by_severity,
        "suppressed": analysis.suppressed,
        "allowlisted_requests": analysis.stats.get("allowlisted_requests", {}),
        "engine": analysis.stats.get("engine", "memory"),
        "partitions": analysis.stats.get("partitions", 1),
        "workers": analysis.stats.get("workers", 1),
        "elapsed_seconds": round(elapsed_s, 3),
        "lines_per_second": round(lines / max(elapsed_s, 1e-9), 1),
    }


def write_outputs(out_dir: Path, analysis: Analysis, summary: dict) -> None:
    """Write the three output files into ``out_dir`` atomically.

    Parameters
    ----------
    out_dir : Path
        Created if missing; existing output files are replaced.
    analysis : Analysis
        Alerts and sessions to write.
    summary : dict
        Written last, as ``summary.json``.
    """
    from detector.evidence import write_evidence

    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".scan-", dir=out_dir))
    try:
        with open(staging / "alerts.jsonl", "w", encoding="utf-8") as fh:
            for alert in analysis.alerts:
                fh.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
        # one after the other: writing sessions.csv on a thread while the evidence is built saved about 1 % of a
        # 10M-line scan and raised its peak memory (at this point) by 0.07-0.1 GiB
        write_csv(analysis.sessions, staging / "sessions.csv")
        evidence = write_evidence(staging, analysis)  # report/explain evidence, no record IDs (detector.evidence)
        with open(staging / "summary.json", "w", encoding="utf-8") as fh:
            json.dump(summary, fh, indent=2, default=str)
        # a stale summary must never describe new files: remove it first, place it last
        (out_dir / "summary.json").unlink(missing_ok=True)
        for name in (*evidence, *OUTPUT_FILES):
            os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run_scan(
    paths: Sequence[str | Path],
    settings: Settings,
    out_dir: str | Path | None = None,
    model: DetectorModel | None = None,
    progress: Callable[[int], None] | None = None,
) -> ScanResult:
    """Scan log files and write the outputs.

    Parameters
    ----------
    paths : sequence of path
        Log files (plain or gzip), read in the given order.
    settings : Settings
        All settings; ``input_format`` and ``log_format`` steer the reader,
        ``engine`` how the work is run (see :mod:`detector.engine`).
    out_dir : path, optional
        Where to write ``alerts.jsonl``, ``sessions.csv`` and ``summary.json``;
        nothing is written when None.
    model : DetectorModel, optional
        A fitted model; None fits one on these logs.
    progress : callable, optional
        Called with the number of bytes read since the last call.

    Returns
    -------
    ScanResult

    Raises
    ------
    detector.io.reader.LogReadError
        A file is missing, unreadable, or nothing in it parses.
    detector.runners.EngineUnavailable
        The Dask engine cannot start or reach its scheduler, or a worker process died.
    """
    started = time.perf_counter()
    analysis, report = analyse_logs([Path(p) for p in paths], settings, model=model, progress=progress)
    summary = build_summary(analysis, report, time.perf_counter() - started)
    target = Path(out_dir) if out_dir is not None else None
    if target is not None:
        write_outputs(target, analysis, summary)
    return ScanResult(analysis, report, summary, target)
