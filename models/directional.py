"""One-sided anomaly scoring: unusual *in the direction automation pushes*.

A plain outlier detector is two-sided: on a site where bots are common, the
rare humans look unusual.  Automation, though, moves behavioural features in
known directions (more regular pacing, lower timing entropy, fewer assets per
page, more records, no pauses).  Given those directions — domain knowledge,
declared once beside the features, never learnt from labels — two tools keep
only the deviations that point the automated way:

* :class:`DirectionalClipper` clips every directed feature at its training
  median on the human side, so any detector that follows sees only the
  automated side of each distribution;
* :class:`DirectionalTailDetector` scores each row by the one-sided tail
  probabilities of its features (ECOD's aggregation, one tail per feature).
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.utils.validation import check_is_fitted

from models.base import DetectorMixin
from models.feature_columns import check_same_columns


def _check_columns(X: pd.DataFrame, expected: np.ndarray) -> None:
    """Refuse anything but a frame with exactly the training columns (see :func:`check_same_columns`)."""
    if not isinstance(X, pd.DataFrame):
        raise TypeError("expected a DataFrame with named features")
    check_same_columns([str(c) for c in expected], [str(c) for c in X.columns])


def _direction_vector(columns: list[str], directions: Mapping[str, int] | None) -> np.ndarray:
    directions = directions or {}
    bad = {k: v for k, v in directions.items() if v not in (-1, 0, 1)}
    if bad:
        raise ValueError(f"directions must be -1, 0 or +1; got {bad}")
    return np.array([int(directions.get(c, 0)) for c in columns], dtype=np.int8)


class DirectionalClipper(TransformerMixin, BaseEstimator):
    """Clip directed features at the training median on the human side.

    Parameters
    ----------
    directions : mapping of str to int, optional
        +1 where automation raises the feature, -1 where it lowers it, 0 (or
        absent) for two-sided features.
    drop_undirected : bool, default True
        Drop features without a direction from the output.
    """

    def __init__(self, directions: Mapping[str, int] | None = None, drop_undirected: bool = True):
        self.directions = directions
        self.drop_undirected = drop_undirected

    def fit(self, X: pd.DataFrame, y: Any = None) -> "DirectionalClipper":
        """Learn the medians of the directed features."""
        if not isinstance(X, pd.DataFrame):
            raise TypeError("DirectionalClipper needs a DataFrame with named features")
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        self.direction_ = _direction_vector(list(X.columns), self.directions)
        values = X.to_numpy(dtype=np.float64)
        finite = np.where(np.isfinite(values), values, np.nan)
        all_nan = np.isnan(finite).all(axis=0)  # a feature never measured in this log: median 0, and no warning
        with np.errstate(all="ignore"):
            med = np.nanmedian(np.where(all_nan, 0.0, finite), axis=0) if len(values) else np.zeros(values.shape[1])
        self.median_ = np.nan_to_num(med, nan=0.0)
        keep = self.direction_ != 0 if self.drop_undirected else np.ones(self.n_features_in_, dtype=bool)
        if not keep.any():
            raise ValueError("no feature has a direction: nothing to score")
        self.keep_ = keep
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        """Clip on the human side and keep the directed features."""
        check_is_fitted(self, "median_")
        _check_columns(X, self.feature_names_in_)
        values = X[list(self.feature_names_in_)].to_numpy(dtype=np.float64, copy=True)
        values = np.where(np.isfinite(values), values, np.nan)
        values = np.where(np.isnan(values), self.median_, values)
        up, down = self.direction_ > 0, self.direction_ < 0
        values[:, up] = np.maximum(values[:, up], self.median_[up])
        values[:, down] = np.minimum(values[:, down], self.median_[down])
        names = self.feature_names_in_[self.keep_]
        return pd.DataFrame(values[:, self.keep_], index=X.index, columns=names)


class Directional(DetectorMixin, BaseEstimator):
    """Any detector, fed only the automated side of each directed feature.

    Parameters
    ----------
    estimator : estimator
        A detector following the PyOD contract (cloned in ``fit``).
    directions : mapping of str to int, optional
        See :class:`DirectionalClipper`.
    """

    def __init__(self, estimator: Any = None, directions: Mapping[str, int] | None = None):
        self.estimator = estimator
        self.directions = directions

    def fit(self, X: pd.DataFrame, y: Any = None) -> "Directional":
        """Fit the clipper, then the detector on clipped features."""
        if self.estimator is None:
            raise ValueError("Directional needs an estimator")
        self.clipper_ = DirectionalClipper(self.directions).fit(X)
        clipped = self.clipper_.transform(X)
        self.estimator_ = clone(self.estimator).fit(clipped)
        self.feature_names_in_ = self.clipper_.feature_names_in_
        self.n_features_in_ = self.clipper_.n_features_in_
        self.decision_scores_ = np.asarray(self.estimator_.decision_scores_, dtype=np.float64)
        self.threshold_ = float(self.estimator_.threshold_)
        self.labels_ = (self.decision_scores_ > self.threshold_).astype(int)
        return self

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        """The wrapped detector's score of the clipped features (higher = more automated)."""
        check_is_fitted(self, "estimator_")
        return np.asarray(self.estimator_.decision_function(self.clipper_.transform(X)), dtype=np.float64)


class DirectionalTailDetector(DetectorMixin, BaseEstimator):
    """Mean one-sided tail surprise of directed features (ECOD's aggregation).

    For a feature automation raises, a row's tail probability is the share of
    training rows at or above its value; for one it lowers, at or below.  The
    score is the mean of ``-log(p)`` over directed features.

    Parameters
    ----------
    directions : mapping of str to int, optional
        See :class:`DirectionalClipper`.
    contamination : float, default 0.05
        Share of training rows above ``threshold_``.
    """

    def __init__(self, directions: Mapping[str, int] | None = None, contamination: float = 0.05):
        self.directions = directions
        self.contamination = contamination

    def fit(self, X: pd.DataFrame, y: Any = None) -> "DirectionalTailDetector":
        """Store each directed feature's sorted training values."""
        if not isinstance(X, pd.DataFrame):
            raise TypeError("DirectionalTailDetector needs a DataFrame with named features")
        if not 0 < self.contamination < 0.5:
            raise ValueError(f"contamination must be in (0, 0.5), got {self.contamination}")
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        self.direction_ = _direction_vector(list(X.columns), self.directions)
        if not (self.direction_ != 0).any():
            raise ValueError("no feature has a direction: nothing to score")
        values = X.to_numpy(dtype=np.float64)
        self.sorted_ = []
        for j in np.flatnonzero(self.direction_ != 0):
            col = values[:, j]
            self.sorted_.append(np.sort(col[np.isfinite(col)]))
        self.decision_scores_ = self._score(values)
        self.threshold_ = float(np.quantile(self.decision_scores_, 1 - self.contamination)) if len(values) else 0.0
        self.labels_ = (self.decision_scores_ > self.threshold_).astype(int)
        return self

    def _score(self, values: np.ndarray) -> np.ndarray:
        directed = np.flatnonzero(self.direction_ != 0)
        surprise = np.zeros(len(values))
        for ref, j in zip(self.sorted_, directed):
            col = values[:, j]
            n = len(ref)
            if n == 0:
                continue
            if self.direction_[j] > 0:
                tail = (n - np.searchsorted(ref, col, side="left") + 1) / (n + 1)
            else:
                tail = (np.searchsorted(ref, col, side="right") + 1) / (n + 1)
            tail = np.where(np.isfinite(col), np.minimum(tail, 1.0), 1.0)
            surprise += -np.log(tail)
        return surprise / max(len(directed), 1)

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        """Mean one-sided tail surprise (higher = more automated)."""
        check_is_fitted(self, "sorted_")
        _check_columns(X, self.feature_names_in_)
        return self._score(X[list(self.feature_names_in_)].to_numpy(dtype=np.float64))
