"""Sign-ins posted under an account's name from addresses where it got no further: its password guessed."""

from __future__ import annotations

import pandas as pd

from detector.enrich import enrich_records
from detector.features import compute_features
from detector.sessions import sessionise
from tests.detector.records import make_records

T0 = pd.Timestamp("2026-09-09 05:00", tz="UTC")
CHROME = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"


def _row(minute: float, ip: str, path: str, user: str | None, method: str = "GET", status: int = 200) -> dict:
    return dict(m=minute, utc_offset_min=0, client_ip=ip, user=user, method=method, path=path, referer=None,
                user_agent=CHROME, line_no=1, status=status)


def _features(rows: list[dict]) -> pd.DataFrame:
    return compute_features(sessionise(enrich_records(make_records(rows, t0=T0))), "account_day")


def test_guesses_from_three_addresses_under_one_name_and_an_owner_who_mistyped() -> None:
    rows = []
    for i in range(18):  # the guesser: three hosting addresses, a post every 20 minutes, back to the form each time
        ip = f"146.70.{118 + i % 3}.9"
        rows.append(_row(20 * i, ip, "/login", "smoua@d.org", method="POST", status=302))
        rows.append(_row(20 * i + 0.01, ip, "/login", None))
    # the owner mistypes twice at school, then gets in and works; once more from home, and gets in
    rows += [_row(m, "10.65.0.10", "/login", "smoua@d.org", method="POST", status=302) for m in (400, 401, 402)]
    rows += [_row(403 + j, "10.65.0.10", f"/students/{j}", "smoua@d.org") for j in range(5)]
    rows += [_row(600, "73.2.2.2", "/login", "smoua@d.org", method="POST", status=302),
             _row(601, "73.2.2.2", "/dashboard", "smoua@d.org")]
    feats = _features(rows).loc[("smoua@d.org", slice(None))].iloc[0]
    assert feats["ad_sign_ins_nowhere"] == 18 and feats["ad_sign_in_addresses_nowhere"] == 3


def test_an_account_that_gets_in_everywhere_it_tries_is_not_guessed() -> None:
    rows = [_row(m, "10.65.0.10", "/login", "jdoe@d.org", method="POST", status=302) for m in range(12)]
    rows.append(_row(13, "10.65.0.10", "/dashboard", "jdoe@d.org"))
    feats = _features(rows).loc[("jdoe@d.org", slice(None))].iloc[0]
    assert feats["ad_sign_ins_nowhere"] == 0 and feats["ad_sign_in_addresses_nowhere"] == 0
