"""Command line: python -m sample_logs.blind16 --out DIR --seed N --fmt F --days D --staff S"""
import argparse
import os
import time

from .generate import generate
from .render import FORMATS


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind16")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="squid_native", choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    t = time.time()
    lab = generate(os.path.join(a.out, FORMATS[a.fmt]), os.path.join(a.out, "labels.json"),
                   seed=a.seed, days=a.days, n_staff=a.staff, fmt=a.fmt)
    print("%s: %d lines (%d malformed) in %.1f s" % (os.path.join(a.out, FORMATS[a.fmt]), lab["n_lines"],
                                                      len(lab["malformed_lines"]), time.time() - t))


if __name__ == "__main__":
    main()
