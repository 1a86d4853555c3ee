"""Benchmark of the live service: sustained ingest over HTTP and alert delay.

Usage::

    python -m service.bench [--lines 300000] [--batch 20000] [--clients 2] [--seed 11]

Generates a labelled log, starts ``detector serve`` on a free local port
(temporary SQLite database, background scoring on), posts the log in
batches from ``--clients`` concurrent clients (each takes every n-th batch,
in order), and reports:

* sustained ingest in lines/s (acknowledged lines over wall time, journal
  writes included), and the time of the final ``/v1/flush``;
* alert delay in *log* minutes (second server, one-day log): the log is fed
  in steps of ``--delay-step-minutes`` of log time, each followed by an
  analysis (what the background scorer does every ``score_interval_minutes``);
  for every final alert, the log time at the step where it first appeared
  minus its ``first_seen`` (how much log time the detector needed to notice,
  granularity one step).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_time(line: str) -> float | None:
    start = line.find("[")
    if start < 0:
        return None
    try:
        return datetime.strptime(line[start + 1 : start + 27], "%d/%b/%Y:%H:%M:%S %z").timestamp()
    except ValueError:
        return None


class _Server:
    """``detector serve`` on a free port with a temporary SQLite database."""

    def __init__(self, work: Path, name: str) -> None:
        import httpx

        self.token = secrets.token_urlsafe(24)
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("DETECTOR_")}
        env.update(DETECTOR_API_TOKEN=self.token, DETECTOR_DATABASE_URL=f"sqlite:///{work / (name + '.db')}", PYTHONUNBUFFERED="1")
        repo = Path(__file__).resolve().parents[1]
        env["PYTHONPATH"] = str(repo) + os.pathsep + env.get("PYTHONPATH", "")
        self.log = open(work / f"{name}.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "detector.cli", "serve", "--port", str(port), "--log-level", "warning"],
            cwd=repo, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "text/plain"}
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit(f"server did not start; see {work / (name + '.log')}")
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def _delay_phase(work: Path, args) -> dict:
    """Feed a one-day log in steps of log time, analysing after each (as the background scorer does)."""
    import httpx

    from sample_logs.generate import generate

    path = work / "delay.log"
    generate(path, seed=args.seed, days=1, n_staff=60, fmt="combined")
    lines = path.read_text(encoding="utf-8").split("\n")[:-1]
    steps: list[tuple[float, list[str]]] = []
    step_s = args.delay_step_minutes * 60
    boundary, current = None, []
    for line in lines:
        t = _log_time(line)
        if t is not None:
            if boundary is None:
                boundary = t + step_s
            if t >= boundary:
                steps.append((boundary, current))
                current = []
                while t >= boundary:
                    boundary += step_s
        current.append(line)
    steps.append((boundary or 0.0, current))
    server = _Server(work, "delay")
    noticed: dict[str, float] = {}
    started_at: dict[str, float] = {}
    try:
        with httpx.Client(base_url=server.base, timeout=600) as client:
            t0 = time.perf_counter()
            for log_now, chunk in steps:
                if chunk:
                    client.post("/v1/ingest", content="\n".join(chunk) + "\n", headers=server.headers)
                client.post("/v1/flush", headers=server.headers)
                cursor = None
                while True:
                    page = client.get("/v1/alerts", params={"limit": 1000, **({"cursor": cursor} if cursor else {})},
                                      headers=server.headers).json()
                    for alert in page["items"]:
                        if alert["alert_id"] not in noticed:
                            noticed[alert["alert_id"]] = log_now
                            started_at[alert["alert_id"]] = datetime.strptime(
                                alert["first_seen"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
                    cursor = page.get("next_cursor")
                    if not cursor:
                        break
            wall = time.perf_counter() - t0
            final = {a["alert_id"] for a in client.get("/v1/alerts", params={"limit": 1000}, headers=server.headers).json()["items"]}
    finally:
        server.stop()
    delays = sorted((noticed[a] - started_at[a]) / 60 for a in final if a in noticed)
    return {
        "log_lines": len(lines),
        "step_log_minutes": args.delay_step_minutes,
        "steps": len(steps),
        "wall_seconds": round(wall, 1),
        "alerts": len(final),
        "delay_log_minutes_median": round(statistics.median(delays), 1) if delays else None,
        "delay_log_minutes_p90": round(delays[int(0.9 * (len(delays) - 1))], 1) if delays else None,
        "delay_log_minutes_max": round(delays[-1], 1) if delays else None,
        "note": "delay = log time when the alert first appeared minus its first_seen; includes up to one step of granularity",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=300_000)
    ap.add_argument("--batch", type=int, default=20_000)
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--delay-step-minutes", type=float, default=15.0,
                    help="alert-delay phase: log minutes per step, each followed by an analysis (0 skips the phase)")
    args = ap.parse_args(argv)

    import httpx

    from sample_logs.generate import generate

    work = Path(tempfile.mkdtemp(prefix="detector-bench-"))
    log_path = work / "access.log"
    generate(log_path, seed=args.seed, lines=args.lines, fmt="combined")
    lines = log_path.read_text(encoding="utf-8").split("\n")[:-1]
    batches = ["\n".join(lines[i : i + args.batch]) + "\n" for i in range(0, len(lines), args.batch)]
    server = _Server(work, "throughput")
    headers, base = server.headers, server.base
    try:
        with httpx.Client(base_url=base, timeout=600) as client:
            def worker(k: int) -> int:
                accepted = 0
                with httpx.Client(base_url=base, timeout=600) as c:
                    for i in range(k, len(batches), args.clients):
                        resp = c.post("/v1/ingest", content=batches[i], headers=headers)
                        resp.raise_for_status()
                        accepted += resp.json()["accepted"]
                return accepted

            started = time.perf_counter()
            with cf.ThreadPoolExecutor(args.clients) as pool:
                futures = [pool.submit(worker, k) for k in range(args.clients)]
                accepted = sum(f.result() for f in futures)
            ingest_s = time.perf_counter() - started
            t0 = time.perf_counter()
            flushed = client.post("/v1/flush", headers=headers).json()
            flush_s = time.perf_counter() - t0
            final = set()
            cursor = None
            while True:
                page = client.get("/v1/alerts", params={"limit": 1000, **({"cursor": cursor} if cursor else {})}, headers=headers).json()
                final.update(a["alert_id"] for a in page["items"])
                cursor = page.get("next_cursor")
                if not cursor:
                    break
            report = {
                "lines": len(lines),
                "accepted": accepted,
                "clients": args.clients,
                "batch_lines": args.batch,
                "ingest_seconds": round(ingest_s, 2),
                "ingest_lines_per_second": round(accepted / ingest_s, 1),
                "flush_seconds": round(flush_s, 2),
                "alerts_final": len(final),
                "scoring": flushed,
                "goal_lines_per_second": 50_000,
            }
    finally:
        server.stop()
    if args.delay_step_minutes > 0:
        report["alert_delay"] = _delay_phase(work, args)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
