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
from detector.units import LEVELS, Units, build_units, fit_order
from models.pipeline import DetectorModel, LevelScores


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
    data : Sessionised or None
        Requests and sessions (for reports and explanations); a partitioned
        scan keeps only the requests of alerted sessions.
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
    data: Sessionised | None
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
        fit_sample_size=settings.fit_sample_size,
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


def session_table(sessions: pd.DataFrame, scores: dict[str, LevelScores], features: pd.DataFrame) -> pd.DataFrame:
    """The ``sessions.csv`` rows: identity, timing, score, rules, then features.

    ``score`` is :func:`detector.alerts.session_scores`; the unsupervised
    ensemble's own percentile is kept as the ``anomaly_score`` column.
    """
    s = sessions
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


def detect(units: Units, settings: Settings, model: DetectorModel | None = None, dropped: dict | None = None) -> Analysis:
    """Fit (unless given), score and decide on a log's unit tables.

    Parameters
    ----------
    units : Units
        Output of :func:`detector.units.build_units` or
        :func:`detector.units.combine_units`.
    settings : Settings
        All settings.
    model : DetectorModel, optional
        A fitted model; when None one is fitted on these units (peers = this
        log), rows in :func:`detector.units.fit_order`.
    dropped : dict, optional
        Requests removed by path allowlists, per reason (for the summary).

    Returns
    -------
    Analysis
        ``data`` is ``units.data`` (None when the requests were not kept).
    """
    if model is None:
        model = new_model(settings).fit(fit_order(units.features, units.sessions))
    scores = model.score(units.features)
    if units.windows is not None:
        # windows are scored as sessions (same features, peers and rules); evidence counts for the parent
        scores["window"] = model.score({"session": units.windows})["session"]
    alerts, suppressed = decide(
        units.sessions, scores, model, settings.allowlists, settings.min_alert_score, units.window_parent
    )
    sessions = session_table(units.sessions, scores, units.features["session"])
    stats = {
        "sessions": int(len(units.sessions)),
        "windows_scored": int(len(units.window_parent)) if units.window_parent is not None else 0,
        "accounts": units.accounts,
        "requests_analysed": units.requests,
        "allowlisted_requests": dropped or {},
    }
    return Analysis(alerts, suppressed, sessions, units.data, scores, model, stats)


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
    units, dropped = records_units(records, settings, keep_data=True)
    return detect(units, settings, model, dropped)


def records_units(records: pd.DataFrame, settings: Settings, keep_data: bool = False) -> tuple[Units, dict[str, int]]:
    """The per-unit tables of a records frame held in memory.

    Returns
    -------
    units : Units
    dropped : dict of str to int
        Requests removed by path allowlists, per reason.
    """
    records, dropped = drop_allowlisted_paths(records, settings)
    enriched = enrich_records(records, settings.timezone)
    del records
    return build_units(enriched, settings.session_gap_minutes, feature_params(settings), keep_data=keep_data), dropped
