"""Consistency check of a generated blind19 directory: python -m sample_logs.blind19.check DIR [DIR...] [--regen]"""
import json
import os
import re
import sys
import tempfile
from .generate import FORMATS, generate
from .parse import parse, requests_of, count_account, count_source

TOP = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
       "n_lines", "n_events", "notes"]
LABELS = ("benign", "scraping", "credential_sharing", "brute_force")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _label_errors(name, a, is_account):
    e = []
    if set(a) != {"label", "behaviour", "kinds", "params"}:
        return ["%s: keys %s" % (name, sorted(a))]
    if a["label"] not in LABELS:
        e.append("%s: label %r" % (name, a["label"]))
    if not SNAKE.match(a["behaviour"]):
        e.append("%s: behaviour %r" % (name, a["behaviour"]))
    k = a["kinds"]
    if a["label"] == "benign" and k != []:
        e.append("%s: benign with kinds" % name)
    if a["label"] != "benign" and (a["label"] not in k or any(x not in LABELS[1:] for x in k)):
        e.append("%s: kinds %r" % (name, k))
    p = a["params"]
    if is_account:
        for key in ("role", "campus", "auth", "login"):
            if key not in p:
                e.append("%s: params.%s missing" % (name, key))
        if a["label"] != "benign":
            for key in ("addresses", "log_names", "n_requests", "ips", "user_agents", "clients"):
                if key not in p:
                    e.append("%s: params.%s missing" % (name, key))
            if name not in p.get("log_names", []):
                e.append("%s: not in its log_names" % name)
    elif "n_requests" not in p:
        e.append("%s: params.n_requests missing" % name)
    return e


def check_dir(path, regen=False):
    errors, info = [], {}
    with open(os.path.join(path, "labels.json")) as f:
        lab = json.load(f)
    if list(lab) != TOP:
        errors.append("labels keys %s" % list(lab))
        return errors, info
    fmt = lab["format"]
    for n, a in lab["accounts"].items():
        errors += _label_errors(n, a, True)
    for n, a in lab["sources"].items():
        errors += _label_errors(n, a, False)
    with open(os.path.join(path, FORMATS[fmt]), "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    bad, header, recs = [], [], []
    for i, line in enumerate(lines, 1):
        kind, rec = parse(line, fmt)
        if kind is None:
            bad.append(i)
        elif kind == "other":
            header.append(i)
        recs += requests_of(kind, rec, fmt)
    info.update(n_lines=len(lines), n_events=len(recs), malformed=len(bad), header=len(header))
    if len(lines) != lab["n_lines"]:
        errors.append("n_lines %d != %d" % (len(lines), lab["n_lines"]))
    if bad != lab["malformed_lines"]:
        errors.append("malformed lines %s != %s" % (bad, lab["malformed_lines"]))
    if not 5 <= len(bad) <= 8:
        errors.append("%d malformed lines, want 5-8" % len(bad))
    if header != lab["header_lines"]:
        errors.append("header lines differ (%d vs %d)" % (len(header), len(lab["header_lines"])))
    if len(recs) != lab["n_events"]:
        errors.append("n_events %d != %d" % (len(recs), lab["n_events"]))
    users = {r["user"] for r in recs if r["user"]}
    for u in sorted(users - set(lab["accounts"])):
        errors.append("unlabelled account in log: %s" % u)
    addrs = {r["client"] for r in recs}
    n_ab = 0
    for n, a in sorted(lab["accounts"].items()):
        if a["label"] == "benign":
            continue
        n_ab += 1
        c = count_account(recs, a["params"], fmt)
        if c != a["params"]["n_requests"] or c == 0:
            errors.append("%s: n_requests %d in log, label %d" % (n, c, a["params"]["n_requests"]))
        for ip in a["params"]["addresses"]:
            if ip not in addrs:
                errors.append("%s: address %s not in log" % (n, ip))
    for ip, s in sorted(lab["sources"].items()):
        c = count_source(recs, ip)
        if c != s["params"]["n_requests"]:
            errors.append("source %s: n_requests %d in log, label %d" % (ip, c, s["params"]["n_requests"]))
        if s["label"] != "benign":
            n_ab += 1
            if ip not in addrs:
                errors.append("abusive source %s not in log" % ip)
    info["abusive_subjects"] = n_ab
    info["lookalike_behaviours"] = len({a["behaviour"] for a in list(lab["accounts"].values()) + list(lab["sources"].values())
                                        if a["label"] == "benign"})
    if regen:
        with tempfile.TemporaryDirectory(dir="/tmp") as td:
            lp, bp = os.path.join(td, FORMATS[fmt]), os.path.join(td, "labels.json")
            lab2 = generate(lp, bp, lab["seed"], lab["days"], lab["n_staff"], fmt)
            with open(lp, "rb") as f:
                if f.read() != data:
                    errors.append("regenerated log differs")
            if lab2 != lab:
                errors.append("regenerated labels differ")
    return errors, info


def main(argv):
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    rc = 0
    for d in dirs:
        errs, info = check_dir(d, regen)
        print("%s: %s %s" % (d, "OK" if not errs else "%d errors" % len(errs), info))
        for e in errs[:50]:
            print("  " + e)
        rc |= bool(errs)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
