"""The spill keeps every session, account-day and address-day whole within one partition."""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detector.enrich import enrich_records
from detector.partitions import (BY_ACCOUNT, BY_ADDRESS, PartitionSpill, partition_pieces, partition_rows,
                                 place_staged, read_partition, spill_compression)
from tests.detector.records import make_records

COLUMNS = ("ts", "client_ip", "user", "app_session", "path")


def _records(rows: list[tuple]) -> pd.DataFrame:
    return make_records([dict(zip(COLUMNS, row)) for row in rows])


def _owner(spill: PartitionSpill, kind: str) -> dict[int, pd.DataFrame]:
    return {i: read_partition(pieces) for i, pieces in enumerate(partition_pieces(spill.directory, kind))}


@pytest.mark.parametrize("compression", ["none", "lz4", "zstd"])
def test_each_account_and_address_lands_in_one_partition(tmp_path: Path, compression: str) -> None:
    rng = np.random.default_rng(0)
    users = [f"user{i}@district.org" for i in range(30)] + [None] * 10
    ips = [f"10.0.{i}.{j}" for i in range(5) for j in range(8)]
    rows = [
        (f"2026-03-0{1 + int(rng.integers(3))}T{int(rng.integers(24)):02d}:00:00Z", ips[int(rng.integers(len(ips)))],
         users[int(rng.integers(len(users)))], None, f"/students/{int(rng.integers(1000))}")
        for _ in range(2000)
    ]
    spill = PartitionSpill(tmp_path, partitions=4, compression=compression)
    for chunk in np.array_split(np.arange(len(rows)), 3):  # three chunks, as the reader yields them
        spill.add(enrich_records(_records([rows[i] for i in chunk])))
    place_staged([spill])
    by_account = _owner(spill, BY_ACCOUNT)
    by_address = _owner(spill, BY_ADDRESS)
    assert sum(len(f) for f in by_account.values()) == len(rows) == sum(len(f) for f in by_address.values())
    for column, parts in (("user", by_account), ("client_ip", by_address)):
        where: dict[str, set[int]] = {}
        for i, frame in parts.items():
            for value in frame[column].dropna().astype(str).unique():
                where.setdefault(value, set()).add(i)
        assert where and all(len(found) == 1 for found in where.values()), column
    # unauthenticated requests follow their address in the by-account partitioning too
    anonymous = {i: set(f.loc[f["user"].isna(), "client_ip"].astype(str)) for i, f in by_account.items()}
    for ip in set().union(*anonymous.values()):
        assert sum(ip in found for found in anonymous.values()) == 1


def test_unsigned_rows_of_an_app_session_follow_its_first_account(tmp_path: Path) -> None:
    rows = [
        ("2026-03-01T08:00:00Z", "10.0.0.1", None, "app-1", "/login"),  # before signing in, in an earlier chunk
        ("2026-03-01T08:01:00Z", "10.0.0.1", "ann@district.org", "app-1", "/students/1"),
        ("2026-03-01T08:02:00Z", "10.0.0.1", None, "app-1", "/help"),
        ("2026-03-01T08:00:00Z", "10.0.0.9", None, "app-2", "/login"),  # never signed in
        ("2026-03-01T08:05:00Z", "10.0.0.9", None, "app-2", "/login"),
    ]
    spill = PartitionSpill(tmp_path, partitions=7)
    spill.add(enrich_records(_records(rows[:1] + rows[3:4])))
    spill.add(enrich_records(_records(rows[1:3] + rows[4:])))
    place_staged([spill])
    parts = _owner(spill, BY_ACCOUNT)
    with_app1 = [f for f in parts.values() if (f["app_session"].astype(str) == "app-1").any()]
    with_app2 = [f for f in parts.values() if (f["app_session"].astype(str) == "app-2").any()]
    assert len(with_app1) == 1 and (with_app1[0]["app_session"].astype(str) == "app-1").sum() == 3
    assert len(with_app2) == 1 and (with_app2[0]["app_session"].astype(str) == "app-2").sum() == 2
    assert not (tmp_path / "staged").exists() or not any((tmp_path / "staged").rglob("*.arrow"))


def test_partition_numbers_are_stable_and_spread() -> None:
    values = pd.Series([f"user{i}" for i in range(1000)] + [None], dtype="category")
    first = partition_rows(values, 8)
    again = partition_rows(pd.Series(values.astype(object).tolist()[::-1][::-1]), 8)  # plain strings, same values
    assert (first == again).all()
    assert first[-1] == -1
    counts = np.bincount(first[:-1], minlength=8)
    assert counts.min() > 60  # about 125 each: no partition is starved


def test_address_partitions_hold_only_what_address_day_features_read(tmp_path: Path) -> None:
    from detector.features import FeatureParams
    from detector.io.reader import read_logs
    from detector.units import ADDRESS_COLUMNS, build_units
    from sample_logs.generate import generate

    log = tmp_path / "access.log"
    generate(log, tmp_path / "labels.json", seed=3, days=1, n_staff=30, fmt="combined")
    records, _ = read_logs([log])
    enriched = enrich_records(records)
    params = FeatureParams()
    whole = build_units(enriched, 30, params).features["source_day"]
    spill = PartitionSpill(tmp_path / "spill", partitions=3)
    spill.add(enriched)
    place_staged([spill])
    parts = [read_partition(pieces) for pieces in partition_pieces(spill.directory, BY_ADDRESS)]
    assert all(tuple(frame.columns) == ADDRESS_COLUMNS for frame in parts)
    from_parts = pd.concat([build_units(frame, 30, params, levels=("source_day",)).features["source_day"]
                            for frame in parts]).sort_index()
    assert len(whole) > 50 and whole["src_login_failures"].sum() > 0  # brute force and crawling are in the log
    pd.testing.assert_frame_equal(from_parts, whole.sort_index(), check_exact=True)


DiskUsage = namedtuple("DiskUsage", "total used free")


def test_auto_spill_compression_writes_uncompressed_only_when_it_fits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda path: DiskUsage(10**12, 0, 4 * 10**9))  # 4 GB free
    assert spill_compression("auto", 1e9, tmp_path) == "none"  # 0.6 GB spilled: within a quarter of the free space
    assert spill_compression("auto", 2e9, tmp_path) == "lz4"   # 1.2 GB: more than a quarter
    for chosen in ("none", "lz4", "zstd"):
        assert spill_compression(chosen, 1e15, tmp_path) == chosen  # an explicit choice is kept


def test_compression_changes_the_spill_size_not_what_reads_back(tmp_path: Path) -> None:
    rows = [(f"2026-03-01T{i % 24:02d}:{i % 60:02d}:00Z", f"10.0.{i % 7}.1", f"user{i % 5}@district.org", None,
             f"/students/{i}") for i in range(3000)]
    read, size = {}, {}
    for compression in ("none", "lz4"):
        spill = PartitionSpill(tmp_path / compression, partitions=2, compression=compression)
        spill.add(enrich_records(_records(rows)))
        place_staged([spill])
        pieces = partition_pieces(spill.directory, BY_ACCOUNT)
        size[compression] = sum(p.stat().st_size for ps in pieces for p in ps)
        read[compression] = pd.concat([read_partition(ps) for ps in pieces], ignore_index=True)
    assert size["lz4"] < size["none"] / 2
    pd.testing.assert_frame_equal(read["none"], read["lz4"])


def test_read_partition_unites_text_dictionaries_and_keeps_other_columns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.feather as feather

    empty = pa.DictionaryArray.from_arrays(pa.array([None], pa.int8()), pa.array([], pa.null()))  # missing everywhere
    first = pa.table({"app": pa.array([None, None], pa.string()).dictionary_encode(),
                      "path": pa.array(["/b", "/a"]).dictionary_encode(), "status": pa.array([200, 404], pa.int16()),
                      "line_no": pa.array([1, 2], pa.int64())})
    second = pa.table({"app": empty, "path": pa.array(["/c"]).dictionary_encode(),
                       "status": pa.array([500], pa.int16()), "line_no": pa.array([1], pa.int64())})
    feather.write_feather(first, tmp_path / "t00000-000000.arrow")
    feather.write_feather(second, tmp_path / "t00001-000000.arrow")
    frame = read_partition(sorted(tmp_path.glob("*.arrow")), line_offsets={"t00001": 2})
    assert list(frame.columns) == ["app", "path", "status", "line_no"]
    assert frame["app"].isna().all() and frame["app"].cat.categories.dtype == "str"
    assert list(frame["path"].astype(str)) == ["/b", "/a", "/c"] and frame["path"].cat.categories.dtype == "str"
    assert frame["path"].cat.categories.is_unique
    assert frame["status"].dtype == np.int16 and list(frame["status"]) == [200, 404, 500]
    assert list(frame["line_no"]) == [1, 2, 3]  # the second task's line numbered after the first's two
