"""Durable state of the live service, through SQLAlchemy 2.x.

Tables
------
``alerts``
    One row per stable alert id (kind + subject + local day): kind, severity,
    score, user, day, first/last seen, status and a JSON payload (reasons,
    session ids, addresses, user agents, rules, session details, per-minute
    activity).  Status is ``open``, ``reviewed``, ``suppressed`` (a
    false-positive verdict on the same kind and subject came first) or
    ``withdrawn`` (a later analysis of the same fully retained window no
    longer produced it and nobody had reviewed it).
``reviews``
    Verdicts (``confirmed``, ``false_positive``, ``benign_automation``) with
    note, reviewer and time.
``suppressions``
    ``(kind, subject)`` pairs a false-positive verdict silenced.
``ingest_journal``
    Append-only, zlib-compressed batches of accepted raw lines, written and
    committed *before* an ingest is acknowledged; replayed into the engine at
    start so that nothing acknowledged is lost to a restart or ``kill -9``.
    Batches older than the retention window are pruned.
``checkpoints``
    ``detector tail``'s position per followed file (identity + offset).
``meta``
    ``schema_version``.

The embedded default is a SQLite file in WAL mode (``synchronous=FULL``, so a
committed transaction survives the process being killed); PostgreSQL works by
URL (``postgresql+psycopg://user@host/db``).  The schema is created at start.
"""

from __future__ import annotations

import base64
import binascii
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError
from sqlalchemy.pool import StaticPool

SCHEMA_VERSION = 1
STATUSES = ("open", "reviewed", "suppressed", "withdrawn")
VERDICTS = ("confirmed", "false_positive", "benign_automation")
SEVERITY_ORDER = {"low": 0, "medium": 1, "high": 2, "critical": 3}

metadata = MetaData()

alerts_t = Table(
    "alerts",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("kind", String(40), nullable=False, index=True),
    Column("severity", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("user", String(400), nullable=True, index=True),
    Column("subject", String(400), nullable=False),
    Column("day", String(10), nullable=False),
    Column("first_seen", String(20), nullable=False),
    Column("last_seen", String(20), nullable=False, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("payload", JSON, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

reviews_t = Table(
    "reviews",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(40), ForeignKey("alerts.id"), nullable=False, index=True),
    Column("verdict", String(32), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("reviewer", String(200), nullable=False),
    Column("at", String(32), nullable=False),
)

suppressions_t = Table(
    "suppressions",
    metadata,
    Column("kind", String(40), primary_key=True),
    Column("subject", String(400), primary_key=True),
    Column("alert_id", String(40), nullable=False),
    Column("at", String(32), nullable=False),
)

journal_t = Table(
    "ingest_journal",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("received_at", Float, nullable=False),
    Column("source", String(200), nullable=False),
    Column("format", String(40), nullable=False),
    Column("n_lines", Integer, nullable=False),
    Column("max_ts_ns", BigInteger, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

checkpoints_t = Table(
    "checkpoints",
    metadata,
    Column("key", String(1000), primary_key=True),
    Column("dev", BigInteger, nullable=False),
    Column("inode", BigInteger, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("format", String(40), nullable=True),
    Column("updated_at", String(32), nullable=False),
)

meta_t = Table(
    "meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", String(400), nullable=False),
)


class StoreError(Exception):
    """The database cannot be opened or has an incompatible schema."""


class BadCursor(ValueError):
    """A paging cursor that this store did not issue."""


def now_iso() -> str:
    """Current UTC time, ISO 8601 with microseconds and ``Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def subject_of(alert: dict) -> str:
    """The suppression subject of an alert: its account, else its first client address."""
    if alert.get("user"):
        return "user:" + str(alert["user"])
    ips = alert.get("client_ips") or []
    return "ip:" + (str(ips[0]) if ips else "?")


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"c{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if not text.startswith("c"):
            raise ValueError
        return int(text[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadCursor("cursor is not one this service issued") from None


@dataclass
class UpsertResult:
    """What one upsert of an analysis' alerts changed."""

    raised: list[tuple[str, str]] = field(default_factory=list)  # (kind, severity) new, re-opened or escalated
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    suppressed: int = 0


_PAYLOAD_KEYS = ("reasons", "session_ids", "client_ips", "user_agents", "rules", "sessions", "activity")


class Store:
    """The service's database.

    Parameters
    ----------
    url : str
        SQLAlchemy URL: ``sqlite:///path.db`` (default embedded store),
        ``sqlite://`` (in memory, tests) or ``postgresql+psycopg://...``.
    """

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"database_url is not a database URL: {exc}") from None
        self.url = url
        self.dialect = parsed.get_backend_name()
        self._write_lock = threading.RLock()
        kwargs: dict = {"future": True}
        if self.dialect == "sqlite":
            db = parsed.database
            if not db or db == ":memory:":
                kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
            else:
                Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
                kwargs.update(connect_args={"check_same_thread": False, "timeout": 30})
        else:
            kwargs.update(pool_pre_ping=True)
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except Exception as exc:  # missing driver, bad URL parts
            raise StoreError(f"cannot open database ({type(exc).__name__}: {exc})") from None
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._create_schema()

    # ------------------------------------------------------------------ schema
    def _create_schema(self) -> None:
        try:
            with self._write_lock:
                metadata.create_all(self.engine)
                with self.engine.begin() as conn:
                    row = conn.execute(select(meta_t.c.value).where(meta_t.c.key == "schema_version")).first()
                    if row is None:
                        conn.execute(insert(meta_t).values(key="schema_version", value=str(SCHEMA_VERSION)))
                    elif int(row[0]) > SCHEMA_VERSION:
                        raise StoreError(
                            f"database schema version {row[0]} is newer than this code's ({SCHEMA_VERSION}); upgrade the detector"
                        )
                    # future migrations: `elif int(row[0]) < SCHEMA_VERSION: migrate(conn, int(row[0]))`
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot open database ({type(exc).__name__}: {exc})") from None

    def close(self) -> None:
        self.engine.dispose()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(select(1))
            return True
        except Exception:
            return False

    # ----------------------------------------------------------------- journal
    def journal_append(self, lines: list[str], fmt: str, source: str, max_ts_ns: int) -> int:
        """Durably append a batch of accepted raw lines; returns its sequence number."""
        blob = zlib.compress("\n".join(lines).encode("utf-8", "surrogatepass"), 1)
        with self._write_lock, self.engine.begin() as conn:
            res = conn.execute(
                insert(journal_t).values(
                    received_at=time.time(),
                    source=source[:200],
                    format=fmt,
                    n_lines=len(lines),
                    max_ts_ns=int(max_ts_ns),
                    payload=blob,
                )
            )
            return int(res.inserted_primary_key[0])

    def journal_batches(self, chunk: int = 64) -> Iterator[tuple[int, str, str, list[str]]]:
        """Every journalled batch in order: ``(seq, format, source, lines)``."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(journal_t.c.seq, journal_t.c.format, journal_t.c.source, journal_t.c.payload)
                    .where(journal_t.c.seq > last)
                    .order_by(journal_t.c.seq)
                    .limit(chunk)
                ).all()
            if not rows:
                return
            for seq, fmt, source, payload in rows:
                last = seq
                text = zlib.decompress(payload).decode("utf-8", "surrogatepass")
                yield int(seq), fmt, source, (text.split("\n") if text else [])

    def journal_prune(self, before_ts_ns: int) -> int:
        """Delete batches whose newest line is older than ``before_ts_ns``."""
        with self._write_lock, self.engine.begin() as conn:
            res = conn.execute(delete(journal_t).where(journal_t.c.max_ts_ns < int(before_ts_ns)))
            return int(res.rowcount or 0)

    def journal_stats(self) -> dict:
        with self.engine.connect() as conn:
            n, lines = conn.execute(select(func.count(), func.coalesce(func.sum(journal_t.c.n_lines), 0))).one()
        return {"batches": int(n), "lines": int(lines)}

    # ------------------------------------------------------------------ alerts
    def upsert_alerts(
        self,
        docs: list[dict],
        *,
        window_start: str | None = None,
        suppress: bool = True,
        withdraw: bool = True,
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
            withdrawn (when ``withdraw``).
        suppress : bool
            Store new alerts of a suppressed ``(kind, subject)`` as ``suppressed``.
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
                payload = {k: doc.get(k, []) for k in _PAYLOAD_KEYS}
                values = {
                    "kind": doc["kind"],
                    "severity": doc["severity"],
                    "score": float(doc["score"]),
                    "user": doc.get("user"),
                    "subject": subject_of(doc),
                    "day": doc["day"],
                    "first_seen": doc["first_seen"],
                    "last_seen": doc["last_seen"],
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
                        select(alerts_t.c.id).where(alerts_t.c.status == "open", alerts_t.c.first_seen >= window_start)
                    )
                    if row[0] not in by_id
                ]
                for i in range(0, len(stale), 500):
                    conn.execute(
                        update(alerts_t)
                        .where(alerts_t.c.id.in_(stale[i : i + 500]), alerts_t.c.status == "open")
                        .values(status="withdrawn", updated_at=stamp)
                    )
                result.withdrawn = len(stale)
        return result

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

    # ------------------------------------------------------------- checkpoints
    def get_checkpoint(self, key: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(checkpoints_t).where(checkpoints_t.c.key == key)).mappings().first()
        return dict(row) if row else None

    def save_checkpoint(self, key: str, *, dev: int, inode: int, offset: int, fingerprint: str, fmt: str | None) -> None:
        values = {"dev": int(dev), "inode": int(inode), "offset": int(offset), "fingerprint": fingerprint, "format": fmt, "updated_at": now_iso()}
        with self._write_lock, self.engine.begin() as conn:
            res = conn.execute(update(checkpoints_t).where(checkpoints_t.c.key == key).values(**values))
            if not res.rowcount:
                conn.execute(insert(checkpoints_t).values(key=key, **values))


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


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
    finally:
        cur.close()
