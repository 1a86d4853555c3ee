"""Where partition tasks run: in this process, in worker processes of this machine, or on a Dask cluster.

A runner has ``workers`` and ``map(func, *iterables, done=None, meanwhile=None)
-> list`` (results in order; ``done`` is called with each result as it is
collected, ``meanwhile`` once in this process after the tasks are handed out);
:mod:`detector.engine` hands it one task per read range, partition or slice
of units to score.  Task functions are module-level (they are pickled by
name) and their results cross process boundaries, so both must pickle.
"""

from __future__ import annotations

import multiprocessing
import os
import multiprocessing.forkserver
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity where the system says, else the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class EngineUnavailable(RuntimeError):
    """The chosen engine cannot run here (dask.distributed missing, scheduler unreachable, a worker process died)."""


class LocalRunner:
    """Runs partition tasks one after another in this process."""

    workers = 1
    #: Whether scoring is worth cutting into one slice per worker (see detector.pipeline.score_units).
    slices_scoring = False

    def map(self, func: Callable, *iterables: Sequence, done: Callable[[Any], None] | None = None,
            meanwhile: Callable[[], None] | None = None) -> list:
        """``[func(*args) for args in zip(*iterables)]``, calling ``done`` after each (``meanwhile`` first)."""
        if meanwhile is not None:
            meanwhile()
        results = []
        for args in zip(*iterables):
            results.append(func(*args))
            if done is not None:
                done(results[-1])
        return results


    def recycle(self) -> None:
        """Nothing to do: tasks run in this process."""


#: Modules a fork server loads once, so every worker forked from it starts with them (the task functions' own).
WORKER_PRELOAD = ["detector.spill_pass", "detector.engine"]


def start_worker_server() -> multiprocessing.context.BaseContext:
    """Start the fork server worker processes come from (once per process), and return its context.

    Where there is no fork server (not Linux), workers are spawned and
    nothing starts here.  Not a plain fork of this process: it may run
    threads (a progress bar's refresh thread, parsing threads) whose locks a
    forked child would inherit held.  The fork server is a fresh
    single-threaded process that loads :data:`WORKER_PRELOAD` once (about
    half a second); workers are forked from it in milliseconds.  The CLI
    calls this before importing the scan's own modules, so both load at
    once (see :func:`detector.sizing.uses_worker_processes`); a
    :class:`ProcessRunner` calls it too.  As with any ``multiprocessing``
    code started this way, a script that runs a partitioned scan through
    the library needs an ``if __name__ == "__main__":`` guard (the workers
    import the script).

    Returns
    -------
    multiprocessing.context.BaseContext
        The ``forkserver`` context, else ``spawn``.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WORKER_PRELOAD)
        multiprocessing.forkserver.ensure_running()  # idempotent: a running server is kept
        return context
    return multiprocessing.get_context("spawn")


class ProcessRunner:
    """Runs tasks in a pool of worker processes on this machine.

    Workers start from a fork server (see :func:`start_worker_server`), or are
    spawned where there is none.  Use as a context manager, or call
    :meth:`close`.

    Parameters
    ----------
    workers : int
        Worker processes (at least 2; use :class:`LocalRunner` for one).
    """

    #: Scoring stays in the scan process, in slices on its threads (detector.pipeline.score_units):
    #: measured on a 10M-line log, sending the unit tables to local workers and back cost nearly what
    #: scoring in two slices saved (5.8 s vs 6.3 s) and raised peak memory by about 0.5 GiB; two threads
    #: sharing the tables score in about half the time (3.0 s vs 5.5 s) and copy nothing.
    slices_scoring = False

    def __init__(self, workers: int):
        if workers < 2:
            raise ValueError(f"a process runner needs at least 2 workers; got {workers}")
        self.workers = int(workers)
        self._context = start_worker_server()
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context)

    def map(self, func: Callable, *iterables: Sequence, done: Callable[[Any], None] | None = None,
            meanwhile: Callable[[], None] | None = None) -> list:
        """Run ``func`` over the arguments in the workers; results in argument order."""
        results = []
        try:
            pending = self._pool.map(func, *iterables)  # every task is handed out here
            if meanwhile is not None:
                meanwhile()
            for result in pending:
                results.append(result)
                if done is not None:
                    done(result)
        except BrokenProcessPool as exc:
            raise EngineUnavailable(
                "a worker process of the scan died: out of memory (try fewer --workers or a smaller partition_mb), "
                "or a script calling the library has no `if __name__ == '__main__':` guard (the workers import it)"
            ) from exc
        return results

    def close(self) -> None:
        """Stop the workers."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def recycle(self) -> None:
        """Replace the workers with fresh ones (started at the next :meth:`map`).

        Between phases of a scan, so the memory a phase's workers kept goes
        back to the system.
        """
        self.close()
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context)

    def __enter__(self) -> "ProcessRunner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskRunner:
    """Runs partition tasks on a Dask cluster.

    Parameters
    ----------
    client : distributed.Client
        A connected client.
    """

    #: A cluster's workers have their own cores and memory: large levels are scored in slices there.
    slices_scoring = True

    def __init__(self, client: object):
        self.client = client
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))

    def map(self, func: Callable, *iterables: Sequence, done: Callable[[Any], None] | None = None,
            meanwhile: Callable[[], None] | None = None) -> list:
        """Submit ``func`` over the arguments and gather the results in order."""
        futures = self.client.map(func, *iterables, pure=False)
        if meanwhile is not None:
            meanwhile()
        results = []
        for future in futures:
            results.append(future.result())
            if done is not None:
                done(results[-1])
        return results


    def recycle(self) -> None:
        """Nothing to do: the cluster's workers manage their own memory."""


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
