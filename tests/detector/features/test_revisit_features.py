"""The ``revisits`` family: back-and-forth between pages, and time on pages already seen."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from detector.enrich import enrich_records
from detector.features import compute_features
from detector.features.directions import SESSION_DIRECTIONS
from detector.sessions import sessionise
from tests.detector.records import make_records

T0 = pd.Timestamp("2024-07-02T14:00:00Z")


def one(rows: list[dict]) -> pd.Series:
    """Features of the only session the rows make."""
    feats = compute_features(sessionise(enrich_records(make_records(rows, t0=T0))), "session")
    assert len(feats) == 1, "the rows were meant to form one session"
    return feats.iloc[0]


def visits(times_paths: list[tuple[float, str]]) -> list[dict]:
    return [{"s": s, "path": p} for s, p in times_paths]


def test_person_back_to_the_list_leaves_it_quickly() -> None:
    # list (4 s) -> record (60 s) -> list again (2 s) -> record (60 s) -> list again (2 s) -> record
    f = one(visits([(0, "/roster"), (4, "/students/1"), (64, "/roster"), (66, "/students/2"),
                    (126, "/roster"), (128, "/students/3")]))
    assert f["backtrack_share"] == pytest.approx(2 / 4)  # the two returns to /roster, of 4 views with two before them
    expected = math.log(2) - (math.log(4) + 2 * math.log(60)) / 3
    assert f["revisit_dwell_shift"] == pytest.approx(expected)
    assert f["revisit_dwell_shift"] < -1.0


def test_timer_paced_client_does_not_skim_pages_it_has_seen() -> None:
    # the same walk, every page held 30 s whether seen before or not
    paths = ["/roster", "/students/1", "/roster", "/students/2", "/roster", "/students/3"]
    f = one(visits([(30 * i, p) for i, p in enumerate(paths)]))
    assert f["backtrack_share"] == pytest.approx(0.5)
    assert f["revisit_dwell_shift"] == pytest.approx(0.0)


def test_nothing_to_measure_without_returns() -> None:
    f = one(visits([(10 * i, f"/students/{i}") for i in range(6)]))
    assert f["backtrack_share"] == 0.0
    assert np.isnan(f["revisit_dwell_shift"])  # no page viewed twice
    f = one(visits([(0, "/roster"), (5, "/students/1")]))
    assert np.isnan(f["backtrack_share"]) and np.isnan(f["revisit_dwell_shift"])


def test_assets_reloads_and_posts_are_not_page_views() -> None:
    rows = visits([(0, "/roster"), (4, "/students/1"), (64, "/roster"), (66, "/students/2")])
    rows += [{"s": 1, "path": "/static/app.js"}, {"s": 65, "path": "/static/app.js"},  # assets between pages
             {"s": 5, "path": "/students/1"},  # a reload of the page just viewed
             {"s": 30, "path": "/students/1", "method": "POST"}]
    f = one(sorted(rows, key=lambda r: r["s"]))
    assert f["backtrack_share"] == pytest.approx(1 / 2)
    # the reload at 5 s and the POST at 30 s do not cut the record's 60 s
    assert f["revisit_dwell_shift"] == pytest.approx(math.log(2) - (math.log(4) + math.log(60)) / 2)


def test_time_on_a_page_is_floored_and_capped() -> None:
    # a 20-minute stop on a new page (capped at the 5-minute pause), a record left within the second (0.5 s floor)
    f = one(visits([(0, "/roster"), (1200, "/students/1"), (1200.2, "/roster"), (1210.2, "/students/2")]))
    assert f["revisit_dwell_shift"] == pytest.approx(math.log(10) - (math.log(300) + math.log(0.5)) / 2)


def test_order_of_page_views_stamped_alike_does_not_matter() -> None:
    # two page views logged in the same second, one seen before and one new, in either order
    # (engines keep ties in input order): both are held until the next later view, 60 s
    base = [(0, "/roster"), (4, "/students/1"), (64, "/students/2")]
    tied = [(70, "/students/1"), (70, "/help")]
    a = one(visits(base + tied + [(130, "/roster")]))
    b = one(visits(base + tied[::-1] + [(130, "/roster")]))
    expected = math.log(60) - (math.log(4) + math.log(60) + math.log(6) + math.log(60)) / 4
    assert a["revisit_dwell_shift"] == pytest.approx(expected)
    assert b["revisit_dwell_shift"] == pytest.approx(expected)


def test_directions_say_automation_returns_less_and_does_not_skim() -> None:
    assert SESSION_DIRECTIONS["backtrack_share"] == -1
    assert SESSION_DIRECTIONS["revisit_dwell_shift"] == +1
