"""Per-request enrichment: networks and local time (detector.enrich)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from detector.enrich import enrich_records, local_times, network_prefixes
from tests.detector.records import make_records


def records(rows: list[dict]) -> pd.DataFrame:
    return make_records(rows)


def utc(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), utc=True))


# --------------------------------------------------------------------------- networks


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("203.0.113.9", ("203.0.0.0/16", "203.0.113.0/24")),
        ("10.1.2.3", ("10.1.0.0/16", "10.1.2.0/24")),
        (" 10.1.2.3 ", ("10.1.0.0/16", "10.1.2.0/24")),
        ("2001:db8:abcd:12::1", ("2001:db8::/32", "2001:db8:abcd::/48")),
        ("2001:0DB8:ABCD:0012:0000:0000:0000:0001", ("2001:db8::/32", "2001:db8:abcd::/48")),
        ("fe80::1%eth0", ("fe80::/32", "fe80::/48")),
        # IPv4-mapped IPv6 is the IPv4 network
        ("::ffff:203.0.113.9", ("203.0.0.0/16", "203.0.113.0/24")),
        ("", ("", "")),
        ("-", ("", "")),
    ],
)
def test_network_prefixes(address: str, expected: tuple[str, str]) -> None:
    assert network_prefixes(address) == expected


def test_ipv4_mapped_equals_plain_ipv4() -> None:
    assert network_prefixes("::ffff:198.51.100.7") == network_prefixes("198.51.100.7")


@pytest.mark.parametrize("address", ["garbage", "host.example.org", "999.1.1.1", "1.2.3"])
def test_non_address_is_its_own_network(address: str) -> None:
    assert network_prefixes(address) == (address, address)


def test_same_16_different_24() -> None:
    a, b = network_prefixes("192.0.2.10"), network_prefixes("192.0.77.10")
    assert a[0] == b[0] and a[1] != b[1]


# --------------------------------------------------------------------------- local time


def test_local_times_timezone_with_dst() -> None:
    ts = utc(
        "2024-07-01T17:00:00Z",  # PDT, UTC-7 -> 10:00
        "2024-01-15T17:00:00Z",  # PST, UTC-8 -> 09:00
        "2024-03-10T09:59:00Z",  # just before the spring change: 01:59 PST
        "2024-03-10T10:00:00Z",  # 02:00 PST is skipped: 03:00 PDT
        "2024-07-01T03:00:00Z",  # previous local day: 2024-06-30 20:00
    )
    offsets = pd.Series([np.nan, np.nan, 60.0, 60.0, np.nan])  # ignored when a zone is given
    local = local_times(ts, offsets, "America/Los_Angeles")
    assert list(local) == [
        pd.Timestamp("2024-07-01 10:00"),
        pd.Timestamp("2024-01-15 09:00"),
        pd.Timestamp("2024-03-10 01:59"),
        pd.Timestamp("2024-03-10 03:00"),
        pd.Timestamp("2024-06-30 20:00"),
    ]
    assert local.dt.tz is None


def test_local_times_line_offsets() -> None:
    ts = utc("2024-07-01T17:00:00Z", "2024-07-01T17:00:00Z", "2024-07-01T23:30:00Z", "2024-07-01T17:00:00Z")
    offsets = pd.Series([-420.0, 60.0, 330.0, np.nan])
    local = local_times(ts, offsets, None)
    assert list(local) == [
        pd.Timestamp("2024-07-01 10:00"),
        pd.Timestamp("2024-07-01 18:00"),
        pd.Timestamp("2024-07-02 05:00"),  # +05:30 crosses midnight
        pd.Timestamp("2024-07-01 17:00"),  # no offset: UTC
    ]


def test_local_times_utc_when_nothing_known() -> None:
    ts = utc("2024-07-01T17:00:00Z", "2024-12-31T23:59:00Z")
    local = local_times(ts, pd.Series([np.nan, np.nan]), None)
    assert list(local) == [pd.Timestamp("2024-07-01 17:00"), pd.Timestamp("2024-12-31 23:59")]


def test_same_event_same_local_hour_from_offset_line_and_zone() -> None:
    # combined log:  [01/Jul/2024:10:15:00 -0700]  -> 17:15 UTC, offset -420
    combined = records([{"ts": "2024-07-01T17:15:00Z", "utc_offset_min": -420.0}])
    # IIS W3C:      2024-07-01 17:15:00 (always UTC, no offset) with the site zone given
    iis = records([{"ts": "2024-07-01 17:15:00", "utc_offset_min": np.nan}])
    a = enrich_records(combined, timezone=None)
    b = enrich_records(iis, timezone="America/Los_Angeles")
    assert a["ts"].iloc[0] == b["ts"].iloc[0]
    assert a["local_hour"].iloc[0] == b["local_hour"].iloc[0] == 10
    assert a["local_dow"].iloc[0] == b["local_dow"].iloc[0] == 0  # 2024-07-01 is a Monday
    assert a["local_day"].iloc[0] == b["local_day"].iloc[0] == (dt.date(2024, 7, 1) - dt.date(1970, 1, 1)).days


# --------------------------------------------------------------------------- enrich_records


def test_enrich_records_columns_and_values() -> None:
    rec = records(
        [
            {"ts": "2024-07-06T05:00:00Z", "client_ip": "203.0.113.9", "path": "/students/12/grades"},
            {"ts": "2024-07-06T05:01:00Z", "client_ip": "2001:db8:abcd:12::1", "path": "/static/app.js", "user_agent": "curl/8.0"},
            {"ts": "2024-07-06T05:02:00Z", "client_ip": "", "path": "/login", "user_agent": ""},
        ]
    )
    rec.index = [30, 10, 20]
    out = enrich_records(rec, timezone="America/Los_Angeles")
    assert list(out.index) == [30, 10, 20]
    assert list(out.columns[: len(rec.columns)]) == list(rec.columns)
    for col in ("template", "entity", "entity_num", "is_static", "is_download", "is_login", "ua_class",
                "ua_family", "net_wide", "net_narrow", "local_hour", "local_dow", "local_day"):
        assert col in out.columns, col
    assert len(out) == 3
    assert list(out["template"].astype(object)) == ["/students/{n}/grades", "/static/app.js", "/login"]
    assert list(out["ua_class"].astype(object)) == ["browser", "library", "empty"]
    assert list(out["net_wide"].astype(object)) == ["203.0.0.0/16", "2001:db8::/32", ""]
    assert list(out["net_narrow"].astype(object)) == ["203.0.113.0/24", "2001:db8:abcd::/48", ""]
    # 05:00 UTC on Saturday 6 July is 22:00 PDT on Friday 5 July
    assert list(out["local_hour"]) == [22, 22, 22]
    assert list(out["local_dow"]) == [4, 4, 4]
    assert set(out["local_day"]) == {(dt.date(2024, 7, 5) - dt.date(1970, 1, 1)).days}
    assert out.loc[30, "is_static"] == False and out.loc[10, "is_static"] == True  # noqa: E712
    assert out.loc[20, "is_login"] == True  # noqa: E712


def test_an_account_typed_in_two_cases_is_one_account() -> None:
    """A phone capitalises the login, a person types the domain in capitals: one account, kept in lower case."""
    from detector.enrich import with_accounts_folded

    rows = [{"m": 0, "user": "rachel.alvarado@d.org"}, {"m": 1, "user": "Rachel.Alvarado@d.org"},
            {"m": 2, "user": "DISTRICT\\JDoe"}, {"m": 3, "user": None}]
    t0 = pd.Timestamp("2026-03-02 15:00", tz="UTC")
    enriched = enrich_records(make_records(rows, t0))
    assert enriched["user"].astype(object).tolist()[:3] == ["rachel.alvarado@d.org", "rachel.alvarado@d.org",
                                                            "district\\jdoe"]
    assert pd.isna(enriched["user"].iloc[3]) and list(enriched["user"].cat.categories) == ["rachel.alvarado@d.org",
                                                                                         "district\\jdoe"]
    plain = make_records(rows[:1], t0)
    assert with_accounts_folded(plain) is plain  # nothing to fold: the same frame
