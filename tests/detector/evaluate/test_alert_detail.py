"""Caught, missed and false alarms per subject (detector.evaluate.alert_detail)."""

from __future__ import annotations

from detector.evaluate.alert_detail import explain, print_detail

LABELS = {
    "accounts": {
        "Vendor.Job@district.org": {"label": "scraping", "behaviour": "vendor_night_job", "kinds": ["scraping"]},
        "sub@district.org": {"label": "credential_sharing", "behaviour": "substitute", "kinds": ["credential_sharing"]},
        "clerk@district.org": {"label": "benign", "behaviour": "submission_clerk", "kinds": []},
    },
    "sources": {"192.0.2.9": {"label": "abusive", "behaviour": "password_guessing", "kinds": ["brute_force"]}},
    "staff": ["ann@district.org"],
    "addresses": {"203.0.113.1": "office NAT"},
}


def _alert(kind: str, user: str | None = None, ips: tuple[str, ...] = ()) -> dict:
    return {"kind": kind, "user": user, "client_ips": list(ips), "day": "2026-09-14", "severity": "high",
            "score": 0.9, "rules": ["r"], "reasons": ["because"]}


def test_each_alert_is_credited_and_described_like_score_scan_does() -> None:
    alerts = [
        _alert("scraping", "vendor.job@district.org"),  # names compare case-insensitively
        _alert("scraping", "clerk@district.org"),
        _alert("credential_sharing", "ann@district.org"),
        _alert("brute_force", None, ("203.0.113.1",)),
    ]
    detail = explain(alerts, LABELS)
    assert [(r["subject"], r["category"]) for r in detail["caught"]] == [("vendor.job@district.org", "abusive")]
    assert sorted((r["subject"], r["category"], r["behaviour"]) for r in detail["false_alarm_detail"]) == [
        ("203.0.113.1", "unlabelled", "office NAT"),
        ("ann@district.org", "normal_staff", "ordinary work"),
        ("clerk@district.org", "lookalike", "submission_clerk"),
    ]
    # abusive accounts and addresses never alerted with their kind are missed
    assert [m["subject"] for m in detail["missed_detail"]] == ["192.0.2.9", "sub@district.org"]


def test_print_detail_lists_every_row(capsys) -> None:
    print_detail(explain([_alert("scraping", "clerk@district.org")], LABELS))
    out = capsys.readouterr().out
    assert "clerk@district.org [lookalike: submission_clerk] scraping" in out
    assert "192.0.2.9 [password_guessing] expected brute_force" in out
