"""Alerts: the other account names they list (``other_accounts``) and their scores (``corroborated``)."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.alerts import CORROBORATION, MAX_CORROBORATING_RULES, SEVERITY_CONFIDENCE, corroborated, other_accounts


def _sessions(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["user", "other_users", "requests"])


def test_an_accounts_alert_lists_the_other_names_of_its_sessions_but_not_its_own() -> None:
    rows = _sessions([("EDNET\\jdoe", ("jdoe@district.example",), 40), ("jdoe@district.example", None, 5)])
    assert other_accounts(rows, "EDNET\\jdoe", 20) == ["jdoe@district.example"]
    assert other_accounts(rows, "jdoe@district.example", 20) == ["EDNET\\jdoe"]


def test_an_addresss_alert_lists_the_accounts_signed_in_from_it_busiest_first_ties_by_name() -> None:
    rows = _sessions([(None, None, 300), ("victim@district.example", None, 4), ("b@district.example", None, 9),
                      ("a@district.example", None, 9)])
    assert other_accounts(rows, None, 20) == ["a@district.example", "b@district.example", "victim@district.example"]
    assert other_accounts(rows, None, 2) == ["a@district.example", "b@district.example"]


def test_sessions_without_names_list_none() -> None:
    assert other_accounts(_sessions([(None, None, 12)]), None, 20) == []
    assert other_accounts(pd.DataFrame({"user": ["x"], "requests": [3]}), "x", 20) == []


# --- scores: the strongest evidence, corroborated by the other rules that fired --------------------


@given(st.floats(0.0, 1.0), st.integers(1, 20))
def test_corroboration_only_raises_a_score_and_stays_within_one(score: float, n_rules: int) -> None:
    raised = corroborated(score, n_rules)
    assert score - 1e-12 <= raised <= 1.0
    assert corroborated(score, n_rules + 1) >= raised - 1e-12
    assert corroborated(score, 1) == pytest.approx(score)


def test_corroboration_counts_a_few_further_rules_only() -> None:
    capped = corroborated(0.8, 1 + MAX_CORROBORATING_RULES)
    assert corroborated(0.8, 30) == capped < 1.0
    assert corroborated(0.8, 2) == pytest.approx(1 - 0.2 * (1 - CORROBORATION))


def test_scanned_alerts_score_their_strongest_evidence_raised_by_their_other_rules(tmp_path_factory) -> None:
    """Every alert's score is its severity's confidence (plus at most 0.1 of unusualness), corroborated by the
    alert's other rules."""
    from tests.detector.test_evidence import scanned_sample

    alerts = scanned_sample(tmp_path_factory)["result"].analysis.alerts
    assert any(len(a.rules) > 1 for a in alerts)
    for alert in alerts:
        further = min(len(alert.rules) - 1, MAX_CORROBORATING_RULES)
        strongest = 1 - (1 - alert.score) / (1 - CORROBORATION) ** further
        base = SEVERITY_CONFIDENCE[alert.severity]
        assert base - 1e-3 <= strongest <= base + 0.1 + 1e-3, (alert.alert_id, alert.rules, alert.score)


def test_a_service_accounts_scraping_is_suppressed_unless_a_second_client_used_it_at_once() -> None:
    """Scripts are what a machine's account is for; a second kind of client beside it at once is a second party."""
    import re

    from detector.alerts import Alert, _service_account

    def alert(user: str, rules: list[str]) -> Alert:
        return Alert(alert_id="A", kind="scraping", severity="high", score=0.9, user=user, client_ips=["203.0.113.5"],
                     user_agents=["axios/1.7"], first_seen="", last_seen="", session_ids=["s"], reasons=["r"],
                     day="2027-10-12", rules=rules)

    machines = [re.compile(r"^(svc|api)[._\-0-9:]", re.I)]
    why = _service_account(alert("api:attendance-sync", ["scraping-script-on-staff-login"]), machines)
    assert why is not None and "service account" in why
    # a second kind of client at the same time: not the machine's script
    assert _service_account(alert("api:attendance-sync", ["scraping-nonstop-new-pages", "sharing-fast-switching"]),
                            machines) is None
    # a monitor probing from many networks is one client: still suppressed
    assert _service_account(alert("svc-synthetics", ["scraping-script-all-day", "sharing-many-networks"]), machines)
    assert _service_account(alert("jdoe@district.org", ["scraping-script-on-staff-login"]), machines) is None


def test_the_second_client_rules_are_two_device_sharing_rules_of_the_default_set() -> None:
    from detector.alerts import SECOND_CLIENT_RULES
    from models.rules import default_rules_path, parse_rules

    rules = {r.id: r for r in parse_rules(default_rules_path())}
    assert SECOND_CLIENT_RULES <= set(rules)
    assert all(rules[r].kind == "credential_sharing" for r in SECOND_CLIENT_RULES)
