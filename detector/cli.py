"""The ``detector`` command line: a thin adapter over the library.

Every command builds one :class:`~detector.config.Settings` from flags and an
optional TOML file and calls library functions; no detection logic lives here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from detector.config import ConfigError, Settings, load_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find automated scraping and credential sharing in web access logs.\n\n"
    "Example: detector scan /var/log/nginx/access.log* --out scan-out",
)
err = Console(stderr=True)
out = Console()

FormatOpt = typer.Option(None, "--format", help="combined | common | w3c | jsonl (default: detected per file)")
LogFormatOpt = typer.Option(None, "--log-format", help='Apache LogFormat string, e.g. \'%h %l %u %t "%r" %>s %b\'')
ConfigOpt = typer.Option(None, "--config", envvar="DETECTOR_CONFIG", help="detector.toml with settings and allowlists")
TimezoneOpt = typer.Option(None, "--timezone", help="site's IANA time zone for time-of-day features")


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _settings(config: Optional[Path], **overrides: object) -> Settings:
    try:
        return load_settings(config, **overrides)
    except ConfigError as exc:
        _fail(str(exc))
        raise  # unreachable


def _progress(total_bytes: int, quiet: bool) -> Progress:
    return Progress(
        TextColumn("[bold]reading"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    ) if total_bytes else Progress(disable=True)


def _alert_table(alerts: list, limit: int) -> Table:
    table = Table(title=f"{len(alerts)} alert(s), most certain first", show_lines=False, expand=True)
    for name, style in (("#", "dim"), ("severity", ""), ("kind", ""), ("who", "bold"), ("day", ""), ("score", ""), ("why (first reason)", "")):
        table.add_column(name, style=style, overflow="fold")
    colours = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
    for i, alert in enumerate(alerts[:limit], 1):
        who = alert.user or f"(no account) {alert.client_ips[0] if alert.client_ips else '?'}"
        table.add_row(
            str(i),
            f"[{colours[alert.severity]}]{alert.severity}[/]",
            alert.kind,
            who,
            alert.day,
            f"{alert.score:.2f}",
            alert.reasons[0] if alert.reasons else "",
        )
    return table


@app.command()
def scan(
    logs: list[Path] = typer.Argument(..., help="log files (plain or .gz), any supported format"),
    out_dir: Path = typer.Option(Path("scan-out"), "--out", help="directory for alerts.jsonl, sessions.csv, summary.json"),
    fmt: Optional[str] = FormatOpt,
    log_format: Optional[str] = LogFormatOpt,
    timezone: Optional[str] = TimezoneOpt,
    config: Optional[Path] = ConfigOpt,
    model_path: Optional[Path] = typer.Option(None, "--model", help="model file from `detector train`"),
    limit: int = typer.Option(25, help="alerts shown in the table"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar or table"),
    as_json: bool = typer.Option(False, "--json", help="print summary.json to stdout instead of the table"),
) -> None:
    """Scan access logs and write explained alerts.

    Example: detector scan access.log.1.gz access.log --out scan-out --timezone America/Los_Angeles
    """
    from detector.io.reader import LogReadError
    from detector.scan import run_scan
    from detector.train import ModelRefused, load_trained

    settings = _settings(config, input_format=fmt, log_format=log_format, timezone=timezone)
    model = None
    if model_path is not None:
        try:
            model = load_trained(model_path, settings)
        except ModelRefused as exc:
            _fail(str(exc))
    total = sum(p.stat().st_size for p in logs if p.is_file())
    try:
        with _progress(total, quiet or as_json) as bar:
            task = bar.add_task("read", total=total or None)
            result = run_scan(logs, settings, out_dir=out_dir, model=model, progress=lambda n: bar.advance(task, n))
    except LogReadError as exc:
        _fail(str(exc))
    summary = result.summary
    if as_json:
        out.print_json(json.dumps(summary, default=str))
        return
    if quiet:
        return
    rejected = summary.get("lines_rejected", 0)
    out.print(
        f"read {summary.get('lines_read', 0):,} lines from {len(summary.get('files', []))} file(s) "
        f"({', '.join(sorted(set(summary.get('formats', {}).values())))}); {rejected:,} rejected; "
        f"{summary['sessions']:,} sessions, {summary['accounts']:,} accounts in {summary['elapsed_seconds']:.1f} s",
        highlight=False,
    )
    for sample in summary.get("rejected_samples", [])[:3]:
        out.print(f"  rejected {sample['file']}:{sample['line_no']}: {sample['reason']}", highlight=False)
    for warning in summary.get("warnings", []):
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    out.print(_alert_table(result.analysis.alerts, limit))
    out.print(f"outputs in {out_dir}/ (alerts.jsonl, sessions.csv, summary.json)", highlight=False)


@app.command()
def train(
    logs: list[Path] = typer.Argument(..., help="baseline logs: what normal looks like here"),
    out_path: Path = typer.Option(..., "--out", help="model file to write, e.g. artifacts/site.joblib"),
    fmt: Optional[str] = FormatOpt,
    log_format: Optional[str] = LogFormatOpt,
    timezone: Optional[str] = TimezoneOpt,
    config: Optional[Path] = ConfigOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Fit peer baselines, the unsupervised ensemble and rules on baseline logs, and save them.

    Example: detector train last-month/*.gz --out artifacts/site.joblib
    """
    from detector.io.reader import LogReadError
    from detector.train import train_and_save

    settings = _settings(config, input_format=fmt, log_format=log_format, timezone=timezone)
    try:
        meta = train_and_save(logs, settings, out_path)
    except LogReadError as exc:
        _fail(str(exc))
    if not quiet:
        out.print(f"model written to {out_path} ({meta['units']})", highlight=False)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
