"""Several replicas sharing one database: each journals, replays and prunes only its own batches.

Each replica names itself (``replica_id``); ingest journal rows carry the
name.  After a restart a replica replays its own batches and never another
replica's; pruning its window leaves the others' batches alone; and an
analysis withdraws only alerts the replica wrote itself.  Against SQLite (one
file, WAL) and, when a server can be started, PostgreSQL.
"""

from __future__ import annotations

import pytest

from service.store import Store
from tests.service.conftest import AUTH


def _doc(alert_id, user, first="2026-09-14T10:00:00Z"):
    return {
        "alert_id": alert_id, "kind": "scraping", "severity": "high", "score": 0.9, "user": user, "client_ips": ["10.0.0.1"],
        "user_agents": ["curl"], "first_seen": first, "last_seen": first, "session_ids": ["s-1"], "reasons": ["r"],
        "day": first[:10], "rules": ["rule"], "sessions": [], "activity": [],
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    return request.getfixturevalue("fresh_pg_url")


def test_journals_are_split_per_replica(db_url):
    a, b = Store(db_url, replica_id="web-a"), Store(db_url, replica_id="web-b")
    try:
        a.journal_append(["a1", "a2"], "combined", "http", 1_000)
        b.journal_append(["b1"], "combined", "http", 1_000)
        a.journal_append(["a3"], "combined", "http", 9_000)
        assert [lines for _s, _f, _src, lines in a.journal_batches()] == [["a1", "a2"], ["a3"]]
        assert [lines for _s, _f, _src, lines in b.journal_batches()] == [["b1"]]
        # a prunes its old batch; b's batch of the same age stays
        assert a.journal_prune(5_000) == 1
        assert a.journal_stats() == {"batches": 1, "lines": 1} and b.journal_stats() == {"batches": 1, "lines": 1}
    finally:
        a.close()
        b.close()


def test_a_replica_withdraws_only_its_own_alerts(db_url):
    a, b = Store(db_url, replica_id="web-a"), Store(db_url, replica_id="web-b")
    try:
        a.upsert_alerts([_doc("A-1", "ann@x.example")])
        b.upsert_alerts([_doc("B-1", "bob@x.example")])
        # a analyses its window again and no longer sees A-1; it knows nothing of bob
        assert a.upsert_alerts([], window_start="2026-09-14T00:00:00Z").withdrawn == 1
        assert a.get_alert("A-1")["status"] == "withdrawn" and a.get_alert("B-1")["status"] == "open"
        # an alert another replica updated last is that replica's to withdraw
        b.upsert_alerts([_doc("A-1", "ann@x.example", first="2026-09-14T10:00:00Z") | {"score": 0.95}])
        assert a.upsert_alerts([], window_start="2026-09-14T00:00:00Z").withdrawn == 0
        assert b.upsert_alerts([], window_start="2026-09-14T00:00:00Z").withdrawn == 2
    finally:
        a.close()
        b.close()


def test_incremental_scope_limits_withdrawal(db_url):
    store = Store(db_url)
    try:
        store.upsert_alerts([_doc("A-1", "ann@x.example"), _doc("A-2", "bob@x.example")])
        # an incremental pass that covered only bob's alerts and produced none: only A-2 goes
        result = store.upsert_alerts([], window_start="2026-09-14T00:00:00Z", scope={"A-2"})
        assert result.withdrawn == 1
        assert store.get_alert("A-1")["status"] == "open" and store.get_alert("A-2")["status"] == "withdrawn"
    finally:
        store.close()


def test_replicas_restart_with_only_their_own_lines(db_url, client_for, slice_lines):
    """Two services on one database, each fed its own stream, restarted: each replays its own stream only."""
    first, second = slice_lines[:5000], slice_lines[5000:9000]
    a = client_for(database_url=db_url, replica_id="web-a")
    b = client_for(database_url=db_url, replica_id="web-b")
    body = {**AUTH, "content-type": "text/plain"}
    held_a = a.post("/v1/ingest", content="\n".join(first) + "\n", headers=body).json()["accepted"]
    held_b = b.post("/v1/ingest", content="\n".join(second) + "\n", headers=body).json()["accepted"]
    assert held_a > 4900 and held_b > 3900
    assert a.post("/v1/flush", headers=AUTH).json()["scored"]
    assert b.post("/v1/flush", headers=AUTH).json()["scored"]
    a.__exit__(None, None, None)
    b.__exit__(None, None, None)
    a2 = client_for(database_url=db_url, replica_id="web-a")
    b2 = client_for(database_url=db_url, replica_id="web-b")
    health_a, health_b = a2.get("/healthz").json(), b2.get("/healthz").json()
    assert health_a["replica"] == "web-a" and health_a["engine"]["retained_records"] == held_a
    assert health_b["replica"] == "web-b" and health_b["engine"]["retained_records"] == held_b
    # the alerts API is shared: both replicas serve every alert
    ids_a = {x["alert_id"] for x in a2.get("/v1/alerts", params={"limit": 500}, headers=AUTH).json()["items"]}
    ids_b = {x["alert_id"] for x in b2.get("/v1/alerts", params={"limit": 500}, headers=AUTH).json()["items"]}
    assert ids_a and ids_a == ids_b


def test_replica_id_is_validated(service_settings):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        service_settings(replica_id="has space")
    with pytest.raises(ValidationError):
        service_settings(replica_id="")
