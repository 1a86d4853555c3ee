"""blind9 generator (a JSF student-data hub: an Azure Log Analytics CSV export, or httpd's lines in a journalctl
JSON export): determinism, labels, and the detector reading every request line it should."""
from __future__ import annotations

from sample_logs.blind9.check import check_dir
from sample_logs.blind9.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9009
FORMATS = ("azure_csv", "journald")

generated = generated_logs(generate, SEED, FORMATS)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """The CSV export is read by its header rows (repeated per exported slice, rows newest first); the journal's
    entries are unwrapped to httpd's lines. Only malformed rows and the journal's other entries are rejected."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("csv" if fmt == "azure_csv" else "combined")
    assert abusive & users  # CsUsername names only the SSO sign-ins, the journal every signed-in request
