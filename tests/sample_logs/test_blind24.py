"""blind24 generator (an ASP.NET Core records platform seen through its own telemetry: Serilog's compact JSON request
log, or Application Insights' AppRequests exported as CSV): determinism, labels, and the detector reading every
request."""
from __future__ import annotations

from sample_logs.blind24.check import check_dir
from sample_logs.blind24.generate import FORMATS, generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9024
LOG_NAMES = {fmt: spec[0] for fmt, spec in FORMATS.items()}

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users(generated, tmp_path):
    """Serilog's request events read as JSON (the app's other events skipped), the AppRequests export as CSV with the
    signed-in user; the masked address gives way to the logged place."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert users and abusive and {a.lower() for a in abusive} <= users  # account names are kept in lower case
    assert detected == ("jsonl" if fmt == "serilog_clef" else "csv")
