"""The ingest journal: accepted raw lines, durable before they are acknowledged.

Batches are zlib-compressed into the ``ingest_journal`` table (see
:mod:`service.tables`), replayed into the engine at start so that nothing
acknowledged is lost to a restart or ``kill -9``, and pruned once older
than the retention window.  Every batch carries the ``replica_id`` of the
store that wrote it, and a replica replays and prunes only its own, so
replicas sharing one database never replay each other's lines.
:class:`JournalMixin` gives
:class:`service.store.Store` these methods.
"""

from __future__ import annotations

import threading
import time
import zlib
from typing import Iterator

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine

from .tables import journal_t

__all__ = ["JournalMixin"]


class JournalMixin:
    """Journal methods of :class:`service.store.Store`.

    Expects ``engine`` (a SQLAlchemy engine) and ``_write_lock`` (held by
    every write) on the instance.
    """

    engine: Engine
    replica_id: str
    _write_lock: threading.RLock

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
                    replica=self.replica_id,
                )
            )
            return int(res.inserted_primary_key[0])

    def journal_batches(self, chunk: int = 64) -> Iterator[tuple[int, str, str, list[str]]]:
        """Every batch this replica journalled, in order: ``(seq, format, source, lines)``."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(journal_t.c.seq, journal_t.c.format, journal_t.c.source, journal_t.c.payload)
                    .where(journal_t.c.replica == self.replica_id, journal_t.c.seq > last)
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
        """Delete this replica's batches whose newest line is older than ``before_ts_ns``."""
        with self._write_lock, self.engine.begin() as conn:
            res = conn.execute(
                delete(journal_t).where(journal_t.c.replica == self.replica_id, journal_t.c.max_ts_ns < int(before_ts_ns))
            )
            return int(res.rowcount or 0)

    def journal_stats(self) -> dict:
        """This replica's journal: ``{batches, lines}``."""
        with self.engine.connect() as conn:
            n, lines = conn.execute(
                select(func.count(), func.coalesce(func.sum(journal_t.c.n_lines), 0)).where(journal_t.c.replica == self.replica_id)
            ).one()
        return {"batches": int(n), "lines": int(lines)}
