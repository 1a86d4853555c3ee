"""blind19 generator (a state records portal on AKS: OpenTelemetry's OTLP/JSON logs, many requests a line, or
Azure Application Gateway's access log, no user): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind19.check import check_dir
from sample_logs.blind19.generate import FORMATS as LOG_NAMES
from sample_logs.blind19.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9019

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_the_users_otel_names(generated, tmp_path):
    """OTLP batches: every request record of every line is read (start-up messages are not requests), the user
    from ``enduser.id``; Application Gateway's records name no user at all."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == "jsonl"
    if fmt == "otel":
        assert abusive <= users
    else:
        assert users == set()
