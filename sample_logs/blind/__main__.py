"""``python -m sample_logs.blind --seed N --out access.jsonl --labels labels.json``."""

from __future__ import annotations

import argparse

from sample_logs.blind.build import generate_blind
from sample_logs.blind.formats import FORMATS


def main(argv: list[str] | None = None) -> int:
    """Write one labelled log of the blind app and print a one-line summary."""
    parser = argparse.ArgumentParser(description="labelled access log of the blind student-records portal")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--staff", type=int, default=240)
    parser.add_argument("--format", choices=FORMATS, default="ecs")
    parser.add_argument("--out", required=True)
    parser.add_argument("--labels", required=True)
    args = parser.parse_args(argv)
    labels = generate_blind(args.out, args.labels, seed=args.seed, days=args.days, n_staff=args.staff, fmt=args.format)
    abusive = sum(bool(v["kinds"]) for v in labels["accounts"].values())
    print(f"{labels['lines']:,} lines, {abusive} abusive accounts, "
          f"{len(labels['accounts']) - abusive} benign look-alike accounts, {len(labels['sources'])} labelled sources")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
