"""Robust scaling of features for the numeric detectors.

* :func:`impute` replaces NaN column-wise and clips ``inf`` to finite values.
* :class:`RobustFeatureScaler` imputes NaN with the training medians, tames
  ``inf``, optionally log-transforms non-negative heavy-tailed counts and
  scales by median / IQR with a floor on the scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .feature_columns import check_features

__all__ = ["RobustFeatureScaler", "impute"]

#: IQR -> standard deviation for a gaussian.
_IQR_TO_STD = 1.0 / 1.349
_BIG = np.finfo(np.float64).max


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
    """``sign(x) * log1p(|x|)``, computed in place in two temporaries instead of three."""
    out = np.abs(values)
    np.log1p(out, out=out)
    out *= np.sign(values)
    return out


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
