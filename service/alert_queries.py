"""Reading alerts back: pages of alerts, one alert with its reviews, counts.

:class:`AlertQueriesMixin` gives :class:`service.store.Store` its reads of
the ``alerts`` and ``reviews`` tables (see :mod:`service.tables`), newest
first with opaque paging cursors.  Writing them is :mod:`service.alert_updates`.
"""

from __future__ import annotations

import base64
import binascii

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from .tables import alerts_t, reviews_t

__all__ = ["AlertQueriesMixin", "BadCursor", "decode_cursor", "encode_cursor"]


class BadCursor(ValueError):
    """A paging cursor that this store did not issue."""



def encode_cursor(seq: int) -> str:
    """An opaque paging cursor for the alerts before row ``seq``."""
    return base64.urlsafe_b64encode(f"c{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The row sequence number of a cursor from :func:`encode_cursor`.

    Raises
    ------
    BadCursor
        The cursor is not one this service issued.
    """
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if not text.startswith("c"):
            raise ValueError
        return int(text[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadCursor("cursor is not one this service issued") from None



class AlertQueriesMixin:
    """Alert reads of :class:`service.store.Store`.

    Expects ``engine`` (a SQLAlchemy engine) on the instance.
    """

    engine: Engine

    def list_alerts(
        self,
        *,
        kind: str | None = None,
        severity: str | None = None,
        user: str | None = None,
        since: str | None = None,
        status: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> tuple[list[dict], str | None]:
        """Alerts newest first; by default every status except ``withdrawn`` and ``suppressed``.

        Raises
        ------
        BadCursor
        """
        q = select(alerts_t)
        if kind:
            q = q.where(alerts_t.c.kind == kind)
        if severity:
            q = q.where(alerts_t.c.severity == severity)
        if user:
            q = q.where(alerts_t.c.user == user)
        if since:
            q = q.where(alerts_t.c.last_seen >= since)
        if status:
            q = q.where(alerts_t.c.status == status)
        else:
            q = q.where(alerts_t.c.status.in_(("open", "reviewed")))
        if cursor:
            q = q.where(alerts_t.c.seq < decode_cursor(cursor))
        q = q.order_by(alerts_t.c.seq.desc()).limit(limit + 1)
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        more = len(rows) > limit
        rows = rows[:limit]
        nxt = encode_cursor(rows[-1]["seq"]) if more and rows else None
        return [_row_to_alert(r, full=False) for r in rows], nxt

    def get_alert(self, alert_id: str) -> dict | None:
        """One alert with its payload and reviews, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(alerts_t).where(alerts_t.c.id == alert_id)).mappings().first()
            if row is None:
                return None
            reviews = conn.execute(
                select(reviews_t.c.verdict, reviews_t.c.note, reviews_t.c.reviewer, reviews_t.c.at)
                .where(reviews_t.c.alert_id == alert_id)
                .order_by(reviews_t.c.seq)
            ).mappings().all()
        out = _row_to_alert(row, full=True)
        out["reviews"] = [dict(r) for r in reviews]
        return out

    def latest_reviews(self) -> list[dict]:
        """The latest verdict on every reviewed alert, oldest first.

        Returns
        -------
        list of dict
            ``alert_id``, ``verdict``, ``reviewer``, ``at``, ``note`` — the
            shape ``detector train --labels`` reads.
        """
        latest = select(reviews_t.c.alert_id, func.max(reviews_t.c.seq).label("seq")).group_by(reviews_t.c.alert_id).subquery()
        query = (
            select(reviews_t.c.alert_id, reviews_t.c.verdict, reviews_t.c.reviewer, reviews_t.c.at, reviews_t.c.note)
            .join(latest, reviews_t.c.seq == latest.c.seq)
            .order_by(reviews_t.c.seq)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def open_counts_by_kind(self) -> dict[str, int]:
        """Open (unreviewed, not withdrawn or suppressed) alerts per kind."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(alerts_t.c.kind, func.count()).where(alerts_t.c.status == "open").group_by(alerts_t.c.kind)
            ).all()
        return {k: int(n) for k, n in rows}

    def count_alerts(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(alerts_t)).scalar_one())




def _row_to_alert(row, *, full: bool) -> dict:
    payload = row["payload"] or {}
    out = {
        "alert_id": row["id"],
        "kind": row["kind"],
        "severity": row["severity"],
        "score": row["score"],
        "user": row["user"],
        "day": row["day"],
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
        "status": row["status"],
        "client_ips": payload.get("client_ips", []),
        "reasons": payload.get("reasons", []),
        "rules": payload.get("rules", []),
        "campaign": payload.get("campaign"),
        "other_accounts": payload.get("other_accounts", []),
        "n_sessions": len(payload.get("session_ids", [])),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
    if full:
        out.update(
            user_agents=payload.get("user_agents", []),
            session_ids=payload.get("session_ids", []),
            sessions=payload.get("sessions", []),
            activity=payload.get("activity", []),
        )
    return out
