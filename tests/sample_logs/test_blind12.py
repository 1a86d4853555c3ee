"""blind12 generator (an ASP.NET WebForms SIS on IIS with Windows authentication: the IIS log file format, or
NCSA common): determinism, labels, and the detector reading every request line, with no user agent logged."""
from __future__ import annotations

import pandas as pd

from sample_logs.blind12.render import FORMATS as LOG_NAMES
from sample_logs.blind12.check import check_dir
from sample_logs.blind12.generate import generate
from tests.sample_logs._blind import GeneratorChecks, generated_logs, scan_reads

SEED = 9012
FORMATS = ("iis_native", "ncsa")

generated = generated_logs(generate, SEED, FORMATS, LOG_NAMES)


class TestGenerator(GeneratorChecks):
    generate = generate
    check_dir = check_dir
    seed = SEED
    log_names = LOG_NAMES


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """IIS's native comma-separated format is recognised and its local times read in the site's zone; neither
    format records a user agent, and the sessions say so rather than calling every client a script."""
    from detector.schema import UA_NOT_LOGGED

    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("iis_native" if fmt == "iis_native" else "common")
    assert abusive & users
    agents = pd.read_csv(tmp_path / "scan" / "sessions.csv", usecols=["user_agent"])["user_agent"]
    assert set(agents.dropna()) == {UA_NOT_LOGGED}
