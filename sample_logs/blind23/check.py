"""blind23 check: parse a generated log strictly and check labels.json against it (and, with --regen, that the
generator reproduces both files byte for byte).

    python -m sample_logs.blind23.check DIR [DIR ...] [--regen]
"""
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict

from .generate import build, write
from .parse import PARSERS
from .render import FORMATS

NEED = ("role", "campus", "auth", "login")


def check_dir(path, regen=False):
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    fmt = lab.get("format")
    if fmt not in FORMATS:
        return ["unknown format %r" % fmt], info
    log_path = os.path.join(path, FORMATS[fmt])
    parse = PARSERS[fmt]
    bad, n_lines = [], 0
    users, ips, ip_users = Counter(), Counter(), defaultdict(set)
    with open(log_path, encoding="utf-8", newline="\n") as f:
        for i, line in enumerate(f, 1):
            n_lines = i
            if not line.endswith("\n"):
                errors.append("line %d has no newline" % i)
            r = parse(line[:-1] if line.endswith("\n") else line)
            if r is None:
                bad.append(i)
                continue
            users[r["user"]] += 1
            ips[r["ip"]] += 1
            ip_users[r["ip"]].add(r["user"])
    n_events = n_lines - len(bad)
    if bad != lab["malformed_lines"]:
        errors.append("malformed lines differ: parser rejects %s, labels say %s" % (bad[:12], lab["malformed_lines"][:12]))
    if lab.get("header_lines") != []:
        errors.append("header_lines should be []")
    if lab["n_lines"] != n_lines or lab["n_events"] != n_events:
        errors.append("n_lines/n_events %d/%d, labels %d/%d" % (n_lines, n_events, lab["n_lines"], lab["n_events"]))
    for k in ("seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "notes"):
        if k not in lab:
            errors.append("labels lack %s" % k)
    benign_src = {ip for ip, s in lab["sources"].items() if s["label"] == "benign"}
    abusive_ips = set()
    for name, a in lab["accounts"].items():
        prm = a["params"]
        if users[name] == 0:
            errors.append("account %s never appears in the user field" % name)
        if any(k not in prm for k in NEED):
            errors.append("account %s lacks one of %s" % (name, NEED))
        if (a["label"] == "benign") != (a["kinds"] == []) or (a["label"] != "benign" and a["label"] not in a["kinds"]):
            errors.append("account %s: label/kinds mismatch" % name)
        if a["label"] == "benign":
            continue
        for k in ("addresses", "log_names", "n_requests"):
            if k not in prm:
                errors.append("abusive account %s lacks %s" % (name, k))
        for n in prm.get("log_names", []):
            if users[n] == 0:
                errors.append("account %s: log name %s not in the log" % (name, n))
        seen = {ip for ip, us in ip_users.items() if us & set(prm.get("log_names", [name]))}
        if set(prm.get("addresses", [])) != seen:
            errors.append("account %s: addresses %s, log shows %s" % (name, prm.get("addresses"), sorted(seen)))
        abusive_ips |= set(prm.get("ips", [prm.get("ip")])) - {None}
    for ip, s in lab["sources"].items():
        if ips[ip] == 0:
            errors.append("source %s never appears" % ip)
        if s["label"] != "benign":
            abusive_ips.add(ip)
        elif s["params"].get("n_requests") not in (None, ips[ip]):
            errors.append("benign source %s: n_requests %s, log %d" % (ip, s["params"]["n_requests"], ips[ip]))
    for ip in sorted(abusive_ips & benign_src):
        errors.append("address %s used by an abusive client is listed as benign" % ip)
    t0 = time.time()
    entries, relab = build(lab["seed"], lab["days"], lab["n_staff"], fmt)
    info["rebuild_s"] = round(time.time() - t0, 1)
    tagged, tagged_ip = Counter(), Counter()
    for _line, e, badl in entries:
        if not badl and e.tag:
            tagged[e.tag] += 1
            tagged_ip[e.ip] += 1
    for name, a in lab["accounts"].items():
        if a["label"] != "benign" and a["params"].get("n_requests") != tagged[a["behaviour"]]:
            errors.append("account %s: n_requests %s, regenerated %d" % (name, a["params"].get("n_requests"),
                                                                        tagged[a["behaviour"]]))
    for ip, s in lab["sources"].items():
        if s["label"] != "benign" and s["params"].get("n_requests") != tagged_ip[ip]:
            errors.append("source %s: n_requests %s, regenerated %d" % (ip, s["params"].get("n_requests"),
                                                                       tagged_ip[ip]))
    if regen:
        with tempfile.TemporaryDirectory(dir=path) as tmp:
            lp, jp = os.path.join(tmp, "log"), os.path.join(tmp, "labels.json")
            write(entries, relab, lp, jp)
            for a, b in ((lp, log_path), (jp, os.path.join(path, "labels.json"))):
                if not _same(a, b):
                    errors.append("regeneration differs: %s" % os.path.basename(b))
    info.update({"format": fmt, "n_lines": n_lines, "n_events": n_events, "malformed": len(bad),
                 "accounts": dict(Counter(a["label"] for a in lab["accounts"].values())),
                 "sources": dict(Counter(s["label"] for s in lab["sources"].values())),
                 "na_user_share": round(users["N/A"] / max(1, n_events), 3)})
    return errors, info


def _same(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print(__doc__)
        return 2
    rc = 0
    for d in dirs:
        errors, info = check_dir(d, regen)
        print("%s: %s" % (d, "OK" if not errors else "%d error(s)" % len(errors)))
        print("  " + json.dumps(info, sort_keys=True))
        for e in errors[:40]:
            print("  ERROR " + e)
        rc |= 1 if errors else 0
    return rc


if __name__ == "__main__":
    sys.exit(main())
