"""python -m sample_logs.blind19 --out DIR --seed N --fmt F --days D --staff S"""
import argparse
import os
import time
from .generate import FORMATS, generate


def main():
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind19")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="otel", choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t = time.time()
    lab = generate(os.path.join(a.out, FORMATS[a.fmt]), os.path.join(a.out, "labels.json"), a.seed, a.days, a.staff, a.fmt)
    ab = sum(1 for x in list(lab["accounts"].values()) + list(lab["sources"].values()) if x["label"] != "benign")
    print("blind19 %s seed=%d days=%d staff=%d: %d lines, %d requests, %d malformed, %d header, %d accounts, "
          "%d sources, %d abusive subjects, %.1fs -> %s" % (
              a.fmt, a.seed, a.days, a.staff, lab["n_lines"], lab["n_events"], len(lab["malformed_lines"]),
              len(lab["header_lines"]), len(lab["accounts"]), len(lab["sources"]), ab, time.time() - t, a.out))


if __name__ == "__main__":
    main()
