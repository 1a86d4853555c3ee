"""blind17 generator (a special-education app on CloudFront with AWS WAF: CloudFront's standard log with cookies,
or the WAF's JSON log without status): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind17.check import check_dir
from sample_logs.blind17.generate import FORMATS as LOG_NAMES
from sample_logs.blind17.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9017

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users_from_the_app_cookie(generated, tmp_path):
    """CloudFront's W3C lines (header pairs between delivered files) and WAF's JSON (headers as a name/value list):
    either way the account is the app's own ``pw_user`` cookie."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("w3c" if fmt == "cloudfront" else "jsonl")
    assert abusive <= users
