"""Validate generated blind9 folders.

python -m sample_logs.blind9.check DIR [DIR...] [--regen]     exit 0 when every folder is fine
"""
import argparse
import filecmp
import json
import os
import sys
import tempfile

from .parse import scan

KEYS = ["seed", "format", "start", "days", "tz", "n_staff", "threat_scale", "accounts", "sources", "malformed_lines",
        "header_lines", "n_lines", "n_events", "n_out_of_order", "notes"]
LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}


def check_dir(d, regen=False):
    errs = []
    with open(os.path.join(d, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    for k in KEYS:
        if k not in lab:
            errs.append("labels: missing key %s" % k)
    if errs:
        return errs, lab
    fmt = lab["format"]
    with open(os.path.join(d, "access.log"), "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    term = "\r\n" if fmt == "azure_csv" else "\n"
    if not text.endswith(term):
        errs.append("log does not end with %r" % term)
    lines = text[:-len(term)].split(term) if text.endswith(term) else text.split(term)
    if any("\r" in ln or "\n" in ln for ln in lines):
        errs.append("stray line terminators inside lines")
    if len(lines) != lab["n_lines"]:
        errs.append("n_lines %d != labels %d" % (len(lines), lab["n_lines"]))
    kinds, recs, ooo = scan(lines, fmt)
    bad = [i + 1 for i, k in enumerate(kinds) if k == "bad"]
    hdr = [i + 1 for i, k in enumerate(kinds) if k == "header"]
    if bad != lab["malformed_lines"]:
        errs.append("malformed lines differ: parsed %s, labels %s" % (bad[:12], lab["malformed_lines"][:12]))
    if hdr != lab["header_lines"]:
        errs.append("header lines differ: parsed %d (%s...), labels %d" % (len(hdr), hdr[:5], len(lab["header_lines"])))
    if not 3 <= len(bad) <= 10:
        errs.append("%d malformed lines (want 3-10)" % len(bad))
    if len(recs) != lab["n_events"]:
        errs.append("n_events %d != labels %d" % (len(recs), lab["n_events"]))
    if ooo != lab["n_out_of_order"]:
        errs.append("n_out_of_order %d != labels %d" % (ooo, lab["n_out_of_order"]))
    import datetime as dt
    t0 = int(dt.datetime.fromisoformat(lab["start"]).replace(tzinfo=dt.timezone.utc).timestamp()) * 1000
    lo, hi = t0 - 86400000, t0 + (lab["days"] + 1) * 86400000
    out = [r for r in recs if not lo <= r["time_ms"] <= hi]
    if out:
        errs.append("%d requests outside the window" % len(out))
    users = {r["user"].lower() for r in recs if r["user"]}
    ips = {r["ip"] for r in recs}
    n_staff = 0
    for name, a in sorted(lab["accounts"].items()):
        if name != name.lower():
            errs.append("account key not lower-case: %s" % name)
        if a.get("label") not in LABELS or not isinstance(a.get("kinds"), list) or "params" not in a:
            errs.append("account %s: bad entry" % name)
            continue
        if a["label"] == "benign":
            n_staff += "role" in a["params"]
            if a["kinds"]:
                errs.append("account %s: benign with kinds" % name)
            continue
        p = a["params"]
        if a["label"] not in a["kinds"]:
            errs.append("account %s: label not in kinds" % name)
        for k in ("addresses",):
            if not p.get(k):
                errs.append("account %s: no %s" % (name, k))
        if not (p.get("ip") or p.get("ips")) or not (p.get("user_agent") or p.get("user_agents")):
            errs.append("account %s: needs ip/ips and user_agent/user_agents" % name)
        names = set(p.get("log_names") or [name])
        if not names <= users:
            errs.append("account %s: log_names not all in the log: %s" % (name, sorted(names - users)))
        if not names & users:
            errs.append("abusive account %s does not appear in the log under %s" % (name, sorted(names)))
        if not set(p.get("addresses", [])) & ips:
            errs.append("abusive account %s: none of its addresses appear" % name)
        for ip in ([p["ip"]] if p.get("ip") else []) + list(p.get("ips") or []):
            if ip not in ips:
                errs.append("abusive account %s: address %s not in the log" % (name, ip))
    if n_staff < min(100, int(lab["n_staff"] * .85)):
        errs.append("only %d benign staff accounts listed" % n_staff)
    for ip, s in sorted(lab["sources"].items()):
        if s.get("label") not in LABELS:
            errs.append("source %s: bad label" % ip)
        if ip not in ips:
            errs.append("source %s not in the log" % ip)
    if regen:
        from .generate import generate
        with tempfile.TemporaryDirectory() as tmp:
            lp, jp = os.path.join(tmp, "access.log"), os.path.join(tmp, "labels.json")
            generate(lp, jp, seed=lab["seed"], days=lab["days"], n_staff=lab["n_staff"], fmt=fmt)
            if not filecmp.cmp(lp, os.path.join(d, "access.log"), shallow=False):
                errs.append("regenerated access.log differs")
            if not filecmp.cmp(jp, os.path.join(d, "labels.json"), shallow=False):
                errs.append("regenerated labels.json differs")
    return errs, lab


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind9.check")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--regen", action="store_true", help="also regenerate into a temp dir and compare bytes")
    a = ap.parse_args(argv)
    fail = 0
    for d in a.dirs:
        try:
            errs, lab = check_dir(d, a.regen)
        except (OSError, ValueError, KeyError) as e:
            errs, lab = ["%s: %s" % (type(e).__name__, e)], {}
        if errs:
            fail += 1
            print("FAIL %s" % d)
            for e in errs[:40]:
                print("  - " + e)
        else:
            bad = sum(1 for v in lab["accounts"].values() if v["label"] != "benign")
            print("ok   %s: %s seed %s, %d lines, %d requests, %d header, %d malformed, %d abusive accounts, "
                  "%d sources%s" % (d, lab["format"], lab["seed"], lab["n_lines"], lab["n_events"],
                                     len(lab["header_lines"]), len(lab["malformed_lines"]), bad, len(lab["sources"]),
                                     ", regenerated identically" if a.regen else ""))
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
