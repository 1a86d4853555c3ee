"""Command line: python -m sample_logs.blind21 --out DIR --seed N --fmt zeek_tsv|suricata_eve --days D --staff S"""
import argparse
import os
import time

from .generate import FORMATS, LOG_NAME, generate


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind21", description=__doc__)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default=FORMATS[0], choices=FORMATS)
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t = time.time()
    lab = generate(os.path.join(a.out, LOG_NAME[a.fmt]), os.path.join(a.out, "labels.json"), seed=a.seed,
                   days=a.days, n_staff=a.staff, fmt=a.fmt)
    print("%s: %d lines, %d requests, %d malformed, %.1f s" % (os.path.join(a.out, LOG_NAME[a.fmt]), lab["n_lines"],
                                                               lab["n_events"], len(lab["malformed_lines"]),
                                                               time.time() - t))


if __name__ == "__main__":
    main()
