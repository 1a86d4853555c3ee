"""Check generated blind11 logs against their labels: python -m sample_logs.blind11.check DIR [DIR...] [--regen]."""
import json
import os
import sys
import tempfile

from .render import parse
from .world import HOST

KEYS = ["seed", "format", "start", "days", "tz", "n_staff", "threat_scale", "accounts", "sources", "malformed_lines",
        "header_lines", "n_lines", "n_events", "n_out_of_order", "notes"]
LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}


def check_dir(d, regen=False):
    errors = []
    with open(os.path.join(d, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    for k in KEYS:
        if k not in labels:
            errors.append("labels: missing key %s" % k)
    if errors:
        return errors, labels
    fmt = labels["format"]
    with open(os.path.join(d, "access.log"), "rb") as f:
        raw = f.read()
    if not raw.endswith(b"\n"):
        errors.append("log does not end with a newline")
    lines = raw.decode("utf-8").split("\n")[:-1]
    if len(lines) != labels["n_lines"]:
        errors.append("n_lines %d != %d" % (len(lines), labels["n_lines"]))
    bad, users, ips, n_ooo, mx = [], {}, set(), 0, None
    for i, line in enumerate(lines, 1):
        r = parse(line, fmt)
        if r is None:
            bad.append(i)
            continue
        if r["host"] != HOST or not r["path"].startswith("/") or r["method"] not in ("GET", "POST", "HEAD"):
            errors.append("line %d: odd request %r" % (i, line[:120]))
        if r["user"]:
            users[r["user"]] = users.get(r["user"], 0) + 1
        ips.add(r["ip"])
        s = int(r["ts"])
        if mx is not None and s < mx:
            n_ooo += 1
        mx = s if mx is None else max(mx, s)
    if bad != labels["malformed_lines"]:
        errors.append("malformed lines %s != labelled %s" % (bad[:20], labels["malformed_lines"][:20]))
    if labels["header_lines"]:
        errors.append("header_lines should be empty")
    if not 3 <= len(bad) <= 10:
        errors.append("%d malformed lines (want 3-10)" % len(bad))
    if len(lines) - len(bad) != labels["n_events"]:
        errors.append("n_events %d != %d" % (len(lines) - len(bad), labels["n_events"]))
    if n_ooo != labels["n_out_of_order"]:
        errors.append("n_out_of_order %d != %d" % (n_ooo, labels["n_out_of_order"]))
    staff = 0
    for name, a in labels["accounts"].items():
        if name != name.lower():
            errors.append("account %s not lower-case" % name)
        if a.get("label") not in LABELS or not isinstance(a.get("kinds"), list) or "params" not in a:
            errors.append("account %s: bad entry" % name)
            continue
        if not name.startswith("svc-"):
            staff += 1
        if a["label"] != "benign":
            p = a["params"]
            if a["label"] not in a["kinds"]:
                errors.append("account %s: label not in kinds" % name)
            if not users.get(name):
                errors.append("abusive account %s never appears in the log" % name)
            for k in ("addresses", "log_names", "n_requests"):
                if k not in p:
                    errors.append("account %s: params.%s missing" % (name, k))
            if not (("ip" in p or "ips" in p) and ("user_agent" in p or "user_agents" in p)):
                errors.append("account %s: ip(s)/user_agent(s) missing" % name)
            for ip in p.get("ips", [p.get("ip")]):
                if ip not in ips:
                    errors.append("account %s: address %s not in log" % (name, ip))
    if staff != labels["n_staff"]:
        errors.append("%d staff accounts listed, n_staff %d" % (staff, labels["n_staff"]))
    for ip, s in labels["sources"].items():
        if s.get("label") not in LABELS:
            errors.append("source %s: bad label" % ip)
        elif s["label"] != "benign" and ip not in ips:
            errors.append("attacker source %s not in log" % ip)
    if regen:
        from .generate import generate
        with tempfile.TemporaryDirectory() as tmp:
            lp, jp = os.path.join(tmp, "access.log"), os.path.join(tmp, "labels.json")
            generate(lp, jp, labels["seed"], labels["days"], labels["n_staff"], fmt, labels["threat_scale"])
            for a, b in ((lp, "access.log"), (jp, "labels.json")):
                with open(a, "rb") as f1, open(os.path.join(d, b), "rb") as f2:
                    if f1.read() != f2.read():
                        errors.append("regenerated %s differs" % b)
    return errors, labels


def main(argv):
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print("usage: python -m sample_logs.blind11.check DIR [DIR...] [--regen]")
        return 2
    rc = 0
    for d in dirs:
        errors, labels = check_dir(d, regen)
        for e in errors[:40]:
            print("%s: %s" % (d, e))
        print("%s: %s (%s, %s lines, %d accounts, %d sources)" % (d, "FAIL" if errors else "ok", labels.get("format"),
              labels.get("n_lines"), len(labels.get("accounts", {})), len(labels.get("sources", {}))))
        rc = rc or (1 if errors else 0)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
