"""Any PyOD detector, chosen by name, on robustly scaled features.

ECOD and COPOD are by default the train-referenced implementations of
:mod:`models.tail_reference` (batch-independent scores, no PyOD import); see
the ``reference`` parameter of :class:`PyODDetector`.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import inspect
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from .base import DetectorMixin, RobustFeatureScaler, validate_threshold_params
from .tail_reference import TRAIN_REFERENCE_DETECTORS

__all__ = ["DETECTOR_REGISTRY", "REFERENCES", "PyODDetector", "available_detectors", "resolve_detector"]

#: Values of :class:`PyODDetector`'s ``reference`` parameter.
REFERENCES: tuple[str, ...] = ("train", "batch")

#: Name -> (module, class) of the PyOD detectors this project supports.
#: Every entry is exercised by ``tests/models``.  Detectors whose cost is
#: quadratic in the number of rows (ABOD, COF, SOD, LOCI, ...) are left out on
#: purpose: a day of sessions is tens of thousands of rows.
DETECTOR_REGISTRY: dict[str, tuple[str, str]] = {
    "ECOD": ("pyod.models.ecod", "ECOD"),
    "COPOD": ("pyod.models.copod", "COPOD"),
    "HBOS": ("pyod.models.hbos", "HBOS"),
    "IForest": ("pyod.models.iforest", "IForest"),
    "INNE": ("pyod.models.inne", "INNE"),
    "LOF": ("pyod.models.lof", "LOF"),
    "KNN": ("pyod.models.knn", "KNN"),
    "PCA": ("pyod.models.pca", "PCA"),
    "MCD": ("pyod.models.mcd", "MCD"),
    "OCSVM": ("pyod.models.ocsvm", "OCSVM"),
    "LODA": ("pyod.models.loda", "LODA"),
    "KDE": ("pyod.models.kde", "KDE"),
    "GMM": ("pyod.models.gmm", "GMM"),
    "CBLOF": ("pyod.models.cblof", "CBLOF"),
    "Sampling": ("pyod.models.sampling", "Sampling"),
}
#: Detectors that need an optional package PyOD does not install itself;
#: registered only when that package is importable.
_OPTIONAL: dict[str, tuple[str, str, str]] = {
    "FeatureBagging": ("pyod.models.feature_bagging", "FeatureBagging", "combo"),
    "SUOD": ("pyod.models.suod", "SUOD", "suod"),
}
for _name, (_module, _cls, _needs) in _OPTIONAL.items():
    if importlib.util.find_spec(_needs) is not None:
        DETECTOR_REGISTRY[_name] = (_module, _cls)


#: Detectors whose ``decision_function`` never changes them (scored without a copy).
_PURE_SCORERS: tuple[type, ...] = tuple(TRAIN_REFERENCE_DETECTORS.values())


def available_detectors() -> list[str]:
    """Return the detector names :class:`PyODDetector` accepts."""
    return list(DETECTOR_REGISTRY)


def _registered_name(name: str) -> str:
    """The :data:`DETECTOR_REGISTRY` key matching ``name`` case-insensitively (ValueError if none)."""
    by_lower = {k.lower(): k for k in DETECTOR_REGISTRY}
    key = by_lower.get(name.lower()) if isinstance(name, str) else None
    if key is None:
        raise ValueError(f"unknown PyOD detector {name!r}; known detectors: {', '.join(DETECTOR_REGISTRY)}")
    return key


def resolve_detector(name: str) -> type:
    """Return the PyOD class registered under ``name`` (case-insensitive).

    Imports PyOD (only that detector's module) on first use.

    Raises
    ------
    ValueError
        When ``name`` is not registered; the message lists the known names.
    """
    module, cls = DETECTOR_REGISTRY[_registered_name(name)]
    return getattr(importlib.import_module(module), cls)


class PyODDetector(DetectorMixin, BaseEstimator):
    """A PyOD detector instantiated by name, fitted on robustly scaled features.

    Parameters
    ----------
    name : str, default "ECOD"
        A key of :data:`DETECTOR_REGISTRY` (case-insensitive), e.g. ``"ECOD"``,
        ``"IForest"``, ``"LOF"``, ``"KNN"``, ``"HBOS"``.
    params : mapping, optional
        Keyword arguments for the PyOD class.  ``contamination`` and
        ``random_state`` are filled from this object unless given here.
    contamination : float, default 0.05
        Expected share of anomalies (also passed to PyOD).
    threshold_method : {"contamination", "tail"}, default "contamination"
        How ``threshold_`` is chosen from the training scores (PyOD's own
        ``threshold_`` is not used, so every model thresholds alike).
    tail_k : float, default 3.0
        Width of the tail rule in robust standard deviations.
    random_state : int or None, default 0
        Passed to detectors that accept it.
    log1p : bool, "auto" or sequence of str, default "auto"
        Log transform passed to the scaler.
    reference : {"train", "batch"}, default "train"
        What ECOD's and COPOD's empirical CDFs and skewness are computed on
        when scoring.  ``"train"``: the training data only
        (:class:`~models.tail_reference.ReferenceECOD`,
        :class:`~models.tail_reference.ReferenceCOPOD`): a row's score
        depends only on the fitted model and the row, so scoring row slices
        (partitions, workers, incremental passes) gives the whole-batch
        result exactly, and PyOD is not imported.  ``"batch"``: PyOD's own
        classes, which compute them on the training data plus the whole batch
        being scored, so a row's score moves with the other rows scored
        alongside it.  Other detectors score against the training data
        anyway and always come from PyOD; this parameter does not affect
        them.  Models saved before the parameter existed read as
        ``"batch"``, which is how they were fitted.

    Attributes
    ----------
    detector_ : estimator
        The fitted detector: a PyOD model, or for ECOD / COPOD with
        ``reference="train"`` a :mod:`models.tail_reference` one.
    scaler_ : RobustFeatureScaler
    feature_names_in_, n_features_in_, decision_scores_, threshold_, labels_
        As for every model of this package.
    """

    #: Models saved before the parameter existed used PyOD's batch-referenced ECOD / COPOD.
    reference: str = "batch"

    def __init__(
        self,
        name: str = "ECOD",
        params: Mapping[str, Any] | None = None,
        contamination: float = 0.05,
        threshold_method: str = "contamination",
        tail_k: float = 3.0,
        random_state: int | None = 0,
        log1p: bool | str | Sequence[str] = "auto",
        reference: str = "train",
    ):
        self.name = name
        self.params = params
        self.contamination = contamination
        self.threshold_method = threshold_method
        self.tail_k = tail_k
        self.random_state = random_state
        self.log1p = log1p
        self.reference = reference

    def _detector_class(self) -> type:
        if self.reference not in REFERENCES:
            raise ValueError(f"reference must be one of {', '.join(map(repr, REFERENCES))}; got {self.reference!r}")
        name = _registered_name(self.name)
        if self.reference == "train" and name in TRAIN_REFERENCE_DETECTORS:
            return TRAIN_REFERENCE_DETECTORS[name]
        return resolve_detector(name)

    def _make_detector(self) -> Any:
        cls = self._detector_class()
        kwargs = dict(self.params or {})
        accepted = inspect.signature(cls.__init__).parameters
        unknown = [k for k in kwargs if k not in accepted]
        if unknown:
            allowed = [p for p in accepted if p != "self"]
            raise ValueError(
                f"PyOD detector {cls.__name__} does not accept parameter(s) {', '.join(unknown)}; "
                f"it accepts: {', '.join(allowed)}"
            )
        if "contamination" in accepted:
            kwargs.setdefault("contamination", self.contamination)
        if "random_state" in accepted:
            kwargs.setdefault("random_state", self.random_state)
        return cls(**kwargs)

    def fit(self, X: pd.DataFrame | np.ndarray, y: Any = None) -> PyODDetector:
        """Scale ``X``, fit the PyOD detector and choose ``threshold_``.

        Parameters
        ----------
        X : pandas.DataFrame of shape (n_samples, n_features)
            Numeric features; NaN / inf allowed.
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Unknown detector name, parameter or ``reference``, invalid
            thresholding parameters, bad input.
        """
        validate_threshold_params(self.threshold_method, self.contamination, self.tail_k)
        detector = self._make_detector()
        values = self._validate_fit(X)
        names = getattr(self, "feature_names_in_", None)
        frame = values if names is None else pd.DataFrame(values, columns=list(names))
        self.scaler_ = RobustFeatureScaler(log1p=self.log1p).fit(frame)
        z = self.scaler_.transform(frame)
        detector.fit(z)
        self.detector_ = detector
        scores = np.asarray(detector.decision_scores_, dtype=np.float64).ravel()
        self._set_threshold(np.nan_to_num(scores, nan=0.0, posinf=np.finfo(np.float64).max))
        return self

    def decision_function(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Return anomaly scores, higher = more anomalous (PyOD's sign).

        Parameters
        ----------
        X : pandas.DataFrame
            Same columns as in ``fit`` (any order).

        Returns
        -------
        numpy.ndarray of float64, shape (n_samples,)
        """
        values = self._validate(X)
        if values.shape[0] == 0:
            return np.empty(0)
        detector = self.detector_
        if not isinstance(detector, _PURE_SCORERS):
            # PyOD detectors are not side-effect free when scoring: ECOD/COPOD
            # store intermediate arrays on themselves, and the scikit-learn trees
            # under LOF/KNN/ABOD/KDE count their queries.  Score with a copy so
            # this object never changes (and concurrent scoring stays safe).
            detector = copy.deepcopy(detector)
        scores = np.asarray(detector.decision_function(self.scaler_.transform(values)), dtype=np.float64)
        return np.nan_to_num(scores.ravel(), nan=0.0, posinf=np.finfo(np.float64).max)
