"""Shared helpers for every scoring model.

:class:`DetectorMixin` gives the numeric detectors their common
``predict`` / ``fit_predict`` / validation plumbing.  The helpers it builds
on live in their own modules and are re-exported here, where the models and
their callers import them from:

* :func:`check_features` (:mod:`models.feature_columns`) turns a features
  frame into a float ``ndarray``, aligning its columns by name with the ones
  seen in ``fit`` and refusing a frame whose columns differ, naming them.
* :class:`RobustFeatureScaler` and :func:`impute` (:mod:`models.scaling`)
  impute NaN with the training medians, tame ``inf``, optionally
  log-transform non-negative heavy-tailed counts and scale by median / IQR
  with a floor on the scale.
* :func:`choose_threshold`, :func:`validate_threshold_params` and
  :func:`ecdf_scores` (:mod:`models.thresholds`) pick a score threshold
  **without labels**, by contamination quantile or by a robust tail rule
  (median + k * MAD), and calibrate raw scores to 0..1 against training
  scores.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from .feature_columns import check_features
from .scaling import RobustFeatureScaler, impute
from .thresholds import THRESHOLD_METHODS, choose_threshold, ecdf_scores, validate_threshold_params

__all__ = [
    "THRESHOLD_METHODS",
    "DetectorMixin",
    "RobustFeatureScaler",
    "check_features",
    "choose_threshold",
    "ecdf_scores",
    "impute",
]


class DetectorMixin:
    """Common plumbing of the numeric detectors (PyOD conventions).

    Subclasses implement ``fit`` and ``decision_function`` and call
    :meth:`_validate_fit` / :meth:`_validate` and :meth:`_set_threshold`.
    Expects ``contamination``, ``threshold_method`` and ``tail_k`` params.
    """

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "threshold_")

    def _validate_fit(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        for attr in ("feature_names_in_",):
            if hasattr(self, attr):
                delattr(self, attr)
        values, names = check_features(X)
        if values.shape[0] < 2:
            raise ValueError(f"need at least 2 rows to fit, got {values.shape[0]}")
        if values.shape[1] < 1:
            raise ValueError("need at least 1 feature to fit")
        if names is not None:
            self.feature_names_in_ = np.asarray(names, dtype=object)
        self.n_features_in_ = values.shape[1]
        return values

    def _validate(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        check_is_fitted(self)
        names = getattr(self, "feature_names_in_", None)
        values, _ = check_features(X, None if names is None else list(names), self.n_features_in_)
        return values

    def _set_threshold(self, scores: np.ndarray) -> None:
        self.decision_scores_ = np.asarray(scores, dtype=np.float64)
        self.threshold_ = choose_threshold(
            self.decision_scores_,
            method=self.threshold_method,
            contamination=self.contamination,
            tail_k=self.tail_k,
        )
        self.labels_ = (self.decision_scores_ > self.threshold_).astype(int)

    def predict(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Return 1 for rows scoring above ``threshold_``, else 0.

        Parameters
        ----------
        X : pandas.DataFrame
            Same columns as in ``fit``.

        Returns
        -------
        numpy.ndarray of int, shape (n_samples,)
        """
        scores = self.decision_function(X)
        return (scores > self.threshold_).astype(int)

    def fit_predict(self, X: pd.DataFrame | np.ndarray, y: Any = None) -> np.ndarray:
        """Fit on ``X`` and return its training labels ``labels_``."""
        return self.fit(X).labels_
