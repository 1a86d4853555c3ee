"""Sessionisation (detector.sessions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detector.enrich import enrich_records
from detector.schema import empty_records
from detector.sessions import sessionise
from tests.detector.records import enriched_records

FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0"
T0 = pd.Timestamp("2024-03-04T14:00:00Z")


def records(rows: list[dict]) -> pd.DataFrame:
    """Enriched records; each row gives ``m`` (minutes after T0) plus any overrides."""
    return enriched_records(rows, t0=T0)


def groups(result) -> set[frozenset[int]]:
    """The sessions as sets of line numbers."""
    req = result.requests
    return {frozenset(g) for g in req.groupby("session_idx")["line_no"].apply(list)}


def by_id(result) -> dict[str, frozenset[int]]:
    req = result.requests
    lines = req.groupby("session_idx")["line_no"].apply(frozenset)
    return {result.sessions.loc[i, "session_id"]: lines[i] for i in result.sessions.index}


# --------------------------------------------------------------------------- gaps


def test_gap_29_minutes_stays_31_minutes_splits() -> None:
    rec = records([{"m": 0}, {"m": 29}, {"m": 60}, {"m": 61}])
    res = sessionise(rec, gap_minutes=30)
    assert groups(res) == {frozenset({1, 2}), frozenset({3, 4})}
    assert list(res.sessions["requests"]) == [2, 2]


def test_gap_is_configurable() -> None:
    rec = records([{"m": 0}, {"m": 10}, {"m": 21}])
    assert len(sessionise(rec, gap_minutes=30).sessions) == 1
    assert groups(sessionise(rec, gap_minutes=5)) == {frozenset({1}), frozenset({2}), frozenset({3})}


def test_gap_seconds_column() -> None:
    rec = records([{"m": 0}, {"m": 1.5}, {"m": 2}, {"m": 100}])
    res = sessionise(rec)
    gaps = res.requests.sort_values("line_no")["gap_s"].to_numpy()
    assert np.isnan(gaps[0]) and np.isnan(gaps[3])
    assert gaps[1] == pytest.approx(90.0) and gaps[2] == pytest.approx(30.0)


# --------------------------------------------------------------------------- keys


def test_app_session_wins_over_ip_and_user_agent() -> None:
    rec = records(
        [
            {"m": 0, "app_session": "abc", "client_ip": "10.0.0.1"},
            {"m": 1, "app_session": "abc", "client_ip": "172.16.5.5", "user_agent": FIREFOX},
            {"m": 2, "app_session": "abc", "client_ip": "10.0.0.1", "user": "maria"},
        ]
    )
    res = sessionise(rec)
    assert len(res.sessions) == 1
    s = res.sessions.iloc[0]
    assert s["app_session"] == "abc"
    assert s["requests"] == 3
    # signed in part-way: the session's account is its first non-empty one
    assert s["user"] == "maria"


def test_an_app_session_signed_under_two_names_lists_the_other_and_belongs_to_both_account_days() -> None:
    """IIS logs ``DOMAIN\\user`` on pages and the e-mail on API calls: one browser session, two names. The session
    is named by its first and lists the other, so the alerts of either name's account-day can find it."""
    from detector.alerts import _Members

    rec = records(
        [
            {"m": 0, "app_session": "abc", "user": "EDNET\\mstevens"},
            {"m": 1, "app_session": "abc", "user": "mark.stevens@district.example"},
            {"m": 2, "app_session": "abc", "user": "EDNET\\mstevens"},
            {"m": 3, "app_session": "xyz", "user": "ann@district.example"},
        ]
    )
    res = sessionise(rec)
    named = res.sessions.set_index("app_session")
    assert named.loc["abc", "user"] == "ednet\\mstevens"  # account names are kept in lower case
    assert named.loc["abc", "other_users"] == ("mark.stevens@district.example",)
    assert named.loc["xyz", "other_users"] is None
    day = int(named.loc["abc", "first_day"])
    members = _Members(res.sessions)
    wanted = {"ednet\\mstevens", "mark.stevens@district.example", "ann@district.example"}
    abc = res.sessions.index[res.sessions["app_session"] == "abc"][0]
    assert members.of("user", "mark.stevens@district.example", day, wanted).tolist() == [abc]
    assert members.of("user", "ednet\\mstevens", day, wanted).tolist() == [abc]


def test_different_app_sessions_from_same_client_are_different_sessions() -> None:
    rec = records(
        [
            {"m": 0, "app_session": "abc", "user": "maria"},
            {"m": 1, "app_session": "def", "user": "maria"},
            {"m": 2, "app_session": "abc", "user": "maria"},
        ]
    )
    assert groups(sessionise(rec)) == {frozenset({1, 3}), frozenset({2})}


def test_user_ip_and_user_agent_key() -> None:
    rec = records(
        [
            {"m": 0, "user": "maria"},
            {"m": 1, "user": "maria"},
            {"m": 2, "user": "maria", "client_ip": "10.0.0.2"},  # other address
            {"m": 3, "user": "maria", "user_agent": FIREFOX},  # other browser
            {"m": 4, "user": "john"},  # other account, same address and browser
        ]
    )
    res = sessionise(rec)
    assert groups(res) == {frozenset({1, 2}), frozenset({3}), frozenset({4}), frozenset({5})}
    assert sorted(res.sessions["user"]) == ["john", "maria", "maria", "maria"]


def test_unauthenticated_ip_and_user_agent_key() -> None:
    rec = records(
        [
            {"m": 0},
            {"m": 1},
            {"m": 2, "client_ip": "10.0.0.2"},
            {"m": 3, "user_agent": FIREFOX},
            {"m": 4, "user": "maria"},  # signed-in request is another client key
        ]
    )
    res = sessionise(rec)
    assert groups(res) == {frozenset({1, 2}), frozenset({3}), frozenset({4}), frozenset({5})}
    assert res.sessions["user"].isna().sum() == 3


# --------------------------------------------------------------------------- order and ids


def _mixed() -> pd.DataFrame:
    return records(
        [
            {"m": 0, "user": "maria"},
            {"m": 0, "client_ip": "10.9.9.9"},
            {"m": 3, "user": "maria"},
            {"m": 5, "app_session": "zz", "client_ip": "10.1.1.1"},
            {"m": 7, "client_ip": "10.9.9.9"},
            {"m": 9, "app_session": "zz", "client_ip": "10.2.2.2"},
            {"m": 50, "user": "maria"},
            {"m": 51, "client_ip": "10.9.9.9"},
            {"m": 52, "user": "john", "client_ip": "10.3.3.3"},
        ]
    )


def test_out_of_order_input_gives_same_sessions_and_ids() -> None:
    rec = _mixed()
    a = sessionise(rec)
    for seed in (1, 2, 3):
        shuffled = rec.sample(frac=1.0, random_state=seed)
        b = sessionise(shuffled)
        assert by_id(b) == by_id(a)
    assert groups(a) == {
        frozenset({1, 3}),
        frozenset({7}),
        frozenset({2, 5}),
        frozenset({8}),
        frozenset({4, 6}),
        frozenset({9}),
    }


def test_session_id_stable_across_runs() -> None:
    a = sessionise(_mixed())
    b = sessionise(_mixed())
    assert list(a.sessions["session_id"]) == list(b.sessions["session_id"])
    ids = a.sessions["session_id"]
    assert ids.is_unique
    assert all(isinstance(i, str) and i.startswith("s-") for i in ids)


def test_requests_sorted_within_session_and_positions_consistent() -> None:
    rec = _mixed().sample(frac=1.0, random_state=7)
    res = sessionise(rec)
    req, ses = res.requests, res.sessions
    assert list(req.index) == list(range(len(req)))
    assert len(req) == len(rec)
    assert list(ses.index) == list(range(len(ses)))
    assert ses["start"].iloc[0] == 0 and ses["stop"].iloc[-1] == len(req)
    assert (ses["start"].to_numpy()[1:] == ses["stop"].to_numpy()[:-1]).all()
    for idx, s in ses.iterrows():
        part = req.iloc[s["start"] : s["stop"]]
        assert (part["session_idx"] == idx).all()
        assert len(part) == s["requests"]
        assert part["ts"].is_monotonic_increasing
        assert part["ts"].iloc[0] == s["first_seen"] and part["ts"].iloc[-1] == s["last_seen"]
        assert part["client_ip"].iloc[0] == s["client_ip"]
        assert np.isnan(part["gap_s"].iloc[0])
        assert (part["gap_s"].iloc[1:] >= 0).all()
    assert str(ses["first_seen"].dt.tz) == "UTC"


def test_empty_input() -> None:
    rec = enrich_records(empty_records())
    res = sessionise(rec)
    assert len(res.requests) == 0 and len(res.sessions) == 0
    assert "session_idx" in res.requests.columns and "gap_s" in res.requests.columns
    for col in ("session_id", "user", "first_seen", "last_seen", "requests", "start", "stop"):
        assert col in res.sessions.columns
