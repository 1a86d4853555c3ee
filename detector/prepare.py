"""What the reading pass needs from the settings, without the models: path allowlists and feature settings.

Kept apart from :mod:`detector.pipeline` so the reading pass (and the worker
processes it runs in) does not import scikit-learn and the models.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from detector.config import Settings
from detector.features import FeatureParams

__all__ = ["drop_allowlisted_paths", "feature_params"]


def feature_params(settings: Settings) -> FeatureParams:
    """The feature families' settings, taken from :class:`Settings`."""
    return FeatureParams(
        generic_account_patterns=tuple(settings.generic_account_patterns),
        service_account_patterns=tuple(settings.service_account_patterns),
        travel_max_minutes=settings.travel_max_minutes,
        window_minutes=settings.session_window_minutes,
    )


def drop_allowlisted_paths(records: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, dict[str, int]]:
    """Remove requests to allowlisted paths (e.g. a health endpoint).

    Returns
    -------
    records : pandas.DataFrame
        The remaining records.
    dropped : dict of str to int
        Requests removed per allowlist reason.
    """
    dropped: dict[str, int] = {}
    if not settings.allowlists.paths or records.empty:
        return records, dropped
    keep = np.ones(len(records), dtype=bool)
    for entry in settings.allowlists.paths:
        hit = records["path"].str.contains(entry.value, regex=True, flags=re.I, na=False).to_numpy() & keep
        if hit.any():
            dropped[f"path /{entry.value}/: {entry.reason}"] = int(hit.sum())
        keep &= ~hit
    return records.loc[keep], dropped
