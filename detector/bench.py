"""``python -m detector.bench``: end-to-end scan speed and memory, next to GoAccess.

For each size it generates a combined log with the labelled generator
(``python -m sample_logs.generate --lines N``) into ``bench/`` (kept out of
git; an existing log of that size is reused), runs ``detector scan`` on it as
a separate process, and, when ``goaccess`` is on the ``PATH``, runs
``goaccess FILE --log-format=COMBINED -o report.json`` on the same file in
the same run.  Wall time comes from the parent's clock.  Peak memory is the
highest total over the child *and its worker processes* of their
proportional set size (``Pss`` in ``/proc/PID/smaps_rollup``: pages shared
between forked workers are counted once), sampled every
:data:`SAMPLE_SECONDS`, and never less than the child's own peak resident
memory (``wait4``), which is exact.  The table is printed and
written into ``BENCHMARKS.md`` (between generated-section markers, so the
notes around it stay) with the command, the date and the machine.

Speed is measured here, never by a test: timings depend on the machine and
on what else it is doing, which the report states (cores, load average).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SIZES = (2_000_000, 10_000_000)
QUICK_SIZES = (200_000,)
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


#: How often the memory of the child's process tree is sampled.
SAMPLE_SECONDS = 0.05


@dataclass
class Run:
    """One timed child process.

    ``peak_rss_bytes`` is the peak memory of the child and its descendants
    (see the module docstring); ``processes`` the most processes seen at once.
    """

    seconds: float
    peak_rss_bytes: int
    returncode: int
    processes: int = 1


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids of every process visible in ``/proc``."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss_bytes(pid: int) -> int:
    """Proportional set size of one process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def tree_memory(pid: int) -> tuple[int, int]:
    """Total proportional set size of ``pid`` and all its descendants, and how many processes that is."""
    tree = _children()
    todo, total, count = [pid], 0, 0
    while todo:
        current = todo.pop()
        total += _pss_bytes(current)
        count += 1
        todo.extend(tree.get(current, []))
    return total, count


class _TreeSampler(threading.Thread):
    """Samples :func:`tree_memory` of a process until stopped; keeps the peaks."""

    def __init__(self, pid: int):
        super().__init__(name="memory-sampler", daemon=True)
        self.pid, self.peak, self.processes = pid, 0, 1
        self.done = threading.Event()

    def run(self) -> None:
        if not os.path.exists("/proc/self/smaps_rollup"):
            return
        while not self.done.wait(SAMPLE_SECONDS):
            total, count = tree_memory(self.pid)
            self.peak = max(self.peak, total)
            self.processes = max(self.processes, count)


@dataclass
class Row:
    """One size: the log, the scan and (when installed) GoAccess on it."""

    target: int
    lines: int
    scan: Run
    goaccess: Run | None
    engine: str = "?"

    @property
    def lines_per_second(self) -> float:
        return self.lines / max(self.scan.seconds, 1e-9)

    @property
    def goaccess_lines_per_second(self) -> float | None:
        return self.lines / max(self.goaccess.seconds, 1e-9) if self.goaccess else None


def timed(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run ``cmd`` (output discarded) and return its wall time and peak resident memory.

    Parameters
    ----------
    cmd : list of str
        The command.
    cwd : Path, optional
        Working directory.

    Returns
    -------
    Run
    """
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    sampler = _TreeSampler(proc.pid)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        print(f"  {' '.join(cmd[:4])} ... exited {proc.returncode}: {' | '.join(tail)}", file=sys.stderr)
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return Run(seconds, max(int(usage.ru_maxrss) * scale, sampler.peak), proc.returncode, sampler.processes)


def count_lines(path: Path) -> int:
    """Physical lines in a file."""
    n = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 24):
            n += block.count(b"\n")
    return n


def ensure_log(size: int, out_dir: Path) -> Path:
    """The generated combined log of about ``size`` lines (generated when missing)."""
    path = out_dir / f"access-{size}.log"
    if not path.exists() or path.stat().st_size == 0:
        print(f"generating {path} ({size:,} lines) ...", flush=True)
        tmp = path.with_suffix(".tmp")
        subprocess.run([sys.executable, "-m", "sample_logs.generate", "--lines", str(size), "--out", str(tmp)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tmp.replace(path)
    return path


def bench_size(size: int, out_dir: Path, goaccess: str | None) -> Row:
    """Generate (or reuse) one log, scan it, run GoAccess on it."""
    log = ensure_log(size, out_dir)
    lines = count_lines(log)
    scan_dir = out_dir / f"scan-{size}"
    print(f"scanning {log} ({lines:,} lines) ...", flush=True)
    scan = timed([sys.executable, "-m", "detector.cli", "scan", str(log), "--out", str(scan_dir)])
    summary = scan_dir / "summary.json"
    engine = "?"
    if scan.returncode == 0 and summary.exists():
        written = json.loads(summary.read_text())
        lines = int(written.get("lines_read", lines))
        engine = f"{written.get('engine', '?')} ({written.get('partitions', 1)})"
    ga = None
    if goaccess:
        print(f"goaccess on {log} ...", flush=True)
        ga = timed([goaccess, str(log), "--log-format=COMBINED", "-o", str(out_dir / f"goaccess-{size}.json")])
    return Row(size, lines, scan, ga, engine)


def _gib(n: int) -> str:
    return f"{n / 2**30:.2f} GiB"


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    out = ["| lines | engine (partitions) | detector scan | lines/s | peak memory (processes) | GoAccess | "
           "GoAccess lines/s | GoAccess peak memory | scan ÷ GoAccess (lines/s) |",
           "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        failed = " (failed)" if r.scan.returncode else ""
        if r.goaccess is not None:
            ga = (f"{r.goaccess.seconds:.1f} s", f"{r.goaccess_lines_per_second:,.0f}", _gib(r.goaccess.peak_rss_bytes),
                  f"{r.lines_per_second / r.goaccess_lines_per_second:.2f}×")
        else:
            ga = ("not installed", "—", "—", "—")
        out.append(f"| {r.lines:,} | {r.engine} | {r.scan.seconds:.1f} s{failed} | {r.lines_per_second:,.0f} | "
                   f"{_gib(r.scan.peak_rss_bytes)} ({r.scan.processes}) | {ga[0]} | {ga[1]} | {ga[2]} | {ga[3]} |")
    return "\n".join(out)


def machine() -> str:
    """Cores, CPU model and load average, for the record."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "n/a"
    return f"{os.cpu_count()} cores ({model}), load average before the run {load} (1/5/15 min)"


def write_markdown(path: Path, command: str, rows: list[Row], host: str) -> None:
    """Put the table into ``path`` between the generated-section markers (created if missing)."""
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join([
        START,
        f"Latest run: `{command}` on {when}, {host}.",
        "",
        table(rows),
        END,
    ])
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m detector.bench``."""
    parser = argparse.ArgumentParser(prog="python -m detector.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated line counts (default: 2000000,10000000)")
    parser.add_argument("--quick", action="store_true", help="one 200,000-line log only")
    parser.add_argument("--out-dir", default="bench", help="where logs and scan outputs go (default: bench/)")
    parser.add_argument("--markdown", default="BENCHMARKS.md", help="file the table is written into ('' for none)")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else tuple(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    goaccess = shutil.which("goaccess")
    if goaccess is None:
        print("goaccess not installed (apt-get install goaccess): its columns stay empty", file=sys.stderr)
    host = machine()
    rows = [bench_size(size, out_dir, goaccess) for size in sizes]
    print(table(rows))
    if args.markdown:
        command = "python -m detector.bench" + (" --quick" if args.quick else f" --sizes {','.join(map(str, sizes))}")
        write_markdown(Path(args.markdown), command, rows, host)
        print(f"written to {args.markdown}")
    return 0 if all(r.scan.returncode == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
