"""Check generated blind18 logs against their labels: python -m sample_logs.blind18.check DIR [DIR...] [--regen]."""
import json
import os
import re
import sys
import tempfile

from .generate import FORMATS, generate
from .parse import parse

KEYS = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
        "n_lines", "n_events", "notes"]
LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}
HEX = re.compile(r"#([0-9A-F]{2})")


def unesc(s):
    return HEX.sub(lambda m: chr(int(m.group(1), 16)), s)


def as_list(p, one, many):
    return [p[one]] if one in p else list(p.get(many, []))


def check_labels(labels, errors):
    for name, table in (("account", labels["accounts"]), ("source", labels["sources"])):
        for k, v in table.items():
            if v.get("label") not in LABELS:
                errors.append("%s %s: bad label %r" % (name, k, v.get("label")))
            kinds = v.get("kinds", [])
            if (v["label"] == "benign") != (kinds == []) or not set(kinds) <= LABELS - {"benign"}:
                errors.append("%s %s: kinds %r do not fit label %s" % (name, k, kinds, v["label"]))
            if v["label"] != "benign" and v["label"] not in kinds:
                errors.append("%s %s: label not among kinds" % (name, k))
            if not v.get("behaviour"):
                errors.append("%s %s: no behaviour" % (name, k))
            if name == "account":
                for p in ("role", "campus", "auth", "login"):
                    if p not in v.get("params", {}):
                        errors.append("account %s: params.%s missing" % (k, p))
                if v["label"] != "benign":
                    for p in ("addresses", "log_names", "n_requests"):
                        if p not in v["params"]:
                            errors.append("account %s: params.%s missing" % (k, p))


def check_dir(path, regen=False):
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    missing = [k for k in KEYS if k not in labels]
    if missing:
        return ["labels: missing keys %s" % missing], info
    fmt = labels["format"]
    if fmt not in FORMATS:
        return ["labels: unknown format %r" % fmt], info
    check_labels(labels, errors)
    with open(os.path.join(path, FORMATS[fmt]), "rb") as f:
        raw = f.read()
    if not raw.endswith(b"\n"):
        errors.append("log does not end with a newline")
    lines = raw.decode("utf-8").split("\n")[:-1]
    if len(lines) != labels["n_lines"]:
        errors.append("n_lines %d != labelled %d" % (len(lines), labels["n_lines"]))
    bad, head, n_req, prev = [], [], 0, ""
    by_user, by_ip, rows = {}, {}, []
    for i, line in enumerate(lines, 1):
        kind, r = parse(line, fmt)
        if kind is None:
            bad.append(i)
            continue
        if kind != "req":
            head.append(i)
            continue
        n_req += 1
        if fmt == "haproxy_custom":
            r["ua"], r["user"] = unesc(r["ua"]), unesc(r["user"])
            key = (r["tr"][7:11], r["tr"][3:6], r["tr"][:2], r["tr"][12:])
        else:
            key = r["event_time"]
            if key < prev:
                errors.append("line %d: event_time out of order" % i)
            prev = key
        rows.append(r)
        by_ip[r["ip"]] = by_ip.get(r["ip"], 0) + 1
        if r["user"]:
            by_user.setdefault(r["user"], []).append(r)
    if bad != labels["malformed_lines"]:
        errors.append("malformed lines %s != labelled %s" % (bad[:20], labels["malformed_lines"][:20]))
    if head != labels["header_lines"]:
        errors.append("header lines %s != labelled %s" % (head[:20], labels["header_lines"][:20]))
    if n_req != labels["n_events"]:
        errors.append("n_events %d != labelled %d" % (n_req, labels["n_events"]))
    if not 5 <= len(bad) <= 8:
        errors.append("%d malformed lines (want 5-8)" % len(bad))
    for u in by_user:
        if u not in labels["accounts"]:
            errors.append("user %s in the log but not labelled" % u)
    abusive_ips = set()
    for acct, v in labels["accounts"].items():
        rs = by_user.get(acct)
        if not rs:
            errors.append("account %s labelled but never in the log" % acct)
            continue
        if v["label"] == "benign":
            continue
        p = v["params"]
        ips, uas = set(as_list(p, "ip", "ips")), set(as_list(p, "user_agent", "user_agents"))
        abusive_ips |= ips
        n = sum(1 for r in rs if r["ip"] in ips and r["ua"] in uas)
        if n != p["n_requests"]:
            errors.append("account %s: %d abusive requests in the log, labelled %d" % (acct, n, p["n_requests"]))
        if sorted(set(r["ip"] for r in rs)) != sorted(p["addresses"]):
            errors.append("account %s: addresses differ from the log" % acct)
        for name in p["log_names"]:
            if name not in by_user:
                errors.append("account %s: log name %s not in the log" % (acct, name))
    for ip, v in labels["sources"].items():
        if ip not in by_ip:
            errors.append("source %s not in the log" % ip)
        elif v["label"] != "benign":
            abusive_ips.add(ip)
            if by_ip[ip] != v["params"].get("n_requests"):
                errors.append("source %s: %d lines, labelled n_requests %s" % (ip, by_ip[ip], v["params"].get("n_requests")))
    for ip, v in labels["sources"].items():
        if v["label"] == "benign" and ip in abusive_ips:
            errors.append("source %s listed benign but used by an abusive client" % ip)
    if regen:
        with tempfile.TemporaryDirectory(prefix="b18regen") as tmp:
            lp, jp = os.path.join(tmp, FORMATS[fmt]), os.path.join(tmp, "labels.json")
            generate(lp, jp, labels["seed"], labels["days"], labels["n_staff"], fmt)
            for a, b in ((lp, os.path.join(path, FORMATS[fmt])), (jp, os.path.join(path, "labels.json"))):
                with open(a, "rb") as f1, open(b, "rb") as f2:
                    if f1.read() != f2.read():
                        errors.append("regeneration differs: %s" % os.path.basename(b))
    counts = {}
    for v in labels["accounts"].values():
        counts[v["label"]] = counts.get(v["label"], 0) + 1
    info.update(n_lines=len(lines), n_events=n_req, malformed=len(bad), headers=len(head), accounts=counts,
                sources=len(labels["sources"]), users_in_log=len(by_user))
    return errors, info


def main(argv):
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print("usage: python -m sample_logs.blind18.check DIR [DIR...] [--regen]")
        return 2
    rc = 0
    for d in dirs:
        errors, info = check_dir(d, regen)
        print("%s: %s %s" % (d, "OK" if not errors else "%d ERRORS" % len(errors), json.dumps(info, sort_keys=True)))
        for e in errors[:40]:
            print("  " + e)
        rc |= bool(errors)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
