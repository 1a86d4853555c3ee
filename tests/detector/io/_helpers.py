"""Shared paths and helpers for the log-reading tests (not a conftest)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detector.schema import CATEGORY_COLUMNS, RECORD_SCHEMA, coerce_records, empty_records

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "realdata"

CERTH_FORMAT = '%h %l %u %t "%r" %>s %b "%{Referer}i" %{PHPSESSID}C "%{User-Agent}i"'


def fixture(name: str) -> Path:
    """Path of a real-log excerpt under tests/fixtures/realdata."""
    path = FIXTURES / name
    assert path.exists(), path
    return path


def fixture_lines(name: str) -> list[str]:
    """The excerpt's lines, decoded the way the reader does."""
    return fixture(name).read_bytes().decode("utf-8", errors="replace").split("\n")[:-1]


def assert_schema(frame: pd.DataFrame) -> None:
    """The frame has the canonical columns/dtypes and survives coerce_records unchanged."""
    assert list(frame.columns) == list(empty_records().columns)
    expected = {name: dtype for name, (dtype, _) in RECORD_SCHEMA.items()}
    assert {c: str(t) for c, t in frame.dtypes.items()} == expected, frame.dtypes
    for name in CATEGORY_COLUMNS:
        assert frame[name].cat.categories.dtype == "str", name
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), coerce_records(frame))
