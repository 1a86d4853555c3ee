"""Where partition tasks run: in this process, or on the workers of a Dask cluster.

A runner has ``workers`` and ``map(func, *iterables) -> list`` (results in
order); :mod:`detector.engine` hands it one task per partition.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Sequence


class EngineUnavailable(RuntimeError):
    """The chosen engine cannot run here (dask.distributed missing, scheduler unreachable)."""


class LocalRunner:
    """Runs partition tasks one after another in this process."""

    workers = 1

    def map(self, func: Callable, *iterables: Sequence) -> list:
        """``[func(*args) for args in zip(*iterables)]``."""
        return [func(*args) for args in zip(*iterables)]


class DaskRunner:
    """Runs partition tasks on a Dask cluster.

    Parameters
    ----------
    client : distributed.Client
        A connected client.
    """

    def __init__(self, client: object):
        self.client = client
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))

    def map(self, func: Callable, *iterables: Sequence) -> list:
        """Submit ``func`` over the arguments and gather the results in order."""
        futures = self.client.map(func, *iterables, pure=False)
        return self.client.gather(futures)


@contextmanager
def dask_runner(scheduler: str | None = None) -> Iterator[DaskRunner]:
    """A :class:`DaskRunner` on ``scheduler`` (``tcp://host:8786``), or on a local cluster when None.

    Raises
    ------
    EngineUnavailable
        dask.distributed is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise EngineUnavailable("the dask engine needs dask.distributed: pip install 'student-records-detector[dask]'") from exc
    if scheduler is None:
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                yield DaskRunner(client)
        return
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise EngineUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        yield DaskRunner(client)
    finally:
        client.close()
