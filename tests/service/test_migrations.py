"""Schema migrations at start: an old database is upgraded in one transaction, or left untouched.

A version-1 database (the schema of the first release, frozen below) is
filled with a journal batch, an alert, a review, a suppression and a
checkpoint, then opened by the current :class:`service.store.Store`: it must
come out at the current version with every row still there and usable (the
old journal batch replays into an engine of the default replica).  Against
SQLite and, when a server can be started, PostgreSQL.
"""

from __future__ import annotations

import threading
import time
import zlib

import pytest
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
    inspect,
    insert,
    select,
)

from detector.stream import StreamEngine
from service.config import ServiceSettings
from service.migrations import MIGRATIONS, Migration, MigrationError, _v2_replicas, migrate
from service.store import SCHEMA_VERSION, Store, StoreError, meta_t

# ----------------------------------------------------------------------------- the version-1 schema, frozen
V1 = MetaData()
Table(
    "alerts", V1,
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
Table(
    "reviews", V1,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(40), ForeignKey("alerts.id"), nullable=False, index=True),
    Column("verdict", String(32), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("reviewer", String(200), nullable=False),
    Column("at", String(32), nullable=False),
)
Table(
    "suppressions", V1,
    Column("kind", String(40), primary_key=True),
    Column("subject", String(400), primary_key=True),
    Column("alert_id", String(40), nullable=False),
    Column("at", String(32), nullable=False),
)
Table(
    "ingest_journal", V1,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("received_at", Float, nullable=False),
    Column("source", String(200), nullable=False),
    Column("format", String(40), nullable=False),
    Column("n_lines", Integer, nullable=False),
    Column("max_ts_ns", BigInteger, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)
Table(
    "checkpoints", V1,
    Column("key", String(1000), primary_key=True),
    Column("dev", BigInteger, nullable=False),
    Column("inode", BigInteger, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("format", String(40), nullable=True),
    Column("updated_at", String(32), nullable=False),
)
Table("meta", V1, Column("key", String(100), primary_key=True), Column("value", String(400), nullable=False))

LINES = [
    f'10.0.0.1 - ann@x.example [14/Sep/2026:10:{m:02d}:00 +0000] "GET /students/{m} HTTP/1.1" 200 10 "-" "curl/8"'
    for m in range(6)
]
STAMP = "2026-09-14T12:00:00.000000Z"
PAYLOAD = {"reasons": ["r"], "session_ids": ["s-1"], "client_ips": ["10.0.0.1"], "user_agents": ["curl/8"],
           "rules": ["rule"], "sessions": [], "activity": []}


def _v1_database(url: str) -> None:
    """A database as version 1 of the service left it, with a row in every table."""
    engine = create_engine(url)
    V1.create_all(engine)
    t = V1.tables
    with engine.begin() as conn:
        conn.execute(insert(t["meta"]).values(key="schema_version", value="1"))
        conn.execute(insert(t["ingest_journal"]).values(
            received_at=time.time(), source="http", format="combined", n_lines=len(LINES),
            max_ts_ns=1_789_380_300_000_000_000, payload=zlib.compress("\n".join(LINES).encode()),
        ))
        conn.execute(insert(t["alerts"]).values(
            id="A-old", kind="scraping", severity="high", score=0.9, user="ann@x.example", subject="user:ann@x.example",
            day="2026-09-14", first_seen="2026-09-14T10:00:00Z", last_seen="2026-09-14T10:05:00Z", status="reviewed",
            payload=PAYLOAD, created_at=STAMP, updated_at=STAMP,
        ))
        conn.execute(insert(t["reviews"]).values(alert_id="A-old", verdict="false_positive", note="n", reviewer="ann", at=STAMP))
        conn.execute(insert(t["suppressions"]).values(kind="scraping", subject="user:ann@x.example", alert_id="A-old", at=STAMP))
        conn.execute(insert(t["checkpoints"]).values(
            key="/var/log/a", dev=1, inode=2, offset=300, fingerprint="f", format="combined", updated_at=STAMP
        ))
    engine.dispose()


def _columns(store: Store, table: str) -> set[str]:
    with store.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def _version(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(meta_t.c.value).where(meta_t.c.key == "schema_version")).scalar_one())


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    return request.getfixturevalue("fresh_pg_url")


def test_a_version_1_database_is_upgraded_with_its_rows(db_url):
    _v1_database(db_url)
    store = Store(db_url)
    try:
        assert store.schema_found == 1 and _version(store) == SCHEMA_VERSION == MIGRATIONS[-1].version
        assert "replica" in _columns(store, "ingest_journal") and "replica" in _columns(store, "alerts")
        # the alert, its review and suppression, and the checkpoint are all there
        alert = store.get_alert("A-old")
        assert alert["status"] == "reviewed" and alert["reasons"] == ["r"]
        assert [r["verdict"] for r in alert["reviews"]] == ["false_positive"]
        assert store.get_checkpoint("/var/log/a")["offset"] == 300
        assert store.upsert_alerts([{**PAYLOAD, "alert_id": "A-new", "kind": "scraping", "severity": "high", "score": 0.9,
                                     "user": "ann@x.example", "day": "2026-09-15", "first_seen": "2026-09-15T10:00:00Z",
                                     "last_seen": "2026-09-15T10:00:00Z"}]).suppressed == 1
        # the old journal batch belongs to the default replica: replayed at start
        settings = ServiceSettings(api_token="x" * 20, database_url=db_url, background_scoring=False)
        engine = StreamEngine(settings, store=store)
        assert engine.replay() == len(LINES)
        assert store.journal_stats() == {"batches": 1, "lines": len(LINES)}
    finally:
        store.close()
    # opening it again changes nothing
    again = Store(db_url)
    try:
        assert again.schema_found == SCHEMA_VERSION and _version(again) == SCHEMA_VERSION
        assert again.get_alert("A-old")["status"] == "reviewed"
    finally:
        again.close()


def test_an_empty_database_is_created_at_the_current_version(db_url):
    store = Store(db_url)
    try:
        assert store.schema_found is None and _version(store) == SCHEMA_VERSION
        assert {"alerts", "reviews", "suppressions", "ingest_journal", "checkpoints", "meta"} <= set(inspect(store.engine).get_table_names())
    finally:
        store.close()


def test_a_failing_step_changes_nothing(db_url):
    _v1_database(db_url)

    def half_then_fail(conn):
        _v2_replicas(conn)  # the real step runs (DDL included)...
        raise RuntimeError("disk full")  # ...then something goes wrong

    engine = create_engine(db_url)
    try:
        with pytest.raises(MigrationError, match="version 2.*RuntimeError: disk full.*nothing was changed"):
            migrate(engine, (Migration(2, "test step", half_then_fail),), target=2)
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("ingest_journal")}
            version = conn.execute(select(meta_t.c.value).where(meta_t.c.key == "schema_version")).scalar_one()
        assert "replica" not in columns and version == "1"  # the DDL was rolled back with the rest
    finally:
        engine.dispose()
    # the real migration then works on the untouched database
    store = Store(db_url)
    assert store.schema_found == 1 and store.get_alert("A-old") is not None
    store.close()


def test_a_newer_database_is_refused(db_url):
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(meta_t.update().where(meta_t.c.key == "schema_version").values(value=str(SCHEMA_VERSION + 1)))
    engine.dispose()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1} is newer"):
        Store(db_url)


def _open_together(url: str, replicas: int = 4) -> tuple[list, list]:
    """Open a store on ``url`` from ``replicas`` threads at once: each one's ``schema_found``, and any errors."""
    found, errors = [], []

    def open_store():
        try:
            store = Store(url)
            found.append(store.schema_found)
            store.close()
        except Exception as exc:  # pragma: no cover - reported by the caller
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(replicas)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return found, errors


def test_replicas_starting_together_migrate_once(db_url):
    """Several replicas opening one old database at the same moment: one migrates, the others see it done."""
    _v1_database(db_url)
    found, errors = _open_together(db_url)
    assert not errors, errors
    assert sorted(found, key=str) == [1] + [SCHEMA_VERSION] * 3


#: Rounds of four replicas opening a new file together (before the fix, 3 of 3 runs of 100 rounds failed).
ROUNDS = 100


def test_replicas_opening_a_new_sqlite_file_together_are_never_refused(tmp_path):
    """Switching a database to WAL is refused at once while another connection holds it; the store waits instead.

    Before it did, some rounds of four replicas opening a new file together failed with "database is
    locked" (a few in a hundred, more on a busy machine): :data:`ROUNDS` rounds make that show.
    """
    for round_no in range(ROUNDS):
        found, errors = _open_together(f"sqlite:///{tmp_path / f'r{round_no}.db'}")
        assert not errors, (round_no, errors)
        assert found.count(None) == 1 and found.count(SCHEMA_VERSION) == 3  # one created it, the others found it
