"""Checks a blind14 output directory: strict parse of the log, labels against the log (accounts, abusive request
counts, sources, malformed lines, counts) and, with --regen, byte-identical regeneration.

    python -m sample_logs.blind14.check DIR [DIR ...] [--regen]
"""
import hashlib
import json
import os
import sys
import tempfile

from .generate import FORMATS, events_in_order, generate
from .parse import parse_envoy, parse_kong
from .render import rid_of

TOP = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
       "n_lines", "n_events", "notes"]
LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}


def _sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _shape(name, rec, errors, what):
    if rec.get("label") not in LABELS:
        errors.append("%s %s: bad label %r" % (what, name, rec.get("label")))
    kinds = rec.get("kinds")
    if not isinstance(kinds, list) or not set(kinds) <= LABELS - {"benign"}:
        errors.append("%s %s: bad kinds %r" % (what, name, kinds))
    elif (rec.get("label") == "benign") != (not kinds):
        errors.append("%s %s: kinds must be empty exactly when benign" % (what, name))
    elif kinds and rec["label"] not in kinds:
        errors.append("%s %s: label not among kinds" % (what, name))
    if not isinstance(rec.get("behaviour"), str) or not isinstance(rec.get("params"), dict):
        errors.append("%s %s: behaviour/params missing" % (what, name))


def check_dir(path, regen=False):
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    for k in TOP:
        if k not in labels:
            errors.append("labels: missing key %s" % k)
    fmt = labels.get("format")
    if fmt not in FORMATS:
        return errors + ["labels: unknown format %r" % fmt], info
    log_path = os.path.join(path, FORMATS[fmt])
    with open(log_path, encoding="utf-8", newline="\n") as f:
        text = f.read()
    if not text.endswith("\n"):
        errors.append("log does not end with a newline")
    lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
    parse = parse_envoy if fmt == "envoy_text" else parse_kong
    parsed, bad = [], []
    for n, line in enumerate(lines, 1):
        rec = parse(line)
        if rec is None:
            bad.append(n)
        else:
            parsed.append(rec)
    if bad != labels.get("malformed_lines"):
        errors.append("malformed lines %s != labelled %s" % (bad[:20], labels.get("malformed_lines")))
    if labels.get("header_lines") != []:
        errors.append("header_lines should be []")
    if labels.get("n_lines") != len(lines):
        errors.append("n_lines %s != %d" % (labels.get("n_lines"), len(lines)))
    if labels.get("n_events") != len(parsed):
        errors.append("n_events %s != %d" % (labels.get("n_events"), len(parsed)))
    if not 5 <= len(bad) <= 8:
        errors.append("%d malformed lines (want 5-8)" % len(bad))
    # attribution: regenerate the events and follow each line's x-request-id back to its event
    events, aux, _ = events_in_order(labels["seed"], labels["days"], labels["n_staff"])
    by_rid = {rid_of(a[0]): e for e, a in zip(events, aux)}
    seen, abuse_n, names, ip_abuse, ip_all = {}, {}, {}, {}, {}
    for rec in parsed:
        e = by_rid.get(rec["rid"])
        if e is None or e.method != rec["method"] or e.path != rec["path"]:
            errors.append("line with request id %s does not match a generated event" % rec["rid"])
            continue
        ip_all[rec["client"]] = ip_all.get(rec["client"], 0) + 1
        if rec["client"] != e.ip:
            errors.append("client address %s != event address %s" % (rec["client"], e.ip))
        if e.acct:
            seen[e.acct] = seen.get(e.acct, 0) + 1
            if e.abuse:
                abuse_n[e.acct] = abuse_n.get(e.acct, 0) + 1
        if e.abuse:
            ip_abuse.setdefault(rec["client"], {}).setdefault(e.abuse, 0)
            ip_abuse[rec["client"]][e.abuse] += 1
        for key in ("user", "consumer"):
            if rec.get(key):
                names[rec[key]] = names.get(rec[key], 0) + 1
    accounts = labels.get("accounts", {})
    n_abusive = 0
    for name, rec in accounts.items():
        _shape(name, rec, errors, "account")
        p = rec.get("params", {})
        for k in ("role", "campus", "auth", "login"):
            if k not in p:
                errors.append("account %s: params.%s missing" % (name, k))
        if not seen.get(name):
            errors.append("account %s does not appear in the log" % name)
        if rec.get("kinds"):
            n_abusive += 1
            for k in ("addresses", "log_names", "n_requests"):
                if k not in p:
                    errors.append("account %s: params.%s missing" % (name, k))
            if not ("ip" in p or "ips" in p) or not ("user_agent" in p or "user_agents" in p):
                errors.append("account %s: ip/user_agent missing" % name)
            if p.get("n_requests") != abuse_n.get(name, 0):
                errors.append("account %s: n_requests %s != %d in the log" % (name, p.get("n_requests"),
                                                                             abuse_n.get(name, 0)))
            for ln in p.get("log_names", []):
                if ln not in names:
                    errors.append("account %s: log name %s not in the log" % (name, ln))
            if fmt == "kong_json" and not p.get("log_names"):
                errors.append("account %s: no log_names" % name)
    for ip, rec in labels.get("sources", {}).items():
        _shape(ip, rec, errors, "source")
        if ip not in ip_all:
            errors.append("source %s does not appear in the log" % ip)
        if rec.get("label") == "benign" and ip in ip_abuse:
            errors.append("source %s is labelled benign but an abusive client used it" % ip)
        if rec.get("kinds"):
            want = ip_abuse.get(ip, {}).get(rec.get("behaviour"), 0)
            if rec.get("params", {}).get("n_requests") != want:
                errors.append("source %s: n_requests %s != %d" % (ip, rec.get("params", {}).get("n_requests"), want))
    kinds = {k for r in accounts.values() for k in r.get("kinds", [])} | \
            {k for r in labels.get("sources", {}).values() for k in r.get("kinds", [])}
    for k in ("scraping", "credential_sharing", "brute_force"):
        if k not in kinds:
            errors.append("no %s behaviour in the labels" % k)
    info.update(format=fmt, n_lines=len(lines), n_events=len(parsed), malformed=len(bad), accounts=len(accounts),
                abusive_accounts=n_abusive, sources=len(labels.get("sources", {})))
    if regen:
        with tempfile.TemporaryDirectory() as tmp:
            generate(os.path.join(tmp, FORMATS[fmt]), os.path.join(tmp, "labels.json"), seed=labels["seed"],
                     days=labels["days"], n_staff=labels["n_staff"], fmt=fmt)
            for name in (FORMATS[fmt], "labels.json"):
                if _sha(os.path.join(tmp, name)) != _sha(os.path.join(path, name)):
                    errors.append("regeneration of %s is not byte-identical" % name)
        info["regen"] = "identical" if not any("regeneration" in e for e in errors) else "differs"
    return errors, info


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print(__doc__)
        return 2
    status = 0
    for d in dirs:
        errors, info = check_dir(d, regen)
        print("%s: %s" % (d, "OK" if not errors else "%d problem(s)" % len(errors)), json.dumps(info))
        for e in errors[:40]:
            print("  - " + e)
        status = status or (1 if errors else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
