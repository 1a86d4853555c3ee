"""The reading pass of the partitioned engines: read tasks sized for the workers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from detector import spill_pass
from detector.spill_pass import task_bytes


@pytest.mark.parametrize("size_mb, workers", [(607, 2), (2900, 2), (266, 2), (50, 4), (1000, 3), (10, 1)])
def test_read_tasks_come_in_whole_rounds_of_workers(tmp_path: Path, size_mb: int, workers: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill_pass, "READ_TASK_BYTES", 128_000)  # sizes in kB stand for MB: small files
    log = tmp_path / "access.log"
    log.write_bytes(b"x" * size_mb * 1000)
    target = task_bytes([log], workers)
    tasks = math.ceil(size_mb * 1000 / target)
    assert target <= 128_000
    assert tasks % workers == 0 or tasks < workers  # no lone task left for the last round
    assert math.ceil(size_mb * 1000 / (workers * 128_000)) * workers >= tasks  # no more rounds than needed
