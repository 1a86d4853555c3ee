"""The one place that turns scores and rule hits into alerts.

Models only score (see :mod:`models.pipeline`).  :func:`decide` gathers every
rule hit on every unit (session, account-day, source-day), groups them into
one alert per subject (account, or client address when unauthenticated), kind
and local day, and writes its reasons: the rules that fired, then the features
that set the unit apart from its peers.  Allowlists are applied here, and
every suppression is reported with the allowlist entry's reason.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detector.campaigns import campaign_gaps, group_campaigns
from detector.config import Allowlists, matching_pattern
from detector.explain import driver_reasons
from models.pipeline import DetectorModel, LevelScores

ALERT_KINDS = ("scraping", "credential_sharing", "brute_force")
SEVERITIES = ("low", "medium", "high", "critical")
#: How sure a rule of each severity makes us, before the anomaly score adds up to 0.1.
SEVERITY_CONFIDENCE = {"low": 0.4, "medium": 0.6, "high": 0.8, "critical": 0.9}


@dataclass
class Alert:
    """One alert: who, when, from where, how sure and why."""

    alert_id: str
    kind: str
    severity: str
    score: float
    user: str | None
    client_ips: list[str]
    user_agents: list[str]
    first_seen: str
    last_seen: str
    session_ids: list[str]
    reasons: list[str]
    day: str
    rules: list[str] = field(default_factory=list)
    campaign: str | None = None
    other_accounts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-serialisable form (the documented ``alerts.jsonl`` record)."""
        return dict(self.__dict__)


@dataclass
class _Evidence:
    subject_user: str | None
    subject_ip: str | None
    kind: str
    day: int
    severity: str
    score: float
    rule_id: str
    reason: str
    level: str
    unit: object
    session_idx: np.ndarray
    position: int = 0


def _iso(ts: pd.Timestamp) -> str:
    return pd.Timestamp(ts).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def alert_id_for(kind: str, user: str | None, ip: str | None, day: int) -> str:
    """The stable id of the alert for one subject, kind and local day.

    Parameters
    ----------
    kind : str
        Alert kind.
    user : str or None
        The account; None for an alert about a client address.
    ip : str or None
        The client address (used only when ``user`` is None).
    day : int
        Local day, as days since the epoch.

    Returns
    -------
    str
        ``A-`` and 12 hex digits; the same inputs always give the same id.
    """
    key = f"{kind}|{user or ''}|{ip if user is None else ''}|{day}"
    return "A-" + hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


class _Members:
    """The sessions behind each unit, from the sessions table alone (no requests needed).

    A session belongs to every local day from its ``first_day`` to its
    ``last_day``; to the account-days of its account and the address-days of
    the address it started from.  Lookups are built only for the subjects
    asked about, so deciding costs little when few units have rule hits.
    """

    def __init__(self, sessions: pd.DataFrame):
        self.sessions = sessions
        self._by: dict[str, dict] = {}

    def day(self, session: int) -> int:
        return int(self.sessions.at[session, "first_day"])

    def of(self, column: str, value: object, day: int, wanted: set) -> np.ndarray:
        """Session indexes of ``(value, day)`` for ``column`` in ``user`` / ``client_ip``."""
        if column not in self._by:
            s = self.sessions
            keys = s[column].astype(object)
            if column == "user" and "other_users" in s.columns and s["other_users"].notna().any():
                # a session signed under two names belongs to the account-days of both
                others = s["other_users"].dropna().explode()
                s = s[["user", "first_day", "last_day"]]
                s = pd.concat([s, s.loc[others.index].assign(user=others.to_numpy())])
                keys = s[column].astype(object)
            pick = keys.isin(wanted).to_numpy()
            first = s["first_day"].to_numpy()[pick].astype(np.int64)
            spans = s["last_day"].to_numpy()[pick].astype(np.int64) - first + 1
            idx = np.repeat(s.index.to_numpy()[pick], spans)
            days = np.repeat(first, spans) + (np.arange(spans.sum()) - np.repeat(np.cumsum(spans) - spans, spans))
            frame = pd.DataFrame({"key": np.repeat(keys.to_numpy()[pick], spans), "day": days, "idx": idx})
            self._by[column] = {k: g.to_numpy() for k, g in frame.groupby(["key", "day"])["idx"]}
        return np.asarray(self._by[column].get((value, int(day)), []), dtype=np.int64)


#: How much a client that declares itself automated (crawler, HTTP library, headless, no user agent) counts
#: on its own in a session's score: automated by its own word, though not necessarily abusive.
DECLARED_AUTOMATION_WEIGHT = 0.6


def session_scores(scored: LevelScores) -> np.ndarray:
    """Each session's 0-1 score: unusual behaviour, rule evidence and declared automation, combined.

    The three are combined as independent evidence (noisy-OR):
    ``1 - (1 - anomaly) * (1 - rule confidence) * (1 - w * declared automation share)``,
    where rule confidence is that of the most severe session rule matched
    (:data:`SEVERITY_CONFIDENCE`) and ``w`` is :data:`DECLARED_AUTOMATION_WEIGHT`.

    Parameters
    ----------
    scored : LevelScores
        The model's output for the session level.

    Returns
    -------
    numpy.ndarray
        One score per session, in the order of ``scored.features``.
    """
    features = scored.features
    anomaly = np.clip(features["anomaly_score"].to_numpy(dtype=np.float64), 0.0, 1.0)
    rule = np.array(
        [max((SEVERITY_CONFIDENCE[h[2]] for h in hits), default=0.0) for hits in scored.rule_hits]
        if scored.rule_hits
        else np.zeros(len(features)),
        dtype=np.float64,
    )
    declared = features["ua_automation_share"].to_numpy(dtype=np.float64) if "ua_automation_share" in features else 0.0
    declared = np.nan_to_num(declared, nan=0.0)
    return 1.0 - (1.0 - anomaly) * (1.0 - rule) * (1.0 - DECLARED_AUTOMATION_WEIGHT * declared)


def _account(value: object) -> str | None:
    """An account name, or None for a missing one (None, NaN, empty)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    return str(value)


#: How much of the doubt left by an alert's strongest evidence each further rule that fired takes away.
CORROBORATION = 0.3
#: Further rules counted at most (rules on one incident are not independent witnesses).
MAX_CORROBORATING_RULES = 5


def corroborated(score: float, n_rules: int) -> float:
    """An alert's score: its strongest evidence's, raised by the other rules that fired on the same incident.

    Each further rule takes away :data:`CORROBORATION` of the remaining doubt, for at most
    :data:`MAX_CORROBORATING_RULES` of them: a scraper that reads a hundred times its peers' records, at night, from
    a script, is more certainly one than a clerk whose long afternoon only one rule found unusual.

    Parameters
    ----------
    score : float
        The strongest evidence's score (0-1).
    n_rules : int
        Distinct rules behind the alert, the strongest's included.

    Returns
    -------
    float
        ``1 - (1 - score) * (1 - CORROBORATION) ** min(n_rules - 1, MAX_CORROBORATING_RULES)``.

    Examples
    --------
    >>> corroborated(0.8, 1), round(corroborated(0.8, 2), 3), round(corroborated(0.8, 9), 3)
    (0.8, 0.86, 0.966)
    """
    further = min(max(n_rules - 1, 0), MAX_CORROBORATING_RULES)
    return 1.0 - (1.0 - score) * (1.0 - CORROBORATION) ** further


def _collect(sessions: pd.DataFrame, scores: dict[str, LevelScores], window_parent: np.ndarray | None = None) -> list[_Evidence]:
    members = _Members(sessions)
    wanted = {
        level: {unit[0] for unit, hits in zip(scored.features.index, scored.rule_hits) if hits}
        for level, scored in scores.items()
        if level in ("account_day", "source_day")
    }
    evidence: list[_Evidence] = []
    for level, scored in scores.items():
        anomaly = scored.features["anomaly_score"].to_numpy()
        for pos, hits in enumerate(scored.rule_hits):
            if not hits:
                continue
            unit = scored.features.index[pos]
            if level in ("session", "window"):
                session = int(window_parent[pos]) if level == "window" else unit
                user = _account(sessions.at[session, "user"])
                ip = None if user is not None else sessions.at[session, "client_ip"]
                day = members.day(session)
                unit_members = np.array([session])
            elif level == "account_day":
                user, day = unit[0], int(unit[1])
                ip = None
                unit_members = members.of("user", user, day, wanted[level])
            else:
                ip, day = unit[0], int(unit[1])
                user = None
                unit_members = members.of("client_ip", ip, day, wanted[level])
            for rule_id, kind, severity, reason in hits:
                score = min(1.0, SEVERITY_CONFIDENCE[severity] + 0.1 * float(anomaly[pos]))
                evidence.append(_Evidence(user, ip, kind, day, severity, score, rule_id, reason, level, unit, unit_members, pos))
    return evidence


#: Rules whose evidence always stands as its own alert (generic logins are banned outright).
STANDALONE_RULE_PREFIXES = ("sharing-generic-account",)


def _fold_into_scraping(evidence: list[_Evidence]) -> list[_Evidence]:
    """One incident, one alert: sharing evidence on a scraped account-day joins the scraping alert.

    A vendor tool running on a staff login while its owner works produces
    both scraping and "two places at once" evidence.  When the account-day
    already has scraping evidence, its credential-sharing evidence becomes
    extra reasons of the scraping alert (prefixed "also:") rather than a
    second alert.  Generic-account evidence is never folded.
    """
    scraped = {(e.subject_user, e.day) for e in evidence if e.kind == "scraping" and e.subject_user is not None}
    out = []
    for e in evidence:
        if (
            e.kind == "credential_sharing"
            and (e.subject_user, e.day) in scraped
            and not e.rule_id.startswith(STANDALONE_RULE_PREFIXES)
        ):
            e = _Evidence(
                e.subject_user, e.subject_ip, "scraping", e.day, "low", 0.0, e.rule_id,
                f"also: {e.reason}", e.level, e.unit, e.session_idx, e.position,
            )
        out.append(e)
    return out


def _fold_anonymous_into_account(evidence: list[_Evidence], sessions: pd.DataFrame) -> list[_Evidence]:
    """One incident, one alert: a scraping client's requests without a signed-in user join its account's alert.

    A single-page app serves its shell pages, and some APIs their public
    calls, without the signed-in user in the log line; a scraper driving the
    app then leaves an address-level scraping alert beside the account's.
    When every session behind the address's scraping evidence on a day came
    from a client (exact address and user agent) that the scraping evidence
    of exactly one account that day also came from, that evidence becomes
    extra reasons of the account's alert (prefixed "also:").
    """
    anonymous = [e for e in evidence if e.kind == "scraping" and e.subject_user is None and len(e.session_idx)]
    if not anonymous:
        return evidence
    ips, agents = sessions["client_ip"].to_numpy(dtype=object), sessions["user_agent"].to_numpy(dtype=object)

    def clients(e: _Evidence) -> set[tuple[object, object, int]]:
        return set(zip(ips[e.session_idx], agents[e.session_idx], [e.day] * len(e.session_idx)))

    owners: dict[tuple[object, object, int], set[str]] = {}
    for e in evidence:
        if e.kind == "scraping" and e.subject_user is not None:
            for client in clients(e):
                owners.setdefault(client, set()).add(e.subject_user)
    anonymous_ids = {id(e) for e in anonymous}
    out = []
    for e in evidence:
        if id(e) in anonymous_ids:
            mine = [owners.get(client) for client in clients(e)]
            accounts = set().union(*mine) if all(mine) else set()
            if len(accounts) == 1:
                e = _Evidence(
                    accounts.pop(), None, "scraping", e.day, "low", 0.0, e.rule_id,
                    f"also, without a signed-in user from the same address and browser: {e.reason}",
                    e.level, e.unit, e.session_idx, e.position,
                )
        out.append(e)
    return out


#: Credential-sharing rules that need two kinds of device in use at once: on a service account, a second client
#: beside the machine's own (a vendor given an integration's API key), not the machine from several places (a
#: monitor probing from many regions is ``sharing-many-networks``, one client).
SECOND_CLIENT_RULES = frozenset({"sharing-concurrent-networks", "sharing-overlapping-sessions", "sharing-fast-switching",
                                 "sharing-two-places-at-once", "sharing-two-computers-at-once"})


def _service_account(alert: Alert, patterns: Sequence[re.Pattern]) -> str | None:
    """Why a scraping alert on a service account (a machine's, by its name) is suppressed, or None.

    Not suppressed when the same day's alert also holds one of :data:`SECOND_CLIENT_RULES`: the machine's key in
    use by a second kind of client at the same time is a second party, not the machine's script.
    """
    pattern = matching_pattern(alert.user, patterns) if alert.kind == "scraping" and alert.user is not None else None
    if pattern is None or not SECOND_CLIENT_RULES.isdisjoint(alert.rules):
        return None
    return (f"service account (its name matches /{pattern.pattern}/): scripts are what it is for; "
            "a person signing in with it is still alerted (service_account_patterns)")


def _suppression(alert: Alert, allow: Allowlists | None) -> str | None:
    if allow is None:
        return None
    for entry in allow.accounts:
        if alert.user is not None and alert.user.lower() == entry.value.lower():
            return f"account {entry.value} allowlisted: {entry.reason}"
    if alert.client_ips:
        for entry in allow.cidrs:
            net = ipaddress.ip_network(entry.value, strict=False)
            try:
                if all(ipaddress.ip_address(ip) in net for ip in alert.client_ips):
                    return f"network {entry.value} allowlisted: {entry.reason}"
            except ValueError:
                continue
    if alert.user_agents:
        for entry in allow.user_agents:
            if all(re.search(entry.value, ua or "") for ua in alert.user_agents):
                return f"user agent /{entry.value}/ allowlisted: {entry.reason}"
    return None


def other_accounts(rows: pd.DataFrame, subject: str | None, limit: int) -> list[str]:
    """The account names, other than ``subject``, that signed the sessions ``rows``: most requests first.

    For an account's alert these are the same person's other login names
    (IIS logs ``DOMAIN\\user`` on pages and the e-mail on API calls), or a
    second account used in the same browser session; for an address's alert,
    the accounts that signed in from it (a guessed password's victim, say).

    Parameters
    ----------
    rows : pandas.DataFrame
        Sessions, with ``user``, ``requests`` and, when present, ``other_users``.
    subject : str or None
        The alert's account (None for an address's alert).
    limit : int
        At most this many names.

    Returns
    -------
    list of str
    """
    named = rows[["user", "requests"]].astype({"user": object}).dropna(subset=["user"])
    if "other_users" in rows.columns and rows["other_users"].notna().any():
        others = rows["other_users"].dropna().explode().dropna()
        named = pd.concat([named, pd.DataFrame({"user": others.to_numpy(), "requests": 0})])
    named = named[named["user"] != subject]
    if named.empty:
        return []
    ranked = named.groupby("user")["requests"].sum().reset_index()  # ties by name: the same in every engine
    ranked = ranked.sort_values(["requests", "user"], ascending=[False, True], kind="stable")
    return [str(name) for name in ranked["user"].head(limit)]


def decide(
    sessions: pd.DataFrame,
    scores: dict[str, LevelScores],
    model: DetectorModel,
    allowlists: Allowlists | None = None,
    min_score: float = 0.0,
    window_parent: np.ndarray | None = None,
    max_listed: int = 20,
    service_accounts: Sequence[str] = (),
) -> tuple[list[Alert], list[dict]]:
    """Turn scored units into alerts, one per subject, kind and local day.

    Parameters
    ----------
    sessions : pandas.DataFrame
        The sessions table the scores describe (with ``first_day`` and
        ``last_day``, see :class:`~detector.sessions.Sessionised`).
    scores : dict of str to LevelScores
        Output of :meth:`models.pipeline.DetectorModel.score`.
    model : DetectorModel
        The fitted model (for peer baselines in reasons).
    allowlists : Allowlists, optional
        Entries whose matches are suppressed, each with its reason.
    min_score : float, default 0
        Alerts scoring below this are dropped.
    window_parent : numpy.ndarray, optional
        For ``scores["window"]``: each window's parent ``session_idx``.
    max_listed : int, default 20
        At most this many addresses and user agents listed per alert.
    service_accounts : sequence of str
        Patterns of service account names: their scraping alerts are suppressed, with the reason.

    Returns
    -------
    alerts : list of Alert
        Sorted by score, most certain first.
    suppressed : list of dict
        ``{alert_id, kind, user, reason}`` for each alert an allowlist (or ``service_accounts``) removed.
    """
    machines = [re.compile(p, re.I) for p in service_accounts]
    evidence = _fold_anonymous_into_account(_fold_into_scraping(_collect(sessions, scores, window_parent)), sessions)
    groups: dict[tuple, list[_Evidence]] = {}
    for ev in evidence:
        groups.setdefault((ev.kind, ev.subject_user, ev.subject_ip, ev.day), []).append(ev)
    alerts: list[Alert] = []
    suppressed: list[dict] = []
    for (kind, user, ip, day), items in groups.items():
        items.sort(key=lambda e: (SEVERITIES.index(e.severity), e.score), reverse=True)
        members = np.unique(np.concatenate([e.session_idx for e in items]).astype(np.int64))
        if not len(members):  # no session carries the subject's name (cannot happen since other_users; never crash)
            continue
        rows = sessions.iloc[members]
        # one reason per rule: the strongest unit's wording (windows of one session would repeat it)
        reasons: list[str] = []
        seen_rules: set[str] = set()
        for e in items:  # strongest first
            if e.rule_id not in seen_rules:
                seen_rules.add(e.rule_id)
                reasons.append(e.reason)
        top = next((e for e in items if e.level != "window"), items[0])
        level_scores = scores[top.level]
        pos = top.position
        peer_level = "session" if top.level == "window" else top.level
        reasons += driver_reasons(
            level_scores.features.iloc[pos], level_scores.percentiles.iloc[pos], model.peers_[peer_level], peer_level
        )
        alert = Alert(
            alert_id=alert_id_for(kind, user, ip, day),
            kind=kind,
            severity=top.severity,
            score=round(corroborated(max(e.score for e in items), len(seen_rules)), 4),
            user=user,
            client_ips=rows["client_ip"].astype(object).value_counts().index[:max_listed].tolist(),
            user_agents=rows["user_agent"].astype(object).value_counts().index[:max_listed].tolist(),
            first_seen=_iso(rows["first_seen"].min()),
            last_seen=_iso(rows["last_seen"].max()),
            session_ids=rows["session_id"].tolist(),
            reasons=reasons,
            day=str(np.datetime64(int(day), "D")),
            rules=list(dict.fromkeys(e.rule_id for e in items)),
            other_accounts=other_accounts(rows, user, max_listed),
        )
        why = _suppression(alert, allowlists) or _service_account(alert, machines)
        if why:
            suppressed.append({"alert_id": alert.alert_id, "kind": kind, "user": user, "reason": why})
        elif alert.score >= min_score:
            alerts.append(alert)
    group_campaigns(alerts, campaign_gaps(model.rules_.values()))
    alerts.sort(key=lambda a: (-a.score, -SEVERITIES.index(a.severity), a.alert_id))  # ties: by id, whatever the engine
    return alerts, suppressed
