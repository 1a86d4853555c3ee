"""Check a generated directory: strict parse, labels against the log, optional byte-identical regeneration.

python -m sample_logs.blind25.check DIR [DIR...] [--regen]     (exit 0 when fine)
"""
import filecmp
import json
import os
import sys
import tempfile

from .generate import FORMATS, build, generate
from .parse import FILES, PARSERS
from .render import build_records

LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}


def _read(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        data = f.read()
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def check_dir(path, regen=False):
    """Returns (errors, info)."""
    errors, info = [], {}
    err = errors.append
    lab = json.load(open(os.path.join(path, "labels.json"), encoding="utf-8"))
    for k in ("seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines",
              "header_lines", "n_lines", "n_events", "notes"):
        if k not in lab:
            err("labels: missing key %s" % k)
    fmt = lab["format"]
    if fmt not in FORMATS:
        return ["unknown format %r" % fmt], info
    lines = _read(os.path.join(path, FILES[fmt]))
    parse = PARSERS[fmt]
    rejected, headers, users, clients, times = [], [], {}, {}, []
    user_ips = {}
    for n, line in enumerate(lines, 1):
        res = parse(line)
        if res is None:
            rejected.append(n)
            continue
        kind, f, obj = res
        if kind == "header":
            headers.append(n)
            continue
        u = f["user_field"]
        users[u] = users.get(u, 0) + 1
        clients[f["client"]] = clients.get(f["client"], 0) + 1
        if u != "-":
            user_ips.setdefault(u, set()).add(f["client"])
        times.append(obj["result"]["_time"] if fmt == "splunk_json" else obj["_index"])
    n_events = len(lines) - len(rejected) - len(headers)
    info.update(format=fmt, n_lines=len(lines), n_events=n_events, malformed=len(rejected), accounts_in_log=len(users) - 1)
    if lab["n_lines"] != len(lines):
        err("n_lines %d != %d" % (lab["n_lines"], len(lines)))
    if lab["n_events"] != n_events:
        err("n_events %d != %d" % (lab["n_events"], n_events))
    if lab["malformed_lines"] != rejected:
        err("malformed_lines differ: labels %s, parser rejects %s" % (lab["malformed_lines"], rejected))
    if lab["header_lines"] != headers:
        err("header_lines differ: labels %s, found %s" % (lab["header_lines"], headers))
    if not 5 <= len(rejected) <= 8:
        err("%d malformed lines (want 5-8)" % len(rejected))
    if fmt == "splunk_json" and any(a < b for a, b in zip(times, times[1:])):
        err("splunk export is not newest first")
    if fmt == "opensearch_dump" and any(a > b for a, b in zip(times, times[1:])):
        err("opensearch dump is not grouped by daily index")
    # accounts
    attackers = set()
    for name, a in lab["accounts"].items():
        kinds, label, p = a.get("kinds"), a.get("label"), a.get("params", {})
        if label not in LABELS or not set(kinds) <= LABELS - {"benign"} or (label == "benign") != (not kinds) \
                or (label != "benign" and label not in kinds):
            err("account %s: inconsistent label/kinds %s %s" % (name, label, kinds))
        for k in ("role", "campus", "auth", "login"):
            if k not in p:
                err("account %s: params.%s missing" % (name, k))
        if name not in users:
            err("account %s never appears in the user field" % name)
        if label != "benign":
            for k in ("addresses", "log_names", "n_requests"):
                if k not in p:
                    err("account %s: params.%s missing" % (name, k))
            if not ("ip" in p or "ips" in p) or not ("user_agent" in p or "user_agents" in p):
                err("account %s: abusive client's ip/user_agent missing" % name)
            if set(p.get("addresses", ())) != user_ips.get(name, set()):
                err("account %s: addresses differ from the log" % name)
            if p.get("n_requests", 0) <= 0 or p["n_requests"] > users.get(name, 0):
                err("account %s: n_requests %s vs %d lines" % (name, p.get("n_requests"), users.get(name, 0)))
            if p.get("role") == "generic" and p["n_requests"] != users.get(name, 0):
                err("generic account %s: n_requests %s != %d" % (name, p["n_requests"], users.get(name, 0)))
            attackers.update([p["ip"]] if "ip" in p else p.get("ips", []))
    for ip, s in lab["sources"].items():
        if ip not in clients:
            err("source %s not in the log" % ip)
        if s["label"] == "benign" and ip in attackers:
            err("source %s listed benign but an abusive client used it" % ip)
        if s["label"] != "benign" and s["params"].get("n_requests", 0) > clients.get(ip, 0):
            err("source %s: n_requests above its lines" % ip)
    # exact abuser counts from the generator's own ground truth
    ctx = build(lab["seed"], lab["days"], lab["n_staff"])
    _recs, dropped, _plan = build_records(ctx.log.ev, ctx.rng("damage"))
    gone = set(dropped)
    counts = {}
    for i, e in enumerate(ctx.log.ev):
        if e[11] and i not in gone and e[3] == ctx.abuses[e[11]]["account"]:
            counts[e[11]] = counts.get(e[11], 0) + 1
    for name, a in lab["accounts"].items():
        tag = a["params"].get("abuse_tag")
        if tag and counts.get(tag, 0) != a["params"]["n_requests"]:
            err("account %s: n_requests %s, ground truth %d" % (name, a["params"]["n_requests"], counts.get(tag, 0)))
    info["abusive_accounts"] = sum(1 for a in lab["accounts"].values() if a["label"] != "benign")
    info["attacker_sources"] = sum(1 for s in lab["sources"].values() if s["label"] != "benign")
    if regen:
        with tempfile.TemporaryDirectory() as tmp:
            lp, jp = os.path.join(tmp, FILES[fmt]), os.path.join(tmp, "labels.json")
            generate(lp, jp, lab["seed"], lab["days"], lab["n_staff"], fmt)
            for a, b in ((lp, os.path.join(path, FILES[fmt])), (jp, os.path.join(path, "labels.json"))):
                if not filecmp.cmp(a, b, shallow=False):
                    err("regeneration differs: %s" % os.path.basename(b))
        info["regen"] = "identical" if not any("regeneration" in e for e in errors) else "differs"
    return errors, info


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print(__doc__)
        return 2
    bad = 0
    for d in dirs:
        errors, info = check_dir(d, regen)
        print("%s: %s" % (d, "OK" if not errors else "%d error(s)" % len(errors)), json.dumps(info))
        for e in errors[:40]:
            print("  -", e)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
