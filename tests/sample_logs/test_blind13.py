"""blind13 generator (a GraphQL records system on AWS: API Gateway's JSON access log, or the Node app's own
request log among its other lines): determinism, labels, and the detector reading every request line."""
from __future__ import annotations

from sample_logs.blind13.check import LOG_FILE, check_dir
from sample_logs.blind13.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9013
FORMATS = ("apigw", "app")

generated = generated_logs(generate, SEED, FORMATS, LOG_FILE)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_FILE


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """API Gateway's user is the claims e-mail under a key of the site's choosing (jwtEmail), the app's a
    numeric uid; both are found without a mapping."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == "jsonl"
    assert {str(u).removesuffix(".0") for u in users} & abusive
