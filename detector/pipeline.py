"""From records to alerts: the one code path the CLI and the service share.

``records → enrich → sessions → features (3 levels) → model scores → alerts``.
:func:`analyse` does it all on a records frame; :func:`fit_model` fits the
scoring model on baseline records (what ``detector train`` saves).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detector.alerts import Alert, decide, session_scores
from detector.config import Settings
from detector.enrich import enrich_records
from detector.features import FeatureParams, compute_features
from detector.features.directions import DIRECTIONS
from detector.sessions import Sessionised, sessionise
from detector.windows import window_split
from models.pipeline import DetectorModel, LevelScores

LEVELS = ("session", "account_day", "source_day")


@dataclass
class Analysis:
    """Everything one analysis produced.

    Attributes
    ----------
    alerts : list of Alert
        Alerts, most certain first.
    suppressed : list of dict
        Alerts removed by an allowlist, with the entry's reason.
    sessions : pandas.DataFrame
        One row per session: identity, timing, ``score``, ``rules`` and the
        session features (the ``sessions.csv`` contract).
    data : Sessionised
        Requests and sessions (for reports and explanations).
    scores : dict of str to LevelScores
        Per-level model output; ``window`` holds the windows of long sessions
        scored as sessions.
    model : DetectorModel
        The model that scored (fitted here when none was given).
    stats : dict
        Counts for the summary.
    """

    alerts: list[Alert]
    suppressed: list[dict]
    sessions: pd.DataFrame
    data: Sessionised
    scores: dict[str, LevelScores]
    model: DetectorModel
    stats: dict = field(default_factory=dict)


def feature_params(settings: Settings) -> FeatureParams:
    """The feature families' settings, taken from :class:`Settings`."""
    return FeatureParams(
        generic_account_patterns=tuple(settings.generic_account_patterns),
        travel_max_minutes=settings.travel_max_minutes,
        window_minutes=settings.session_window_minutes,
    )


def new_model(settings: Settings) -> DetectorModel:
    """An unfitted :class:`DetectorModel` configured from ``settings``."""
    return DetectorModel(
        rules_source=str(settings.rules_file) if settings.rules_file else None,
        pyod_detector=settings.pyod_detector,
        contamination=settings.contamination,
        threshold_method=settings.threshold_method,
        tail_k=settings.tail_k,
        random_state=settings.random_state,
        directions=DIRECTIONS,
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


def build_features(records: pd.DataFrame, settings: Settings) -> tuple[Sessionised, dict[str, pd.DataFrame]]:
    """Enrich, sessionise and compute the features of every level.

    Parameters
    ----------
    records : pandas.DataFrame
        A records frame (see :mod:`detector.schema`).
    settings : Settings
        Session gap, time zone and feature settings.

    Returns
    -------
    data : Sessionised
    features : dict of str to pandas.DataFrame
        Keyed by level.
    """
    enriched = enrich_records(records, settings.timezone)
    data = sessionise(enriched, settings.session_gap_minutes)
    params = feature_params(settings)
    return data, {level: compute_features(data, level, params) for level in LEVELS}


def window_features(data: Sessionised, settings: Settings) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Session features of every window of the sessions longer than a window.

    Returns
    -------
    (pandas.DataFrame, numpy.ndarray) or None
        Features per window and each window's parent ``session_idx``; None
        when no session outlasts a window.
    """
    split = window_split(data, settings.session_window_minutes)
    if split is None:
        return None
    windows, parent = split
    return compute_features(windows, "session", feature_params(settings)), parent


def fit_model(records: pd.DataFrame, settings: Settings) -> DetectorModel:
    """Fit a scoring model on baseline records."""
    records, _ = drop_allowlisted_paths(records, settings)
    _, features = build_features(records, settings)
    return new_model(settings).fit(features)


def session_table(data: Sessionised, scores: dict[str, LevelScores], features: pd.DataFrame) -> pd.DataFrame:
    """The ``sessions.csv`` rows: identity, timing, score, rules, then features.

    ``score`` is :func:`detector.alerts.session_scores`; the unsupervised
    ensemble's own percentile is kept as the ``anomaly_score`` column.
    """
    s = data.sessions
    scored = scores.get("session")
    score = session_scores(scored) if scored is not None else np.zeros(len(s))
    rules = [";".join(h[0] for h in hits) for hits in scored.rule_hits] if scored is not None and scored.rule_hits else [""] * len(s)
    head = pd.DataFrame(
        {
            "session_id": s["session_id"].to_numpy(),
            "user": s["user"].astype(object).where(s["user"].notna(), None).to_numpy(),
            "client_ip": s["client_ip"].astype(object).to_numpy(),
            "user_agent": s["user_agent"].astype(object).to_numpy(),
            "app_session": s["app_session"].astype(object).fillna("").to_numpy(),
            "first_seen": s["first_seen"].dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_numpy(),
            "last_seen": s["last_seen"].dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_numpy(),
            "requests": s["requests"].to_numpy(),
            "score": np.round(score, 4),
            "anomaly_score": np.round(scored.features["anomaly_score"].to_numpy(), 4) if scored is not None else np.zeros(len(s)),
            "rules": rules,
        },
        index=s.index,
    )
    extra = features.reindex(s.index).drop(columns=[c for c in head.columns if c in features.columns])
    return pd.concat([head, extra], axis=1)


def analyse(records: pd.DataFrame, settings: Settings, model: DetectorModel | None = None) -> Analysis:
    """Find scraping, credential sharing and brute force in a records frame.

    Parameters
    ----------
    records : pandas.DataFrame
        A records frame (see :mod:`detector.schema`).
    settings : Settings
        All settings.
    model : DetectorModel, optional
        A fitted model (e.g. loaded from ``detector train``'s file); when
        None, one is fitted on these records themselves (peers = this log).

    Returns
    -------
    Analysis
    """
    records, dropped = drop_allowlisted_paths(records, settings)
    data, features = build_features(records, settings)
    if model is None:
        model = new_model(settings).fit(features)
    scores = model.score(features)
    windows = window_features(data, settings)
    window_parent = None
    if windows is not None:
        # windows are scored as sessions (same features, peers and rules); evidence counts for the parent
        scores["window"] = model.score({"session": windows[0]})["session"]
        window_parent = windows[1]
    alerts, suppressed = decide(data, scores, model, settings.allowlists, settings.min_alert_score, window_parent)
    sessions = session_table(data, scores, features["session"])
    stats = {
        "sessions": int(len(data.sessions)),
        "windows_scored": int(len(windows[1])) if windows is not None else 0,
        "accounts": int(data.requests["user"].nunique()) if len(data.requests) else 0,
        "requests_analysed": int(len(data.requests)),
        "allowlisted_requests": dropped,
    }
    return Analysis(alerts, suppressed, sessions, data, scores, model, stats)
