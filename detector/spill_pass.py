"""The partitioned engines' reading pass: read, enrich and spill pieces of the log in parallel.

The log is cut into read tasks (:func:`detector.io.tasks.plan_reads`: about
:data:`READ_TASK_BYTES` of one plain file each, whole gzip and W3C files).
Each task runs wherever the runner puts it (this process, a worker process,
a Dask worker) and spills its records, enriched chunk by chunk, into its own
pieces of the shared partitions (:class:`~detector.partitions.PartitionSpill`
named after the task, so a partition's pieces read back in log order).  The
tasks' reports, allowlist counts and record populations are merged here, and
the rows of application sessions signed into elsewhere in the log are
placed last (:func:`~detector.partitions.place_staged`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from detector.config import Settings
from detector.enrich import enrich_records
from detector.features import FeatureParams
from detector.io.fastpath import set_parse_threads
from detector.io.memory import release_memory
from detector.io.reader import ReadReport
from detector.io.tasks import ReadTask, finish_reads, line_offsets, plan_reads, read_task_chunks
from detector.partitions import PartitionSpill, place_staged, spill_compression
from detector.prepare import drop_allowlisted_paths, feature_params
from detector.runners import usable_cores
from detector.sizing import text_bytes
from detector.units import entity_populations, with_populations

#: Most bytes of one plain log file read by one task (about 400k combined lines); see :func:`task_bytes`.
READ_TASK_BYTES = 128 << 20
#: Requests read, enriched and spilled at a time within a task.
CHUNK_LINES = 250_000


def task_bytes(paths: Sequence[Path], workers: int) -> int:
    """How many bytes of a plain file one read task takes: at most :data:`READ_TASK_BYTES`, and an even
    share, so the tasks come in whole rounds of ``workers`` (no worker idles through a last, lone task)."""
    total = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
    rounds = max(1, math.ceil(total / (max(workers, 1) * READ_TASK_BYTES)))
    return max(1, min(READ_TASK_BYTES, math.ceil(total / (rounds * max(workers, 1)))))


@dataclass
class SpilledTask:
    """What one read task spilled and found (small: it travels back from a worker)."""

    spill: PartitionSpill
    report: ReadReport
    dropped: dict[str, int]
    populations: dict[str, np.ndarray]
    size: int


def spill_task(task: ReadTask, index: int, settings: Settings, directory: Path, partitions: int,
               chunk_lines: int = CHUNK_LINES, parse_threads: int | None = None,
               compression: str = "lz4") -> SpilledTask:
    """Read one task's lines, drop allowlisted paths, enrich and spill them chunk by chunk.

    Parameters
    ----------
    task : ReadTask
        The piece of a log file to read.
    index : int
        The task's position in the log (names its pieces).
    settings : Settings
        Reading, allowlist and time-zone settings.
    directory : Path
        The scan's spill directory.
    partitions : int
        Partitions per partitioning.
    chunk_lines : int
        Requests read, enriched and spilled at a time.
    parse_threads : int, optional
        Threads this process parses with (see
        :func:`detector.io.fastpath.set_parse_threads`); None leaves it.
    compression : {"none", "lz4", "zstd"}, default "lz4"
        How the spilled pieces are compressed.

    Returns
    -------
    SpilledTask
    """
    if parse_threads is not None:
        set_parse_threads(parse_threads)
    report = ReadReport()
    spill = PartitionSpill(Path(directory), partitions, name=f"t{index:05d}", compression=compression)
    populations: dict[str, np.ndarray] = {}
    dropped: dict[str, int] = {}
    chunks = read_task_chunks(task, settings.log_format, settings.jsonl_mapping, chunk_lines=chunk_lines, report=report)
    for chunk in chunks:
        chunk, gone = drop_allowlisted_paths(chunk, settings)
        for reason, n in gone.items():
            dropped[reason] = dropped.get(reason, 0) + n
        enriched = enrich_records(chunk, settings.timezone)
        del chunk
        for name, values in entity_populations(enriched).items():
            populations[name] = np.union1d(populations[name], values) if name in populations else values
        spill.add(enriched)
        del enriched
        release_memory()
    return SpilledTask(spill, report, dropped, populations, task.size)


@dataclass
class SpillPass:
    """What the reading pass of a partitioned scan gives.

    Attributes
    ----------
    params : FeatureParams
        Feature settings with the log-wide record populations.
    dropped : dict of str to int
        Requests removed by path allowlists, per reason.
    report : ReadReport
        What reading found, as a sequential read would report it.
    line_offsets : dict of str to int
        Per spill name (``t00003``), what to add to the ``line_no`` of its
        pieces (read tasks number their lines from 1); see
        :func:`detector.partitions.read_partition`.
    """

    params: FeatureParams
    dropped: dict[str, int]
    report: ReadReport
    line_offsets: dict[str, int]


def spill_logs(paths: Sequence[Path], settings: Settings, directory: Path, partitions: int, runner,
               progress: Callable[[int], None] | None = None,
               meanwhile: Callable[[], None] | None = None) -> SpillPass:
    """The reading pass of a partitioned scan: every read task spilled, then merged.

    Parameters
    ----------
    paths : sequence of Path
        The logs.
    settings : Settings
        All settings.
    directory : Path
        The scan's spill directory.
    partitions : int
        Partitions per partitioning.
    runner : LocalRunner, ProcessRunner or DaskRunner
        Where the read tasks run.
    progress : callable, optional
        Called with the on-disk bytes of each finished task.
    meanwhile : callable, optional
        Run here once the tasks are handed out (work to overlap with them).

    Returns
    -------
    SpillPass

    Raises
    ------
    detector.io.reader.LogReadError
        A file is missing, unreadable, or nothing in it parses.
    """
    tasks, planned = plan_reads(paths, settings.input_format, settings.log_format, settings.jsonl_mapping,
                                target_bytes=task_bytes(paths, runner.workers))
    n = len(tasks)
    done = (lambda result: progress(result.size)) if progress is not None else None
    # worker processes share the cores: each parses with its share of them
    threads = max(1, usable_cores() // runner.workers) if runner.workers > 1 else None
    compression = spill_compression(settings.spill_compression, text_bytes(paths), Path(directory))
    results = runner.map(spill_task, tasks, range(n), [settings] * n, [Path(directory)] * n, [partitions] * n,
                         [CHUNK_LINES] * n, [threads] * n, [compression] * n, done=done, meanwhile=meanwhile)
    parts = [r.report for r in results]
    offsets = {r.spill.name: by_file[task.file_idx] for r, task, by_file in zip(results, tasks, line_offsets(parts))}
    report = finish_reads(planned, parts)
    dropped: dict[str, int] = {}
    populations: dict[str, list[np.ndarray]] = {}
    for result in results:
        for reason, count in result.dropped.items():
            dropped[reason] = dropped.get(reason, 0) + count
        for name, values in result.populations.items():
            populations.setdefault(name, []).append(values)
    place_staged([r.spill for r in results], offsets)
    united = {name: np.unique(np.concatenate(arrays)) for name, arrays in populations.items()}
    return SpillPass(with_populations(feature_params(settings), united), dropped, report, offsets)
