"""Validate a generated blind10 folder.

python -m sample_logs.blind10.check DIR [DIR...] [--regen]   (exit 0 when every folder is fine)
"""
import filecmp
import json
import os
import sys
import tempfile

from . import parse

KEYS = ["seed", "format", "start", "days", "tz", "n_staff", "threat_scale", "accounts", "sources", "malformed_lines",
        "header_lines", "n_lines", "n_events", "n_out_of_order", "notes"]
CLASSES = {"benign", "scraping", "credential_sharing", "brute_force"}


def _lines(path):
    with open(path, "r", encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


def check_dir(d, regen=False):
    errors = []
    try:
        with open(os.path.join(d, "labels.json"), encoding="utf-8") as f:
            labels = json.load(f)
    except (OSError, ValueError) as e:
        return ["labels.json: %s" % e], {}
    for k in KEYS:
        if k not in labels:
            errors.append("labels: missing key %r" % k)
    if errors:
        return errors, labels
    fmt = labels["format"]
    try:
        lines = _lines(os.path.join(d, "access.log"))
    except OSError as e:
        return errors + ["access.log: %s" % e], labels
    if len(lines) != labels["n_lines"]:
        errors.append("n_lines %d in labels, %d in file" % (labels["n_lines"], len(lines)))
    header_want, bad_want = set(labels["header_lines"]), set(labels["malformed_lines"])
    headers, bad, n_ev, n_ooo, mx = [], [], 0, 0, None
    users, addrs = set(), set()
    for i, line in enumerate(lines, 1):
        if fmt == "splunk_csv":
            is_header = line == ",".join(parse.SPLUNK_FIELDS)
            d_ = None if is_header else parse.parse_splunk(line)
        elif fmt == "apache_xff":
            is_header = line.startswith("==> ") and line.endswith(" <==")
            d_ = None if is_header else parse.parse_apache_xff(line)
        else:
            return errors + ["unknown format %r" % fmt], labels
        if is_header:
            headers.append(i)
        elif d_ is None:
            bad.append(i)
        else:
            n_ev += 1
            ts = d_["time"].timestamp()
            if mx is not None and ts < mx:
                n_ooo += 1
            mx = ts if mx is None else max(mx, ts)
            if d_["user"] != "-":
                users.add(d_["user"])
            addrs.add(d_["client"])
            addrs.update(d_["addrs"])
    if set(headers) != header_want:
        errors.append("header lines differ: file %s, labels %s" % (headers[:10], sorted(header_want)[:10]))
    if set(bad) != bad_want:
        errors.append("malformed lines differ: file %s, labels %s" % (bad[:10], sorted(bad_want)[:10]))
    if not 3 <= len(bad) <= 12:
        errors.append("%d malformed lines (expected 3-10ish)" % len(bad))
    if n_ev != labels["n_events"]:
        errors.append("n_events %d in labels, %d parsed" % (labels["n_events"], n_ev))
    if n_ooo != labels["n_out_of_order"]:
        errors.append("n_out_of_order %d in labels, %d counted" % (labels["n_out_of_order"], n_ooo))
    n_abusive = 0
    for name, a in labels["accounts"].items():
        if a.get("label") not in CLASSES or not isinstance(a.get("kinds"), list) or "params" not in a:
            errors.append("account %s: bad entry" % name)
            continue
        if name != name.lower():
            errors.append("account %s: not lower-case" % name)
        if a["label"] == "benign":
            continue
        n_abusive += 1
        p = a["params"]
        if a["label"] not in a["kinds"]:
            errors.append("account %s: label not in kinds" % name)
        names = p.get("log_names", [name])
        if not any(n in users for n in names):
            errors.append("abusive account %s never appears in the log" % name)
        for k in ("addresses",):
            if not p.get(k):
                errors.append("abusive account %s: no %s" % (name, k))
        ips = [p["ip"]] if "ip" in p else p.get("ips", [])
        if not ips or not ("user_agent" in p or p.get("user_agents")):
            errors.append("abusive account %s: ip/ips or user_agent(s) missing" % name)
        missing = [x for x in list(ips) + list(p.get("addresses", [])) if x not in addrs]
        if missing:
            errors.append("abusive account %s: addresses not in the log: %s" % (name, missing[:5]))
    if n_abusive < 6:
        errors.append("only %d abusive accounts" % n_abusive)
    n_bf = 0
    for ip, s in labels["sources"].items():
        if s.get("label") not in CLASSES:
            errors.append("source %s: bad label" % ip)
        if s.get("label") == "brute_force":
            n_bf += 1
        if s.get("label") != "benign" and ip not in addrs:
            errors.append("source %s (%s) not in the log" % (ip, s.get("behaviour")))
    if n_bf < 1:
        errors.append("no brute-force source")
    n_staff_listed = sum(1 for a in labels["accounts"].values() if a["params"].get("role") not in
                         (None, "service_account", "substitute"))
    if n_staff_listed != labels["n_staff"]:
        errors.append("%d staff accounts listed, n_staff %d" % (n_staff_listed, labels["n_staff"]))
    if regen:
        from .generate import generate
        with tempfile.TemporaryDirectory() as tmp:
            lp, jp = os.path.join(tmp, "access.log"), os.path.join(tmp, "labels.json")
            generate(lp, jp, seed=labels["seed"], days=labels["days"], n_staff=labels["n_staff"], fmt=fmt,
                     threat_scale=labels["threat_scale"])
            for a, b in ((lp, "access.log"), (jp, "labels.json")):
                if not filecmp.cmp(a, os.path.join(d, b), shallow=False):
                    errors.append("--regen: %s differs" % b)
    return errors, labels


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print(__doc__.strip())
        return 2
    rc = 0
    for d in dirs:
        errors, lab = check_dir(d, regen=regen)
        if errors:
            rc = 1
            print("FAIL %s" % d)
            for e in errors:
                print("  - %s" % e)
        else:
            bad = sum(1 for a in lab["accounts"].values() if a["label"] != "benign")
            print("ok   %s: %s seed=%s, %d lines, %d events, %d malformed, %d header, %d accounts (%d abusive), "
                  "%d sources%s" % (d, lab["format"], lab["seed"], lab["n_lines"], lab["n_events"],
                                    len(lab["malformed_lines"]), len(lab["header_lines"]), len(lab["accounts"]), bad,
                                    len(lab["sources"]), ", regenerated identically" if regen else ""))
    return rc


if __name__ == "__main__":
    sys.exit(main())
