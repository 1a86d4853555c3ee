"""ECOD and COPOD scored against the training data only (batch-independent).

PyOD's :class:`pyod.models.ecod.ECOD` and :class:`pyod.models.copod.COPOD`
are *batch-dependent*: ``decision_function(X)`` stacks the training rows and
the whole batch ``X``, computes every column's empirical CDF and skewness on
that stack, and so a row's score moves with the other rows it is scored with.
Scoring in slices (partitions, Dask workers, incremental passes) then differs
from scoring the whole batch at once.

:class:`ReferenceECOD` and :class:`ReferenceCOPOD` keep PyOD's formulas but
take every statistic from the fitted training data alone.  For a row ``x``
and a training column of ``n`` values::

    U_l = -log((#{train <= x} + 1) / (n + 1))      # left tail
    U_r = -log((#{train >= x} + 1) / (n + 1))      # right tail

which is exactly PyOD's ECDF when that single row is scored together with the
training data (the row counts itself once).  The skewness sign that picks the
tail in ``U_skew`` comes from the training data -- the one difference from
PyOD scoring one row, where the skewness of training plus that row is used;
the two agree unless the row flips the sign of a nearly symmetric column
(for ECOD only a flip to or from exactly 0 matters, since ``max(U_l, U_r)``
already covers either tail).
Then, as in PyOD, per column::

    U_skew = U_l * -sign(s - 1) + U_r * sign(s + 1)      (s = sign of skewness)
    ECOD:  O = max(U_l, U_r, U_skew)
    COPOD: O = max(U_skew, (U_l + U_r) / 2)

and a row's score is the sum of ``O`` over its columns.  A score therefore
depends only on the fitted model and the row itself: scoring row slices and
concatenating gives the whole-batch result bit for bit (the ``-log`` terms
are looked up by tail count, the columns added in a fixed order).

Training scores are ``decision_function`` of the training rows (PyOD's own
``fit`` scores them against the training data without the ``+ 1``), so fitting
and scoring agree.  NaN is replaced by the training median; +/-inf count as the
most extreme values.  Only numpy, scipy and scikit-learn are used: PyOD (and
with it numba and matplotlib) is never imported.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import skew as _scipy_skew
from sklearn.base import BaseEstimator

from .base import DetectorMixin

__all__ = ["ReferenceCOPOD", "ReferenceECOD", "TRAIN_REFERENCE_DETECTORS"]


def _skew_sign(columns: np.ndarray) -> np.ndarray:
    """Sign of the skewness of each row of ``columns`` (one feature per row) over its finite values.

    scipy's skewness, as PyOD uses it, with NaN (a constant or empty
    column) taken as 0.
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # constant columns: scipy warns, PyOD maps NaN to 0
        finite = np.isfinite(columns)
        if finite.all():
            skewness = _scipy_skew(columns, axis=1)
        else:
            skewness = np.array(
                [_scipy_skew(col[ok]) if ok.any() else 0.0 for col, ok in zip(columns, finite)], dtype=np.float64
            )
    return np.sign(np.nan_to_num(np.asarray(skewness, dtype=np.float64)))


class _TrainReferenceTails(DetectorMixin, BaseEstimator):
    """Shared fitting and scoring of :class:`ReferenceECOD` and :class:`ReferenceCOPOD`."""

    def __init__(self, contamination: float = 0.1, n_jobs: int = 1):
        self.contamination = contamination
        self.n_jobs = n_jobs

    def _combine(self, u_l: np.ndarray, u_r: np.ndarray, u_skew: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def fit(self, X: pd.DataFrame | np.ndarray, y: Any = None) -> _TrainReferenceTails:
        """Store each column's sorted training values and skewness sign; score the training rows.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_features)
            Numeric features.  NaN is replaced by the column's training
            median (of its finite values); +/-inf are kept as the most
            extreme values.  (:class:`~models.pyod_detector.PyODDetector`
            passes scaled, finite features, so neither reaches it there.)
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        ValueError
            ``contamination`` outside (0, 0.5], fewer than 2 rows, bad input.
        """
        c = self.contamination
        if isinstance(c, bool) or not isinstance(c, (int, float, np.integer, np.floating)) or not 0 < c <= 0.5:
            raise ValueError(f"contamination must be a float in (0, 0.5]; got {c!r}")
        values = self._validate_fit(X)
        columns = np.array(values.T, dtype=np.float64, order="C")  # one contiguous row per feature
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
            med = np.nanmedian(np.where(np.isfinite(columns), columns, np.nan), axis=1)
        self.fill_values_ = np.where(np.isnan(med), 0.0, med)
        columns = self._fill(columns)
        self.skew_sign_ = _skew_sign(columns)
        self.sorted_train_ = np.sort(columns, axis=1)
        self.n_train_ = columns.shape[1]
        self.decision_scores_ = self._score(columns)
        # as PyOD's BaseDetector._process_decision_scores
        self.threshold_ = float(np.percentile(self.decision_scores_, 100 * (1 - c)))
        self.labels_ = (self.decision_scores_ > self.threshold_).astype(int)
        return self

    def _fill(self, columns: np.ndarray) -> np.ndarray:
        """``columns`` (one feature per row) with NaN replaced by the training medians, in place."""
        nan = np.isnan(columns)
        if nan.any():
            columns[nan] = np.broadcast_to(self.fill_values_[:, None], columns.shape)[nan]
        return columns

    def _score(self, columns: np.ndarray) -> np.ndarray:
        """Scores of the rows whose features are the rows of ``columns`` (shape (n_features, n_rows))."""
        n = self.n_train_
        # -log((k + 1) / (n + 1)) for every possible count k: indexing this table keeps each
        # row's terms independent of the batch (no vectorised log over batch-shaped arrays)
        surprise = -np.log((np.arange(n + 1, dtype=np.float64) + 1.0) / (n + 1.0))
        total = np.zeros(columns.shape[1], dtype=np.float64)
        le = np.empty(columns.shape[1], dtype=np.intp)
        ge = np.empty(columns.shape[1], dtype=np.intp)
        for ref, col, s in zip(self.sorted_train_, columns, self.skew_sign_):
            order = np.argsort(col)  # sorted queries make the binary searches cache-friendly
            keys = col[order]
            le[order] = np.searchsorted(ref, keys, side="right")  # #train <= x
            ge[order] = n - np.searchsorted(ref, keys, side="left")  # #train >= x
            u_l, u_r = surprise[le], surprise[ge]
            u_skew = u_l * -np.sign(s - 1) + u_r * np.sign(s + 1)
            total += self._combine(u_l, u_r, u_skew)
        return total

    def decision_function(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Anomaly score of each row against the training data (higher = more anomalous).

        Pure: depends only on the fitted model and the row, never changes
        the model.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_features)
            Same columns as in ``fit``.

        Returns
        -------
        numpy.ndarray of float64, shape (n_samples,)
        """
        values = self._validate(X)
        if values.shape[0] == 0:
            return np.empty(0)
        return self._score(self._fill(np.array(values.T, dtype=np.float64, order="C")))


class ReferenceECOD(_TrainReferenceTails):
    """ECOD (empirical-CDF outlier detection) scored against the training data only.

    PyOD's ECOD formula with the ECDFs and skewness of the fitted training
    data, so a row's score does not depend on the other rows scored with it;
    see :mod:`models.tail_reference`.  Per column
    ``O = max(U_l, U_r, U_skew)``; the score is the sum over columns.

    Parameters
    ----------
    contamination : float in (0, 0.5], default 0.1
        Share of training rows above ``threshold_`` (PyOD's default).
    n_jobs : int, default 1
        Accepted for parameter compatibility with PyOD's ECOD; scoring is
        vectorised per column and does not use it.

    Attributes
    ----------
    sorted_train_ : ndarray of shape (n_features, n_train)
        Each feature's training values, sorted (NaN filled), one row per feature.
    skew_sign_ : ndarray of shape (n_features,)
        Sign of each column's training skewness (-1, 0 or +1).
    fill_values_ : ndarray of shape (n_features,)
        Training median of each column's finite values, for NaN.
    n_train_ : int
    feature_names_in_, n_features_in_
        As for every model of this package.
    decision_scores_ : ndarray of shape (n_train,)
        ``decision_function`` of the training rows.
    threshold_ : float
        The ``1 - contamination`` percentile of ``decision_scores_``.
    labels_ : ndarray of int
        ``decision_scores_ > threshold_``.
    """

    def _combine(self, u_l: np.ndarray, u_r: np.ndarray, u_skew: np.ndarray) -> np.ndarray:
        return np.maximum(u_skew, np.maximum(u_l, u_r))


class ReferenceCOPOD(_TrainReferenceTails):
    """COPOD (copula-based outlier detection) scored against the training data only.

    PyOD's COPOD formula with the ECDFs and skewness of the fitted training
    data, so a row's score does not depend on the other rows scored with it;
    see :mod:`models.tail_reference`.  Per column
    ``O = max(U_skew, (U_l + U_r) / 2)``; the score is the sum over columns.

    Parameters
    ----------
    contamination : float in (0, 0.5], default 0.1
        Share of training rows above ``threshold_`` (PyOD's default).
    n_jobs : int, default 1
        Accepted for parameter compatibility with PyOD's COPOD; scoring is
        vectorised per column and does not use it.

    Attributes
    ----------
    sorted_train_, skew_sign_, fill_values_, n_train_, feature_names_in_, n_features_in_, decision_scores_, threshold_, labels_
        As for :class:`ReferenceECOD`.
    """

    def _combine(self, u_l: np.ndarray, u_r: np.ndarray, u_skew: np.ndarray) -> np.ndarray:
        return np.maximum(u_skew, np.add(u_l, u_r) / 2)


#: PyOD detector name -> its train-referenced implementation here.
TRAIN_REFERENCE_DETECTORS: dict[str, type] = {"ECOD": ReferenceECOD, "COPOD": ReferenceCOPOD}
