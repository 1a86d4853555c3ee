"""blind10 generator (a PHP district SIS: a Splunk CSV export with the raw lines, or Apache logging the
X-Forwarded-For chain as the client): determinism, labels, and the detector reading every request line it should."""
from __future__ import annotations

from sample_logs.blind10.check import check_dir
from sample_logs.blind10.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9010
FORMATS = ("splunk_csv", "apache_xff")

generated = generated_logs(generate, SEED, FORMATS)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """The Splunk export is read by its header row (its extracted fields); Apache's lines are read whatever their
    first field holds (an address, a chain of them, '-'). Only malformed lines are rejected."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("csv" if fmt == "splunk_csv" else "combined")
    assert abusive & users
