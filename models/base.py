"""Shared helpers for every scoring model.

* :func:`check_features` turns a features frame into a float ``ndarray``,
  aligning its columns by name with the ones seen in ``fit`` and refusing a
  frame whose columns differ, naming them.
* :class:`RobustFeatureScaler` imputes NaN with the training medians, tames
  ``inf``, optionally log-transforms non-negative heavy-tailed counts and
  scales by median / IQR with a floor on the scale.
* :func:`choose_threshold` picks a score threshold **without labels**, by
  contamination quantile or by a robust tail rule (median + k * MAD).
* :func:`ecdf_scores` calibrates raw scores to 0..1 against training scores.
* :class:`DetectorMixin` gives the numeric detectors their common
  ``predict`` / ``fit_predict`` / validation plumbing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "THRESHOLD_METHODS",
    "DetectorMixin",
    "RobustFeatureScaler",
    "check_features",
    "choose_threshold",
    "ecdf_scores",
    "impute",
]

THRESHOLD_METHODS: tuple[str, ...] = ("contamination", "tail")

#: MAD -> standard deviation for a gaussian; IQR -> standard deviation.
_MAD_TO_STD = 1.4826
_IQR_TO_STD = 1.0 / 1.349
_MEANAD_TO_STD = 1.2533
_BIG = np.finfo(np.float64).max


def _frame_columns(X: pd.DataFrame) -> list[str]:
    cols = list(X.columns)
    bad = [c for c in cols if not isinstance(c, str)]
    if bad:
        raise ValueError(f"feature names must be strings; got {bad[:5]!r}")
    dup = sorted({c for c in cols if cols.count(c) > 1})
    if dup:
        raise ValueError(f"duplicate feature columns: {', '.join(dup)}")
    return cols


def _frame_to_float(X: pd.DataFrame) -> np.ndarray:
    non_numeric = [
        c for c in X.columns
        if not (pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c]))
    ]
    if non_numeric:
        raise ValueError(f"features must be numeric; non-numeric columns: {', '.join(map(str, non_numeric))}")
    return X.to_numpy(dtype=np.float64, na_value=np.nan)


def check_features(
    X: pd.DataFrame | np.ndarray,
    feature_names: Sequence[str] | None = None,
    n_features: int | None = None,
) -> tuple[np.ndarray, list[str] | None]:
    """Validate a features frame and return it as a 2-D float array.

    Parameters
    ----------
    X : pandas.DataFrame or array-like of shape (n_samples, n_features)
        Numeric features; NaN and +/-inf are allowed and kept.
    feature_names : sequence of str, optional
        Columns seen in ``fit``.  When given and ``X`` is a frame, its
        columns are selected in this order; a frame lacking some of them or
        holding others raises ``ValueError`` naming them.
    n_features : int, optional
        Expected number of columns (checked for array input).

    Returns
    -------
    values : numpy.ndarray of float64, shape (n_samples, n_features)
    names : list of str or None
        The frame's column names (``None`` for array input).

    Raises
    ------
    ValueError
        On non-numeric or duplicate columns, mismatched columns, or a shape
        that is not 2-D.
    """
    if isinstance(X, pd.DataFrame):
        cols = _frame_columns(X)
        if feature_names is not None:
            expected = list(feature_names)
            missing = [c for c in expected if c not in set(cols)]
            unexpected = [c for c in cols if c not in set(expected)]
            if missing or unexpected:
                parts = []
                if missing:
                    parts.append(f"missing columns: {', '.join(missing)}")
                if unexpected:
                    parts.append(f"unexpected columns: {', '.join(unexpected)}")
                raise ValueError("X does not have the features seen in fit; " + "; ".join(parts))
            X = X[expected]
            cols = expected
        return _frame_to_float(X), cols
    try:
        values = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"features must be numeric: {exc}") from None
    if values.ndim != 2:
        raise ValueError(f"expected a 2-D features frame, got an array with {values.ndim} dimension(s)")
    if n_features is not None and values.shape[1] != n_features:
        raise ValueError(f"X has {values.shape[1]} features, but the model was fitted with {n_features}")
    return values, None


def impute(values: np.ndarray, fill_values: np.ndarray) -> np.ndarray:
    """Return a copy of ``values`` with NaN replaced column-wise and inf clipped.

    Parameters
    ----------
    values : numpy.ndarray of shape (n_samples, n_features)
    fill_values : numpy.ndarray of shape (n_features,)
        Replacement for NaN in each column (e.g. the training medians).

    Returns
    -------
    numpy.ndarray
        Finite except that ``+inf``/``-inf`` become the largest/smallest
        finite float, so they stay extreme but are safe to compute with.
    """
    out = np.array(values, dtype=np.float64, copy=True)
    nan = np.isnan(out)
    if nan.any():
        out[nan] = np.broadcast_to(fill_values, out.shape)[nan]
    np.clip(out, -_BIG, _BIG, out=out)
    return out


def _signed_log1p(values: np.ndarray) -> np.ndarray:
    return np.sign(values) * np.log1p(np.abs(values))


class RobustFeatureScaler(TransformerMixin, BaseEstimator):
    """Median / IQR scaler that is safe on NaN, inf and constant columns.

    Parameters
    ----------
    log1p : bool, "auto" or sequence of str, default "auto"
        Apply ``sign(x) * log1p(|x|)`` before scaling: to every column
        (``True``), none (``False``), the columns whose finite training
        values are all non-negative (``"auto"``: counts, rates, durations),
        or the named columns (frame input only).
    min_scale : float, default 1e-3
        Floor on each column's scale.  A column whose IQR is 0 (mostly
        constant, e.g. a rare 0/1 flag) falls back to its standard deviation,
        and a constant column to 1.0, before this floor.
    clip : float, default 1e4
        Scaled values are clipped to ``[-clip, clip]``.

    Attributes
    ----------
    fill_values_ : ndarray of shape (n_features,)
        Training medians of the raw columns (0 for an all-NaN column).
    log_mask_ : ndarray of bool
        Columns that were log-transformed.
    center_, scale_ : ndarray of shape (n_features,)
        Median and robust scale after the log transform.
    """

    def __init__(self, log1p: bool | str | Sequence[str] = "auto", min_scale: float = 1e-3, clip: float = 1e4):
        self.log1p = log1p
        self.min_scale = min_scale
        self.clip = clip

    def _log_mask(self, values: np.ndarray, names: list[str] | None) -> np.ndarray:
        n = values.shape[1]
        if self.log1p is True:
            return np.ones(n, dtype=bool)
        if self.log1p is False or self.log1p is None:
            return np.zeros(n, dtype=bool)
        if isinstance(self.log1p, str):
            if self.log1p != "auto":
                raise ValueError(f"log1p must be True, False, 'auto' or a list of columns; got {self.log1p!r}")
            finite = np.where(np.isfinite(values), values, np.inf)
            with np.errstate(invalid="ignore"):
                return np.nanmin(finite, axis=0, initial=np.inf) >= 0
        wanted = list(self.log1p)
        if names is None:
            raise ValueError("log1p as a list of column names needs a DataFrame")
        unknown = [c for c in wanted if c not in names]
        if unknown:
            raise ValueError(f"log1p names unknown columns: {', '.join(unknown)}")
        return np.array([c in wanted for c in names], dtype=bool)

    def fit(self, X: pd.DataFrame | np.ndarray, y: Any = None) -> RobustFeatureScaler:
        """Learn medians, log columns, centers and scales from ``X``."""
        values, names = check_features(X)
        if values.shape[0] < 1:
            raise ValueError("cannot fit a scaler on 0 rows")
        if self.min_scale <= 0 or self.clip <= 0:
            raise ValueError("min_scale and clip must be positive")
        if names is not None:
            self.feature_names_in_ = np.asarray(names, dtype=object)
        self.n_features_in_ = values.shape[1]
        finite = np.where(np.isfinite(values), values, np.nan)
        all_nan = np.isnan(finite).all(axis=0)
        with np.errstate(all="ignore"):
            med = np.nanmedian(np.where(all_nan, 0.0, finite), axis=0) if values.size else np.zeros(values.shape[1])
        self.fill_values_ = np.where(np.isnan(med), 0.0, med)
        self.log_mask_ = self._log_mask(values, names)
        z = self._pre(values)
        center = np.median(z, axis=0)
        q75, q25 = np.percentile(z, [75, 25], axis=0)
        scale = (q75 - q25) * _IQR_TO_STD
        with np.errstate(over="ignore", invalid="ignore"):
            scale = np.where(scale > self.min_scale, scale, np.std(z, axis=0))
        scale = np.where(np.isfinite(scale) & (scale > self.min_scale), scale, 1.0)
        self.center_ = center
        self.scale_ = np.maximum(scale, self.min_scale)
        return self

    def _pre(self, values: np.ndarray) -> np.ndarray:
        z = impute(values, self.fill_values_)
        if self.log_mask_.any():
            z[:, self.log_mask_] = _signed_log1p(z[:, self.log_mask_])
        # Keep values where subtracting a center cannot overflow.
        return np.clip(z, -1e150, 1e150)

    def transform(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Return robustly scaled, finite features.

        Parameters
        ----------
        X : pandas.DataFrame or array-like
            Same columns as in ``fit``.

        Returns
        -------
        numpy.ndarray of float64
        """
        check_is_fitted(self, "scale_")
        names = getattr(self, "feature_names_in_", None)
        values, _ = check_features(X, None if names is None else list(names), self.n_features_in_)
        with np.errstate(over="ignore", invalid="ignore"):
            z = (self._pre(values) - self.center_) / self.scale_
        return np.clip(np.nan_to_num(z, nan=0.0), -self.clip, self.clip)


def choose_threshold(
    train_scores: np.ndarray,
    *,
    method: Literal["contamination", "tail"] = "contamination",
    contamination: float = 0.05,
    tail_k: float = 3.0,
    tail_spread: Literal["upper", "both"] = "upper",
) -> float:
    """Choose a score threshold from training scores, without labels.

    Rows with ``score > threshold`` are flagged.

    Parameters
    ----------
    train_scores : numpy.ndarray of shape (n_samples,)
        Training anomaly scores (higher = more anomalous).
    method : {"contamination", "tail"}
        ``"contamination"``: the ``1 - contamination`` quantile, so about
        that share of the training rows is flagged.  ``"tail"``: median +
        ``tail_k`` * MAD (scaled to a gaussian standard deviation), which
        flags only rows far out in the right tail -- possibly none.
    contamination : float, default 0.05
        Expected share of anomalies, in ``(0, 0.5]``.
    tail_k : float, default 3.0
        Width of the tail rule in robust standard deviations (> 0).
    tail_spread : {"upper", "both"}, default "upper"
        MAD of the deviations of the upper half of the scores (``"upper"``,
        a right-tail "double MAD") or of all of them (``"both"``, the plain
        MAD).  Both equal sigma for gaussian scores, but detector scores are
        right-skewed (distances, path lengths), where the plain MAD is too
        narrow and the rule flags several percent of clean data.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        On an unknown method, out-of-range parameters or no finite score.
    """
    validate_threshold_params(method, contamination, tail_k)
    scores = np.asarray(train_scores, dtype=np.float64).ravel()
    scores = scores[np.isfinite(scores)]
    if scores.size == 0:
        raise ValueError("cannot choose a threshold: no finite training score")
    if method == "contamination":
        return float(np.quantile(scores, 1.0 - contamination))
    med = float(np.median(scores))
    dev = scores - med
    if tail_spread == "upper":
        dev = dev[dev >= 0]
    elif tail_spread != "both":
        raise ValueError(f"tail_spread must be 'upper' or 'both'; got {tail_spread!r}")
    spread = float(np.median(np.abs(dev))) * _MAD_TO_STD
    if spread <= 0:  # most scores tied at the median: fall back to mean |dev|
        spread = float(np.mean(np.abs(dev))) * _MEANAD_TO_STD
    return med + tail_k * spread


def validate_threshold_params(method: str, contamination: float, tail_k: float) -> None:
    """Raise ``ValueError`` unless the thresholding parameters are valid."""
    if method not in THRESHOLD_METHODS:
        raise ValueError(f"threshold_method must be one of {', '.join(THRESHOLD_METHODS)}; got {method!r}")
    if not isinstance(contamination, (int, float)) or not 0 < contamination <= 0.5:
        raise ValueError(f"contamination must be a float in (0, 0.5]; got {contamination!r}")
    if not isinstance(tail_k, (int, float)) or not tail_k > 0:
        raise ValueError(f"tail_k must be a positive number; got {tail_k!r}")


def ecdf_scores(
    train_scores: np.ndarray,
    scores: np.ndarray,
    *,
    ties: Literal["right", "mid"] = "right",
) -> np.ndarray:
    """Calibrate scores to 0..1 by the empirical CDF of training scores.

    Parameters
    ----------
    train_scores : array-like of shape (n_train,)
        Reference scores; non-finite ones are dropped.
    scores : array-like of shape (n,)
        Scores to calibrate.
    ties : {"right", "mid"}, default "right"
        ``"right"``: the fraction of training scores ``<=`` each score (every
        tied training score counts).  ``"mid"``: the mid-rank, the mean of
        the fractions ``<`` and ``<=``, so a score tied with a large mass of
        training scores lands in the middle of that mass instead of on top.

    Returns
    -------
    numpy.ndarray of float64 in [0, 1]
        NaN scores stay NaN; ``+inf`` maps to 1 and ``-inf`` to 0.
    """
    ref = np.asarray(train_scores, dtype=np.float64).ravel()
    ref = np.sort(ref[np.isfinite(ref)])
    if ref.size == 0:
        raise ValueError("ecdf_scores needs at least one finite training score")
    s = np.asarray(scores, dtype=np.float64).ravel()
    right = np.searchsorted(ref, s, side="right").astype(np.float64)
    if ties == "mid":
        left = np.searchsorted(ref, s, side="left")
        out = (left + right) / (2.0 * ref.size)
    elif ties == "right":
        out = right / ref.size
    else:
        raise ValueError(f"ties must be 'right' or 'mid'; got {ties!r}")
    out[np.isnan(s)] = np.nan
    return out


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
