"""Store semantics (SQLite, and PostgreSQL when a server can be started) and engine behaviour."""

from __future__ import annotations

import pytest

from detector.stream import StreamEngine, split_body
from service.config import ServiceSettings
from service.store import Store


def _doc(alert_id="A-1", kind="scraping", severity="high", user="ann@x.example", day="2026-09-14", first="2026-09-14T10:00:00Z",
         last="2026-09-14T11:00:00Z", score=0.9, sessions=("s-1",)):
    return {
        "alert_id": alert_id, "kind": kind, "severity": severity, "score": score, "user": user, "client_ips": ["10.0.0.1"],
        "user_agents": ["curl"], "first_seen": first, "last_seen": last, "session_ids": list(sessions), "reasons": ["r"],
        "day": day, "rules": ["rule"], "sessions": [], "activity": [],
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        url = request.getfixturevalue("postgres_url")
        s = Store(url)
        from service.store import metadata

        with s.engine.begin() as conn:  # a clean schema per test
            for table in reversed(metadata.sorted_tables):
                if table.name != "meta":  # keep the schema version
                    conn.execute(table.delete())
    yield s
    s.close()


def test_an_alerts_campaign_is_kept_and_listed(store):
    store.upsert_alerts([{**_doc("A-1"), "campaign": "C-0123456789ab"}, _doc("A-2", user="bob@x.example")])
    listed = {a["alert_id"]: a for a in store.list_alerts()[0]}
    assert listed["A-1"]["campaign"] == "C-0123456789ab" and listed["A-2"]["campaign"] is None
    assert store.get_alert("A-1")["campaign"] == "C-0123456789ab"


def test_an_alerts_other_account_names_are_kept_and_listed(store):
    store.upsert_alerts([{**_doc("A-1", user="EDNET\\ann"), "other_accounts": ["ann@x.example"]}, _doc("A-2")])
    listed = {a["alert_id"]: a for a in store.list_alerts()[0]}
    assert listed["A-1"]["other_accounts"] == ["ann@x.example"] and listed["A-2"]["other_accounts"] == []
    assert store.get_alert("A-1")["other_accounts"] == ["ann@x.example"]


def test_sqlite_uses_wal(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'w.db'}")
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_upsert_updates_one_alert_per_id(store):
    r1 = store.upsert_alerts([_doc()], window_start="2026-09-14T00:00:00Z")
    assert r1.raised == [("scraping", "high")]
    # the scrape goes on: same id, later last_seen, more sessions -> updated, not a new alert
    r2 = store.upsert_alerts([_doc(last="2026-09-14T12:00:00Z", sessions=("s-1", "s-2"))], window_start="2026-09-14T00:00:00Z")
    assert r2.raised == [] and r2.updated == 1
    # identical again -> unchanged
    r3 = store.upsert_alerts([_doc(last="2026-09-14T12:00:00Z", sessions=("s-1", "s-2"))], window_start="2026-09-14T00:00:00Z")
    assert r3.unchanged == 1
    # escalation counts as raised at the new severity
    r4 = store.upsert_alerts([_doc(severity="critical", last="2026-09-14T12:00:00Z", sessions=("s-1", "s-2"))])
    assert r4.raised == [("scraping", "critical")]
    assert store.count_alerts() == 1
    alert = store.get_alert("A-1")
    assert alert["last_seen"] == "2026-09-14T12:00:00Z" and alert["session_ids"] == ["s-1", "s-2"]


def test_withdraw_and_reopen(store):
    store.upsert_alerts([_doc("A-1"), _doc("A-2", user="bob@x.example")], window_start="2026-09-14T00:00:00Z")
    store.add_review("A-2", "confirmed", "", "ann", suppress=True)
    r = store.upsert_alerts([], window_start="2026-09-14T00:00:00Z")
    assert r.withdrawn == 1  # A-1 (open, unreviewed) withdrawn; A-2 reviewed: kept
    assert store.get_alert("A-1")["status"] == "withdrawn" and store.get_alert("A-2")["status"] == "reviewed"
    # outside the retained window: never withdrawn
    store.upsert_alerts([_doc("A-3", user="cy@x.example", first="2026-09-13T10:00:00Z")])
    assert store.upsert_alerts([], window_start="2026-09-14T00:00:00Z").withdrawn == 0
    r = store.upsert_alerts([_doc("A-1")], window_start="2026-09-14T00:00:00Z")
    assert r.raised == [("scraping", "high")] and store.get_alert("A-1")["status"] == "open"


def test_false_positive_suppression_and_paging(store):
    store.upsert_alerts([_doc("A-1")])
    assert store.add_review("A-1", "false_positive", "his job", "ann", suppress=True)["verdict"] == "false_positive"
    r = store.upsert_alerts([_doc("A-9", day="2026-09-15", first="2026-09-15T10:00:00Z")])
    assert r.suppressed == 1 and store.get_alert("A-9")["status"] == "suppressed"
    other = store.upsert_alerts([_doc("A-8", kind="credential_sharing")])
    assert other.raised  # another kind for the same account is not suppressed
    assert store.add_review("A-unknown", "confirmed", "", "ann", suppress=True) is None
    for i in range(7):
        store.upsert_alerts([_doc(f"B-{i}", user=f"u{i}@x.example")])
    seen, cursor = [], None
    while True:
        items, cursor = store.list_alerts(limit=3, cursor=cursor)
        seen += [a["alert_id"] for a in items]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 9  # 7 + A-8 + A-1 (reviewed); A-9 suppressed is hidden
    assert [a["alert_id"] for a in store.list_alerts(status="suppressed")[0]] == ["A-9"]
    assert store.open_counts_by_kind() == {"scraping": 7, "credential_sharing": 1}


def test_journal_and_checkpoints(store):
    seq = store.journal_append(["l1", "l2 ünïcode"], "combined", "http", 2_000_000_000)
    store.journal_append(["l3"], "combined", "http", 5_000_000_000)
    assert [(s, lines) for s, _f, _src, lines in store.journal_batches()] == [(seq, ["l1", "l2 ünïcode"]), (seq + 1, ["l3"])]
    assert store.journal_prune(3_000_000_000) == 1
    assert store.journal_stats() == {"batches": 1, "lines": 1}
    assert store.get_checkpoint("/var/log/a") is None
    store.save_checkpoint("/var/log/a", dev=1, inode=2, offset=3, fingerprint="f", fmt=None)
    store.save_checkpoint("/var/log/a", dev=1, inode=2, offset=30, fingerprint="f", fmt="combined")
    assert store.get_checkpoint("/var/log/a")["offset"] == 30


# --------------------------------------------------------------------------- engine
def _engine(tmp_path, **overrides):
    base = dict(api_token="x" * 20, database_url=f"sqlite:///{tmp_path / 'e.db'}", background_scoring=False)
    base.update(overrides)
    settings = ServiceSettings(**base)
    return StreamEngine(settings, store=Store(settings.database_url))


def _line(minute: int, path: str = "/students/1", day: int = 14) -> str:
    return f'10.0.0.1 - ann@x.example [{day:02d}/Sep/2026:10:{minute:02d}:00 +0000] "GET {path} HTTP/1.1" 200 10 "-" "curl/8"'


def test_duplicates_are_a_multiset(tmp_path):
    engine = _engine(tmp_path)
    batch = [_line(1), _line(1), _line(2)]  # two genuine identical requests in one batch
    first = engine.ingest_lines(batch)
    assert (first.accepted, first.duplicates) == (3, 0)
    again = engine.ingest_lines(batch)
    assert (again.accepted, again.duplicates) == (3, 3)
    more = engine.ingest_lines([_line(1)] * 3)  # one copy more than held
    assert more.duplicates == 2
    assert engine.status()["retained_records"] == 4
    assert engine.store.journal_stats()["lines"] == 4


def test_retention_window_prunes_records_and_journal(tmp_path):
    engine = _engine(tmp_path, retention_hours=1)
    engine.ingest_lines([_line(m, day=14) for m in range(5)])
    engine.ingest_lines([_line(m, day=15) for m in range(5)])  # a day later: the first batch leaves the window
    assert engine.status()["retained_records"] == 5
    assert engine.store.journal_stats()["batches"] == 1
    # the pruned lines are no longer held: posting them again accepts them as new (but they are out of window)
    assert engine.ingest_lines([_line(0, day=15)]).duplicates == 1


def test_scores_every_few_minutes_of_log_time(tmp_path, slice_lines):
    engine = _engine(tmp_path, score_interval_minutes=120, min_rescore_seconds=0)
    runs = 0
    for i in range(0, 6000, 1500):
        engine.ingest_lines(slice_lines[i : i + 1500])
        if engine.maybe_score() is not None:
            runs += 1
    assert runs >= 2  # the slice spans several hours of log time
    assert engine.maybe_score() is None  # nothing new
    result = engine.flush()
    assert result.scored and result.records == engine.status()["retained_records"]


def test_split_body():
    assert split_body("a\r\nb\n") == ["a", "b"]
    assert split_body("a\nb") == ["a", "b"]
    assert split_body("") == []


def test_store_refuses_a_bad_url(tmp_path):
    from service.store import StoreError

    with pytest.raises(StoreError):
        Store("not a url")
    with pytest.raises(StoreError):
        Store("nosuchdialect://x/y")


def test_fit_mode_first_freezes_the_model(tmp_path, slice_lines):
    engine = _engine(tmp_path, fit_mode="first", fit_min_hours=1)
    engine.ingest_lines(slice_lines[:6000])
    engine.flush()
    frozen = engine._fitted
    assert frozen is not None and engine.status()["model"] == "frozen-first-window"
    engine.ingest_lines(slice_lines[6000:9000])
    engine.flush()
    assert engine._fitted is frozen
