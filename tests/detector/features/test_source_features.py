"""Source-day crawl features count only what an address did without signing in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.enrich import enrich_records
from detector.features import compute_features
from detector.sessions import sessionise
from tests.detector.records import make_records

T0 = pd.Timestamp("2026-09-14 00:10", tz="UTC")  # a whole day ahead: 30 pages 40 min apart fit in it


def _row(minute: float, ip: str, path: str, ua: str, user=None, referer=None, method="GET"):
    return dict(
        m=minute, utc_offset_min=0, client_ip=ip, user=user, method=method, path=path, referer=referer, user_agent=ua,
        line_no=1,
    )


def _features(rows) -> pd.DataFrame:
    data = sessionise(enrich_records(make_records(rows, t0=T0)))
    return compute_features(data, "source_day")


def test_slow_crawler_counted_over_the_day() -> None:
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    # one page every 40 minutes: every request is its own session, but the day adds up
    rows = [_row(40 * i, "66.249.1.1", f"/blog/post-{i}", bot) for i in range(30)]
    rows.append(_row(5, "66.249.1.1", "/blog/post-0", bot))  # a repeat: 31 pages, 30 distinct
    feats = _features(rows).loc[("66.249.1.1", slice(None))].iloc[0]
    assert feats["src_pages"] == 31 and feats["src_distinct_pages"] == 30
    assert feats["src_asset_share"] == 0 and feats["src_page_referer_share"] == 0
    assert feats["src_automation_share"] == 1 and feats["src_browser_share"] == 0


def test_signed_in_requests_are_left_out() -> None:
    chrome = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"
    rows = []
    for i in range(10):  # an office NAT: signed-in staff browsing with assets
        rows.append(_row(i, "203.0.113.1", f"/students/{i}", chrome, user=f"u{i}@x.org", referer="https://x/"))
        rows.append(_row(i, "203.0.113.1", "/static/app.css", chrome, user=f"u{i}@x.org", referer="https://x/"))
    rows.append(_row(0, "203.0.113.1", "/login", chrome))  # the sign-in page itself, not yet signed in
    rows.append(_row(0, "203.0.113.1", "/static/app.js", chrome))
    feats = _features(rows).loc[("203.0.113.1", slice(None))].iloc[0]
    assert feats["src_pages"] == 1 and feats["src_distinct_pages"] == 1
    assert feats["src_asset_share"] == 0.5
    assert feats["src_browser_share"] == 1


def test_referers_agents_and_sign_in_outcomes_per_address() -> None:
    chrome = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"
    rotated = chrome.replace("150.0", "151.0")
    ip, other = "198.51.100.7", "198.51.100.8"
    rows = [
        _row(0, ip, "/students/1", chrome, referer="https://x/"),
        _row(1, ip, "/students/2", rotated),
        _row(2, ip, "/students/2", rotated),
        _row(3, ip, "/static/app.css", chrome),
    ]
    rows += [dict(_row(4 + i, ip, "/login", chrome, method="POST"), status=200) for i in range(3)]  # the form again
    rows.append(dict(_row(8, ip, "/login", chrome, method="POST"), status=302))  # signed in: redirected
    rows.append(_row(9, other, "/students/3", chrome, user="u@x.org"))  # signed-in traffic only
    feats = _features(rows)
    anon = feats.loc[(ip, slice(None))].iloc[0]
    assert anon["src_pages"] == 3 and anon["src_distinct_pages"] == 2  # sign-in posts are not pages
    assert anon["src_page_referer_share"] == 1 / 3
    assert anon["src_anon_user_agents"] == 2  # exact strings: a rotated version is another agent
    assert anon["src_login_not_redirected"] == 3
    signed_in = feats.loc[(other, slice(None))].iloc[0]
    assert signed_in["src_pages"] == 0 and signed_in["src_anon_user_agents"] == 0
    assert signed_in["src_login_not_redirected"] == 0


def test_token_endpoints_answer_success_with_200_and_refreshes_are_no_sign_in() -> None:
    """An office's staff renew their tokens all day: no sign-in shown again, no sign-in at all for a refresh."""
    chrome = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"
    ip = "203.0.113.9"
    rows = [dict(_row(i, ip, "/oauth2/token", chrome, method="POST"), status=200) for i in range(60)]
    rows += [dict(_row(i + 0.5, ip, "/auth/token/refresh", chrome, method="POST"), status=200) for i in range(60)]
    rows += [dict(_row(70 + i, ip, "/oauth2/token", chrome, method="POST"), status=401) for i in range(4)]
    feats = _features(rows).loc[(ip, slice(None))].iloc[0]
    assert feats["src_login_attempts"] == 64  # the token posts; the refreshes are not sign-ins
    assert feats["src_login_not_redirected"] == 4  # only the refused ones
    assert feats["src_login_failures"] == 4


def test_refused_credentials_per_address_and_the_rule_that_reads_them() -> None:
    """HTTP Basic guessed on a feed: every guess a 401 on the resource itself, the tried names logged."""
    from models.rules import RuleSet, parse_rules

    curl, chrome = "curl/8.5.0", "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0"
    guesser, office, scanner = "198.51.100.66", "203.0.113.1", "10.10.2.60"
    rows = [dict(_row(i * 0.05, guesser, "/feeds/enrollment.csv?lea=3", curl, user=f"name{i % 40}"), status=401)
            for i in range(150)]
    # a credential-less vulnerability scan: each probed path refused once
    probes = ["/server-status", "/.env", "/config.json", "/wp-login.php", "/phpmyadmin/", "/cgi-bin/test.cgi", "/.git/HEAD"]
    rows += [dict(_row(i * 0.05, scanner, f"{probes[i % len(probes)]}{'/' * (i // len(probes))}x{i}.bak", curl), status=401)
             for i in range(200)]
    rows.append(_row(9, guesser, "/feeds/enrollment.csv?lea=3", curl, user="name7"))  # one guess was right
    for i in range(300):  # an office: the browser's challenge, then the answer, for a few of its requests
        rows.append(_row(i, office, f"/students/{i}", chrome, user=f"u{i % 9}@x.org"))
        if i % 30 == 0:
            rows.append(dict(_row(i, office, f"/students/{i}", chrome), status=401))
    feats = _features(rows)
    bad = feats.loc[(guesser, slice(None))].iloc[0]
    assert bad["src_unauthorized"] == 150 and bad["src_unauthorized_names"] == 40
    assert bad["src_unauthorized_share"] == 150 / 151
    assert bad["src_unauthorized_paths"] == 1
    scan = feats.loc[(scanner, slice(None))].iloc[0]
    assert scan["src_unauthorized"] == 200 and scan["src_unauthorized_paths"] > 200 / 3
    good = feats.loc[(office, slice(None))].iloc[0]
    assert good["src_unauthorized"] == 10 and good["src_unauthorized_names"] == 0
    rule = [r for r in parse_rules(None) if r.id == "brute-force-refused-credentials"]
    hits = RuleSet(rule, level="source_day").fit(feats).matches(feats)["brute-force-refused-credentials"]
    assert hits.loc[(guesser, slice(None))].all() and not hits.loc[(office, slice(None))].any()
    assert not hits.loc[(scanner, slice(None))].any()  # probing paths is not guessing credentials


def test_a_slow_basic_auth_spray_across_names_fires_the_spray_rule() -> None:
    """Forty guesses in a night, one or two per name, every six minutes: under any count, over any name count."""
    from models.rules import RuleSet, parse_rules

    chrome = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0"
    sprayer, office, typist = "96.255.42.173", "203.0.113.1", "198.51.100.20"
    rows = [dict(_row(i * 6, sprayer, "/sv/home.do", chrome, user=f"staff{i // 2}.d27"), status=401) for i in range(40)]
    for i in range(300):  # an office whose staff mistype now and then
        rows.append(_row(i, office, f"/sv/student/{i}", chrome, user=f"u{i % 9}.d27"))
        if i % 25 == 0:
            rows.append(dict(_row(i, office, f"/sv/student/{i}", chrome, user=f"u{i % 9}.d27"), status=401))
    rows += [dict(_row(i, typist, "/sv/home.do", chrome, user=name), status=401)
             for i, name in enumerate(["jdoe", "jdoe", "jdeo", "jdoe.d27"])]  # one person's typos, then nothing
    feats = _features(rows)
    rule = [r for r in parse_rules(None) if r.id == "brute-force-basic-auth-spray"]
    hits = RuleSet(rule, level="source_day").fit(feats).matches(feats)["brute-force-basic-auth-spray"]
    assert {ip for ip in (sprayer, office, typist) if hits.loc[(ip, slice(None))].any()} == {sprayer}


def test_a_monitor_polling_on_a_timer_is_not_guessing() -> None:
    """PRTG's anonymous probe of a Windows-authenticated site: GET / every 60 s (to the second), always 401.
    A compromised PC's NTLM guessing is refused as often, in bursts; a Basic guesser on a timer shows its names."""
    from models.rules import RuleSet, parse_rules

    probe, guesser, timed = "10.10.2.50", "10.20.8.34", "198.51.100.9"
    rows = [dict(_row(i + (i % 3 == 0) / 60, probe, "/", "PRTG Network Monitor (www.paessler.com)"), status=401)
            for i in range(600)]  # minutes, a second late now and then
    rng = np.random.default_rng(5)
    t = 0.0
    for i in range(300):
        t += float(rng.choice([0.0, 0.0, 0.0, rng.uniform(5, 15)])) / 60
        rows.append(dict(_row(t, guesser, "/Default.aspx", "Mozilla/5.0"), status=401))
    rows += [dict(_row(i / 2, timed, "/feeds/enrollment.csv", "curl/8.5.0", user=f"name{i % 25}"), status=401)
             for i in range(200)]
    feats = _features(rows)
    beat = {ip: feats.loc[(ip, slice(None))].iloc[0]["src_unauthorized_on_beat"] for ip in (probe, guesser, timed)}
    assert beat[probe] >= 0.9 * 600 and beat[guesser] < 0.1 * 300 and beat[timed] >= 0.9 * 200
    rule = [r for r in parse_rules(None) if r.id == "brute-force-refused-credentials"]
    hits = RuleSet(rule, level="source_day").fit(feats).matches(feats)["brute-force-refused-credentials"]
    assert {ip for ip in (probe, guesser, timed) if hits.loc[(ip, slice(None))].any()} == {guesser, timed}


def test_names_typed_into_a_sign_in_form_that_got_no_further() -> None:
    """A spray against a form that logs the typed name: every name tried, none answered past the sign-in pages.
    An office NAT's staff sign in and go on into the app."""
    from detector.features import compute_features as features_of

    chrome = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"
    spray, office = "179.228.1.2", "203.0.113.1"
    names = [f"staff{i}" for i in range(20)] + ["admin", "frontdesk", "guest"]
    rows = []
    for i, name in enumerate(names):
        rows.append(dict(_row(i * 2, spray, "/sis/auth/dologin", chrome, user=name, method="POST"), status=302))
        rows.append(_row(i * 2 + 0.1, spray, "/sis/index.php?page=login&err=1", chrome))
    for i in range(15):
        rows.append(dict(_row(i, office, "/sis/auth/dologin", chrome, user=f"u{i}", method="POST"), status=302))
        rows.append(_row(i + 0.1, office, "/sis/index.php?page=home", chrome, user=f"u{i}"))
    feats = _features(rows)
    assert feats.loc[(spray, slice(None))].iloc[0]["src_accounts_stuck"] == 23
    assert feats.loc[(spray, slice(None))].iloc[0]["src_accounts_tried"] == 23
    assert feats.loc[(office, slice(None))].iloc[0]["src_accounts_stuck"] == 0
    data = sessionise(enrich_records(make_records(rows, t0=T0)))
    accounts = features_of(data, "account_day")
    assert accounts.loc[("admin", slice(None)), "ad_requests_past_sign_in"].iloc[0] == 0
    assert accounts.loc[("u3", slice(None)), "ad_requests_past_sign_in"].iloc[0] == 1


def _going_nowhere(rows: list[dict]) -> set[str]:
    """The addresses ``brute-force-sign-ins-going-nowhere`` fires on, the log's own share past sign-in given."""
    from detector.features.whole_log import log_past_sign_in_share
    from models.peers import PeerBaseline
    from models.rules import RuleSet, parse_rules

    feats = _features(rows)
    ratio = PeerBaseline().fit(feats[["src_login_attempts"]]).ratios(feats[["src_login_attempts"]])
    feats["src_login_attempts_vs_peers"] = ratio["src_login_attempts_vs_peers"]
    feats["log_past_sign_in_share"] = log_past_sign_in_share(feats)
    rule = [r for r in parse_rules(None) if r.id == "brute-force-sign-ins-going-nowhere"]
    hits = RuleSet(rule, level="source_day").fit(feats).matches(feats)["brute-force-sign-ins-going-nowhere"]
    return {ip for ip, _day in hits[hits].index}


def test_sign_ins_that_led_nowhere() -> None:
    """A spray against a form that redirects every answer, by a tool that never follows the redirect: 120 posts
    and nothing else, no name logged on a failure; a Tor exit guessing one account every quarter of an hour, 12
    posts.  An office NAT posts the form as often, and its staff go on into the app; a canary signs in every 5
    minutes and opens one page; people at home sign in once or twice."""
    chrome = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"
    spray, office, canary, tor = "70.117.12.49", "203.0.113.1", "198.51.100.30", "185.220.101.160"
    rows = [dict(_row(i * 1.1, spray, "/j_spring_security_check", "python-requests/2.31", method="POST"), status=302)
            for i in range(120)]
    rows += [dict(_row(i * 15, tor, "/auth/login", chrome, method="POST"), status=302) for i in range(12)]
    for i in range(120):
        rows.append(dict(_row(i * 3, office, "/j_spring_security_check", chrome, method="POST"), status=302))
        rows += [_row(i * 3 + 0.1 + j / 10, office, f"/student/profile?ssid={i * 10 + j}", chrome, user=f"u{i % 40}")
                 for j in range(5)]
    for i in range(100):
        rows.append(dict(_row(i * 5, canary, "/j_spring_security_check", "curl/8.5.0", method="POST"), status=302))
        rows.append(_row(i * 5 + 0.05, canary, "/home", "curl/8.5.0", user="svc-canary"))
    for i in range(60):  # people at home, signing in once or twice
        for j in range(1 + i % 2):
            rows.append(dict(_row(i * 7 + j, f"73.1.{i}.9", "/j_spring_security_check", chrome, method="POST"), status=302))
            rows.append(_row(i * 7 + j + 0.1, f"73.1.{i}.9", "/home", chrome, user=f"p{i}"))
    assert _going_nowhere(rows) == {spray, tor}


def test_in_an_identity_providers_log_alone_sign_ins_lead_nowhere_for_everyone() -> None:
    """A log of the sign-in service alone: every office posts the form and nothing past it is logged.  Ten or a
    dozen posts say nothing there; 120 from one address, ten times the offices', still do."""
    spray, tor = "70.117.12.49", "185.220.101.160"
    rows = [dict(_row(i * 1.1, spray, "/j_spring_security_check", "python-requests/2.31", method="POST"), status=302)
            for i in range(120)]
    rows += [dict(_row(i * 15, tor, "/auth/login", "curl/8.5.0", method="POST"), status=302) for i in range(12)]
    for office in range(40):
        rows += [dict(_row(office * 11 + i, f"203.0.113.{office}", "/j_spring_security_check", "Chrome/150.0",
                           method="POST"), status=302) for i in range(1 + office % 12)]
    assert _going_nowhere(rows) == {spray}
