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
