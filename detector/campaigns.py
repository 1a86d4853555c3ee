"""Alerts on different subjects that are one attack: campaigns.

Password guessing through a pool of proxies raises one alert per address, and
an analyst facing 60 alerts wants to know they are one wave.  A rule with
``campaign_minutes`` (rules as data, see :class:`models.rule_definition.Rule`)
says so: its alerts whose activity lies within that many minutes of each other,
chained in time order, are one campaign.  Each member gets the campaign's id
in ``campaign`` and a reason saying how many subjects it spans and when, so the
analyst can dismiss or escalate the wave at once.  An alert alone in its window
is no campaign.

This only labels alerts :func:`detector.alerts.decide` has already made; it
never raises or removes one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["campaign_gaps", "group_campaigns"]


@dataclass
class _Member:
    alert: object  # detector.alerts.Alert (duck-typed: rules, first_seen, last_seen, user, ...)
    start: datetime
    end: datetime


def campaign_gaps(rulesets: Iterable[object]) -> dict[str, float]:
    """``{rule id: campaign_minutes}`` for every rule that groups its alerts.

    Parameters
    ----------
    rulesets : iterable of models.rules.RuleSet
        The fitted rule sets (one per level).
    """
    return {r.id: float(r.campaign_minutes) for rs in rulesets for r in rs.rules if r.campaign_minutes}


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _campaign_id(rule_id: str, members: list[_Member]) -> str:
    first = min(m.alert.alert_id for m in members)
    return "C-" + hashlib.sha1(f"{rule_id}|{first}".encode()).hexdigest()[:12]


def _reason(rule_id: str, minutes: float, campaign: str, members: list[_Member]) -> str:
    start = min(m.start for m in members)
    end = max(m.end for m in members)
    accounts = sum(1 for m in members if m.alert.user)
    addresses = len(members) - accounts
    subjects = " and ".join(
        f"{n:,} {word}{'' if n == 1 else 'es' if word == 'address' else 's'}"
        for n, word in ((addresses, "address"), (accounts, "account")) if n
    )
    span = f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} UTC" if start.date() == end.date() else \
        f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} UTC"
    return (f"campaign {campaign}: one of {subjects} alerted by {rule_id} one after another, never more than "
            f"{minutes:,.0f} min apart, {span}")


def _chains(members: list[_Member], gap: timedelta) -> Iterator[list[_Member]]:
    """Runs of ``members`` (sorted by start) in which each starts within ``gap`` of the run's activity so far."""
    chain: list[_Member] = []
    end: datetime | None = None
    for member in members:
        if chain and member.start > end + gap:
            yield chain
            chain = []
        chain.append(member)
        end = member.end if len(chain) == 1 else max(end, member.end)
    if chain:
        yield chain


def group_campaigns(alerts: list, gaps: Mapping[str, float]) -> int:
    """Set ``campaign`` and add a reason on alerts that are one campaign.

    Parameters
    ----------
    alerts : list of detector.alerts.Alert
        Decided alerts; changed in place (``campaign``, ``reasons``).
    gaps : mapping of str to float
        Rule id to its ``campaign_minutes`` (:func:`campaign_gaps`).

    Returns
    -------
    int
        Number of campaigns found.
    """
    found = 0
    for rule_id, minutes in sorted(gaps.items()):
        members = sorted(
            (_Member(a, _when(a.first_seen), _when(a.last_seen)) for a in alerts
             if rule_id in a.rules and a.campaign is None),  # an alert joins at most one campaign
            key=lambda m: (m.start, m.alert.alert_id),
        )
        for chain in _chains(members, timedelta(minutes=minutes)):
            if len(chain) < 2:
                continue
            campaign = _campaign_id(rule_id, chain)
            reason = _reason(rule_id, minutes, campaign, chain)
            for m in chain:
                m.alert.campaign = campaign
                m.alert.reasons.insert(1, reason)  # after the rule's own reason
            found += 1
    return found
