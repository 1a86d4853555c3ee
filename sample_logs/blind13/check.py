"""Check a generated directory: strict parse, labels against the log, optional byte-identical regeneration.
python -m sample_logs.blind13.check DIR [DIR ...] [--regen]   (exit 0 when fine)"""
import json
import os
import sys
import tempfile

from .parse import parse_line

LOG_FILE = {"apigw": "apigw-access.json", "app": "compass-app.log"}
TOP = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines", "header_lines",
       "n_lines", "n_events", "notes"]
LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}


def _entry_errors(where, v, need_abuse_params):
    errs = []
    if v.get("label") not in LABELS:
        errs.append("%s: bad label %r" % (where, v.get("label")))
    kinds = v.get("kinds")
    if not isinstance(kinds, list) or not set(kinds) <= LABELS - {"benign"}:
        errs.append("%s: bad kinds %r" % (where, kinds))
    elif (v["label"] == "benign") != (not kinds):
        errs.append("%s: kinds must be empty exactly when benign" % where)
    elif v["label"] != "benign" and v["label"] not in kinds:
        errs.append("%s: label not among kinds" % where)
    if not isinstance(v.get("behaviour"), str) or not isinstance(v.get("params"), dict):
        errs.append("%s: behaviour/params missing" % where)
    elif need_abuse_params:
        p = v["params"]
        for k in ("role", "campus", "auth", "login"):
            if k not in p:
                errs.append("%s: params.%s missing" % (where, k))
        if v["label"] != "benign":
            for k in ("addresses", "log_names", "n_requests", "windows_ms"):
                if k not in p:
                    errs.append("%s: params.%s missing" % (where, k))
            if not (("ip" in p) ^ ("ips" in p)) or not (("user_agent" in p) ^ ("user_agents" in p)):
                errs.append("%s: ip/ips and user_agent/user_agents" % where)
    return errs


def verify(fmt, texts, labels):
    """Errors (list of str) of one rendered log against its labels."""
    errs = [("missing top-level key %s" % k) for k in TOP if k not in labels]
    if errs:
        return errs
    bad, other, reqs = [], [], []
    for i, text in enumerate(texts, 1):
        r = parse_line(fmt, text)
        if r is None:
            bad.append(i)
        elif r[0] == "other":
            other.append(i)
        else:
            reqs.append(r[1])
    if bad != labels["malformed_lines"]:
        errs.append("malformed lines differ: parser %s vs labels %s" % (bad[:10], labels["malformed_lines"][:10]))
    if not 5 <= len(bad) <= 8:
        errs.append("%d malformed lines (want 5-8)" % len(bad))
    if other != labels["header_lines"]:
        errs.append("header/non-request lines differ (%d vs %d)" % (len(other), len(labels["header_lines"])))
    if labels["n_lines"] != len(texts) or labels["n_events"] != len(reqs):
        errs.append("n_lines/n_events %s/%s vs log %d/%d" % (labels["n_lines"], labels["n_events"], len(texts), len(reqs)))
    by_user, ips = {}, {}
    for r in reqs:
        ips[r["ip"]] = ips.get(r["ip"], 0) + 1
        if r["user"] is not None:
            by_user.setdefault(r["user"], []).append(r)
    for name, v in labels["accounts"].items():
        errs += _entry_errors("account %s" % name, v, True)
        if name not in by_user:
            errs.append("account %s not in the log" % name)
            continue
        if v.get("label") == "benign":
            continue
        p = v["params"]
        a_ips = set([p["ip"]] if "ip" in p else p.get("ips", []))
        a_uas = set([p["user_agent"]] if "user_agent" in p else p.get("user_agents", []))
        wins = p.get("windows_ms", [])
        n = sum(1 for nm in p.get("log_names", [name]) for r in by_user.get(nm, ())
                if r["ip"] in a_ips and r["ua"] in a_uas and any(a <= r["t_ms"] <= b for a, b in wins))
        if n != p.get("n_requests"):
            errs.append("account %s: n_requests %s but the rule counts %d" % (name, p.get("n_requests"), n))
        shown = sorted({r["ip"] for nm in p.get("log_names", [name]) for r in by_user.get(nm, ())})
        if shown != sorted(p.get("addresses", [])):
            errs.append("account %s: addresses differ from the log" % name)
    abusive_ips = set()
    for name, v in labels["accounts"].items():
        p = v.get("params", {})
        if v.get("label") != "benign":
            abusive_ips |= set([p["ip"]] if "ip" in p else p.get("ips", []))
    for ip, v in labels["sources"].items():
        errs += _entry_errors("source %s" % ip, v, False)
        if ip not in ips:
            errs.append("source %s not in the log" % ip)
        elif v.get("label") == "benign" and ip in abusive_ips:
            errs.append("source %s listed benign but an abuser used it" % ip)
        elif v.get("label") != "benign" and v["params"].get("n_requests") not in (None, ips[ip]):
            errs.append("source %s: n_requests %s vs %d" % (ip, v["params"].get("n_requests"), ips[ip]))
    return errs


def check_dir(path, regen=False):
    """(errors, info) for a directory holding labels.json and the log."""
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    fmt = labels.get("format")
    if fmt not in LOG_FILE:
        return ["unknown format %r" % fmt], {}
    log = os.path.join(path, LOG_FILE[fmt])
    with open(log, encoding="utf-8") as f:
        texts = f.read().split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    errs = verify(fmt, texts, labels)
    counts = {}
    for v in labels["accounts"].values():
        counts[v["label"]] = counts.get(v["label"], 0) + 1
    info = {"format": fmt, "n_lines": len(texts), "n_events": labels["n_events"],
            "malformed": len(labels["malformed_lines"]), "header_lines": len(labels["header_lines"]),
            "accounts": counts, "sources": len(labels["sources"]),
            "abuse": {k: v["params"]["n_requests"] for k, v in labels["accounts"].items() if v["label"] != "benign"}}
    if regen:
        from .generate import generate
        with tempfile.TemporaryDirectory() as tmp:
            generate(os.path.join(tmp, LOG_FILE[fmt]), os.path.join(tmp, "labels.json"), seed=labels["seed"],
                     days=labels["days"], n_staff=labels["n_staff"], fmt=fmt)
            for fn in (LOG_FILE[fmt], "labels.json"):
                with open(os.path.join(tmp, fn), "rb") as a, open(os.path.join(path, fn), "rb") as b:
                    if a.read() != b.read():
                        errs.append("regeneration of %s is not byte-identical" % fn)
        info["regen"] = "identical" if not errs else "differs"
    return errs, info


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print(__doc__)
        return 2
    bad = 0
    for d in dirs:
        errs, info = check_dir(d, regen)
        print("%s: %s" % (d, "OK" if not errs else "%d error(s)" % len(errs)))
        print("  " + json.dumps(info))
        for e in errs[:30]:
            print("  - " + e)
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
