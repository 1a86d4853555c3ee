"""Staff logins taking turns on one client, from the sessions table alone."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.features.client_turns import client_turn_features

T0 = pd.Timestamp("2026-03-02 18:00", tz="UTC")
VENDOR_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36"


def _sessions(rows: list[tuple[str | None, str, str, float, float]]) -> pd.DataFrame:
    """Sessions as (user, client_ip, user_agent, first minute, last minute) after T0."""
    return pd.DataFrame(
        {
            "user": [r[0] for r in rows],
            "client_ip": [r[1] for r in rows],
            "user_agent": [r[2] for r in rows],
            "first_seen": [T0 + pd.Timedelta(minutes=r[3]) for r in rows],
            "last_seen": [T0 + pd.Timedelta(minutes=r[4]) for r in rows],
        },
        index=pd.RangeIndex(100, 100 + len(rows), name="session_idx"),
    )


def _turns(rows) -> list[float]:
    return client_turn_features(_sessions(rows))["client_accounts_in_turn"].tolist()


def test_a_server_working_through_four_districts_logins() -> None:
    rows = [(f"clerk{i}@district{i}.org", "143.198.1.2", VENDOR_UA, 10 * i, 10 * i + 8.5) for i in range(4)]
    assert _turns(rows) == [4.0, 4.0, 4.0, 4.0]


def test_people_behind_one_office_address_overlap_and_do_not_take_turns() -> None:
    # same address, same browser build: their sessions overlap, so no run forms
    rows = [(f"teacher{i}@district.org", "203.0.113.9", VENDOR_UA, 7 * i, 7 * i + 30) for i in range(6)]
    assert _turns(rows) == [1.0] * 6


def test_a_long_pause_between_accounts_breaks_the_run() -> None:
    rows = [("a@d.org", "10.1.1.1", "ua", 0, 10), ("b@d.org", "10.1.1.1", "ua", 14, 20),
            ("c@d.org", "10.1.1.1", "ua", 90, 95)]
    assert _turns(rows) == [2.0, 2.0, 1.0]


def test_other_user_agents_and_addresses_are_other_clients() -> None:
    rows = [("a@d.org", "10.1.1.1", "ua-1", 0, 10), ("b@d.org", "10.1.1.1", "ua-2", 11, 20),
            ("c@d.org", "10.1.1.2", "ua-1", 21, 30)]
    assert _turns(rows) == [1.0, 1.0, 1.0]


def test_one_person_coming_back_counts_once_and_anonymous_sessions_count_zero() -> None:
    rows = [("a@d.org", "10.1.1.1", "ua", 0, 10), ("admin-a@d.org", "10.1.1.1", "ua", 12, 20),
            ("a@d.org", "10.1.1.1", "ua", 21, 30), (None, "10.1.1.1", "ua", 31, 32)]
    assert _turns(rows) == [2.0, 2.0, 2.0, 0.0]


def test_an_empty_sessions_table() -> None:
    assert client_turn_features(_sessions([])).empty


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1), st.integers(0, 300), st.integers(0, 30)),
                min_size=1, max_size=25))
def test_row_order_does_not_matter_and_a_run_never_counts_more_accounts_than_its_client_has(rows) -> None:
    table = _sessions([(f"u{u}", f"10.0.0.{c}", "ua", start, start + length) for u, c, start, length in rows])
    turns = client_turn_features(table)["client_accounts_in_turn"]
    shuffled = table.sample(frac=1.0, random_state=0)
    assert client_turn_features(shuffled)["client_accounts_in_turn"].reindex(table.index).equals(turns)
    per_client = table.groupby("client_ip")["user"].transform("nunique")
    assert (turns >= 1).all() and (turns <= per_client).all()


def test_log_referer_share_weighs_sessions_by_their_pages() -> None:
    from detector.features.client_turns import log_referer_share

    features = pd.DataFrame({"pages": [100.0, 300.0, 0.0], "referer_share": [1.0, 0.0, np.nan]})
    assert log_referer_share(features) == 0.25
    assert log_referer_share(features.iloc[:0]) == 0.0


def _at_once(rows) -> list[float]:
    return client_turn_features(_sessions(rows))["client_accounts_at_once"].tolist()


def test_a_tool_working_through_logins_never_has_two_at_once_and_a_crowd_does() -> None:
    """A vendor's server: one login at a time. A district's fleet behind one address, one browser build: at quiet
    moments its accounts follow one another like turns, but over the log two of them were signed in together."""
    vendor = [(f"clerk{i}@district{i}.org", "143.198.1.2", VENDOR_UA, 10 * i, 10 * i + 8.5) for i in range(4)]
    assert _at_once(vendor) == [0.0] * 4
    crowd = [(f"staff{i}@district.org", "204.62.118.9", VENDOR_UA, 10 * i, 10 * i + 8.5) for i in range(4)]
    crowd += [("staff9@district.org", "204.62.118.9", VENDOR_UA, 100, 160), ("staff8@district.org", "204.62.118.9",
                                                                             VENDOR_UA, 120, 130)]
    at_once = _at_once(crowd)
    assert _turns(crowd)[:4] == [4.0] * 4 and at_once == [2.0] * 6
    # the same account in two tabs, or a session with no account, is nobody else
    alone = [("ann@d.org", "10.1.1.1", "ua", 0, 60), ("ann@d.org", "10.1.1.1", "ua", 10, 20),
             (None, "10.1.1.1", "ua", 5, 15)]
    assert _at_once(alone) == [0.0, 0.0, 0.0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1), st.integers(0, 300), st.integers(0, 30)),
                min_size=1, max_size=25))
def test_accounts_at_once_match_a_pairwise_check_and_ignore_row_order(rows) -> None:
    """A client has accounts at once exactly when two accounts' sessions on it overlap (one starts while the
    other runs), whatever the order of the rows."""
    table = _sessions([(f"u{u}", f"10.0.0.{c}", "ua", start, start + length) for u, c, start, length in rows])
    got = client_turn_features(table)["client_accounts_at_once"]
    shuffled = table.sample(frac=1.0, random_state=0)
    assert client_turn_features(shuffled)["client_accounts_at_once"].reindex(table.index).equals(got)
    per_client = table.groupby("client_ip")["user"].transform("nunique")
    assert (got <= per_client).all()
    any_overlap = {}
    for ip, g in table.groupby("client_ip"):
        pairs = [(a.user, b.user) for a in g.itertuples() for b in g.itertuples()
                 if a.user != b.user and a.first_seen <= b.first_seen < a.last_seen]
        any_overlap[ip] = bool(pairs)
    assert all((got[table.client_ip == ip] > 0).all() == flag for ip, flag in any_overlap.items())


def test_names_a_password_spray_tried_are_not_logins_in_use() -> None:
    """HTTP Basic logs the name tried on a refused request: a spray's guesses are no turns and no visits."""
    from detector.features.client_turns import logins_in_use
    from detector.features.client_visitors import client_visitor_features

    sprayed = [(f"staff{i}.d27", "96.255.42.173", VENDOR_UA, 2 * i, 2 * i + 0.1) for i in range(8)]
    elsewhere = [(f"staff{i}.d27", f"10.27.{i}.9", "school-ua", 600 + i, 700 + i) for i in range(8)]
    table = _sessions(sprayed + elsewhere)
    refused = np.array([1.0] * 8 + [0.1] * 8)  # every request of a guess was a 401
    in_use = logins_in_use(refused)
    assert in_use.tolist() == [False] * 8 + [True] * 8
    assert logins_in_use(np.array([np.nan, 0.999])).tolist() == [True, True]
    assert client_turn_features(table, in_use=in_use)["client_accounts_in_turn"].tolist()[:8] == [0.0] * 8
    assert client_visitor_features(table, in_use=in_use)["client_visiting_accounts"].tolist()[:8] == [0.0] * 8
    # the same sessions answered: one party working through eight logins
    assert client_turn_features(table)["client_accounts_in_turn"].tolist()[:8] == [8.0] * 8
    assert client_visitor_features(table)["client_visiting_accounts"].tolist()[:8] == [8.0] * 8
