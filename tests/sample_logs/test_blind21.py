"""blind21 generator (a state assessment portal seen by network sensors: Zeek's http.log with HTTP Basic users,
Suricata's eve.json with none): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind21.check import check_dir
from sample_logs.blind21.generate import FORMATS, generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9021
LOG_NAMES = {"zeek_tsv": "http.log", "suricata_eve": "eve.json"}

generated = generated_logs(generate, SEED, FORMATS, LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_names_the_users_it_can(generated, tmp_path):
    """Zeek's TSV (hourly header blocks, the proxy's X-Forwarded-For in ``proxied``, Basic-auth names) and
    Suricata's eve.json (its http events only; no user names at all)."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert users <= {name.lower() for name in labels["accounts"]} | set(labels["accounts"])
    if fmt == "zeek_tsv":
        assert detected == "zeek" and abusive and abusive <= users
    else:
        assert detected == "jsonl" and not users
