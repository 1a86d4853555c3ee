"""blind25 generator (a state portal's Apache lines as a SIEM exports them: Splunk's JSON export, newest first, and
an OpenSearch dump of Filebeat's unparsed events): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind25.check import check_dir
from sample_logs.blind25.generate import generate
from sample_logs.blind25.parse import FILES as LOG_NAMES
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9025

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users(generated, tmp_path):
    """Both exports unwrapped to the Apache lines inside (``result._raw``, ``_source.message``)."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    logins = {str(labels["accounts"][a]["params"].get("login", a)).lower() for a in abusive}
    assert users and abusive and logins <= users  # the login, as Apache's escaping printed it undone
    assert detected not in ("jsonl", "csv")
