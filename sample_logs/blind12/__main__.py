"""CLI: python -m sample_logs.blind12 --out DIR --seed N --fmt iis_native|ncsa --days D --staff S"""
import argparse
import os
import time

from .generate import generate
from .render import FORMATS


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind12", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="iis_native", choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t = time.time()
    labels = generate(os.path.join(a.out, FORMATS[a.fmt]), os.path.join(a.out, "labels.json"), a.seed, a.days,
                      a.staff, a.fmt)
    print("%s: %d lines, %d events, %d accounts, %d sources, %.1f s" % (
        os.path.join(a.out, FORMATS[a.fmt]), labels["n_lines"], labels["n_events"], len(labels["accounts"]),
        len(labels["sources"]), time.time() - t))


if __name__ == "__main__":
    main()
