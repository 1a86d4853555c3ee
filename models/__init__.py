"""Scoring models of the records-access detector.

Every model follows the scikit-learn / PyOD estimator contract: parameters
stored unchanged in ``__init__``, ``fit(X)`` returns ``self`` and sets
trailing-underscore attributes (``feature_names_in_``, ``decision_scores_``,
``threshold_``, ``labels_`` ...), ``decision_function(X)`` is higher = more
anomalous and never changes the model, ``predict(X)`` is 0/1 by ``threshold_``.

Submodules are imported lazily, so ``import models`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "RobustFeatureScaler": "base",
    "check_features": "base",
    "choose_threshold": "base",
    "ecdf_scores": "base",
    "IsolationForestDetector": "iforest",
    "PyODDetector": "pyod_detector",
    "available_detectors": "pyod_detector",
    "ScoreEnsemble": "ensemble",
    "Rule": "rules",
    "RuleError": "rules",
    "RuleSet": "rules",
    "SEVERITY_WEIGHTS": "rules",
    "default_rules_path": "rules",
    "load_rules": "rules",
    "ModelLoadError": "persistence",
    "ModelMismatchError": "persistence",
    "load_model": "persistence",
    "save_model": "persistence",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'models' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
