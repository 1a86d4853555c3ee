"""Command line: python -m sample_logs.blind24 --out DIR --seed N --fmt F --days D --staff S"""
import argparse
import os
import sys
import time

from .generate import FORMATS, generate


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind24", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="serilog_clef", choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    t = time.time()
    log = os.path.join(a.out, FORMATS[a.fmt][0])
    labels = generate(log, os.path.join(a.out, "labels.json"), a.seed, a.days, a.staff, a.fmt)
    print("%s: %d lines, %d events, %d malformed, %.1f s" % (log, labels["n_lines"], labels["n_events"],
                                                           len(labels["malformed_lines"]), time.time() - t))
    return 0


if __name__ == "__main__":
    sys.exit(main())
