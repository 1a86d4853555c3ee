"""Check a blind21 output directory against its labels: `python -m sample_logs.blind21.check DIR [--regen]`.

`check_dir(path, regen=False) -> (errors, info)`.  The log is read with the strict parser of its format;
malformed, header and other-event lines must be exactly those listed; every labelled account must appear
(Zeek has the user field; eve.json has none), abusive accounts' and sources' request counts must match,
no benign source may carry an abusive client, and --regen regenerates and compares byte for byte.
"""
import datetime
import filecmp
import json
import os
import sys
import tempfile

from . import evelog, zeek
from .generate import LOG_NAME, generate

LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}
TOP = ("seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
       "n_lines", "n_events", "notes")


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    if not text.endswith("\n"):
        return None
    return text[:-1].split("\n")


def _scan(fmt, lines):
    """(events as (line no, client ip, user, ua, epoch), malformed, headers, others)."""
    events, bad, heads, others = [], [], [], []
    for i, s in enumerate(lines, 1):
        if fmt == "zeek_tsv":
            if s.startswith("#") and zeek.parse_header(s):
                heads.append(i)
                continue
            try:
                r = zeek.parse(s)
            except ValueError:
                bad.append(i)
                continue
            ua = None if r["user_agent"] == "-" else r["user_agent"]
            user = None if r["username"] == "-" else r["username"]
            events.append((i, zeek.client_ip(r), user, ua, float(r["ts"])))
        else:
            try:
                e = evelog.parse(s)
            except ValueError:
                bad.append(i)
                continue
            if e["event_type"] != "http":
                others.append(i)
                continue
            t = datetime.datetime.strptime(e["timestamp"], "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
            events.append((i, evelog.client_ip(e), None, e["http"].get("http_user_agent"), t))
    return events, bad, heads, others


def _entry_errors(kind, name, e):
    errs = []
    if e.get("label") not in LABELS:
        errs.append("%s %s: bad label" % (kind, name))
    kinds = e.get("kinds", [])
    if (e.get("label") == "benign") != (not kinds) or (kinds and e["label"] not in kinds):
        errs.append("%s %s: kinds %r do not fit label %s" % (kind, name, kinds, e.get("label")))
    if kind == "account" and any(k not in e.get("params", {}) for k in ("role", "campus", "auth", "login")):
        errs.append("account %s: params lack role/campus/auth/login" % name)
    return errs


def check_dir(path, regen=False):
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as fh:
        lab = json.load(fh)
    errors += ["labels lack %s" % k for k in TOP if k not in lab]
    fmt = lab.get("format")
    if fmt not in LOG_NAME:
        return errors + ["unknown format %r" % fmt], info
    lines = _read(os.path.join(path, LOG_NAME[fmt]))
    if lines is None:
        return errors + ["log does not end with a newline"], info
    events, bad, heads, others = _scan(fmt, lines)
    info.update(format=fmt, n_lines=len(lines), n_events=len(events), malformed=len(bad), headers=len(heads),
                others=len(others))
    for key, got in (("n_lines", len(lines)), ("n_events", len(events)), ("malformed_lines", bad),
                     ("header_lines", heads), ("other_lines", others)):
        if lab.get(key, [] if key == "other_lines" else None) != got:
            errors.append("%s: labels say %s, log has %s" % (key, str(lab.get(key))[:80], str(got)[:80]))
    if not 5 <= len(bad) <= 8:
        errors.append("%d malformed lines (want 5-8)" % len(bad))
    t0 = datetime.datetime.fromisoformat(lab["start"]).timestamp()
    t1 = t0 + 86400 * lab["days"] + 3600           # a DST change inside the window moves midnight by an hour
    if any(not t0 <= e[4] < t1 for e in events):
        errors.append("requests outside the window")
    by_ip, by_user = {}, {}
    for e in events:
        by_ip.setdefault(e[1], []).append(e)
        if e[2]:
            by_user.setdefault(e[2], []).append(e)
    accounts, sources = lab["accounts"], lab["sources"]
    for name, e in accounts.items():
        errors += _entry_errors("account", name, e)
        if fmt == "zeek_tsv" and name not in by_user:
            errors.append("account %s does not appear in the log" % name)
        if e["label"] != "benign":
            p = e["params"]
            for k in ("addresses", "log_names", "n_requests", "clients", "ips", "user_agents"):
                if k not in p:
                    errors.append("abusive account %s lacks params.%s" % (name, k))
            if fmt == "zeek_tsv" and "clients" in p:
                pairs = {tuple(c) for c in p["clients"]}
                n = sum(1 for x in by_user.get(name, []) if (x[1], x[3]) in pairs)
                if n != p.get("n_requests"):
                    errors.append("account %s: n_requests %s, log has %d" % (name, p.get("n_requests"), n))
                shown = sorted({x[1] for x in by_user.get(name, [])})
                if shown != p.get("addresses"):
                    errors.append("account %s: addresses differ from the log" % name)
    if fmt == "zeek_tsv":
        unknown = sorted(set(by_user) - set(accounts))
        if unknown:
            errors.append("user names in the log but not labelled: %s" % unknown[:10])
    benign_ips = {ip for ip, e in sources.items() if e["label"] == "benign"}
    for ip, e in sources.items():
        errors += _entry_errors("source", ip, e)
        if ip not in by_ip:
            errors.append("source %s does not appear in the log" % ip)
        if e["label"] != "benign" and e["params"].get("n_requests") != len(by_ip.get(ip, [])):
            errors.append("source %s: n_requests %s, log has %d" % (ip, e["params"].get("n_requests"),
                                                                     len(by_ip.get(ip, []))))
        if e["label"] == "benign" and "n_accounts" in e["params"] and fmt == "zeek_tsv":
            n = len({x[2] for x in by_ip.get(ip, []) if x[2]})
            if n != e["params"]["n_accounts"]:
                errors.append("source %s: n_accounts %s, log has %d" % (ip, e["params"]["n_accounts"], n))
    for name, e in accounts.items():
        if e["label"] != "benign" and set(e["params"].get("ips", [])) & benign_ips:
            errors.append("abusive account %s used an address labelled benign" % name)
    info["labels"] = {k: sum(1 for e in accounts.values() if e["label"] == k) for k in sorted(LABELS)}
    info["behaviours"] = sorted({e["behaviour"] for e in accounts.values() if e["label"] != "benign"} |
                                {e["behaviour"] for e in sources.values() if e["label"] != "benign"})
    if regen:
        with tempfile.TemporaryDirectory() as tmp:
            generate(os.path.join(tmp, LOG_NAME[fmt]), os.path.join(tmp, "labels.json"), seed=lab["seed"],
                     days=lab["days"], n_staff=lab["n_staff"], fmt=fmt)
            for f in (LOG_NAME[fmt], "labels.json"):
                if not filecmp.cmp(os.path.join(tmp, f), os.path.join(path, f), shallow=False):
                    errors.append("regeneration differs: %s" % f)
        info["regen"] = "identical" if not any(x.startswith("regeneration") for x in errors) else "differs"
    return errors, info


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print("usage: python -m sample_logs.blind21.check DIR [DIR...] [--regen]")
        return 2
    status = 0
    for d in dirs:
        errors, info = check_dir(d, regen)
        print("%s: %s %s" % (d, "OK" if not errors else "%d ERRORS" % len(errors), json.dumps(info)))
        for e in errors[:40]:
            print("  -", e)
        status = status or (1 if errors else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
