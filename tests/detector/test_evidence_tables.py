"""The per-alert evidence tables, against plain pandas versions of what they mean."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detector.evidence_tables import distinct_per, label_text, labels, lanes_table, sorted_codes, taken_text

OTHER_NETS, OTHER_AGENTS = "(other networks)", "(other devices)"


def reference_lanes(rows: pd.DataFrame, alert: np.ndarray, ids: np.ndarray, bucket: np.ndarray,
                    keep_nets: int, keep_agents: int) -> pd.DataFrame:
    """One alert at a time: its busiest networks and families by label (ties alphabetical), the rest as other."""
    def top(values: np.ndarray, keep: int, other: str) -> np.ndarray:
        out = values.copy()
        for a in np.unique(alert):
            mine = alert == a
            counts = pd.Series(values[mine]).value_counts()
            ranked = sorted(counts.index, key=lambda v: (-counts[v], v))
            out[mine & ~np.isin(values, ranked[:keep])] = other
        return out

    frame = pd.DataFrame({"a": alert, "minute": pd.to_datetime(bucket, utc=True),
                          "network": top(labels(rows["net_wide"]), keep_nets, OTHER_NETS),
                          "user_agent": top(labels(rows["ua_family"]), keep_agents, OTHER_AGENTS)})
    out = frame.groupby(["a", "minute", "network", "user_agent"]).size().rename("requests").reset_index()
    out.insert(0, "alert_id", ids[out.pop("a").to_numpy()])
    return out


@pytest.mark.parametrize("keep", [(1, 1), (2, 1), (3, 2), (30, 8)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lanes_keep_each_alerts_busiest_networks_and_devices(keep, seed) -> None:
    rng = np.random.default_rng(seed)
    n = 3000
    nets = np.array(["10.1.0.0/16", "10.2.0.0/16", "192.168.0.0/16", "", "172.16.0.0/16"], dtype=object)
    agents = np.array(["Chrome", "python-requests", "curl", "Firefox"], dtype=object)
    net = nets[rng.integers(0, len(nets), n)].astype(object)
    net[rng.random(n) < 0.05] = None  # missing: the same lane as ''
    rows = pd.DataFrame({
        "net_wide": pd.Categorical(net, categories=["192.168.0.0/16", "10.2.0.0/16", "", "10.1.0.0/16",
                                                    "172.16.0.0/16", "unused/16"]),
        "ua_family": pd.Series(agents[rng.integers(0, len(agents), n)], dtype=object),  # not categorical
    })
    alert = np.sort(rng.integers(0, 4, n))
    bucket = (1_700_000_000_000_000_000 + rng.integers(0, 5, n) * 60_000_000_000).astype(np.int64)
    ids = np.array(["a0", "a1", "a2", "a3"], dtype=object)
    got = lanes_table(rows, alert, ids, bucket, *keep, OTHER_NETS, OTHER_AGENTS)
    pd.testing.assert_frame_equal(got, reference_lanes(rows, alert, ids, bucket, *keep), check_dtype=False)
    assert got["requests"].sum() == n
    if keep[0] == 1:
        assert (got["network"] == OTHER_NETS).any()


def test_sorted_codes_number_labels_in_order_and_merge_missing_with_empty() -> None:
    values = pd.Series(pd.Categorical(["b", None, "a", "", "b"], categories=["b", "", "a"]))
    codes, names = sorted_codes(values)
    assert list(names) == ["", "a", "b"]
    assert list(names[codes]) == list(labels(values)) == ["b", "", "a", "", "b"]


def test_taken_and_label_text_equal_the_object_arrays_they_replace() -> None:
    rng = np.random.default_rng(4)
    ids = np.array(["A-1", "A-22", "", "A-é"], dtype=object)
    picks = rng.integers(0, len(ids), 500)
    pd.testing.assert_extension_array_equal(taken_text(ids, picks), pd.array(ids[picks], dtype="str"))
    assert len(taken_text(ids, np.zeros(0, dtype=np.int64))) == 0
    column = pd.Series(pd.Categorical.from_codes(rng.integers(-1, 3, 300), categories=["/a/{id}", "/b", "/c?{q}"]))
    rows = rng.permutation(300)[:120]
    expected = pd.array(labels(column)[rows], dtype="str")  # missing templates are ''
    pd.testing.assert_extension_array_equal(pd.array(label_text(column, rows), dtype="str"), expected)


def test_distinct_per_counts_distinct_values_within_each_group() -> None:
    rng = np.random.default_rng(5)
    group = rng.integers(0, 7, 2_000)
    values = rng.integers(-3, 40, 2_000) * 10**15  # any integers, 64-bit hashes too
    expected = [len(set(values[group == g])) for g in range(9)]
    assert distinct_per(group, values, 9).tolist() == expected
    assert distinct_per(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 3).tolist() == [0, 0, 0]
