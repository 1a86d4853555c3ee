"""Waves of failed sign-ins from many addresses, from the sessions table and session features alone."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.features.sign_in_waves import failed_sign_in_wave_features

T0 = pd.Timestamp("2026-03-02 15:00", tz="UTC")


def _tables(rows: list[tuple[str | None, str, float, int, int]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sessions as (user, client_ip, first minute after T0, sign-in posts, of them refused)."""
    index = pd.RangeIndex(50, 50 + len(rows), name="session_idx")
    sessions = pd.DataFrame({"user": [r[0] for r in rows], "client_ip": [r[1] for r in rows],
                             "first_seen": [T0 + pd.Timedelta(minutes=r[2]) for r in rows]}, index=index)
    features = pd.DataFrame({"login_attempts": [float(r[3]) for r in rows],
                             "login_failures": [float(r[4]) for r in rows],
                             "login_not_redirected": 0.0, "login_retries": 0.0, "non_sign_in_requests": 0.0,
                             "error_5xx_share": 0.0},
                            index=index)
    return sessions, features


def _staff_day(hours: int = 10, per_hour: int = 6) -> list[tuple]:
    """Staff signing in all day, one of them mistyping once an hour (then signing in from the same address)."""
    rows = []
    for h in range(hours):
        for p in range(per_hour):
            rows.append((f"staff{h}-{p}@d.org", f"10.0.{h}.{p}", 60 * h + 5 * p, 1, 0))
        rows.append((None, f"10.0.{h}.0", 60 * h + 1, 1, 1))  # the mistype, before the session that signed in
    return rows


def _wave(n: int, minute: float) -> list[tuple]:
    return [(None, f"185.220.{i // 200}.{i % 200}", minute + (i * 50 / n), 1 + i % 3, 1 + i % 3) for i in range(n)]


def test_a_wave_of_addresses_that_only_failed_stands_out() -> None:
    rows = _staff_day() + _wave(24, minute=3 * 60 + 5)
    out = failed_sign_in_wave_features(*_tables(rows))
    wave = out.iloc[-24:]
    assert wave["failed_sign_in_sources_hour"].tolist() == [24.0] * 24
    assert (wave["failed_sign_in_sources_hour_vs_log"] == 24.0).all()  # the usual hour has none
    assert (out.iloc[:-24] == 0).all().all()


def test_a_person_who_mistyped_and_then_signed_in_is_not_counted() -> None:
    out = failed_sign_in_wave_features(*_tables(_staff_day()))
    assert (out["failed_sign_in_sources_hour"] == 0).all()


def test_an_address_that_signed_in_elsewhere_in_the_log_is_not_counted() -> None:
    rows = [(None, "10.9.9.9", 0, 3, 3), ("a@d.org", "10.9.9.9", 600, 1, 0), (None, "10.9.9.8", 1, 2, 2)]
    assert failed_sign_in_wave_features(*_tables(rows))["failed_sign_in_sources_hour"].tolist() == [0.0, 0.0, 1.0]


def test_a_sign_in_that_was_not_refused_is_not_a_failure() -> None:
    """Refused twice, then in: the session went on into the site. No post at all. Refused. One post, neither
    refused nor followed by the sign-in page again: perhaps a sign-in that worked, not counted."""
    sessions, features = _tables([(None, "10.9.9.9", 0, 3, 2), (None, "10.9.9.8", 1, 0, 0), (None, "10.9.9.7", 2, 1, 1),
                                  (None, "10.9.9.6", 3, 1, 0)])
    features["non_sign_in_requests"] = [12.0, 0.0, 0.0, 0.0]
    counts = failed_sign_in_wave_features(sessions, features)["failed_sign_in_sources_hour"].tolist()
    assert counts == [0.0, 0.0, 1.0, 0.0]


def test_a_form_that_redirects_every_answer_fails_when_the_session_never_left_the_sign_in_pages() -> None:
    """Every post answers 302 (to ``/login?error`` when it failed), so nothing is refused. Posting again, or being
    shown the sign-in page again at once, without ever going further, is failing; going on into the site is not."""
    sessions, features = _tables([(None, "10.9.8.1", 0, 3, 0), (None, "10.9.8.2", 1, 1, 0), (None, "10.9.8.3", 2, 1, 0),
                                  (None, "10.9.8.4", 3, 2, 0)])
    features["login_retries"] = [1.0, 1.0, 0.0, 1.0]
    features["non_sign_in_requests"] = [0.0, 0.0, 0.0, 5.0]
    counts = failed_sign_in_wave_features(sessions, features)["failed_sign_in_sources_hour"].tolist()
    assert counts == [2.0, 2.0, 0.0, 0.0]


def test_a_tool_changing_its_user_agent_at_every_attempt_fails_by_its_address() -> None:
    """Each attempt its own session (a new user agent each time), one post each, answered 302 like a success:
    the address posted four times and never went further.  An address whose one post led into the site, and one
    that posted once and went no further, are not counted."""
    rows = [(None, "159.203.140.122", m, 1, 0) for m in (0, 1, 2, 3)]
    rows += [(None, "10.9.8.5", 1, 1, 0), (None, "10.9.8.5", 2, 0, 0), (None, "10.9.8.6", 2, 1, 0)]
    sessions, features = _tables(rows)
    features["non_sign_in_requests"] = [0.0] * 4 + [0.0, 7.0, 0.0]
    counts = failed_sign_in_wave_features(sessions, features)["failed_sign_in_sources_hour"].tolist()
    assert counts == [1.0] * 4 + [0.0, 0.0, 0.0]


def test_a_steady_background_of_failures_is_the_log_s_normal() -> None:
    """A public portal where three addresses fail every hour: no hour stands out."""
    rows = [(None, f"172.16.{h}.{i}", 60 * h + 10 * i, 1, 1) for h in range(12) for i in range(3)]
    out = failed_sign_in_wave_features(*_tables(rows))
    # three an hour, counted an hour either side of each session: seven at most, and that is the median
    assert out["failed_sign_in_sources_hour"].max() == 7
    assert out["failed_sign_in_sources_hour_vs_log"].max() == 1


def test_a_wave_split_by_the_clock_is_counted_whole() -> None:
    """Thirty addresses between 15:40 and 16:20 UTC: no clock hour holds them all, the window around each does."""
    rows = _staff_day() + _wave(30, minute=40)
    out = failed_sign_in_wave_features(*_tables(rows))
    assert out.iloc[-30:]["failed_sign_in_sources_hour"].tolist() == [30.0] * 30


def test_addresses_failing_hours_apart_are_no_wave() -> None:
    rows = _staff_day() + [(None, f"185.220.0.{i}", 150 * i, 1, 1) for i in range(4)]
    assert failed_sign_in_wave_features(*_tables(rows))["failed_sign_in_sources_hour"].max() == 1


def test_one_address_failing_many_times_counts_once() -> None:
    rows = [(None, "10.9.9.9", m, 5, 5) for m in range(0, 50, 5)]
    assert failed_sign_in_wave_features(*_tables(rows))["failed_sign_in_sources_hour"].tolist() == [1.0] * 10


def test_a_form_that_answers_a_wrong_password_with_200_fails_only_when_nothing_else_was_opened() -> None:
    """Not redirected and nothing but sign-in pages: the form shown again. Not redirected, then the site: the
    sign-in worked (a single-page app's form answering 200)."""
    sessions, features = _tables([(None, "10.9.9.1", 0, 2, 0), (None, "10.9.9.2", 1, 2, 0), (None, "10.9.9.3", 2, 1, 0)])
    features["login_not_redirected"] = [2.0, 2.0, 0.0]
    features["non_sign_in_requests"] = [0.0, 14.0, 0.0]
    counts = failed_sign_in_wave_features(sessions, features)["failed_sign_in_sources_hour"].tolist()
    assert counts == [1.0, 0.0, 0.0]


def test_sign_ins_the_server_failed_are_no_refusals() -> None:
    """An identity provider down for an hour: every sign-in answered 502, and a log without account names shows
    nobody succeeding. Those sessions met server errors, so they are not counted."""
    sessions, features = _tables([(None, f"10.8.0.{i}", i, 1, 1) for i in range(30)])
    features["error_5xx_share"] = [0.5] * 29 + [0.0]
    counts = failed_sign_in_wave_features(sessions, features)["failed_sign_in_sources_hour"].tolist()
    assert counts == [0.0] * 29 + [1.0]


def test_no_sessions() -> None:
    out = failed_sign_in_wave_features(*_tables([]))
    assert list(out.columns) == ["failed_sign_in_sources_hour", "failed_sign_in_sources_hour_vs_log",
                                 "failed_sign_in_hours_address", "failed_sign_in_sources_log",
                                 "failed_sign_in_sources_log_share"] and out.empty


def test_one_address_guessing_an_hour_at_a_time_fails_in_hour_after_hour() -> None:
    """One guess every 40-80 minutes for a day from one address that never gets in: each of its sessions knows the
    address failed in every hour of it. A person who forgot a password and gave up fails within one or two hours;
    an address that also signed in is no guesser's."""
    slow = [(None, "198.51.100.9", 70 * i, 1, 1) for i in range(20)]  # 20 tries over 23 hours
    forgot = [(None, "203.0.113.5", 5, 1, 1), (None, "203.0.113.5", 50, 2, 2)]
    office = [(None, "192.0.2.1", 60 * h, 1, 1) for h in range(10)] + [("ann@d.org", "192.0.2.1", 30, 1, 0)]
    out = failed_sign_in_wave_features(*_tables(slow + forgot + office))["failed_sign_in_hours_address"].tolist()
    hours = len({(T0 + pd.Timedelta(minutes=70 * i)).floor("h") for i in range(20)})
    assert out[:20] == [float(hours)] * 20 and hours >= 19
    assert out[20:22] == [1.0, 1.0]  # minutes 5 and 50: one clock hour
    assert out[22:] == [0.0] * 11


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "a@d.org", "b@d.org"]), st.sampled_from([f"10.0.0.{i}" for i in range(8)]),
                          st.floats(0, 600), st.integers(0, 3), st.integers(0, 3)), max_size=40),
       st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows, rnd) -> None:
    rows = [(u, ip, m, a, min(f, a)) for u, ip, m, a, f in rows]
    sessions, features = _tables(rows)
    out = failed_sign_in_wave_features(sessions, features)
    order = list(range(len(rows)))
    rnd.shuffle(order)
    shuffled = failed_sign_in_wave_features(sessions.iloc[order], features.iloc[order])
    pd.testing.assert_frame_equal(shuffled.sort_index(), out.sort_index())
    counted = out["failed_sign_in_sources_hour"].to_numpy()
    assert np.all(counted <= len({r[1] for r in rows}))
    # these sessions open nothing but sign-in pages: failing when refused, or when they (or their address, all of
    # whose sessions stayed on the sign-in pages here) posted more than once
    attempts, refused = features["login_attempts"].to_numpy(), features["login_failures"].to_numpy()
    address_attempts = features["login_attempts"].groupby(sessions["client_ip"]).transform("sum").to_numpy()
    assert np.all((counted > 0) == ((attempts >= 1) & ((refused >= 1) | (attempts >= 2) | (address_attempts >= 2)))
                  & ~sessions["client_ip"].isin(sessions.loc[sessions["user"].notna(), "client_ip"]).to_numpy())


def test_guessing_kept_up_all_day_is_the_background_but_not_the_share_of_addresses() -> None:
    """A campaign spread evenly over the whole day makes every hour alike (the wave's ratio stays near 1), but the
    addresses that only failed are as many as the staff's; a day of forgotten passwords is a few in a hundred."""
    steady = [(None, f"73.{i // 250}.{i % 250}.9", i * 600 / 200, 1, 1) for i in range(200)]
    out = failed_sign_in_wave_features(*_tables(_staff_day() + steady))
    campaign = out.iloc[-200:]
    assert campaign["failed_sign_in_sources_hour_vs_log"].median() < 5  # the wave rule cannot see it
    assert (campaign["failed_sign_in_sources_log"] == 200).all()
    assert (campaign["failed_sign_in_sources_log_share"] > 0.7).all()  # 200 of the 260 addresses that tried
    everyday = failed_sign_in_wave_features(*_tables(_staff_day() + [(None, "10.7.7.7", 30, 2, 2)]))
    assert everyday["failed_sign_in_sources_log_share"].max() < 0.05


def test_a_wave_larger_than_the_rest_of_the_log_is_not_its_own_background() -> None:
    """Four hundred proxies, one refused attempt each, within two hours of a quiet night, in a log of 70 other
    sessions: measured against the other sessions, the wave stands out; against all, it would be the median."""
    rows = _staff_day() + _wave(400, minute=-6 * 60)
    out = failed_sign_in_wave_features(*_tables(rows))
    assert (out.iloc[-400:]["failed_sign_in_sources_hour_vs_log"] >= 5).all()


def test_a_pool_used_again_the_next_night_is_not_failing_all_day_in_between() -> None:
    """The same 60 proxies fail at 02:00 on two nights; the staff's day between them sees none of them."""
    night1 = _wave(60, minute=-13 * 60)
    night2 = [(u, ip, m + 24 * 60, a, f) for u, ip, m, a, f in night1]
    out = failed_sign_in_wave_features(*_tables(night1 + _staff_day() + night2))
    assert (out.iloc[:60]["failed_sign_in_sources_hour"] == 60).all()
    assert (out.iloc[:60]["failed_sign_in_sources_hour_vs_log"] >= 5).all()


def test_a_lone_post_whose_answer_the_log_does_not_give_fails_when_it_went_no_further() -> None:
    """A firewall's log has no status: one post from each proxy, never further; the office's post led on."""
    sessions, features = _tables([(None, "185.220.0.1", 0, 1, 0), (None, "185.220.0.2", 1, 1, 0), (None, "10.9.8.7", 2, 1, 0)])
    features["login_unanswered"] = [1.0, 1.0, 1.0]
    features["non_sign_in_requests"] = [0.0, 0.0, 9.0]
    counts = failed_sign_in_wave_features(sessions, features)["failed_sign_in_sources_hour"].tolist()
    assert counts == [2.0, 2.0, 0.0]


def test_sign_ins_whose_redirect_was_never_followed_are_failures_of_a_tool() -> None:
    """Stuffing through a botnet where every sign-in is answered 302: each bot loads the form, posts once, reads
    the answer and leaves; people follow the redirect into the app (or back to the form) at once."""
    from detector.features import compute_features
    from detector.sessions import sessionise
    from tests.detector.records import enriched_records

    chrome = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"
    rows = []
    for i in range(30):  # thirty bots in two hours, one post each, the redirect not followed
        ip, t = f"185.220.{i // 100}.{i % 100}", 4 * i
        rows += [dict(m=t, client_ip=ip, path="/login", user_agent=chrome, status=200),
                 dict(m=t + 0.1, client_ip=ip, path="/login", method="POST", user_agent=chrome, status=302)]
    for i in range(20):  # staff sign in and go where they are sent
        ip, t = f"10.0.0.{i}", 6 * i + 1
        rows += [dict(m=t, client_ip=ip, path="/login", user_agent=chrome, status=200),
                 dict(m=t + 0.1, client_ip=ip, path="/login", method="POST", user_agent=chrome, status=302),
                 dict(m=t + 0.11, client_ip=ip, path="/home", user_agent=chrome, status=200, user=f"s{i}@d.org")]
    data = sessionise(enriched_records(rows, t0=T0))
    feats = compute_features(data, "session")
    waves = failed_sign_in_wave_features(data.sessions, feats)
    bots = data.sessions["client_ip"].str.startswith("185.220.").to_numpy()
    assert (feats["login_redirect_unfollowed"][bots] == 1).all() and (feats["login_redirect_unfollowed"][~bots] == 0).all()
    assert (waves["failed_sign_in_sources_hour"][bots] >= 10).all() and (waves["failed_sign_in_sources_hour"][~bots] == 0).all()
