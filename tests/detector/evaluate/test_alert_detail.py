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


def test_an_account_logged_under_another_name_is_credited_to_its_label() -> None:
    """IIS logs ``DOMAIN\\user`` on pages and the e-mail on API calls: the labels list both as the account's
    ``log_names``, and an alert on either name is that account's, in the detail and in the figures alike."""
    from detector.evaluate.score_scan import score_alerts

    labels = {**LABELS, "accounts": {**LABELS["accounts"], "sub@district.org": {
        **LABELS["accounts"]["sub@district.org"], "params": {"log_names": ["EDNET\\sub", "sub@district.org"]}}}}
    alerts = [_alert("credential_sharing", "ednet\\SUB"), _alert("scraping", "EDNET\\other")]
    detail = explain(alerts, labels)
    assert [r["subject"] for r in detail["caught"]] == ["sub@district.org"]
    assert [r["subject"] for r in detail["false_alarm_detail"]] == ["ednet\\other"]
    score = score_alerts(alerts, labels)
    assert (score.true_positives, score.false_positives) == (1, 1) and "user:sub@district.org" not in score.missed


def test_in_a_log_without_account_names_the_abusive_client_is_credited_to_its_account() -> None:
    """An AWS load balancer logs no user: an alert on the exact client (address and user agent) a labelled
    account's abuse came from is that account's; the same address with another browser is not."""
    from detector.evaluate.score_scan import score_alerts

    labels = {**LABELS, "accounts": {**LABELS["accounts"], "Vendor.Job@district.org": {
        **LABELS["accounts"]["Vendor.Job@district.org"], "params": {"ip": "198.51.100.7", "user_agent": "node-fetch"}}}}
    vendor = {**_alert("scraping", None, ("198.51.100.7",)), "user_agents": ["node-fetch"]}
    office = {**_alert("scraping", None, ("198.51.100.7",)), "user_agents": ["Mozilla/5.0 Chrome"]}
    assert [r["subject"] for r in explain([vendor], labels)["caught"]] == ["vendor.job@district.org"]
    assert [r["subject"] for r in explain([office], labels)["false_alarm_detail"]] == ["198.51.100.7"]
    assert score_alerts([vendor, office], labels).true_positives == 1
