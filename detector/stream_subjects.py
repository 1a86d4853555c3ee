"""Which retained records an incremental re-analysis needs, and which alerts it may touch.

Given a fitted model, everything :func:`detector.pipeline.analyse` computes is
per *unit* — a session (and its windows), an account-day, a source-day — and
alerts are grouped per subject (account, or client address when there is
none), kind and local day.  So when new records arrive only the units they
belong to can change, and an incremental pass runs ``analyse()``'s own steps
(:func:`detector.units.build_units`, :func:`detector.pipeline.detect`) on
the retained records of the subjects that received new records, instead of
on the whole window.  The one log-wide quantity, the record populations
behind the ``entity_share`` features, is counted over the whole window
(:class:`detector.stream_state.EnrichedWindow`) and passed down, as the
partitioned scan does.

:func:`affected_records` picks those records so that every alert of a
*dirty* subject is computed from complete units:

1. The new records' application sessions are taken whole (an app session
   may span addresses and, signed in part-way, accounts); the accounts and
   addresses of all those records are the dirty subjects ``U`` and ``I``.
2. Every retained record of an account in ``U`` or from an address in ``I``
   is taken: that completes their account-days and source-days, and every
   session keyed by account + address + agent or by address + agent (all
   of a key's records share its account and address).
3. The application sessions of those records are then taken whole, so that
   every session in the subset is complete.

Alerts about an account in ``U`` or an address in ``I`` are then exactly
those a full analysis with the same model would give; other subjects in the
subset (say, another account behind a dirty office address) may be
incomplete there and are left alone — and since nothing of theirs changed,
their stored alerts still stand.  :func:`alert_scope` lists the alert ids a
pass may raise, update or withdraw.

Records leaving the retention window do not make a subject dirty: the alerts
of a subject with no new records keep the evidence they were raised on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from detector.alerts import ALERT_KINDS, alert_id_for
from detector.schema import concat_records

__all__ = ["DirtySubjects", "affected_records", "alert_scope", "dirty_subjects"]


def _values(column: pd.Series) -> set[str]:
    """The distinct present values of a text column, as Python strings."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        used = np.unique(codes[codes >= 0])
        return {str(v) for v in column.cat.categories[used]}
    return {str(v) for v in pd.unique(column.dropna())}


@dataclass
class DirtySubjects:
    """Accounts, client addresses and application sessions that received new records.

    Attributes
    ----------
    users, ips, apps : set of str
        Present values of ``user``, ``client_ip`` and ``app_session``.
    records : int
        New records they came from.
    """

    users: set[str] = field(default_factory=set)
    ips: set[str] = field(default_factory=set)
    apps: set[str] = field(default_factory=set)
    records: int = 0

    def __bool__(self) -> bool:
        return bool(self.records)

    def merge(self, other: "DirtySubjects") -> "DirtySubjects":
        """Add ``other``'s subjects (in place); returns self."""
        self.users |= other.users
        self.ips |= other.ips
        self.apps |= other.apps
        self.records += other.records
        return self


def dirty_subjects(frames: Iterable[pd.DataFrame]) -> DirtySubjects:
    """The subjects of new records (one or more records frames)."""
    out = DirtySubjects()
    for frame in frames:
        if frame.empty:
            continue
        out.users |= _values(frame["user"])
        out.ips |= _values(frame["client_ip"])
        out.apps |= _values(frame["app_session"])
        out.records += len(frame)
    return out


def _isin(column: pd.Series, values: set[str]) -> np.ndarray:
    if not values:
        return np.zeros(len(column), dtype=bool)
    return column.isin(list(values)).to_numpy(dtype=bool)


def affected_records(
    records: pd.DataFrame | Sequence[pd.DataFrame], dirty: DirtySubjects
) -> tuple[pd.DataFrame, set[str], set[str]]:
    """The retained records an incremental pass must analyse (see the module docstring).

    Parameters
    ----------
    records : pandas.DataFrame or sequence of them
        Every retained record (a records frame, enriched or not), possibly
        in several chunks.
    dirty : DirtySubjects
        What the new records touched.

    Returns
    -------
    subset : pandas.DataFrame
        The records to analyse, in arrival order (``line_no``), as the
        whole window would be analysed.
    users, ips : set of str
        The dirty accounts and addresses: alerts about them (and only them)
        are complete in ``subset``.
    """
    frames = [records] if isinstance(records, pd.DataFrame) else [f for f in records if len(f)]
    users, ips = set(dirty.users), set(dirty.ips)
    if dirty.apps:
        for frame in frames:
            touched = _isin(frame["app_session"], dirty.apps)
            if touched.any():
                users |= _values(frame["user"][touched])
                ips |= _values(frame["client_ip"][touched])
    takes = [_isin(f["user"], users) | _isin(f["client_ip"], ips) for f in frames]
    apps: set[str] = set()
    for frame, take in zip(frames, takes):
        if frame["app_session"].notna().any():
            apps |= _values(frame["app_session"][take])
    parts = []
    for frame, take in zip(frames, takes):
        if apps:
            take |= _isin(frame["app_session"], apps)
        if take.all():
            parts.append(frame)
        elif take.any():
            parts.append(frame.loc[take])
    if not parts:
        return (frames[0].iloc[:0] if frames else pd.DataFrame()), users, ips
    subset = concat_records(parts) if len(parts) > 1 else parts[0].reset_index(drop=True)
    order = np.argsort(subset["line_no"].to_numpy(), kind="stable")
    if (np.diff(order) != 1).any():
        subset = subset.take(order).reset_index(drop=True)
    return subset, users, ips


def alert_scope(users: set[str], ips: set[str], days: Iterable[int]) -> set[str]:
    """The ids of every alert about these accounts and addresses on these local days.

    Parameters
    ----------
    users, ips : set of str
        Dirty subjects (see :func:`affected_records`).
    days : iterable of int
        Local days (days since the epoch) the analysed records cover.

    Returns
    -------
    set of str
        :func:`detector.alerts.alert_id_for` of every kind, subject and day.
    """
    days = [int(d) for d in days]
    ids = set()
    for kind in ALERT_KINDS:
        for day in days:
            ids.update(alert_id_for(kind, u, None, day) for u in users if u != "")
            # an empty account name counts as none: such alerts are about the address
            ids.update(alert_id_for(kind, None, ip, day) for ip in ips)
    return ids
