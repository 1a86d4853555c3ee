"""Checking a features frame against the columns a model was fitted on.

* :func:`check_features` turns a features frame into a float ``ndarray``,
  aligning its columns by name with the ones seen in ``fit`` and refusing a
  frame whose columns differ, naming them.
* :func:`check_same_columns` is that refusal on its own, for models that
  read the columns they need by name (:class:`models.rules.RuleSet`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["check_features", "check_same_columns"]


def check_same_columns(expected: Sequence[str], actual: Sequence[str]) -> None:
    """Raise ``ValueError`` unless ``actual`` holds exactly the ``expected`` columns.

    Parameters
    ----------
    expected : sequence of str
        The columns seen in ``fit``.
    actual : sequence of str
        The columns of the frame to score.

    Raises
    ------
    ValueError
        Naming the missing and the unexpected columns, in their own order.
    """
    expected_set, actual_set = set(expected), set(actual)
    missing = [c for c in expected if c not in actual_set]
    unexpected = [c for c in actual if c not in expected_set]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        if unexpected:
            parts.append(f"unexpected columns: {', '.join(unexpected)}")
        raise ValueError("X does not have the features seen in fit; " + "; ".join(parts))


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
            check_same_columns(expected, cols)
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
