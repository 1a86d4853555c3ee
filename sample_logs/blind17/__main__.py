"""Command line: python -m sample_logs.blind17 --out DIR --seed N --fmt cloudfront|waf_json --days D --staff S"""
import argparse
import os
import sys
import time

from .generate import FORMATS, generate


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind17")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="cloudfront", choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    lab = generate(os.path.join(a.out, FORMATS[a.fmt]), os.path.join(a.out, "labels.json"), a.seed, a.days, a.staff, a.fmt)
    bad = sum(1 for v in lab["accounts"].values() if v["label"] != "benign")
    print("%s: %d lines, %d events, %d accounts (%d abusive), %d sources, %.1f s"
          % (os.path.join(a.out, FORMATS[a.fmt]), lab["n_lines"], lab["n_events"], len(lab["accounts"]), bad,
             len(lab["sources"]), time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
