"""``detector scan``: log files in, explained alerts out.

Reads the files (any supported format, gzip or not), runs
:func:`detector.pipeline.analyse`, and writes the documented outputs into a
directory: ``alerts.jsonl``, ``sessions.csv`` and ``summary.json``.  Outputs
are written to a temporary directory first and moved into place at the end,
``summary.json`` last, so an interrupted scan never leaves output that looks
complete.

Before reading anything, :func:`check_scan` refuses what would only fail at
the end (an output directory that cannot be written, a spill directory that
is a file, a rule file using features the code does not compute), and
:func:`distinct_logs` drops a file given twice (by another name, a symlink or
an overlapping glob), with a warning, so no line is counted twice.
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

from detector.config import ConfigError, Settings
from detector.preflight import writable_directory
from detector.scan_folder import REPORT_NAME
from detector.engine import analyse_logs
from detector.io.reader import ReadReport
from detector.io.tables import write_csv

if TYPE_CHECKING:  # the engine imports the models while its workers read (see detector.engine)
    from detector.pipeline import Analysis
    from models.pipeline import DetectorModel
    from models.rules import RuleSet

OUTPUT_FILES = ("alerts.jsonl", "sessions.csv", "summary.json")
#: Columns the rules may read besides the features: added by the models (see ``models.pipeline._augmented``).
MODEL_COLUMNS = ("anomaly_score", "anomalous")


class ScanError(Exception):
    """A scan cannot start (unusable output or spill directory, invalid rules) or cannot write its outputs.

    The message is one line naming the path or rule and the problem.
    """


def distinct_logs(paths: Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """The logs, each file once, and a warning for every duplicate dropped.

    Two names are the same file when they have the same device and inode (a
    symlink, a hard link, ``./a.log`` and ``a.log``, overlapping globs).
    Names that do not exist are kept (once per absolute path), for the reader
    to report.

    Parameters
    ----------
    paths : sequence of path
        Log files in the order given.

    Returns
    -------
    logs : list of Path
        The first occurrence of each file, in order.
    warnings : list of str
        One per name dropped, naming it and the name kept.
    """
    kept: list[Path] = []
    warnings: list[str] = []
    seen: dict[object, Path] = {}
    for raw in paths:
        path = Path(raw)
        try:
            st = path.stat()
            identity: object = (st.st_dev, st.st_ino)
        except OSError:
            identity = path.absolute()
        if identity in seen:
            first = seen[identity]
            same = "given twice" if str(first) == str(path) else f"the same file as {first}"
            warnings.append(f"{path}: {same}; read once")
            continue
        seen[identity] = path
        kept.append(path)
    return kept, warnings


def rule_features(settings: Settings | None = None) -> dict[str, set[str]]:
    """The columns the rules of each level may read: the features the running code computes,
    their ``<name>_vs_peers`` ratios and the models' ``anomaly_score`` and ``anomalous``.

    Computed on an empty log (a few milliseconds once the models are imported).
    """
    from detector.pipeline import build_features
    from detector.schema import empty_records
    from models.pipeline import PEER_FEATURES

    _, features = build_features(empty_records(), settings or Settings())
    known = {}
    for level, frame in features.items():
        columns = set(map(str, frame.columns))
        ratios = {f"{name}_vs_peers" for name in PEER_FEATURES.get(level, []) if name in columns}
        known[level] = columns | ratios | set(MODEL_COLUMNS)
    return known


def check_rules(rules_file: str | Path | None, settings: Settings | None = None) -> RuleSet:
    """Load a rule file and check every rule against :func:`rule_features`.

    Parameters
    ----------
    rules_file : path or None
        The rule file; None checks the packaged default.
    settings : Settings, optional
        Feature settings (defaults when None).

    Returns
    -------
    models.rules.RuleSet

    Raises
    ------
    models.rules.RuleError
        Naming the rule and the problem (bad YAML, unknown feature in a
        condition, unknown placeholder in a reason...).
    """
    from models.rules import default_rules_path, load_rules

    return load_rules(Path(rules_file) if rules_file is not None else default_rules_path(),
                      known_features=rule_features(settings))


def check_scan(settings: Settings, out_dir: str | Path | None = None) -> None:
    """Refuse, before reading a line, a scan that could only fail later.

    * ``out_dir`` must be a writable directory or one that can be created
      (it is created only when the outputs are written);
    * ``settings.spill_dir``, when given, is created if missing and must be a
      writable directory;
    * ``settings.rules_file``, when given, must hold valid rules using only
      features the running code computes (the packaged rules are tested).

    Raises
    ------
    ScanError
        One line naming the path or rule and the problem.
    """
    try:
        if out_dir is not None:
            writable_directory(out_dir, "output directory", keep=False)  # created when the outputs are written
        if settings.spill_dir is not None:
            writable_directory(settings.spill_dir, "spill directory")
    except ConfigError as exc:
        raise ScanError(str(exc)) from None
    if settings.rules_file is not None:  # the packaged rules are tested; checking costs the models' import
        from models.rules import RuleError

        try:
            check_rules(settings.rules_file, settings)
        except RuleError as exc:
            raise ScanError(f"rules_file {settings.rules_file}: {exc}") from None


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

    Raises
    ------
    ScanError
        The directory cannot be created or written (disk full, permissions...);
        output files already in it are left as they were.
    """
    try:
        _write_outputs(out_dir, analysis, summary)
    except OSError as exc:
        name = f" ({exc.filename})" if exc.filename else ""
        raise ScanError(f"cannot write the outputs to {out_dir}{name}: {exc.strerror or exc}") from None


def _write_outputs(out_dir: Path, analysis: Analysis, summary: dict) -> None:
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
        (out_dir / REPORT_NAME).unlink(missing_ok=True)  # a report drawn from the outputs being replaced would mislead
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
        Log files (plain or gzip), read in the given order; a file named twice
        is read once (see :func:`distinct_logs`), with a warning in the summary.
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
    ScanError
        Before reading: the output or spill directory is unusable, or the rule
        file is invalid (see :func:`check_scan`); at the end: the outputs
        cannot be written.
    """
    started = time.perf_counter()
    target = Path(out_dir) if out_dir is not None else None
    check_scan(settings, target)
    logs, duplicates = distinct_logs(paths)
    analysis, report = analyse_logs(logs, settings, model=model, progress=progress)
    report.warnings[:0] = duplicates
    summary = build_summary(analysis, report, time.perf_counter() - started)
    if target is not None:
        write_outputs(target, analysis, summary)
    return ScanResult(analysis, report, summary, target)
