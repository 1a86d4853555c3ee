"""python -m sample_logs.blind7.check DIR [DIR...]  -- sanity checks on generated logs.

Checks: every non-malformed line is JSON with the format's fields; the listed malformed lines
(and only they) fail to parse; lines are in time order within a tolerance; n_lines matches; every
labelled account appears (cloudflare: in ResponseHeaders x-user-id; gcp: all params.addresses appear
as remoteIp); every labelled source appears as the client address.
"""
import calendar
import json
import os
import sys

from .formats import GCP_HTTP, REQUIRED

TOLERANCE_S = 10.0


def _gcp_ts(s):
    base, frac = s.rstrip("Z").split(".")
    return calendar.timegm(tuple(int(x) for x in base.replace("T", "-").replace(":", "-").split("-")) + (0, 0, 0)) + float("0." + frac)


def check(d):
    errs = []
    lab = json.load(open(os.path.join(d, "labels.json")))
    fmt = lab["format"]
    bad = set(lab["malformed_lines"])
    users, ips = set(), set()
    worst, prev_max, n, late = 0.0, None, 0, 0
    with open(os.path.join(d, "access.jsonl"), encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            n = no
            try:
                rec = json.loads(line)
                ok = isinstance(rec, dict)
            except ValueError:
                ok = False
            if not ok:
                if no not in bad:
                    errs.append(f"line {no}: unparsable but not listed as malformed")
                continue
            if no in bad:
                errs.append(f"line {no}: listed as malformed but parses")
                continue
            miss = [k for k in REQUIRED[fmt] if k not in rec]
            if fmt == "gcp":
                miss += [k for k in GCP_HTTP if k not in rec.get("httpRequest", {})]
            if miss:
                errs.append(f"line {no}: missing {miss}")
                continue
            if fmt == "cloudflare":
                ts = rec["EdgeEndTimestamp"] / 1e9
                ips.add(rec["ClientIP"])
                u = rec["ResponseHeaders"].get("x-user-id")
                if u:
                    users.add(u)
            else:
                ts = _gcp_ts(rec["timestamp"])
                ips.add(rec["httpRequest"]["remoteIp"])
            if prev_max is not None and ts < prev_max:
                worst = max(worst, prev_max - ts)
                late += ts < prev_max - TOLERANCE_S
            prev_max = ts if prev_max is None else max(prev_max, ts)
    if n != lab["n_lines"]:
        errs.append(f"n_lines {lab['n_lines']} but file has {n}")
    if late:
        errs.append(f"{late} lines more than {TOLERANCE_S}s out of order")
    for acct, ent in lab["accounts"].items():
        addrs = ent["params"].get("addresses", [])
        if not addrs:
            errs.append(f"account {acct}: no addresses")
        if fmt == "cloudflare" and acct not in users:
            errs.append(f"account {acct}: never in x-user-id")
        missing = [a for a in addrs if a not in ips]
        if missing:
            errs.append(f"account {acct}: addresses not in log {missing[:3]}")
        for k in ("ip", "ips"):
            v = ent["params"].get(k)
            for a in ([v] if isinstance(v, str) else v or []):
                if a not in ips:
                    errs.append(f"account {acct}: params.{k} {a} not in log")
    for ip in lab["sources"]:
        if ip not in ips:
            errs.append(f"source {ip}: not in log")
    print(f"{d}: {fmt}, {n} lines, {len(bad)} malformed, max disorder {worst:.2f}s, "
          f"{len(lab['accounts'])} accounts, {len(lab['sources'])} sources: {'OK' if not errs else 'FAIL'}")
    for e in errs[:30]:
        print("  " + e)
    return not errs


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    return 0 if all([check(d) for d in argv]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
