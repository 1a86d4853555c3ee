"""The ``detector`` command line: a thin adapter over the library.

Every command builds one :class:`~detector.config.Settings` from flags and an
optional TOML file and calls library functions; no detection logic lives here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from detector.config import ConfigError, Settings, load_settings
from detector.console import (cell, err, fail, os_problem, out, print_json, print_scan, printable, read_progress, safe,
                              warn)
from detector.preflight import writable_file


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find automated scraping and credential sharing in web access logs.\n\n"
    "Example: detector scan /var/log/nginx/access.log* --out scan-out",
)

FormatOpt = typer.Option(
    None, "--format",
    help="combined | common | w3c (IIS, CloudFront) | jsonl | alb (AWS ALB/ELB) | haproxy | vhost_combined "
    "| combined_xff (nginx main: client from X-Forwarded-For) | combined_user, combined_xff_user (either, then a "
    "quoted field naming the app's user) | logfmt (Heroku router and app key=value lines) "
    "| csv (CSV/TSV export with a header row: Azure Log Analytics, Splunk, Kibana) "
    "| iis_native (IIS's comma-separated log file format, older than W3C; local times, read in --timezone) "
    "| envoy (Envoy's and Istio's default text access log) | rails (a Rails app's production.log) "
    "| squid (Squid's native access log, forward or reverse proxy) "
    "| zeek (Zeek's http.log: a network sensor's record of each request; its JSON and Suricata's eve.json read as jsonl) "
    "| cef (ArcSight CEF or QRadar LEEF events: a WAF's or proxy's requests as a SIEM receives them) "
    "| inferred (any other space-separated layout, fields found by what they look like) "
    "(default: detected per file, also behind syslog headers, container-log wrappers and log shippers' records: "
    "Filebeat/Logstash/Vector JSON, Fluentd, Fluent Bit)",
)
LogFormatOpt = typer.Option(None, "--log-format", help='Apache LogFormat string, e.g. \'%h %l %u %t "%r" %>s %b\'')
ConfigOpt = typer.Option(None, "--config", envvar="DETECTOR_CONFIG", help="detector.toml with settings and allowlists")
TimezoneOpt = typer.Option(None, "--timezone", help="site's IANA time zone for time-of-day features")
FieldOpt = typer.Option(
    None, "--field", help="JSON lines field mapping NAME=KEY (repeatable), e.g. --field ts=time_local --field user=auth.user"
)
#: uvicorn's log levels (``uvicorn.config.LOG_LEVELS``), without importing it for every command.
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")
def _field_mapping(fields: Optional[list[str]]) -> Optional[dict[str, str]]:
    if not fields:
        return None
    mapping = {}
    for item in fields:
        name, eq, key = item.partition("=")
        if not eq or not name.strip() or not key.strip():
            fail(f"--field expects NAME=KEY, got {printable(item)!r}")
        mapping[name.strip()] = key.strip()
    return mapping


def _check_output_file(path: Path, what: str) -> None:
    try:
        writable_file(path, what)
    except ConfigError as exc:
        fail(str(exc))


def check_rules_or_fail(settings: Settings) -> None:
    """Refuse a configured rule file that is invalid or reads features the code does not compute."""
    if settings.rules_file is None:
        return
    from detector.scan import check_rules
    from models.rules import RuleError

    try:
        check_rules(settings.rules_file, settings)
    except RuleError as exc:
        fail(f"rules_file {settings.rules_file}: {exc}")


def load_model_or_fail(model_path: Path, settings: Settings):
    """The model of ``--model``, or a one-line error."""
    from detector.train import ModelRefused, load_trained

    if model_path.is_dir():
        fail(f"--model {model_path} is a directory, not a model file written by `detector train`")
    try:
        return load_trained(model_path, settings)
    except ModelRefused as exc:
        fail(str(exc))


def _settings(config: Optional[Path], **overrides: object) -> Settings:
    try:
        return load_settings(config, **overrides)
    except ConfigError as exc:
        fail(str(exc))
        raise  # unreachable


@app.command()
def scan(
    logs: list[Path] = typer.Argument(..., help="log files (plain or .gz), any supported format"),
    out_dir: Path = typer.Option(Path("scan-out"), "--out", help="directory for alerts.jsonl, sessions.csv, summary.json"),
    fmt: Optional[str] = FormatOpt,
    log_format: Optional[str] = LogFormatOpt,
    timezone: Optional[str] = TimezoneOpt,
    fields: Optional[list[str]] = FieldOpt,
    config: Optional[Path] = ConfigOpt,
    model_path: Optional[Path] = typer.Option(None, "--model", help="model file from `detector train`"),
    engine: Optional[str] = typer.Option(
        None, "--engine", help="auto (default) | memory | partitioned (bounded memory) | dask (partitions on a Dask cluster)"
    ),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler, e.g. tcp://host:8786 (default: a local cluster)"),
    spill_dir: Optional[Path] = typer.Option(None, "--spill-dir", help="where partitions are spilled (shared by the Dask workers)"),
    workers: Optional[int] = typer.Option(
        None, "--workers", min=1, help="processes of this machine for a partitioned scan (default: one per CPU core)"
    ),
    limit: int = typer.Option(25, help="alerts shown in the table"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar or table"),
    as_json: bool = typer.Option(False, "--json", help="print summary.json to stdout instead of the table"),
) -> None:
    """Scan access logs and write explained alerts.

    Example: detector scan access.log.1.gz access.log --out scan-out --timezone America/Los_Angeles

    Weeks of logs: detector scan logs/*.gz --engine dask --scheduler tcp://10.0.0.5:8786 --spill-dir /shared/spill
    """
    from detector.runners import EngineUnavailable, start_worker_server
    from detector.sizing import uses_worker_processes

    if scheduler is not None and engine is None:
        engine = "dask"
    settings = _settings(config, input_format=fmt, log_format=log_format, timezone=timezone, jsonl_mapping=_field_mapping(fields),
                         engine=engine, scheduler=scheduler, spill_dir=spill_dir, workers=workers)
    if uses_worker_processes(logs, settings):
        start_worker_server()  # the workers' fork server loads its modules while this process loads the scan's
    from detector.io.reader import LogReadError
    from detector.scan import ScanError, check_scan, distinct_logs, run_scan

    try:
        check_scan(settings, out_dir)  # an unusable --out or --spill-dir, or bad rules, fail now rather than at the end
    except ScanError as exc:
        fail(str(exc))
    model = load_model_or_fail(model_path, settings) if model_path is not None else None  # otherwise imported while reading
    total = sum(p.stat().st_size for p in distinct_logs(logs)[0] if p.is_file())
    try:
        with read_progress(total, quiet or as_json) as bar:
            task = bar.add_task("read", total=total or None)
            result = run_scan(logs, settings, out_dir=out_dir, model=model, progress=lambda n: bar.advance(task, n))
    except (LogReadError, EngineUnavailable, ScanError) as exc:
        fail(str(exc))
    except OSError as exc:  # e.g. the spill disk filling up
        fail(os_problem(exc))
    if as_json:
        print_json(result.summary)
    elif not quiet:
        print_scan(result, out_dir, limit)


@app.command()
def train(
    logs: list[Path] = typer.Argument(..., help="baseline logs: what normal looks like here"),
    out_path: Path = typer.Option(..., "--out", help="model file to write, e.g. artifacts/site.joblib"),
    fmt: Optional[str] = FormatOpt,
    log_format: Optional[str] = LogFormatOpt,
    timezone: Optional[str] = TimezoneOpt,
    fields: Optional[list[str]] = FieldOpt,
    config: Optional[Path] = ConfigOpt,
    labels: Optional[Path] = typer.Option(
        None, "--labels", help="verdicts to learn from: CSV of id,label (session, app session, account or alert id)"
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Fit peer baselines, the unsupervised ensemble and rules on baseline logs, and save them.

    With --labels, also fit a supervised layer on the labelled sessions and account-days found in the logs.

    Example: detector train last-month/*.gz --out artifacts/site.joblib --labels verdicts.csv
    """
    from detector.runners import EngineUnavailable, start_worker_server
    from detector.sizing import uses_worker_processes

    settings = _settings(config, input_format=fmt, log_format=log_format, timezone=timezone, jsonl_mapping=_field_mapping(fields))
    _check_output_file(out_path, "model file")
    if uses_worker_processes(logs, settings):
        start_worker_server()  # as for scan: the workers' fork server loads while the models do
    from detector.io.reader import LogReadError
    from detector.labels import LabelError
    from detector.scan import ScanError, check_scan, distinct_logs
    from detector.train import train_and_save

    try:
        check_scan(settings)  # as for scan: --spill-dir and the rules, before reading
    except ScanError as exc:
        fail(str(exc))
    logs, duplicates = distinct_logs(logs)
    for warning in duplicates:
        warn(warning)
    try:
        meta = train_and_save(logs, settings, out_path, labels_path=labels)
    except (LogReadError, LabelError, EngineUnavailable) as exc:
        fail(str(exc))
    except OSError as exc:  # e.g. the disk filling up while the model is written
        fail(os_problem(exc))
    if not quiet:
        out.print(f"model written to {safe(out_path)} ({safe(meta['units'])})", highlight=False)
        sup = meta.get("supervised")
        if sup:
            counts = ", ".join(f"{lvl} {c['positives']} abusive / {c['negatives']} not" for lvl, c in sup["levels"].items())
            out.print(f"supervised layer on {safe(counts)}; {sup['unmatched']} label(s) not found in these logs",
                      highlight=False)


@app.command()
def report(
    scan_dir: Path = typer.Argument(..., help="directory written by `detector scan`"),
    out_path: Optional[Path] = typer.Option(None, "--out", help="HTML file to write (default: SCAN_DIR/report.html)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing"),
    as_json: bool = typer.Option(False, "--json", help="print {report, alerts, bytes} as JSON"),
) -> None:
    """Write one self-contained HTML report of a scan: summary, ranked alerts, timelines, reasons, routes.

    Opens with no network; holds no record IDs (see `detector explain`).

    Example: detector report scan-out --out scan-out/report.html
    """
    from detector.report import ReportError, write_report

    if scan_dir.exists() and not scan_dir.is_dir():
        fail(f"{scan_dir} is a file, not a directory written by `detector scan`")
    bar = Progress(TextColumn("[bold]drawing alerts"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                   console=err, disable=quiet or as_json or not err.is_terminal, transient=True)
    try:
        with bar:
            task = bar.add_task("draw", total=None)
            path = write_report(scan_dir, out_path, progress=lambda done, total: bar.update(task, completed=done, total=total))
    except ReportError as exc:
        fail(str(exc))
    alerts = sum(1 for line in (scan_dir / "alerts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    if as_json:
        print_json({"report": str(path), "alerts": alerts, "bytes": path.stat().st_size})
    elif not quiet:
        out.print(f"report written to {safe(path)} ({alerts} alert(s), {path.stat().st_size / 1e6:.1f} MB)", highlight=False)


@app.command()
def explain(
    alert_id: str = typer.Argument(..., help="alert id from alerts.jsonl, e.g. A-e4beb61615b8"),
    scan_dir: Path = typer.Option(..., "--scan", help="directory written by `detector scan`"),
    out_path: Path = typer.Option(..., "--out", help="file to write (text; JSON when it ends in .json); owner-readable only"),
    log_dir: Optional[Path] = typer.Option(None, "--log-dir", help="where the source logs are now, if moved since the scan"),
    log_format: Optional[str] = LogFormatOpt,
    config: Optional[Path] = ConfigOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing"),
    as_json: bool = typer.Option(False, "--json", help="print {out, lines, records} as JSON"),
) -> None:
    """Write the raw log lines, the records (IDs) touched and the feature percentiles behind one alert.

    The output holds student record IDs (what a FERPA breach notice needs): it is written only
    on this explicit request, readable by its owner only. Lines are re-read from the scanned files
    and checked against the scan.

    Example: detector explain A-e4beb61615b8 --scan scan-out --out A-e4beb61615b8.txt
    """
    from detector.explain_alert import ExplainError, explain_alert
    from detector.explain_output import write_explanation

    settings = _settings(config, log_format=log_format)
    try:
        expl = explain_alert(alert_id, scan_dir, log_dir=log_dir, log_format=settings.log_format,
                             jsonl_mapping=getattr(settings, "jsonl_mapping", None))
        path = write_explanation(expl, out_path)
    except ExplainError as exc:
        fail(str(exc))
    for note in expl.notes:
        warn(note)
    if as_json:
        print_json({"out": str(path), "lines": len(expl.lines), "records": len(expl.records)})
    elif not quiet:
        out.print(f"{safe(alert_id)}: {len(expl.lines):,} line(s), {len(expl.records):,} distinct record(s) "
                  f"written to {safe(path)}", highlight=False)


@app.command()
def features() -> None:
    """List the feature families and what each measures.

    Example: detector features
    """
    from detector.features import feature_docs

    table = Table(title="feature families", expand=False)
    for name in ("level", "family", "measures"):
        table.add_column(name)
    for row in feature_docs().itertuples(index=False):
        table.add_row(cell(row.level), cell(row.family), cell(row.measures))
    out.print(table)


@app.command()
def rules(
    rules_file: Optional[Path] = typer.Option(None, "--rules", help="a rule file to check (default: the packaged rules)"),
) -> None:
    """Validate a rule file and list its rules.

    Example: detector rules --rules my-rules.yaml
    """
    from detector.scan import check_rules
    from models.rules import RuleError, default_rules_path

    try:
        ruleset = check_rules(rules_file)  # also refuses features and placeholders the code does not compute
    except RuleError as exc:
        fail(str(exc) if rules_file is None or str(rules_file) in str(exc) else f"{rules_file}: {exc}")
    table = Table(title=f"{len(ruleset.rules)} rules from {safe(rules_file or default_rules_path())}", expand=True)
    for name in ("id", "kind", "level", "severity", "condition"):
        table.add_column(name, overflow="fold")
    for rule in ruleset.rules:
        table.add_row(cell(rule.id), cell(rule.kind), cell(rule.level), cell(rule.severity), cell(rule.condition))
    out.print(table)


# `detector serve` and `detector tail` live in their own module; importing it registers them on ``app``
from detector import cli_live  # noqa: E402,F401  (registration)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    # run as ``python -m detector.cli`` this file is ``__main__``; the commands of cli_live are registered on the
    # ``app`` of the importable module ``detector.cli``, so that is the one to run
    from detector.cli import main as entry

    entry()
