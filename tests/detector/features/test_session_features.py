"""Session-level feature families, checked by hand on tiny sessions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detector.enrich import enrich_records
from detector.features import compute_features
from detector.features.whole_log import WHOLE_LOG_FAMILIES
from detector.features.registry import REGISTRY, FeatureParams, feature_docs
from detector.schema import coerce_records
from detector.sessions import sessionise
from tests.detector.records import make_records as records_frame

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1"
)
# Tuesday 2 July 2024, 14:00:00 UTC: on a whole hour, so minute, 5-minute and hour buckets start here
T0 = pd.Timestamp("2024-07-02T14:00:00Z")


def make_records(rows: list[dict]) -> pd.DataFrame:
    """A records frame; each row gives ``s`` (seconds after T0) plus any column overrides."""
    return records_frame(rows, t0=T0, user_agent=CHROME)


def featurise(rows: list[dict], timezone: str | None = None, params: FeatureParams | None = None):
    data = sessionise(enrich_records(make_records(rows), timezone=timezone))
    return data, compute_features(data, "session", params)


def one(rows: list[dict], **kw) -> pd.Series:
    """Features of the only session the rows make."""
    data, feats = featurise(rows, **kw)
    assert len(feats) == 1, "the rows were meant to form one session"
    return feats.iloc[0]


def of_ip(data, feats: pd.DataFrame, ip: str) -> pd.Series:
    idx = data.sessions.index[data.sessions["client_ip"] == ip]
    assert len(idx) == 1
    return feats.loc[idx[0]]


# --------------------------------------------------------------------------- rate


def test_rate() -> None:
    # 3 requests in the first calendar minute, then one in each of the next two
    f = one([{"s": t, "path": f"/students/{i}"} for i, t in enumerate([0, 10, 20, 70, 120])])
    assert f["requests"] == 5
    assert f["pages"] == 5
    assert f["duration_min"] == pytest.approx(2.0)
    assert f["requests_per_min"] == pytest.approx(2.5)
    assert f["pages_per_min"] == pytest.approx(2.5)
    assert f["peak_requests_per_min"] == 3


def test_rate_short_session_uses_one_minute_floor_and_counts_assets() -> None:
    f = one([{"s": 0, "path": "/students/1"}, {"s": 1, "path": "/static/app.js"}, {"s": 30, "path": "/students/2"}])
    assert f["requests"] == 3 and f["pages"] == 2
    assert f["duration_min"] == pytest.approx(0.5)
    assert f["requests_per_min"] == pytest.approx(3.0)  # 3 / max(0.5, 1)
    assert f["pages_per_min"] == pytest.approx(2.0)


def test_repeated_url_counts_as_one_page() -> None:
    # polling one URL is not navigation: a run of repeats of the previous URL is one page
    paths = ["/jobs/7/status", "/jobs/7/status", "/static/app.js", "/jobs/7/status", "/students/1", "/jobs/7/status"]
    f = one([{"s": 5 * i, "path": p} for i, p in enumerate(paths)])
    assert f["requests"] == 6
    assert f["pages"] == 3  # /jobs/7/status (x3, assets do not break the run), /students/1, /jobs/7/status


# --------------------------------------------------------------------------- timing


def test_gap_mean_median_cv_use_pages_only() -> None:
    # pages at 0, 10, 20, 70, 120 s -> gaps 10, 10, 50, 50; an asset at 5 s is ignored
    rows = [{"s": t, "path": f"/p{i}"} for i, t in enumerate([0, 10, 20, 70, 120])]
    rows.append({"s": 5, "path": "/static/site.css"})
    f = one(rows)
    assert f["gap_mean_s"] == pytest.approx(30.0)
    assert f["gap_median_s"] == pytest.approx(30.0)
    assert f["gap_cv"] == pytest.approx(20.0 / 30.0)  # population std of (10,10,50,50) is 20


def test_constant_pacing_is_regular() -> None:
    f = one([{"s": 2 * i, "path": f"/students/{i}"} for i in range(40)])
    assert f["regular_gap_share"] == pytest.approx(1.0)
    assert f["gap_mean_s"] == pytest.approx(2.0)
    assert f["gap_cv"] == pytest.approx(0.0, abs=1e-9)
    assert f["gap_entropy_bits"] == pytest.approx(0.0, abs=1e-9)


def test_lognormal_pacing_is_irregular() -> None:
    rng = np.random.default_rng(42)
    gaps = rng.lognormal(mean=np.log(8.0), sigma=1.0, size=150)
    gaps = np.minimum(gaps, 25 * 60)  # keep it one session
    times = np.concatenate([[0.0], np.cumsum(gaps)])
    f = one([{"s": float(t), "path": f"/students/{i}"} for i, t in enumerate(times)])
    # for independent lognormal gaps with sigma 1, P(|ratio - 1| <= 10%) is about 5%
    assert f["regular_gap_share"] < 0.2
    assert f["gap_cv"] > 0.8
    assert f["gap_entropy_bits"] > 2.0


def test_longest_active_stretch_and_pauses() -> None:
    minutes = list(range(0, 13)) + list(range(29, 40)) + [47, 48]  # pauses of 17 and 8 minutes
    f = one([{"s": 60 * m, "path": f"/p/{m}"} for m in minutes])
    assert f["longest_active_min"] == pytest.approx(12.0)
    assert f["pauses"] == 2
    g = one([{"s": 60 * m} for m in range(0, 20, 2)])  # steady, 2-minute gaps
    assert g["longest_active_min"] == pytest.approx(18.0)
    assert g["pauses"] == 0


# --------------------------------------------------------------------------- breadth


def test_breadth() -> None:
    a = [
        "/students/1",
        "/students/1/grades",
        "/students/2",
        "/students/3",
        "/schools/1",
        "/about",
        "/static/app.js",
    ]
    rows = [{"s": 10 * i, "path": p} for i, p in enumerate(a)]
    rows += [{"s": 10 * i, "path": p, "client_ip": "10.0.0.2"} for i, p in enumerate(["/students/3", "/students/4"])]
    data, feats = featurise(rows)
    fa, fb = of_ip(data, feats, "10.0.0.1"), of_ip(data, feats, "10.0.0.2")
    # A: entities students/1, students/2, students/3, schools/1; 5 entity page requests
    assert fa["distinct_entities"] == 4
    assert fa["requests_per_entity"] == pytest.approx(5 / 4)
    assert fa["distinct_templates"] == 4  # /students/{n}, /students/{n}/grades, /schools/{n}, /about
    assert fa["distinct_urls"] == 6  # the asset is not a page
    assert fa["max_entities_per_template"] == 3
    assert fa["peak_window_entities"] == 4
    # 5 entities in the whole input (students 1-4, school 1)
    assert fa["entity_share"] == pytest.approx(4 / 5)
    assert fb["distinct_entities"] == 2
    assert fb["entity_share"] == pytest.approx(2 / 5)
    assert fb["requests_per_entity"] == pytest.approx(1.0)


def test_breadth_without_entities() -> None:
    f = one([{"s": 0, "path": "/about"}, {"s": 5, "path": "/help"}])
    assert f["distinct_entities"] == 0
    assert f["entity_share"] == 0
    assert f["requests_per_entity"] == 0
    assert f["distinct_templates"] == 2


# --------------------------------------------------------------------------- navigation


def test_referers_and_assets() -> None:
    rows = []
    for i in range(4):
        rows.append({"s": 30 * i, "path": f"/students/{i + 1}", "referer": "https://sis.example/" if i % 2 else None})
        rows.append({"s": 30 * i + 1, "path": "/static/app.js", "referer": "https://sis.example/"})
        rows.append({"s": 30 * i + 2, "path": "/img/logo.png"})
    f = one(rows)
    assert f["referer_share"] == pytest.approx(2 / 4)  # pages only
    assert f["static_share"] == pytest.approx(8 / 12)
    assert f["assets_per_page"] == pytest.approx(8 / 4)


def test_sequential_ids_walked_in_order() -> None:
    rows = []
    for i, sid in enumerate(range(1001, 1021)):
        rows.append({"s": 4 * i, "path": f"/students/{sid}"})
        rows.append({"s": 4 * i + 1, "path": f"/students/{sid}/enrollment"})  # same record twice in a row
    f = one(rows)
    assert f["sequential_id_share"] == pytest.approx(1.0)
    assert f["monotonic_id_share"] == pytest.approx(1.0)


def test_random_ids_are_not_sequential() -> None:
    rng = np.random.default_rng(7)
    ids = rng.choice(np.arange(1, 1_000_000), size=40, replace=False)
    f = one([{"s": 3 * i, "path": f"/students/{sid}"} for i, sid in enumerate(ids)])
    assert f["sequential_id_share"] <= 0.05
    assert f["monotonic_id_share"] < 0.8


def test_ids_walked_down_in_steps_of_two() -> None:
    f = one([{"s": 3 * i, "path": f"/students/{sid}"} for i, sid in enumerate(range(500, 440, -2))])
    assert f["sequential_id_share"] == pytest.approx(1.0)
    assert f["monotonic_id_share"] == pytest.approx(1.0)


def test_a_caseload_of_neighbouring_ids_visited_about_is_not_an_id_walk() -> None:
    """A case manager whose 60 pupils got neighbouring IDs opens them in the order of her own list: small steps that
    keep turning back.  ``scraping-sequential-ids`` wants the steps to go on one way; a walk down or up fires it."""
    from models.rules import RuleSet, parse_rules

    rng = np.random.default_rng(11)
    caseload = np.arange(7001, 7061)
    about = [caseload[0]]
    for _ in range(80):  # a random walk over the caseload: next or previous pupils, now up, now down
        about.append(int(np.clip(about[-1] + rng.choice([-3, -2, -1, 1, 2, 3]), caseload[0], caseload[-1])))
    about += [int(i) for i in rng.permutation(caseload)[:40]]  # and some opened from search
    walk = list(range(9001, 9121))
    rule = RuleSet([r for r in parse_rules(None) if r.id == "scraping-sequential-ids"], level="session")
    hits = {}
    for name, ids in (("about", about), ("walk", walk), ("down", walk[::-1])):
        data, feats = featurise([{"s": 20 * i, "path": f"/students/{sid}"} for i, sid in enumerate(ids)])
        hits[name] = bool(rule.fit(feats).matches(feats)["scraping-sequential-ids"].iloc[0])
        if name == "about":
            assert feats["sequential_id_share"].iloc[0] >= 0.5 > feats["monotonic_id_share"].iloc[0]
    assert hits == {"about": False, "walk": True, "down": True}


# --------------------------------------------------------------------------- whole frame


def test_features_one_float_row_per_session() -> None:
    rows = [{"s": i, "client_ip": f"10.0.0.{i % 3}"} for i in range(9)]
    data, feats = featurise(rows)
    assert len(data.sessions) == 3
    assert list(feats.index) == list(data.sessions.index)
    assert (feats.dtypes == np.float64).all()
    assert feats.columns.is_unique


def test_session_features_of_empty_input() -> None:
    data = sessionise(enrich_records(coerce_records(make_records([{"s": 0}]).iloc[:0])))
    feats = compute_features(data, "session")
    assert len(feats) == 0
    assert "requests" in feats.columns


# --------------------------------------------------------------------------- registry


def test_every_family_has_a_one_line_doc() -> None:
    assert REGISTRY
    for key, fam in REGISTRY.items():
        assert key == f"{fam.level}.{fam.name}"
        assert fam.doc.strip(), key
        assert "\n" not in fam.doc, key
    docs = feature_docs()
    assert len(docs) == len(REGISTRY) + len(WHOLE_LOG_FAMILIES)  # and the families only a whole log gives
    assert set(docs["level"] + "." + docs["family"]) == set(REGISTRY) | set(WHOLE_LOG_FAMILIES)
    assert docs["measures"].str.strip().str.len().gt(0).all()
    assert not docs["measures"].str.contains("\n").any()


def test_feature_names_unique_across_families_of_a_level() -> None:
    rows = [
        {"s": 0, "user": "maria", "path": "/students/1"},
        {"s": 30, "user": "maria", "path": "/students/2", "client_ip": "172.16.0.1"},
        {"s": 60, "method": "POST", "path": "/login", "status": 401},
    ]
    data = sessionise(enrich_records(make_records(rows)))
    levels = {fam.level for fam in REGISTRY.values()}
    assert levels == {"session", "account_day", "source_day"}
    for level in levels:
        seen: dict[str, str] = {}
        for fam in REGISTRY.values():
            if fam.level != level:
                continue
            cols = fam.func(data, FeatureParams()).columns
            assert len(cols) > 0, fam.name
            for c in cols:
                assert c not in seen, f"{level}: {c} defined by {seen.get(c)} and {fam.name}"
                seen[c] = fam.name


# --------------------------------------------------------------------------- nonstop new pages


def test_nonstop_new_pages_counts_first_views_without_a_pause_to_read() -> None:
    # a crawler: a new record every second for 30 s, a 10 s stop, then 5 more
    crawl = [{"s": i, "path": f"/students/{1000 + 7 * i}"} for i in range(30)]
    crawl += [{"s": 40 + i, "path": f"/students/{5000 + i}/grades"} for i in range(5)]
    assert one(crawl)["nonstop_new_pages"] == 30


def test_nonstop_new_pages_ignores_repeats_polling_and_cache_busters() -> None:
    # a page polling one status URL every second (with a jQuery cache-buster) names no new page
    rows = [{"s": 0, "path": "/students/12"}]
    rows += [{"s": 1 + i, "path": f"/jobs/status?_={1719928800000 + i}"} for i in range(60)]
    rows += [{"s": 61 + i, "path": "/students/12" if i % 2 else "/students"} for i in range(20)]
    # /students/12 then /jobs/status a second later; /students is new but comes a minute after
    assert one(rows)["nonstop_new_pages"] == 2


def test_nonstop_new_pages_of_a_single_page_app_is_one_click() -> None:
    # each click fans out into six new API calls within a second, then the person reads for 8-20 s
    rows, t = [], 0.0
    for record in range(25):
        rows += [{"s": t + 0.1 * j, "path": f"/api/students/{300 + 13 * record}/{part}"}
                 for j, part in enumerate(("profile", "enrollment", "grades", "attendance", "contacts", "notes"))]
        t += 8 + (record % 5) * 3
    assert one(rows)["nonstop_new_pages"] == 6


def test_nonstop_new_pages_runs_do_not_cross_sessions() -> None:
    rows = [{"s": i, "path": f"/students/{i}", "client_ip": "10.0.0.1" if i < 10 else "10.0.0.2"} for i in range(25)]
    data, feats = featurise(rows)
    assert of_ip(data, feats, "10.0.0.1")["nonstop_new_pages"] == 10
    assert of_ip(data, feats, "10.0.0.2")["nonstop_new_pages"] == 15


def test_a_staff_login_posting_every_few_seconds_all_night_fires_the_all_night_rule() -> None:
    """A tool on a staff login posts GraphQL every 2.5 s from midnight to five (no record in any URL, no sizes);
    the same person's evening of reading at a person's pace does not fire it."""
    from models.rules import RuleSet, parse_rules

    night = 10 * 3600  # T0 is 14:00 UTC: midnight in UTC is ten hours later
    tool = [{"s": night + 2.5 * k, "user": "principal", "method": "POST", "path": "/graphql", "bytes": 0}
            for k in range(5 * 3600 * 2 // 5)]
    person = [{"s": night + 30 * k, "user": "counselor", "client_ip": "198.51.100.9", "path": f"/students/{k}"}
              for k in range(600)]
    data, feats = featurise(tool + person, timezone="UTC")
    rule = [r for r in parse_rules(None) if r.id == "scraping-all-night-pace"]
    hits = RuleSet(rule, level="session").fit(feats).matches(feats)["scraping-all-night-pace"]
    fired = data.sessions.loc[hits[hits].index, "user"].tolist()
    assert fired == ["principal"]


def _rule_hits(rule_id: str, rows: list[dict]) -> list[str]:
    """The client addresses of the sessions one default rule fires on (fitted on these sessions as peers)."""
    from models.peers import PeerBaseline
    from models.rules import RuleSet, parse_rules

    data, feats = featurise(rows)
    feats = feats.join(PeerBaseline().fit(feats[["distinct_entities"]]).ratios(feats[["distinct_entities"]]))
    rule = RuleSet([r for r in parse_rules(None) if r.id == rule_id], level="session")
    hits = rule.fit(feats).matches(feats)[rule_id]
    return sorted(data.sessions.loc[hits[hits].index, "client_ip"].astype(str))


def test_exports_enumerated_without_a_referer_fire_exports_without_a_browser() -> None:
    """A script on a clerk's login calls the attendance export for every school and week, a minute apart, with no
    referer; an analyst exports as many from the report page in her browser; forty teachers read records."""
    from detector.features.client_turns import log_referer_share
    from models.rules import RuleSet, parse_rules

    rows = []
    for k in range(60):
        export = f"/attendance/export.php?school={100 + k % 20}&week={k // 20}&format=csv"
        rows.append({"s": 50 * k, "user": "keith", "client_ip": "172.105.100.230", "path": export, "referer": None})
        rows.append({"s": 40 * k, "user": "ann", "client_ip": "10.2.2.2", "path": export,
                     "referer": "https://sis.example/attendance/"})
        rows.append({"s": 40 * k + 1, "user": "ann", "client_ip": "10.2.2.2", "path": "/static/app.js",
                     "referer": "https://sis.example/attendance/"})
    rows += [{"s": 60 * k + j, "user": f"t{j}", "client_ip": f"10.3.0.{j}", "path": f"/students/{1000 + 10 * j + k}",
              "referer": "https://sis.example/home"} for j in range(40) for k in range(5)]
    data, feats = featurise(rows)
    rule = RuleSet([r for r in parse_rules(None) if r.id == "scraping-exports-without-a-browser"], level="session")
    fired = lambda f: sorted(data.sessions.loc[(h := rule.fit(f).matches(f)["scraping-exports-without-a-browser"])[h].index,
                                               "client_ip"].astype(str))
    assert fired(feats.assign(log_referer_share=log_referer_share(feats))) == ["172.105.100.230"]
    assert fired(feats.assign(log_referer_share=0.0)) == []  # a log that records no referer says nothing


def test_a_client_refused_at_the_sign_in_form_again_and_again_fires_form_refused() -> None:
    """One proxy of a stuffing pool posts the form 14 times over 20 minutes, shown it again each time, and does
    nothing else; a person who mistypes three times and gets in, and a clerk locked out after five tries who asks
    for a reset, do not fire it."""
    stuffing = [{"s": 90 * k, "client_ip": "203.0.113.77", "method": "POST", "path": "/Account/Login", "status": 200}
                for k in range(14)]
    typo = [{"s": 10 * k, "client_ip": "198.51.100.5", "method": "POST", "path": "/Account/Login", "status": 200}
            for k in range(3)]
    typo += [{"s": 40, "client_ip": "198.51.100.5", "method": "POST", "path": "/Account/Login", "status": 302},
             {"s": 45, "client_ip": "198.51.100.5", "user": "jdoe", "path": "/Dashboard"}]
    locked = [{"s": 20 * k, "client_ip": "192.0.2.44", "method": "POST", "path": "/Account/Login", "status": 200}
              for k in range(5)]
    locked += [{"s": 120 + 15 * k, "client_ip": "192.0.2.44", "path": p}
               for k, p in enumerate(["/Account/Lockout", "/Account/ForgotPassword", "/Help/sign-in", "/"])]
    assert _rule_hits("brute-force-sign-in-form-refused", stuffing + typo + locked) == ["203.0.113.77"]


def test_a_browser_reading_records_every_few_even_seconds_fires_steady_reader() -> None:
    """A tool with a browser's user agent waits 2-4 s between records, 300 of them; a registrar who reads as many
    records in the same time, unevenly (a glance, then a minute), does not fire it, nor do 80 ordinary sessions."""
    rng = np.random.default_rng(3)
    tool, t = [], 0.0
    for k in range(300):
        tool.append({"s": t, "client_ip": "172.105.60.120", "path": f"/Students/{4183000000 + 7 * k}"})
        t += rng.uniform(2.0, 4.0)
    person, t = [], 0.0
    for k in range(300):
        person.append({"s": t, "client_ip": "164.113.92.50", "path": f"/Students/{4184000000 + int(rng.integers(0, 9999))}"})
        t += float(rng.lognormal(mean=1.0, sigma=1.2))  # median 2.7 s, a long tail
    ordinary = [{"s": 40 * k + 7 * j, "client_ip": f"10.1.{j // 200}.{j % 200}", "path": f"/Students/{4185000000 + 97 * j + k}"}
                for j in range(80) for k in range(8)]
    assert _rule_hits("scraping-steady-reader", tool + person + ordinary) == ["172.105.60.120"]


def test_a_headless_browser_reading_for_hours_fires_automated_client_for_hours() -> None:
    """HeadlessChrome reads 150 records over five hours, a page every two minutes; a nightly sync reads 800 in
    four minutes; a person with a browser reads 150 over five hours.  Only the first is this rule's."""
    headless = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/149.0.0.0 Safari/537.36"
    tool = [{"s": 120 * k, "client_ip": "40.76.132.133", "user_agent": headless, "path": f"/records/s/{1000 + k}"}
            for k in range(150)]
    sync = [{"s": 0.3 * k, "client_ip": "10.20.3.9", "user_agent": "python-requests/2.32.3",
             "path": f"/api/export/students/{5000 + k}"} for k in range(800)]
    person = [{"s": 120 * k, "client_ip": "198.51.100.7", "path": f"/records/s/{9000 + k}"} for k in range(150)]
    assert _rule_hits("scraping-automated-client-for-hours", tool + sync + person) == ["40.76.132.133"]


def test_reading_records_for_twenty_hours_without_a_pause_fires_round_the_clock() -> None:
    """A browser user agent reads a record every three minutes for 22 hours; a monitor polls as long but reads
    no record; a registrar reads for ten hours.  Only the first is this rule's."""
    slow = [{"s": 180 * k, "client_ip": "159.203.60.148", "path": f"/records/s/{2000 + k}"} for k in range(440)]
    monitor = [{"s": 60 * k, "client_ip": "76.72.167.90", "path": "/healthz"} for k in range(1400)]
    registrar = [{"s": 120 * k, "client_ip": "198.51.100.8", "path": f"/records/s/{7000 + k}"} for k in range(300)]
    assert _rule_hits("scraping-round-the-clock", slow + monitor + registrar) == ["159.203.60.148"]


def test_a_script_hoarding_exports_on_a_staff_login_fires_script_exports() -> None:
    """curl fetches one XLSX report every ten minutes all afternoon on a staff login (80 requests: a job, then its
    file); the staff member's browser downloads three reports; a script on another login calls the API 60 times
    without an export.  Only the first is this rule's."""
    curl, chrome = "curl/8.13.0", CHROME
    hoard = []
    for k in range(40):
        hoard += [{"s": 600 * k, "user": "dtorres", "client_ip": "24.60.188.140", "user_agent": curl,
                   "method": "POST", "path": "/reports/builder/run"},
                  {"s": 600 * k + 5, "user": "dtorres", "client_ip": "24.60.188.140", "user_agent": curl,
                   "path": f"/reports/download/{9000 + k}.xlsx"}]
    person = [{"s": 900 * k, "user": "dtorres", "client_ip": "198.51.100.20", "user_agent": chrome,
               "path": f"/reports/download/{9500 + k}.xlsx"} for k in range(3)]
    api = [{"s": 30 * k, "user": "itadmin", "client_ip": "10.20.3.9", "user_agent": curl, "path": f"/api/health/{k}"}
           for k in range(60)]
    assert _rule_hits("scraping-script-exports-on-staff-login", hoard + person + api) == ["24.60.188.140"]
