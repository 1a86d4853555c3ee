"""blind18 generator (a Laravel SIS behind HAProxy with a custom log-format, or the app's own audit-trail CSV
export): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind18.check import check_dir
from sample_logs.blind18.generate import FORMATS as LOG_NAMES
from sample_logs.blind18.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9020  # 9018 and 9019 draw only 4 malformed lines in a one-day log, which its own check refuses

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users(generated, tmp_path):
    """HAProxy's custom layout behind rsyslog's prefix is read as its HTTP log, the user from a captured response
    header; the audit export by its header row (repeated every 50,000 rows), the user from ``staff_login``."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("haproxy" if fmt == "haproxy_custom" else "csv")
    assert abusive <= users
