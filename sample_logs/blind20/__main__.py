"""python -m sample_logs.blind20 --out DIR --seed N --fmt F --days D --staff S"""
import argparse
import os
import time

from .generate import FORMATS, generate


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind20")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="modsec_json", choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t = time.time()
    lab = generate(os.path.join(a.out, FORMATS[a.fmt]), os.path.join(a.out, "labels.json"), seed=a.seed, days=a.days,
                   n_staff=a.staff, fmt=a.fmt)
    ab = sum(1 for v in lab["accounts"].values() if v["label"] != "benign")
    sab = sum(1 for v in lab["sources"].values() if v["label"] != "benign")
    print("blind20 %s seed=%d days=%d staff=%d: %d lines, %d requests, %d accounts (%d abusive), %d sources (%d abusive), "
          "%d malformed, %.1fs -> %s" % (a.fmt, a.seed, a.days, a.staff, lab["n_lines"], lab["n_events"],
                                         len(lab["accounts"]), ab, len(lab["sources"]), sab, len(lab["malformed_lines"]),
                                         time.time() - t, a.out))


if __name__ == "__main__":
    main()
