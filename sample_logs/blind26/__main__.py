"""Command line: python -m sample_logs.blind26 --out DIR --seed N --fmt F --days D --staff S"""
import argparse
import os
import time

from .generate import generate
from .render import FORMATS


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind26", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="combined", choices=list(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    t0 = time.time()
    log_path = os.path.join(a.out, FORMATS[a.fmt])
    labels = generate(log_path, os.path.join(a.out, "labels.json"), a.seed, a.days, a.staff, a.fmt)
    print("%s: %d lines (%d malformed) in %.1f s" % (log_path, labels["n_lines"], len(labels["malformed_lines"]),
                                                     time.time() - t0))


if __name__ == "__main__":
    main()
