"""blind22 generator (a county SIS on three nginx servers, shipped by Filebeat with the raw line in ``message``, or
by Fluentd's out_file with the nginx parser's fields): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind22.check import check_dir
from sample_logs.blind22.generate import FORMATS as LOG_NAMES
from sample_logs.blind22.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9022

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users(generated, tmp_path):
    """Filebeat's records unwrapped to nginx lines that end with the X-Forwarded-For and the app's user; Fluentd's
    records read as JSON with their time, the app's user key taken where the server's ``user`` is empty."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert users and abusive and abusive <= users
    assert detected == ("combined_xff_user" if fmt == "filebeat" else "jsonl")
