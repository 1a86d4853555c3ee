"""The blind apps of ``make eval``: generate a labelled log, scan it, score it, explain it.

Each blind app is a student-records system whose generator was written
without reading the detector (see ``sample_logs/README.md``); the scan uses
default settings apart from the site's time zone.  :data:`BLIND_APPS` lists
them, with the seeds reserved for evaluation (used nowhere else), and
:func:`run_blind_app` runs one seed of one.

``python -m detector.evaluate.blind_apps [--app blind3] [--seed N --format F --days D --staff S]``
"""

from __future__ import annotations

import argparse
import importlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from detector.evaluate.alert_detail import print_detail, scan_labelled
from detector.evaluate.score_scan import format_score


@dataclass(frozen=True)
class BlindApp:
    """One blind app.

    Attributes
    ----------
    key : str
        Its key in ``results.json`` and the prefix of its folders.
    title : str
        Its name in the printed header and the figures table.
    generator : str
        ``module:function`` of its generator, called as
        ``generate(log, labels_path, seed=, days=, n_staff=, fmt=)`` and returning the labels.
    runs : tuple of (int, str)
        The (seed, format) pairs of the evaluation.
    log_names : dict of str to str
        File name of the log per format (``access.log`` otherwise).
    """

    key: str
    title: str
    generator: str
    runs: tuple[tuple[int, str], ...]
    log_names: dict[str, str] = field(default_factory=dict)


BLIND_APPS: tuple[BlindApp, ...] = (
    BlindApp("blind", "blind app", "sample_logs.blind:generate_blind", ((61717, "ecs"), (70503, "caddy")),
             {"ecs": "access.jsonl", "caddy": "access.jsonl"}),
    BlindApp("blind2", "second blind app", "sample_logs.blind2:generate_blind2", ((36151, "traefik"), (52807, "tomcat")),
             {"traefik": "access.jsonl", "tomcat": "localhost_access_log.txt"}),
    BlindApp("blind3", "third blind app", "sample_logs.blind3.generate:generate",
             ((57713, "vhost_combined"), (80631, "jsonl")), {"jsonl": "access.jsonl"}),
    BlindApp("blind4", "fourth blind app", "sample_logs.blind4.generate:generate",
             ((31337, "nginx_xff"), (46021, "lograge_json"))),
    BlindApp("blind5", "fifth blind app", "sample_logs.blind5.generate:generate",
             ((24601, "pino"), (90017, "envoy")), {"pino": "access.jsonl", "envoy": "access.jsonl"}),
    BlindApp("blind6", "sixth blind app", "sample_logs.blind6.generate:generate", ((70121, "iis"), (33409, "alb"))),
    BlindApp("blind7", "seventh blind app", "sample_logs.blind7.generate:generate", ((48611, "cloudflare"), (15277, "gcp")),
             {"cloudflare": "access.jsonl", "gcp": "access.jsonl"}),
    BlindApp("blind8", "eighth blind app", "sample_logs.blind8.generate:generate", ((27183, "heroku"), (31415, "ingress"))),
    BlindApp("blind9", "ninth blind app", "sample_logs.blind9.generate:generate", ((62047, "azure_csv"), (19391, "journald")),
             {"azure_csv": "AppServiceHTTPLogs.csv", "journald": "httpd-journal.json"}),
    BlindApp("blind10", "tenth blind app", "sample_logs.blind10.generate:generate",
             ((73019, "splunk_csv"), (28657, "apache_xff")), {"splunk_csv": "splunk_export.csv"}),
    BlindApp("blind11", "eleventh blind app", "sample_logs.blind11.generate:generate",
             ((41077, "akamai"), (65537, "fastly")), {"akamai": "datastream2.json", "fastly": "fastly.json"}),
    BlindApp("blind12", "twelfth blind app", "sample_logs.blind12.generate:generate",
             ((84119, "iis_native"), (23071, "ncsa")), {"iis_native": "keystone_in.log", "ncsa": "keystone_ncsa.log"}),
    BlindApp("blind13", "thirteenth blind app", "sample_logs.blind13.generate:generate",
             ((57203, "apigw"), (11939, "app")), {"apigw": "apigw-access.json", "app": "compass-app.log"}),
    BlindApp("blind14", "fourteenth blind app", "sample_logs.blind14.generate:generate",
             ((66403, "envoy_text"), (30881, "kong_json")),
             {"envoy_text": "istio-ingress.log", "kong_json": "kong-file.log"}),
    BlindApp("blind15", "fifteenth blind app", "sample_logs.blind15.generate:generate",
             ((47729, "rails_log"), (12653, "gunicorn_like")),
             {"rails_log": "production.log", "gunicorn_like": "nginx_ledger.log"}),
    BlindApp("blind16", "sixteenth blind app", "sample_logs.blind16.generate:generate",
             ((16661, "squid_native"), (40961, "squid_combined")), {"squid_combined": "access_combined.log"}),
    BlindApp("blind17", "seventeenth blind app", "sample_logs.blind17.generate:generate",
             ((17713, "cloudfront"), (52361, "waf_json")), {"cloudfront": "cloudfront.log", "waf_json": "waf.log"}),
    BlindApp("blind18", "eighteenth blind app", "sample_logs.blind18.generate:generate",
             ((18181, "haproxy_custom"), (61843, "audit_csv")),
             {"haproxy_custom": "haproxy.log", "audit_csv": "audit_export.csv"}),
    BlindApp("blind19", "nineteenth blind app", "sample_logs.blind19.generate:generate",
             ((19919, "otel"), (41999, "appgw")), {"otel": "otel-logs.jsonl", "appgw": "PT1H.json"}),
    BlindApp("blind20", "twentieth blind app", "sample_logs.blind20.generate:generate",
             ((20201, "modsec_json"), (60653, "lighttpd")), {"modsec_json": "modsec_audit.log", "lighttpd": "access.log"}),
    BlindApp("blind21", "twenty-first blind app", "sample_logs.blind21.generate:generate",
             ((21021, "zeek_tsv"), (51215, "suricata_eve")), {"zeek_tsv": "http.log", "suricata_eve": "eve.json"}),
    BlindApp("blind22", "twenty-second blind app", "sample_logs.blind22.generate:generate",
             ((22022, "filebeat"), (72227, "fluentd")), {"filebeat": "filebeat.ndjson", "fluentd": "fluentd_access.log"}),
    BlindApp("blind23", "twenty-third blind app", "sample_logs.blind23.generate:generate",
             ((23023, "f5_splunk"), (62323, "f5_cef")), {"f5_splunk": "asm.log", "f5_cef": "asm_cef.log"}),
    BlindApp("blind24", "twenty-fourth blind app", "sample_logs.blind24.generate:generate",
             ((24024, "serilog_clef"), (82424, "appinsights_csv")),
             {"serilog_clef": "pathways-.clef", "appinsights_csv": "AppRequests.csv"}),
    BlindApp("blind25", "twenty-fifth blind app", "sample_logs.blind25.generate:generate",
             ((25025, "splunk_json"), (52525, "opensearch_dump")),
             {"splunk_json": "export.json", "opensearch_dump": "web-logs.ndjson"}),
    BlindApp("blind26", "twenty-sixth blind app", "sample_logs.blind26.generate:generate",
             ((26026, "combined"), (92626, "combined_rotated")),
             {"combined": "access_log", "combined_rotated": "access_log.all"}),
)
APPS_BY_KEY = {app.key: app for app in BLIND_APPS}


def run_blind_app(app: BlindApp, out: Path, seed: int, fmt: str, days: int = 2, staff: int = 250) -> dict:
    """Generate, scan and score one log of a blind app; print and return the figures.

    Parameters
    ----------
    app : BlindApp
        The app.
    out : Path
        Folder under which ``{app.key}-{seed}-{fmt}/`` is written (log, labels, scan).
    seed, fmt : int, str
        Generator seed and log format.
    days, staff : int
        Days in the log and ordinary named staff accounts.

    Returns
    -------
    dict
        Seed, format, lines, rejected lines, seconds (generation included),
        the :class:`ScanScore` fields and the ``caught``/``missed_detail``/
        ``false_alarm_detail`` rows.
    """
    module, name = app.generator.split(":")
    generate = getattr(importlib.import_module(module), name)
    folder = Path(out) / f"{app.key}-{seed}-{fmt}"
    log = folder / app.log_names.get(fmt, "access.log")
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    labels = generate(log, folder / "labels.json", seed=seed, days=days, n_staff=staff, fmt=fmt)
    generated = time.perf_counter() - started
    run = scan_labelled(log, labels, folder / "scan")
    seconds = time.perf_counter() - started
    print(f"\n== {app.title}: seed {seed}, format {fmt}, {run.summary['lines_read']:,} lines "
          f"({run.summary['lines_rejected']} rejected), {seconds:.1f} s (generation {generated:.1f} s) ==")
    print(format_score(run.score))
    print_detail(run.detail)
    return {**run.figures(seed, fmt, seconds), **run.detail}


def main(argv: list[str] | None = None) -> int:
    """Command line: every evaluation seed of one app (or all apps), or one given seed and format."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--app", choices=sorted(APPS_BY_KEY), help="one app (default: all)")
    ap.add_argument("--out", type=Path, default=Path("build/eval"))
    ap.add_argument("--seed", type=int)
    ap.add_argument("--format")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=250, help="ordinary staff (default 250, as `make eval`)")
    args = ap.parse_args(argv)
    apps = [APPS_BY_KEY[args.app]] if args.app else list(BLIND_APPS)
    for app in apps:
        runs = [(args.seed, args.format or app.runs[0][1])] if args.seed is not None else app.runs
        for seed, fmt in runs:
            run_blind_app(app, args.out, seed, fmt, days=args.days, staff=args.staff)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["APPS_BY_KEY", "BLIND_APPS", "BlindApp", "run_blind_app"]
