"""The supervised layer: learning from analysts' verdicts (``detector train --labels``).

* :class:`SupervisedClassifier` -- gradient-boosted trees
  (scikit-learn's ``HistGradientBoostingClassifier``: fast, NaN-native) on a
  level's features, class-balanced, with probabilities calibrated by Platt
  scaling over stratified folds.  It follows the estimator contract of the
  other models: ``__init__`` stores parameters, ``fit(X, y)`` sets
  trailing-underscore attributes, ``decision_function(X)`` is the 0-1
  probability that a unit is abusive (higher = more likely) and never changes
  the model.
* :class:`SupervisedDetectorModel` -- a fitted :class:`~models.pipeline.DetectorModel`
  plus one classifier per level that has enough labels.  Its :meth:`score`
  has the same contract as ``DetectorModel.score`` so
  :func:`detector.pipeline.analyse` and the decider use it unchanged.

The blend
---------
At a level with a classifier, the classifier sees the level's features (with
``stack_anomaly_score=True`` also their peer ratios and the unsupervised
score, as in XGBOD), and the unit's ``anomaly_score`` becomes::

    anomaly_score = weight * supervised + (1 - weight) * unsupervised      (weight = 0.5)

so confirmed patterns rise, patterns judged benign sink, and a new kind of
abuse that no label describes still scores by its unsupervised rarity.  The
two inputs stay visible as ``unsupervised_score`` and ``supervised_score``.
A unit is ``anomalous`` when the blend exceeds the same blend of the two
thresholds (0.5 for the classifier, the ensemble's label-free threshold), and
rules are re-evaluated on the blended score and flag.  Levels without a
classifier keep the unsupervised score.

Threads
-------
The trees parallelise with OpenMP.  On a few thousand labelled units the
work between two synchronisation points is tiny, and on a busy machine every
synchronisation waits for a descheduled thread: one fit took 132 s instead of
3 s on a shared 2-core machine.  So fitting on fewer than
:data:`FIT_THREADS_MIN_ROWS` rows, and predicting fewer than
:data:`PREDICT_THREADS_MIN_ROWS`, runs on one OpenMP thread (a per-thread
setting: other threads of the process are unaffected); larger inputs keep
the default.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from models.base import check_features
from models.pipeline import DetectorModel, LevelScores

__all__ = [
    "FIT_THREADS_MIN_ROWS", "PREDICT_THREADS_MIN_ROWS", "NotEnoughLabels", "SupervisedClassifier", "SupervisedDetectorModel",
]

_BIG = 1e300
#: Fits on fewer rows use one OpenMP thread (the trees fit many small parallel regions per iteration).
FIT_THREADS_MIN_ROWS = 50_000
#: Predictions of fewer rows use one OpenMP thread (one parallel region per tree; threads pay off on large batches).
PREDICT_THREADS_MIN_ROWS = 10_000


def _openmp_threads(n_rows: int, min_rows: int) -> AbstractContextManager:
    """One OpenMP thread (in the calling thread) for fewer than ``min_rows`` rows, else the default."""
    if n_rows >= min_rows:
        return nullcontext()
    from threadpoolctl import threadpool_limits  # a dependency of scikit-learn

    return threadpool_limits(limits=1, user_api="openmp")


class NotEnoughLabels(ValueError):
    """Too few labelled units of one class to fit a classifier."""


def _finite(values: np.ndarray) -> np.ndarray:
    """Keep NaN (the trees route it), clip +/-inf to huge finite values."""
    return np.clip(values, -_BIG, _BIG)


class SupervisedClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated gradient-boosted trees: how likely a unit is abusive.

    Parameters
    ----------
    max_iter : int, default 200
        Boosting iterations.
    learning_rate : float, default 0.1
    max_depth : int or None, default None
    min_samples_leaf : int or "auto", default "auto"
        ``"auto"``: ``max(2, min(20, n_samples // 10))``, so that a few dozen
        labelled units can still be split.
    l2_regularization : float, default 0.0
    class_weight : "balanced" or None, default "balanced"
        Verdicts are usually far from balanced.
    calibration : {"auto", "sigmoid", "isotonic", "none"}, default "auto"
        Probability calibration over stratified folds (scikit-learn's
        ``CalibratedClassifierCV``).  ``"auto"``: sigmoid when the smaller
        class has at least 3 units, else the trees' own probabilities.
    cv : int, default 5
        Folds for calibration (capped by the smaller class's size).
    exclude : sequence of str, default ()
        Columns not used (e.g. time-of-day features of one data set).
    random_state : int, default 0

    Attributes
    ----------
    feature_names_in_ : ndarray of str
        Columns seen in ``fit`` (frame input).
    n_features_in_ : int
    features_used_ : list of str or list of int
        Columns the trees use (``feature_names_in_`` minus ``exclude``).
    classes_ : ndarray, ``[0, 1]``
    estimator_ : estimator
        The fitted (calibrated) classifier.
    calibration_ : str
        Calibration used.
    n_positives_, n_negatives_ : int
        Training labels per class.
    threshold_ : float
        0.5: ``predict`` is 1 where the probability exceeds it.
    """

    def __init__(
        self,
        max_iter: int = 200,
        learning_rate: float = 0.1,
        max_depth: int | None = None,
        min_samples_leaf: int | str = "auto",
        l2_regularization: float = 0.0,
        class_weight: str | None = "balanced",
        calibration: str = "auto",
        cv: int = 5,
        exclude: Sequence[str] = (),
        random_state: int = 0,
    ):
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.exclude = exclude
        self.random_state = random_state

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "estimator_")

    def _trees(self, n: int):
        from sklearn.ensemble import HistGradientBoostingClassifier

        leaf = self.min_samples_leaf
        if leaf == "auto":
            leaf = max(2, min(20, n // 10))
        elif not isinstance(leaf, (int, np.integer)) or leaf < 1:
            raise ValueError(f"min_samples_leaf must be a positive int or 'auto'; got {leaf!r}")
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_depth=self.max_depth,
            min_samples_leaf=int(leaf),
            l2_regularization=self.l2_regularization,
            class_weight=self.class_weight,
            early_stopping=False,
            random_state=self.random_state,
        )

    def _select(self, values: np.ndarray) -> np.ndarray:
        return _finite(values[:, self._used_idx_])

    def fit(self, X: pd.DataFrame | np.ndarray, y: Any) -> "SupervisedClassifier":
        """Fit on labelled units.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_features)
            Numeric features; NaN and inf allowed.
        y : array-like of shape (n_samples,)
            1 abusive, 0 not (bool or int).

        Returns
        -------
        SupervisedClassifier
        """
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.model_selection import StratifiedKFold

        if hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        values, names = check_features(X)
        target = np.asarray(y)
        if target.ndim != 1 or len(target) != len(values):
            raise ValueError(f"y must be 1-D with one label per row ({len(values)}); got shape {target.shape}")
        try:
            target = target.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError("y must be 0/1 labels") from None
        if not np.isin(target, (0.0, 1.0)).all():
            raise ValueError("y must be 0/1 labels (1 = abusive)")
        target = target.astype(np.int64)
        n_pos, n_neg = int(target.sum()), int(len(target) - target.sum())
        if n_pos < 1 or n_neg < 1:
            raise NotEnoughLabels(f"need both classes to fit; got {n_pos} positive and {n_neg} negative label(s)")
        if self.calibration not in ("auto", "sigmoid", "isotonic", "none"):
            raise ValueError(f"calibration must be 'auto', 'sigmoid', 'isotonic' or 'none'; got {self.calibration!r}")
        exclude = set(self.exclude or ())
        if names is not None:
            self.feature_names_in_ = np.asarray(names, dtype=object)
            used = [i for i, c in enumerate(names) if c not in exclude]
            self.features_used_ = [names[i] for i in used]
        else:
            used = list(range(values.shape[1]))
            self.features_used_ = used
        if not used:
            raise ValueError("no feature left to fit on after `exclude`")
        self.n_features_in_ = values.shape[1]
        self._used_idx_ = np.asarray(used, dtype=np.int64)
        Xs = self._select(values)
        smaller = min(n_pos, n_neg)
        method = self.calibration
        if method == "auto":
            method = "sigmoid" if smaller >= 3 else "none"
        trees = self._trees(len(target))
        if method != "none":
            folds = max(2, min(int(self.cv), smaller))
            cv = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            estimator = CalibratedClassifierCV(trees, method=method, cv=cv)
        else:
            estimator = trees
        with _openmp_threads(len(Xs), FIT_THREADS_MIN_ROWS):
            self.estimator_ = estimator.fit(Xs, target)
        self.calibration_ = method
        self.classes_ = np.array([0, 1])
        self.n_positives_, self.n_negatives_ = n_pos, n_neg
        self.threshold_ = 0.5
        return self

    def predict_proba(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Return ``[[P(not), P(abusive)], ...]``."""
        check_is_fitted(self)
        names = getattr(self, "feature_names_in_", None)
        values, _ = check_features(X, None if names is None else list(names), self.n_features_in_)
        if len(values) == 0:
            return np.zeros((0, 2))
        with _openmp_threads(len(values), PREDICT_THREADS_MIN_ROWS):
            proba = self.estimator_.predict_proba(self._select(values))
        return np.asarray(proba, dtype=np.float64)

    def decision_function(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Probability (0-1) that each unit is abusive; higher = more likely."""
        return self.predict_proba(X)[:, 1]

    def predict(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """1 where the probability exceeds ``threshold_``, else 0."""
        return (self.decision_function(X) > self.threshold_).astype(int)


class SupervisedDetectorModel(BaseEstimator):
    """A :class:`DetectorModel` plus classifiers learnt from verdicts.

    Scores like ``DetectorModel`` (same :meth:`score` contract, same
    ``peers_``/``rules_``/``ensembles_``/``feature_names_`` attributes), with
    each classified level's ``anomaly_score`` replaced by the blend described
    in the module docstring.

    Parameters
    ----------
    base : DetectorModel, optional
        Unfitted template of the unsupervised model (cloned and fitted in
        ``fit``); default ``DetectorModel()``.
    classifier : estimator, optional
        Template of each level's classifier; default :class:`SupervisedClassifier`.
    weight : float in [0, 1], default 0.5
        Weight of the supervised probability in the blend.
    levels : sequence of str, default ("session", "account_day")
        Levels that may get a classifier.
    min_per_class : int, default 2
        A level gets a classifier only with at least this many labelled
        units of each class.
    stack_anomaly_score : bool, default False
        Also give the classifier the unsupervised ``anomaly_score``, flag and
        peer ratios (XGBOD-style stacking).  Off by default: on CERTH it did
        not help (cross-validated AUC 0.980 vs 0.981 moderate, 0.956 vs 0.958
        advanced) and it doubles the inputs.
    prefit : bool, default False
        ``base`` is already fitted (label-free) on these features: use it as
        is instead of fitting a clone (e.g. across cross-validation folds).

    Attributes
    ----------
    base_ : DetectorModel
        The fitted unsupervised model.
    classifiers_ : dict of str to estimator
        Per level with enough labels.
    label_counts_ : dict of str to dict
        Per level, ``{"positives": n, "negatives": n}`` of the labels given.
    skipped_ : dict of str to str
        Levels without a classifier, and why.
    """

    def __init__(
        self,
        base: DetectorModel | None = None,
        classifier: BaseEstimator | None = None,
        weight: float = 0.5,
        levels: Sequence[str] = ("session", "account_day"),
        min_per_class: int = 2,
        stack_anomaly_score: bool = False,
        prefit: bool = False,
    ):
        self.base = base
        self.classifier = classifier
        self.weight = weight
        self.levels = levels
        self.min_per_class = min_per_class
        self.stack_anomaly_score = stack_anomaly_score
        self.prefit = prefit

    # --- the DetectorModel attributes the decider and the CLI read ---
    @property
    def peers_(self) -> dict:
        return self.base_.peers_

    @property
    def rules_(self) -> dict:
        return self.base_.rules_

    @property
    def ensembles_(self) -> dict:
        return self.base_.ensembles_

    @property
    def feature_names_(self) -> dict:
        return self.base_.feature_names_

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "classifiers_")

    def _inputs(self, scored: LevelScores, level: str, clf: BaseEstimator | None = None) -> pd.DataFrame:
        frame = scored.features
        names = getattr(clf, "feature_names_in_", None)
        if names is not None:  # exactly what the classifier was fitted on (a missing column raises, naming it)
            missing = [c for c in names if c not in frame.columns]
            if missing:
                raise ValueError(f"{level} classifier needs columns the model no longer produces: {', '.join(map(str, missing))}")
            return frame[list(names)]
        if self.stack_anomaly_score:
            cols = [c for c in frame.columns if c not in ("unsupervised_score", "supervised_score")]
        else:
            cols = list(self.base_.feature_names_[level])
        return frame[cols]

    def fit(self, features: dict[str, pd.DataFrame], y: dict[str, pd.Series] | None = None) -> "SupervisedDetectorModel":
        """Fit the unsupervised model on all units, then each level's classifier on its labelled units.

        Parameters
        ----------
        features : dict of str to pandas.DataFrame
            Feature frames keyed by level.
        y : dict of str to pandas.Series
            Per level, 0/1 targets indexed by (a subset of) that level's
            feature index (see :func:`detector.label_targets.resolve_labels`).

        Returns
        -------
        SupervisedDetectorModel

        Raises
        ------
        NotEnoughLabels
            No level has ``min_per_class`` labelled units of each class.
        """
        if not 0.0 <= float(self.weight) <= 1.0:
            raise ValueError(f"weight must be in [0, 1]; got {self.weight!r}")
        y = y or {}
        base = self.base if self.base is not None else DetectorModel()
        template = self.classifier if self.classifier is not None else SupervisedClassifier()
        if self.prefit:
            check_is_fitted(base, "rules_")
            self.base_ = base
        else:
            self.base_ = clone(base).fit(features)
        self.classifiers_: dict[str, BaseEstimator] = {}
        self.label_counts_: dict[str, dict[str, int]] = {}
        self.skipped_: dict[str, str] = {}
        for level in self.levels:
            target = y.get(level)
            frame = features.get(level)
            if target is None or frame is None or level not in self.base_.rules_:
                self.skipped_[level] = "no labels"
                continue
            target = target[target.index.isin(frame.index)]
            n_pos, n_neg = int((target == 1).sum()), int((target == 0).sum())
            self.label_counts_[level] = {"positives": n_pos, "negatives": n_neg}
            if min(n_pos, n_neg) < self.min_per_class:
                self.skipped_[level] = f"{n_pos} positive and {n_neg} negative label(s); need {self.min_per_class} of each"
                continue
            scored = self.base_.score({level: frame.loc[target.index]})[level]
            X = self._inputs(scored, level)
            self.classifiers_[level] = clone(template).fit(X, target.to_numpy())
        if not self.classifiers_:
            detail = "; ".join(f"{lvl}: {why}" for lvl, why in self.skipped_.items())
            raise NotEnoughLabels(
                f"no level has at least {self.min_per_class} abusive and {self.min_per_class} "
                f"not-abusive labelled units in these logs ({detail})"
            )
        return self

    def score(self, features: dict[str, pd.DataFrame]) -> dict[str, LevelScores]:
        """Score units of every level, blending in the classifiers; never changes the model.

        Returns
        -------
        dict of str to LevelScores
            As :meth:`DetectorModel.score`; at classified levels
            ``features`` also holds ``unsupervised_score`` and
            ``supervised_score``, ``anomaly_score`` is the blend, ``anomalous``
            (array, and the column when the base model has one) is the blend
            above :meth:`blended_threshold`, and rules are re-evaluated on both.
        """
        check_is_fitted(self)
        scored = self.base_.score(features)
        w = float(self.weight)
        for level, clf in self.classifiers_.items():
            if level not in scored:
                continue
            ls = scored[level]
            unsupervised = ls.features["anomaly_score"].to_numpy(dtype=np.float64)
            if len(ls.features):
                supervised = np.asarray(clf.decision_function(self._inputs(ls, level, clf)), dtype=np.float64)
            else:
                supervised = np.zeros(0)
            blended = w * supervised + (1.0 - w) * unsupervised
            flagged = blended > self.blended_threshold(level, clf)
            frame = ls.features.assign(
                anomaly_score=blended, unsupervised_score=unsupervised, supervised_score=supervised
            )
            if "anomalous" in frame.columns:  # the rules' 0/1 view of the threshold
                frame["anomalous"] = flagged.astype(np.float64)
            ruleset = self.base_.rules_[level]
            hits = ruleset.reasons(frame[list(ruleset.feature_names_in_)]) if len(frame) else []
            scored[level] = LevelScores(
                features=frame,
                percentiles=ls.percentiles,
                anomalous=flagged,
                rule_hits=hits,
            )
        return scored

    def blended_threshold(self, level: str, clf: BaseEstimator | None = None) -> float:
        """The blend of the two thresholds: ``weight * 0.5 + (1 - weight) * ensemble threshold``.

        A unit is ``anomalous`` when its blended score is above it, so a unit
        at both thresholds sits exactly on it; a pattern the verdicts call
        benign can fall below it, one they confirm can rise above it.
        """
        clf = clf if clf is not None else self.classifiers_[level]
        ensemble = self.base_.ensembles_.get(level)
        unsupervised = float(ensemble.threshold_) if ensemble is not None else 1.0
        w = float(self.weight)
        return w * float(getattr(clf, "threshold_", 0.5)) + (1.0 - w) * unsupervised

    def decision_function(self, features: dict[str, pd.DataFrame]) -> dict[str, np.ndarray]:
        """Per level, each unit's 0-1 score: the higher of rule severity and (blended) anomaly score."""
        scored = self.score(features)
        out = {}
        for level, s in scored.items():
            ruleset = self.rules_[level]
            rules = ruleset.decision_function(s.features[list(ruleset.feature_names_in_)])
            out[level] = np.maximum(s.features["anomaly_score"].to_numpy(), rules)
        return out

    def describe(self) -> dict:
        """A JSON-ready description of the supervised layer (for model metadata)."""
        check_is_fitted(self)
        return {
            "blend": f"anomaly_score = {self.weight:g} * supervised + {1 - float(self.weight):g} * unsupervised",
            "levels": {
                level: {
                    **self.label_counts_.get(level, {}),
                    "classifier": type(clf).__name__,
                    "calibration": getattr(clf, "calibration_", None),
                    "features": len(getattr(clf, "features_used_", []) or []),
                }
                for level, clf in self.classifiers_.items()
            },
            "skipped": dict(self.skipped_),
        }
