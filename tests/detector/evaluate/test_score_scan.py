"""Scoring a scan against labels: one incident, one subject."""

from __future__ import annotations

from detector.evaluate.score_scan import label_subjects, score_alerts

LABELS = {
    "accounts": {
        "field.worker@district.org": {"label": "scraping", "behaviour": "mobile_api_harvester", "kinds": ["scraping"],
                                      "params": {"ip": "64.227.106.183", "user_agent": "okhttp/4.11.0"}},
        "clerk@district.org": {"label": "scraping", "behaviour": "export_loop", "kinds": ["scraping"],
                               "params": {"ips": ["198.51.100.7", "198.51.100.8"], "user_agent": "python-requests/2.32"}},
    },
    "sources": {
        "64.227.106.183": {"label": "scraping", "behaviour": "mobile_api_harvester", "kinds": ["scraping"]},
        "198.51.100.8": {"label": "scraping", "behaviour": "export_loop", "kinds": ["scraping"]},
        "203.0.113.66": {"label": "brute_force", "behaviour": "password_spray", "kinds": ["brute_force"]},
        "198.51.100.7": {"label": "brute_force", "behaviour": "password_spray", "kinds": ["brute_force"]},
    },
}


def _alert(kind: str, user: str | None, ips: list[str], agents: list[str] = ()) -> dict:
    return {"kind": kind, "user": user, "client_ips": ips, "user_agents": list(agents), "score": 0.9}


def test_a_source_that_is_only_an_accounts_abusive_client_is_that_accounts_incident() -> None:
    subjects = label_subjects(LABELS)
    assert "ip:64.227.106.183" not in subjects and "ip:198.51.100.8" not in subjects
    # a kind the account does not have: a second incident from the same address, still its own subject
    assert "ip:198.51.100.7" in subjects and "ip:203.0.113.66" in subjects


def test_the_accounts_alert_or_its_clients_alert_covers_it_once() -> None:
    named = score_alerts([_alert("scraping", "field.worker@district.org", ["64.227.106.183"]),
                          _alert("scraping", "clerk@district.org", ["198.51.100.8"]),
                          _alert("brute_force", None, ["203.0.113.66"]), _alert("brute_force", None, ["198.51.100.7"])],
                         LABELS)
    assert (named.precision, named.recall, named.missed) == (1.0, 1.0, [])
    nameless = score_alerts([_alert("scraping", None, ["64.227.106.183"], ["okhttp/4.11.0"])], LABELS)
    assert nameless.true_positives == 1 and "user:field.worker@district.org" not in nameless.missed


def test_one_persons_names_labelled_separately_are_one_subject() -> None:
    """A generator may label ``DISTRICT\\jdoe`` and ``jane.doe@…`` each, both listing both names: one person."""
    names = ["DISTRICT\\jdoe", "jane.doe@district.org"]
    labels = {"accounts": {
        names[0]: {"label": "credential_sharing", "behaviour": "daughter_on_email_login", "kinds": ["credential_sharing"],
                   "params": {"log_names": names}},
        names[1]: {"label": "credential_sharing", "behaviour": "daughter_on_email_login", "kinds": ["credential_sharing"],
                   "params": {"log_names": names}},
        "maria@district.org": {"label": "benign", "behaviour": "teacher", "kinds": [], "params": {}},
    }, "sources": {}}
    assert sorted(label_subjects(labels)) == ["user:district\\jdoe", "user:maria@district.org"]
    for alerted in names:  # an alert under either name is the person's
        score = score_alerts([_alert("credential_sharing", alerted, ["198.51.100.9"])], labels)
        assert (score.precision, score.recall, score.missed) == (1.0, 1.0, [])


def test_in_a_log_without_user_agents_the_address_alone_credits_the_account() -> None:
    from detector.schema import UA_NOT_LOGGED

    nameless = score_alerts([_alert("scraping", None, ["64.227.106.183"], [UA_NOT_LOGGED])], LABELS)
    assert "user:field.worker@district.org" not in nameless.missed and nameless.false_positives == 0
    other_agent = score_alerts([_alert("scraping", None, ["64.227.106.183"], ["curl/8.4.0"])], LABELS)
    assert other_agent.false_positives == 1


def test_an_account_keyed_by_its_printed_name_is_found_by_its_login() -> None:
    """Apache prints ``CRESD\\swilson`` as ``CRESD\\\\swilson``; the reader undoes it, the labels may not."""
    labels = {"accounts": {
        "CRESD\\\\swilson": {"label": "credential_sharing", "behaviour": "two_teachers_one_login",
                             "kinds": ["credential_sharing"], "params": {"login": "CRESD\\swilson",
                                                                        "log_names": ["CRESD\\\\swilson"]}},
        "CRESD\\\\ebecker": {"label": "benign", "behaviour": "registrar", "kinds": [],
                             "params": {"login": "CRESD\\ebecker"}},
    }, "sources": {}}
    hit = score_alerts([_alert("credential_sharing", "cresd\\swilson", ["10.0.0.9"])], labels)
    assert (hit.precision, hit.recall) == (1.0, 1.0)
    false = score_alerts([_alert("scraping", "cresd\\ebecker", ["10.0.0.8"])], labels)
    assert false.false_positives == 1 and false.lookalikes_alerted == ["user:cresd\\\\ebecker"]
