"""Score a scan's alerts against a labels file from the sample-log generator.

Usage: ``python -m detector.evaluate.score_scan SCAN_DIR LABELS.json``

An alert is a true positive when its subject (account, or source address for
alerts without an account) is labelled abusive and the alert's kind is one of
the kinds accepted for that subject.  Precision and recall are per (subject,
kind) pair; average precision ranks every account by its highest alert score.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score

from detector.schema import UA_NOT_LOGGED


@dataclass
class ScanScore:
    """Detection quality of one scan against its labels."""

    precision: float
    recall: float
    average_precision: float
    true_positives: int
    false_positives: int
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    lookalikes_alerted: list[str] = field(default_factory=list)
    by_behaviour: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-friendly form."""
        return dict(self.__dict__)


def persons(labels: dict) -> dict[str, str]:
    """Lower-cased labelled account -> the account its person is scored under.

    Accounts whose ``params.log_names`` share a name are one person: a
    generator may label each name of a person separately (``DISTRICT\\jdoe``
    and ``jane.doe@…``, each listing both as its log names).  A person is
    scored under its first abusive labelled name, else its first name.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    accounts = {user.lower(): info for user, info in labels.get("accounts", {}).items()}
    for user, info in accounts.items():
        for name in (info.get("params") or {}).get("log_names") or []:
            parent[find(str(name).lower())] = find(user)
    groups: dict[str, list[str]] = {}
    for user in accounts:
        groups.setdefault(find(user), []).append(user)
    return {user: min(group, key=lambda u: (not accounts[u].get("kinds"), u))
            for group in groups.values() for user in group}


def account_aliases(labels: dict) -> dict[str, str]:
    """Lower-cased log name -> lower-cased labelled account, from the labels' ``params.log_names``.

    A server may log one account under two names (IIS: ``DOMAIN\\user`` on
    pages, the e-mail on API calls); the labels say which names are whose.
    Labelled accounts that are one person (see :func:`persons`) all stand for
    the one it is scored under.
    """
    person = persons(labels)
    out = {}
    for user, info in labels.get("accounts", {}).items():
        for name in (info.get("params") or {}).get("log_names") or []:
            out[str(name).lower()] = person[user.lower()]
        if person[user.lower()] != user.lower():
            out[user.lower()] = person[user.lower()]
    # the login itself, where the labels key the account by its printed form (Apache writes ``DOMAIN\user`` as
    # ``DOMAIN\\user``; the reader undoes the escape): never in place of a name the labels give
    known = {user.lower() for user in labels.get("accounts", {})}
    for user, info in labels.get("accounts", {}).items():
        login = (info.get("params") or {}).get("login")
        if isinstance(login, str) and login.lower() not in known:
            out.setdefault(login.lower(), person[user.lower()])
    return out


def alert_account(alert: dict, aliases: dict[str, str]) -> str:
    """The labelled account an alert's user stands for (lower-cased)."""
    name = str(alert["user"]).lower()
    return aliases.get(name, name)


#: Label parameters naming the client (address, user agent) an account's abuse came from.
_CLIENT_PARAMS = (("ip", "user_agent"), ("vendor_ip", "vendor_ua"), ("substitute_ip", "substitute_ua"))


def abuse_clients(labels: dict) -> dict[str, list[tuple[str | None, str]]]:
    """Address -> [(user agent or None, lower-cased account)] of the clients labelled accounts were abused from.

    A log without account names (an AWS load balancer's) can only show the
    client: an alert on the address and user agent that a labelled account's
    abuse came from (``params.ip`` and ``params.user_agent``, or the vendor's
    or substitute's) is that account's.
    """
    out: dict[str, list[tuple[str | None, str]]] = {}
    scored_as = persons(labels)
    for user, info in labels.get("accounts", {}).items():
        if not info.get("kinds"):
            continue
        params = info.get("params") or {}
        person = scored_as[user.lower()]
        for ip_key, ua_key in _CLIENT_PARAMS:
            if isinstance(params.get(ip_key), str):
                out.setdefault(params[ip_key], []).append((params.get(ua_key), person))
        ips = params.get("ips")
        for ip in ips if isinstance(ips, list) else []:
            if isinstance(ip, str):
                out.setdefault(ip, []).append((params.get("user_agent"), person))
    return out


def source_subject(alert: dict, subjects: dict, clients: dict) -> str:
    """The subject an alert without an account is credited to: a labelled address among its client IPs, else
    the labelled account whose abuse came from the same client (address and user agent, or the address alone in a log
    that does not record user agents), else its first IP."""
    ips = alert.get("client_ips") or ["?"]
    labelled = next((f"ip:{ip}" for ip in ips if f"ip:{ip}" in subjects), None)
    if labelled:
        return labelled
    agents = set(alert.get("user_agents") or [])
    unlogged = agents <= {UA_NOT_LOGGED}  # a log without user agents can only show the address
    for ip in ips:
        for ua, account in clients.get(ip, []):
            if ua is None or unlogged or ua in agents:
                return f"user:{account}"
    return f"ip:{ips[0]}"


def label_subjects(labels: dict) -> dict[str, dict]:
    """``user:<account>`` and ``ip:<address>`` (lower-cased accounts) -> their label entries.

    A source that is only the client a labelled account's abuse came from
    (its address in that account's ``params.ip``/``ips``, with no kind the
    account lacks) is that account's incident, not a second subject: an alert
    on the account, or on the address (see :func:`source_subject`), covers it.
    """
    out = {}
    kinds_of = {user.lower(): set(info.get("kinds") or []) for user, info in labels.get("accounts", {}).items()}
    scored_as = persons(labels)
    for user, info in labels.get("accounts", {}).items():
        if scored_as[user.lower()] == user.lower():  # a person's other labelled names are this subject
            out[f"user:{user.lower()}"] = info
    clients = abuse_clients(labels)
    for ip, info in labels.get("sources", {}).items():
        kinds = set(info.get("kinds") or [])
        if kinds and any(kinds <= kinds_of.get(account, set()) for _, account in clients.get(ip, [])):
            continue
        out[f"ip:{ip}"] = info
    return out


def score_alerts(alerts: list[dict], labels: dict) -> ScanScore:
    """Compare alerts with labels.

    Parameters
    ----------
    alerts : list of dict
        ``alerts.jsonl`` records.
    labels : dict
        The generator's labels (``accounts`` and ``sources`` maps).

    Returns
    -------
    ScanScore
    """
    subjects = label_subjects(labels)
    positives = {k: v for k, v in subjects.items() if v.get("kinds")}
    aliases, clients = account_aliases(labels), abuse_clients(labels)
    alerted: dict[tuple[str, str], float] = {}
    for alert in alerts:
        if alert.get("user"):
            subject = f"user:{alert_account(alert, aliases)}"
        else:
            subject = source_subject(alert, subjects, clients)
        key = (subject, alert["kind"])
        alerted[key] = max(alerted.get(key, 0.0), float(alert.get("score", 0.0)))
    tp = [k for k in alerted if k[0] in positives and k[1] in positives[k[0]]["kinds"]]
    fp = [k for k in alerted if k not in tp]
    found = {k[0] for k in tp}
    missed = sorted(s for s in positives if s not in found)
    lookalikes = sorted({k[0] for k in fp if k[0] in subjects and not subjects[k[0]].get("kinds")})
    by_behaviour: dict[str, dict] = {}
    for subject, info in subjects.items():
        entry = by_behaviour.setdefault(info.get("behaviour", "?"), {"subjects": 0, "alerted": 0, "correct_kind": 0, "abusive": bool(info.get("kinds"))})
        entry["subjects"] += 1
        kinds_alerted = {k[1] for k in alerted if k[0] == subject}
        entry["alerted"] += bool(kinds_alerted)
        entry["correct_kind"] += bool(kinds_alerted & set(info.get("kinds", [])))
    # average precision over subjects: every alerted or labelled subject, ranked by its best alert score
    ranked = {s for s, _ in alerted} | set(subjects)
    y_true = np.array([s in positives for s in ranked], dtype=int)
    y_score = np.array([max((v for (s2, _), v in alerted.items() if s2 == s), default=0.0) for s in ranked])
    ap = float(average_precision_score(y_true, y_score)) if y_true.any() else float("nan")
    return ScanScore(
        precision=len(tp) / len(alerted) if alerted else float("nan"),
        recall=len(found) / len(positives) if positives else float("nan"),
        average_precision=ap,
        true_positives=len(tp),
        false_positives=len(fp),
        missed=missed,
        false_alarms=sorted(f"{s} ({k})" for s, k in fp),
        lookalikes_alerted=lookalikes,
        by_behaviour=by_behaviour,
    )


def score_scan_dir(scan_dir: str | Path, labels_path: str | Path) -> ScanScore:
    """Read ``alerts.jsonl`` from a scan directory and score it against labels."""
    alerts = [json.loads(line) for line in Path(scan_dir, "alerts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = json.loads(Path(labels_path).read_text(encoding="utf-8"))
    return score_alerts(alerts, labels)


def format_score(score: ScanScore) -> str:
    """A short human-readable report."""
    lines = [
        f"precision {score.precision:.3f}  recall {score.recall:.3f}  average precision {score.average_precision:.3f}  "
        f"({score.true_positives} correct alerts, {score.false_positives} false)",
        f"{'behaviour':<28}{'subjects':>9}{'alerted':>9}{'right kind':>12}",
    ]
    for name, entry in sorted(score.by_behaviour.items(), key=lambda kv: (not kv[1]["abusive"], kv[0])):
        tag = "" if entry["abusive"] else "  (benign look-alike)"
        lines.append(f"{name:<28}{entry['subjects']:>9}{entry['alerted']:>9}{entry['correct_kind']:>12}{tag}")
    if score.missed:
        lines.append("missed: " + ", ".join(score.missed))
    if score.false_alarms:
        lines.append("false alarms: " + ", ".join(score.false_alarms[:20]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI entry: print the score of a scan directory against labels."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m detector.evaluate.score_scan SCAN_DIR LABELS.json", file=sys.stderr)
        return 2
    print(format_score(score_scan_dir(args[0], args[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
