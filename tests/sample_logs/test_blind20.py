"""blind20 generator (a regional SIS behind Apache and ModSecurity: its JSON audit log, the user only in the app's
cookie, or lighttpd's access log): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind20.check import check_dir
from sample_logs.blind20.generate import FORMATS as LOG_NAMES
from sample_logs.blind20.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9020

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users_it_can(generated, tmp_path):
    """ModSecurity v3's JSON audit log (local ctime, the user in the app's ``sis_user`` cookie) and lighttpd's
    default layout (read as combined; only the integrations' HTTP Basic users are named)."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert users <= set(labels["accounts"])
    if fmt == "modsec_json":
        assert detected == "jsonl" and abusive <= users
    else:
        assert detected == "combined" and users and not abusive & users
