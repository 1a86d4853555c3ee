"""The schema of the live service's database (SQLAlchemy 2.x Core tables).

Tables
------
``alerts``
    One row per stable alert id (kind + subject + local day): kind, severity,
    score, user, day, first/last seen, status and a JSON payload (reasons,
    session ids, addresses, user agents, rules, session details, per-minute
    activity).  Status is ``open``, ``reviewed``, ``suppressed`` (a
    false-positive verdict on the same kind and subject came first) or
    ``withdrawn`` (a later analysis of the same fully retained window no
    longer produced it and nobody had reviewed it).  ``replica`` names the
    replica that wrote it last: a replica withdraws only its own alerts.
``reviews``
    Verdicts (``confirmed``, ``false_positive``, ``benign_automation``) with
    note, reviewer and time.
``suppressions``
    ``(kind, subject)`` pairs a false-positive verdict silenced.
``ingest_journal``
    Append-only, zlib-compressed batches of accepted raw lines, written and
    committed *before* an ingest is acknowledged; replayed into the engine at
    start so that nothing acknowledged is lost to a restart or ``kill -9``.
    Batches older than the retention window are pruned.  ``replica`` names
    the replica that journalled a batch: each replica replays and prunes only
    its own, so several replicas can share one database.
``checkpoints``
    ``detector tail``'s position per followed file (identity + offset).
``meta``
    ``schema_version`` (see :mod:`service.migrations`).

The ``*_at`` text columns hold :func:`now_iso` timestamps.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "DEFAULT_REPLICA", "SCHEMA_VERSION", "alerts_t", "checkpoints_t", "journal_t", "meta_t", "metadata", "now_iso",
    "reviews_t", "suppressions_t",
]

#: The schema version this code writes; older databases are upgraded at start by :mod:`service.migrations`.
SCHEMA_VERSION = 2

#: The replica name of rows written before replicas were named (schema version 1) and of a lone service.
DEFAULT_REPLICA = "default"

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
    Column("replica", String(100), nullable=False, server_default=DEFAULT_REPLICA),
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
    Column("replica", String(100), nullable=False, server_default=DEFAULT_REPLICA),
    Index("ix_ingest_journal_replica_seq", "replica", "seq"),
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


def now_iso() -> str:
    """Current UTC time, ISO 8601 with microseconds and ``Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
