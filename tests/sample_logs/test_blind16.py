"""blind16 generator (a Spring student information system behind a Squid reverse proxy: Squid's native log or
its combined format): determinism, labels, and the detector reading every request."""
from __future__ import annotations

from sample_logs.blind16.check import check_dir
from sample_logs.blind16.generate import generate
from sample_logs.blind16.render import FORMATS as LOG_NAMES
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9016

generated = generated_logs(generate, SEED, sorted(LOG_NAMES), LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_rejects_only_the_malformed_lines(generated, tmp_path):
    """Squid's native lines by the squid reader (the user from the app's header); its combined format, with an
    absolute URL in the request and Squid's codes after the user agent, by the combined reader."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("squid" if fmt == "squid_native" else "combined")
    assert abusive - {"frontdesk"} <= users | {a for a, v in labels["accounts"].items() if v["params"].get("n_requests", 1) < 10}
