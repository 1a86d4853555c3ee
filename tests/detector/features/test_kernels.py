"""Vectorised group reductions used by the feature families."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.features import kernels as k

PAIRS = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 2**40)), max_size=60)


@settings(max_examples=100, deadline=None)
@given(PAIRS)
def test_distinct_and_max_match_pandas(pairs):
    ids = np.array([p[0] for p in pairs], dtype=np.int64)
    values = np.array([p[1] for p in pairs], dtype=np.int64)
    frame = pd.DataFrame({"g": ids, "v": values})
    expected = frame.groupby("g")["v"].nunique().reindex(range(7), fill_value=0).to_numpy(dtype=float)
    assert np.array_equal(k.distinct(ids, k.dense(values) if len(values) else values, 7), expected)
    expected_max = frame.groupby("g")["v"].max().reindex(range(7), fill_value=-1).to_numpy(dtype=float)
    assert np.array_equal(k.group_max(ids, values.astype(float), 7, fill=-1), expected_max)
    assert np.array_equal(k.count(ids, 7), np.bincount(ids, minlength=7).astype(float))


def test_pair_codes_keep_pair_order():
    a, b = np.array([0, 2, 1, 2]), np.array([5, 0, 9, 1])
    codes = k.pair_codes(a, b)
    assert list(np.argsort(codes)) == [0, 2, 1, 3] and len(set(codes)) == 4


@settings(max_examples=100, deadline=None)
@given(PAIRS)
def test_distinct_flag_table_and_hashing_agree(pairs):
    # raw values up to 2**40 are hashed; their dense codes fit the table of flags
    ids = np.array([p[0] for p in pairs], dtype=np.int64)
    values = np.array([p[1] for p in pairs], dtype=np.int64)
    expected = pd.DataFrame({"g": ids, "v": values}).groupby("g")["v"].nunique().reindex(range(7), fill_value=0)
    assert np.array_equal(k.distinct(ids, values, 7), expected.to_numpy(dtype=float))
    if len(values):
        assert np.array_equal(k.distinct(ids, k.dense(values), 7), expected.to_numpy(dtype=float))
