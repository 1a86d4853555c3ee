"""The one table of feature families.

Each family is a pure function from a :class:`~detector.sessions.Sessionised`
(requests in session order plus the sessions table) to a features frame, with
a one-line description of what it measures.  Families are registered with
:func:`feature_family` and computed by :func:`compute_features`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np
import pandas as pd

from detector.io.memory import release_memory
from detector.sessions import Sessionised

Level = Literal["session", "account_day", "source_day"]


@dataclass(frozen=True)
class FeatureFamily:
    """A registered feature family.

    Attributes
    ----------
    name : str
        Short family name (``rate``, ``timing``, ...).
    level : {"session", "account_day", "source_day"}
        What one output row describes.
    doc : str
        One line saying what the family measures.
    func : callable
        ``func(data: Sessionised, params: FeatureParams) -> DataFrame``.
    """

    name: str
    level: Level
    doc: str
    func: Callable[["Sessionised", "FeatureParams"], pd.DataFrame]


@dataclass(frozen=True)
class FeatureParams:
    """Settings some families need (taken from :class:`detector.config.Settings`)."""

    generic_account_patterns: tuple[str, ...] = ()
    service_account_patterns: tuple[str, ...] = ()
    travel_max_minutes: float = 20.0
    pause_minutes: float = 5.0
    window_minutes: float = 60.0
    #: Distinct records named by page views in the whole log (``entity_share``); None = count them in ``data``.
    #: Set when ``data`` is one partition of a larger log (see :mod:`detector.units`).
    entity_population: int | None = None
    #: Distinct records named by authenticated non-asset requests in the whole log (``ad_entity_share``).
    account_entity_population: int | None = None


REGISTRY: dict[str, FeatureFamily] = {}


def feature_family(name: str, level: Level, doc: str) -> Callable:
    """Register a feature family under ``name``.

    Parameters
    ----------
    name : str
        Family name; must be unique per level.
    level : {"session", "account_day", "source_day"}
        Unit the family's rows describe.
    doc : str
        One line: what it measures.
    """

    def wrap(func: Callable) -> Callable:
        key = f"{level}.{name}"
        if key in REGISTRY:
            raise ValueError(f"feature family {key} registered twice")
        REGISTRY[key] = FeatureFamily(name=name, level=level, doc=doc, func=func)
        return func

    return wrap


def compute_features(data: Sessionised, level: Level, params: FeatureParams | None = None) -> pd.DataFrame:
    """Compute every registered family of one level and join them.

    Parameters
    ----------
    data : Sessionised
        Requests in session order plus the sessions table.
    level : {"session", "account_day", "source_day"}
        Which families to run.
    params : FeatureParams, optional
        Family settings.

    Returns
    -------
    pandas.DataFrame
        One row per unit, one float column per feature.
    """
    params = params or FeatureParams()
    try:
        frames = [fam.func(data, params) for fam in REGISTRY.values() if fam.level == level]
    finally:
        data.cache.clear()  # derived arrays are shared by the families of one call, never kept longer
        release_memory()
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, axis=1)
    dupes = out.columns[out.columns.duplicated()].tolist()
    if dupes:
        raise ValueError(f"feature names defined by more than one family: {dupes}")
    return out.astype(np.float64)


def feature_docs() -> pd.DataFrame:
    """Return the registry, and the families only a whole log gives, as a table of level, family and description."""
    from detector.features.whole_log import WHOLE_LOG_FAMILIES

    rows = [(f.level, f.name, f.doc) for f in REGISTRY.values()]
    rows += [(*key.split("."), doc) for key, doc in WHOLE_LOG_FAMILIES.items()]
    return pd.DataFrame(rows, columns=["level", "family", "measures"])
