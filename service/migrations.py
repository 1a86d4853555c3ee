"""Creating and upgrading the service's database schema at start.

The schema version lives in the ``meta`` table (key ``schema_version``).
:data:`MIGRATIONS` is an ordered list of steps, each producing one version
from the one before; :func:`migrate` runs, in **one transaction** holding an
exclusive lock (``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped advisory
lock on PostgreSQL, so replicas starting together do not race):

* an empty database: every table is created at the current version;
* an older one: the steps above its version, in order, then the version is
  written; any failure rolls everything back (both SQLite and PostgreSQL
  run DDL inside transactions), leaving the database as it was;
* a newer one: refused (this code would not understand it).

A step is written against the schema of the version before it (plain DDL),
never against the current table definitions in :mod:`service.tables`, so
old steps keep meaning what they meant.  To change the schema: change
:mod:`service.tables`, raise :data:`service.tables.SCHEMA_VERSION`, and add
the step that brings a database of the previous version to the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import insert, inspect, select, update
from sqlalchemy.engine import Connection, Engine

from .tables import DEFAULT_REPLICA, SCHEMA_VERSION, meta_t, metadata

__all__ = ["MIGRATIONS", "Migration", "MigrationError", "migrate", "schema_version"]

#: Key of the PostgreSQL advisory lock held while the schema is created or migrated.
_PG_LOCK_KEY = 727_450_013


class MigrationError(Exception):
    """The schema cannot be brought to this code's version (the message says why)."""


@dataclass(frozen=True)
class Migration:
    """One step: turns a database of version ``version - 1`` into ``version``."""

    version: int
    summary: str
    apply: Callable[[Connection], None]


def _v2_replicas(conn: Connection) -> None:
    # rows written before replicas were named belong to the default replica
    conn.exec_driver_sql(
        f"ALTER TABLE ingest_journal ADD COLUMN replica VARCHAR(100) DEFAULT '{DEFAULT_REPLICA}' NOT NULL"
    )
    conn.exec_driver_sql(f"ALTER TABLE alerts ADD COLUMN replica VARCHAR(100) DEFAULT '{DEFAULT_REPLICA}' NOT NULL")
    conn.exec_driver_sql("CREATE INDEX ix_ingest_journal_replica_seq ON ingest_journal (replica, seq)")


#: Every step, in version order.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "ingest journal batches and alerts carry the replica that wrote them", _v2_replicas),
)

assert [m.version for m in MIGRATIONS] == list(range(2, SCHEMA_VERSION + 1)), "one migration step per schema version"


def _begin_exclusive(conn: Connection) -> None:
    """Start the transaction, holding the database's schema lock until it ends."""
    if conn.dialect.name == "sqlite":
        # pysqlite would run DDL outside any transaction: open one ourselves, taking the write lock at once
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")


def schema_version(conn: Connection) -> int | None:
    """The database's schema version; None for an empty database."""
    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    row = None
    if "meta" in tables:
        row = conn.execute(select(meta_t.c.value).where(meta_t.c.key == "schema_version")).first()
    if row is not None:
        return int(row[0])
    if "ingest_journal" not in tables:
        return None
    # tables without a version row (it was deleted by hand): tell the version from the columns
    columns = {c["name"] for c in inspector.get_columns("ingest_journal")}
    return 2 if "replica" in columns else 1


def migrate(engine: Engine, migrations: tuple[Migration, ...] = MIGRATIONS, target: int = SCHEMA_VERSION) -> tuple[int | None, int]:
    """Create or upgrade the schema to ``target`` in one locked transaction.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
    migrations : tuple of Migration
        The steps (tests pass others).
    target : int
        The version to reach.

    Returns
    -------
    (int or None, int)
        The version found (None: empty database) and the version now.

    Raises
    ------
    MigrationError
        The database is newer than ``target``, or a step failed (nothing
        was changed).
    """
    with engine.connect() as conn:
        _begin_exclusive(conn)
        try:
            found = schema_version(conn)
            if found is None:
                metadata.create_all(conn)
                conn.execute(insert(meta_t).values(key="schema_version", value=str(target)))
            elif found > target:
                raise MigrationError(
                    f"database schema version {found} is newer than this code's ({target}); upgrade the detector"
                )
            elif found < target:
                for step in migrations:
                    if found < step.version <= target:
                        try:
                            step.apply(conn)
                        except Exception as exc:
                            raise MigrationError(
                                f"migrating the schema to version {step.version} ({step.summary}) failed: "
                                f"{type(exc).__name__}: {exc}; nothing was changed"
                            ) from exc
                if conn.execute(select(meta_t.c.key).where(meta_t.c.key == "schema_version")).first() is None:
                    conn.execute(insert(meta_t).values(key="schema_version", value=str(target)))
                else:
                    conn.execute(update(meta_t).where(meta_t.c.key == "schema_version").values(value=str(target)))
                metadata.create_all(conn)  # tables no step creates (none so far)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    return found, target
