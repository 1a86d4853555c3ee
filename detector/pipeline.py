"""From records to alerts: the one code path the CLI and the service share.

``records → enrich → sessions → features (3 levels) → model scores → alerts``.
:func:`analyse` does it all on a records frame; :func:`fit_model` fits the
scoring model on baseline records (what ``detector train`` saves).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detector.alerts import Alert, decide, session_scores
from detector.config import Settings
from detector.enrich import enrich_records
from detector.features import compute_features
from detector.features.directions import DIRECTIONS
from detector.prepare import drop_allowlisted_paths, feature_params
from detector.runners import usable_cores
from detector.schema import iso_seconds
from detector.sessions import Sessionised, sessionise
from detector.units import LEVELS, Units, build_units, fit_order, with_whole_log_features
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
        scan keeps only the requests of alerted sessions, and of their
        columns only those the evidence reads
        (:data:`detector.evidence_tables.REQUEST_COLUMNS`).
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
        n_jobs=usable_cores(),  # levels fitted on threads: the same model, sooner
    )


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
    features = {level: compute_features(data, level, params) for level in LEVELS}
    return data, with_whole_log_features(Units(data.sessions, features)).features


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
            "first_seen": iso_seconds(s["first_seen"]),
            "last_seen": iso_seconds(s["last_seen"]),
            "requests": s["requests"].to_numpy(),
            "score": np.round(score, 4),
            "anomaly_score": np.round(scored.features["anomaly_score"].to_numpy(), 4) if scored is not None else np.zeros(len(s)),
            "rules": rules,
        },
        index=s.index,
    )
    extra = features.reindex(s.index).drop(columns=[c for c in head.columns if c in features.columns])
    return pd.concat([head, extra], axis=1)


#: A level with fewer units than this is scored in one piece by a Dask cluster (one slice per worker above).
PARALLEL_SCORE_MIN_UNITS = 50_000
#: Units per slice when scoring on threads of this process (a level is cut into at most one slice per thread).
THREAD_SLICE_MIN_UNITS = 10_000


def _score_share(model: DetectorModel, pieces: list[tuple[str, pd.DataFrame]]) -> list[LevelScores]:
    """Score one worker's share: ``(level, frame)`` pieces, in order (the model travels once per share)."""
    return [model.score({level: frame})[level] for level, frame in pieces]


def _slices(frame: pd.DataFrame, k: int) -> list[pd.DataFrame]:
    """``frame`` cut into ``k`` contiguous slices of nearly equal length."""
    bounds = np.linspace(0, len(frame), k + 1).astype(int)
    return [frame.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def score_units(model: DetectorModel, units: Units, runner: object | None = None,
                min_units: int | None = None, threads: int | None = None) -> dict[str, LevelScores]:
    """Score every level of ``units`` (and the windows of long sessions, as sessions).

    Levels are cut into contiguous slices scored in parallel: on a runner
    whose ``slices_scoring`` says so (a Dask cluster), one slice of every
    large level per worker (the model is sent once per worker); otherwise
    on ``threads`` threads of this process, which share the model (the
    trees of the isolation forests and numpy's sorts and searches run
    without the GIL, so two threads score about twice as fast on two
    cores).  Every model scores a row from the row and the fitted model
    alone, and never changes the model, so the result is the same as
    scoring in one piece.

    Parameters
    ----------
    model : DetectorModel
        A fitted model.
    units : Units
        The unit tables.
    runner : LocalRunner, ProcessRunner or DaskRunner, optional
        Where slices are scored when it scores slices; None scores here.
    min_units : int, optional
        On a runner, levels with fewer units are scored whole, by the first
        worker (default :data:`PARALLEL_SCORE_MIN_UNITS`); on threads, the
        fewest units per slice (default :data:`THREAD_SLICE_MIN_UNITS`).
    threads : int, optional
        Threads to score on here (default: one per usable core).

    Returns
    -------
    dict of str to LevelScores
        Keyed by level; ``window`` holds the windows.
    """
    frames = [(level, level, frame) for level, frame in units.features.items() if level in model.rules_]
    if units.windows is not None:
        # windows are scored as sessions (same features, peers and rules); evidence counts for the parent
        frames.append(("window", "session", units.windows))
    if runner is not None and runner.slices_scoring and runner.workers > 1:
        return _score_on_workers(model, frames, runner, PARALLEL_SCORE_MIN_UNITS if min_units is None else min_units)
    threads = max(1, usable_cores() if threads is None else threads)
    min_units = THREAD_SLICE_MIN_UNITS if min_units is None else max(1, min_units)
    jobs = [(key, level, piece) for key, level, frame in frames
            for piece in _slices(frame, max(1, min(threads, len(frame) // min_units)))]
    if threads == 1 or len(jobs) == len(frames) == 1:
        parts = [model.score({level: piece})[level] for _, level, piece in jobs]
    else:
        with ThreadPoolExecutor(threads, thread_name_prefix="score") as pool:
            parts = list(pool.map(lambda job: model.score({job[1]: job[2]})[job[1]], jobs))
    out: dict[str, list[LevelScores]] = {}
    for (key, _, _), part in zip(jobs, parts):  # jobs in slice order, so each level's slices stay in order
        out.setdefault(key, []).append(part)
    return {key: concat_scores(out[key]) for key, _, _ in frames}


def _score_on_workers(model: DetectorModel, frames: list[tuple[str, str, pd.DataFrame]], runner: object,
                      min_units: int) -> dict[str, LevelScores]:
    """:func:`score_units` on a runner's workers: one share per worker, one slice of every large level each."""
    workers = runner.workers
    shares: list[list[tuple[str, str, pd.DataFrame]]] = [[] for _ in range(workers)]
    for key, level, frame in frames:
        for share, piece in zip(shares, _slices(frame, workers if len(frame) >= min_units else 1)):
            share.append((key, level, piece))
    shares = [share for share in shares if share]
    pieces = [[(level, frame) for _, level, frame in share] for share in shares]
    if len(shares) == 1:  # nothing cut: score here
        parts = [_score_share(model, pieces[0])]
    else:
        parts = runner.map(_score_share, [model] * len(shares), pieces)
    out: dict[str, list[LevelScores]] = {}
    for share, scored in zip(shares, parts):  # shares in slice order, so each level's slices stay in order
        for (key, _, _), part in zip(share, scored):
            out.setdefault(key, []).append(part)
    return {key: concat_scores(out[key]) for key, _, _ in frames}


def concat_scores(parts: list[LevelScores]) -> LevelScores:
    """One :class:`LevelScores` from the scores of consecutive slices of a level."""
    if len(parts) == 1:
        return parts[0]
    return LevelScores(
        features=pd.concat([p.features for p in parts]),
        percentiles=pd.concat([p.percentiles for p in parts]),
        anomalous=np.concatenate([p.anomalous for p in parts]),
        rule_hits=[hit for p in parts for hit in p.rule_hits],
    )


def detect(units: Units, settings: Settings, model: DetectorModel | None = None, dropped: dict | None = None,
           runner: object | None = None) -> Analysis:
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
    runner : LocalRunner, ProcessRunner or DaskRunner, optional
        Where large levels are scored in slices (see :func:`score_units`).

    Returns
    -------
    Analysis
        ``data`` is ``units.data`` (None when the requests were not kept).
    """
    units = with_whole_log_features(units)
    if model is None:
        model = new_model(settings).fit(fit_order(units.features, units.sessions))
    scores = score_units(model, units, runner)
    alerts, suppressed = decide(
        units.sessions, scores, model, settings.allowlists, settings.min_alert_score, units.window_parent,
        service_accounts=settings.service_account_patterns,
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
    units = build_units(enriched, settings.session_gap_minutes, feature_params(settings), keep_data=keep_data)
    return with_whole_log_features(units), dropped
