"""blind23 command line: python -m sample_logs.blind23 --out DIR --seed N --fmt F --days D --staff S."""
import argparse
import os
import time

from .generate import FIRST_FORMAT, generate
from .render import FORMATS


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind23", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default=FIRST_FORMAT, choices=sorted(FORMATS))
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    lab = generate(os.path.join(a.out, FORMATS[a.fmt]), os.path.join(a.out, "labels.json"), a.seed, a.days,
                   a.staff, a.fmt)
    print("%s: %d lines (%d events, %d malformed) in %.1f s" % (os.path.join(a.out, FORMATS[a.fmt]), lab["n_lines"],
                                                                 lab["n_events"], len(lab["malformed_lines"]),
                                                                 time.time() - t0))


if __name__ == "__main__":
    main()
