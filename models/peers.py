"""Peer baselines: what is usual for each feature, learnt without labels.

:class:`PeerBaseline` remembers, for every feature, the distribution over
*active* peers (rows where the feature is above zero) so that any row can be
described relative to them: its percentile, and its ratio to a high quantile
("2,140 distinct records; 95th percentile of peers: 46").  Rules use the
ratios (``distinct_entities_vs_peers >= 10``), which carry over between sites
far better than absolute counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted


class PeerBaseline(BaseEstimator):
    """Per-feature distribution of active peers.

    Parameters
    ----------
    quantile : float, default 0.95
        The peer quantile that ratios are taken against.
    floor : float, default 1.0
        Lower bound on the reference value, so that a feature almost always
        zero does not make every non-zero value look extreme.
    max_reference_rows : int, default 100_000
        Training values kept per feature for percentiles (a uniform sample
        beyond that).
    random_state : int, default 0
        Seed for the sample.
    """

    def __init__(self, quantile: float = 0.95, floor: float = 1.0, max_reference_rows: int = 100_000, random_state: int = 0):
        self.quantile = quantile
        self.floor = floor
        self.max_reference_rows = max_reference_rows
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y: object = None) -> "PeerBaseline":
        """Learn each feature's distribution over rows where it is positive.

        Parameters
        ----------
        X : pandas.DataFrame
            Features, one row per unit.
        y : ignored

        Returns
        -------
        PeerBaseline
            Fitted estimator.
        """
        if not isinstance(X, pd.DataFrame):
            raise TypeError("PeerBaseline.fit expects a pandas DataFrame of named features")
        if not 0 < self.quantile < 1:
            raise ValueError(f"quantile must be in (0, 1), got {self.quantile}")
        rng = np.random.default_rng(self.random_state)
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        self.sorted_values_: dict[str, np.ndarray] = {}
        reference = {}
        for name in self.feature_names_in_:
            values = X[name].to_numpy(dtype=np.float64)
            active = values[np.isfinite(values) & (values > 0)]
            if len(active) > self.max_reference_rows:
                active = rng.choice(active, self.max_reference_rows, replace=False)
            active.sort()
            self.sorted_values_[name] = active
            reference[name] = float(np.quantile(active, self.quantile)) if len(active) else 0.0
        self.reference_ = pd.Series(reference, dtype=np.float64)
        self.n_peers_ = int(len(X))
        return self

    def _check(self, X: pd.DataFrame) -> list[str]:
        check_is_fitted(self, "reference_")
        missing = [c for c in self.feature_names_in_ if c not in X.columns]
        if missing:
            raise ValueError(f"features missing from input: {', '.join(missing)}")
        return list(self.feature_names_in_)

    def percentiles(self, X: pd.DataFrame) -> pd.DataFrame:
        """Percentile (0-100) of each value among active peers.

        Parameters
        ----------
        X : pandas.DataFrame
            Features with the training columns.

        Returns
        -------
        pandas.DataFrame
            Same shape as the training columns of ``X``; 0 for non-positive values.
        """
        names = self._check(X)
        out = {}
        for name in names:
            ref = self.sorted_values_[name]
            values = X[name].to_numpy(dtype=np.float64)
            if len(ref) == 0:
                out[name] = np.where(values > 0, 100.0, 0.0)
                continue
            rank = np.searchsorted(ref, values, side="right") / len(ref) * 100.0
            out[name] = np.where(values > 0, rank, 0.0)
        return pd.DataFrame(out, index=X.index)

    def ratios(self, X: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
        """Each value divided by the peers' reference quantile.

        Parameters
        ----------
        X : pandas.DataFrame
            Features with the training columns.
        columns : list of str, optional
            Only these features (default: all).

        Returns
        -------
        pandas.DataFrame
            Columns named ``<feature>_vs_peers``.
        """
        names = self._check(X) if columns is None else columns
        ref = np.maximum(self.reference_.reindex(names).fillna(0.0).to_numpy(), self.floor)
        values = X[names].to_numpy(dtype=np.float64)
        return pd.DataFrame(values / ref, index=X.index, columns=[f"{n}_vs_peers" for n in names])

    def peer_value(self, name: str, quantile: float) -> float:
        """The value at ``quantile`` among active peers for one feature (0 when none)."""
        check_is_fitted(self, "reference_")
        ref = self.sorted_values_.get(name)
        return float(np.quantile(ref, quantile)) if ref is not None and len(ref) else 0.0

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        """Highest peer percentile of each row, scaled to 0-1 (higher = more unusual)."""
        return self.percentiles(X).max(axis=1).to_numpy() / 100.0
