"""How big a scan's input is, and which engine a scan of it runs: decided before anything heavy is imported.

The CLI asks :func:`uses_worker_processes` first thing, so that the worker
processes' fork server (:func:`detector.runners.start_worker_server`) loads
its modules while the scan process loads its own; :func:`detector.engine.plan`
makes the same decision from the same function.  Only the standard library
is imported here.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from detector.config import Settings

#: gzip'd logs are counted at this multiple of their size when sizing partitions and spills.
GZIP_RATIO = 8


def text_bytes(paths: Iterable[str | os.PathLike]) -> float:
    """About how many bytes of log text the files hold (gzip files counted at :data:`GZIP_RATIO` times their size).

    Missing files count 0 (reading them reports the error).
    """
    total = 0.0
    for path in paths:
        path = Path(path)
        if not path.is_file():
            continue
        with open(path, "rb") as fh:
            zipped = fh.read(2) == b"\x1f\x8b"
        total += path.stat().st_size * (GZIP_RATIO if zipped else 1)
    return total


def choose_engine(size_mb: float, engine: str, partition_mb: float, workers: int = 1) -> tuple[str, int]:
    """The engine a scan of ``size_mb`` MB of log text runs, and its number of partitions.

    Parameters
    ----------
    size_mb : float
        Log text in MB (:func:`text_bytes` / 1e6).
    engine : {"auto", "memory", "partitioned", "dask"}
        ``Settings.engine``; ``auto`` is ``memory`` up to ``partition_mb``.
    partition_mb : float
        ``Settings.partition_mb``.
    workers : int, default 1
        Workers available.  Each holds one partition at a time, so a
        partitioned scan with several local workers gets that many times more
        (smaller) partitions; a Dask cluster gets at least two per worker.

    Returns
    -------
    engine : str
        ``memory``, ``partitioned`` or ``dask``.
    partitions : int
        1 for ``memory``.
    """
    if engine == "auto":
        engine = "memory" if size_mb <= partition_mb else "partitioned"
    if engine == "memory":
        return engine, 1
    partitions = max(1, math.ceil(size_mb / partition_mb))
    if engine == "dask":
        return engine, max(partitions, 2 * workers)
    return engine, partitions * max(1, workers)


def local_workers(settings: Settings) -> int:
    """Worker processes a partitioned scan uses on this machine: ``settings.workers``, else one per usable core."""
    from detector.runners import usable_cores

    if settings.workers is not None:
        return settings.workers
    return max(1, usable_cores())


def uses_worker_processes(paths: Iterable[str | os.PathLike], settings: Settings) -> bool:
    """Whether a scan of ``paths`` runs worker processes on this machine (a partitioned scan with several workers)."""
    if settings.engine == "dask":
        return False
    workers = local_workers(settings)
    engine, _ = choose_engine(text_bytes(paths) / 1e6, settings.engine, settings.partition_mb, workers)
    return engine == "partitioned" and workers > 1
