"""``make eval``: detection quality on logs the detector never saw.

1. Generates fresh labelled logs with seeds no test uses, in three formats
   (combined, IIS W3C, JSON lines), scans each with default settings, and
   prints precision, recall and average precision per account and behaviour.
2. Held-out app: generates labelled logs of a different, independently
   designed student-information system (:mod:`sample_logs.heldout`, IIS W3C
   and nginx, seeds used nowhere else), scans and scores them the same way
   and says which rules made the false alarms and what was missed.
3. Blind app: generates labelled logs of a third student-records system
   (:mod:`sample_logs.blind`, a state portal with an SPA over REST and
   GraphQL, in ECS and Caddy JSON lines) designed without reading the
   detector, scans and scores them, and lists what was caught, missed and
   falsely alarmed with the alerts' kinds and reasons.
4. Second blind app: generates labelled logs of a fourth student-records
   system (:mod:`sample_logs.blind2`, a SELPA special-education
   case-management app in Java/Spring behind Traefik, as Traefik JSON and
   Tomcat access-log lines) designed without reading the detector, scans
   and scores them the same way (:mod:`detector.evaluate.blind_apps`).
5. Third blind app: generates labelled logs of a fifth student-records
   system (:mod:`sample_logs.blind3`, a PHP district SIS with attendance,
   gradebook, transcripts and CALPADS extracts, as Apache vhost_combined and
   nginx JSON lines) designed without reading the detector, scans and scores
   them the same way (:mod:`detector.evaluate.blind_apps`).
6. Fourth blind app: generates labelled logs of a sixth student-records
   system (:mod:`sample_logs.blind4`, a CALPADS-style state student data
   system in Rails behind load balancers, as nginx ``main`` lines with
   X-Forwarded-For and Lograge JSON) designed without reading the detector,
   scans and scores them the same way (:mod:`detector.evaluate.blind_apps`).
7. Fifth blind app: generates labelled logs of a seventh student-records
   system (:mod:`sample_logs.blind5`, a special-education portal in
   Node/Express behind an Envoy edge, as pino-http and Envoy JSON lines)
   designed without reading the detector, scans and scores them the same way.
8. Sixth blind app: generates labelled logs of an eighth student-records
   system (:mod:`sample_logs.blind6`, a state assessment system in ASP.NET
   on IIS behind an AWS load balancer, as IIS W3C lines with the client in
   an X-Forwarded-For column and as ALB access-log lines, which name no
   user) designed without reading the detector, scans and scores them the
   same way.
9. Scores the real labelled sets in ``../shared/realdata`` (CERTH human/bot
   sessions, crawlers in the elastic sample) and prints their AUCs.

Results are also written to ``build/eval/results.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detector.config import Settings
from detector.evaluate.blind_apps import BLIND_APPS, run_blind_app
from detector.evaluate.score_scan import format_score, score_alerts
from detector.scan import run_scan

#: Seeds reserved for evaluation; tests use other seeds.
EVAL_SEEDS = (90210, 4242)
REALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "realdata"


def generated(out: Path, seed: int, fmt: str, days: int, staff: int) -> dict:
    """Generate, scan and score one log; return the figures."""
    from sample_logs.generate import generate

    folder = out / f"seed{seed}-{fmt}"
    log = folder / f"access.{ 'log' if fmt != 'jsonl' else 'jsonl'}"
    labels = generate(log, folder / "labels.json", seed=seed, days=days, n_staff=staff, fmt=fmt)
    settings = Settings(timezone=labels.get("tz", "America/Los_Angeles"))
    started = time.perf_counter()
    result = run_scan([log], settings, out_dir=folder / "scan")
    score = score_alerts([a.to_dict() for a in result.analysis.alerts], labels)
    print(f"\n== generated log: seed {seed}, format {fmt}, {result.summary['lines_read']:,} lines, "
          f"{time.perf_counter() - started:.1f} s ==")
    print(format_score(score))
    return {"seed": seed, "format": fmt, "lines": result.summary["lines_read"], **score.to_dict()}


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/eval"))
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--staff", type=int, default=250)
    parser.add_argument("--quick", action="store_true",
                        help="one seed, combined format only; one held-out seed; one seed per blind app")
    parser.add_argument("--realdata", type=Path, default=REALDATA,
                        help=f"the shared real-log folder (default: {REALDATA})")
    args = parser.parse_args(argv)
    realdata = args.realdata
    results: dict = {"generated": [], "heldout": [], **{app.key: [] for app in BLIND_APPS}, "realdata": {}}
    runs = [(EVAL_SEEDS[0], "combined")] if args.quick else [
        (EVAL_SEEDS[0], "combined"), (EVAL_SEEDS[1], "w3c"), (EVAL_SEEDS[1] + 1, "jsonl")
    ]
    for seed, fmt in runs:
        results["generated"].append(generated(args.out, seed, fmt, args.days, args.staff))
    from detector.evaluate.heldout import HELDOUT_RUNS, heldout

    for seed, fmt in HELDOUT_RUNS[:1] if args.quick else HELDOUT_RUNS:
        results["heldout"].append(heldout(args.out, seed, fmt, days=args.days))
    for app in BLIND_APPS:
        for seed, fmt in app.runs[:1] if args.quick else app.runs:
            results[app.key].append(run_blind_app(app, args.out, seed, fmt, days=min(max(args.days, 1), 3), staff=args.staff))
    if realdata.is_dir():
        from detector.evaluate.realdata import certh_auc, elastic_crawler_auc

        certh = certh_auc(realdata)
        results["realdata"]["certh"] = certh
        print("\n== CERTH web-bot sessions (unsupervised score, no labels used to fit) ==")
        for kind, figures in certh.items():
            print(f"humans vs {kind} bots: AUC {_f(figures['auc_all'])} on all annotated sessions "
                  f"({figures['n_all']}), {_f(figures['auc_test'])} on the test split ({figures['n_test']})")
        from detector.evaluate.supervised import certh_supervised_auc, format_supervised

        supervised = certh_supervised_auc(realdata)
        results["realdata"]["certh_supervised"] = supervised
        print("\n== CERTH with the supervised layer (detector train --labels) ==")
        print(format_supervised(supervised))
        elastic = elastic_crawler_auc(realdata)
        results["realdata"]["elastic_crawlers"] = elastic
        print(f"\n== elastic Apache sample: self-declared crawlers == \nAUC {elastic['auc']:.3f} "
              f"over {elastic['sessions']:,} sessions ({elastic['crawler_sessions']:,} crawler)")
        from detector.evaluate.realdata import scanner_alerts

        scanners = scanner_alerts(realdata)
        results["realdata"]["scanners"] = scanners
        print("\n== vulnerability scanners, each alone in its log ==")
        for name, fig in scanners.items():
            print(f"{name}: {len(fig['alerted'])} of {len(fig['addresses'])} scanner addresses alerted "
                  f"({', '.join(fig['kinds']) or 'no alert'}; rules {', '.join(fig['rules']) or '-'}), "
                  f"{fig['covered']:.0%} of {fig['lines']:,} requests in alerted sessions")
    else:
        print(f"\n(real data not found at {realdata}; skipped; give it with --realdata)")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    table = figures_table(results)
    (args.out / "figures.md").write_text(table + "\n", encoding="utf-8")
    print("\n" + table)
    print(f"\nwritten {args.out / 'results.json'} and {args.out / 'figures.md'}")
    return 0


def _f(value: float) -> str:
    return "n/a" if value != value else f"{value:.3f}"  # NaN-safe


#: Result keys of the labelled generated logs, in table order, with the name their rows carry.
APPS = (("generated", "generated"), ("heldout", "held-out app"), *((app.key, app.title) for app in BLIND_APPS))


def figures_table(results: dict) -> str:
    """The headline figures as a markdown table (pasted into the README)."""
    rows = ["| labelled log | size | precision | recall | average precision | benign look-alikes alerted |", "|---|---|---|---|---|---|"]
    for key, name in APPS:
        for run in results.get(key, []):
            rows.append(
                f"| {name}, seed {run['seed']}, {run['format']} | {run['lines']:,} lines | {_f(run['precision'])} | "
                f"{_f(run['recall'])} | {_f(run['average_precision'])} | {len(run['lookalikes_alerted'])} |"
            )
    real = results.get("realdata", {})
    if real:
        rows += ["", "| real labelled set | AUC of the session score (no labels used) | target |", "|---|---|---|"]
        for kind, target in (("moderate", "≥ 0.80"), ("advanced", "≥ 0.75")):
            fig = real["certh"][kind]
            rows.append(f"| CERTH humans vs {kind} bots ({fig['n_all']['humans']} humans, {fig['n_all']['bots']} bots) | {_f(fig['auc_all'])} | {target} |")
        if "certh_supervised" in real:
            from detector.evaluate.supervised import figures_rows

            rows += [""] + figures_rows(real["certh_supervised"]) + [""]
            rows += ["| real labelled set | AUC of the session score | target |", "|---|---|---|"]
        el = real["elastic_crawlers"]
        rows.append(f"| elastic Apache sample, self-declared crawlers ({el['crawler_sessions']:,} of {el['sessions']:,} sessions) | {_f(el['auc'])} | — |")
        if "scanners" in real:
            rows += ["", "| real scanner log (alone in its file) | scanner addresses alerted | requests in alerted sessions | alerted as |",
                     "|---|---|---|---|"]
            for name, fig in real["scanners"].items():
                rows.append(f"| {name} ({fig['lines']:,} requests) | {len(fig['alerted'])} of {len(fig['addresses'])} | "
                            f"{fig['covered']:.0%} | {', '.join(fig['kinds']) or '—'} |")
    return "\n".join(rows)


if __name__ == "__main__":
    raise SystemExit(main())
