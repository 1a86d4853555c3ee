"""Feature families: pure functions from sessions to feature frames.

Importing this package registers every family in
:data:`detector.features.registry.REGISTRY`.
"""

from detector.features import account, answers, second_computer, session, session_context, source  # noqa: F401 (registers)
from detector.features.registry import REGISTRY, FeatureParams, compute_features, feature_docs

__all__ = ["REGISTRY", "FeatureParams", "compute_features", "feature_docs"]
