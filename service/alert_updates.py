"""Writing alerts and reviews: the analysis' alerts upserted, analysts' verdicts recorded.

:class:`AlertUpdatesMixin` gives :class:`service.store.Store` its writes to
the ``alerts``, ``reviews`` and ``suppressions`` tables (see
:mod:`service.tables`): alerts are upserted by their stable id (raised,
updated, suppressed or withdrawn) and verdicts recorded, a false positive
suppressing later alerts of its kind and subject.  Reading them back is
:mod:`service.alert_queries`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .tables import alerts_t, now_iso, reviews_t, suppressions_t

__all__ = ["SEVERITY_ORDER", "STATUSES", "VERDICTS", "AlertUpdatesMixin", "UpsertResult", "subject_of"]

STATUSES = ("open", "reviewed", "suppressed", "withdrawn")
VERDICTS = ("confirmed", "false_positive", "benign_automation")
SEVERITY_ORDER = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def subject_of(alert: dict) -> str:
    """The suppression subject of an alert: its account, else its first client address."""
    if alert.get("user"):
        return "user:" + str(alert["user"])
    ips = alert.get("client_ips") or []
    return "ip:" + (str(ips[0]) if ips else "?")



@dataclass
class UpsertResult:
    """What one upsert of an analysis' alerts changed."""

    raised: list[tuple[str, str]] = field(default_factory=list)  # (kind, severity) new, re-opened or escalated
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    suppressed: int = 0


_PAYLOAD_KEYS = ("reasons", "session_ids", "client_ips", "user_agents", "rules", "sessions", "activity", "campaign",
                "other_accounts")


class AlertUpdatesMixin:
    """Alert and review writes of :class:`service.store.Store`.

    Expects ``engine`` (a SQLAlchemy engine), ``dialect`` (its backend name)
    and ``_write_lock`` (held by every write) on the instance.
    """

    engine: Engine
    dialect: str
    replica_id: str
    _write_lock: threading.RLock

    def upsert_alerts(
        self,
        docs: list[dict],
        *,
        window_start: str | None = None,
        suppress: bool = True,
        withdraw: bool = True,
        scope: set[str] | None = None,
    ) -> UpsertResult:
        """Insert new alerts and update known ones, keyed by ``alert_id``.

        Parameters
        ----------
        docs : list of dict
            Alert documents: :meth:`detector.alerts.Alert.to_dict` plus
            ``sessions`` and ``activity``.
        window_start : str, optional
            ISO time of the oldest retained record; open unreviewed alerts
            that start at or after it and are absent from ``docs`` are
            withdrawn (when ``withdraw``) — only those this replica wrote
            last (another replica's alerts come from lines it never saw).
        suppress : bool
            Store new alerts of a suppressed ``(kind, subject)`` as ``suppressed``.
        scope : set of str, optional
            The alert ids this analysis covered (an incremental analysis
            covers the subjects that received new records; see
            :func:`detector.stream_subjects.alert_scope`): only these may be
            withdrawn.  None: every alert.
        """
        result = UpsertResult()
        stamp = now_iso()
        by_id = {d["alert_id"]: d for d in docs}
        with self._write_lock, self.engine.begin() as conn:
            existing = {}
            ids = list(by_id)
            for i in range(0, len(ids), 500):
                for row in conn.execute(
                    select(
                        alerts_t.c.id, alerts_t.c.status, alerts_t.c.severity, alerts_t.c.score,
                        alerts_t.c.first_seen, alerts_t.c.last_seen, alerts_t.c.payload,
                    ).where(alerts_t.c.id.in_(ids[i : i + 500]))
                ):
                    existing[row.id] = row
            suppressed_pairs = set()
            if suppress and len(existing) < len(by_id):
                suppressed_pairs = {(k, s) for k, s in conn.execute(select(suppressions_t.c.kind, suppressions_t.c.subject))}
            for alert_id, doc in by_id.items():
                payload = {k: doc.get(k, None if k == "campaign" else []) for k in _PAYLOAD_KEYS}
                values = {
                    "kind": doc["kind"],
                    "severity": doc["severity"],
                    "score": float(doc["score"]),
                    "user": doc.get("user"),
                    "subject": subject_of(doc),
                    "day": doc["day"],
                    "first_seen": doc["first_seen"],
                    "last_seen": doc["last_seen"],
                    "replica": self.replica_id,
                }
                old = existing.get(alert_id)
                if old is None:
                    status = "suppressed" if (values["kind"], values["subject"]) in suppressed_pairs else "open"
                    stmt = insert(alerts_t).values(
                        id=alert_id, status=status, payload=payload, created_at=stamp, updated_at=stamp, **values
                    )
                    try:
                        if self.dialect == "sqlite":  # one writer per file (write lock + SQLite's own lock)
                            conn.execute(stmt)
                        else:
                            with conn.begin_nested():
                                conn.execute(stmt)
                    except IntegrityError:  # another replica inserted it first
                        conn.execute(update(alerts_t).where(alerts_t.c.id == alert_id).values(payload=payload, updated_at=stamp, **values))
                        result.updated += 1
                        continue
                    if status == "open":
                        result.raised.append((values["kind"], values["severity"]))
                    else:
                        result.suppressed += 1
                    continue
                changed = (
                    old.severity != values["severity"]
                    or abs(float(old.score) - values["score"]) > 1e-9
                    or old.first_seen != values["first_seen"]
                    or old.last_seen != values["last_seen"]
                    or old.status == "withdrawn"
                    or (old.payload or {}).get("session_ids") != payload["session_ids"]
                    or (old.payload or {}).get("reasons") != payload["reasons"]
                )
                if not changed:
                    result.unchanged += 1
                    continue
                status = old.status
                if status == "withdrawn":
                    status = "open"
                    result.raised.append((values["kind"], values["severity"]))
                elif status == "open" and SEVERITY_ORDER.get(values["severity"], 0) > SEVERITY_ORDER.get(old.severity, 0):
                    result.raised.append((values["kind"], values["severity"]))
                conn.execute(
                    update(alerts_t)
                    .where(alerts_t.c.id == alert_id)
                    .values(status=status, payload=payload, updated_at=stamp, **values)
                )
                result.updated += 1
            if withdraw and window_start is not None:
                stale = [
                    row[0]
                    for row in conn.execute(
                        select(alerts_t.c.id).where(
                            alerts_t.c.status == "open",
                            alerts_t.c.first_seen >= window_start,
                            alerts_t.c.replica == self.replica_id,
                        )
                    )
                    if row[0] not in by_id and (scope is None or row[0] in scope)
                ]
                for i in range(0, len(stale), 500):
                    conn.execute(
                        update(alerts_t)
                        .where(alerts_t.c.id.in_(stale[i : i + 500]), alerts_t.c.status == "open")
                        .values(status="withdrawn", updated_at=stamp)
                    )
                result.withdrawn = len(stale)
        return result

    def add_review(self, alert_id: str, verdict: str, note: str, reviewer: str, *, suppress: bool) -> dict | None:
        """Record a verdict; None when the alert is unknown."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
        stamp = now_iso()
        with self._write_lock, self.engine.begin() as conn:
            row = conn.execute(select(alerts_t.c.kind, alerts_t.c.subject).where(alerts_t.c.id == alert_id)).first()
            if row is None:
                return None
            conn.execute(insert(reviews_t).values(alert_id=alert_id, verdict=verdict, note=note, reviewer=reviewer, at=stamp))
            conn.execute(update(alerts_t).where(alerts_t.c.id == alert_id).values(status="reviewed", updated_at=stamp))
            if suppress and verdict == "false_positive":
                exists = conn.execute(
                    select(suppressions_t.c.kind).where(suppressions_t.c.kind == row.kind, suppressions_t.c.subject == row.subject)
                ).first()
                if exists is None:
                    conn.execute(insert(suppressions_t).values(kind=row.kind, subject=row.subject, alert_id=alert_id, at=stamp))
        return {"alert_id": alert_id, "verdict": verdict, "note": note, "reviewer": reviewer, "at": stamp}
