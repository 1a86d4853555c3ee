"""blind14 generator (a special-education platform on Kubernetes: Istio's default Envoy text log, which names no
user, or Kong's file-log JSON): determinism, labels, and the detector reading every request line."""
from __future__ import annotations

from sample_logs.blind14.check import check_dir
from sample_logs.blind14.generate import FORMATS as LOG_NAMES
from sample_logs.blind14.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9014

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """Envoy's text lines are recognised, the client taken from before Azure Front Door's hop; Kong's staff user
    is the app's own X-Harbor-User response header, a partner's the Kong consumer."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("envoy" if fmt == "envoy_text" else "jsonl")
    assert (abusive & users) if fmt == "kong_json" else not users
