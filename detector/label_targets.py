"""Turn verdict labels into training targets per model level (``detector train --labels``).

Labels are read by :func:`detector.labels.read_labels`; :func:`resolve_labels`
turns them into targets per model level:

* **session** level: ``s-`` ids and application session ids label their
  sessions; an account or alert verdict of *not abusive* labels every
  session of that account-day as not abusive (a benign day has no abusive
  session), and a verdict on an unauthenticated alert (source-day) labels
  the unauthenticated sessions of that address and day.  A *positive*
  account verdict does not make each of its sessions positive (the owner's
  own work is in them).
* **account-day** level: accounts label all their days, alert ids the
  alert's day; a day with a positive session is positive, a day whose
  every session is labelled negative is negative.

When several labels reach one unit, the most specific wins (session id >
application session > alert > account > derived); among equally specific
labels that disagree, *abusive* wins (a confirmed scraping alert makes the
account-day abusive even if its sharing alert was a false positive), and the
unit is counted in ``conflicts``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detector.labels import PRIORITY, Label
from detector.sessions import Sessionised


@dataclass
class LabelMatch:
    """Labels found in one set of logs, as targets per level.

    Attributes
    ----------
    targets : dict of str to pandas.Series
        Per level (``session``, ``account_day``), 0/1 targets indexed like
        that level's feature frame (only labelled units).
    matched : dict of str to int
        Labels matched, per id kind (as resolved).
    unmatched : list of str
        Ids not found in these logs.
    conflicts : dict of str to int
        Per level, units on which equally specific labels disagreed (labelled abusive).
    by_label : dict of str to int
        Matched labels per normalised label text.
    """

    targets: dict[str, pd.Series]
    matched: dict[str, int] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    conflicts: dict[str, int] = field(default_factory=dict)
    by_label: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per level, ``{"positives": n, "negatives": n}``."""
        return {
            level: {"positives": int((y == 1).sum()), "negatives": int((y == 0).sum())}
            for level, y in self.targets.items()
        }

    def to_dict(self, max_unmatched: int = 20) -> dict:
        """A JSON-ready summary (for model metadata)."""
        return {
            "counts": self.counts(),
            "matched": dict(self.matched),
            "unmatched": len(self.unmatched),
            "unmatched_sample": self.unmatched[:max_unmatched],
            "conflicts": dict(self.conflicts),
            "by_label": dict(self.by_label),
        }


class _Votes:
    """Labels reaching each unit of one level, with their specificity."""

    def __init__(self) -> None:
        self.votes: dict[object, list[tuple[int, int]]] = {}

    def add(self, unit: object, value: int, source: str) -> None:
        self.votes.setdefault(unit, []).append((PRIORITY[source], value))

    def resolve(self, index: pd.Index) -> tuple[pd.Series, int]:
        units, values, conflicts = [], [], 0
        for unit, votes in self.votes.items():
            top = max(p for p, _ in votes)
            decided = {v for p, v in votes if p == top}
            if len(decided) > 1:
                conflicts += 1
            units.append(unit)
            values.append(max(decided))
        if not units:
            return pd.Series([], index=index[:0], dtype=np.int64), conflicts
        if isinstance(index, pd.MultiIndex):
            idx = pd.MultiIndex.from_tuples(units, names=index.names)
        else:
            idx = pd.Index(units, name=index.name)
        y = pd.Series(values, index=idx, dtype=np.int64)
        return y.loc[index.intersection(y.index)] if len(index) else y.iloc[:0], conflicts


def _alert_subjects(account_days: pd.Index, source_days: pd.Index) -> dict[str, tuple[str | None, str | None, int]]:
    """Every alert id these logs could produce, to its ``(user, ip, day)`` subject."""
    from detector.alerts import ALERT_KINDS, alert_id_for  # the decider's id scheme (one source of truth)

    out: dict[str, tuple[str | None, str | None, int]] = {}
    for user, day in account_days:
        for kind in ALERT_KINDS:
            out[alert_id_for(kind, user, None, int(day))] = (user, None, int(day))
    for ip, day in source_days:
        for kind in ALERT_KINDS:
            out[alert_id_for(kind, None, ip, int(day))] = (None, ip, int(day))
    return out


def resolve_labels(labels: list[Label], data: Sessionised, features: dict[str, pd.DataFrame]) -> LabelMatch:
    """Find the units each label names in these logs.

    Parameters
    ----------
    labels : list of Label
        From :func:`read_labels`.
    data : Sessionised
        Sessions of the logs (from :func:`detector.pipeline.build_features`).
    features : dict of str to pandas.DataFrame
        The feature frames of the same logs, keyed by level.

    Returns
    -------
    LabelMatch
        Targets for the ``session`` and ``account_day`` levels.
    """
    sessions = data.sessions
    req = data.requests
    session_index = features["session"].index if "session" in features else sessions.index
    ad_index = features["account_day"].index if "account_day" in features else pd.MultiIndex.from_tuples([], names=["user", "local_day"])
    sd_index = features["source_day"].index if "source_day" in features else pd.MultiIndex.from_tuples([], names=["client_ip", "local_day"])

    by_session_id = dict(zip(sessions["session_id"].to_numpy(), sessions.index))
    app = sessions["app_session"]
    by_app = app[app.notna()].groupby(app[app.notna()].astype(str)).groups
    # sessions of each account-day and of each unauthenticated (address, day)
    day_of_request = req["local_day"].to_numpy() if len(req) else np.zeros(0, dtype=np.int64)
    pairs = pd.DataFrame(
        {"session_idx": req["session_idx"].to_numpy(), "user": req["user"].to_numpy(), "ip": req["client_ip"].to_numpy(), "day": day_of_request}
    ).drop_duplicates() if len(req) else pd.DataFrame(columns=["session_idx", "user", "ip", "day"])
    authed = pairs[pairs["user"].notna()]
    sessions_of_ad = authed.groupby(["user", "day"])["session_idx"].unique().to_dict()
    anon_idx = sessions.index[sessions["user"].isna()]
    anon = pairs[pairs["session_idx"].isin(anon_idx)]
    sessions_of_sd = anon.groupby(["ip", "day"])["session_idx"].unique().to_dict()
    users = {}
    for user in ad_index.get_level_values(0).unique() if len(ad_index) else []:
        users.setdefault(str(user).lower(), []).append(user)
    days_of_user: dict[str, list] = {}
    for unit in ad_index:
        days_of_user.setdefault(unit[0], []).append(unit)
    alerts = None  # built on first alert label (hashes every candidate subject)

    session_votes, ad_votes = _Votes(), _Votes()
    matched: Counter = Counter()
    by_label: Counter = Counter()
    unmatched: list[str] = []

    def label_account_days(units: list, value: int, source: str) -> None:
        for unit in units:
            ad_votes.add(unit, value, source)
            if value == 0:  # a benign day has no abusive session
                for s in sessions_of_ad.get((unit[0], unit[1]), []):
                    session_votes.add(int(s), 0, "derived")

    for lab in labels:
        kind = lab.kind
        hit = False
        if kind == "session":
            if lab.id in by_session_id:
                session_votes.add(int(by_session_id[lab.id]), lab.value, "session")
                hit = True
        if kind in ("app_session", "auto") and lab.id in by_app:
            for s in by_app[lab.id]:
                session_votes.add(int(s), lab.value, "app_session")
            kind, hit = "app_session", True
        if kind in ("account", "auto") and not hit:
            for user in users.get(lab.id.lower(), []):
                label_account_days(days_of_user.get(user, []), lab.value, "account")
                kind, hit = "account", True
        if kind == "alert":
            if alerts is None:
                alerts = _alert_subjects(ad_index, sd_index)
            subject = alerts.get(lab.id)
            if subject is not None:
                hit = True
                user, ip, day = subject
                if user is not None:
                    label_account_days([(user, day)], lab.value, "alert")
                else:
                    for s in sessions_of_sd.get((ip, day), []):
                        session_votes.add(int(s), lab.value, "alert")
        if hit:
            matched[kind] += 1
            by_label[lab.label] += 1
        else:
            unmatched.append(lab.id)

    targets: dict[str, pd.Series] = {}
    conflicts: dict[str, int] = {}
    y_session, conflicts["session"] = session_votes.resolve(session_index)
    # account-days derived from session labels: any positive session -> positive; all sessions negative -> negative
    if len(y_session) and len(ad_index):
        labelled = y_session.to_dict()
        for (user, day), members in sessions_of_ad.items():
            values = [labelled.get(int(s)) for s in members]
            if any(v == 1 for v in values):
                ad_votes.add((user, day), 1, "derived")
            elif values and all(v == 0 for v in values):
                ad_votes.add((user, day), 0, "derived")
    y_ad, conflicts["account_day"] = ad_votes.resolve(ad_index)
    targets["session"] = y_session
    targets["account_day"] = y_ad
    return LabelMatch(targets, dict(matched), unmatched, conflicts, dict(by_label))


__all__ = ["LabelMatch", "resolve_labels"]
