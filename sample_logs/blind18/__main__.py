"""CLI: python -m sample_logs.blind18 --out DIR --seed N --fmt F --days D --staff S"""
import argparse
import os
import time

from .generate import generate, FORMATS


def main():
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind18")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", choices=sorted(FORMATS), default="haproxy_custom")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    lab = generate(os.path.join(a.out, FORMATS[a.fmt]), os.path.join(a.out, "labels.json"), a.seed, a.days, a.staff,
                   a.fmt)
    bad = sum(1 for v in lab["accounts"].values() if v["label"] != "benign")
    print("blind18 %s seed=%d: %d lines, %d events, %d malformed, %d accounts (%d abusive), %d sources, %.1fs -> %s"
          % (a.fmt, a.seed, lab["n_lines"], lab["n_events"], len(lab["malformed_lines"]), len(lab["accounts"]), bad,
             len(lab["sources"]), time.perf_counter() - t0, a.out))


main()
