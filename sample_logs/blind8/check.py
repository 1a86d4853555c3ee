"""Validate generated blind8 output: python -m sample_logs.blind8.check DIR [DIR...] [--regen]"""
import json
import os
import re
import sys
import tempfile

HEROKU_ROUTER = re.compile(r'^(\S+)\+00:00 heroku\[router\]: at=(info|error)(?: code=H\d+ desc="[^"]*")? method=(\S+) '
                           r'path="([^"]*)" host=\S+ request_id=(\S+) fwd="([^"]+)" dyno=\S+ connect=\d+ms '
                           r'service=\d+ms status=(\d{3}) bytes=\d+ protocol=https$')
HEROKU_APP = re.compile(r'^(\S+)\+00:00 app\[web\.\d+\]: level=\w+ msg="request" method=(\S+) path="([^"]*)" '
                        r'status=(\d{3}) duration_ms=\d+ user_id=(\S+) remote_ip=(\S+) user_agent="([^"]*)" '
                        r'request_id=(\S+) sess=\S+$')
INGRESS = re.compile(r'^(\S+)Z stdout F (\S+) - - \[([^\]]+)\] "(\S+) (\S+) (HTTP/[\d.]+)" (\d{3}) (\d+) "([^"]*)" '
                     r'"([^"]*)" (\d+) ([\d.]+) \[[^\]]*\] \[[^\]]*\] (\S+) (\d+) ([\d.]+) (\d{3}) ([0-9a-f]{32})$')
LABELS = {"benign", "scraping", "credential_sharing", "brute_force"}
KEYS = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines",
        "header_lines", "n_lines", "notes"]


def _fail(msgs, m):
    msgs.append(m)


def check(d, regen=False, verbose=True):
    msgs = []
    lab = json.load(open(os.path.join(d, "labels.json"), encoding="utf-8"))
    lines = open(os.path.join(d, "access.log"), encoding="utf-8").read().split("\n")
    if lines[-1] == "":
        lines.pop()
    for k in KEYS:
        if k not in lab:
            _fail(msgs, "missing key %s" % k)
    fmt = lab["format"]
    if lab["n_lines"] != len(lines):
        _fail(msgs, "n_lines %d != %d" % (lab["n_lines"], len(lines)))
    bad, hdr = set(lab["malformed_lines"]), set(lab["header_lines"])
    if not 3 <= len(bad) <= 10:
        _fail(msgs, "malformed count %d" % len(bad))
    if bad & hdr:
        _fail(msgs, "malformed and header overlap")
    pats = [HEROKU_ROUTER, HEROKU_APP] if fmt == "heroku" else [INGRESS]
    rids_router, rids_app, ips, users, n_req = set(), set(), set(), set(), 0
    for i, ln in enumerate(lines, 1):
        m = None
        for p in pats:
            m = p.match(ln)
            if m:
                break
        if i in bad or i in hdr:
            if m:
                _fail(msgs, "line %d labelled non-request but parses: %s" % (i, ln[:120]))
            if i in hdr and not ln.startswith("2026-") and fmt == "heroku":
                _fail(msgs, "odd header line %d" % i)
            continue
        if not m:
            _fail(msgs, "line %d does not parse: %r" % (i, ln[:160]))
            if len(msgs) > 20:
                break
            continue
        n_req += 1
        if fmt == "heroku":
            if p is HEROKU_ROUTER:
                rids_router.add(m.group(5))
                ips.add(m.group(6))
            else:
                rids_app.add(m.group(8))
                ips.add(m.group(6))
                users.add(m.group(5))
        else:
            ips.add(m.group(2))
    if fmt == "heroku":
        if rids_app - rids_router:
            _fail(msgs, "%d app request lines without router line" % len(rids_app - rids_router))
        if len(rids_router) != lab.get("n_events", len(rids_router)):
            _fail(msgs, "router requests %d != n_events %s" % (len(rids_router), lab.get("n_events")))
    elif n_req != lab.get("n_events", n_req):
        _fail(msgs, "requests %d != n_events %s" % (n_req, lab.get("n_events")))
    for kind in ("accounts", "sources"):
        for key, v in lab[kind].items():
            if v["label"] not in LABELS:
                _fail(msgs, "%s %s bad label" % (kind, key))
            if (v["label"] == "benign") != (not v["kinds"]) or (v["label"] != "benign" and v["label"] not in v["kinds"]):
                _fail(msgs, "%s %s kinds inconsistent" % (kind, key))
            if kind == "sources" and key not in ips:
                _fail(msgs, "source %s not in log" % key)
            if kind == "accounts" and v["label"] != "benign":
                pr = v["params"]
                if not (("ip" in pr or "ips" in pr) and ("user_agent" in pr or "user_agents" in pr)
                        and pr.get("addresses")):
                    _fail(msgs, "account %s lacks ip/user_agent/addresses" % key)
                for a in pr.get("addresses", []):
                    if a not in ips:
                        _fail(msgs, "account %s address %s not in log" % (key, a))
                if fmt == "heroku" and key not in users:
                    _fail(msgs, "account %s not in log" % key)
    for lbl in ("scraping", "credential_sharing", "brute_force"):
        if not any(v["label"] == lbl for k in ("accounts", "sources") for v in lab[k].values()):
            _fail(msgs, "no %s instance" % lbl)
    if regen:
        from .generate import generate
        with tempfile.TemporaryDirectory() as td:
            generate(os.path.join(td, "a.log"), os.path.join(td, "l.json"), seed=lab["seed"], days=lab["days"],
                     n_staff=lab["n_staff"], fmt=fmt)
            if open(os.path.join(td, "a.log"), "rb").read() != open(os.path.join(d, "access.log"), "rb").read():
                _fail(msgs, "regeneration is not byte-identical")
    ok = not msgs
    if verbose:
        print("%s: %s (%d lines, %d requests, %d header, %d malformed)" % (
            d, "OK" if ok else "FAIL", len(lines), n_req, len(hdr), len(bad)))
        for m in msgs[:25]:
            print("  " + m)
    return ok


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print(__doc__)
        return 2
    return 0 if all([check(d, regen) for d in dirs]) else 1


if __name__ == "__main__":
    sys.exit(main())
