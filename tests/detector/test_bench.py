"""The benchmark's report (the timings themselves are never tested)."""

from __future__ import annotations

import os
import time

from detector.bench import END, START, Row, Run, table, write_markdown


def _rows():
    return [Row(2_000_000, 2_055_447, Run(10.0, 2**30, 0, 3), Run(25.0, 2**27, 0), "partitioned (3)"),
            Row(200_000, 276_092, Run(2.0, 2**29, 0), None)]


def test_table_has_rate_memory_and_ratio():
    text = table(_rows())
    assert "| 2,055,447 | partitioned (3) | 10.0 s | 205,545 | 1.00 GiB (3) | 25.0 s | 82,218 | 0.12 GiB | 2.50× |" in text
    assert "not installed" in text


def test_markdown_section_is_replaced_and_notes_kept(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nnotes before\n\n" + START + "\nold\n" + END + "\n\nnotes after\n")
    write_markdown(path, "python -m detector.bench", _rows(), "2 cores")
    text = path.read_text()
    assert "notes before" in text and "notes after" in text and "old" not in text
    assert text.count(START) == 1 and "python -m detector.bench" in text and "2 cores" in text


def test_tree_memory_counts_a_child_process():
    import subprocess
    import sys

    from detector.bench import tree_memory

    alone, n_alone = tree_memory(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time; x = bytearray(64 << 20); time.sleep(30)"])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            total, n = tree_memory(os.getpid())
            if n > n_alone and total - alone > 48 << 20:
                break
            time.sleep(0.05)
        assert n == n_alone + 1
        assert total - alone > 48 << 20  # the child's 64 MiB buffer is counted
    finally:
        child.kill()
        child.wait()
