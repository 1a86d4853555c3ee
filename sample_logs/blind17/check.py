"""Checks a generated directory: strict parse of the log, labels against the log, optional byte-identical regeneration.
python -m sample_logs.blind17.check DIR [DIR...] [--regen]"""
import json
import os
import sys
import tempfile

from .generate import FORMATS, generate
from .parse import matches, parse_lines

LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}
TOP = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
       "n_lines", "n_events", "notes"]


def check_dir(path, regen=False):
    errors, info = [], {}
    lab = json.load(open(os.path.join(path, "labels.json"), encoding="utf-8"))
    for k in TOP:
        if k not in lab:
            errors.append("labels: missing key %s" % k)
    fmt = lab.get("format")
    if fmt not in FORMATS:
        return errors + ["labels: unknown format %r" % fmt], info
    log = os.path.join(path, FORMATS[fmt])
    with open(log, encoding="utf-8", newline="\n") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    recs, headers, bad = parse_lines(lines, fmt)
    info.update(lines=len(lines), events=len(recs), headers=len(headers), malformed=len(bad))
    for key, got in (("n_lines", len(lines)), ("n_events", len(recs)), ("malformed_lines", bad), ("header_lines", headers)):
        if lab[key] != got:
            errors.append("%s: labels say %s, log has %s" % (key, str(lab[key])[:80], str(got)[:80]))
    if not 5 <= len(bad) <= 8:
        errors.append("expected 5-8 malformed lines, found %d" % len(bad))
    by_user, by_ip = {}, {}
    for r in recs:
        if r["user"]:
            by_user.setdefault(r["user"], []).append(r)
        by_ip.setdefault(r["ip"], []).append(r)
    abusive_ips = set()
    for name, a in lab["accounts"].items():
        if a["label"] not in LABELS or (a["label"] == "benign") != (not a["kinds"]) or \
                (a["label"] != "benign" and a["label"] not in a["kinds"]):
            errors.append("account %s: inconsistent label/kinds" % name)
        p = a["params"]
        for k in ("role", "campus", "auth", "login"):
            if k not in p:
                errors.append("account %s: params lacks %s" % (name, k))
        if name not in by_user:
            errors.append("account %s never appears in the log" % name)
            continue
        if a["label"] == "benign":
            continue
        m = p["match"]
        sess = set(m["sessions"]) if m.get("sessions") is not None else None
        hit = [r for r in by_user[name] if matches(r, name, m, sess)]
        if len(hit) != p["n_requests"]:
            errors.append("account %s: n_requests %d, log has %d" % (name, p["n_requests"], len(hit)))
        ips = sorted({r["ip"] for r in hit})
        if ips != sorted(p.get("ips") or [p.get("ip")]):
            errors.append("account %s: abusive addresses differ" % name)
        if sorted({r["ip"] for r in by_user[name]}) != p["addresses"]:
            errors.append("account %s: addresses differ" % name)
        if not ("user_agent" in p or "user_agents" in p) or p["log_names"] != [name]:
            errors.append("account %s: user agent / log_names missing" % name)
        abusive_ips.update(ips)
    for ip, s in lab["sources"].items():
        if s["label"] != "benign":
            abusive_ips.add(ip)
    for ip, s in lab["sources"].items():
        if s["label"] not in LABELS or (s["label"] == "benign") != (not s["kinds"]):
            errors.append("source %s: inconsistent label/kinds" % ip)
        if ip not in by_ip:
            errors.append("source %s never appears in the log" % ip)
            continue
        if "n_requests" in s["params"] and s["params"]["n_requests"] != len(by_ip[ip]):
            errors.append("source %s: n_requests %d, log has %d" % (ip, s["params"]["n_requests"], len(by_ip[ip])))
        if s["label"] == "benign" and ip in abusive_ips:
            errors.append("source %s listed benign but an abusive client used it" % ip)
        acct = s["params"].get("account")
        if s["label"] != "benign" and acct and lab["accounts"].get(acct, {}).get("label") == "benign":
            errors.append("source %s: attacker source through a benign-labelled account" % ip)
    kinds = {k for a in lab["accounts"].values() for k in a["kinds"]} | {k for s in lab["sources"].values() for k in s["kinds"]}
    if kinds != LABELS - {"benign"}:
        errors.append("not every abuse kind is present: %s" % sorted(kinds))
    info["abusive_accounts"] = sum(1 for a in lab["accounts"].values() if a["label"] != "benign")
    if regen:
        with tempfile.TemporaryDirectory() as tmp:
            lp, jp = os.path.join(tmp, FORMATS[fmt]), os.path.join(tmp, "labels.json")
            generate(lp, jp, lab["seed"], lab["days"], lab["n_staff"], fmt)
            for a, b in ((lp, log), (jp, os.path.join(path, "labels.json"))):
                if open(a, "rb").read() != open(b, "rb").read():
                    errors.append("regeneration differs: %s" % os.path.basename(b))
    return errors, info


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    regen = "--regen" in args
    dirs = [a for a in args if a != "--regen"]
    if not dirs:
        print(__doc__)
        return 2
    rc = 0
    for d in dirs:
        errors, info = check_dir(d, regen)
        print("%s: %s %s" % (d, "OK" if not errors else "FAIL", info))
        for e in errors[:40]:
            print("  " + e)
        rc |= bool(errors)
    return rc


if __name__ == "__main__":
    sys.exit(main())
