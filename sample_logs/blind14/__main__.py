"""Command line: python -m sample_logs.blind14 --out DIR --seed N --fmt envoy_text|kong_json --days D --staff S"""
import argparse
import os
import time

from .generate import FORMATS, generate


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind14", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="envoy_text", choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.perf_counter()
    labels = generate(os.path.join(args.out, FORMATS[args.fmt]), os.path.join(args.out, "labels.json"),
                      seed=args.seed, days=args.days, n_staff=args.staff, fmt=args.fmt)
    print("%s: %d lines, %d events, %d malformed, %d accounts (%d abusive), %d sources, %.1f s" % (
        os.path.join(args.out, FORMATS[args.fmt]), labels["n_lines"], labels["n_events"],
        len(labels["malformed_lines"]), len(labels["accounts"]),
        sum(1 for a in labels["accounts"].values() if a["kinds"]), len(labels["sources"]), time.perf_counter() - t0))


if __name__ == "__main__":
    main()
