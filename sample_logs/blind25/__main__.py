"""CLI: python -m sample_logs.blind25 --out DIR --seed N --fmt splunk_json|opensearch_dump --days D --staff S"""
import argparse
import time

from .generate import FORMATS, generate_dir


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind25", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default=FORMATS[0], choices=FORMATS)
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    t0 = time.time()
    lab = generate_dir(a.out, a.seed, a.days, a.staff, a.fmt)
    print("%s: %d lines, %d events, %d malformed, %.1f s" % (a.out, lab["n_lines"], lab["n_events"],
                                                            len(lab["malformed_lines"]), time.time() - t0))


if __name__ == "__main__":
    main()
