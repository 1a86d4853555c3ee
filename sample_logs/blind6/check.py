"""Self-check of generated directories: python -m sample_logs.blind6.check DIR [DIR ...]

Every line parses with its format's field count, lines are in time order, IIS header blocks are complete,
and every labelled account and source appears in the log (ALB: sources, and each labelled account's
known addresses, since ALB lines carry no user name)."""
import json
import os
import sys

from .formats import IIS_FIELDS, N_ALB, N_IIS, split_alb

HEADER = ("#Software: ", "#Version: ", "#Date: ", "#Fields: ")


def check_dir(d):
    labels = json.load(open(os.path.join(d, "labels.json"), encoding="utf-8"))
    fmt, errors = labels["format"], []
    users, clients, n, last, header = set(), set(), 0, "", []
    with open(os.path.join(d, "access.log"), encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            line = line.rstrip("\n")
            n += 1
            if fmt == "iis" and line.startswith("#"):
                header.append(line)
                if line.startswith("#Fields: ") and line != "#Fields: " + IIS_FIELDS:
                    errors.append(f"line {i}: unexpected #Fields")
                continue
            if fmt == "iis":
                if header and [h[:len(p)] for h, p in zip(header, HEADER)] != list(HEADER):
                    errors.append(f"line {i}: incomplete header block {header}")
                header = []
                x = line.split(" ")
                if len(x) != N_IIS:
                    errors.append(f"line {i}: {len(x)} fields, expected {N_IIS}")
                    continue
                ts = x[0] + " " + x[1]
                users.add(x[7])
                xff = x[20]
                clients.add(x[8] if xff == "-" else xff.split(",+")[-1])
            else:
                x = split_alb(line)
                if len(x) != N_ALB:
                    errors.append(f"line {i}: {len(x)} fields, expected {N_ALB}")
                    continue
                ts = x[1]
                clients.add(x[3].rsplit(":", 1)[0])
            if ts < last:
                errors.append(f"line {i}: time {ts} before {last}")
            last = ts
            if len(errors) > 20:
                break
    if n != labels["n_lines"]:
        errors.append(f"n_lines {labels['n_lines']} but the file has {n}")
    for email, a in labels["accounts"].items():
        names = a["params"].get("log_names") or []
        if fmt == "iis":
            if not names or not set(names) <= users:
                errors.append(f"account {email}: log names {names} not all in cs-username")
        addrs = a["params"].get("addresses") or []
        if not addrs or not set(addrs) <= clients:
            errors.append(f"account {email}: addresses missing from the log")
    for ip in labels["sources"]:
        if ip not in clients:
            errors.append(f"source {ip} not in the log")
    for email in labels["staff"]:
        if fmt == "iis" and email not in users and not set(labels["notes"].get("staff_log_names", {}).get(email, [])) & users:
            errors.append(f"staff {email} not in cs-username")
    return n, errors


def main(argv=None):
    dirs = (argv if argv is not None else sys.argv[1:])
    if not dirs:
        print(__doc__)
        return 2
    bad = 0
    for d in dirs:
        n, errors = check_dir(d)
        print(f"{d}: {n} lines, {'OK' if not errors else f'{len(errors)} problem(s)'}")
        for e in errors[:20]:
            print("   ", e)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
