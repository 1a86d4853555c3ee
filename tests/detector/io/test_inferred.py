"""Layouts no format names: fields found by what they look like, lines without the layout rejected."""

from __future__ import annotations

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.inferred import NOT_LAYOUT, infer_layout

from ._helpers import assert_schema

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def nginx_custom(i: int, user: str = "-") -> str:
    """An nginx ``log_format`` of a site's own: ISO time first, the request in pieces, key=value fields last."""
    return (f'2026-12-16T09:{i // 60:02d}:{i % 60:02d}-05:00 203.0.113.{i % 7} GET "/students/{100 + i}?tab=grades" '
            f'200 {5000 + i} 0.0{i % 10}2 "https://sis.example.org/students" "{CHROME}" "-" rid=ab{i:04d} uid={user}')


def test_an_unknown_layout_is_read_by_what_its_fields_look_like() -> None:
    lines = [nginx_custom(i, user=str(4000 + i % 3)) for i in range(40)]
    assert detect_format(lines) == "inferred"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    assert_schema(frame)
    first = frame.iloc[1]
    assert first.ts == pd.Timestamp("2026-12-16T14:00:01Z") and first.utc_offset_min == -300.0
    assert (first.client_ip, first.method, first.path, first.status, first.bytes) == (
        "203.0.113.1", "GET", "/students/101?tab=grades", 200, 5001)
    assert first.user == "4001" and first.user_agent == CHROME and first.referer == "https://sis.example.org/students"
    assert first.duration_ms == 12.0


def test_a_request_line_and_a_bracketed_time_in_another_order() -> None:
    lines = [f'[16/Dec/2026:09:00:{i:02d} -0500] 200 "GET /sections/{i}/gradebook HTTP/1.1" 10.0.0.{i} 512 "curl/8.4.0"'
             for i in range(30)]
    frame, rejected, _ = parse_lines(lines, "inferred")
    assert rejected == [] and list(frame.path[:2]) == ["/sections/0/gradebook", "/sections/1/gradebook"]
    assert set(frame.method) == {"GET"} and set(frame.status) == {200} and frame.user_agent.iloc[0] == "curl/8.4.0"


def test_lines_without_the_layout_are_rejected_with_their_numbers(tmp_path) -> None:
    log = tmp_path / "ledger.log"
    lines = [nginx_custom(i) for i in range(30)]
    lines[5] = lines[5][:40]
    lines[9] = "nginx: [warn] conflicting server name"
    log.write_text("\n".join(lines) + "\n")
    frame, report = read_logs([log])
    assert len(frame) == 28
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(6, NOT_LAYOUT), (10, NOT_LAYOUT)]
    assert any("read by what they look like" in w for w in report.warnings)


def test_no_layout_without_a_time_a_status_and_a_request() -> None:
    assert infer_layout(["alpha beta gamma delta"] * 10) is None
    assert infer_layout([f"2026-12-16T09:00:{i:02d}Z worker-{i} started job {i}" for i in range(10)]) is None


def test_a_key_value_field_read_as_dash_on_some_lines() -> None:
    lines = [nginx_custom(i, user=str(4000 + i)) for i in range(30)]
    lines = [line.replace(" uid=", " -") if i == 0 else line for i, line in enumerate(lines)]
    frame, rejected, _ = parse_lines(lines, "inferred")
    assert rejected == [] and frame.user.iloc[1] == "4001" and pd.isna(frame.user.iloc[0])
