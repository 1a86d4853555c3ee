"""Checks a blind24 output directory: strict parse of the log, labels against the log (line
classes, counts, every labelled account and abusive name present, addresses, n_requests per
abusive account and source via the regenerated event stream), optional byte-identical
regeneration. python -m sample_logs.blind24.check DIR [DIR...] [--regen]"""
import argparse
import json
import os
import sys
from collections import Counter

from .generate import FORMATS, build

LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}


def check_dir(path, regen=False):
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    fmt = lab.get("format")
    if fmt not in FORMATS:
        return ["unknown format %r" % fmt], info
    fname, mod, nl = FORMATS[fmt]
    with open(os.path.join(path, fname), encoding="utf-8", newline="") as f:
        raw = f.read()
    if not raw.endswith(nl):
        errors.append("log does not end with a line break")
    lines = raw[:-len(nl)].split(nl) if raw.endswith(nl) else raw.split(nl)
    mal, head, other, reqs = [], [], [], []
    for i, line in enumerate(lines, 1):
        p = mod.parse(line)
        if p is None:
            mal.append(i)
        elif p[0] == "header":
            head.append(i)
        elif p[0] == "other":
            other.append(i)
        else:
            reqs.append((i, p[1]))
    for key, got in (("malformed_lines", mal), ("header_lines", head), ("other_lines", other)):
        if lab.get(key) != got:
            errors.append("%s differ: labels %d, parser %d (first diff %s)" % (key, len(lab.get(key) or []), len(got),
                                                                               sorted(set(got) ^ set(lab.get(key) or []))[:5]))
    if not 5 <= len(mal) <= 8:
        errors.append("%d malformed lines (want 5-8)" % len(mal))
    if lab.get("n_lines") != len(lines):
        errors.append("n_lines %s != %d" % (lab.get("n_lines"), len(lines)))
    if lab.get("n_events") != len(reqs):
        errors.append("n_events %s != %d" % (lab.get("n_events"), len(reqs)))
    users = Counter(mod.fields(d)[0] for _, d in reqs)
    ips = {mod.fields(d)[1] for _, d in reqs}
    for key in ("seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "notes"):
        if key not in lab:
            errors.append("labels lack %s" % key)
    for name, e in lab["accounts"].items():
        errors += _entry("account " + name, e, ("role", "campus", "auth", "login"))
        if users.get(name, 0) == 0:
            errors.append("account %s never appears in the user field" % name)
        p = e["params"]
        if e["label"] != "benign":
            for k in ("addresses", "log_names", "n_requests"):
                if k not in p:
                    errors.append("abusive account %s lacks params.%s" % (name, k))
            for n in p.get("log_names", []):
                if users.get(n, 0) == 0:
                    errors.append("log name %s of %s not in the log" % (n, name))
            if fmt == "serilog_clef":
                missing = [a for a in p.get("addresses", []) if a not in ips]
                if missing:
                    errors.append("addresses of %s not in the log: %s" % (name, missing[:3]))
    for ip, e in lab["sources"].items():
        errors += _entry("source " + ip, e, ())
        if fmt == "serilog_clef" and ip not in ips:
            errors.append("source %s not in the log" % ip)
    staff = [n for n, e in lab["accounts"].items() if e["params"]["role"] not in ("integration", "generic_front_office", "state_auditor")]
    if len(staff) != lab["n_staff"]:
        errors.append("%d staff accounts listed, n_staff %d" % (len(staff), lab["n_staff"]))
    # n_requests through the regenerated event stream (same generator, same seed)
    glines, glab = build(lab["seed"], lab["days"], lab["n_staff"], fmt)
    tag_n, tag_ip, same = Counter(), Counter(), 0
    by_tag = {}
    for name, e in glab["accounts"].items():
        if e["label"] != "benign":
            by_tag[name] = None
    for i, _ in reqs:
        if i - 1 < len(glines) and glines[i - 1][0] == lines[i - 1]:
            same += 1
            q = glines[i - 1][2]
            if q is not None and q.tag:
                tag_n[q.tag] += 1
                tag_ip[(q.tag, q.ip)] += 1
    if same != len(reqs):
        errors.append("%d request lines differ from the regenerated stream" % (len(reqs) - same))
    tag_of = _tags(glab)
    for name, e in lab["accounts"].items():
        if e["label"] != "benign":
            want = tag_n[tag_of.get(name)]
            if e["params"].get("n_requests") != want:
                errors.append("n_requests of %s: labels %s, log %d" % (name, e["params"].get("n_requests"), want))
    for ip, e in lab["sources"].items():
        if e["label"] != "benign":
            want = tag_ip[(tag_of.get(e["behaviour"]), ip)]
            if e["params"].get("n_requests") != want:
                errors.append("n_requests of source %s: labels %s, log %d" % (ip, e["params"].get("n_requests"), want))
    if regen:
        nl_join = nl.join(x[0] for x in glines) + nl
        if nl_join != raw:
            errors.append("regenerated log is not byte-identical")
        if json.loads(json.dumps(glab)) != lab:
            errors.append("regenerated labels differ")
    info.update(format=fmt, n_lines=len(lines), n_events=len(reqs), malformed=len(mal), headers=len(head),
                other=len(other), accounts=len(lab["accounts"]), sources=len(lab["sources"]),
                abusive_accounts=sum(e["label"] != "benign" for e in lab["accounts"].values()),
                attacker_sources=sum(e["label"] != "benign" for e in lab["sources"].values()))
    return errors, info


def _tags(glab):
    out = {}
    for name, e in glab["accounts"].items():
        if e["label"] != "benign":
            out[name] = e["params"]["tag"]
    for ip, e in glab["sources"].items():
        if e["label"] != "benign":
            out[e["behaviour"]] = e["params"]["tag"]
    return out


def _entry(what, e, need):
    errs = []
    if e.get("label") not in LABELS:
        errs.append("%s: bad label %r" % (what, e.get("label")))
    kinds = e.get("kinds")
    if not isinstance(kinds, list) or any(k not in LABELS - {"benign"} for k in kinds):
        errs.append("%s: bad kinds %r" % (what, kinds))
    elif (e["label"] == "benign") != (not kinds) or (kinds and e["label"] not in kinds):
        errs.append("%s: label %s and kinds %s disagree" % (what, e["label"], kinds))
    if not isinstance(e.get("behaviour"), str) or not isinstance(e.get("params"), dict):
        errs.append("%s: behaviour/params missing" % what)
    else:
        errs += ["%s lacks params.%s" % (what, k) for k in need if k not in e["params"]]
    return errs


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind24.check")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--regen", action="store_true")
    a = ap.parse_args(argv)
    bad = 0
    for d in a.dirs:
        errors, info = check_dir(d, a.regen)
        print("%s: %s %s" % (d, "OK" if not errors else "FAIL", json.dumps(info)))
        for e in errors[:40]:
            print("  - " + e)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
