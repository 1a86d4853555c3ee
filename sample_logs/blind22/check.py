"""Check a blind22 output directory: ``python -m sample_logs.blind22.check DIR [DIR...] [--regen]``.

Parses the log with the strict parser of its format and checks labels.json against it: malformed, header and
duplicate line numbers, n_lines / n_events, every labelled account and source present, every user name labelled,
label/kinds consistency, and each abusive account's ``n_requests`` (recounted from the log lines the generator
attributes to the abuser, each of which must match the account's addresses, user agents and names). ``--regen``
also regenerates into a temporary directory and compares both files byte for byte. Exit status 0 when fine.
"""
import datetime as dt
import json
import os
import sys
import tempfile

from .generate import FORMATS, build, generate
from .parse import PARSERS

TOP = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
       "n_lines", "n_events", "notes", "duplicate_lines"]
KINDS = {"scraping", "credential_sharing", "brute_force"}


def _entry(errors, what, ent, abusive_keys=()):
    if ent.get("label") not in KINDS | {"benign"}:
        errors.append("%s: bad label %r" % (what, ent.get("label")))
    kinds = ent.get("kinds")
    if not isinstance(kinds, list) or set(kinds) - KINDS or (not kinds) != (ent.get("label") == "benign"):
        errors.append("%s: kinds %r inconsistent with label %r" % (what, kinds, ent.get("label")))
    elif ent["label"] != "benign" and ent["label"] not in kinds:
        errors.append("%s: label %r not among kinds %r" % (what, ent["label"], kinds))
    if not isinstance(ent.get("behaviour"), str) or not isinstance(ent.get("params"), dict):
        errors.append("%s: behaviour/params missing" % what)
        return
    for k in abusive_keys:
        if k not in ent["params"]:
            errors.append("%s: params.%s missing" % (what, k))


def check_dir(path, regen=False):
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    for k in TOP:
        if k not in lab:
            errors.append("labels: top-level key %r missing" % k)
    fmt = lab.get("format")
    if fmt not in FORMATS:
        return errors + ["labels: unknown format %r" % fmt], info
    with open(os.path.join(path, FORMATS[fmt]), "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    if not text.endswith("\n"):
        errors.append("log does not end with a newline")
    lines = text.split("\n")[:-1]
    parse = PARSERS[fmt]
    parsed = [parse(line) for line in lines]
    rejected = [i + 1 for i, d in enumerate(parsed) if d is None]
    if sorted(lab["malformed_lines"] + lab["header_lines"]) != rejected:
        errors.append("malformed+header lines %s != rejected %s" % (lab["malformed_lines"][:10], rejected[:10]))
    if not 5 <= len(lab["malformed_lines"]) <= 8:
        errors.append("%d malformed lines (want 5-8)" % len(lab["malformed_lines"]))
    seen, dups = {}, []
    for i, d in enumerate(parsed):
        if d is not None and "offset" in d:
            key = (d["host"], d["inode"], d["offset"])
            if key in seen:
                dups.append(i + 1)
                a = dict(parsed[seen[key]])
                b = dict(d)
                a.pop("read"), b.pop("read")
                if a != b:
                    errors.append("line %d: same host/offset as line %d but a different message" % (i + 1, seen[key] + 1))
            else:
                seen[key] = i
    if dups != lab["duplicate_lines"]:
        errors.append("duplicate lines %s != labels %s" % (dups[:10], lab["duplicate_lines"][:10]))
    dupset = set(dups)
    reqs = [(i, d) for i, d in enumerate(parsed) if d is not None and i + 1 not in dupset]
    if lab["n_lines"] != len(lines):
        errors.append("n_lines %d != %d" % (lab["n_lines"], len(lines)))
    if lab["n_events"] != len(reqs):
        errors.append("n_events %d != %d" % (lab["n_events"], len(reqs)))
    start = dt.datetime.fromisoformat(lab["start"])
    end = (start + dt.timedelta(days=lab["days"])).timestamp()
    late = [i + 1 for i, d in reqs if not start.timestamp() <= d["time"] < end]
    if late:
        errors.append("%d requests outside the window, e.g. line %d" % (len(late), late[0]))
    users, clients = {}, {}
    for _i, d in reqs:
        users[d["user"]] = users.get(d["user"], 0) + 1
        clients[d["client"]] = clients.get(d["client"], 0) + 1
    acc = lab["accounts"]
    lower = {k.lower(): k for k in acc}
    for name in users:
        if name != "-" and name.lower() not in lower:
            errors.append("user %r in the log is not labelled" % name)
    abusive_ips = set()
    for name, ent in acc.items():
        keys = ["n_requests", "addresses", "log_names"] if ent.get("label") != "benign" else []
        _entry(errors, "account " + name, ent, keys + ["role", "campus", "auth", "login"])
        if name not in users:
            errors.append("account %r never appears in the user field" % name)
        for n in ent.get("params", {}).get("log_names", []):
            if n not in users:
                errors.append("account %r: log name %r not in the log" % (name, n))
        if ent.get("label") != "benign":
            p = ent["params"]
            ips = p.get("ips") or ([p["ip"]] if p.get("ip") else [])
            if not ips or not (p.get("user_agents") or p.get("user_agent")):
                errors.append("account %r: ip(s)/user_agent(s) missing" % name)
            abusive_ips.update(ips)
    for ip, ent in lab["sources"].items():
        _entry(errors, "source " + ip, ent)
        if ip not in clients:
            errors.append("source %s never appears as a client" % ip)
        if ent.get("label") == "benign" and ip in abusive_ips:
            errors.append("source %s listed benign but used by an abusive client" % ip)
    # exact recount of the abusers' requests from the generator's ground truth
    lines2, _lab2, events, meta, w = build(lab["seed"], lab["days"], lab["n_staff"], fmt, full=True)
    if lines2 != lines:
        errors.append("the log differs from what the generator produces for these parameters")
    else:
        counts, key_of = {}, {e["params"]["login"]: k for k, e in acc.items()}
        for i, (kind, ei) in enumerate(meta):
            if kind != "req" or events[ei][13] is None:
                continue
            a = w.abuse[events[ei][13]]
            d = parsed[i]
            for who in filter(None, [key_of.get(a.get("account"))]):
                p = acc[who]["params"]
                counts[who] = counts.get(who, 0) + 1
                uas = p.get("user_agents") or [p.get("user_agent")]
                if d["client"] not in p["addresses"] or d["ua"] not in uas or d["user"] not in p["log_names"] + ["-"]:
                    errors.append("line %d: abuser request of %s outside its labelled footprint" % (i + 1, who))
        for name, ent in acc.items():
            if ent["label"] != "benign" and ent["params"]["n_requests"] != counts.get(name, 0):
                errors.append("account %s: n_requests %d != %d" % (name, ent["params"]["n_requests"],
                                                                   counts.get(name, 0)))
    if regen:
        with tempfile.TemporaryDirectory() as tmp:
            generate(os.path.join(tmp, FORMATS[fmt]), os.path.join(tmp, "labels.json"), lab["seed"], lab["days"],
                     lab["n_staff"], fmt)
            for fn in (FORMATS[fmt], "labels.json"):
                with open(os.path.join(tmp, fn), "rb") as a, open(os.path.join(path, fn), "rb") as b:
                    if a.read() != b.read():
                        errors.append("regeneration of %s is not byte-identical" % fn)
    info.update(format=fmt, n_lines=len(lines), n_events=len(reqs), malformed=len(rejected), duplicates=len(dups),
                accounts=len(acc), abusive=sum(1 for e in acc.values() if e["label"] != "benign"),
                sources=len(lab["sources"]), bytes=len(raw))
    return errors, info


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    regen = "--regen" in args
    dirs = [a for a in args if a != "--regen"]
    if not dirs:
        print(__doc__)
        return 2
    bad = 0
    for d in dirs:
        errors, info = check_dir(d, regen)
        print("%s: %s %s" % (d, "OK" if not errors else "%d ERRORS" % len(errors), json.dumps(info)))
        for e in errors[:40]:
            print("  - " + e)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
