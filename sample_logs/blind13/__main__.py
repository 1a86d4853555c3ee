"""python -m sample_logs.blind13 --out DIR --seed N --fmt apigw|app --days D --staff S"""
import argparse
import os
import sys
import time

from .generate import FORMATS, generate
from .render import LOG_FILE


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind13", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="apigw", choices=FORMATS)
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    t0 = time.time()
    labels = generate(os.path.join(a.out, LOG_FILE[a.fmt]), os.path.join(a.out, "labels.json"), seed=a.seed,
                      days=a.days, n_staff=a.staff, fmt=a.fmt)
    bad = sum(1 for v in labels["accounts"].values() if v["label"] != "benign")
    print("%s: %d lines, %d events, %d malformed, %d abusive accounts, %.1f s"
          % (os.path.join(a.out, LOG_FILE[a.fmt]), labels["n_lines"], labels["n_events"],
             len(labels["malformed_lines"]), bad, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
