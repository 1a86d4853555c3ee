"""``detector serve`` and ``detector tail``: the command line of the live service.

Thin adapters like the rest of :mod:`detector.cli` (whose ``app`` they are
registered on): they build the service's settings and call
:mod:`service.app`, :mod:`detector.stream` and :mod:`detector.tail`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from detector.cli import LOG_LEVELS, ConfigOpt, TimezoneOpt, app, check_rules_or_fail, load_model_or_fail
from detector.config import ConfigError, Settings
from detector.console import fail, out, print_json, warn
from detector.preflight import check_service_url


def _service_settings(config: Optional[Path], **overrides: object):
    from service.config import load_service_settings

    try:
        return load_service_settings(config, **overrides)
    except ConfigError as exc:
        fail(str(exc))
        raise  # unreachable


def _service_model(model_path: Optional[Path], settings: Settings):
    if model_path is None:
        return None, ""
    from service.app import model_file_version

    model = load_model_or_fail(model_path, settings)
    return model, model_file_version(model_path)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port (1-65535)"),
    config: Optional[Path] = ConfigOpt,
    model_path: Optional[Path] = typer.Option(None, "--model", help="model file from `detector train` (default: fit on the window)"),
    database_url: Optional[str] = typer.Option(None, "--database-url", help="SQLAlchemy URL (default sqlite:///detector.db)"),
    timezone: Optional[str] = TimezoneOpt,
    insecure_no_auth: bool = typer.Option(False, "--insecure-no-auth", help="run without an API token (no /v1 authentication)"),
    log_level: str = typer.Option("info", help=f"uvicorn log level: {' | '.join(LOG_LEVELS)}"),
) -> None:
    """Run the live service (ingest, alerts API, /metrics) under uvicorn.

    The API token comes from DETECTOR_API_TOKEN or the config file; without one the
    service refuses to start unless --insecure-no-auth is given.

    Example: DETECTOR_API_TOKEN=... detector serve --port 8000 --model artifacts/site.joblib
    """
    import logging

    if log_level.lower() not in LOG_LEVELS:
        fail(f"--log-level must be one of {', '.join(LOG_LEVELS)}; got {log_level!r}")
    log_level = log_level.lower()
    import uvicorn  # registers the TRACE level with logging

    from service.app import create_app
    from service.store import StoreError

    settings = _service_settings(
        config, database_url=database_url, timezone=timezone, insecure_no_auth=True if insecure_no_auth else None
    )
    check_rules_or_fail(settings)
    model, version = _service_model(model_path, settings)
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        api = create_app(settings, model=model, model_version=version)
    except (ConfigError, StoreError) as exc:
        fail(str(exc))
    if not settings.tokens():
        warn("running WITHOUT authentication (--insecure-no-auth)")
    # uvicorn's access log would print query strings (account names): the app logs routes itself
    uvicorn.run(api, host=host, port=port, log_level=log_level, access_log=False, timeout_graceful_shutdown=30)


@app.command()
def tail(
    files: list[Path] = typer.Argument(..., help="plain-text log files to follow (through rotation, like tail -F); "
                                       "compressed rotated logs (.gz) are read by `detector scan`, not followed"),
    url: Optional[str] = typer.Option(None, "--url", help="service to post to, e.g. http://127.0.0.1:8000 (default: in-process engine)"),
    config: Optional[Path] = ConfigOpt,
    database_url: Optional[str] = typer.Option(None, "--database-url", help="where checkpoints (and, in-process, alerts) are kept"),
    model_path: Optional[Path] = typer.Option(None, "--model", help="in-process only: model file from `detector train`"),
    from_end: bool = typer.Option(False, "--from-end", help="without a checkpoint, start at the end of each file"),
    once: bool = typer.Option(False, "--once", help="read what is there, flush, and exit; a service that stays "
                              "unreachable fails the run after a few retries (about 16 s)"),
    poll: float = typer.Option(0.5, min=0.01, help="seconds between polls when idle"),
    batch_lines: int = typer.Option(5000, min=1, help="lines per batch"),
) -> None:
    """Follow live log files and feed the detector, resuming from saved checkpoints.

    A file that does not exist yet is followed once created (with --once it is skipped with a warning, and it is an
    error when none exists).

    Example: DETECTOR_API_TOKEN=... detector tail /var/log/nginx/access.log --url http://127.0.0.1:8000
    """
    import logging

    from detector.tail import EngineSink, HttpSink, TailError, follow
    from service.store import Store, StoreError

    for path in files:
        if path.is_dir():
            fail(f"{path} is a directory: give the log files in it (e.g. {path}/*.log)")
    if url:
        try:
            check_service_url(url)
        except ConfigError as exc:
            fail(str(exc))
    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = _service_settings(config, database_url=database_url)
    if not url:
        check_rules_or_fail(settings)
    try:
        store = Store(settings.database_url)
    except StoreError as exc:
        fail(str(exc))
    if url:
        sink = HttpSink(url, settings.api_token)
    else:
        from detector.stream import StreamEngine

        model, version = _service_model(model_path, settings)
        engine = StreamEngine(settings, model=model, store=store, model_version=version)
        engine.replay()
        sink = EngineSink(engine)
    try:
        stats = follow(files, sink, store, once=once, poll_interval=poll, batch_lines=batch_lines, from_end=from_end)
        if once:
            flushed = sink.flush() if isinstance(sink, HttpSink) else (sink.close() or {})
            out.print(f"followed {len(files)} file(s): {stats.lines:,} lines, {stats.accepted:,} accepted, {stats.rejected:,} rejected", highlight=False)
            if flushed:
                print_json(flushed)
    except TailError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        if not url:
            sink.close()
        raise
