"""Sizing the input and choosing the engine before anything heavy is imported."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from detector.config import Settings
from detector.sizing import GZIP_RATIO, choose_engine, text_bytes, uses_worker_processes

REPO = Path(__file__).resolve().parents[2]


def test_text_bytes_counts_gzip_at_its_ratio_and_missing_files_as_nothing(tmp_path: Path) -> None:
    plain = tmp_path / "a.log"
    plain.write_bytes(b"x" * 1000)
    zipped = tmp_path / "b.log.1"  # gzip is known by its magic bytes, not its name
    zipped.write_bytes(gzip.compress(b"y" * 5000))
    assert text_bytes([plain]) == 1000
    assert text_bytes([plain, zipped, tmp_path / "missing.log"]) == 1000 + GZIP_RATIO * zipped.stat().st_size


@pytest.mark.parametrize(("size_mb", "engine", "workers", "expected"), [
    (100, "auto", 2, ("memory", 1)),
    (256, "auto", 2, ("memory", 1)),
    (600, "auto", 2, ("partitioned", 6)),  # 3 partitions of 256 MB, times the workers
    (600, "auto", 1, ("partitioned", 3)),
    (10, "partitioned", 2, ("partitioned", 2)),
    (10, "dask", 4, ("dask", 8)),  # at least two per worker
    (5000, "dask", 2, ("dask", 20)),
    (5000, "memory", 2, ("memory", 1)),
])
def test_choose_engine(size_mb: float, engine: str, workers: int, expected: tuple[str, int]) -> None:
    assert choose_engine(size_mb, engine, 256.0, workers) == expected


def test_worker_processes_only_for_a_partitioned_scan_with_several_workers(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_bytes(b"x" * 3_000_000)  # 3 MB
    small = Settings(partition_mb=10.0, workers=2)
    large = Settings(partition_mb=1.0, workers=2)
    assert not uses_worker_processes([log], small)  # auto: the memory engine
    assert uses_worker_processes([log], large)
    assert not uses_worker_processes([log], large.model_copy(update={"workers": 1}))
    assert uses_worker_processes([log], small.model_copy(update={"engine": "partitioned"}))
    assert not uses_worker_processes([log], large.model_copy(update={"engine": "dask"}))  # a cluster's workers
    assert not uses_worker_processes([log], large.model_copy(update={"engine": "memory"}))


def test_deciding_imports_neither_pandas_nor_numpy() -> None:
    code = ("import sys; import detector.sizing, detector.runners; "
            "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
