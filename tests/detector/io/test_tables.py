"""CSV output tables: what pandas reads back is what was written, however many threads format it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detector.io import tables
from detector.io.tables import write_csv


def _frame(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    users = pd.Categorical.from_codes(rng.integers(-1, 3, n), categories=["a@x.org", 'quote"d', "comma,user"])
    return pd.DataFrame({
        "session_id": [f"S{i:06d}" for i in range(n)],
        "user": users,
        "note": pd.Series([None if i % 7 == 0 else f"line {i}\twith tab" for i in range(n)], dtype=object),
        "requests": rng.integers(1, 10_000, n),
        "score": rng.random(n),
        "share": np.where(rng.random(n) < 0.1, np.nan, rng.random(n) * 1e-3),
    })


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_pandas_reads_back_the_frame_rounded(tmp_path, monkeypatch: pytest.MonkeyPatch, threads: int) -> None:
    monkeypatch.setattr(tables, "BLOCK_ROWS", 100)  # many blocks, written in order
    frame = _frame(1_050)
    write_csv(frame, tmp_path / "out.csv", decimals=4, threads=threads)
    back = pd.read_csv(tmp_path / "out.csv", keep_default_na=False, na_values={"share": ["", "nan"]})
    assert list(back.columns) == list(frame.columns)
    assert back["session_id"].tolist() == frame["session_id"].tolist()
    assert back["user"].tolist() == frame["user"].astype(object).where(frame["user"].notna(), "").tolist()
    assert back["note"].tolist() == frame["note"].fillna("").tolist()
    assert back["requests"].tolist() == frame["requests"].tolist()
    np.testing.assert_array_equal(back["score"].to_numpy(), np.round(frame["score"].to_numpy(), 4))
    np.testing.assert_array_equal(back["share"].to_numpy(), np.round(frame["share"].to_numpy(), 4))


def test_the_file_is_the_same_whatever_the_threads_and_blocks(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _frame(999)
    write_csv(frame, tmp_path / "one.csv", threads=1)
    monkeypatch.setattr(tables, "BLOCK_ROWS", 64)
    write_csv(frame, tmp_path / "many.csv", threads=4)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "many.csv").read_bytes()
    assert (tmp_path / "one.csv").read_text().count("\n") == 1 + len(frame)  # one header


def test_an_empty_frame_gets_its_header(tmp_path) -> None:
    write_csv(_frame(0), tmp_path / "empty.csv", threads=2)
    assert (tmp_path / "empty.csv").read_text().strip() == '"session_id","user","note","requests","score","share"'


def test_a_text_file_is_written_whole_and_owner_only(tmp_path) -> None:
    from detector.io.tables import write_text_whole

    target = tmp_path / "sub" / "out.txt"
    assert write_text_whole(target, "first") == target
    target.chmod(0o644)
    write_text_whole(target, "second")
    assert target.read_text() == "second" and (target.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]  # no temporary file left
    with pytest.raises(OSError):
        write_text_whole(tmp_path / "sub", "a directory cannot be replaced by a file")
    assert [p.name for p in tmp_path.iterdir()] == ["sub"]  # the failed write's temporary file is gone too
