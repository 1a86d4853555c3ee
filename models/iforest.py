"""Isolation Forest on robustly scaled features."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.ensemble import IsolationForest

from .base import DetectorMixin, RobustFeatureScaler, validate_threshold_params

__all__ = ["IsolationForestDetector"]


class IsolationForestDetector(DetectorMixin, BaseEstimator):
    """Unsupervised detector wrapping :class:`sklearn.ensemble.IsolationForest`.

    Features are imputed (training medians), optionally log-transformed and
    scaled by :class:`~models.base.RobustFeatureScaler` before the forest.
    Scores follow PyOD's sign: higher = more anomalous.

    Parameters
    ----------
    n_estimators : int, default 200
        Number of trees.
    max_samples : int, float or "auto", default "auto"
        Rows drawn to build each tree (see scikit-learn).
    max_features : int or float, default 1.0
        Features drawn to build each tree.
    contamination : float, default 0.05
        Expected share of anomalies, used by ``threshold_method="contamination"``.
    threshold_method : {"contamination", "tail"}, default "contamination"
        How ``threshold_`` is chosen from the training scores, without labels
        (see :func:`~models.base.choose_threshold`).
    tail_k : float, default 3.0
        Width of the tail rule in robust standard deviations.
    random_state : int, RandomState or None, default 0
        Seed of the forest.
    log1p : bool, "auto" or sequence of str, default "auto"
        Log transform passed to the scaler.
    n_jobs : int or None, default None
        Parallel jobs of the forest.

    Attributes
    ----------
    feature_names_in_ : ndarray of str
        Columns seen in ``fit`` (frame input).
    n_features_in_ : int
    scaler_ : RobustFeatureScaler
    estimator_ : sklearn.ensemble.IsolationForest
    decision_scores_ : ndarray of shape (n_samples,)
        Training scores.
    threshold_ : float
        Rows with ``decision_function > threshold_`` are predicted 1.
    labels_ : ndarray of int
        Training labels.
    """

    def __init__(
        self,
        n_estimators: int = 200,
        max_samples: int | float | str = "auto",
        max_features: int | float = 1.0,
        contamination: float = 0.05,
        threshold_method: str = "contamination",
        tail_k: float = 3.0,
        random_state: int | np.random.RandomState | None = 0,
        log1p: bool | str | Sequence[str] = "auto",
        n_jobs: int | None = None,
    ):
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.contamination = contamination
        self.threshold_method = threshold_method
        self.tail_k = tail_k
        self.random_state = random_state
        self.log1p = log1p
        self.n_jobs = n_jobs

    def fit(self, X: pd.DataFrame | np.ndarray, y: Any = None) -> IsolationForestDetector:
        """Fit the scaler and the forest on ``X`` and choose ``threshold_``.

        Parameters
        ----------
        X : pandas.DataFrame of shape (n_samples, n_features)
            Numeric features; NaN / inf allowed.
        y : ignored

        Returns
        -------
        self
        """
        validate_threshold_params(self.threshold_method, self.contamination, self.tail_k)
        values = self._validate_fit(X)
        names = getattr(self, "feature_names_in_", None)
        frame = values if names is None else pd.DataFrame(values, columns=list(names))
        self.scaler_ = RobustFeatureScaler(log1p=self.log1p).fit(frame)
        z = self.scaler_.transform(frame)
        self.estimator_ = IsolationForest(
            n_estimators=self.n_estimators,
            max_samples=self.max_samples,
            max_features=self.max_features,
            contamination="auto",
            random_state=self.random_state,
            n_jobs=self.n_jobs,
        ).fit(z)
        self._set_threshold(-self.estimator_.score_samples(z))
        return self

    def decision_function(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Return anomaly scores, higher = more anomalous.

        Parameters
        ----------
        X : pandas.DataFrame
            Same columns as in ``fit`` (any order).

        Returns
        -------
        numpy.ndarray of float64, shape (n_samples,)
            ``-IsolationForest.score_samples``, in (0, 1].
        """
        values = self._validate(X)
        if values.shape[0] == 0:
            return np.empty(0)
        return -self.estimator_.score_samples(self.scaler_.transform(values))
