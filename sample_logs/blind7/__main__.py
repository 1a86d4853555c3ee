"""python -m sample_logs.blind7 --out DIR --seed N --fmt cloudflare|gcp --days 2 --staff 240"""
import argparse
import os
import time

from .generate import generate
from .world import DEFAULT_START


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind7", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", choices=("cloudflare", "gcp"), default="cloudflare")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    ap.add_argument("--start", default=DEFAULT_START, help="first day, YYYY-MM-DD (local calendar)")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    lab = generate(os.path.join(a.out, "access.jsonl"), os.path.join(a.out, "labels.json"), seed=a.seed,
                   days=a.days, n_staff=a.staff, fmt=a.fmt, start=a.start)
    print(f"{a.out}: {lab['n_lines']} lines, {len(lab['accounts'])} labelled accounts, "
          f"{len(lab['sources'])} labelled sources, {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
