"""Runners: where the engine's tasks run (this process, worker processes, a Dask cluster)."""

from __future__ import annotations

import os

import pytest

from detector.runners import EngineUnavailable, LocalRunner, ProcessRunner


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def _die(x: int) -> int:
    os._exit(3)  # a worker killed mid-task (what the kernel's OOM killer does)


def test_process_runner_runs_tasks_in_other_processes_in_order() -> None:
    seen = []
    with ProcessRunner(2) as runner:
        results = runner.map(_square_and_pid, range(8), done=seen.append)
        runner.recycle()
        again = runner.map(_square_and_pid, [3])
    assert [r[0] for r in results] == [x * x for x in range(8)]
    assert seen == results  # done is called with each result, in order
    assert os.getpid() not in {pid for _, pid in results}
    assert again[0][1] not in {pid for _, pid in results}  # recycled: fresh workers


def test_meanwhile_runs_here_while_the_tasks_are_out() -> None:
    calls = []
    with ProcessRunner(2) as runner:
        results = runner.map(_square_and_pid, [1, 2], meanwhile=lambda: calls.append(os.getpid()))
    assert calls == [os.getpid()] and [r[0] for r in results] == [1, 4]
    assert LocalRunner().map(_square_and_pid, [2], meanwhile=lambda: calls.append("local"))[0][0] == 4
    assert calls[-1] == "local"


def test_a_worker_that_dies_is_a_clear_error() -> None:
    with ProcessRunner(2) as runner:
        with pytest.raises(EngineUnavailable, match="worker process"):
            runner.map(_die, [1, 2])


def test_a_process_runner_needs_two_workers() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        ProcessRunner(1)
