"""Consistency check of a generated directory: python -m sample_logs.blind20.check DIR [DIR...] [--regen]"""
import json
import os
import sys
import tempfile

from .generate import FORMATS, generate
from .parse import parse

KEYS = {"seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
        "n_lines", "n_events", "notes"}
LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}


def _label_errors(where, v, abusive_needs):
    e = []
    if not isinstance(v, dict) or set(v) != {"label", "behaviour", "kinds", "params"}:
        return ["%s: bad label object" % where]
    if v["label"] not in LABELS:
        e.append("%s: unknown label %r" % (where, v["label"]))
    if not isinstance(v["behaviour"], str) or not v["behaviour"] or v["behaviour"] != v["behaviour"].lower() \
            or " " in v["behaviour"]:
        e.append("%s: behaviour not snake_case" % where)
    k = v["kinds"]
    if not isinstance(k, list) or any(x not in LABELS - {"benign"} for x in k):
        e.append("%s: bad kinds" % where)
    elif (v["label"] == "benign") != (k == []) or (v["label"] != "benign" and v["label"] not in k):
        e.append("%s: kinds inconsistent with label" % where)
    p = v["params"]
    if not isinstance(p, dict):
        return e + ["%s: params not a dict" % where]
    for need in abusive_needs if v["label"] != "benign" else ():
        if need not in p:
            e.append("%s: params.%s missing" % (where, need))
    return e


def check_dir(path, regen=False):
    errors, info = [], {}
    try:
        lab = json.load(open(os.path.join(path, "labels.json")))
    except (OSError, ValueError) as x:
        return ["labels.json: %s" % x], info
    if set(lab) != KEYS:
        errors.append("labels keys differ: %s" % sorted(set(lab) ^ KEYS))
        return errors, info
    fmt = lab["format"]
    if fmt not in FORMATS:
        return errors + ["unknown format %r" % fmt], info
    with open(os.path.join(path, FORMATS[fmt]), "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    bad, other, recs, names = [], [], [], set()
    for i, ln in enumerate(lines, 1):
        kind, r = parse(ln, fmt)
        if kind is None:
            bad.append(i)
        elif kind == "other":
            other.append(i)
        else:
            recs.append(r)
            for n in (r.get("user"), r.get("auth_user")):
                if n:
                    names.add(n)
    info.update(format=fmt, n_lines=len(lines), n_requests=len(recs), malformed=len(bad), users=len(names))
    if len(lines) != lab["n_lines"]:
        errors.append("n_lines %d != %d" % (len(lines), lab["n_lines"]))
    if bad != lab["malformed_lines"]:
        errors.append("malformed lines %s != labels %s" % (bad[:10], lab["malformed_lines"][:10]))
    if not 5 <= len(bad) <= 8:
        errors.append("%d malformed lines (want 5-8)" % len(bad))
    if other != lab["header_lines"]:
        errors.append("header lines differ")
    if len(recs) != lab["n_events"]:
        errors.append("n_events %d != %d" % (len(recs), lab["n_events"]))
    acc, src = lab["accounts"], lab["sources"]
    for n in sorted(names - set(acc)):
        errors.append("user %r in log but not labelled" % n)
    need = ("role", "campus", "auth", "login")
    ab_need = ("addresses", "log_names", "n_requests")
    by_ip, by_pair, by_user_pair = {}, {}, {}
    for r in recs:
        by_ip[r["ip"]] = by_ip.get(r["ip"], 0) + 1
        pr = (r["ip"], r["ua"])
        by_pair[pr] = by_pair.get(pr, 0) + 1
        if r.get("user"):
            k = (r["user"],) + pr
            by_user_pair[k] = by_user_pair.get(k, 0) + 1
    n_ab = 0
    for name, v in sorted(acc.items()):
        errors += _label_errors("account %s" % name, v, ab_need)
        p = v.get("params", {})
        for k in need:
            if k not in p:
                errors.append("account %s: params.%s missing" % (name, k))
        if v.get("label") == "benign" or any(k not in p for k in ab_need):
            continue
        n_ab += 1
        if name not in p["log_names"]:
            errors.append("account %s: not in its own log_names" % name)
        for a in p["addresses"]:
            if a not in by_ip:
                errors.append("account %s: address %s not in log" % (name, a))
        pairs = {tuple(x) for x in p.get("clients", [])}
        if fmt == "modsec_json":
            n = sum(c for (u, ip, ua), c in by_user_pair.items() if u in p["log_names"] and (ip, ua) in pairs)
        else:
            n = sum(c for pr, c in by_pair.items() if pr in pairs)
        if n != p["n_requests"]:
            errors.append("account %s: n_requests %d != counted %d" % (name, p["n_requests"], n))
    n_sab = 0
    for ip, v in sorted(src.items()):
        errors += _label_errors("source %s" % ip, v, ())
        if v.get("label") != "benign":
            n_sab += 1
        if ip not in by_ip:
            errors.append("source %s not in log" % ip)
        elif v.get("params", {}).get("n_requests") != by_ip[ip]:
            errors.append("source %s: n_requests %s != %d" % (ip, v.get("params", {}).get("n_requests"), by_ip[ip]))
    info.update(abusive_accounts=n_ab, abusive_sources=n_sab)
    if regen:
        with tempfile.TemporaryDirectory(prefix="blind20chk") as td:
            lp, jp = os.path.join(td, FORMATS[fmt]), os.path.join(td, "labels.json")
            lab2 = generate(lp, jp, seed=lab["seed"], days=lab["days"], n_staff=lab["n_staff"], fmt=fmt)
            with open(lp, "rb") as f:
                if f.read() != data:
                    errors.append("regenerated log differs")
            if lab2 != lab:
                errors.append("regenerated labels differ")
    return errors, info


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print("usage: python -m sample_logs.blind20.check DIR [DIR...] [--regen]")
        return 2
    rc = 0
    for d in dirs:
        errs, info = check_dir(d, regen=regen)
        print("%s: %s %s" % (d, "OK" if not errs else "%d error(s)" % len(errs), json.dumps(info, sort_keys=True)))
        for e in errs[:50]:
            print("  " + e)
        rc = rc or (1 if errs else 0)
    return rc


if __name__ == "__main__":
    sys.exit(main())
