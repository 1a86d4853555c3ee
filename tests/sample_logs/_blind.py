"""What every blind app's generator tests share: one generated log per format, its determinism, its labels."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

#: The abuse kinds a label may list.
KINDS = {"scraping", "credential_sharing", "brute_force"}


def generate_into(generate: Callable[..., dict], folder: Path, fmt: str, seed: int, n_staff: int,
                  log_name: str = "access.log") -> tuple[Path, Path, dict]:
    """One day of the app's log in ``folder``: ``(log, labels file, labels)``."""
    log, lab = folder / log_name, folder / "labels.json"
    labels = generate(log, lab, seed=seed, days=1, n_staff=n_staff, fmt=fmt)
    return log, lab, labels


def assert_regenerated_alike(generate: Callable[..., dict], generated: tuple, folder: Path, seed: int,
                             n_staff: int, log_name: str = "access.log") -> None:
    """The same arguments give the same bytes and the same labels (returned and written)."""
    fmt, log, lab, labels = generated
    log2, _lab2, labels2 = generate_into(generate, folder, fmt, seed, n_staff, log_name)
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
