"""Checks a blind16 output directory against its labels with a strict parser of the log format.

python -m sample_logs.blind16.check DIR [DIR...] [--regen]   (exit 0 when fine)
"""
import argparse
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict

from .render import FORMATS, PARSE

LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}
TOP = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
       "n_lines", "n_events", "notes"]


def _ips(p):
    return set(p.get("ips") or ([p["ip"]] if p.get("ip") else []))


def _uas(p):
    return set(p.get("user_agents") or ([p["user_agent"]] if p.get("user_agent") else []))


def _entry_errors(name, a, errors, need_account_params):
    if a.get("label") not in LABELS:
        errors.append("%s: bad label %r" % (name, a.get("label")))
    kinds = a.get("kinds")
    if not isinstance(kinds, list) or not set(kinds) <= LABELS - {"benign"}:
        errors.append("%s: bad kinds %r" % (name, kinds))
    elif (a["label"] == "benign") != (not kinds) or (kinds and a["label"] not in kinds):
        errors.append("%s: label %s does not fit kinds %s" % (name, a["label"], kinds))
    if not isinstance(a.get("behaviour"), str) or not isinstance(a.get("params"), dict):
        errors.append("%s: behaviour/params missing" % name)
    elif need_account_params:
        for k in ("role", "campus", "auth", "login"):
            if k not in a["params"]:
                errors.append("%s: params.%s missing" % (name, k))


def check_dir(path):
    """Returns (errors, info) for one output directory."""
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    for k in TOP:
        if k not in lab:
            errors.append("labels: key %s missing" % k)
    fmt = lab.get("format")
    if fmt not in FORMATS:
        return errors + ["labels: unknown format %r" % fmt], info
    with open(os.path.join(path, FORMATS[fmt]), "rb") as f:
        raw = f.read()
    if not raw.endswith(b"\n"):
        errors.append("log does not end with a newline")
    lines = raw.decode("utf-8").split("\n")[:-1]
    parse = PARSE[fmt]
    recs, rejected = [], []
    for i, line in enumerate(lines, 1):
        r = parse(line)
        if r is None:
            rejected.append(i)
        else:
            recs.append(r)
    if rejected != lab.get("malformed_lines"):
        errors.append("malformed_lines %s != lines the parser rejects %s" % (lab.get("malformed_lines"), rejected[:20]))
    if lab.get("header_lines") != []:
        errors.append("header_lines should be []")
    if lab.get("n_lines") != len(lines):
        errors.append("n_lines %s != %d" % (lab.get("n_lines"), len(lines)))
    if lab.get("n_events") != len(lines) - len(rejected):
        errors.append("n_events %s != %d" % (lab.get("n_events"), len(lines) - len(rejected)))
    back = sum(1 for a, b in zip(recs, recs[1:]) if b["ts"] < a["ts"])
    if back:
        errors.append("%d lines go back in time (lines must be in finish order)" % back)
    users = Counter(r["user"] for r in recs if r["user"])
    at_ip = Counter(r["ip"] for r in recs)
    users_at = defaultdict(set)
    for r in recs:
        if r["user"]:
            users_at[r["ip"]].add(r["user"])
    accounts, sources = lab.get("accounts", {}), lab.get("sources", {})
    known = set(accounts)
    abusive_ips = set()
    for name, a in accounts.items():
        _entry_errors("account " + name, a, errors, True)
        p = a.get("params", {})
        names = set(p.get("log_names") or [name])
        known |= names
        if not any(users[n] for n in names):
            errors.append("account %s never appears in the log" % name)
        if a.get("label") == "benign":
            continue
        for k in ("addresses", "log_names", "n_requests", "n_named", "n_named_lines"):
            if k not in p:
                errors.append("account %s: params.%s missing" % (name, k))
        ips, uas = _ips(p), _uas(p)
        if not ips or not uas:
            errors.append("account %s: abusive ip(s)/user agent(s) missing" % name)
        abusive_ips |= ips
        mine = [r for r in recs if r["user"] in names]
        if len(mine) != p.get("n_named_lines"):
            errors.append("account %s: %d lines under its names, labels say %s" % (name, len(mine), p.get("n_named_lines")))
        match = sum(1 for r in mine if r["ip"] in ips and (r["ua"] is None or r["ua"] in uas))
        if (match != p.get("n_named")) if p.get("separable") else (match < (p.get("n_named") or 0)):
            errors.append("account %s: %d named lines match its abusive clients, n_named=%s" % (name, match, p.get("n_named")))
        if p.get("exclusive_ips"):
            n = sum(1 for r in recs if r["ip"] in ips and (r["ua"] is None or r["ua"] in uas))
            if n != p.get("n_requests"):
                errors.append("account %s: %d lines from its abusive addresses, n_requests=%s" % (name, n, p.get("n_requests")))
        elif (p.get("n_requests") or 0) < (p.get("n_named") or 0):
            errors.append("account %s: n_requests < n_named" % name)
        seen = {r["ip"] for r in mine} | ips
        if sorted(seen) != p.get("addresses"):
            errors.append("account %s: addresses differ from the log (%d vs %d)" % (name, len(seen), len(p.get("addresses") or [])))
        if sorted(names) != sorted(p.get("log_names") or []):
            errors.append("account %s: log_names" % name)
    unknown = sorted(u for u in users if u not in known)
    if unknown:
        errors.append("users in the log without a label: %s" % unknown[:10])
    for ip, s in sources.items():
        _entry_errors("source " + ip, s, errors, False)
        p = s.get("params", {})
        if not at_ip[ip]:
            errors.append("source %s never appears in the log" % ip)
        if "n_lines" in p and p["n_lines"] != at_ip[ip]:
            errors.append("source %s: n_lines %s != %d" % (ip, p["n_lines"], at_ip[ip]))
        if "n_accounts" in p and p["n_accounts"] != len(users_at[ip]):
            errors.append("source %s: n_accounts %s != %d" % (ip, p["n_accounts"], len(users_at[ip])))
        if s.get("label") == "benign" and ip in abusive_ips:
            errors.append("source %s is listed benign but an abusive client used it" % ip)
        if s.get("label") != "benign" and p.get("n_requests", 0) > p.get("n_lines", 0):
            errors.append("source %s: n_requests > n_lines" % ip)
    labs = Counter(a["label"] for a in accounts.values())
    info.update(format=fmt, n_lines=len(lines), n_events=len(recs), malformed=len(rejected), users=len(users),
                accounts=dict(labs), sources=dict(Counter(s["label"] for s in sources.values())),
                abusive_accounts={n: a["behaviour"] for n, a in accounts.items() if a["label"] != "benign"})
    return errors, info


def regen_errors(path):
    """Regenerates from the labels' parameters and compares both files byte for byte."""
    from .generate import generate
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    name = FORMATS[lab["format"]]
    with tempfile.TemporaryDirectory() as tmp:
        generate(os.path.join(tmp, name), os.path.join(tmp, "labels.json"), seed=lab["seed"], days=lab["days"],
                 n_staff=lab["n_staff"], fmt=lab["format"])
        errs = []
        for fn in (name, "labels.json"):
            with open(os.path.join(tmp, fn), "rb") as a, open(os.path.join(path, fn), "rb") as b:
                if a.read() != b.read():
                    errs.append("regeneration of %s is not byte-identical" % fn)
    return errs


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind16.check")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--regen", action="store_true")
    a = ap.parse_args(argv)
    bad = 0
    for d in a.dirs:
        errors, info = check_dir(d)
        if a.regen:
            errors += regen_errors(d)
        print("%s: %s" % (d, json.dumps(info, sort_keys=True)))
        for e in errors:
            print("  ERROR", e)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
