"""Checks a generated directory: strict parse of the log against labels.json; --regen also checks byte identity.

python -m sample_logs.blind15.check DIR [DIR...] [--regen]
"""
import filecmp
import json
import os
import re
import sys
import tempfile

from .generate import FORMATS, generate
from .parsers import parse_nginx, parse_rails

KEYS = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
        "n_lines", "n_events", "notes"]
LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _matches(r, acct, match):
    if r["user"] != acct:
        return False
    if "ips" in match and r["ip"] not in match["ips"]:
        return False
    if "path_re" in match and not re.search(match["path_re"], r["path"]):
        return False
    if "request_ids" in match and r["rid"] not in match["_rids"]:
        return False
    return True


def check_dir(path):
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    for k in KEYS:
        if k not in lab:
            errors.append("labels.json lacks %s" % k)
    fmt = lab.get("format")
    if fmt not in FORMATS:
        return errors + ["unknown format %r" % fmt], info
    lines = _read(os.path.join(path, FORMATS[fmt]))
    reqs, bad, header = (parse_rails if fmt == "rails_log" else parse_nginx)(lines)
    info.update(format=fmt, n_lines=len(lines), n_events=len(reqs), malformed=len(bad))
    if len(lines) != lab["n_lines"]:
        errors.append("n_lines %d != %d lines in the log" % (lab["n_lines"], len(lines)))
    if len(reqs) != lab["n_events"]:
        errors.append("n_events %d != %d parsed requests" % (lab["n_events"], len(reqs)))
    if bad != lab["malformed_lines"]:
        errors.append("malformed_lines %s != lines the strict parser rejects %s" % (lab["malformed_lines"], bad[:20]))
    if not 5 <= len(bad) <= 8:
        errors.append("%d malformed lines (want 5-8)" % len(bad))
    if header != lab["header_lines"]:
        errors.append("header_lines %s != %s" % (lab["header_lines"], header))
    by_user, ips_seen = {}, set()
    for r in reqs:
        ips_seen.add(r["ip"])
        if r["user"] is not None:
            by_user.setdefault(r["user"], []).append(r)
    n_abusive = {}
    for acct, a in lab["accounts"].items():
        p = a.get("params", {})
        for k in ("role", "campus", "auth", "login"):
            if k not in p:
                errors.append("account %s lacks params.%s" % (acct, k))
        if a.get("label") not in LABELS:
            errors.append("account %s has label %r" % (acct, a.get("label")))
        if (a["label"] == "benign") != (not a["kinds"]) or (a["label"] != "benign" and a["label"] not in a["kinds"]):
            errors.append("account %s: label %s vs kinds %s" % (acct, a["label"], a["kinds"]))
        if acct not in by_user:
            errors.append("account %s never appears in the log" % acct)
            continue
        if a["label"] == "benign":
            continue
        match = dict(p.get("match") or {})
        if "request_ids" in match:
            match["_rids"] = set(match["request_ids"])
        n = sum(1 for r in by_user[acct] if _matches(r, acct, match))
        n_abusive[acct] = n
        if n != p.get("n_requests"):
            errors.append("account %s: n_requests %s but %d requests match" % (acct, p.get("n_requests"), n))
        seen = sorted({r["ip"] for r in by_user[acct]})
        if seen != p.get("addresses"):
            errors.append("account %s: addresses %s != seen %s" % (acct, p.get("addresses"), seen))
        if p.get("log_names") != [acct]:
            errors.append("account %s: log_names %s" % (acct, p.get("log_names")))
        for k in ("n_requests", "addresses", "log_names"):
            if k not in p:
                errors.append("abusive account %s lacks params.%s" % (acct, k))
    for ip, s in lab["sources"].items():
        if ip not in ips_seen:
            errors.append("source %s never appears in the log" % ip)
        if s.get("label") not in LABELS or (s["label"] == "benign") != (not s.get("kinds")):
            errors.append("source %s: label %s kinds %s" % (ip, s.get("label"), s.get("kinds")))
        acct = s.get("params", {}).get("account")
        if acct is not None and acct not in lab["accounts"] and s["label"] != "benign":
            errors.append("source %s names account %s which is not labelled" % (ip, acct))
    info["abusive"] = n_abusive
    info["accounts"] = len(lab["accounts"])
    info["sources"] = len(lab["sources"])
    return errors, info


def regen(path):
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    name = FORMATS[lab["format"]]
    with tempfile.TemporaryDirectory() as tmp:
        generate(os.path.join(tmp, name), os.path.join(tmp, "labels.json"), seed=lab["seed"], days=lab["days"],
                 n_staff=lab["n_staff"], fmt=lab["format"])
        errs = []
        for f in (name, "labels.json"):
            if not filecmp.cmp(os.path.join(tmp, f), os.path.join(path, f), shallow=False):
                errs.append("regenerated %s differs" % f)
        return errs


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    do_regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print(__doc__.strip())
        return 2
    rc = 0
    for d in dirs:
        errors, info = check_dir(d)
        if do_regen:
            errors += regen(d)
        print("%s: %s" % (d, "OK" if not errors else "%d error(s)" % len(errors)))
        print("  " + json.dumps(info, sort_keys=True))
        for e in errors[:40]:
            print("  - " + e)
        rc = rc or (1 if errors else 0)
    return rc


if __name__ == "__main__":
    sys.exit(main())
