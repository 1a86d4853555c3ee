"""blind12 generator (an ASP.NET WebForms SIS on IIS with Windows authentication: the IIS log file format, or
NCSA common): determinism, labels, and the detector reading every request line, with no user agent logged."""
from __future__ import annotations


import pandas as pd
import pytest

from sample_logs.blind12.render import FORMATS as LOG_NAMES
from sample_logs.blind12.check import check_dir
from sample_logs.blind12.generate import generate
from tests.sample_logs._blind import assert_label_kinds, assert_regenerated_alike, generate_into, scan_reads

SEED = 9012
FORMATS = ("iis_native", "ncsa")


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *generate_into(generate, tmp_path_factory.mktemp(f"b12_{fmt}"), fmt, SEED, 100, LOG_NAMES[fmt]))


def test_deterministic(generated, tmp_path):
    assert_regenerated_alike(generate, generated, tmp_path, SEED, 100, LOG_NAMES[generated[0]])


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED
    errors, _ = check_dir(str(log.parent))
    assert errors == []
    assert_label_kinds(labels)


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
