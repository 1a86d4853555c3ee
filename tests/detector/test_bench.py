"""The benchmark's report (the timings themselves are never tested)."""

from __future__ import annotations

from detector.bench import END, START, Row, Run, table, write_markdown


def _rows():
    return [Row(2_000_000, 2_055_447, Run(10.0, 2**30, 0), Run(25.0, 2**27, 0), "partitioned (3)"),
            Row(200_000, 276_092, Run(2.0, 2**29, 0), None)]


def test_table_has_rate_memory_and_ratio():
    text = table(_rows())
    assert "| 2,055,447 | partitioned (3) | 10.0 s | 205,545 | 1.00 GiB | 25.0 s | 82,218 | 0.12 GiB | 2.50× |" in text
    assert "not installed" in text


def test_markdown_section_is_replaced_and_notes_kept(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nnotes before\n\n" + START + "\nold\n" + END + "\n\nnotes after\n")
    write_markdown(path, "python -m detector.bench", _rows(), "2 cores")
    text = path.read_text()
    assert "notes before" in text and "notes after" in text and "old" not in text
    assert text.count(START) == 1 and "python -m detector.bench" in text and "2 cores" in text
