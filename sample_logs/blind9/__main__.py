"""python -m sample_logs.blind9 --out DIR --seed N --fmt azure_csv|journald --days 2 --staff 240"""
import argparse
import os
import time

from .generate import generate, FORMATS


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind9", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", choices=sorted(FORMATS), default="azure_csv")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    lab = generate(os.path.join(a.out, "access.log"), os.path.join(a.out, "labels.json"), seed=a.seed, days=a.days,
                   n_staff=a.staff, fmt=a.fmt)
    bad = sum(1 for v in lab["accounts"].values() if v["label"] != "benign")
    print("blind9 %s seed=%d days=%d staff=%d: %d lines, %d requests, %d header, %d malformed, %d out of order, "
          "%d abusive accounts, %d sources -> %s (%.1fs)" % (
              a.fmt, a.seed, a.days, a.staff, lab["n_lines"], lab["n_events"], len(lab["header_lines"]),
              len(lab["malformed_lines"]), lab["n_out_of_order"], bad, len(lab["sources"]), a.out,
              time.perf_counter() - t0))


if __name__ == "__main__":
    main()
