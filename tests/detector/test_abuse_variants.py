"""Other ways of doing the same abuse, built by hand (not by the sample generator).

Each scenario puts one abusive client among ordinary people browsing with a
real browser, and checks that it, and nobody else, is alerted with the right
kind.  The URL scheme here (``/api/pupils/<id>``, ``/blog/<slug>``) is not the
generator's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detector.config import Settings
from detector.pipeline import analyse
from detector.schema import coerce_records

T0 = pd.Timestamp("2026-03-02 15:00", tz="UTC")
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"


def _row(ts, ip, path, ua=CHROME, user=None, referer="https://portal.example/", method="GET", status=200, size=1500):
    return dict(ts=ts, utc_offset_min=-480, client_ip=ip, user=user, method=method, path=path, status=status,
                bytes=size, referer=referer, user_agent=ua, app_session=None, duration_ms=np.nan, file_idx=0, line_no=0)


def _people(rng: np.random.Generator, n: int = 80) -> list[dict]:
    """Ordinary staff: a few records each, assets after every page, human think times."""
    rows = []
    for person in range(n):
        t = T0 + pd.Timedelta(minutes=int(rng.integers(0, 360)))
        ip = f"203.0.{person % 20}.{10 + person % 7}"
        for _ in range(int(rng.integers(4, 25))):
            t += pd.Timedelta(seconds=float(rng.lognormal(3.2, 1.0)))
            user = f"staff{person}@district.example"
            rows.append(_row(t, ip, f"/api/pupils/{rng.integers(10**7, 10**8)}", user=user))
            rows.append(_row(t, ip, "/assets/app.css", user=user))
            rows.append(_row(t, ip, "/assets/app.js", user=user))
        # and the public pages, anonymously
        for k in range(int(rng.integers(1, 4))):
            rows.append(_row(t + pd.Timedelta(minutes=k), f"198.18.{person}.1", f"/blog/news-{rng.integers(0, 40)}"))
            rows.append(_row(t + pd.Timedelta(minutes=k), f"198.18.{person}.1", "/assets/site.css"))
    return rows


def _analyse(rows: list[dict]):
    frame = pd.DataFrame(rows)
    frame["line_no"] = np.arange(1, len(frame) + 1)
    return analyse(coerce_records(frame), Settings(timezone="America/Los_Angeles"))


def _alerted(analysis) -> set[tuple[str, str]]:
    return {(a.user or a.client_ips[0], a.kind) for a in analysis.alerts}


@pytest.fixture(scope="module")
def background() -> list[dict]:
    return _people(np.random.default_rng(42))


def test_background_alone_is_quiet(background) -> None:
    assert _alerted(_analyse(background)) == set()


def test_http_client_wearing_a_browser_user_agent(background) -> None:
    """Real Chrome UA, jittered 2-6 s, but no assets and no referers: an HTTP library in disguise."""
    rng = np.random.default_rng(1)
    rows, t = list(background), T0
    for i in range(700):
        t += pd.Timedelta(seconds=float(rng.uniform(2, 6)))
        rows.append(_row(t, "192.0.2.77", f"/api/pupils/{rng.integers(10**7, 10**8)}", user="j.doe@district.example", referer=None))
    assert _alerted(_analyse(rows)) == {("j.doe@district.example", "scraping")}


def test_unauthenticated_client_rotating_user_agents(background) -> None:
    rng = np.random.default_rng(2)
    rows, t = list(background), T0
    for i in range(400):
        t += pd.Timedelta(seconds=float(rng.uniform(5, 30)))
        ua = f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{100 + i % 40}.0 Safari/537.36"
        rows.append(_row(t, "192.0.2.99", f"/blog/post-{i}", ua=ua, referer=None))
    assert _alerted(_analyse(rows)) == {("192.0.2.99", "scraping")}


def test_many_browsers_behind_one_address_are_not_rotating_user_agents(background) -> None:
    """A campus NAT in a log that names no user: 16 browsers, each loading assets and following links."""
    rng = np.random.default_rng(13)
    rows, t = list(background), T0
    for i in range(600):
        t += pd.Timedelta(seconds=float(rng.uniform(2, 20)))
        ua = f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{120 + i % 16}.0 Safari/537.36"
        rows.append(_row(t, "192.0.2.98", f"/blog/post-{rng.integers(0, 5000)}", ua=ua,
                         referer="https://portal.example/blog/"))
        rows.append(_row(t, "192.0.2.98", "/assets/site.css", ua=ua))
    assert _alerted(_analyse(rows)) == set()


def test_slow_declared_crawler_over_a_day(background) -> None:
    """A page every 4-9 minutes: every request its own session, the day a crawl."""
    rng = np.random.default_rng(3)
    rows, t = list(background), T0 - pd.Timedelta(hours=6)
    for i in range(160):
        t += pd.Timedelta(minutes=float(rng.uniform(4, 9)))
        rows.append(_row(t, "192.0.2.150", f"/blog/archive/{2000 + i}/", ua="ExampleCrawler/1.2 (+https://crawler.example/bot)", referer=None))
    assert _alerted(_analyse(rows)) == {("192.0.2.150", "scraping")}


def test_shared_login_taking_turns_between_two_offices(background) -> None:
    """Two desktops on two networks using one named login in turns all day, never at the same minute."""
    rng = np.random.default_rng(4)
    rows = list(background)
    firefox = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0"
    t = T0
    for turn in range(8):
        ip, ua = ("203.0.1.11", CHROME) if turn % 2 == 0 else ("100.64.77.5", firefox)
        for _ in range(6):
            t += pd.Timedelta(seconds=float(rng.lognormal(3.2, 0.8)))
            rows.append(_row(t, ip, f"/api/pupils/{rng.integers(10**7, 10**8)}", ua=ua, user="m.shared@district.example"))
            rows.append(_row(t, ip, "/assets/app.css", ua=ua, user="m.shared@district.example"))
        t += pd.Timedelta(minutes=25)
    assert _alerted(_analyse(rows)) == {("m.shared@district.example", "credential_sharing")}


def test_password_guessing_against_a_form_that_answers_200(background) -> None:
    """WordPress-style: a failed sign-in re-renders the form with 200; a success redirects into the admin pages."""
    rows, t = list(background), T0
    for i in range(80):  # the attacker: 80 posts, none redirected
        t += pd.Timedelta(seconds=3)
        rows.append(_row(t, "192.0.2.201", "/wp-login.php", referer=None, method="POST", status=200))
    for i in range(60):  # an office NAT: 60 people signing in successfully (302) through one address, and going on
        at = T0 + pd.Timedelta(minutes=5 * i)
        rows.append(_row(at, "203.0.113.50", "/wp-login.php", method="POST", status=302))
        rows.append(_row(at + pd.Timedelta(seconds=1), "203.0.113.50", "/wp-admin/", status=200))
    assert _alerted(_analyse(rows)) == {("192.0.2.201", "brute_force")}


def test_script_on_a_staff_login_fetching_records_through_graphql(background) -> None:
    """A vendor's job posts GraphQL queries: the records are in the bodies, the URL is always /graphql."""
    rng = np.random.default_rng(5)
    rows, t = list(background), T0
    for i in range(300):
        t += pd.Timedelta(seconds=float(rng.uniform(0.5, 3)))
        rows.append(_row(t, "34.118.9.20", "/graphql", ua="python-httpx/0.27.0", user="p.reyes@district.example",
                         referer=None, method="POST"))
    assert _alerted(_analyse(rows)) == {("p.reyes@district.example", "scraping")}


def test_an_office_renewing_its_tokens_all_day_is_no_brute_force(background) -> None:
    """Fifty staff behind one address: a token post each at sign-in, a silent refresh every 15 minutes."""
    rows = list(background)
    for person in range(50):
        start = T0 + pd.Timedelta(minutes=int(person * 3))
        rows.append(_row(start, "203.0.113.60", "/oauth2/token", method="POST", status=200))
        for k in range(24):
            rows.append(_row(start + pd.Timedelta(minutes=15 * (k + 1)), "203.0.113.60", "/auth/token/refresh",
                             method="POST", status=200))
    assert _alerted(_analyse(rows)) == set()


def test_password_guessing_against_a_form_that_redirects_every_answer(background) -> None:
    """Spring-style: success and failure both answer 302 (to / or to /login?error); only what follows differs."""
    rows, t = list(background), T0
    for i in range(120):  # the guesser's browser: each post bounces back to the form
        t += pd.Timedelta(seconds=4)
        rows.append(_row(t, "192.0.2.202", "/login", referer=None, method="POST", status=302))
        rows.append(_row(t + pd.Timedelta(milliseconds=300), "192.0.2.202", "/login?error", status=200))
    for i in range(40):  # an office with one browser build: 40 people sign in (302), then work signed in
        start = T0 + pd.Timedelta(minutes=2 * i)
        rows.append(_row(start, "203.0.113.51", "/login", status=200))
        rows.append(_row(start + pd.Timedelta(seconds=20), "203.0.113.51", "/login", method="POST", status=302))
        rows.append(_row(start + pd.Timedelta(seconds=21), "203.0.113.51", "/api/pupils/1",
                         user=f"office{i}@district.example"))
    assert _alerted(_analyse(rows)) == {("192.0.2.202", "brute_force")}


def test_one_desktop_behind_an_office_with_two_internet_lines_is_not_two_people(background) -> None:
    """The office balances connections over two lines in different /16s: one browser alternates between them."""
    rng = np.random.default_rng(6)
    rows, t = list(background), T0
    for i in range(120):
        t += pd.Timedelta(seconds=float(rng.lognormal(3.2, 0.8)))
        ip = "203.0.1.11" if rng.random() < 0.5 else "198.51.7.11"
        rows.append(_row(t, ip, f"/api/pupils/{rng.integers(10**7, 10**8)}", user="r.diaz@district.example"))
        rows.append(_row(t, ip, "/assets/app.css", user="r.diaz@district.example"))
    assert _alerted(_analyse(rows)) == set()


def _scanner(ip: str, n: int, rng: np.random.Generator) -> list[dict]:
    """A vulnerability scanner with a browser user agent: a new path every 0.1-0.6 s, in bursts, many 404s."""
    rows, t = [], T0 + pd.Timedelta(hours=2)
    for i in range(n):
        t += pd.Timedelta(seconds=float(rng.uniform(0.1, 0.6)) + (5.0 if i % 150 == 149 else 0.0))
        rows.append(_row(t, ip, f"/{rng.choice(['admin', 'api', 'backup', 'cgi-bin', 'wp'])}/{i}.{rng.choice(['php', 'bak', 'old'])}",
                         referer=None, status=404 if i % 3 else 200))
    return rows


def test_a_scanner_alone_in_its_log_is_alerted() -> None:
    """An investigator's extract of one address: no peers to compare with, and the rate alone must tell."""
    analysis = _analyse(_scanner("192.0.2.200", 600, np.random.default_rng(7)))
    assert _alerted(analysis) == {("192.0.2.200", "scraping")}
    assert "scraping-nonstop-new-pages" in analysis.alerts[0].rules


def test_a_browser_restoring_its_tabs_then_reading_opens_no_nonstop_run(background) -> None:
    """150 pages within seconds, then reading: not the nonstop-pages rule (the records-breadth rules, which
    compare this session's records with peers reading at most 24, are another matter)."""
    rng = np.random.default_rng(8)
    rows, t, user = list(background), T0, "r.miller@district.example"
    for i in range(150):  # tabs restored a few hundredths of a second apart
        t += pd.Timedelta(seconds=float(rng.uniform(0.01, 0.05)))
        rows += [_row(t, "203.0.9.9", f"/api/pupils/{rng.integers(10**7, 10**8)}", user=user),
                 _row(t, "203.0.9.9", "/assets/app.css", user=user)]
    for i in range(20):  # then reads, a record every half minute or so
        t += pd.Timedelta(seconds=float(rng.uniform(15, 60)))
        rows.append(_row(t, "203.0.9.9", f"/api/pupils/{rng.integers(10**7, 10**8)}", user=user))
    analysis = _analyse(rows)
    assert not [a for a in analysis.alerts if "scraping-nonstop-new-pages" in a.rules]
    assert analysis.sessions["nonstop_new_pages"].max() == 150


def _roster_pages(ip: str, user: str, start: pd.Timestamp, pages: int, gap: tuple[float, float],
                  rng: np.random.Generator) -> list[dict]:
    """Roster pages of 100 pupils (150 kB) read one after another, through a browser with its assets."""
    rows, t = [], start
    for page in range(1, pages + 1):
        t += pd.Timedelta(seconds=float(rng.uniform(*gap)))
        rows += [_row(t, ip, f"/roster?school={40 + page // 10}&page={page % 10 + 1}", user=user, size=150_000),
                 _row(t, ip, "/assets/app.css", user=user)]
    return rows


def test_a_tool_paging_through_rosters_is_alerted_by_the_bytes_it_reads(background) -> None:
    """A browser user agent with its assets and referers, few record IDs (schools, not pupils): only the data
    it takes in ten minutes gives it away, against clerks who read the same roster pages at a person's pace."""
    rng = np.random.default_rng(9)
    rows = list(background)
    for clerk in range(8):
        rows += _roster_pages(f"203.0.30.{clerk}", f"clerk{clerk}@district.example",
                              T0 + pd.Timedelta(minutes=40 * clerk), 15, (40, 90), rng)
    rows += _roster_pages("192.0.2.90", "m.lee@district.example", T0 + pd.Timedelta(hours=3), 120, (2, 6), rng)
    analysis = _analyse(rows)
    assert _alerted(analysis) == {("m.lee@district.example", "scraping")}
    assert "scraping-bulk-page-bytes" in analysis.alerts[0].rules


def _documents(ip: str, user: str, start: pd.Timestamp, gaps: np.ndarray, rng: np.random.Generator) -> list[dict]:
    """Pupils' documents (0.5-2 MB PDFs from a handler: no extension, no attachment header) opened one by one."""
    rows, t = [], start
    for gap in gaps:
        t += pd.Timedelta(seconds=float(gap))
        rows.append(_row(t, ip, f"/Handlers/Document.ashx?DocID={rng.integers(10**6, 10**7)}", user=user,
                         size=int(rng.uniform(500_000, 2_000_000))))
    return rows


def test_documents_opened_at_a_persons_pace_are_not_bulk_reading(background) -> None:
    """A registrar opens 150 pupils' documents in a morning, a glance at one and a careful read of the next
    (median 12 s, irregular): megabytes in ten minutes, but a person's pace.  A tool taking the same
    documents on a steady 10 s beat is reading in bulk."""
    rng = np.random.default_rng(12)
    rows = list(background)
    rows += _documents("203.0.40.8", "registrar@district.example", T0, rng.lognormal(np.log(12), 1.0, 150), rng)
    rows += _documents("192.0.2.91", "t.ng@district.example", T0 + pd.Timedelta(hours=2), rng.uniform(9, 11, 150), rng)
    analysis = _analyse(rows)
    assert _alerted(analysis) == {("t.ng@district.example", "scraping")}
    assert "scraping-bulk-page-bytes" in analysis.alerts[0].rules


def _turns_on_one_client(ip: str, accounts: list[str], start: pd.Timestamp, browser: bool,
                         rng: np.random.Generator) -> list[dict]:
    """Accounts used one after another on one client, 30 list pages each, a minute or two between accounts."""
    rows, t = [], start
    for user in accounts:
        for page in range(30):
            t += pd.Timedelta(seconds=float(rng.uniform(2, 8)))
            rows.append(_row(t, ip, f"/api/classes?school={rng.integers(1, 9)}&page={page}", user=user,
                             referer="https://portal.example/classes" if browser else None))
            if browser:
                rows.append(_row(t, ip, "/assets/app.js", user=user))
        t += pd.Timedelta(seconds=float(rng.uniform(20, 90)))
    return rows


def test_one_server_working_through_several_staff_logins(background) -> None:
    """Four districts' logins in turn from one address and user agent, a few minutes each: each turn alone is
    little, the run of accounts on one client is the sign. A front-office computer passed between four clerks,
    through a browser, is not alerted."""
    rng = np.random.default_rng(10)
    vendor = [f"coordinator@district{i}.example" for i in range(4)]
    clerks = [f"clerk{i}@district.example" for i in range(4)]
    rows = list(background)
    rows += _turns_on_one_client("198.51.100.20", vendor, T0 + pd.Timedelta(hours=4), False, rng)
    rows += _turns_on_one_client("203.0.7.7", clerks, T0 + pd.Timedelta(hours=1), True, rng)
    analysis = _analyse(rows)
    assert _alerted(analysis) == {(user, "scraping") for user in vendor}
    assert all("scraping-staff-logins-in-turn" in a.rules for a in analysis.alerts)


def test_a_log_that_records_no_referers_is_no_evidence_against_its_browsers(background) -> None:
    """Envoy's default access log has no Referer field, and a single-page app's cached assets leave people's
    sessions without assets: a heavy reader there is not 'a client wearing a browser's user agent'. The same
    reader in a log with referers, sending none and loading no assets, is."""
    rng = np.random.default_rng(11)
    reader = []
    t = T0 + pd.Timedelta(hours=2)
    for _ in range(160):
        t += pd.Timedelta(seconds=float(rng.uniform(8, 40)))
        reader.append(_row(t, "203.0.9.50", f"/api/pupils/{rng.integers(10**7, 10**8)}", user="heavy@district.example",
                           referer=None))
    no_referers = [dict(r, referer=None) for r in background if not r["path"].startswith("/assets/")]
    quiet = _analyse(no_referers + reader)
    assert not [a for a in quiet.alerts if "scraping-assetless-browser-session" in a.rules]
    loud = _analyse(list(background) + reader)
    assert [a.user for a in loud.alerts if "scraping-assetless-browser-session" in a.rules] == ["heavy@district.example"]


def _sign_in_attempt(t: pd.Timestamp, ip: str, status: int, user: str | None = None) -> list[dict]:
    return [_row(t, ip, "/users/sign_in", user=user, referer=None),
            _row(t + pd.Timedelta(seconds=9), ip, "/users/sign_in", user=user, method="POST", status=status,
                 referer="https://portal.example/users/sign_in", size=300)]


def test_password_guessing_spread_over_a_pool_of_proxies(background) -> None:
    """Forty residential proxy exits, each trying one to three passwords within an hour and never getting in: per
    address a mistyped password, across the log a wave. Twelve staff who mistype once and then sign in from the
    same address, all in the same hour, are no wave."""
    rng = np.random.default_rng(12)
    rows = list(background)
    wave_start = T0 + pd.Timedelta(hours=3)
    pool = [f"100.{64 + i % 50}.{i}.{7 + i}" for i in range(40)]
    for ip in pool:
        t = wave_start + pd.Timedelta(seconds=float(rng.uniform(0, 3000)))
        for _ in range(int(rng.integers(1, 4))):
            rows += _sign_in_attempt(t, ip, 401)
            t += pd.Timedelta(seconds=float(rng.uniform(60, 400)))
    for person in range(12):
        t = T0 + pd.Timedelta(hours=1, minutes=4 * person)
        ip = f"203.0.{person}.{10 + person % 7}"
        rows += _sign_in_attempt(t, ip, 401)
        rows += _sign_in_attempt(t + pd.Timedelta(seconds=40), ip, 302, user=f"staff{person}@district.example")
    analysis = _analyse(rows)
    assert _alerted(analysis) == {(ip, "brute_force") for ip in pool}
    assert all(a.rules == ["brute-force-rotating-addresses"] for a in analysis.alerts)
    # one wave, one campaign: every address's alert says so, and how many addresses it spans
    assert len({a.campaign for a in analysis.alerts}) == 1 and analysis.alerts[0].campaign.startswith("C-")
    assert all(f"one of {len(pool)} addresses" in a.reasons[1] for a in analysis.alerts)


def test_an_address_without_referers_is_judged_by_whether_the_log_records_them(background) -> None:
    """The address-day twin of the test above: a client calling itself Chrome reads 80 public pages, loading no
    asset and sending no referer. Where the log records referers that is a fake browser; where it records none,
    only the missing assets are left, and a single-page app's cached assets look the same."""
    rng = np.random.default_rng(13)
    reader, t = [], T0 + pd.Timedelta(hours=1)
    for i in range(80):
        t += pd.Timedelta(seconds=float(rng.uniform(20, 90)))
        reader.append(_row(t, "198.51.100.99", f"/blog/post-{i}", referer=None))
    loud = _analyse(list(background) + reader)
    assert [a.client_ips for a in loud.alerts if "scraping-assetless-browser" in a.rules] == [["198.51.100.99"]]
    no_referers = [dict(r, referer=None) for r in background]
    quiet = _analyse(no_referers + reader)
    assert not [a for a in quiet.alerts if "scraping-assetless-browser" in a.rules]


def test_one_login_working_at_two_schools_at_once(background) -> None:
    """A speech therapist's login used at her own school and, the same morning, at another school of the district
    on the same provider's block, by someone else on another Chrome build: no second kind of device and no second
    wide network, but two computers opening new pupils' records in the same minutes."""
    rng = np.random.default_rng(14)
    rows, user = list(background), "t.nguyen@district.example"
    older_chrome = CHROME.replace("Chrome/150.0", "Chrome/148.0")
    for ip, ua, start in (("203.0.60.10", CHROME, 0), ("203.0.61.20", older_chrome, 25)):
        t = T0 + pd.Timedelta(hours=2, minutes=start)
        for _ in range(40):
            t += pd.Timedelta(seconds=float(rng.uniform(30, 90)))
            rows.append(_row(t, ip, f"/api/pupils/{rng.integers(10**7, 10**8)}", ua=ua, user=user))
            rows.append(_row(t, ip, "/assets/app.js", ua=ua, user=user))
    analysis = _analyse(rows)
    assert _alerted(analysis) == {(user, "credential_sharing")}
    assert "sharing-two-places-at-once" in analysis.alerts[0].rules


def test_a_login_lent_to_an_aide_in_the_same_office(background) -> None:
    """The owner's Chrome and the aide's Firefox behind one office address, both opening new pupils' records all
    morning, are two people. A teacher who checks a few records on a second computer for ten minutes is not."""
    rng = np.random.default_rng(15)
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"
    rows, owner, teacher = list(background), "r.ortiz@district.example", "k.lee@district.example"

    def work(ip: str, user: str, ua: str, start: pd.Timestamp, minutes: float) -> None:
        t = start
        while t < start + pd.Timedelta(minutes=minutes):
            t += pd.Timedelta(seconds=float(rng.uniform(40, 150)))
            rows.append(_row(t, ip, f"/api/pupils/{rng.integers(10**7, 10**8)}", ua=ua, user=user))
            rows.append(_row(t, ip, "/assets/app.js", ua=ua, user=user))

    morning = T0 + pd.Timedelta(hours=1)
    work("203.0.80.10", owner, CHROME, morning, 150)
    work("203.0.80.10", owner, firefox, morning + pd.Timedelta(minutes=10), 130)
    work("203.0.81.10", teacher, CHROME, morning, 150)
    work("203.0.81.10", teacher, firefox, morning + pd.Timedelta(minutes=60), 10)
    analysis = _analyse(rows)
    assert _alerted(analysis) == {(owner, "credential_sharing")}
    assert analysis.alerts[0].rules == ["sharing-two-computers-at-once"]


def test_password_guessing_spread_over_proxies_against_a_form_that_answers_200(background) -> None:
    """The same wave against a sign-in form that shows itself again, with 200, after a wrong password: no refusal
    in the log, but the proxies open nothing except the sign-in page. Staff whose sign-ins work are redirected."""
    rng = np.random.default_rng(16)
    rows = list(background)
    pool = [f"100.{64 + i % 50}.{i}.{9 + i}" for i in range(30)]
    for ip in pool:
        t = T0 + pd.Timedelta(hours=3, seconds=float(rng.uniform(0, 3000)))
        for _ in range(int(rng.integers(1, 4))):
            rows += _sign_in_attempt(t, ip, 200)
            t += pd.Timedelta(seconds=float(rng.uniform(60, 400)))
    for person in range(12):
        ip = f"203.0.{person}.{10 + person % 7}"
        rows += _sign_in_attempt(T0 + pd.Timedelta(hours=3, minutes=4 * person), ip, 302,
                                 user=f"staff{person}@district.example")
    analysis = _analyse(rows)
    assert _alerted(analysis) == {(ip, "brute_force") for ip in pool}


HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36"


def test_a_scraper_in_a_single_page_app_is_one_alert_on_its_account(background) -> None:
    """A headless browser walks pupils through a single-page app: the app's shell pages are logged without the
    signed-in user, its API calls with it. One client, one incident: the account's alert, with the shell pages'
    evidence among its reasons, not a second alert on the address. A crawler with its own user agent at the same
    address is another client and keeps its own alert."""
    rng = np.random.default_rng(21)
    rows, t = list(background), T0
    user = "t.miller@district.example"
    for i in range(300):
        t += pd.Timedelta(seconds=float(rng.uniform(2, 5)))
        pupil = rng.integers(10**7, 10**8)
        rows.append(_row(t, "192.0.2.40", f"/app/pupils/{pupil}", ua=HEADLESS))
        rows.append(_row(t + pd.Timedelta(milliseconds=300), "192.0.2.40", f"/api/pupils/{pupil}", ua=HEADLESS, user=user))
    analysis = _analyse(rows)
    assert _alerted(analysis) == {(user, "scraping")}
    (alert,) = analysis.alerts
    assert any(r.startswith("also, without a signed-in user from the same address and browser:") for r in alert.reasons)

    t = T0
    for i in range(300):
        t += pd.Timedelta(seconds=float(rng.uniform(2, 5)))
        rows.append(_row(t, "192.0.2.40", f"/blog/post-{i}", ua="ExampleCrawler/1.2 (+https://crawler.example/bot)",
                         referer=None))
    assert _alerted(_analyse(rows)) == {(user, "scraping"), ("192.0.2.40", "scraping")}


def test_records_asked_for_in_request_bodies_are_seen_through_the_answers(background) -> None:
    """A tool posts to one GraphQL URL 1,500 times, each asking for another pupil in the body: no record in any URL,
    so URL breadth sees nothing, but the answers differ in size. Staff whose pages also post to the same URL for
    their dashboards open pages as they go and get a few answers each."""
    rng = np.random.default_rng(31)
    rows, t = list(background), T0 + pd.Timedelta(hours=1)
    for person in range(0, 80, 4):  # a fifth of the staff also load a dashboard that asks GraphQL a few things
        when = T0 + pd.Timedelta(minutes=int(rng.integers(0, 300)))
        for q in range(int(rng.integers(3, 12))):
            rows.append(_row(when + pd.Timedelta(seconds=20 * q), f"203.0.{person % 20}.{10 + person % 7}", "/graphql",
                             method="POST", user=f"staff{person}@district.example", size=int(rng.integers(400, 9000))))
    for _ in range(1500):
        t += pd.Timedelta(seconds=float(rng.uniform(0.4, 2.0)))
        rows.append(_row(t, "198.51.100.23", "/graphql", method="POST", referer=None, size=int(rng.integers(2600, 31000))))
    analysis = _analyse(rows)
    assert _alerted(analysis) == {("198.51.100.23", "scraping")}
    assert analysis.alerts[0].rules[0] == "scraping-records-in-request-bodies"


def test_one_address_guessing_a_password_an_hour_for_a_day(background) -> None:
    """One try every 50-90 minutes, day and night, never getting in: per try a mistyped password, over the log an
    address that fails hour after hour. A person who forgets a password and tries again an hour later is not one."""
    rng = np.random.default_rng(32)
    rows = list(background)
    for guesser in ("192.0.2.201", "198.51.100.201"):  # two proxies taking turns: one campaign
        t = T0 - pd.Timedelta(hours=8)
        for _ in range(22):
            t += pd.Timedelta(minutes=float(rng.uniform(50, 90)))
            rows += _sign_in_attempt(t, guesser, 401)
    for k in range(3):  # forgot the password: three tries over two hours, then gave up for the day
        rows += _sign_in_attempt(T0 + pd.Timedelta(minutes=50 * k), "192.0.2.202", 401)
    analysis = _analyse(rows)
    assert _alerted(analysis) == {("192.0.2.201", "brute_force"), ("198.51.100.201", "brute_force")}
    assert all("brute-force-persistent-address" in a.rules for a in analysis.alerts)
    assert len({a.campaign for a in analysis.alerts}) == 1 and analysis.alerts[0].campaign is not None


def test_a_remote_desktop_farm_in_a_log_without_account_names_is_a_crowd_not_a_tireless_reader(background) -> None:
    """Thirty staff on a remote-desktop farm share one address and one browser build, and the load balancer's log
    names nobody: their requests are one client that never pauses and reads hundreds of pupils. Each of them
    signed in, though, and one client does not sign in thirty times. A scraper on one such client, signing in
    once, is still alerted."""
    rng = np.random.default_rng(33)
    rows = list(background)
    for person in range(30):
        t = T0 + pd.Timedelta(minutes=float(rng.uniform(0, 200)))
        rows += _sign_in_attempt(t, "192.0.2.250", 302)
        for _ in range(30):
            t += pd.Timedelta(seconds=float(rng.lognormal(3.6, 0.5)))
            rows.append(_row(t, "192.0.2.250", f"/api/pupils/{rng.integers(10**7, 10**8)}"))
            rows.append(_row(t, "192.0.2.250", "/assets/app.css"))
    assert ("192.0.2.250", "scraping") not in _alerted(_analyse(rows))

    t = T0
    rows += _sign_in_attempt(t, "192.0.2.251", 302)
    for _ in range(1200):
        t += pd.Timedelta(seconds=float(rng.uniform(8, 20)))
        rows.append(_row(t, "192.0.2.251", f"/api/pupils/{rng.integers(10**7, 10**8)}"))
        rows.append(_row(t, "192.0.2.251", "/assets/app.css"))
    assert ("192.0.2.251", "scraping") in _alerted(_analyse(rows))


def test_an_alert_names_the_other_login_names_of_its_sessions(background) -> None:
    """IIS logs ``DOMAIN\\user`` on pages and the e-mail on API calls. A tool walking pupils in one browser session
    is alerted once, and the alert names both: the analyst sees that ``EDNET\\tmiller`` and the e-mail are one
    login."""
    rng = np.random.default_rng(33)
    rows, t = list(background), T0
    for i in range(300):
        t += pd.Timedelta(seconds=float(rng.uniform(2, 5)))
        pupil = rng.integers(10**7, 10**8)
        for offset, path, user in ((0, f"/Student/Profile.aspx?StudentID={pupil}", "EDNET\\tmiller"),
                                   (300, f"/api/odata/Students({pupil})", "t.miller@district.example")):
            row = _row(t + pd.Timedelta(milliseconds=offset), "192.0.2.41", path, ua=HEADLESS, user=user)
            rows.append({**row, "app_session": "n0q2v7aspnet"})
    analysis = _analyse(rows)
    scraping = [a for a in analysis.alerts if a.kind == "scraping"]
    # account names are kept in lower case, whichever case the log wrote
    assert scraping and {a.user for a in scraping} <= {"ednet\\tmiller", "t.miller@district.example"}
    for alert in scraping:
        other = ({"ednet\\tmiller", "t.miller@district.example"} - {alert.user}).pop()
        assert alert.other_accounts == [other]
    # everyone else's alerts (none expected) and the staff's sessions name no second account
    assert all(a.other_accounts == [] for a in analysis.alerts if a.kind != "scraping")


@pytest.mark.parametrize("names_logged", [True, False])
def test_password_guessing_spread_over_proxies_against_a_form_that_redirects_every_answer(background,
                                                                                           names_logged) -> None:
    """Spring-style sign-in: every post answers 302, to ``/login?error`` when it failed. Each proxy posts one to three
    times; a browser follows the redirect, a tool does not, so a proxy's last post may show nothing after it.
    Staff who mistype once, are sent back to the form and then sign in go on into the site (signed or, in a log
    that names nobody, from the same client), and are no wave."""
    rng = np.random.default_rng(17)
    rows = list(background)
    pool = [f"100.{64 + i % 50}.{i}.{11 + i}" for i in range(30)]
    for k, ip in enumerate(pool):
        t = T0 + pd.Timedelta(hours=3, seconds=float(rng.uniform(0, 3000)))
        follows = k % 2 == 0
        rows.append(_row(t, ip, "/login", referer=None))
        for _ in range(int(rng.integers(1, 4)) if follows else int(rng.integers(2, 4))):
            t += pd.Timedelta(seconds=float(rng.uniform(20, 60)))
            rows.append(_row(t, ip, "/login", method="POST", status=302, size=0))
            if follows:
                rows.append(_row(t + pd.Timedelta(milliseconds=400), ip, "/login?error"))
    for person in range(12):  # an hour before the wave, like the pool test's staff
        t = T0 + pd.Timedelta(hours=1, minutes=4 * person)
        ip, user = f"203.0.{person}.{10 + person % 7}", f"staff{person}@district.example"
        rows += [_row(t, ip, "/login", referer=None),
                 _row(t + pd.Timedelta(seconds=9), ip, "/login", method="POST", status=302, size=0),
                 _row(t + pd.Timedelta(seconds=9.4), ip, "/login?error"),
                 _row(t + pd.Timedelta(seconds=30), ip, "/login", method="POST", status=302, size=0)]
        rows += [_row(t + pd.Timedelta(seconds=31 + 20 * k), ip, f"/api/pupils/{rng.integers(10**7, 10**8)}",
                      user=user if names_logged else None) for k in range(3)]
    if not names_logged:
        rows = [{**r, "user": None} for r in rows]
    assert _alerted(_analyse(rows)) == {(ip, "brute_force") for ip in pool}


def test_a_login_handed_over_at_the_end_of_each_shift(background) -> None:
    """The owner works in the office until 15:00 local; from 15:05 someone else works the evening shift on the same
    login, at home, with another browser. Never two places at once; two people's working days. A colleague who
    works an evening hour at home on the family computer is one person."""
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"
    safari = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Version/17.1 Safari/605.1.15")
    rng = np.random.default_rng(23)
    rows = list(background)

    caseload = rng.integers(10**7, 10**8, size=15)  # the same few pupils all day: no breadth to speak of

    def shift(user: str, ip: str, ua: str, start: pd.Timestamp, hours: float) -> None:
        t = start
        while t < start + pd.Timedelta(hours=hours):
            rows.append(_row(t, ip, f"/api/pupils/{rng.choice(caseload)}", ua=ua, user=user))
            t += pd.Timedelta(seconds=float(rng.uniform(60, 240)))

    shift("j.stone@district.example", "203.0.3.13", CHROME, T0, 8)  # 07:00-15:00 local
    shift("j.stone@district.example", "198.51.100.77", firefox, T0 + pd.Timedelta(hours=8, minutes=5), 7.9)
    shift("a.diaz@district.example", "203.0.4.14", CHROME, T0, 8)
    shift("a.diaz@district.example", "198.51.100.78", safari, T0 + pd.Timedelta(hours=12), 1.5)
    analysis = _analyse(rows)
    handed = [a for a in analysis.alerts if a.user == "j.stone@district.example"]
    assert [a.kind for a in handed] == ["credential_sharing"] and "sharing-two-working-days" in handed[0].rules
    assert not [a for a in analysis.alerts if a.user == "a.diaz@district.example"]


def test_a_tool_reading_pupils_through_the_search_api(background) -> None:
    """No record page is opened: every request is a GET of the search API, name prefix by name prefix, cursor by
    cursor, each answer a different list of pupils. A person's few searches are nothing like it."""
    rng = np.random.default_rng(29)
    rows, t = list(background), T0
    letters = "abcdefghijklmnopqrstuvwxyz"
    for prefix in (a + b for a in letters for b in letters[:20]):
        for page in range(int(rng.integers(1, 6))):
            t += pd.Timedelta(seconds=float(rng.uniform(2, 6)))
            cursor = f"&cursor={rng.integers(10**9, 10**10)}" if page else ""
            rows.append(_row(t, "192.0.2.43", f"/api/v2/search/pupils?q={prefix}&limit=50{cursor}", ua=CHROME,
                             user="l.hill@state.example", size=int(rng.integers(1_000, 8_000))))
    for person in range(3):  # people searching for a pupil or two
        for k in range(6):
            rows.append(_row(T0 + pd.Timedelta(minutes=10 * person + k), f"203.0.{person}.{10 + person % 7}",
                             f"/api/v2/search/pupils?q={letters[k]}{letters[person]}&limit=50",
                             user=f"staff{person}@district.example", size=int(rng.integers(2_000, 40_000))))
    analysis = _analyse(rows)
    assert _alerted(analysis) == {("l.hill@state.example", "scraping")}
    assert "scraping-searches-and-lists" in analysis.alerts[0].rules


def test_a_districts_fleet_behind_one_address_is_a_crowd_not_logins_taking_turns() -> None:
    """A log whose lines carry no referer and whose assets name no client (a Heroku drain): forty staff behind
    the district's one address, one managed browser build. Early in the morning three of them happen to follow
    one another without overlapping, like a tool's turns; later they work side by side, so the client is a crowd.
    A vendor's server working through four logins, alone on its address, is still alerted."""
    rng = np.random.default_rng(31)
    rows = []
    nat = "204.62.118.9"
    early = T0
    for person in range(40):
        user = f"staff{person}@district.example"
        if person < 3:  # the quiet morning: each starts a minute after the previous one's last request
            t = early + pd.Timedelta(minutes=1)
        else:
            t = T0 + pd.Timedelta(hours=1, minutes=int(rng.integers(0, 120)))
        for _ in range(int(rng.integers(6, 20)) if person >= 3 else 8):
            t += pd.Timedelta(seconds=float(rng.uniform(20, 70)))
            rows.append(_row(t, nat, f"/pupils/{rng.integers(10**7, 10**8)}", user=user, referer=None))
        if person < 3:
            early = t
    t = T0 + pd.Timedelta(hours=4)
    for i in range(4):  # each login two minutes after the last one's last request
        t += pd.Timedelta(minutes=2)
        for _ in range(25):
            t += pd.Timedelta(seconds=float(rng.uniform(5, 20)))
            rows.append(_row(t, "143.198.1.2", f"/pupils/{rng.integers(10**7, 10**8)}", user=f"clerk{i}@d{i}.example",
                             referer=None))
    analysis = _analyse(rows)
    turns = {a.user for a in analysis.alerts if "scraping-staff-logins-in-turn" in a.rules}
    assert turns == {f"clerk{i}@d{i}.example" for i in range(4)}
