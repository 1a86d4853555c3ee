"""Per-unit tables: everything detection needs once the requests are summarised.

Fitting, scoring and deciding need only tables with one row per *unit*: the
sessions table, the features of sessions, account-days and address-days, and
the features of the windows of long sessions.  Building them
(:func:`build_units`) is the only step that touches requests.  It runs on a
whole log at once, or partition by partition (see :mod:`detector.engine`):
partitions by account hold whole sessions and account-days, partitions by
address hold whole address-days, and :func:`combine_units` joins their tables.

The only log-wide quantities a partition cannot see are the record
populations behind the ``entity_share`` features; :func:`entity_populations`
collects them in the reading pass and they are passed down in
:class:`~detector.features.FeatureParams`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np
import pandas as pd

from detector.features import FeatureParams, compute_features
from detector.features.account import account_entities
from detector.features.client_turns import log_referer_share
from detector.features.whole_log import log_past_sign_in_share, whole_log_session_features
from detector.features.session import page_entities
from detector.sessions import Sessionised, sessionise
from detector.windows import window_split

LEVELS = ("session", "account_day", "source_day")
#: The request columns the address-day (``source_day``) features read; all a
#: by-address partition needs to hold (tested against the whole records).
ADDRESS_COLUMNS = ("ts", "client_ip", "local_day", "user", "method", "path", "status", "referer", "user_agent",
                   "is_static", "is_login", "ua_class", "ua_family")


@dataclass
class Units:
    """The per-unit tables of a log (or of one partition of it).

    Attributes
    ----------
    sessions : pandas.DataFrame
        The sessions table (see :class:`~detector.sessions.Sessionised`),
        indexed by ``session_idx``.
    features : dict of str to pandas.DataFrame
        Features per level (``session`` rows follow ``sessions``).
    windows : pandas.DataFrame or None
        Session features of each window of the sessions longer than a window.
    window_parent : numpy.ndarray or None
        Each window's parent ``session_idx``.
    requests : int
        Requests summarised.
    accounts : int
        Distinct accounts among them.
    data : Sessionised or None
        The requests themselves, kept only when asked for.
    """

    sessions: pd.DataFrame
    features: dict[str, pd.DataFrame]
    windows: pd.DataFrame | None = None
    window_parent: np.ndarray | None = None
    requests: int = 0
    accounts: int = 0
    data: Sessionised | None = field(default=None, repr=False)


def entity_populations(records: pd.DataFrame) -> dict[str, np.ndarray]:
    """The distinct record hashes behind each ``entity_share`` feature, in enriched ``records``.

    Returns
    -------
    dict of str to numpy.ndarray
        Keyed by the :class:`~detector.features.FeatureParams` field each
        population sets; unite the arrays of several chunks with
        :func:`numpy.union1d` and pass their sizes.
    """
    return {"entity_population": page_entities(records), "account_entity_population": account_entities(records)}


def with_populations(params: FeatureParams, populations: dict[str, np.ndarray]) -> FeatureParams:
    """``params`` with the log-wide record populations set (at least 1 each)."""
    return replace(params, **{name: max(int(len(values)), 1) for name, values in populations.items()})


def build_units(
    enriched: pd.DataFrame,
    gap_minutes: float,
    params: FeatureParams,
    levels: Sequence[str] = LEVELS,
    keep_data: bool = False,
) -> Units:
    """Sessions, features and windows of enriched records.

    Parameters
    ----------
    enriched : pandas.DataFrame
        Output of :func:`detector.enrich.enrich_records`.
    gap_minutes : float
        Inactivity that ends a session.
    params : FeatureParams
        Feature settings (``window_minutes`` also cuts the windows).
    levels : sequence of str
        Levels to compute.  Without ``session`` the requests are not
        sessionised and the sessions table is empty (an address partition
        needs only ``source_day``, from :data:`ADDRESS_COLUMNS`).
    keep_data : bool, default False
        Keep the sessionised requests in :attr:`Units.data`.

    Returns
    -------
    Units
    """
    if "session" not in levels:
        # an address partition: no sessions (it may hold only ADDRESS_COLUMNS), and its requests
        # repeat requests an account partition already counts
        data = Sessionised(enriched, pd.DataFrame(index=pd.RangeIndex(0, name="session_idx")))
        return Units(data.sessions, {level: compute_features(data, level, params) for level in levels})
    accounts = int(enriched["user"].nunique()) if len(enriched) else 0
    data = sessionise(enriched, gap_minutes)
    features = {level: compute_features(data, level, params) for level in levels}
    windows, parent = None, None
    split = window_split(data, params.window_minutes)
    if split is not None:
        windows = compute_features(split[0], "session", params)
        parent = split[1]
    return Units(
        data.sessions, features, windows, parent, requests=len(enriched), accounts=accounts,
        data=data if keep_data else None,
    )


def _offset(frame: pd.DataFrame, offset: int) -> pd.DataFrame:
    out = frame.copy(deep=False)
    out.index = frame.index + offset
    return out


def combine_units(parts: Sequence[Units]) -> Units:
    """Join the tables of disjoint partitions (sessions and windows renumbered in order).

    Parameters
    ----------
    parts : sequence of Units
        Partitions' tables; a level's units must not repeat across partitions.

    Returns
    -------
    Units
        Without ``data``.
    """
    sessions, windows, parents = [], [], []
    features: dict[str, list[pd.DataFrame]] = {}
    offset = window_offset = 0
    for part in parts:
        if len(part.sessions):
            sessions.append(_offset(part.sessions, offset))
        for level, frame in part.features.items():
            if len(frame) or level not in features:
                features.setdefault(level, []).append(_offset(frame, offset) if level == "session" else frame)
        if part.windows is not None:
            windows.append(_offset(part.windows, window_offset))
            parents.append(np.asarray(part.window_parent, dtype=np.int64) + offset)
            window_offset += len(part.windows)
        offset += len(part.sessions)
    table = pd.concat(sessions) if sessions else parts[0].sessions.iloc[:0]
    table.index.name = "session_idx"
    return Units(
        table,
        {level: pd.concat(frames) for level, frames in features.items()},
        pd.concat(windows) if windows else None,
        np.concatenate(parents) if parents else None,
        requests=sum(p.requests for p in parts),
        accounts=sum(p.accounts for p in parts),
    )


def with_whole_log_features(units: Units) -> Units:
    """The units with the features only the whole log can give (:mod:`detector.features.whole_log`).

    They cross accounts, so partitions by account cannot compute them; this
    runs once the partitions are combined (or on a whole log read at once:
    :func:`detector.pipeline.records_units`, and again, as a no-op, in
    :func:`detector.pipeline.detect` for units built any other way), before
    fitting and scoring.  A window of a long session takes its
    session's values.  Units that have them already are returned as they are.

    Parameters
    ----------
    units : Units
        A whole log's tables.

    Returns
    -------
    Units
    """
    session = units.features.get("session")
    if session is None or "client_accounts_in_turn" in session.columns:
        return units
    extra = whole_log_session_features(units.sessions, session)
    features = dict(units.features)
    features["session"] = pd.concat([session, extra.reindex(session.index).fillna(0.0)], axis=1)
    if "source_day" in features:  # the address-day rules read a lack of referers too
        share = float(extra["log_referer_share"].iloc[0]) if len(extra) else log_referer_share(session)
        features["source_day"] = features["source_day"].assign(log_referer_share=share,
                                                                log_past_sign_in_share=log_past_sign_in_share(features["source_day"]))
    windows = units.windows
    if windows is not None:
        parent = extra.reindex(np.asarray(units.window_parent)).to_numpy()
        windows = pd.concat([windows, pd.DataFrame(parent, index=windows.index, columns=extra.columns)], axis=1)
    return replace(units, features=features, windows=windows)


def fit_order(features: dict[str, pd.DataFrame], sessions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The features in a canonical row order, for fitting.

    Models that subsample (the isolation forest) depend on row order; fitting
    on sessions sorted by ``session_id`` and day units sorted by their index
    gives the same model however the log was read or partitioned.

    Parameters
    ----------
    features : dict of str to pandas.DataFrame
        Features per level; ``session`` rows are indexed like ``sessions``.
    sessions : pandas.DataFrame
        The sessions table.

    Returns
    -------
    dict of str to pandas.DataFrame
    """
    out = {}
    for level, frame in features.items():
        if level == "session":
            ids = sessions["session_id"].reindex(frame.index).to_numpy(dtype=object)
            out[level] = frame.iloc[np.argsort(ids, kind="stable")]
        else:
            out[level] = frame.sort_index()
    return out
