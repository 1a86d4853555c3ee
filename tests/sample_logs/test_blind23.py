"""blind23 generator (a statewide records system seen only through its F5 BIG-IP ASM's remote log, in F5's Splunk
key-value format or ArcSight CEF): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind23.check import check_dir
from sample_logs.blind23.generate import generate
from sample_logs.blind23.render import FORMATS as LOG_NAMES
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9023

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users(generated, tmp_path):
    """ASM's key-value lines read as logfmt (the user agent from the raw request), its CEF events as cef; the user
    is the WAF's session-tracked name."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert users and abusive and {a.lower() for a in abusive} <= users  # account names are kept in lower case
    assert detected == ("logfmt" if fmt == "f5_splunk" else "cef")
