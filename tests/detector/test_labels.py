"""Verdict labels: every accepted form, bad rows with line numbers, and finding their units in logs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from detector.alerts import alert_id_for
from detector.config import Settings
from detector.io.reader import read_logs
from detector.label_targets import resolve_labels
from detector.labels import NEGATIVE, POSITIVE, Label, LabelError, classify_id, parse_label, read_labels
from detector.pipeline import build_features

LOG_FORMAT = '%h %u %t "%r" %>s %b "%{Referer}i" %{PHPSESSID}C "%{User-Agent}i"'
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36"


def _write(tmp_path: Path, text: str, name: str = "labels.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- label values
@pytest.mark.parametrize("text, value", [
    ("1", 1), ("0", 0), ("true", 1), ("false", 0), ("True", 1), ("FALSE", 0),
    ("bot", 1), ("human", 0), ("moderate_bot", 1), ("advanced_bot", 1), ("Advanced-Bot", 1),
    ("confirmed", 1), ("false_positive", 0), ("false positive", 0), ("benign_automation", 0),
    ("scraping", 1), ("credential_sharing", 1), ("credential-sharing", 1), ("brute_force", 1), ("benign", 0),
    ("  human  ", 0),
])
def test_every_accepted_label(text, value):
    assert parse_label(text)[0] == value


def test_label_sets_are_disjoint_and_named_in_the_error():
    assert not POSITIVE & NEGATIVE
    with pytest.raises(ValueError, match=r"unknown label 'maybe'.*bot/human"):
        parse_label("maybe")


@pytest.mark.parametrize("raw, kind, ident", [
    ("s-0123456789ab", "session", "s-0123456789ab"),
    ("A-e4beb61615b8", "alert", "A-e4beb61615b8"),
    ("lisa.rivera@wsesd.example.org", "auto", "lisa.rivera@wsesd.example.org"),
    ("97hf7ciplt2k54f5j6109nekn0", "auto", "97hf7ciplt2k54f5j6109nekn0"),
    ("account:s-0123456789ab", "account", "s-0123456789ab"),
    ("app_session:abc", "app_session", "abc"),
    ("session:s-xyz", "session", "s-xyz"),
    ("alert:A-1", "alert", "A-1"),
    ("s-123", "auto", "s-123"),  # not a session id's shape
])
def test_ids_are_classified(raw, kind, ident):
    assert classify_id(raw) == (kind, ident)


# --------------------------------------------------------------------------- reading files
def test_plain_csv_without_header(tmp_path):
    path = _write(tmp_path, "s-0123456789ab,1\nlisa@x.org,human\n\n# a comment\nA-e4beb61615b8,confirmed\n")
    labels = read_labels(path)
    assert labels == [
        Label("s-0123456789ab", "session", 1, "1", 1),
        Label("lisa@x.org", "auto", 0, "human", 2),
        Label("A-e4beb61615b8", "alert", 1, "confirmed", 5),
    ]


def test_header_with_extra_columns_in_any_order(tmp_path):
    path = _write(tmp_path, "verdict,note,alert_id\nfalse_positive,\"deadline week, ok\",A-000000000001\nbenign_automation,,A-000000000002\n")
    labels = read_labels(path)
    assert [(l.id, l.kind, l.value, l.line) for l in labels] == [
        ("A-000000000001", "alert", 0, 2), ("A-000000000002", "alert", 0, 3)
    ]


def test_id_label_header_and_bom(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_bytes("\ufeffid,label\nbob@x.org,scraping\n".encode("utf-8"))
    assert read_labels(path) == [Label("bob@x.org", "auto", 1, "scraping", 2)]


def test_certh_annotation_file_is_read_as_it_is(tmp_path):
    path = _write(tmp_path, "g2gh9qmk9krld14h5uojlg7g10 human\nkaodsjbnqm7umgfvao63d3rihb moderate_bot\n", "train")
    labels = read_labels(path)
    assert [(l.id, l.value, l.label) for l in labels] == [
        ("g2gh9qmk9krld14h5uojlg7g10", 0, "human"), ("kaodsjbnqm7umgfvao63d3rihb", 1, "moderate_bot")
    ]


def test_repeated_id_with_same_label_is_kept_once(tmp_path):
    path = _write(tmp_path, "bob@x.org,1\nBOB@x.org,bot\n")
    assert len(read_labels(path)) == 1


def test_bad_rows_are_named_with_line_numbers(tmp_path):
    path = _write(tmp_path, "\n".join([
        "s-0123456789ab,1",          # 1 fine
        "lisa@x.org",                # 2 one field
        "bob@x.org,maybe",           # 3 unknown label
        ",1",                        # 4 empty id
        "s-0123456789ab,human",      # 5 contradicts line 1
        "a,b,c",                     # 6 three fields
        "account:,1",                # 7 empty after prefix
    ]) + "\n")
    with pytest.raises(LabelError) as info:
        read_labels(path)
    msg = str(info.value)
    assert msg.startswith(f"6 bad row(s) in labels file {path}")
    assert f"{path}:2: expected 2 fields (id,label), found 1" in msg
    assert f"{path}:3: unknown label 'maybe'" in msg
    assert f"{path}:4: empty id" in msg
    assert f"{path}:5: s-0123456789ab is labelled 'human' here but '1' on line 1" in msg
    assert f"{path}:6: expected 2 fields" in msg
    assert f"{path}:7: empty id after account:" in msg


def test_many_bad_rows_are_summarised(tmp_path):
    path = _write(tmp_path, "".join(f"user{i}@x.org,nope\n" for i in range(25)))
    with pytest.raises(LabelError, match=r"(?s)25 bad row\(s\).*and 15 more bad row\(s\)") as info:
        read_labels(path)
    assert f"{path}:10:" in str(info.value) and f"{path}:11:" not in str(info.value)


def test_header_rows_count_from_the_header(tmp_path):
    path = _write(tmp_path, "id,label,source\nbob@x.org,1\n")
    with pytest.raises(LabelError, match=r":2: expected 3 fields"):
        read_labels(path)


@pytest.mark.parametrize("text, message", [
    ("", "holds no labels"),
    ("# only a comment\n\n", "holds no labels"),
    ("id,label\n", r"has a header \(line 1\) but no labels"),
])
def test_empty_files_are_refused(tmp_path, text, message):
    with pytest.raises(LabelError, match=message):
        read_labels(_write(tmp_path, text))


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(LabelError, match="labels file not found"):
        read_labels(tmp_path / "nope.csv")
    bad = tmp_path / "bin.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(LabelError, match="cannot read labels file"):
        read_labels(bad)


#: The header of the service's ``GET /v1/reviews.csv`` (service/routes_alerts.py), written with csv.DictWriter.
REVIEWS_HEADER = ["alert_id", "verdict", "reviewer", "at", "note"]


def _reviews_export(tmp_path: Path, rows: list[dict]) -> Path:
    """A file shaped like the service's reviews export: quoted CSV whose notes may hold commas, quotes and newlines."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REVIEWS_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return _write(tmp_path, buffer.getvalue(), "verdicts.csv")


def test_service_reviews_export_with_multiline_notes_is_read(tmp_path):
    at = "2026-11-23T04:28:52.034190Z"
    path = _reviews_export(tmp_path, [
        {"alert_id": "A-f05c6a7a17c5", "verdict": "confirmed", "reviewer": "api", "at": at,
         "note": "vendor tool on her login\nticket SEC-9"},
        {"alert_id": "A-5376b21019a0", "verdict": "false_positive", "reviewer": "ann", "at": at, "note": "front desk"},
        {"alert_id": "A-000000000003", "verdict": "benign_automation", "reviewer": "bo", "at": at,
         "note": 'sync job, "approved"\n\n# not a comment: part of the note\nbob,1'},
        {"alert_id": "A-000000000004", "verdict": "confirmed", "reviewer": "cy", "at": at, "note": ""},
    ])
    assert path.read_text(encoding="utf-8").count("\n") == 9  # 5 records on 9 lines: notes run over several
    labels = read_labels(path)
    assert [(l.id, l.kind, l.value, l.label, l.line) for l in labels] == [
        ("A-f05c6a7a17c5", "alert", 1, "confirmed", 2),
        ("A-5376b21019a0", "alert", 0, "false_positive", 4),
        ("A-000000000003", "alert", 0, "benign_automation", 5),  # the line each record starts on
        ("A-000000000004", "alert", 1, "confirmed", 9),
    ]


def test_bad_record_after_a_multiline_one_is_named_by_the_line_it_starts_on(tmp_path):
    at = "2026-11-23T04:28:52Z"
    path = _reviews_export(tmp_path, [
        {"alert_id": "A-000000000001", "verdict": "confirmed", "reviewer": "a", "at": at, "note": "one\ntwo\nthree"},
        {"alert_id": "A-000000000002", "verdict": "perhaps", "reviewer": "b", "at": at, "note": "x\ny"},
        {"alert_id": "A-000000000003", "verdict": "confirmed", "reviewer": "c", "at": at, "note": "short"},
    ])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("A-000000000005,confirmed\n")  # line 8: too few fields
    with pytest.raises(LabelError) as info:
        read_labels(path)
    msg = str(info.value)
    assert msg.startswith(f"2 bad row(s) in labels file {path}")
    assert f"{path}:5: unknown label 'perhaps'" in msg
    assert f"{path}:8: expected 5 fields (alert_id,verdict,reviewer,at,note), found 2" in msg


def test_unclosed_quote_is_named_with_its_line(tmp_path):
    path = _write(tmp_path, 'id,label\nbob@x.org,1\n"carol@x.org,0\ndan@x.org,1\n')
    with pytest.raises(LabelError, match=rf"{re.escape(str(path))}:3: a quoted field opened in this record is never closed"):
        read_labels(path)
    path = _write(tmp_path, 'id,label\nbob@x.org,"1"x\ncarol@x.org,0\n', "junk.csv")
    with pytest.raises(LabelError, match=rf"(?s)1 bad row.*{re.escape(str(path))}:2: malformed CSV"):
        read_labels(path)


# --------------------------------------------------------------------------- finding units in logs
def _line(ip: str, user: str, minute: int, path: str, app: str) -> str:
    return f'{ip} {user} [14/Sep/2026:10:{minute:02d}:00 +0000] "GET {path} HTTP/1.1" 200 100 "-" {app} "{UA}"'


@pytest.fixture(scope="module")
def small_logs(tmp_path_factory):
    """Alice (two app sessions), Bob (one), Carol (one) and an unauthenticated address."""
    folder = tmp_path_factory.mktemp("labels")
    lines = []
    for m in range(0, 10):
        lines.append(_line("1.1.1.1", "alice@x.org", m, f"/students/{100 + m}", "appA1"))
        lines.append(_line("2.2.2.2", "alice@x.org", m, f"/students/{200 + m}", "appA2"))
        lines.append(_line("3.3.3.3", "bob@x.org", m, "/dashboard", "appB"))
        lines.append(_line("4.4.4.4", "carol@x.org", m, "/reports", "appC"))
        lines.append(_line("9.9.9.9", "-", m, "/login", "-"))
    log = folder / "access.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = Settings(log_format=LOG_FORMAT)
    records, _ = read_logs([log], log_format=LOG_FORMAT)
    data, features = build_features(records, settings)
    s = data.sessions
    by_app = {a: i for i, a in zip(s.index, s["app_session"]) if isinstance(a, str)}
    anon = [i for i, u in zip(s.index, s["user"]) if u is None or u != u]
    day = int(features["account_day"].index[0][1])
    return {"data": data, "features": features, "by_app": by_app, "anon": anon, "day": day, "folder": folder}


def _labels(folder: Path, text: str) -> list[Label]:
    return read_labels(_write(folder, text, "l.csv"))


def test_session_app_session_and_account_ids_are_found(small_logs):
    d = small_logs
    sid = d["data"].sessions.at[d["by_app"]["appA1"], "session_id"]
    labels = _labels(d["folder"], f"{sid},bot\nappB,human\nCAROL@x.org,human\nnobody@x.org,1\nzzz,0\n")
    match = resolve_labels(labels, d["data"], d["features"])
    y = match.targets["session"]
    assert y[d["by_app"]["appA1"]] == 1
    assert y[d["by_app"]["appB"]] == 0
    assert y[d["by_app"]["appC"]] == 0  # carol's day is benign, so is her session
    assert d["by_app"]["appA2"] not in y.index
    ad = match.targets["account_day"]
    assert ad[("alice@x.org", d["day"])] == 1  # a day with an abusive session is abusive
    assert ad[("carol@x.org", d["day"])] == 0
    assert ad[("bob@x.org", d["day"])] == 0  # every session of the day labelled benign
    assert match.matched == {"session": 1, "app_session": 1, "account": 1}
    assert match.unmatched == ["nobody@x.org", "zzz"]
    assert match.counts() == {"session": {"positives": 1, "negatives": 2}, "account_day": {"positives": 1, "negatives": 2}}
    assert match.to_dict()["by_label"] == {"bot": 1, "human": 2}


def test_a_positive_account_does_not_make_every_session_positive(small_logs):
    d = small_logs
    match = resolve_labels(_labels(d["folder"], "alice@x.org,scraping\n"), d["data"], d["features"])
    assert match.targets["account_day"][("alice@x.org", d["day"])] == 1
    assert len(match.targets["session"]) == 0


def test_alert_ids_are_found_for_accounts_and_addresses(small_logs):
    d = small_logs
    day = d["day"]
    scraping = alert_id_for("scraping", "alice@x.org", None, day)
    sharing = alert_id_for("credential_sharing", "bob@x.org", None, day)
    brute = alert_id_for("brute_force", None, "9.9.9.9", day)
    text = f"alert_id,verdict\n{scraping},confirmed\n{sharing},false_positive\n{brute},benign_automation\nA-000000000000,confirmed\n"
    match = resolve_labels(_labels(d["folder"], text), d["data"], d["features"])
    ad = match.targets["account_day"]
    assert ad[("alice@x.org", day)] == 1 and ad[("bob@x.org", day)] == 0
    y = match.targets["session"]
    assert y[d["by_app"]["appB"]] == 0  # a false positive day: its sessions are benign
    assert all(y[i] == 0 for i in d["anon"])  # the address-day's unauthenticated sessions
    assert match.matched == {"alert": 3} and match.unmatched == ["A-000000000000"]


def test_most_specific_label_wins_and_equal_ones_favour_abusive(small_logs):
    d = small_logs
    day = d["day"]
    sid = d["data"].sessions.at[d["by_app"]["appB"], "session_id"]
    scraping = alert_id_for("scraping", "bob@x.org", None, day)
    sharing = alert_id_for("credential_sharing", "bob@x.org", None, day)
    # bob the account is human, but one session id says bot; two alerts on his day disagree
    text = f"bob@x.org,human\n{sid},bot\n{scraping},confirmed\n{sharing},false_positive\n"
    match = resolve_labels(_labels(d["folder"], text), d["data"], d["features"])
    assert match.targets["session"][d["by_app"]["appB"]] == 1  # session id beats the account
    assert match.targets["account_day"][("bob@x.org", day)] == 1  # alert beats account; confirmed beats false positive
    assert match.conflicts == {"session": 0, "account_day": 1}


def test_prefix_forces_the_kind(small_logs):
    d = small_logs
    match = resolve_labels(_labels(d["folder"], "account:appB,1\napp_session:appB,0\n"), d["data"], d["features"])
    assert match.unmatched == ["appB"]  # no account is called appB
    assert match.targets["session"][d["by_app"]["appB"]] == 0
    assert np.issubdtype(match.targets["session"].dtype, np.integer)
