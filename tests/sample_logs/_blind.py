"""What every blind app's generator tests share: one generated log per format, its determinism, its labels."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

#: The abuse kinds a label may list.
KINDS = {"scraping", "credential_sharing", "brute_force"}


def generate_into(generate: Callable[..., dict], folder: Path, fmt: str, seed: int, n_staff: int,
                  log_name: str = "access.log", days: int = 1) -> tuple[Path, Path, dict]:
    """``days`` of the app's log in ``folder``: ``(log, labels file, labels)``."""
    log, lab = folder / log_name, folder / "labels.json"
    labels = generate(log, lab, seed=seed, days=days, n_staff=n_staff, fmt=fmt)
    return log, lab, labels


def assert_regenerated_alike(generate: Callable[..., dict], generated: tuple, folder: Path, seed: int,
                             n_staff: int, log_name: str = "access.log", days: int = 1) -> None:
    """The same arguments give the same bytes and the same labels (returned and written)."""
    fmt, log, lab, labels = generated
    log2, _lab2, labels2 = generate_into(generate, folder, fmt, seed, n_staff, log_name, days)
    assert log.read_bytes() == log2.read_bytes()
    assert labels == labels2 == json.loads(lab.read_text())


def assert_label_kinds(labels: dict) -> None:
    """Every labelled subject's kinds are known kinds, and a subject is benign exactly when it has none."""
    for subject in list(labels["accounts"].values()) + list(labels["sources"].values()):
        assert set(subject["kinds"]) <= KINDS
        assert (subject["label"] == "benign") == (not subject["kinds"])


def scan_reads(log: Path, labels: dict, out: Path) -> tuple[str, set[str], set[str]]:
    """Scan a generated log with default settings and check nothing but its malformed and non-request lines was
    rejected, every request read; returns the format detected, the users of its sessions and the abusive accounts."""
    import pandas as pd

    from detector.config import Settings
    from detector.scan import run_scan

    res = run_scan([log], Settings(timezone=labels["tz"]), out_dir=out)
    assert res.summary["lines_rejected"] <= len(labels["malformed_lines"]) + len(labels["header_lines"])
    assert res.summary["lines_parsed"] >= labels["n_events"] - len(labels["malformed_lines"])
    users = set(pd.read_csv(out / "sessions.csv", usecols=["user"])["user"].dropna())
    abusive = {a for a, v in labels["accounts"].items() if v["label"] != "benign"}
    return res.summary["formats"][str(log)], users, abusive


def generated_logs(generate: Callable[..., dict], seed: int, formats: Sequence[str],
                   log_names: Mapping[str, str] | None = None, days: int = 1, n_staff: int = 100) -> Callable:
    """The module fixture ``generated``: one log per format, ``(fmt, log, labels file, labels)``.

    Assign it in the app's test module (``generated = generated_logs(generate, SEED, FORMATS, LOG_NAMES)``) and
    derive a class from :class:`GeneratorChecks` with the same arguments.
    """

    @pytest.fixture(scope="module", params=list(formats))
    def generated(request, tmp_path_factory):
        fmt = request.param
        folder = tmp_path_factory.mktemp(f"gen_{fmt}")
        return (fmt, *generate_into(generate, folder, fmt, seed, n_staff, (log_names or {}).get(fmt, "access.log"), days))

    return generated


class GeneratorChecks:
    """The checks every blind app's generator gets: the same arguments give the same bytes and labels, and the
    labels agree with the log by the app's own check.  A test class sets the class attributes."""

    generate: Callable[..., dict]
    check_dir: Callable[[str], tuple[list, dict]]
    seed: int
    log_names: Mapping[str, str] = {}
    days: int = 1
    n_staff: int = 100

    def test_deterministic(self, generated, tmp_path):
        assert_regenerated_alike(type(self).generate, generated, tmp_path, self.seed, self.n_staff,
                                 self.log_names.get(generated[0], "access.log"), self.days)

    def test_labels_match_log(self, generated):
        fmt, log, _lab, labels = generated
        assert labels["format"] == fmt and labels["seed"] == self.seed
        errors, _ = type(self).check_dir(str(log.parent))
        assert errors == []
        assert_label_kinds(labels)
