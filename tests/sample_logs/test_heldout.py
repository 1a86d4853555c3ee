"""Tests of the held-out log generator (``sample_logs.heldout``) and of the held-out evaluation's plumbing.

These check the generator (determinism, formats, labels consistent with the
log) and that :func:`detector.evaluate.heldout.heldout` runs end to end.  They
never assert detection quality: that is what ``make eval`` measures on this
generator, which must stay unseen by anything that tunes the detector.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from detector.alerts import ALERT_KINDS
from detector.io.reader import read_logs
from sample_logs.heldout import generate_heldout
from sample_logs.heldout.formats import W3C_FIELDS

SMALL = {"days": 1, "n_staff": 40}
NGINX = re.compile(r'^(\S+) - (\S+) \[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] "(\S+) (\S+) (HTTP/[\d.]+)" (\d{3}) (\d+) '
                   r'"([^"]*)" "([^"]*)" (\d+\.\d{3}) (\d+\.\d{3}|-)$')


@pytest.fixture(scope="module")
def w3c(tmp_path_factory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("heldout") / "w3c.log"
    return path, generate_heldout(path, seed=11, fmt="w3c", **SMALL)


@pytest.fixture(scope="module")
def nginx(tmp_path_factory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("heldout") / "nginx.log"
    return path, generate_heldout(path, seed=11, fmt="nginx", **SMALL)


def _w3c_rows(path: Path) -> list[list[str]]:
    return [line.split(" ") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    for fmt in ("w3c", "nginx"):
        a = generate_heldout(tmp_path / f"a.{fmt}", tmp_path / f"a.{fmt}.json", seed=12, fmt=fmt, days=1, n_staff=30)
        b = generate_heldout(tmp_path / f"b.{fmt}", tmp_path / f"b.{fmt}.json", seed=12, fmt=fmt, days=1, n_staff=30)
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()
        assert (tmp_path / f"a.{fmt}.json").read_bytes() == (tmp_path / f"b.{fmt}.json").read_bytes()
        assert a == b
    other = generate_heldout(tmp_path / "c.w3c", seed=13, fmt="w3c", days=1, n_staff=30)
    assert (tmp_path / "c.w3c").read_bytes() != (tmp_path / "a.w3c").read_bytes()
    assert other["accounts"] != a["accounts"] or other["tz"] != a["tz"]


def test_w3c_header_and_fields(w3c: tuple[Path, dict]) -> None:
    path, labels = w3c
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#Software: Microsoft Internet Information Services 10.0"
    assert lines[1] == "#Version: 1.0"
    assert re.fullmatch(r"#Date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", lines[2])
    assert lines[3] == f"#Fields: {W3C_FIELDS}"
    heads = [i for i, line in enumerate(lines, 1) if line.startswith("#")]
    assert heads == labels["header_lines"]
    assert len(lines) == labels["n_lines"] == labels["n_events"] + len(heads)
    n_fields = len(W3C_FIELDS.split())
    dates = []
    for row in _w3c_rows(path):
        assert len(row) == n_fields
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[0]) and re.fullmatch(r"\d{2}:\d{2}:\d{2}", row[1])
        assert row[11].isdigit() and row[14].isdigit()
        dates.append(row[0])
    assert dates == sorted(dates)
    # one header block per UTC day, as concatenated daily u_ex files
    assert len(heads) == 4 * len(set(dates))


def test_labels_are_consistent_with_the_log(w3c: tuple[Path, dict]) -> None:
    path, labels = w3c
    rows = _w3c_rows(path)
    users = {row[7] for row in rows}
    ips_of: dict[str, set[str]] = {}
    for row in rows:
        ips_of.setdefault(row[7], set()).add(row[8])
    assert labels["accounts"] and set(labels["accounts"]) <= users
    generic = [u for u, v in labels["accounts"].items() if v["behaviour"] == "generic_shared_login"]
    assert len(generic) == 2
    assert all(len(ips_of[u]) >= 2 for u in generic)
    for info in list(labels["accounts"].values()) + list(labels["sources"].values()):
        assert info["label"] in ("benign", "scraping", "credential_sharing")
        assert set(info["kinds"]) <= set(ALERT_KINDS)
        assert (info["label"] == "benign") == (not info["kinds"])
    assert {v["behaviour"] for v in labels["accounts"].values() if v["kinds"]} >= {
        "low_and_slow_insider", "headless_roster_walker", "api_pager", "two_places_at_once", "foreign_night_use",
        "generic_shared_login"}
    assert any(v["label"] == "benign" for v in labels["accounts"].values())
    assert set(labels["sources"]) <= {row[8] for row in rows}
    # the app's own URL scheme: query-string pupil IDs, UUID JSON endpoints, OIDC sign-in
    paths = {row[4] for row in rows}
    assert {"/Student/Profile.aspx", "/signin-oidc", "/Handlers/KeepAlive.ashx"} <= paths
    assert any(re.fullmatch(r"/api/v2/pupils/[0-9a-f-]{36}(/\w+)?", p) for p in paths)


def test_nginx_variant_reads_without_rejections(nginx: tuple[Path, dict], w3c: tuple[Path, dict]) -> None:
    path, labels = nginx
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == labels["n_lines"] == labels["n_events"] == w3c[1]["n_events"]
    assert all(NGINX.match(line) for line in lines)
    records, report = read_logs(path)
    assert report.lines_rejected == 0
    assert len(records) == len(lines)
    assert set(report.formats.values()) == {"combined"}
    read = set(records["user"].dropna().astype(str))
    assert set(labels["accounts"]) <= read  # the reader undoes nginx's escapes: accounts as named in the labels
    assert any("\\x5C" in line for line in lines)  # nginx escapes the backslash of DOMAIN\user
    assert any("\\" in user for user in labels["accounts"]) and not any("\\x5C" in user for user in read)


def test_w3c_variant_reads_without_rejections(w3c: tuple[Path, dict]) -> None:
    path, labels = w3c
    records, report = read_logs(path)
    assert report.lines_rejected == 0 and len(records) == labels["n_events"]
    assert set(report.formats.values()) == {"w3c"}


def test_heldout_evaluation_runs_end_to_end(tmp_path: Path) -> None:
    from detector.evaluate.heldout import heldout

    result = heldout(tmp_path, seed=14, fmt="nginx", days=1, staff=30)
    assert result["lines"] > 0 and result["lines_rejected"] == 0
    for key in ("precision", "recall", "average_precision"):
        value = result[key]
        assert math.isnan(value) or 0.0 <= value <= 1.0
    assert result["by_behaviour"] and set(result["errors"]) >= {"false_alarm_rules", "lookalikes", "abusive"}
    assert (tmp_path / "heldout-seed14-nginx" / "scan" / "summary.json").is_file()
