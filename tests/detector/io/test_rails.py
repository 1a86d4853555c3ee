"""A Rails app's own production.log: one record per request from its Started and Completed lines."""

from __future__ import annotations

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.rails import CUT_SHORT

from ._helpers import assert_schema

P = "I, [2027-02-02T09:14:05.{us} #{pid}]  INFO -- : "
A, B = "[5f1e0c2a-7b7d-4c1a-9a55-0c8d2e1f4b6a] [user:4821] ", "[9a9e0c2a-7b7d-4c1a-9a55-0c8d2e1f4b6b] "
TAGGED = [
    P.format(us="123456", pid=12) + A + 'Started GET "/students/104882?tab=grades" for 203.0.113.5 at 2027-02-02 09:14:05 -0500',
    P.format(us="124000", pid=12) + B + 'Started POST "/users/sign_in" for 198.51.100.7 at 2027-02-02 09:14:05 -0500',
    P.format(us="125001", pid=12) + A + "Processing by StudentsController#show as HTML",
    P.format(us="125002", pid=12) + A + '  Parameters: {"id"=>"104882"}',
    P.format(us="190012", pid=12) + B + "Completed 422 Unprocessable Entity in 40ms (Views: 31.2ms | ActiveRecord: 8.1ms)",
    P.format(us="180012", pid=12) + A + "Completed 200 OK in 52ms (Views: 31.2ms | ActiveRecord: 8.1ms | Allocations: 12345)",
]


def test_started_and_completed_lines_of_one_request_make_one_record() -> None:
    assert detect_format(TAGGED) == "rails"
    frame, rejected, _ = parse_lines(TAGGED, None)
    assert rejected == []
    assert_schema(frame)
    assert list(frame.line_no) == [1, 2]
    assert frame.ts.iloc[0] == pd.Timestamp("2027-02-02 14:14:05.123456", tz="UTC")  # the logger's microseconds
    assert list(frame.utc_offset_min) == [-300.0, -300.0]
    assert list(frame.path) == ["/students/104882?tab=grades", "/users/sign_in"]
    assert list(frame.status) == [200, 422] and list(frame.duration_ms) == [52.0, 40.0]  # matched by request id
    assert frame.user.iloc[0] == "4821" and pd.isna(frame.user.iloc[1])
    assert list(frame.client_ip) == ["203.0.113.5", "198.51.100.7"]


def test_without_tags_or_prefix_a_process_completes_its_requests_in_order() -> None:
    lines = ['Started GET "/sections/33/gradebook" for 10.0.0.5 at 2027-02-02 09:14:05 UTC',
             "Processing by GradebooksController#show as HTML", "Completed 302 Found in 9ms (ActiveRecord: 1.0ms)",
             'Started GET "/students/9" for 10.0.0.5 at 2027-02-02 09:14:07 UTC']
    frame, rejected, _ = parse_lines(lines, "rails")
    assert rejected == [] and list(frame.status) == [302, 0]  # the last request's Completed line never came
    assert frame.ts.iloc[1] == pd.Timestamp("2027-02-02 09:14:07", tz="UTC")


def test_other_lines_are_not_requests_and_a_cut_request_line_is_rejected(tmp_path) -> None:
    log = tmp_path / "production.log"
    backtrace = ['F, [2027-02-02T09:14:06.000000 #12] FATAL -- : [aa] ActionController::RoutingError '
                 '(No route matches [GET] "/wp-login.php"):', "  actionpack (7.1.3) lib/action_dispatch/x.rb:61:in `call'"]
    cut = P.format(us="000000", pid=12) + '[bb] Started GET "/students/10'
    log.write_text("\n".join(TAGGED + backtrace + [cut]) + "\n")
    frame, report = read_logs([log])
    assert len(frame) == 2
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(9, CUT_SHORT)]


def test_action_cables_websocket_line_is_the_same_request_again() -> None:
    lines = [P.format(us="000001", pid=7) + '[c1] [user:4231] Started GET "/cable/" for 74.143.200.10 at 2026-12-16 06:56:47 -0500',
             P.format(us="000002", pid=7) + '[c1] [user:4231] Started GET "/cable/" [WebSocket] for 74.143.200.10 at '
             "2026-12-16 06:56:47 -0500"]
    frame, rejected, _ = parse_lines(lines, "rails")
    assert rejected == [] and len(frame) == 1 and frame.user.iloc[0] == "4231"
