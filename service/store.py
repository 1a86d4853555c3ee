"""Durable state of the live service, through SQLAlchemy 2.x.

:class:`Store` opens the database, creates the schema and keeps ``detector
tail``'s checkpoints; the rest of its methods come from the modules beside
it, and their names are re-exported here:

* :mod:`service.tables`: the tables (``alerts``, ``reviews``,
  ``suppressions``, ``ingest_journal``, ``checkpoints``, ``meta``) and what
  each holds.
* :mod:`service.journal`: the ingest journal, durable before an ingest is
  acknowledged and replayed at start.
* :mod:`service.alert_updates`: alerts upserted by stable id, verdicts and
  suppressions.
* :mod:`service.alert_queries`: alerts read back, newest first, with paging
  cursors.

The embedded default is a SQLite file in WAL mode (``synchronous=FULL``, so a
committed transaction survives the process being killed); PostgreSQL works by
URL (``postgresql+psycopg://user@host/db``), and several replicas may share
one PostgreSQL database, each naming itself with ``replica_id``.  The schema
is created, or migrated from an older version, at start
(:mod:`service.migrations`).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, event, insert, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from .alert_queries import AlertQueriesMixin, BadCursor, decode_cursor, encode_cursor
from .alert_updates import SEVERITY_ORDER, STATUSES, VERDICTS, AlertUpdatesMixin, UpsertResult, subject_of
from .journal import JournalMixin
from .migrations import MigrationError, migrate
from .tables import (
    DEFAULT_REPLICA,
    SCHEMA_VERSION,
    alerts_t,
    checkpoints_t,
    journal_t,
    meta_t,
    metadata,
    now_iso,
    reviews_t,
    suppressions_t,
)

__all__ = [
    "SCHEMA_VERSION", "SEVERITY_ORDER", "STATUSES", "VERDICTS", "BadCursor", "Store", "StoreError",
    "UpsertResult", "alerts_t", "checkpoints_t", "decode_cursor", "encode_cursor", "journal_t", "meta_t",
    "metadata", "now_iso", "reviews_t", "subject_of", "suppressions_t",
]


class StoreError(Exception):
    """The database cannot be opened or has an incompatible schema."""


class Store(JournalMixin, AlertUpdatesMixin, AlertQueriesMixin):
    """The service's database.

    Parameters
    ----------
    url : str
        SQLAlchemy URL: ``sqlite:///path.db`` (default embedded store),
        ``sqlite://`` (in memory, tests) or ``postgresql+psycopg://...``.
    replica_id : str
        Names this replica when several share the database: it journals,
        replays and prunes only its own ingest batches, and withdraws only
        the alerts it wrote last.

    Attributes
    ----------
    schema_found : int or None
        The schema version the database had when opened (None: it was empty).
    """

    def __init__(self, url: str, replica_id: str = DEFAULT_REPLICA) -> None:
        self.replica_id = replica_id
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
        """Create the schema, or migrate it to :data:`SCHEMA_VERSION` (see :mod:`service.migrations`)."""
        try:
            with self._write_lock:
                self.schema_found, _ = migrate(self.engine)
        except MigrationError as exc:
            raise StoreError(str(exc)) from None
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


#: How long a new SQLite connection waits for another connection's lock (ms), also while switching to WAL.
SQLITE_BUSY_MS = 30_000


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        _write_ahead_log(cur)
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
    finally:
        cur.close()


def _write_ahead_log(cur: sqlite3.Cursor) -> None:
    """Switch the database to WAL, waiting while another connection holds it.

    Switching needs the database to itself, and SQLite answers "database is
    locked" at once rather than through the busy timeout when another
    connection (a replica starting at the same moment, migrating) holds a
    lock; so the switch is retried, with growing pauses, for up to
    :data:`SQLITE_BUSY_MS`.
    """
    deadline = time.monotonic() + SQLITE_BUSY_MS / 1000
    pause = 0.005
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)
