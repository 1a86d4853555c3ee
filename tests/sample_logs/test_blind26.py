"""blind26 generator (a district SIS behind Apache with CAS sign-in, plain combined and as rotated day files joined
with rotation damage; new ways of doing the same abuse): determinism, labels, and the detector reading every
request."""
from __future__ import annotations

from sample_logs.blind26.check import check_dir
from sample_logs.blind26.generate import generate
from sample_logs.blind26.render import FORMATS as LOG_NAMES
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9026

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users(generated, tmp_path):
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert users and {a.lower() for a in abusive if labels["accounts"][a]["behaviour"] != "basic_auth_spray"} <= users
    assert detected == "combined"
