"""Check a generated directory: ``python -m sample_logs.blind26.check DIR [DIR...] [--regen]``.

The strict parser of ``render`` is applied to every line; the labels are checked against the log (counts, damage,
every labelled account and source present, each abuser's listed lines really from its addresses, user agents and
names); ``--regen`` regenerates into a temporary directory and compares bytes.
"""
import json
import os
import sys
import tempfile

from .render import FORMATS, parse


def _lines(ranges):
    for a, b in ranges:
        yield from range(a, b + 1)


def check_dir(path, regen=False):
    """Return (errors, info) for one directory holding a log and labels.json."""
    errors, info = [], {}
    with open(os.path.join(path, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    fmt = lab.get("format")
    if fmt not in FORMATS:
        return ["unknown format %r" % fmt], info
    log_path = os.path.join(path, FORMATS[fmt])
    with open(log_path, "rb") as f:
        raw = f.read()
    if not raw.endswith(b"\n"):
        errors.append("log does not end with a newline")
    texts = raw[:-1].decode("latin-1").split("\n")
    parsed, bad = [None] * len(texts), []
    for i, text in enumerate(texts):
        m = parse(text)
        if m is None:
            bad.append(i + 1)
        else:
            parsed[i] = (m.group("ip"), m.group("user"), m.group("ua"))
    info.update(n_lines=len(texts), n_malformed=len(bad), format=fmt)
    keys = ["seed", "format", "start", "days", "tz", "n_staff", "accounts", "sources", "malformed_lines",
            "header_lines", "n_lines", "n_events", "notes"]
    errors += ["labels lack %r" % k for k in keys if k not in lab]
    if lab.get("n_lines") != len(texts):
        errors.append("n_lines %s != %d" % (lab.get("n_lines"), len(texts)))
    if lab.get("malformed_lines") != bad:
        errors.append("malformed_lines differ from the parser's rejects: %s vs %s" % (lab.get("malformed_lines"), bad))
    if lab.get("header_lines") != []:
        errors.append("header_lines should be []")
    if lab.get("n_events") != len(texts) - len(bad):
        errors.append("n_events %s != %d" % (lab.get("n_events"), len(texts) - len(bad)))
    if not 5 <= len(bad) <= 8 and lab.get("days") == 2:
        errors.append("%d malformed lines (expected 5-8)" % len(bad))
    for ln in lab.get("duplicate_lines", []):
        if texts[ln - 1] not in texts[max(0, ln - 40):ln - 1]:
            errors.append("duplicate line %d repeats nothing just before it" % ln)
            break
    users, addrs = {}, {}
    for p in parsed:
        if p:
            users[p[1]] = users.get(p[1], 0) + 1
            addrs[p[0]] = addrs.get(p[0], 0) + 1
    n_abusive = 0
    for name, a in lab["accounts"].items():
        if name not in users:
            errors.append("account %s never appears in the user field" % name)
        prm = a.get("params", {})
        for k in ("role", "campus", "auth", "login"):
            if k not in prm:
                errors.append("account %s lacks params.%s" % (name, k))
        if (a["label"] == "benign") != (not a["kinds"]) or a["label"] not in (
                "benign", "scraping", "credential_sharing", "brute_force"):
            errors.append("account %s: label/kinds inconsistent" % name)
        if a["label"] == "benign":
            continue
        n_abusive += 1
        lines = list(_lines(prm.get("lines", [])))
        if len(lines) != prm.get("n_requests"):
            errors.append("account %s: n_requests %s but %d lines" % (name, prm.get("n_requests"), len(lines)))
        ok_users = set(prm.get("log_names", [])) | {"-"}
        for ln in lines:
            p = parsed[ln - 1] if 0 < ln <= len(parsed) else None
            if p is None or p[0] not in prm["ips"] or p[2] not in prm["user_agents"] or p[1] not in ok_users \
                    or p[0] not in prm.get("addresses", []):
                errors.append("account %s: line %d is not its abuser's" % (name, ln))
                break
    benign_ips = [ip for ip, s in lab["sources"].items() if s["label"] == "benign"]
    abusive_ips = {ip for a in lab["accounts"].values() if a["label"] != "benign" for ip in a["params"]["ips"]}
    for ip, s in lab["sources"].items():
        if ip not in addrs:
            errors.append("source %s never appears" % ip)
        if s["label"] != "benign":
            lines = list(_lines(s["params"].get("lines", [])))
            if len(lines) != s["params"].get("n_requests") or any(parsed[ln - 1] is None or parsed[ln - 1][0] != ip
                                                                  for ln in lines):
                errors.append("source %s: listed lines do not match" % ip)
    for ip in benign_ips:
        if ip in abusive_ips:
            errors.append("address %s used by an abusive client is listed as benign" % ip)
    info.update(n_accounts=len(lab["accounts"]), n_abusive_accounts=n_abusive, n_sources=len(lab["sources"]))
    if regen:
        from .generate import generate
        with tempfile.TemporaryDirectory() as tmp:
            generate(os.path.join(tmp, FORMATS[fmt]), os.path.join(tmp, "labels.json"), lab["seed"], lab["days"],
                     lab["n_staff"], fmt)
            for name in (FORMATS[fmt], "labels.json"):
                with open(os.path.join(tmp, name), "rb") as f1, open(os.path.join(path, name), "rb") as f2:
                    if f1.read() != f2.read():
                        errors.append("regeneration of %s is not byte-identical" % name)
        info["regen"] = "identical" if not any("regeneration" in e for e in errors) else "differs"
    return errors, info


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    regen = "--regen" in argv
    dirs = [a for a in argv if a != "--regen"]
    if not dirs:
        print("usage: python -m sample_logs.blind26.check DIR [DIR...] [--regen]")
        return 2
    status = 0
    for d in dirs:
        errors, info = check_dir(d, regen)
        print("%s: %s" % (d, "OK" if not errors else "%d error(s)" % len(errors)), info)
        for e in errors[:20]:
            print("  -", e)
        status |= bool(errors)
    return 1 if status else 0


if __name__ == "__main__":
    sys.exit(main())
