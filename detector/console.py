"""What the command line prints: escaped log text, one-line errors, the progress bar and the scan's report.

Log lines are attacker-controlled (a user name, a user agent): everything
taken from them is shown with control characters made visible and rich
markup escaped, so it can neither drive the terminal nor break the output.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

err = Console(stderr=True)
# a pipe or a CI log is not 80 columns wide: give the alert table room for its reasons
out = Console(width=None if sys.stdout.isatty() else 160)

# C0 and C1 control characters, DEL, and the bidirectional overrides that reorder what a terminal shows
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: object) -> str:
    """``value`` as text with every control character shown as ``\\xNN`` (or ``\\uNNNN``).

    Log lines are attacker-controlled: an escape sequence in a user name must
    not reach the terminal (colours, window titles, cursor moves).
    """
    return UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                           str(value))


def safe(value: object) -> str:
    """Log-derived (or user-given) text to embed in a rich markup string: printable and markup-escaped."""
    return escape(printable(value))


def cell(value: object, style: str = "") -> Text:
    """A table cell that is never read as markup, with control characters made visible."""
    return Text(printable(value), style=style)


def fail(message: object, code: int = 2) -> None:
    """Print ``error: message`` on one line (escaped: messages quote file and rule names) and exit."""
    text = printable(" ".join(str(message).split()))
    err.print(f"[bold red]error:[/] {escape(text)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def warn(message: object) -> None:
    err.print(f"[yellow]warning:[/] {safe(message)}", highlight=False, soft_wrap=True)


def print_json(data: object) -> None:
    """Print JSON to stdout: every non-ASCII and control character \\u-escaped, so none reaches the terminal raw."""
    out.print_json(json.dumps(data, default=str), ensure_ascii=True)


def os_problem(exc: OSError) -> str:
    """An ``OSError`` in one line: the file it concerns and the system's reason."""
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def read_progress(total_bytes: int, quiet: bool) -> Progress:
    return Progress(
        TextColumn("[bold]reading"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    ) if total_bytes else Progress(disable=True)


def alert_table(alerts: list, limit: int) -> Table:
    table = Table(title=f"{len(alerts)} alert(s), most certain first", show_lines=False, expand=True)
    for name, style in (("#", "dim"), ("severity", ""), ("kind", ""), ("who", "bold"), ("day", ""), ("score", ""), ("why (first reason)", "")):
        table.add_column(name, style=style, overflow="fold")
    colours = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
    for i, alert in enumerate(alerts[:limit], 1):
        who = alert.user or f"(no account) {alert.client_ips[0] if alert.client_ips else '?'}"
        if alert.user and alert.other_accounts:
            who += f" (also signed as {', '.join(alert.other_accounts[:2])})"
        table.add_row(
            str(i),
            cell(alert.severity, colours.get(alert.severity, "")),
            cell(alert.kind),
            cell(who),
            cell(alert.day),
            f"{alert.score:.2f}",
            cell(alert.reasons[0] if alert.reasons else ""),
        )
    return table


def summary_line(summary: dict) -> str:
    """The first line of a scan's report: lines, files, formats, rejections, sessions, time (escaped)."""
    formats = ", ".join(sorted(set(summary.get("formats", {}).values())))
    return (
        f"read {summary.get('lines_read', 0):,} lines from {len(summary.get('files', []))} file(s)"
        f"{f' ({formats})' if formats else ''}; {summary.get('lines_rejected', 0):,} rejected; "
        f"{summary['sessions']:,} sessions, {summary['accounts']:,} accounts in {summary['elapsed_seconds']:.1f} s"
    )


def print_scan(result, out_dir: Path, limit: int) -> None:
    """The console report of a finished scan: summary line, rejected samples, warnings, alert table."""
    summary = result.summary
    out.print(safe(summary_line(summary)), highlight=False)
    for sample in summary.get("rejected_samples", [])[:3]:
        out.print(f"  rejected {safe(sample['file'])}:{safe(sample['line_no'])}: {safe(sample['reason'])}", highlight=False)
    for warning in summary.get("warnings", []):
        warn(warning)
    if result.analysis.alerts:
        out.print(alert_table(result.analysis.alerts, limit))
    else:
        out.print("no alerts: nothing in these logs matched a rule", highlight=False)
    if summary.get("suppressed"):
        out.print(f"{len(summary['suppressed'])} alert(s) suppressed by allowlists (see summary.json)", highlight=False)
    where = safe(out_dir)
    out.print(f"outputs in {where}/: alerts.jsonl, sessions.csv, summary.json and evidence for `detector report {where}`",
              highlight=False)


__all__ = ["alert_table", "cell", "err", "fail", "os_problem", "out", "print_json", "print_scan", "printable", "read_progress",
           "safe", "summary_line", "warn"]
