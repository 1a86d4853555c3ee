"""Account-day and source-day feature families, checked by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from detector.config import Settings
from detector.enrich import enrich_records
from detector.features import compute_features
from detector.features.registry import FeatureParams
from detector.sessions import sessionise
from tests.detector.records import make_records as records_frame

CHROME_120 = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
CHROME_119 = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/119.0.6045.160 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1"
)
DAY = pd.Timestamp("2024-07-02T00:00:00Z")  # a Tuesday; midnight is on every bucket boundary
DAY_NO = (dt.date(2024, 7, 2) - dt.date(1970, 1, 1)).days
OFFICE = "10.1.0.5"  # 10.1.0.0/16
HOME = "172.20.0.9"  # 172.20.0.0/16


def make_records(rows: list[dict]) -> pd.DataFrame:
    """A records frame; each row gives ``m`` (minutes after DAY midnight UTC) plus overrides."""
    return records_frame(rows, t0=DAY, client_ip=OFFICE, user_agent=CHROME_120)


def featurise(rows: list[dict], level: str, params: FeatureParams | None = None, timezone: str | None = None):
    data = sessionise(enrich_records(make_records(rows), timezone=timezone))
    return compute_features(data, level, params)


def day_of(feats: pd.DataFrame, user: str) -> pd.Series:
    """The account-day of ``user`` (account names are kept in lower case)."""
    return feats.loc[(user.lower(), DAY_NO)]


# --------------------------------------------------------------------------- sharing


def test_concurrent_use_from_two_networks() -> None:
    # 14:00-14:40 UTC: one person on the office network each whole minute, someone else at home each half minute
    rows = [{"m": 14 * 60 + k, "user": "maria", "client_ip": OFFICE, "path": f"/students/{k}"} for k in range(40)]
    rows += [{"m": 14 * 60 + k + 0.5, "user": "maria", "client_ip": HOME, "path": f"/students/{k}"} for k in range(40)]
    f = day_of(featurise(rows, "account_day"), "maria")
    # both networks are active in each of the eight 5-minute buckets 14:00-14:40
    assert f["ad_concurrent_minutes"] == 40
    assert f["ad_concurrent_minutes"] >= 30
    assert f["ad_max_simultaneous_networks"] == 2
    # requests alternate office/home every 30 s: all 79 consecutive pairs switch network
    assert f["ad_fast_network_switches"] == 79
    assert f["ad_distinct_networks"] == 2
    assert f["ad_distinct_subnets"] == 2
    assert f["ad_distinct_ips"] == 2
    assert f["ad_requests"] == 80
    assert f["ad_sessions"] == 2


def test_phone_on_a_carrier_beside_the_desktop_is_not_two_places() -> None:
    """The person's phone on cellular while their desktop is on the office network: no concurrency, no overlap."""
    desk = [{"m": 14 * 60 + k, "user": "maria", "client_ip": OFFICE, "path": f"/students/{k}"} for k in range(40)]
    carrier = ["100.64.3.9", "100.80.7.1", "100.99.2.4"]  # a fresh carrier-NAT address (and /16) per session
    phone = [{"m": 14 * 60 + 12 * s + k + 0.5, "user": "maria", "client_ip": carrier[s], "user_agent": IPHONE,
              "path": f"/students/{k}"} for s in range(3) for k in range(8)]
    f = day_of(featurise(desk + phone, "account_day"), "maria")
    assert f["ad_concurrent_minutes"] == 0
    assert f["ad_max_simultaneous_networks"] == 1
    assert f["ad_session_overlap_minutes"] == 0
    assert f["ad_fast_network_switches"] == 0
    # where requests came from is still counted in full
    assert f["ad_distinct_networks"] == 4 and f["ad_distinct_ua_families"] == 2
    assert f["ad_computer_networks"] == 1  # the desktop's office network: where the person was
    # a second desktop on that carrier instead is two places at once
    laptop = [dict(row, user_agent=CHROME_119.replace("Windows NT 10.0; Win64; x64", "Macintosh")) for row in phone]
    g = day_of(featurise(desk + laptop, "account_day"), "maria")
    assert g["ad_concurrent_minutes"] > 0 and g["ad_session_overlap_minutes"] > 0


def test_office_then_home_is_not_sharing() -> None:
    rows = [{"m": 9 * 60 + 10 * k, "user": "john", "client_ip": OFFICE, "path": f"/p/{k}"} for k in range(19)]  # 9:00-12:00
    rows += [{"m": 19 * 60 + 10 * k, "user": "john", "client_ip": HOME, "path": f"/q/{k}"} for k in range(13)]  # 19:00-21:00
    f = day_of(featurise(rows, "account_day"), "john")
    assert f["ad_concurrent_minutes"] == 0
    assert f["ad_fast_network_switches"] == 0  # one switch, seven hours apart
    assert f["ad_max_simultaneous_networks"] == 1
    assert f["ad_distinct_networks"] == 2
    assert f["ad_sessions"] == 2
    assert f["ad_requests"] == 32
    # hours 9, 10, 11, 12, 19, 20, 21
    assert f["ad_active_hours"] == 7


def test_switch_slower_than_travel_limit_is_not_fast() -> None:
    rows = [
        {"m": 600, "user": "ann", "client_ip": OFFICE},
        {"m": 615, "user": "ann", "client_ip": HOME},  # 15 min: faster than 20
        {"m": 700, "user": "ann", "client_ip": OFFICE},  # 85 min: plausible
    ]
    assert day_of(featurise(rows, "account_day"), "ann")["ad_fast_network_switches"] == 1
    strict = FeatureParams(travel_max_minutes=10.0)
    assert day_of(featurise(rows, "account_day", strict), "ann")["ad_fast_network_switches"] == 0


def test_same_16_is_same_network() -> None:
    rows = [
        {"m": 600, "user": "ann", "client_ip": "10.1.0.5"},
        {"m": 601, "user": "ann", "client_ip": "10.1.200.7"},  # same /16, other /24
    ]
    f = day_of(featurise(rows, "account_day"), "ann")
    assert f["ad_distinct_ips"] == 2
    assert f["ad_distinct_subnets"] == 2
    assert f["ad_distinct_networks"] == 1
    assert f["ad_fast_network_switches"] == 0
    assert f["ad_concurrent_minutes"] == 0


def test_browser_update_is_same_device_family() -> None:
    rows = [{"m": 9 * 60 + k, "user": "maria", "user_agent": CHROME_119} for k in range(5)]
    rows += [{"m": 13 * 60 + k, "user": "maria", "user_agent": CHROME_120} for k in range(5)]
    f = day_of(featurise(rows, "account_day"), "maria")
    assert f["ad_distinct_ua_families"] == 1
    assert f["ad_sessions"] == 2
    rows.append({"m": 15 * 60, "user": "maria", "user_agent": IPHONE})
    assert day_of(featurise(rows, "account_day"), "maria")["ad_distinct_ua_families"] == 2


def test_two_computers_clicking_in_two_schools_of_one_district() -> None:
    """One district's schools on one provider's /16: the wide network cannot tell them apart, the /24 can. Two
    Chrome builds on Windows are one device family but two computers."""
    school_a, school_b = "63.225.43.130", "63.225.22.94"
    rows = [{"m": 9 * 60 + k, "user": "lisa", "client_ip": school_a, "path": f"/students/{k}"} for k in range(60)]
    rows += [{"m": 9 * 60 + 20 + k + 0.5, "user": "lisa", "client_ip": school_b, "user_agent": CHROME_119,
              "path": f"/plans/{k}"} for k in range(30)]
    f = day_of(featurise(rows, "account_day"), "lisa")
    assert f["ad_two_places_minutes"] == 30  # 9:20-9:50, six 5-minute buckets
    assert f["ad_two_computers_minutes"] == 30
    assert f["ad_concurrent_minutes"] == 0 and f["ad_distinct_ua_families"] == 1  # what the older rules see


def test_one_computer_on_two_networks_or_two_computers_in_turn_is_not_two_people() -> None:
    a, b = "63.225.43.130", "63.225.22.94"
    # one browser alternating between two egress networks (a NAT pool, a VPN) minute by minute
    vpn = [{"m": 9 * 60 + k, "user": "omar", "client_ip": a if k % 2 else b, "path": f"/students/{k}"}
           for k in range(60)]
    assert day_of(featurise(vpn, "account_day"), "omar")[["ad_two_places_minutes", "ad_two_computers_minutes"]].sum() == 0
    # a desktop at school until 10:00, then a laptop elsewhere, the desktop's open tab still polling the same page
    desk = [{"m": 9 * 60 + k, "user": "omar", "client_ip": a, "path": f"/students/{k}"} for k in range(60)]
    desk += [{"m": 10 * 60 + 5 * k, "user": "omar", "client_ip": a, "path": "/students/59"} for k in range(12)]
    laptop = [{"m": 10 * 60 + 2 + k, "user": "omar", "client_ip": b, "user_agent": CHROME_119, "path": f"/plans/{k}"}
              for k in range(60)]
    assert day_of(featurise(desk + laptop, "account_day"), "omar")[["ad_two_places_minutes", "ad_two_computers_minutes"]].sum() == 0
    # the same two computers, a phone instead of the laptop: phones are not counted
    phone = [dict(row, user_agent=IPHONE) for row in laptop]
    shifted = [dict(row, m=row["m"] - 50) for row in phone]
    assert day_of(featurise(desk + shifted, "account_day"), "omar")[["ad_two_places_minutes", "ad_two_computers_minutes"]].sum() == 0


def test_an_aide_on_a_second_computer_in_the_same_office() -> None:
    """Same NAT address, the owner's Chrome and the aide's Firefox, both opening new records all morning: two
    computers at once, not two places."""
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"
    rows = [{"m": 9 * 60 + 2 * k, "user": "rosa", "path": f"/students/{k}"} for k in range(60)]
    rows += [{"m": 9 * 60 + 2 * k + 1, "user": "rosa", "user_agent": firefox, "path": f"/plans/{k}"} for k in range(60)]
    f = day_of(featurise(rows, "account_day"), "rosa")
    assert f["ad_two_computers_minutes"] == 120 and f["ad_two_places_minutes"] == 0


# --------------------------------------------------------------------------- volume, identity, index


def test_account_day_units_and_volume() -> None:
    rows = [
        {"m": 600, "user": "maria", "path": "/students/1"},
        {"m": 601, "user": "maria", "path": "/students/2"},
        {"m": 602, "user": "maria", "path": "/static/app.js"},
        {"m": 603, "user": "maria", "path": "/reports/export", "user_agent": "python-requests/2.31"},
        {"m": 604, "user": "maria", "method": "POST", "path": "/login", "status": 401},
        {"m": 1440 + 600, "user": "maria", "path": "/students/1"},  # the next day
        {"m": 610, "user": "zoe", "path": "/students/3"},
        {"m": 611, "path": "/students/4"},  # anonymous: no account-day
    ]
    feats = featurise(rows, "account_day")
    assert list(feats.index) == [("maria", DAY_NO), ("maria", DAY_NO + 1), ("zoe", DAY_NO)]
    m = day_of(feats, "maria")
    assert m["ad_requests"] == 5
    assert m["ad_distinct_entities"] == 2
    # entities touched by signed-in pages: students 1, 2, 3 (the anonymous student 4 is not counted)
    assert m["ad_entity_share"] == pytest.approx(2 / 3)
    assert m["ad_automation_share"] == pytest.approx(1 / 5)
    assert m["ad_downloads"] == 1
    assert m["ad_login_failures"] == 1
    assert m["ad_active_hours"] == 1
    assert feats.loc[("maria", DAY_NO + 1), "ad_requests"] == 1
    assert feats.loc[("zoe", DAY_NO), "ad_distinct_entities"] == 1


def test_local_day_follows_timezone() -> None:
    # 02:00 UTC on 3 July is still 2 July (19:00) in Los Angeles
    rows = [{"m": 600, "user": "maria"}, {"m": 1440 + 120, "user": "maria", "path": "/x"}]
    utc = featurise(rows, "account_day")
    assert len(utc) == 2
    la = featurise(rows, "account_day", timezone="America/Los_Angeles")
    assert list(la.index) == [("maria", DAY_NO)]
    assert la.iloc[0]["ad_requests"] == 2


@pytest.mark.parametrize(("user", "generic"), [
    ("DISTRICT\\frontoffice", 1), ("frontoffice", 1), ("DISTRICT\\frontoffice2", 1), ("reception.3@d.org", 1), ("registrar@district.k12.ca.us", 1), ("DISTRICT\\attendance", 1),
    ("nurse@lincoln.example.org", 1), ("DISTRICT\\jdoe", 0), ("officer.smith@district.org", 0),
    ("nursery.lee@district.org", 0), ("DISTRICT\\maria.lopez", 0),
])
def test_role_names_alone_and_windows_accounts_are_judged(user: str, generic: int) -> None:
    params = FeatureParams(generic_account_patterns=tuple(Settings().generic_account_patterns))
    feats = featurise([{"m": 600, "user": user}], "account_day", params)
    assert day_of(feats, user)["generic_account"] == generic


def test_generic_account_names() -> None:
    params = FeatureParams(generic_account_patterns=tuple(Settings().generic_account_patterns))
    rows = [
        {"m": 600, "user": "data.admin@district.org"},
        {"m": 600, "user": "maria.lopez@district.org"},
        {"m": 600, "user": "registrar01"},
    ]
    feats = featurise(rows, "account_day", params)
    assert day_of(feats, "data.admin@district.org")["generic_account"] == 1
    assert day_of(feats, "maria.lopez@district.org")["generic_account"] == 0
    assert day_of(feats, "registrar01")["generic_account"] == 1
    # without patterns nothing is generic
    plain = featurise(rows, "account_day")
    assert (plain["generic_account"] == 0).all()


@pytest.mark.parametrize(("user", "service"), [
    ("svc-rostersync@district.org", 1), ("svc_canvas_sync", 1), ("sis-api@district.org", 1), ("etl.batch", 1),
    ("DISTRICT\\WEB01$", 1), ("DISTRICT\\svc-ssrs", 1), ("sis.sync@district.org", 1), ("api:state-reporting", 1),
    ("data.admin@district.org", 0), ("maria.lopez@district.org", 0), ("serviceley.ann@district.org", 0),
    ("apiñata.rosa@district.org", 0),
])
def test_service_account_names_are_machines_not_generic_logins(user: str, service: int) -> None:
    settings = Settings()
    params = FeatureParams(generic_account_patterns=tuple(settings.generic_account_patterns),
                           service_account_patterns=tuple(settings.service_account_patterns))
    day = day_of(featurise([{"m": 600, "user": user}], "account_day", params), user)
    assert day["service_account"] == service
    if service:
        assert day["generic_account"] == 0  # a machine's account is judged by the service-account rule instead


def _service_rule_hits(rows: list[dict]) -> pd.Series:
    from models.rules import RuleSet, parse_rules

    settings = Settings()
    params = FeatureParams(generic_account_patterns=tuple(settings.generic_account_patterns),
                           service_account_patterns=tuple(settings.service_account_patterns))
    feats = featurise(rows, "account_day", params)
    rule = [r for r in parse_rules(None) if r.id == "sharing-service-account-used-by-people"]
    return RuleSet(rule, level="account_day").fit(feats).matches(feats)["sharing-service-account-used-by-people"]


def test_people_in_browsers_on_a_service_account_fire_its_rule_and_its_own_script_does_not() -> None:
    sync = "RosterSync/2.4 (+https://vendor.example/rostersync)"
    rows = [{"m": 120 + k, "user": "svc-rostersync", "client_ip": "20.57.52.34", "user_agent": sync,
             "path": f"/api/students/{k}"} for k in range(300)]
    rows += [{"m": 480 + 3 * k, "user": "svc-records", "client_ip": f"198.51.100.{k % 3}", "path": f"/students/{k}"}
             for k in range(40)]
    hits = _service_rule_hits(rows)
    assert hits.loc[("svc-records", DAY_NO)] and not hits.loc[("svc-rostersync", DAY_NO)]


def test_one_login_open_in_two_places_in_a_log_without_user_agents_fires_its_own_rule() -> None:
    """NCSA common and the IIS log file format record no user agent: devices cannot be compared, so an hour of
    overlap between two networks is what the rule asks; one place all day, or one network, does not fire it."""
    from models.rules import RuleSet, parse_rules

    from detector.schema import UA_NOT_LOGGED

    rows = [{"m": 480 + 2 * k, "user": "teacher", "client_ip": "10.42.11.13", "user_agent": UA_NOT_LOGGED,
             "path": f"/Student.aspx?ID={k}"} for k in range(200)]
    rows += [{"m": 540 + 3 * k, "user": "teacher", "client_ip": "10.43.11.194", "user_agent": UA_NOT_LOGGED,
              "path": f"/Attendance.aspx?ID={k}"} for k in range(60)]
    rows += [{"m": 480 + 2 * k, "user": "clerk", "client_ip": "10.42.11.20", "user_agent": UA_NOT_LOGGED,
              "path": f"/Student.aspx?ID={k}"} for k in range(200)]
    feats = featurise(rows, "account_day")
    assert day_of(feats, "teacher")["ad_unlogged_ua_share"] == 1
    rule = [r for r in parse_rules(None) if r.id == "sharing-overlapping-sessions-no-agents"]
    hits = RuleSet(rule, level="account_day").fit(feats).matches(feats)["sharing-overlapping-sessions-no-agents"]
    assert hits.loc[("teacher", DAY_NO)] and not hits.loc[("clerk", DAY_NO)]


# --------------------------------------------------------------------------- source-day


def test_password_spraying_from_one_address() -> None:
    accounts = [f"user{i:02d}@district.org" for i in range(10)]
    rows = [
        {"m": 600 + k, "client_ip": "198.51.100.23", "user": accounts[k % 10], "method": "POST", "path": "/login",
         "status": 401, "user_agent": "python-requests/2.31.0"}
        for k in range(30)
    ]
    rows += [
        {"m": 700, "client_ip": "203.0.113.5", "user": "maria", "method": "POST", "path": "/login", "status": 302},
        {"m": 701, "client_ip": "203.0.113.5", "user": "maria", "path": "/students/1"},
    ]
    feats = featurise(rows, "source_day")
    assert list(feats.index) == [("198.51.100.23", DAY_NO), ("203.0.113.5", DAY_NO)]
    bad = feats.loc[("198.51.100.23", DAY_NO)]
    assert bad["src_login_failures"] == 30
    assert bad["src_login_attempts"] == 30
    assert bad["src_accounts_tried"] == 10
    assert bad["src_login_failure_share"] == pytest.approx(1.0)
    assert bad["src_requests"] == 30
    assert bad["src_user_agents"] == 1
    good = feats.loc[("203.0.113.5", DAY_NO)]
    assert good["src_login_attempts"] == 1
    assert good["src_login_failures"] == 0
    assert good["src_accounts_tried"] == 1
    assert good["src_requests"] == 2
    # the account-day view sees three failures per sprayed account
    ad = featurise(rows, "account_day")
    assert ad.loc[(accounts[0], DAY_NO), "ad_login_failures"] == 3


def test_a_report_refresh_on_a_staff_login_all_day_fires_the_all_day_script_rule() -> None:
    """A report tool pulls a few feeds an hour around the clock on a person's login; the person works 8 h."""
    from models.rules import RuleSet, parse_rules

    mashup = "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)"
    rows = [{"m": h * 60 + 7 + k, "user": "tool", "client_ip": "20.57.52.34", "user_agent": mashup,
             "path": f"/feeds/{name}.csv?school=12"} for h in range(24)
             for k, name in enumerate(("roster", "contacts", "guardians", "programs", "health"))]
    rows += [{"m": h * 60 + k, "user": "clerk", "path": f"/students/{h * 10 + k}"} for h in range(8, 16) for k in range(10)]
    feats = featurise(rows, "account_day")
    assert day_of(feats, "tool")["ad_active_hours"] == 24 and day_of(feats, "tool")["ad_automation_share"] == 1
    rule = [r for r in parse_rules(None) if r.id == "scraping-script-all-day"]
    hits = RuleSet(rule, level="account_day").fit(feats).matches(feats)["scraping-script-all-day"]
    assert hits.loc[("tool", DAY_NO)] and not hits.loc[("clerk", DAY_NO)]
