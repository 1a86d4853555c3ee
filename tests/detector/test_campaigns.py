"""Alerts on different subjects that are one attack are labelled as one campaign."""

from __future__ import annotations

from detector.alerts import Alert
from detector.campaigns import campaign_gaps, group_campaigns
from models.rules import load_rules

WAVE = "brute-force-rotating-addresses"


def _alert(ip: str, start: str, end: str, rules: list[str] | None = None, user: str | None = None) -> Alert:
    return Alert(alert_id=f"A-{ip}", kind="brute_force", severity="high", score=0.8, user=user, client_ips=[ip],
                 user_agents=[], first_seen=f"2026-10-15T{start}:00Z", last_seen=f"2026-10-15T{end}:00Z",
                 session_ids=[], reasons=["its own reason"], day="2026-10-15", rules=rules or [WAVE])


def test_alerts_chained_within_the_gap_are_one_campaign_and_say_so() -> None:
    # b starts 50 min after a ends; c starts 50 min after b ends but 2 h after a ends: one chain
    a, b, c = _alert("1.1.1.1", "10:00", "10:30"), _alert("2.2.2.2", "11:20", "11:40"), _alert("3.3.3.3", "12:30", "12:31")
    assert group_campaigns([c, a, b], {WAVE: 60}) == 1
    assert a.campaign == b.campaign == c.campaign and a.campaign.startswith("C-")
    for alert in (a, b, c):
        assert alert.reasons[0] == "its own reason"
        assert alert.reasons[1].startswith(f"campaign {a.campaign}: one of 3 addresses alerted by {WAVE}")
        assert "never more than 60 min apart, 2026-10-15 10:00–12:31 UTC" in alert.reasons[1]


def test_a_gap_longer_than_the_rule_allows_starts_a_new_campaign_and_a_lone_alert_is_none() -> None:
    first = [_alert(f"1.1.1.{i}", f"09:{10 * i:02d}", f"09:{10 * i + 5:02d}") for i in range(3)]
    lone = _alert("9.9.9.9", "15:00", "15:10")
    second = [_alert(f"2.2.2.{i}", f"18:{10 * i:02d}", f"18:{10 * i + 5:02d}") for i in range(2)]
    assert group_campaigns([*first, lone, *second], {WAVE: 60}) == 2
    assert len({a.campaign for a in first}) == 1 and len({a.campaign for a in second}) == 1
    assert first[0].campaign != second[0].campaign
    assert lone.campaign is None and lone.reasons == ["its own reason"]


def test_only_the_rules_that_group_make_campaigns() -> None:
    other = [_alert(f"3.3.3.{i}", "10:00", "10:05", rules=["brute-force-single-address"]) for i in range(4)]
    assert group_campaigns(other, {WAVE: 60}) == 0
    assert all(a.campaign is None and len(a.reasons) == 1 for a in other)


def test_the_campaign_id_does_not_depend_on_the_order_alerts_come_in() -> None:
    def ids(order: list[int]) -> set[str]:
        alerts = [_alert(f"4.4.4.{i}", f"10:{5 * i:02d}", f"10:{5 * i + 2:02d}") for i in range(3)]
        group_campaigns([alerts[k] for k in order], {WAVE: 30})
        return {a.campaign for a in alerts}

    assert ids([0, 1, 2]) == ids([2, 0, 1]) and len(ids([1, 2, 0])) == 1


def test_accounts_and_addresses_are_counted_apart() -> None:
    alerts = [_alert("5.5.5.1", "10:00", "10:05"), _alert("5.5.5.2", "10:10", "10:15", user="a@x.org")]
    group_campaigns(alerts, {WAVE: 60})
    assert "one of 1 address and 1 account alerted" in alerts[0].reasons[1]


def test_gaps_come_from_the_rules_that_set_campaign_minutes() -> None:
    rules = load_rules({"rules": [
        {"id": "wave", "kind": "brute_force", "level": "session", "condition": "x >= 1", "severity": "high",
         "reason": "r", "campaign_minutes": 45},
        {"id": "plain", "kind": "brute_force", "level": "session", "condition": "x >= 1", "severity": "high",
         "reason": "r"},
    ]})
    assert campaign_gaps([rules]) == {"wave": 45.0}
    (default,) = [r for r in load_rules(None).rules if r.id == WAVE]
    assert default.campaign_minutes == 60
