import argparse
import os

from .generate import generate


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind8")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", choices=["heroku", "ingress"], default="heroku")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    lab = generate(os.path.join(a.out, "access.log"), os.path.join(a.out, "labels.json"),
                   seed=a.seed, days=a.days, n_staff=a.staff, fmt=a.fmt)
    print("%s: %d lines, %d events, %d accounts, %d sources" % (a.out, lab["n_lines"], lab["n_events"],
                                                             len(lab["accounts"]), len(lab["sources"])))


if __name__ == "__main__":
    main()
