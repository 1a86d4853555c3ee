"""Checks a generated directory: strict parse, labels against the log, optional byte-identical regeneration.

python -m sample_logs.blind12.check DIR [DIR...] [--regen]     (exit 0 when fine)
"""
import datetime as dt
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict

from .render import FORMATS, MONTHS, parse_line

LABELS = ("benign", "scraping", "credential_sharing", "brute_force")


def read_lines(path):
    with open(path, encoding="ascii", newline="") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _local(fmt, p):
    if fmt == "iis_native":
        mo, d, y = (int(x) for x in p["date"].split("/"))
        h, mi, s = (int(x) for x in p["time"].split(":"))
        return dt.datetime(2000 + y, mo, d, h, mi, s)
    day, mon, rest = p["ts"].split("/")
    y, h, mi, s = rest.split(" ")[0].split(":")
    return dt.datetime(int(y), MONTHS.index(mon) + 1, int(day), int(h), int(mi), int(s))


def check_dir(path):
    errors, info = [], {}
    lab_path = os.path.join(path, "labels.json")
    if not os.path.exists(lab_path):
        return ["no labels.json in %s" % path], info
    with open(lab_path, encoding="utf-8") as f:
        lab = json.load(f)
    fmt = lab.get("format")
    if fmt not in FORMATS:
        return ["unknown format %r" % fmt], info
    log_path = os.path.join(path, FORMATS[fmt])
    if not os.path.exists(log_path):
        return ["missing %s" % log_path], info
    for k in ("seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines",
              "header_lines", "n_lines", "n_events", "notes"):
        if k not in lab:
            errors.append("labels.json lacks %s" % k)
    lines = read_lines(log_path)
    parsed, bad = [], []
    for i, line in enumerate(lines, 1):
        p = parse_line(fmt, line)
        if p is None:
            bad.append(i)
        else:
            parsed.append(p)
    if bad != lab["malformed_lines"]:
        errors.append("malformed lines %s != labelled %s" % (bad[:10], lab["malformed_lines"][:10]))
    if not 5 <= len(bad) <= 8:
        errors.append("%d malformed lines (want 5-8)" % len(bad))
    if lab["header_lines"] != [] or any(x.startswith("#") for x in lines):
        errors.append("header lines present or labelled")
    if lab["n_lines"] != len(lines):
        errors.append("n_lines %d != %d" % (lab["n_lines"], len(lines)))
    if lab["n_events"] != len(parsed):
        errors.append("n_events %d != %d" % (lab["n_events"], len(parsed)))
    start = dt.datetime.fromisoformat(lab["start"])
    end = start + dt.timedelta(days=lab["days"])
    out_of_window = sum(1 for p in parsed if not start <= _local(fmt, p) < end)
    if out_of_window:
        errors.append("%d lines outside the window" % out_of_window)
    users, ips = Counter(p["user"] for p in parsed), Counter(p["ip"] for p in parsed)
    by_pair = Counter((p["user"], p["ip"]) for p in parsed)
    accounts, sources = lab["accounts"], lab["sources"]
    for u in users:
        if u != "-" and u not in accounts:
            errors.append("log user %s not labelled" % u)
    per_label = Counter()
    for name, e in accounts.items():
        per_label[e["label"]] += 1
        errors += _entry_errors("account " + name, e)
        for k in ("role", "campus", "auth", "login"):
            if k not in e.get("params", {}):
                errors.append("account %s lacks params.%s" % (name, k))
        if name not in users:
            errors.append("labelled account %s never appears in the log" % name)
        if e["label"] != "benign":
            pr = e["params"]
            aips = pr.get("ips") or [pr.get("ip")]
            n = sum(by_pair[(nm, ip)] for nm in pr["abuse_log_names"] for ip in aips)
            if n != pr.get("n_requests"):
                errors.append("account %s: n_requests %s != %d in the log" % (name, pr.get("n_requests"), n))
            if set(pr["log_names"]) - set(users):
                errors.append("account %s: log_names not all in the log" % name)
            for ip in aips:
                if ip in sources and sources[ip]["label"] == "benign":
                    errors.append("abusive address %s listed as benign" % ip)
            addrs = defaultdict(set)
            for p in parsed:
                if p["user"] in pr["log_names"]:
                    addrs[p["user"]].add(p["ip"])
            if sorted(set().union(*addrs.values())) != pr["addresses"]:
                errors.append("account %s: addresses differ from the log" % name)
    for ip, e in sources.items():
        errors += _entry_errors("source " + ip, e)
        if ip not in ips:
            errors.append("labelled source %s never appears in the log" % ip)
    info.update({"format": fmt, "n_lines": len(lines), "n_events": len(parsed), "malformed": len(bad),
                 "accounts": dict(per_label), "sources": dict(Counter(e["label"] for e in sources.values())),
                 "abusive_accounts": sorted({e["behaviour"] for e in accounts.values() if e["label"] != "benign"}),
                 "abusive_sources": sorted({e["behaviour"] for e in sources.values() if e["label"] != "benign"})})
    return errors, info


def _entry_errors(what, e):
    errs = []
    if e.get("label") not in LABELS:
        errs.append("%s: bad label %r" % (what, e.get("label")))
    kinds = e.get("kinds", [])
    if (e.get("label") == "benign") != (kinds == []) or any(k not in LABELS[1:] for k in kinds):
        errs.append("%s: kinds %s do not fit label %s" % (what, kinds, e.get("label")))
    if e.get("label") != "benign" and e.get("label") not in kinds:
        errs.append("%s: label not among kinds" % what)
    return errs


def regen_errors(path):
    from .generate import generate
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    name = FORMATS[lab["format"]]
    with tempfile.TemporaryDirectory() as tmp:
        generate(os.path.join(tmp, name), os.path.join(tmp, "labels.json"), lab["seed"], lab["days"], lab["n_staff"],
                 lab["format"])
        errs = []
        for fn in (name, "labels.json"):
            with open(os.path.join(tmp, fn), "rb") as a, open(os.path.join(path, fn), "rb") as b:
                if a.read() != b.read():
                    errs.append("regeneration of %s differs" % fn)
        return errs


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print(__doc__)
        return 2
    bad = 0
    for d in dirs:
        errors, info = check_dir(d)
        if regen and not errors:
            errors += regen_errors(d)
        print("%s: %s %s" % (d, "OK" if not errors else "FAIL", json.dumps(info)))
        for e in errors[:40]:
            print("  - " + e)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
