"""Many staff logins that each visited one client once: from the sessions table alone."""

from __future__ import annotations

import pandas as pd

from detector.features.client_visitors import client_visitor_features

T0 = pd.Timestamp("2026-03-02 08:00", tz="UTC")
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def _sessions(rows: list[tuple[str | None, str, float]]) -> pd.DataFrame:
    """(user, client address, start in hours after T0), each session 20 minutes long, all in one browser build."""
    return pd.DataFrame({"user": [r[0] for r in rows], "client_ip": [r[1] for r in rows], "user_agent": CHROME,
                         "first_seen": [T0 + pd.Timedelta(hours=r[2]) for r in rows],
                         "last_seen": [T0 + pd.Timedelta(hours=r[2], minutes=20) for r in rows]})


def _staff(n: int, days: int = 2) -> list[tuple]:
    """Staff working from their school's address every day and from home some evenings."""
    rows = [(f"t{i}@d.org", "198.51.100.7", 24 * d + i % 8, ) for i in range(n) for d in range(days)]
    return rows + [(f"t{i}@d.org", f"73.0.{i}.1", 24 * d + 19) for i in range(0, n, 3) for d in range(days)]


def test_logins_visiting_one_machine_once_each_stand_out_and_the_school_does_not() -> None:
    phished = [(f"t{i}@d.org", "45.77.84.178", 3 + 4 * i) for i in range(8)]
    out = client_visitor_features(_sessions(_staff(40) + phished))
    visits = out.iloc[-8:]
    assert (visits["client_visiting_accounts"] == 8).all() and (visits["client_visiting_share"] == 1).all()
    assert (out.iloc[:-8]["client_visiting_accounts"] <= 1).all()  # a home visited once is one login, not many


def test_a_login_seen_only_there_or_twice_there_does_not_visit_it() -> None:
    rows = [("only@d.org", "45.77.84.178", 1), ("twice@d.org", "45.77.84.178", 2), ("twice@d.org", "45.77.84.178", 5),
            ("twice@d.org", "198.51.100.7", 9), (None, "45.77.84.178", 3)]
    out = client_visitor_features(_sessions(rows))
    # the one visit is twice@'s lone session at the school: one login on that client, so a count of 1
    assert out["client_visiting_accounts"].tolist() == [0.0, 0.0, 0.0, 1.0, 0.0]


def test_no_sessions() -> None:
    out = client_visitor_features(_sessions([]))
    assert list(out.columns) == ["client_visiting_accounts", "client_visiting_share"] and out.empty
