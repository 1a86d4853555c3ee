"""Run a scan in one frame, in partitions on this machine, or in partitions on a Dask cluster.

Every engine runs the same code: :func:`detector.units.build_units` makes
the per-unit tables and :func:`detector.pipeline.detect` fits, scores and
decides on them.  They differ in how much of the log is in memory at once
and where the work runs:

``memory``
    the whole log in one records frame, in this process (fastest for logs
    that fit);
``partitioned``
    read tasks (:mod:`detector.spill_pass`) enrich the log chunk by chunk
    and spill it to disk in partitions (:mod:`detector.partitions`); each
    partition is then summarised, so peak memory per worker is one
    partition; both run in ``settings.workers`` processes of this machine
    (:class:`~detector.runners.ProcessRunner`, one per core by default),
    fitting, scoring and deciding in this process;
``dask``
    the same read tasks and partition summaries on the workers of a Dask
    cluster (``dask.distributed``; a local cluster when no scheduler is
    given), which also score large levels in slices.  The logs and the
    spill directory must be paths every worker can read.

``auto`` picks ``memory`` for inputs up to ``partition_mb`` and
``partitioned`` above.  After deciding, the requests of alerted sessions
(and only those, with the columns the evidence reads) are read back for
the evidence files.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from detector.config import Settings
from detector.evidence_tables import REQUEST_COLUMNS
from detector.io.memory import release_memory
from detector.io.reader import ReadReport, read_logs
from detector.partitions import BY_ACCOUNT, BY_ADDRESS, partition_pieces, read_partition, take_requests, write_requests
from detector.schema import concat_records
from detector.sessions import Sessionised
from detector.features import FeatureParams
from detector.runners import DaskRunner, LocalRunner, ProcessRunner, dask_runner
from detector.sizing import choose_engine, local_workers, text_bytes
from detector.spill_pass import spill_logs
from detector.units import Units, build_units, combine_units, with_whole_log_features

if TYPE_CHECKING:  # the models (scikit-learn) are imported while the reading pass runs, see _load_models
    from detector.pipeline import Analysis
    from models.pipeline import DetectorModel

ENGINES = ("auto", "memory", "partitioned", "dask")
Runner = LocalRunner | ProcessRunner | DaskRunner


def input_mb(paths: Sequence[Path]) -> float:
    """The size of the log text in MB (gzip files counted at :data:`~detector.sizing.GZIP_RATIO` times their size)."""
    return text_bytes(paths) / 1e6


def plan(paths: Sequence[Path], settings: Settings, workers: int = 1) -> tuple[str, int]:
    """The engine a scan will use and its number of partitions (:func:`detector.sizing.choose_engine`).

    Parameters
    ----------
    paths : sequence of Path
        The logs.
    settings : Settings
        ``engine`` and ``partition_mb``.
    workers : int, default 1
        Workers available (see :func:`~detector.sizing.choose_engine`).

    Returns
    -------
    tuple of (str, int)
        The engine and its partitions, as :func:`~detector.sizing.choose_engine` returns them.
    """
    return choose_engine(input_mb(paths), settings.engine, settings.partition_mb, workers)


def account_partition(pieces: Sequence[Path], requests_path: Path, gap_minutes: float, params: FeatureParams,
                      line_offsets: Mapping[str, int] | None = None) -> Units:
    """Summarise one by-account partition: sessions, session and account-day features, windows.

    The sessionised requests (their ``line_no`` shifted by ``line_offsets``,
    see :func:`detector.partitions.read_partition`) are written to
    ``requests_path`` for the evidence of alerted sessions, only the
    columns it reads (:data:`detector.evidence_tables.REQUEST_COLUMNS`),
    and the spilled pieces removed.
    """
    units = build_units(read_partition(pieces, line_offsets), gap_minutes, params, levels=("session", "account_day"),
                        keep_data=True)
    requests = units.data.requests
    write_requests(requests[[c for c in ("session_idx", *REQUEST_COLUMNS) if c in requests.columns]], requests_path)
    units.data = None
    for piece in pieces:
        Path(piece).unlink(missing_ok=True)
    release_memory()
    return units


def summarise_partition(kind: str, pieces: Sequence[Path], requests_path: Path | None, gap_minutes: float,
                        params: FeatureParams, line_offsets: Mapping[str, int] | None = None) -> Units:
    """:func:`account_partition` or :func:`address_partition`, by ``kind`` (``requests_path`` and
    ``line_offsets`` only for accounts: by-address pieces carry no line numbers)."""
    if kind == BY_ACCOUNT:
        return account_partition(pieces, requests_path, gap_minutes, params, line_offsets)
    return address_partition(pieces, gap_minutes, params)


def address_partition(pieces: Sequence[Path], gap_minutes: float, params: FeatureParams) -> Units:
    """Summarise one by-address partition: address-day features."""
    units = build_units(read_partition(pieces), gap_minutes, params, levels=("source_day",))
    for piece in pieces:
        Path(piece).unlink(missing_ok=True)
    release_memory()
    return units


def alerted_requests(analysis: Analysis, units: Units, requests_files: Sequence[Path], offsets: np.ndarray) -> Sessionised:
    """The requests of the alerted sessions, read back from the partitions, as a :class:`Sessionised`.

    The sessions table is the whole log's; sessions without alerts get an
    empty ``start:stop`` range.
    """
    sessions = units.sessions.copy()
    wanted = {sid for alert in analysis.alerts for sid in alert.session_ids}
    idx = np.sort(sessions.index.to_numpy()[sessions["session_id"].isin(wanted).to_numpy()])
    starts = sessions["start"].to_numpy(dtype=np.int64)
    stops = sessions["stop"].to_numpy(dtype=np.int64)
    part_of = np.searchsorted(offsets, idx, side="right") - 1
    frames = []
    for part in np.unique(part_of):
        mine = idx[part_of == part]
        rows = np.concatenate([np.arange(starts[i], stops[i]) for i in mine])
        frame = take_requests(requests_files[part], rows)
        frame["session_idx"] = frame["session_idx"].to_numpy(dtype=np.int64) + offsets[part]
        frames.append(frame)
    if not frames and requests_files:  # no alerts: no rows, but the columns and types the evidence reads
        frames.append(take_requests(requests_files[0], np.zeros(0, dtype=np.int64)))
    requests = concat_records(frames) if frames else pd.DataFrame(columns=["session_idx"])
    lengths = stops[idx] - starts[idx]
    new_starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64) if len(idx) else np.zeros(0, np.int64)
    sessions["start"] = 0
    sessions["stop"] = 0
    sessions.loc[idx, "start"] = new_starts
    sessions.loc[idx, "stop"] = new_starts + lengths
    return Sessionised(requests, sessions)


@dataclass
class Spilled:
    """A log's unit tables gathered from its partitions, while the spill still exists.

    Attributes
    ----------
    units : Units
        The whole log's per-unit tables (without requests).
    report : ReadReport
        What reading found.
    dropped : dict of str to int
        Requests removed by path allowlists, per reason.
    requests_files : list of Path
        Per by-account partition, its sessionised requests (for evidence).
    offsets : numpy.ndarray
        Per by-account partition, the global number of its first session.
    """

    units: Units
    report: ReadReport
    dropped: dict[str, int]
    requests_files: list[Path]
    offsets: np.ndarray


@contextmanager
def spilled_units(paths: Sequence[Path], settings: Settings, partitions: int, runner: Runner,
                  progress: Callable[[int], None] | None = None) -> Iterator[Spilled]:
    """Read, spill by partition and summarise each partition; the spill is removed on exit.

    Parameters
    ----------
    paths : sequence of Path
        The logs.
    settings : Settings
        All settings (``spill_dir`` for where partitions go).
    partitions : int
        Partitions per partitioning.
    runner : LocalRunner, ProcessRunner or DaskRunner
        Where read and partition tasks run.
    progress : callable, optional
        Called with bytes read.

    Yields
    ------
    Spilled
    """
    root = Path(tempfile.mkdtemp(prefix="detector-spill-", dir=settings.spill_dir)).resolve()
    if isinstance(runner, DaskRunner):  # workers elsewhere open the logs by the same, absolute, path
        paths = [Path(p).resolve() for p in paths]
    try:
        spill = spill_logs(paths, settings, root, partitions, runner, progress, meanwhile=_load_models)
        runner.recycle()
        # a log with no request in it (empty, or nothing parsed) still gives one, empty, partition of each kind
        by_account = partition_pieces(root, BY_ACCOUNT) or [[]]
        requests_files = [root / "requests" / f"{i:05d}.arrow" for i in range(len(by_account))]
        by_address = partition_pieces(root, BY_ADDRESS) or [[]]
        n, gap, total = len(by_account), settings.session_gap_minutes, len(by_account) + len(by_address)
        # one map for both partitionings, so no worker waits for the last by-account partition
        summaries = runner.map(summarise_partition, [BY_ACCOUNT] * n + [BY_ADDRESS] * len(by_address),
                               [*by_account, *by_address], [*requests_files, *[None] * len(by_address)],
                               [gap] * total, [spill.params] * total, [spill.line_offsets] * total)
        units = with_whole_log_features(combine_units(summaries))
        offsets = np.cumsum([0] + [len(u.sessions) for u in summaries[:n]])[:-1]
        del summaries
        runner.recycle()  # the memory the summaries' workers kept goes back before the central phase
        yield Spilled(units, spill.report, spill.dropped, requests_files, offsets)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _load_models() -> None:
    """Import the models (scikit-learn, about 1.5 s) while the workers read: the scan needs them next."""
    import detector.pipeline  # noqa: F401


@contextmanager
def _engine(paths: Sequence[Path], settings: Settings) -> Iterator[tuple[str, int, Runner]]:
    """The engine, partitions and runner :func:`plan` picks (worker processes or a Dask cluster live as long as the context)."""
    if settings.engine == "dask":
        with dask_runner(settings.scheduler) as runner:
            engine, partitions = plan(paths, settings, runner.workers)
            yield engine, partitions, runner
        return
    workers = local_workers(settings)
    engine, partitions = plan(paths, settings, workers)
    if engine == "memory" or workers == 1:
        yield engine, partitions, LocalRunner()
        return
    with ProcessRunner(workers) as runner:
        yield engine, partitions, runner


def _read_units(paths: Sequence[Path], settings: Settings, progress: Callable[[int], None] | None,
                keep_data: bool) -> tuple[Units, ReadReport, dict[str, int]]:
    """The memory engine's unit tables: the whole log in one frame."""
    records, report = read_logs(paths, fmt=settings.input_format, log_format=settings.log_format,
                                jsonl_mapping=settings.jsonl_mapping, progress=progress)
    from detector.pipeline import records_units

    units, dropped = records_units(records, settings, keep_data=keep_data)
    return units, report, dropped


def log_units(paths: Sequence[Path], settings: Settings,
              progress: Callable[[int], None] | None = None) -> tuple[Units, ReadReport]:
    """The per-unit tables of log files, by the engine :func:`plan` picks (what ``detector train`` fits on).

    Raises
    ------
    detector.io.reader.LogReadError
        A file is missing, unreadable, or nothing in it parses.
    detector.runners.EngineUnavailable
        The Dask engine cannot start or reach its scheduler, or a worker process died.
    """
    paths = [Path(p) for p in paths]
    with _engine(paths, settings) as (engine, partitions, runner):
        if engine == "memory":
            units, report, _ = _read_units(paths, settings, progress, keep_data=False)
            return units, report
        with spilled_units(paths, settings, partitions, runner, progress) as spilled:
            return spilled.units, spilled.report


def analyse_logs(paths: Sequence[Path], settings: Settings, model: DetectorModel | None = None,
                 progress: Callable[[int], None] | None = None) -> tuple[Analysis, ReadReport]:
    """Analyse log files with the engine :func:`plan` picks from ``settings``.

    Parameters
    ----------
    paths : sequence of Path
        Log files (plain or gzip), read in the given order.
    settings : Settings
        All settings; ``engine``, ``partition_mb``, ``spill_dir`` and
        ``scheduler`` choose how the work is run.
    model : DetectorModel, optional
        A fitted model; None fits one on these logs.
    progress : callable, optional
        Called with the number of bytes read since the last call.

    Returns
    -------
    analysis : Analysis
    report : ReadReport

    Raises
    ------
    detector.io.reader.LogReadError
        A file is missing, unreadable, or nothing in it parses.
    detector.runners.EngineUnavailable
        The Dask engine cannot start or reach its scheduler, or a worker process died.
    """
    paths = [Path(p) for p in paths]
    with _engine(paths, settings) as (engine, partitions, runner):
        if engine == "memory":
            units, report, dropped = _read_units(paths, settings, progress, keep_data=True)
            from detector.pipeline import detect

            analysis = detect(units, settings, model, dropped)
        else:
            # the models (scikit-learn, about a second) are imported while the workers read, not before
            with spilled_units(paths, settings, partitions, runner, progress) as spilled:
                from detector.pipeline import detect

                report = spilled.report
                # fitted once here (on a sample of the units), scored in slices on threads here or on a cluster's workers
                analysis = detect(spilled.units, settings, model, spilled.dropped, runner)
                analysis.data = alerted_requests(analysis, spilled.units, spilled.requests_files, spilled.offsets)
    analysis.stats.update(engine=engine, partitions=partitions, workers=runner.workers)
    return analysis, report
