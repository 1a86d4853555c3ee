"""Calibrated score ensemble and per-feature attributions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone

from .base import DetectorMixin, choose_threshold, ecdf_scores, impute, validate_threshold_params
from .iforest import IsolationForestDetector
from .pyod_detector import PyODDetector

__all__ = ["ScoreEnsemble"]

COMBINE_METHODS: tuple[str, ...] = ("mean", "max")
CONTRIBUTION_METHODS: tuple[str, ...] = ("tail", "robust_z")
#: Quantiles of each feature kept for reasons ("99th percentile of peers").
REFERENCE_QUANTILES: tuple[float, ...] = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)
#: At most this many order statistics are kept per training distribution.
_MAX_REFERENCE = 10_001


def _order_stats(values: np.ndarray, limit: int = _MAX_REFERENCE) -> np.ndarray:
    """Sort along axis 0 and keep at most ``limit`` evenly spaced rows."""
    ordered = np.sort(values, axis=0)
    if ordered.shape[0] <= limit:
        return ordered
    idx = np.round(np.linspace(0, ordered.shape[0] - 1, limit)).astype(int)
    return ordered[idx]


class ScoreEnsemble(DetectorMixin, BaseEstimator):
    """Average (or max) of member detectors' ECDF-calibrated scores.

    Each member is cloned and fitted on the same features; its raw score is
    mapped to 0..1 by the empirical CDF of its own training scores
    (:func:`~models.base.ecdf_scores`, mid-rank ties), so members on
    different scales weigh alike.  The combined score is 0..1 too: 0.99
    means "more anomalous than 99% of the training rows" for ``max``, and
    roughly so for ``mean``.

    Parameters
    ----------
    detectors : list of (str, estimator), optional
        Named members; each must have ``fit`` and ``decision_function``
        (higher = more anomalous).  ``None`` means
        ``[("iforest", IsolationForestDetector()), ("ecod", PyODDetector("ECOD"))]``,
        created in ``fit``.
    combine : {"mean", "max"}, default "mean"
        How calibrated member scores are combined.
    contamination : float, default 0.05
        Expected share of anomalies (``threshold_method="contamination"``).
    threshold_method : {"contamination", "tail"}, default "contamination"
        How ``threshold_`` is chosen without labels.  ``"contamination"``:
        the ``1 - contamination`` quantile of the combined training scores.
        ``"tail"``: calibrated scores are bounded, so the tail rule is applied
        to each member's raw training scores (median + ``tail_k`` * MAD) and
        those boundaries are calibrated and combined like a row's scores.
    tail_k : float, default 3.0
        Width of the tail rule in robust standard deviations.

    Attributes
    ----------
    detectors_ : list of (str, estimator)
        Fitted clones of the members.
    train_scores_ : dict of str to ndarray
        Sorted training scores of each member (the calibration reference).
    feature_reference_ : ndarray of shape (m, n_features)
        Sorted training values of each feature (at most ~10k order
        statistics), the reference of :meth:`feature_contributions`.
    feature_quantiles_ : pandas.DataFrame
        Training quantiles (index :data:`REFERENCE_QUANTILES`) of each feature,
        for reasons such as "99th percentile of peers: 46".
    feature_names_in_, n_features_in_, decision_scores_, threshold_, labels_
        As for every model of this package.
    """

    def __init__(
        self,
        detectors: Sequence[tuple[str, Any]] | None = None,
        combine: str = "mean",
        contamination: float = 0.05,
        threshold_method: str = "contamination",
        tail_k: float = 3.0,
    ):
        self.detectors = detectors
        self.combine = combine
        self.contamination = contamination
        self.threshold_method = threshold_method
        self.tail_k = tail_k

    def _members(self) -> list[tuple[str, Any]]:
        if self.detectors is None:
            return [
                ("iforest", IsolationForestDetector(contamination=self.contamination)),
                ("ecod", PyODDetector("ECOD", contamination=self.contamination)),
            ]
        members = list(self.detectors)
        if not members:
            raise ValueError("detectors must hold at least one (name, estimator) pair")
        for item in members:
            if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
                raise ValueError(f"detectors must be (name, estimator) pairs; got {item!r}")
            if not (hasattr(item[1], "fit") and hasattr(item[1], "decision_function")):
                raise ValueError(f"detector {item[0]!r} lacks fit/decision_function")
        names = [n for n, _ in members]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"duplicate detector names: {', '.join(dup)}")
        return members

    def _frame(self, values: np.ndarray) -> pd.DataFrame | np.ndarray:
        names = getattr(self, "feature_names_in_", None)
        return values if names is None else pd.DataFrame(values, columns=list(names))

    def _combine(self, calibrated: np.ndarray) -> np.ndarray:
        if calibrated.shape[0] == 0:
            return np.empty(0)
        return calibrated.mean(axis=1) if self.combine == "mean" else calibrated.max(axis=1)

    def fit(self, X: pd.DataFrame | np.ndarray, y: Any = None) -> ScoreEnsemble:
        """Fit clones of the members, their calibrations and ``threshold_``.

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
        if self.combine not in COMBINE_METHODS:
            raise ValueError(f"combine must be one of {', '.join(COMBINE_METHODS)}; got {self.combine!r}")
        members = self._members()
        values = self._validate_fit(X)
        frame = self._frame(values)
        fitted, train_scores, calibrated = [], {}, []
        for name, est in members:
            model = clone(est).fit(frame)
            raw = getattr(model, "decision_scores_", None)
            if raw is None:
                raw = model.decision_function(frame)
            raw = np.asarray(raw, dtype=np.float64).ravel()
            fitted.append((name, model))
            train_scores[name] = _order_stats(raw)
            calibrated.append(ecdf_scores(train_scores[name], raw, ties="mid"))
        self.detectors_ = fitted
        self.train_scores_ = train_scores
        finite = np.where(np.isfinite(values), values, np.nan)
        with np.errstate(all="ignore"):
            med = np.nanmedian(np.where(np.isnan(finite).all(axis=0), 0.0, finite), axis=0)
        self.feature_medians_ = np.where(np.isnan(med), 0.0, med)
        filled = impute(values, self.feature_medians_)
        self.feature_reference_ = _order_stats(filled)
        self.feature_quantiles_ = pd.DataFrame(
            np.quantile(filled, REFERENCE_QUANTILES, axis=0),
            index=pd.Index(REFERENCE_QUANTILES, name="quantile"),
            columns=self._feature_labels(),
        )
        q75, q25 = np.quantile(filled, [0.75, 0.25], axis=0)
        with np.errstate(over="ignore", invalid="ignore"):
            spread = (q75 - q25) / 1.349
            spread = np.where(spread > 1e-9, spread, np.std(filled, axis=0))
        self.feature_scales_ = np.where(np.isfinite(spread) & (spread > 1e-9), spread, 1.0)
        combined = self._combine(np.column_stack(calibrated))
        if self.threshold_method == "tail":
            self._set_tail_threshold(combined, [m for _, m in fitted])
        else:
            self._set_threshold(combined)
        return self

    def _set_tail_threshold(self, combined: np.ndarray, models: list[Any]) -> None:
        """Tail rule for bounded calibrated scores.

        Each member's tail boundary (median + ``tail_k`` * MAD of its raw
        training scores) is calibrated and combined exactly like a row's
        scores.  A boundary beyond every training score is capped just below
        1, so a new row beyond every training row can still be flagged.
        """
        points = []
        for (name, ref), model in zip(self.train_scores_.items(), models):
            raw = np.asarray(getattr(model, "decision_scores_", ref), dtype=np.float64)
            cut = choose_threshold(raw, method="tail", tail_k=self.tail_k)
            cap = 1.0 - 1.0 / (2.0 * ref.size)
            points.append(min(float(ecdf_scores(ref, [cut], ties="mid")[0]), cap))
        self.decision_scores_ = combined
        self.threshold_ = float(self._combine(np.asarray([points]))[0])
        self.labels_ = (combined > self.threshold_).astype(int)

    def _feature_labels(self) -> list[str]:
        names = getattr(self, "feature_names_in_", None)
        return list(names) if names is not None else [f"x{i}" for i in range(self.n_features_in_)]

    def _index(self, X: Any, n: int) -> pd.Index:
        return X.index if isinstance(X, pd.DataFrame) else pd.RangeIndex(n)

    def member_scores(self, X: pd.DataFrame | np.ndarray, *, calibrated: bool = True) -> pd.DataFrame:
        """Score ``X`` with every member.

        Parameters
        ----------
        X : pandas.DataFrame
            Same columns as in ``fit``.
        calibrated : bool, default True
            Return the 0..1 ECDF-calibrated scores; ``False`` gives raw ones.

        Returns
        -------
        pandas.DataFrame
            One column per member name, indexed like ``X``.
        """
        values = self._validate(X)
        frame = self._frame(values)
        out = {}
        for name, model in self.detectors_:
            raw = np.asarray(model.decision_function(frame), dtype=np.float64).ravel() if len(values) else np.empty(0)
            out[name] = ecdf_scores(self.train_scores_[name], raw, ties="mid") if calibrated else raw
        return pd.DataFrame(out, index=self._index(X, len(values)), columns=[n for n, _ in self.detectors_])

    def decision_function(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Return the combined calibrated score in [0, 1], higher = more anomalous.

        Parameters
        ----------
        X : pandas.DataFrame
            Same columns as in ``fit``.

        Returns
        -------
        numpy.ndarray of float64, shape (n_samples,)
        """
        return self._combine(self.member_scores(X).to_numpy(dtype=np.float64))

    def feature_contributions(self, X: pd.DataFrame | np.ndarray, method: str = "tail") -> pd.DataFrame:
        """Attribute each row's anomaly to features, cheaply and explainably.

        Parameters
        ----------
        X : pandas.DataFrame
            Same columns as in ``fit``.
        method : {"tail", "robust_z"}, default "tail"
            ``"tail"``: ``|percentile - 0.5| * 2`` where percentile is the
            value's mid-rank ECDF among the training values of that feature:
            0 at the median, 1 beyond every training value.  ``"robust_z"``:
            signed ``(value - median) / (IQR / 1.349)``.  NaN (imputed with
            the training median) contributes 0; ``+inf`` is extreme.

        Returns
        -------
        pandas.DataFrame
            Same shape as ``X``: columns in fit order, index of ``X``.
        """
        if method not in CONTRIBUTION_METHODS:
            raise ValueError(f"method must be one of {', '.join(CONTRIBUTION_METHODS)}; got {method!r}")
        values = impute(self._validate(X), self.feature_medians_)
        if method == "tail":
            out = np.empty_like(values)
            for j in range(values.shape[1]):
                pct = ecdf_scores(self.feature_reference_[:, j], values[:, j], ties="mid")
                out[:, j] = np.abs(pct - 0.5) * 2.0
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                out = (values - self.feature_medians_) / self.feature_scales_
            out = np.nan_to_num(out, nan=0.0, posinf=np.finfo(np.float64).max, neginf=-np.finfo(np.float64).max)
        return pd.DataFrame(out, index=self._index(X, len(values)), columns=self._feature_labels())

    def top_contributions(self, X: pd.DataFrame | np.ndarray, k: int = 3) -> list[list[dict[str, Any]]]:
        """Return, per row, the ``k`` features with the largest tail contribution.

        Each entry is a dict with ``feature``, ``value`` (as given, may be
        NaN/inf), ``contribution`` (0..1), ``peer_median`` and ``peer_p99``
        (training quantiles), ready for a reason such as
        ``"2,140 distinct records; 99th percentile of peers: 46"``.
        Features contributing 0 are left out.

        Parameters
        ----------
        X : pandas.DataFrame
            Same columns as in ``fit``.
        k : int, default 3

        Returns
        -------
        list of list of dict
        """
        contrib = self.feature_contributions(X, method="tail")
        raw = self._validate(X)
        names = list(contrib.columns)
        p50 = self.feature_quantiles_.loc[0.5].to_numpy()
        p99 = self.feature_quantiles_.loc[0.99].to_numpy()
        c = contrib.to_numpy()
        result = []
        for i in range(c.shape[0]):
            order = np.argsort(-c[i], kind="stable")[: max(int(k), 0)]
            result.append([
                {"feature": names[j], "value": float(raw[i, j]), "contribution": float(c[i, j]),
                 "peer_median": float(p50[j]), "peer_p99": float(p99[j])}
                for j in order if c[i, j] > 0
            ])
        return result
