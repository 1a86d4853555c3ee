"""The records schema: categorical text columns, coercion, concatenation, codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.api.types import union_categoricals

from detector.schema import (
    CATEGORY_COLUMNS,
    RECORD_COLUMNS,
    categorical,
    coerce_records,
    concat_records,
    empty_records,
    factorize,
    iso_seconds,
    union_categories,
)


def _records(users: list[object], paths: list[str]) -> pd.DataFrame:
    n = len(users)
    return coerce_records(pd.DataFrame({
        "ts": pd.date_range("2024-01-01", periods=n, freq="s", tz="UTC"), "utc_offset_min": np.nan,
        "client_ip": ["10.0.0.1"] * n, "user": users, "method": "GET", "path": paths, "status": 200, "bytes": 1,
        "referer": ["-"] * n, "user_agent": [None] * n, "app_session": [""] * n, "duration_ms": np.nan,
        "file_idx": 0, "line_no": np.arange(1, n + 1),
    }))


def test_text_columns_are_categorical_with_absent_values_normalised():
    frame = _records(["ann", "-", None, ""], ["/a", "/b", "/a", "/c"])
    assert [c for c in RECORD_COLUMNS if isinstance(frame[c].dtype, pd.CategoricalDtype)] == list(CATEGORY_COLUMNS)
    assert frame["user"].isna().tolist() == [False, True, True, True]
    assert frame["referer"].isna().all() and frame["app_session"].isna().all()
    assert (frame["user_agent"] == "").all()
    assert frame["path"].cat.codes.dtype == np.int8  # a small code per row, each URL stored once
    pd.testing.assert_frame_equal(coerce_records(frame), frame)


def test_empty_records_has_the_schema():
    empty = empty_records()
    assert list(empty.columns) == RECORD_COLUMNS and len(empty) == 0
    assert all(isinstance(empty[c].dtype, pd.CategoricalDtype) for c in CATEGORY_COLUMNS)


def test_concat_keeps_categories_and_values():
    a = _records(["ann", None], ["/a", "/b"])
    b = _records(["bob", "ann"], ["/c", "/a"])
    both = concat_records([a, b])
    assert isinstance(both["path"].dtype, pd.CategoricalDtype) and list(both.index) == [0, 1, 2, 3]
    assert both["path"].astype(object).tolist() == ["/a", "/b", "/c", "/a"]
    assert both["user"].astype(object).where(both["user"].notna(), None).tolist() == ["ann", None, "bob", "ann"]
    assert list(both["path"].cat.categories) == ["/a", "/b", "/c"]
    assert concat_records([a.iloc[:0], b]).equals(b)


def test_union_categories_matches_pandas():
    parts = [pd.Categorical(["x", None, "y"]), pd.Categorical([]), pd.Categorical(["z", "x"])]
    parts = [pd.Categorical(p, categories=pd.Index(p.categories, dtype="str")) for p in parts]
    mine, theirs = union_categories(parts), union_categoricals(parts, ignore_order=True)
    assert list(mine.categories) == list(theirs.categories)
    assert list(mine.codes) == list(theirs.codes)


def test_factorize_sorted_codes_follow_values():
    col = pd.Series(pd.Categorical(["b", None, "a", "c", "a"], categories=pd.Index(["c", "b", "a"], dtype="str")))
    codes, uniques = factorize(col, sort=True)
    assert list(uniques) == ["a", "b", "c"] and list(codes) == [1, -1, 0, 2, 0]
    codes, uniques = factorize(pd.Series(["b", None, "a"], dtype=object))
    assert list(codes) == [0, -1, 1] and list(uniques) == ["b", "a"]


def test_categorical_fast_constructor():
    cat = categorical(np.array([1, -1, 0]), pd.Index(["x", "y"], dtype="str"))
    assert cat.astype(object).tolist()[::2] == ["y", "x"] and pd.isna(cat[1])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(-2_208_988_800_000_000_000, 7_258_118_400_000_000_000), min_size=1, max_size=30),
       st.sampled_from(["ns", "us", "ms", "s"]), st.sampled_from(["UTC", "America/Los_Angeles", "Asia/Kolkata"]))
def test_iso_seconds_is_strftime_in_utc(ns: list[int], unit: str, zone: str) -> None:
    ts = pd.Series(pd.to_datetime(ns, unit="ns", utc=True)).dt.as_unit(unit).dt.tz_convert(zone)
    expected = ts.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_numpy()
    assert list(iso_seconds(ts)) == list(expected)
