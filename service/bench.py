"""Benchmark of the live service: sustained ingest over HTTP and alert delay.

Usage::

    python -m service.bench [--lines 300000] [--batch 20000] [--clients 2] [--seed 11]
                            [--delay-step-minutes 15,5] [--live-speed 480] [--model-seed 12]

Generates a labelled log, starts ``detector serve`` on a free local port
(temporary SQLite database, background scoring on), posts the log in
batches from ``--clients`` concurrent clients (each takes every n-th batch,
in order), and reports:

* sustained ingest in lines/s (acknowledged lines over wall time, journal
  writes and the background analyses running meanwhile included), the
  analyses run meanwhile by mode, and the time of the final ``/v1/flush``;
* alert delay in *log* minutes, on a generated log (one day, 60 staff unless
  ``--delay-days`` / ``--delay-staff`` say otherwise), two ways:

  ``alert_delay`` (one entry per ``--delay-step-minutes``): the log is fed
  in steps of that much log time, each followed by ``POST
  /v1/flush?full=false`` — the analysis the background scorer runs every
  ``score_interval_minutes`` — and an alert's delay is the log time at the
  step where it first appeared minus its ``first_seen`` (granularity one
  step).  This measures what the detection needs, not how long analyses
  take.

  ``live`` (unless ``--live-speed 0``): the log is replayed in real time sped
  up ``--live-speed`` times, the background scorer deciding when to analyse
  (``score_interval_minutes`` of log time; its wall-clock throttle scaled
  down by the same factor), and the alerts polled as they come: an alert's
  delay is the newest log time fed when it was first seen minus its
  ``first_seen``.  Analyses that take longer delay alerts here, so it is run
  twice: ``incremental`` (the default engine) and ``full`` (every analysis
  re-runs the whole window and refits, as before incremental analysis).

  ``first_seen`` is the start of the alert's first session that day, which
  for an account-day alert can be the owner's own morning session, hours
  before the abuse: those delays are upper bounds.  ``from_abuse_start_*``
  measure instead from when the labelled abuse began (the generator's
  labels: a script's first request with its own user agent, a contractor's
  first request from their address, a rotating proxy's first request at its
  start hour, a generic account's or a stuffing address's first request),
  over the alerts about labelled subjects.

With ``--model-seed`` the delay phases serve a model trained on another
generated day (the deployment the issue describes) instead of fitting on the
window (``fit_mode="window"``, refitted every ``refit_minutes``).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import re
import secrets
import shutil
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

    def __init__(self, work: Path, name: str, env_extra: dict | None = None, model: Path | None = None) -> None:
        import httpx

        self.token = secrets.token_urlsafe(24)
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("DETECTOR_")}
        env.update(DETECTOR_API_TOKEN=self.token, DETECTOR_DATABASE_URL=f"sqlite:///{work / (name + '.db')}", PYTHONUNBUFFERED="1")
        repo = Path(__file__).resolve().parents[1]
        env["PYTHONPATH"] = str(repo) + os.pathsep + env.get("PYTHONPATH", "")
        env.update(env_extra or {})
        self.log = open(work / f"{name}.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "detector.cli", "serve", "--port", str(port), "--log-level", "warning",
             *(["--model", str(model)] if model is not None else [])],
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


def _delay_log(work: Path, args) -> list[str]:
    from sample_logs.generate import generate

    path = work / f"delay-{args.delay_days}d-{args.delay_staff}.log"
    if not path.exists():
        generate(path, path.with_suffix(".labels.json"), seed=args.seed, days=args.delay_days,
                 n_staff=args.delay_staff, fmt="combined")
    return path.read_text(encoding="utf-8").split("\n")[:-1]


_COMBINED = re.compile(r'^(\S+) \S+ (\S+) \[(\d\d/\w{3}/\d{4}):(\d\d):(\d\d):\d\d [^\]]*\] .* "([^"]*)"$')


def _abuse_starts(work: Path, args, lines: list[str]) -> dict[tuple[str, str], float]:
    """When each labelled abuse began, per subject and local day: ``{(subject, "YYYY-MM-DD"): unix time}``.

    From the generator's labels: a script's or headless browser's first request with its own user agent, a
    contractor's first request from the contractor's address, a rotating proxy's first request at or after its
    start hour, a generic account's first request, a credential-stuffing address's first request.  The subject
    is the account, or ``ip:`` and the address.
    """
    labels = json.loads((work / f"delay-{args.delay_days}d-{args.delay_staff}.labels.json").read_text())
    rules: dict[str, dict] = {u: v for u, v in labels["accounts"].items() if v["label"] != "benign"}
    stuffing = {ip: v for v in labels["sources"].values() if v["label"] != "benign" for ip in v["params"].get("ips", [])}
    starts: dict[tuple[str, str], float] = {}
    for line in lines:
        m = _COMBINED.match(line)
        if m is None:
            continue
        ip, user, date, hour, minute, agent = m.groups()
        if user in rules:
            params = rules[user]["params"]
            if "user_agent" in params and agent != params["user_agent"]:
                continue
            if "contractor_ip" in params and ip != params["contractor_ip"]:
                continue
            if "start_hour" in params and "user_agent" not in params and int(hour) + int(minute) / 60 < params["start_hour"]:
                continue
            subject = user
        elif ip in stuffing:
            subject = "ip:" + ip
        else:
            continue
        day = datetime.strptime(date, "%d/%b/%Y").strftime("%Y-%m-%d")
        starts.setdefault((subject, day), _log_time(line))
    return starts


def _from_abuse(noticed: dict[str, float], alerts: dict[str, dict], starts: dict) -> dict:
    """Delays from the labelled start of the abuse (alerts about labelled subjects only)."""
    delays = []
    for alert_id, when in noticed.items():
        alert = alerts.get(alert_id)
        if alert is None:
            continue
        subjects = [alert["user"]] if alert["user"] else ["ip:" + ip for ip in alert["client_ips"]]
        begun = [starts[(s, alert["day"])] for s in subjects if (s, alert["day"]) in starts]
        if begun:
            delays.append(max(0.0, when - min(begun)) / 60)
    delays.sort()
    return {
        "labelled_alerts": len(delays),
        "from_abuse_start_log_minutes_median": round(statistics.median(delays), 1) if delays else None,
        "from_abuse_start_log_minutes_p90": round(delays[int(0.9 * (len(delays) - 1))], 1) if delays else None,
        "from_abuse_start_log_minutes_max": round(delays[-1], 1) if delays else None,
    }


def _model(work: Path, args) -> Path | None:
    """With ``--model-seed``: a model trained (``detector train``) on another generated day, else None."""
    if args.model_seed is None:
        return None
    path = work / f"model-{args.model_seed}.joblib"
    if not path.exists():
        from detector.config import Settings
        from detector.train import train_and_save
        from sample_logs.generate import generate

        baseline = work / f"baseline-{args.model_seed}.log"
        generate(baseline, seed=args.model_seed, days=1, n_staff=60, fmt="combined", start="2026-09-07")
        train_and_save([baseline], Settings(), path)
    return path


def _all_alerts(client, headers) -> list[dict]:
    items, cursor = [], None
    while True:
        page = client.get("/v1/alerts", params={"limit": 1000, **({"cursor": cursor} if cursor else {})}, headers=headers).json()
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def _epoch(iso: str) -> float:
    return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()


def _delays(noticed: dict[str, float], started_at: dict[str, float], final: set[str]) -> dict:
    delays = sorted((noticed[a] - started_at[a]) / 60 for a in final if a in noticed)
    return {
        "alerts": len(final),
        "delay_log_minutes_median": round(statistics.median(delays), 1) if delays else None,
        "delay_log_minutes_p90": round(delays[int(0.9 * (len(delays) - 1))], 1) if delays else None,
        "delay_log_minutes_max": round(delays[-1], 1) if delays else None,
    }


def _scoring_runs(client) -> dict[str, float]:
    """``records_detector_scoring_runs_total`` by mode, from ``/metrics``."""
    from prometheus_client.parser import text_string_to_metric_families

    runs: dict[str, float] = {}
    for family in text_string_to_metric_families(client.get("/metrics").text):
        if family.name == "records_detector_scoring_runs":
            for sample in family.samples:
                if sample.name.endswith("_total"):
                    runs[sample.labels.get("mode", "all")] = sample.value
    return runs


def _delay_phase(work: Path, args, step_minutes: float) -> dict:
    """Feed a one-day log in steps of log time, analysing after each (as the background scorer does)."""
    import httpx

    lines = _delay_log(work, args)
    steps: list[tuple[float, list[str]]] = []
    step_s = step_minutes * 60
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
    server = _Server(work, f"delay-{step_minutes:g}", model=_model(work, args))
    noticed: dict[str, float] = {}
    started_at: dict[str, float] = {}
    durations: list[float] = []
    try:
        with httpx.Client(base_url=server.base, timeout=600) as client:
            t0 = time.perf_counter()
            for log_now, chunk in steps:
                if chunk:
                    client.post("/v1/ingest", content="\n".join(chunk) + "\n", headers=server.headers)
                scored = client.post("/v1/flush", params={"full": "false"}, headers=server.headers).json()
                durations.append(float(scored.get("duration_s", 0.0)))
                for alert in _all_alerts(client, server.headers):
                    if alert["alert_id"] not in noticed:
                        noticed[alert["alert_id"]] = log_now
                        started_at[alert["alert_id"]] = _epoch(alert["first_seen"])
            wall = time.perf_counter() - t0
            final_alerts = {a["alert_id"]: a for a in _all_alerts(client, server.headers)}
            final = set(final_alerts)
            runs = _scoring_runs(client)
    finally:
        server.stop()
    durations.sort()
    return {
        "log_lines": len(lines),
        "step_log_minutes": step_minutes,
        "steps": len(steps),
        "wall_seconds": round(wall, 1),
        **_delays(noticed, started_at, final),
        **_from_abuse(noticed, final_alerts, _abuse_starts(work, args, lines)),
        "analysis_seconds_median": round(statistics.median(durations), 3) if durations else None,
        "analysis_seconds_max": round(durations[-1], 3) if durations else None,
        "scoring_runs": runs,
        "note": "delay = log time when the alert first appeared minus its first_seen; includes up to one step of granularity",
    }


def _live_phase(work: Path, args, incremental: bool) -> dict:
    """Replay a one-day log sped up ``args.live_speed`` times; the background scorer decides when to analyse."""
    import httpx

    lines = _delay_log(work, args)
    times = [_log_time(line) for line in lines]
    known = [t for t in times if t is not None]
    start = known[0]
    speed = float(args.live_speed)
    env = {
        # the background scorer's wall-clock throttle, scaled down like the log's pace
        "DETECTOR_MIN_RESCORE_SECONDS": f"{5.0 / speed:.4f}",
        "DETECTOR_SCORE_INTERVAL_MINUTES": str(args.live_interval_minutes),
    }
    if not incremental:  # the engine before incremental analysis: whole window, refitted, at every analysis
        env.update(DETECTOR_INCREMENTAL="false", DETECTOR_REFIT_MINUTES="0")
    server = _Server(work, "live-incremental" if incremental else "live-full", env, model=_model(work, args))
    noticed: dict[str, float] = {}
    started_at: dict[str, float] = {}
    fed = 0
    try:
        with httpx.Client(base_url=server.base, timeout=600) as client:
            t0 = time.perf_counter()
            log_now = start
            while fed < len(lines):
                log_now = start + (time.perf_counter() - t0) * speed
                upto = fed
                while upto < len(lines) and (times[upto] is None or times[upto] <= log_now):
                    upto += 1
                if upto > fed:
                    client.post("/v1/ingest", content="\n".join(lines[fed:upto]) + "\n", headers=server.headers)
                    fed = upto
                newest = max((t for t in times[max(fed - 50, 0):fed] if t is not None), default=start)
                for alert in _all_alerts(client, server.headers):
                    if alert["alert_id"] not in noticed:
                        noticed[alert["alert_id"]] = newest
                        started_at[alert["alert_id"]] = _epoch(alert["first_seen"])
                time.sleep(max(0.0, args.live_poll_seconds - ((time.perf_counter() - t0) % args.live_poll_seconds)))
            wall = time.perf_counter() - t0
            client.post("/v1/flush", params={"full": "false"}, headers=server.headers)
            final_alerts = {a["alert_id"]: a for a in _all_alerts(client, server.headers)}
            final = set(final_alerts)
            health = client.get("/healthz").json()["engine"]
            runs = _scoring_runs(client)
    finally:
        server.stop()
    return {
        "mode": "incremental" if incremental else "full",
        "speed": speed,
        "log_lines": len(lines),
        "wall_seconds": round(wall, 1),
        **_delays(noticed, started_at, final),
        **_from_abuse(noticed, final_alerts, _abuse_starts(work, args, lines)),
        "scoring_runs": runs,
        "last_analysis_seconds": (health.get("last_scoring") or {}).get("duration_s"),
        "note": "alerts seen only at the final flush are not counted",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=300_000)
    ap.add_argument("--batch", type=int, default=20_000)
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--delay-step-minutes", default="15,5",
                    help="alert-delay phase: log minutes per step, each followed by an analysis; comma-separated "
                    "for several runs (0 skips the phase)")
    ap.add_argument("--live-speed", type=float, default=480.0,
                    help="live phase: replay the log this many times faster than real time (0 skips the phase)")
    ap.add_argument("--live-interval-minutes", type=float, default=5.0,
                    help="live phase: the servers' score_interval_minutes")
    ap.add_argument("--live-poll-seconds", type=float, default=0.25, help="live phase: how often alerts are read")
    ap.add_argument("--delay-days", type=int, default=1, help="alert-delay phases: days of log generated")
    ap.add_argument("--delay-staff", type=int, default=60, help="alert-delay phases: staff in the generated world")
    ap.add_argument("--model-seed", type=int, default=None,
                    help="alert-delay phases: serve a model trained on another generated day with this seed "
                    "(`detector train`) instead of fitting on the window")
    ap.add_argument("--skip-throughput", action="store_true", help="only the alert-delay phases")
    ap.add_argument("--keep", action="store_true", help="keep the generated logs, databases and server logs")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="detector-bench-"))
    report: dict = {}
    try:
        if not args.skip_throughput:
            report.update(_throughput_phase(work, args))
        steps = [float(x) for x in str(args.delay_step_minutes).split(",") if x.strip()]
        runs = [_delay_phase(work, args, step) for step in steps if step > 0]
        if runs:
            report["alert_delay"] = runs
        if args.live_speed > 0:
            report["live"] = [_live_phase(work, args, incremental=True), _live_phase(work, args, incremental=False)]
    finally:
        if args.keep:
            print(f"logs, databases and server logs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2))
    return 0


def _throughput_phase(work: Path, args) -> dict:
    import httpx

    from sample_logs.generate import generate

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
            during = _scoring_runs(client)
            t0 = time.perf_counter()
            flushed = client.post("/v1/flush", headers=headers).json()
            flush_s = time.perf_counter() - t0
            final = {a["alert_id"] for a in _all_alerts(client, headers)}
            return {
                "lines": len(lines),
                "accepted": accepted,
                "clients": args.clients,
                "batch_lines": args.batch,
                "ingest_seconds": round(ingest_s, 2),
                "ingest_lines_per_second": round(accepted / ingest_s, 1),
                "analyses_during_ingest": during,
                "flush_seconds": round(flush_s, 2),
                "alerts_final": len(final),
                "scoring": flushed,
                "goal_lines_per_second": 50_000,
            }
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
