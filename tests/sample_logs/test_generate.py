"""Tests of the synthetic access-log generator (``sample_logs.generate``).

The parsers here are written independently of the generator's writers, so a
format slip in the generator shows up as a failure rather than being agreed
with.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from sample_logs.generate import THREATS, generate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "sample_logs" / "example"
COMBINED = re.compile(r'^(\S+) \S+ (\S+) \[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] '
                      r'"(\S+) (\S+) HTTP/[\d.]+" (\d{3}) (\d+|-) "([^"]*)" "([^"]*)"$')
W3C_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
              "cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken").split()
JSON_KEYS = {"ts", "client_ip", "user", "method", "path", "status", "bytes", "referer", "user_agent"}
LOCAL = dt.timezone(dt.timedelta(hours=-7))


def parse_combined(line: str) -> dict | None:
    m = COMBINED.match(line)
    if not m:
        return None
    ip, user, ts, method, path, status, nb, ref, ua = m.groups()
    t = dt.datetime.strptime(ts, "%d/%b/%Y:%H:%M:%S %z")
    return {"ts": t, "ip": ip, "user": None if user == "-" else user, "method": method, "path": path,
            "status": int(status), "bytes": 0 if nb == "-" else int(nb), "referer": None if ref == "-" else ref, "ua": ua}


def parse_w3c(line: str) -> dict | None:
    f = line.split(" ")
    if len(f) != len(W3C_FIELDS) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", f[0]):
        return None
    try:
        t = dt.datetime.strptime(f"{f[0]} {f[1]}", "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
        status, nb = int(f[11]), int(f[14])
    except ValueError:
        return None
    return {"ts": t, "ip": f[8], "user": None if f[7] == "-" else f[7], "method": f[3],
            "path": f[4] + ("" if f[5] == "-" else "?" + f[5]), "status": status, "bytes": nb,
            "referer": None if f[10] == "-" else f[10], "ua": f[9].replace("+", " ")}


def parse_jsonl(line: str) -> dict | None:
    try:
        o = json.loads(line)
    except ValueError:
        return None
    if not isinstance(o, dict) or set(o) != JSON_KEYS:
        return None
    t = dt.datetime.strptime(o["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return {"ts": t, "ip": o["client_ip"], "user": o["user"], "method": o["method"], "path": o["path"],
            "status": o["status"], "bytes": o["bytes"], "referer": o["referer"], "ua": o["user_agent"]}


PARSERS = {"combined": parse_combined, "w3c": parse_w3c, "jsonl": parse_jsonl}


def read(path: Path, fmt: str, labels: dict) -> list[dict]:
    """Parse a generated log; asserts every non-header, non-malformed line parses."""
    bad, head = set(labels["malformed_lines"]), set(labels["header_lines"])
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if i in head:
            assert line.startswith("#")
            continue
        rec = PARSERS[fmt](line)
        if i in bad:
            assert rec is None, f"line {i} is listed as malformed but parses: {line!r}"
        else:
            assert rec is not None, f"line {i} does not parse: {line!r}"
            out.append(rec)
    return out


def net16(ip: str) -> str:
    return ".".join(ip.split(".")[:2])


def is_browser(ua: str) -> bool:
    return ua.startswith("Mozilla/5.0") and any(k in ua for k in ("Chrome/", "Firefox/", "Safari/"))


def by_behaviour(labels: dict, behaviour: str, scope: str = "accounts") -> dict[str, dict]:
    return {k: v for k, v in labels[scope].items() if v["behaviour"] == behaviour}


def spans(recs: list[dict], key) -> dict:
    """(day, key(rec)) -> [first, last] time."""
    out: dict = {}
    for r in recs:
        k = (r["ts"].astimezone(LOCAL).date(), key(r))
        a, b = out.get(k, (r["ts"], r["ts"]))
        out[k] = (min(a, r["ts"]), max(b, r["ts"]))
    return out


def overlapping(sp: dict, min_overlap_s: float = 60.0) -> bool:
    keys = list(sp)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if a[0] == b[0] and a[1] != b[1]:
                lo, hi = max(sp[a][0], sp[b][0]), min(sp[a][1], sp[b][1])
                if (hi - lo).total_seconds() >= min_overlap_s:
                    return True
    return False


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """Default-size run (2 days, 200 staff), combined format."""
    d = tmp_path_factory.mktemp("full")
    labels = generate(d / "access.log", d / "labels.json", seed=11)
    recs = read(d / "access.log", "combined", labels)
    by_user = defaultdict(list)
    for r in recs:
        by_user[r["user"]].append(r)
    return d / "access.log", labels, recs, by_user


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """One small world (seed 5, 1 day, 40 staff) written in all three formats."""
    d = tmp_path_factory.mktemp("small")
    out = {}
    for fmt in PARSERS:
        labels = generate(d / f"log.{fmt}", d / f"labels.{fmt}.json", seed=5, days=1, n_staff=40, fmt=fmt)
        out[fmt] = (d / f"log.{fmt}", labels)
    return out


def test_same_seed_gives_identical_bytes_and_other_seed_differs(tmp_path):
    kw = dict(days=1, n_staff=30, threat_scale=0.2)
    generate(tmp_path / "a.log", tmp_path / "a.json", seed=3, **kw)
    generate(tmp_path / "b.log", tmp_path / "b.json", seed=3, **kw)
    generate(tmp_path / "c.log", tmp_path / "c.json", seed=4, **kw)
    assert (tmp_path / "a.log").read_bytes() == (tmp_path / "b.log").read_bytes()
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert (tmp_path / "a.log").read_bytes() != (tmp_path / "c.log").read_bytes()
    generate(tmp_path / "a.log.gz", seed=3, **kw)
    generate(tmp_path / "b.log.gz", seed=3, **kw)
    assert (tmp_path / "a.log.gz").read_bytes() == (tmp_path / "b.log.gz").read_bytes()
    assert gzip.decompress((tmp_path / "a.log.gz").read_bytes()) == (tmp_path / "a.log").read_bytes()


def test_labels_schema_and_every_threat_present(full):
    path, labels, _, _ = full
    assert {"seed", "format", "start", "days", "tz", "accounts", "sources", "malformed_lines", "n_lines", "n_staff"} <= set(labels)
    assert labels["n_lines"] == len(path.read_text(encoding="utf-8").splitlines())
    entries = list(labels["accounts"].values()) + list(labels["sources"].values())
    found = Counter(e["behaviour"] for e in entries)
    for b in THREATS:
        assert 1 <= found[b] <= (9 if b == "credential_stuffing" else 3), b
    for b in ("deadline_power_user", "office_then_home", "coordinator_bulk_extracts", "browser_update", "uptime_monitor", "office_nat"):
        assert found[b] >= 1, b
    for e in entries:
        assert set(e) >= {"label", "behaviour", "kinds"}
        assert (e["label"] == "benign") == (e["kinds"] == [])
        assert e["label"] in ("benign", "scraping", "credential_sharing", "brute_force")
    assert 3 <= len(labels["malformed_lines"]) <= 10


def test_every_labelled_account_is_in_the_log(full):
    _, labels, _, by_user = full
    for acct in labels["accounts"]:
        assert len(by_user[acct]) > 20, acct


def test_vendor_script_is_a_non_browser_with_machine_pacing(full, small):
    _, labels, _, by_user = full
    for acct in by_behaviour(labels, "vendor_script"):
        script = [r for r in by_user[acct] if not is_browser(r["ua"])]
        assert len(script) >= 200, acct
        assert all(r["referer"] is None and not r["path"].startswith("/static/") for r in script)
    path, lab = small["jsonl"]
    recs = read(path, "jsonl", lab)
    for acct, e in by_behaviour(lab, "vendor_script").items():
        ts = sorted(r["ts"].timestamp() for r in recs if r["user"] == acct and not is_browser(r["ua"]) and r["method"] == "GET")
        gaps = sorted(b - a for a, b in zip(ts, ts[1:]))
        q1, med, q3 = (gaps[int(len(gaps) * q)] for q in (0.25, 0.5, 0.75))
        assert abs(med - e["params"]["interval_s"]) < 0.25 * e["params"]["interval_s"] + 0.05
        assert (q3 - q1) / med < 0.35  # regular, unlike human think times


def test_headless_scraper_looks_like_a_browser_but_never_tires(full):
    _, labels, _, by_user = full
    ordinary = [u for u in by_user if u and u not in labels["accounts"]]

    def students_per_day(recs):
        days = defaultdict(set)
        for r in recs:
            m = re.match(r"/students/(\d{10})", r["path"])
            if m and r["status"] == 200:
                days[r["ts"].astimezone(LOCAL).date()].add(m.group(1))
        return max((len(s) for s in days.values()), default=0)

    most_human = max(students_per_day(by_user[u]) for u in ordinary)
    for acct, e in by_behaviour(labels, "headless_scraper").items():
        mine = [r for r in by_user[acct] if r["ip"] == e["params"]["ip"] and r["ua"] == e["params"]["user_agent"]]
        assert is_browser(mine[0]["ua"]) or "HeadlessChrome" in mine[0]["ua"]
        assert any(r["path"].startswith("/static/") for r in mine)
        assert sum(r["referer"] is not None for r in mine) > 0.9 * len(mine)
        assert students_per_day(mine) > 5 * most_human
        pages = sorted(r["ts"] for r in mine if re.match(r"/students/\d{10}$", r["path"]))
        runs, start = [], pages[0]  # stretches without a pause of more than two minutes
        for a, b in zip(pages, pages[1:]):
            if (b - a).total_seconds() > 120:
                runs.append((a - start).total_seconds())
                start = b
        runs.append((pages[-1] - start).total_seconds())
        assert max(runs) > 2.5 * 3600  # hours without a break


def test_rotating_proxy_comes_from_many_networks(full):
    _, labels, _, by_user = full
    for acct in by_behaviour(labels, "rotating_proxy"):
        assert len({net16(r["ip"]) for r in by_user[acct]}) >= 20


def test_generic_and_shared_accounts_are_used_concurrently_from_two_networks(full):
    _, labels, _, by_user = full
    for acct in by_behaviour(labels, "generic_account"):
        assert overlapping(spans(by_user[acct], lambda r: net16(r["ip"]))), acct
    for acct, e in by_behaviour(labels, "shared_with_contractor").items():
        recs = by_user[acct]
        assert net16(e["params"]["owner_ip"]) != net16(e["params"]["contractor_ip"])
        assert overlapping(spans([r for r in recs if r["ip"] in (e["params"]["owner_ip"], e["params"]["contractor_ip"])],
                                 lambda r: r["ip"])), acct
        assert len({r["ua"] for r in recs if r["ip"] == e["params"]["contractor_ip"]} & {r["ua"] for r in recs if r["ip"] == e["params"]["owner_ip"]}) == 0


def test_office_then_home_is_sequential_not_concurrent(full):
    _, labels, _, by_user = full
    for acct in by_behaviour(labels, "office_then_home"):
        sp = spans(by_user[acct], lambda r: net16(r["ip"]))
        assert len({k[1] for k in sp}) >= 2
        assert not overlapping(sp, min_overlap_s=1.0), acct


def test_credential_stuffing_source_fails_many_logins(full):
    _, labels, recs, _ = full
    for ip in by_behaviour(labels, "credential_stuffing", "sources"):
        posts = [r for r in recs if r["ip"] == ip and r["method"] == "POST" and r["path"] == "/login"]
        fails = [r for r in posts if r["status"] == 401]
        assert len(fails) >= 50 and len(fails) >= 0.8 * len(posts)
        assert all(r["user"] is None for r in fails)


def test_bulk_export_loop_and_coordinator(full):
    _, labels, _, by_user = full
    for acct in by_behaviour(labels, "bulk_export_loop"):
        combos = {r["path"] for r in by_user[acct] if r["path"].startswith("/reports/extract?")}
        assert len(combos) >= 30
        assert sum(r["path"].startswith("/reports/download/") for r in by_user[acct]) >= 30
    for acct in by_behaviour(labels, "coordinator_bulk_extracts"):
        types = {re.search(r"type=(\w+)", r["path"]).group(1) for r in by_user[acct] if r["path"].startswith("/reports/extract?")}
        assert len(types) == 9
        assert any(r["path"].endswith("/status") for r in by_user[acct])


def test_uptime_monitor_and_browser_update(full):
    _, labels, recs, by_user = full
    for ip, e in by_behaviour(labels, "uptime_monitor", "sources").items():
        hits = [r for r in recs if r["ip"] == ip]
        assert all(r["path"] == "/health" and r["user"] is None for r in hits)
        assert abs(len(hits) - labels["days"] * 86400 / e["params"]["period_s"]) <= 3
    for acct, e in by_behaviour(labels, "browser_update").items():
        uas = {r["ua"] for r in by_user[acct]}
        assert e["params"]["before"] in uas and e["params"]["after"] in uas


def test_ordinary_staff_work_office_hours_in_local_time(full):
    path, labels, _, by_user = full
    assert "-0700]" in path.read_text(encoding="utf-8")[:400]  # PDT in September
    ordinary = [r for u, rs in by_user.items() if u and u not in labels["accounts"] for r in rs]
    hours = Counter(r["ts"].hour for r in ordinary)
    assert sum(hours[h] for h in range(6, 20)) > 0.9 * len(ordinary)


def test_lines_are_in_time_order_except_a_few(full):
    _, labels, recs, _ = full
    latest, late, worst = recs[0]["ts"], 0, 0.0
    for r in recs:
        lag = (latest - r["ts"]).total_seconds()
        if lag > 1:
            late += 1
            worst = max(worst, lag)
        latest = max(latest, r["ts"])
    assert late < 0.01 * len(recs)
    assert worst < 120


def test_formats_carry_the_same_events(small):
    events = {}
    for fmt, (path, labels) in small.items():
        recs = read(path, fmt, labels)
        assert len(recs) == labels["n_events"]
        events[fmt] = [(int(r["ts"].timestamp()), r["ip"], r["user"], r["method"], r["path"], r["status"], r["bytes"],
                        r["referer"], r["ua"]) for r in recs]
    assert events["combined"] == events["w3c"] == events["jsonl"]
    mal = {fmt: lab["malformed_lines"] for fmt, (_, lab) in small.items()}
    assert mal["combined"] == mal["jsonl"] == [n - 4 for n in mal["w3c"]]


def test_lines_option_scales_output(tmp_path):
    labels = generate(tmp_path / "x.log", seed=2, lines=40_000)
    assert 20_000 <= labels["n_lines"] <= 80_000


def test_cli_writes_gzip_and_labels(tmp_path):
    cmd = [sys.executable, "-m", "sample_logs.generate", "--seed", "9", "--days", "1", "--staff", "25", "--threat-scale", "0.2",
           "--format", "jsonl", "--out", str(tmp_path / "x.jsonl.gz"), "--labels", str(tmp_path / "x.json"), "--gzip"]
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    labels = json.loads((tmp_path / "x.json").read_text())
    text = gzip.decompress((tmp_path / "x.jsonl.gz").read_bytes()).decode()
    assert len(text.splitlines()) == labels["n_lines"] and labels["format"] == "jsonl"


def test_example_is_small_and_reproducible(tmp_path):
    log, lab = EXAMPLE / "access.log", EXAMPLE / "labels.json"
    assert log.stat().st_size < 4_000_000
    labels = json.loads(lab.read_text())
    again = generate(tmp_path / "access.log", tmp_path / "labels.json", seed=labels["seed"], start=labels["start"],
                     days=labels["days"], n_staff=labels["n_staff"], fmt=labels["format"], tz=labels["tz"],
                     threat_scale=labels["threat_scale"])
    assert (tmp_path / "access.log").read_bytes() == log.read_bytes(), "regenerate the example (see sample_logs/README.md)"
    assert again == labels
