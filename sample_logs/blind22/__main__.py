"""Command line: python -m sample_logs.blind22 --out DIR --seed N --fmt filebeat|fluentd --days D --staff S"""
import argparse
import os
import sys
import time

from .generate import FORMATS, generate


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind22", description=__doc__)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="filebeat", choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        labels = generate(os.path.join(a.out, FORMATS[a.fmt]), os.path.join(a.out, "labels.json"), seed=a.seed,
                          days=a.days, n_staff=a.staff, fmt=a.fmt)
    except ValueError as e:
        ap.error(str(e))
    bad = sum(1 for v in labels["accounts"].values() if v["label"] != "benign")
    print("%s: %d lines, %d requests, %d accounts (%d abusive), %d sources, %.1f s" % (
        os.path.join(a.out, FORMATS[a.fmt]), labels["n_lines"], labels["n_events"], len(labels["accounts"]), bad,
        len(labels["sources"]), time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
