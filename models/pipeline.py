"""The whole scoring model: per level, a peer baseline, an unsupervised
ensemble and a rule set.

:class:`DetectorModel` is fitted on feature frames (one per level: session,
account-day, source-day) and scores new ones.  It only emits scores and rule
matches; turning them into alerts is :mod:`detector.alerts`' job.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from models.peers import PeerBaseline

#: Features compared with peers, per level; the rules read ``<name>_vs_peers``.
PEER_FEATURES: dict[str, list[str]] = {
    "session": ["distinct_entities", "peak_window_entities", "downloads", "distinct_downloads", "distinct_urls", "pages", "requests_per_min",
                "peak_page_bytes", "distinct_unnamed_answers"],
    "account_day": ["ad_distinct_entities", "ad_distinct_networks", "ad_computer_networks", "ad_downloads", "ad_requests"],
    "source_day": ["src_requests", "src_login_failures", "src_login_attempts", "src_pages", "src_distinct_pages", "src_anon_user_agents"],
}
#: Levels that get an unsupervised ensemble (source-day is rules only).
ENSEMBLE_LEVELS = ("session", "account_day")
#: Fewer units than this at a level and the ensemble is not fitted (scores are 0).
MIN_UNITS_FOR_ENSEMBLE = 20
#: Features kept out of the ensemble: scale rather than behaviour, or (``ad_computer_networks``,
#: ``login_retries``) restatements of other features for the rules.
NOT_FOR_ENSEMBLE = {"authenticated", "generic_account", "service_account", "src_authorized", "ad_browser_share", "ad_unlogged_ua_share", "ad_computer_networks", "login_retries",
                    "nonstop_new_pages", "nonstop_new_seconds", "peak_page_bytes", "client_accounts_in_turn",
                    "log_referer_share", "log_past_sign_in_share", "failed_sign_in_sources_hour", "failed_sign_in_sources_hour_vs_log",
                    "failed_sign_in_hours_address", "failed_sign_in_sources_log", "failed_sign_in_sources_log_share",
                    "client_visiting_accounts", "client_visiting_share", "distinct_unnamed_answers",
                    "ad_two_computers_minutes", "ad_two_places_minutes", "login_not_redirected", "login_unanswered", "non_sign_in_requests", "ad_sign_ins_nowhere",
                    "ad_sign_in_addresses_nowhere",
                    "ad_other_computer_minutes", "client_accounts_at_once", "ad_requests_past_sign_in"}
#: Units of a level the ensemble is fitted on, at most (a sample beyond that).
DEFAULT_FIT_SAMPLE_SIZE = 20_000


def fit_sample(frame: pd.DataFrame, size: int | None, random_state: int = 0) -> pd.DataFrame:
    """At most ``size`` rows of ``frame``, drawn uniformly without replacement.

    Parameters
    ----------
    frame : pandas.DataFrame
        Units of one level, in a canonical order (the sample depends on it).
    size : int or None
        The most rows to keep; None keeps all.
    random_state : int, default 0
        Seed of the draw.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when it has at most ``size`` rows, else the sampled
        rows in their original order.
    """
    if size is None or len(frame) <= size:
        return frame
    keep = np.random.default_rng(random_state).choice(len(frame), size=size, replace=False)
    return frame.iloc[np.sort(keep)]


def _augmented(frame: pd.DataFrame, peers: PeerBaseline, ensemble: object | None, level: str,
               score: np.ndarray | None = None) -> pd.DataFrame:
    """``frame`` plus peer ratios, ``anomaly_score`` and ``anomalous``.

    ``score`` is the ensemble's score of ``frame`` when already known
    (its training scores); otherwise ``frame`` is scored here.
    """
    peer_cols = [c for c in PEER_FEATURES.get(level, []) if c in frame.columns]
    ratios = peers.ratios(frame, peer_cols)
    if score is not None:
        score = np.asarray(score, dtype=np.float64)
    elif ensemble is not None and len(frame):
        cols = [c for c in frame.columns if c not in NOT_FOR_ENSEMBLE]
        score = np.asarray(ensemble.decision_function(frame[cols]), dtype=np.float64)
    else:
        score = np.zeros(len(frame))
    # the ensemble's label-free threshold (tail rule or contamination, from the settings) as a 0/1 feature
    flagged = (score > float(ensemble.threshold_)).astype(np.float64) if ensemble is not None else np.zeros(len(frame))
    extra = pd.DataFrame({"anomaly_score": score, "anomalous": flagged}, index=frame.index)
    return pd.concat([frame, ratios, extra], axis=1)


@dataclass
class LevelScores:
    """What the model says about the units of one level.

    Attributes
    ----------
    features : pandas.DataFrame
        The input features plus ``<name>_vs_peers`` ratios, ``anomaly_score``
        (0-1, higher = more unusual) and ``anomalous`` (1 above the ensemble's
        label-free threshold).
    percentiles : pandas.DataFrame
        Each input feature's percentile among active peers (0-100).
    anomalous : numpy.ndarray
        Whether the ensemble flags the unit by its label-free threshold.
    rule_hits : list of list of tuple
        Per unit, ``(rule_id, kind, severity, reason)`` for every rule matched.
    """

    features: pd.DataFrame
    percentiles: pd.DataFrame
    anomalous: np.ndarray
    rule_hits: list[list[tuple[str, str, str, str]]] = field(default_factory=list)


class DetectorModel(BaseEstimator):
    """Peer baselines, unsupervised ensembles and rules for every level.

    Parameters
    ----------
    rules_source : str or None
        Rule file path or YAML text; None uses the packaged default rules.
    pyod_detector : str, default "ECOD"
        PyOD detector combined with the isolation forest.
    contamination : float, default 0.02
        Expected share of anomalous units (threshold by contamination).
    threshold_method : {"contamination", "tail"}, default "tail"
        How the ensemble's threshold is chosen without labels.
    tail_k : float, default 4.0
        MADs above the median for the tail rule.
    random_state : int, default 0
        Seed for the isolation forest and samples.
    directions : dict, optional
        Per level, ``{feature: +1 | -1}``: the direction automation pushes a
        feature.  When given, the ensemble scores only deviations that way
        (see :mod:`models.directional`); otherwise it is two-sided.
    fit_sample_size : int or None, default 20_000
        At most this many units of a level fit its ensemble and rules: a
        uniform sample without replacement, drawn with ``random_state`` from
        the rows in the order given (see :func:`fit_sample`).  Peer
        baselines always see every unit.  None fits on all units.
    n_jobs : int or None, default None
        Threads that fit the levels at once (None: one).  The levels are
        independent and the forests' trees and numpy's sorts run without
        the GIL, so the fitted model is the same for any value.

    Attributes
    ----------
    peers_ : dict of str to PeerBaseline
        Per level, fitted on every unit.
    ensembles_ : dict of str to ScoreEnsemble
        Per ensemble level with at least :data:`MIN_UNITS_FOR_ENSEMBLE` units.
    rules_ : dict of str to RuleSet
        Per level.
    feature_names_ : dict of str to list of str
        Per level, the columns seen in ``fit``.
    fit_units_ : dict of str to int
        Per level, units the ensemble and rules were fitted on.
    """

    #: Models saved before the parameter existed were fitted on every unit.
    fit_sample_size: int | None = None
    #: Models saved before the parameter existed were fitted one level at a time.
    n_jobs: int | None = None

    def __init__(
        self,
        rules_source: str | None = None,
        pyod_detector: str = "ECOD",
        contamination: float = 0.02,
        threshold_method: str = "tail",
        tail_k: float = 4.0,
        random_state: int = 0,
        directions: dict[str, dict[str, int]] | None = None,
        fit_sample_size: int | None = DEFAULT_FIT_SAMPLE_SIZE,
        n_jobs: int | None = None,
    ):
        self.rules_source = rules_source
        self.pyod_detector = pyod_detector
        self.contamination = contamination
        self.threshold_method = threshold_method
        self.tail_k = tail_k
        self.random_state = random_state
        self.directions = directions
        self.fit_sample_size = fit_sample_size
        self.n_jobs = n_jobs

    def _ensemble(self, level: str, columns: list[str]):
        from models.directional import Directional, DirectionalTailDetector
        from models.ensemble import ScoreEnsemble
        from models.iforest import IsolationForestDetector
        from models.pyod_detector import PyODDetector

        iforest = IsolationForestDetector(contamination=self.contamination, random_state=self.random_state)
        pyod = PyODDetector(name=self.pyod_detector, contamination=self.contamination)
        directions = {k: v for k, v in (self.directions or {}).get(level, {}).items() if k in columns}
        if directions:
            # only deviations in the direction automation pushes count (see models.directional)
            members = [
                ("iforest", Directional(iforest, directions)),
                (self.pyod_detector.lower(), Directional(pyod, directions)),
                ("directional_tail", DirectionalTailDetector(directions, contamination=self.contamination)),
            ]
        else:
            members = [("iforest", iforest), (self.pyod_detector.lower(), pyod)]
        return ScoreEnsemble(
            detectors=members, contamination=self.contamination, threshold_method=self.threshold_method, tail_k=self.tail_k
        )

    def _rule_text(self) -> str:
        from pathlib import Path

        from models.rules import default_rules_path

        if self.rules_source is None:
            return Path(default_rules_path()).read_text(encoding="utf-8")
        candidate = Path(self.rules_source)
        if "\n" not in self.rules_source and candidate.exists():
            return candidate.read_text(encoding="utf-8")
        return self.rules_source

    def fit(self, features: dict[str, pd.DataFrame], y: object = None) -> "DetectorModel":
        """Fit every level's baseline, ensemble and rules.

        Parameters
        ----------
        features : dict of str to pandas.DataFrame
            Feature frames keyed by level.
        y : ignored

        Returns
        -------
        DetectorModel
            Fitted model.
        """
        from models.rules import RuleSet, parse_rules

        size = self.fit_sample_size
        whole = isinstance(size, (int, np.integer)) and not isinstance(size, bool)
        if size is not None and not (whole and size >= MIN_UNITS_FOR_ENSEMBLE):
            raise ValueError(f"fit_sample_size must be None or an integer >= {MIN_UNITS_FOR_ENSEMBLE}; got {size!r}")
        if self.n_jobs is not None and not (isinstance(self.n_jobs, (int, np.integer)) and self.n_jobs >= 1):
            raise ValueError(f"n_jobs must be None or a positive integer; got {self.n_jobs!r}")
        rules = parse_rules(self._rule_text())  # parsed once, checked per level below
        levels = list(features.items())
        jobs = min(int(self.n_jobs or 1), len(levels))
        if jobs > 1:
            with ThreadPoolExecutor(jobs, thread_name_prefix="fit") as pool:
                fitted = list(pool.map(lambda item: self._fit_level(item[0], item[1], rules), levels))
        else:
            fitted = [self._fit_level(level, frame, rules) for level, frame in levels]
        self.peers_: dict[str, PeerBaseline] = {}
        self.ensembles_: dict[str, object] = {}
        self.rules_: dict[str, RuleSet] = {}
        self.feature_names_: dict[str, list[str]] = {}
        self.fit_units_: dict[str, int] = {}
        for (level, frame), (peers, ensemble, ruleset, units) in zip(levels, fitted):
            self.feature_names_[level] = list(frame.columns)
            self.peers_[level] = peers
            if ensemble is not None:
                self.ensembles_[level] = ensemble
            self.rules_[level] = ruleset
            self.fit_units_[level] = units
        return self

    def _fit_level(self, level: str, frame: pd.DataFrame, rules: list) -> tuple[PeerBaseline, object | None, object, int]:
        """One level's peer baseline, ensemble (None when it has none), rule set and fitted units; sets nothing."""
        from models.rules import RuleSet, load_rules

        peers = PeerBaseline(random_state=self.random_state).fit(frame)
        sample = fit_sample(frame, self.fit_sample_size, self.random_state)
        ensemble, train_scores = None, None
        if level in ENSEMBLE_LEVELS and len(sample) >= MIN_UNITS_FOR_ENSEMBLE:
            cols = [c for c in sample.columns if c not in NOT_FOR_ENSEMBLE]
            ensemble = self._ensemble(level, cols).fit(sample[cols])
            train_scores = ensemble.decision_scores_
        # the rules are fitted on the ensemble's own training scores: the training rows are never scored twice
        augmented = _augmented(sample, peers, ensemble, level, train_scores)
        ruleset = load_rules(rules, known_features={level: set(augmented.columns)})
        return peers, ensemble, RuleSet(rules=ruleset.rules, level=level).fit(augmented), len(sample)

    def _augment(self, level: str, frame: pd.DataFrame, score: np.ndarray | None = None) -> pd.DataFrame:
        """``frame`` plus peer ratios, ``anomaly_score`` and ``anomalous`` (see :func:`_augmented`)."""
        return _augmented(frame, self.peers_[level], self.ensembles_.get(level), level, score)

    def score(self, features: dict[str, pd.DataFrame]) -> dict[str, LevelScores]:
        """Score units of every level; never changes the model.

        Parameters
        ----------
        features : dict of str to pandas.DataFrame
            Feature frames keyed by level, with the training columns.

        Returns
        -------
        dict of str to LevelScores
        """
        check_is_fitted(self, "rules_")
        out: dict[str, LevelScores] = {}
        for level, frame in features.items():
            if level not in self.rules_:
                continue
            expected = self.feature_names_[level]
            missing = [c for c in expected if c not in frame.columns]
            if missing:
                raise ValueError(f"{level} features missing: {', '.join(missing)}")
            frame = frame[expected]
            augmented = self._augment(level, frame)
            anomalous = augmented["anomalous"].to_numpy() > 0
            ruleset = self.rules_[level]
            hits = ruleset.reasons(augmented) if len(augmented) else []
            out[level] = LevelScores(
                features=augmented,
                percentiles=self.peers_[level].percentiles(frame),
                anomalous=anomalous,
                rule_hits=hits,
            )
        return out

    def decision_function(self, features: dict[str, pd.DataFrame]) -> dict[str, np.ndarray]:
        """Per level, each unit's 0-1 score: the higher of rule severity and anomaly score."""
        scored = self.score(features)
        return {
            level: np.maximum(s.features["anomaly_score"].to_numpy(), self.rules_[level].decision_function(s.features))
            for level, s in scored.items()
        }
