"""python -m sample_logs.blind10 --out DIR --seed N --fmt splunk_csv|apache_xff --days 2 --staff 240"""
import argparse
import os
import time

from .generate import FORMATS, generate


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind10", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", choices=FORMATS, default="splunk_csv")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    ap.add_argument("--threat-scale", type=float, default=1.0)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    lab = generate(os.path.join(a.out, "access.log"), os.path.join(a.out, "labels.json"), seed=a.seed, days=a.days,
                   n_staff=a.staff, fmt=a.fmt, threat_scale=a.threat_scale)
    bad = sorted(k for k, v in lab["accounts"].items() if v["label"] != "benign")
    brute = sorted(k for k, v in lab["sources"].items() if v["label"] == "brute_force")
    print("blind10 %s seed=%d days=%d staff=%d: %d lines, %d events, %d malformed, %d headers, %d accounts "
          "(%d abusive: %s), %d brute-force sources, %.1fs -> %s" % (
              a.fmt, a.seed, a.days, a.staff, lab["n_lines"], lab["n_events"], len(lab["malformed_lines"]),
              len(lab["header_lines"]), len(lab["accounts"]), len(bad), ",".join(bad), len(brute),
              time.perf_counter() - t0, a.out))


if __name__ == "__main__":
    main()
