"""blind15 generator (a Rails transcript system: its production.log, several lines per request, or nginx in a
layout of the site's own): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind15.check import check_dir
from sample_logs.blind15.generate import FORMATS as LOG_NAMES
from sample_logs.blind15.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9015

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """The Rails log is one record per Started line, its other messages skipped; the nginx layout is found by
    what its fields look like. Both name the user by a numeric id."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("rails" if fmt == "rails_log" else "inferred")
    assert {str(u).removesuffix(".0") for u in users} & abusive
