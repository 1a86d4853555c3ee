"""One settings object for the whole detector.

:class:`Settings` gathers every tunable in one place.  The CLI and the service
build it (from flags, a TOML file, or ``DETECTOR_``-prefixed environment
variables) and pass it down; library code never reads the environment.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_GENERIC_PATTERNS: list[str] = [
    r"^(admin|administrator|data|office|front\.?office|main\.?office|reception|records?|sync|shared?|noreply|no-reply|"
    r"info|team|staff|"
    r"service|svc|api|integration|vendor|import|export|report(s|ing)?|sis|registrar|enroll(ment)?|"
    r"front\.?desk|attendance|counsel(or|ing)|general|test|temp|guest|it|helpdesk|support)[._\-0-9]",
    r"^(admin|data|office|records|shared|noreply|sync|sis|registrar|frontdesk|attendance|guest|test)@",
    r"[._\-](admin|data|office|records|shared|sync|team|dept|svc|service|integration)@",
    # a role and nothing else: frontoffice, registrar@..., DISTRICT\attendance (the domain is set aside)
    r"^(front\.?office|front\.?desk|main\.?office|office|admin(istrator)?|registrar|records|attendance|enrollment|"
    r"counsel(or|ing)|guidance|reception|nurse|library|data|staff|shared|guest|test|temp|sis|helpdesk|support)(@|$)",
]
#: Names of service accounts: an account for a machine (an integration, a sync, a report feed), not for a person,
#: by the usual conventions: ``svc-rostersync``, ``svc_canvas_sync``, ``sis-api@...``, ``etl.batch``, and Active
#: Directory's computer accounts (``DISTRICT\\WEB01$``).  Scripts are what such an account is for: scraping alerts
#: on one are suppressed (reported with the reason), the generic-account rules leave it to
#: ``sharing-service-account-used-by-people`` (a person signing in with it), and it is never a generic login.
DEFAULT_SERVICE_PATTERNS: list[str] = [
    # ``api:attendance-sync``: how an app names the caller of an API key
    r"^(svc|srv|service|integration|api|apikey|api-key|sync|system|bot|batch|etl|daemon)[._\-0-9:]",
    r"[._\-](svc|service|integration|api|sync|bot|etl)(@|$)",
    r"\$$",
]
def matching_pattern(name: str, patterns: list[re.Pattern]) -> re.Pattern | None:
    """The first of ``patterns`` (generic or service account names) that finds ``name``, or None.

    A Windows account (``DISTRICT\\frontoffice``) is judged by its name after the domain as well.
    """
    short = name.rpartition("\\")[2]
    return next((p for p in patterns if p.search(name) or p.search(short)), None)


#: Transports a Dask scheduler address may name (``tcp://host:8786``; no scheme means tcp).
SCHEDULER_SCHEMES: tuple[str, ...] = ("tcp", "tls", "ws", "wss", "ucx")
#: Input formats a ``log_format`` string may be combined with: both are Apache formats.
LOG_FORMAT_COMPATIBLE: tuple[str, ...] = ("combined", "common")


class AllowEntry(BaseModel):
    """One allowlist entry: what it matches and why it is allowed.

    Attributes
    ----------
    value : str
        Account name (exact), CIDR, user-agent regex or path regex, by list.
    reason : str
        Shown whenever the entry suppresses an alert.
    """

    value: str
    reason: str


class Allowlists(BaseModel):
    """Allowlists by account, network, user agent and path."""

    accounts: list[AllowEntry] = Field(default_factory=list)
    cidrs: list[AllowEntry] = Field(default_factory=list)
    user_agents: list[AllowEntry] = Field(default_factory=list)
    paths: list[AllowEntry] = Field(default_factory=list)

    @field_validator("cidrs")
    @classmethod
    def _cidrs_parse(cls, entries: list[AllowEntry]) -> list[AllowEntry]:
        for entry in entries:
            try:
                ipaddress.ip_network(entry.value, strict=False)
            except ValueError as exc:
                raise ValueError(f"allowlists.cidrs: {entry.value!r} is not a network ({exc})") from None
        return entries

    @field_validator("user_agents", "paths")
    @classmethod
    def _regex_compiles(cls, entries: list[AllowEntry]) -> list[AllowEntry]:
        for entry in entries:
            try:
                re.compile(entry.value)
            except re.error as exc:
                raise ValueError(f"{entry.value!r} is not a valid regular expression ({exc})") from None
        return entries


class Settings(BaseSettings):
    """Every setting of the detector, with its default.

    Environment variables use the ``DETECTOR_`` prefix (e.g.
    ``DETECTOR_SESSION_GAP_MINUTES``); a TOML file is read by
    :func:`load_settings`.
    """

    model_config = SettingsConfigDict(env_prefix="DETECTOR_", extra="forbid")

    # sessions
    session_gap_minutes: float = Field(30.0, gt=0, description="inactivity gap that ends a session")
    session_window_minutes: float = Field(60.0, gt=0, description="long sessions are also scored per window")
    timezone: str | None = Field(None, description="IANA zone for time-of-day features (else line offset, else UTC)")

    # models and deciding
    contamination: float = Field(0.02, gt=0, lt=0.5, description="expected share of anomalous units")
    threshold_method: Literal["contamination", "tail"] = "tail"
    tail_k: float = Field(4.0, gt=0, description="robust tail rule: median + k * MAD of training scores")
    min_alert_score: float = Field(0.5, ge=0, le=1, description="alerts below this 0-1 score are dropped")
    pyod_detector: str = Field("ECOD", description="PyOD detector combined with the isolation forest")
    random_state: int = 0
    fit_sample_size: int | None = Field(
        20_000, ge=20, description="units per level the unsupervised models are fitted on, at most (a seeded sample); None = all"
    )
    rules_file: Path | None = Field(None, description="rule file; None = the packaged default")
    generic_account_patterns: list[str] = Field(default_factory=lambda: list(DEFAULT_GENERIC_PATTERNS))
    service_account_patterns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_SERVICE_PATTERNS),
        description="account names of machines (integrations, syncs): scraping alerts on them are suppressed; [] = none",
    )
    travel_max_minutes: float = Field(
        20.0, gt=0, description="a switch between /16 networks faster than this counts as implausible travel"
    )
    allowlists: Allowlists = Field(default_factory=Allowlists)

    # reading
    log_format: str | None = None
    input_format: str | None = Field(
        None, description="the log format when not detected: combined, common, w3c, jsonl, alb, haproxy, "
                          "vhost_combined, combined_xff, logfmt, csv, iis_native, envoy, rails, squid, zeek, combined_user, combined_xff_user, cef, inferred (or an "
                          "alias such as json, iis, nginx, nginx_main, elb, cloudfront, heroku, tsv, istio, leef)"
    )
    jsonl_mapping: dict[str, str] | None = Field(
        None, description="JSON lines: canonical field -> key in the log (dots for nested keys), e.g. {ts = 'time_local'}"
    )

    # engine (how a scan is run; detection is the same whichever is chosen)
    engine: Literal["auto", "memory", "partitioned", "dask"] = Field(
        "auto", description="memory: one frame; partitioned: spill by account, bounded memory; dask: partitions on a cluster; "
        "auto: memory for small inputs, partitioned above partition_mb"
    )
    partition_mb: float = Field(256.0, gt=0, description="log text per partition (gzip counted as 8x its size)")
    spill_dir: Path | None = Field(None, description="where partitions are spilled (a shared path for a remote Dask cluster)")
    spill_compression: Literal["auto", "none", "lz4", "zstd"] = Field(
        "auto", description="compression of spilled partitions: none is fastest (about 0.6x the log on disk, lz4 about "
        "0.2x); auto = none when that fits in a quarter of the spill disk's free space, else lz4"
    )
    scheduler: str | None = Field(None, description="Dask scheduler address, e.g. tcp://host:8786; None = a local cluster")
    workers: int | None = Field(
        None, ge=1, description="processes a partitioned scan uses on this machine; None = one per usable CPU core"
    )

    # service
    api_token: str | None = None
    database_url: str = "sqlite:///detector.db"
    max_body_bytes: int = Field(50 * 1024 * 1024, gt=0)

    @field_validator("timezone")
    @classmethod
    def _zone_exists(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value

    @field_validator("generic_account_patterns", "service_account_patterns")
    @classmethod
    def _patterns_compile(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"{value!r} is not a valid regular expression ({exc})") from None
        return values

    @field_validator("log_format")
    @classmethod
    def _log_format_compiles(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from detector.io.errors import LogFormatError
        from detector.io.logformat import CompiledFormat

        try:
            CompiledFormat(value)
        except LogFormatError as exc:
            raise ValueError(f"{exc} in {value!r}") from None
        return value

    @field_validator("input_format")
    @classmethod
    def _input_format_known(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from detector.io.formats import canonical_format

        return canonical_format(value)  # ValueError listing the formats

    @field_validator("jsonl_mapping")
    @classmethod
    def _mapping_names_known_fields(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is None:
            return None
        from detector.io.jsonl import resolve_mapping

        resolve_mapping(value)  # ValueError naming the unknown field and the valid ones
        return value

    @field_validator("scheduler")
    @classmethod
    def _scheduler_is_an_address(cls, value: str | None) -> str | None:
        return None if value is None else check_scheduler_address(value)

    @field_validator("rules_file")
    @classmethod
    def _rules_file_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"{value} is a directory, not a rule file" if value.is_dir() else f"rule file {value} not found")
        return value

    @model_validator(mode="after")
    def _one_way_to_read(self) -> "Settings":
        if self.log_format is not None and self.input_format is not None and self.input_format not in LOG_FORMAT_COMPATIBLE:
            raise ValueError(
                f"log_format (an Apache LogFormat string) cannot read {self.input_format!r} logs: "
                f"give either log_format or input_format = {self.input_format!r}, not both"
            )
        return self


class ConfigError(Exception):
    """A configuration file or value is invalid; the message names the key."""


#: Tables a config file may hold; each program reads its own and ignores the others'.
CONFIG_TABLES = ("detector", "service")


def read_config_file(path: str | Path, tables: tuple[str, ...] = ("detector",)) -> dict[str, object]:
    """Read a ``detector.toml`` into one flat dict of settings.

    Keys may sit at top level or under the ``[detector]`` / ``[service]``
    tables; ``tables`` says which tables this program reads (later ones win),
    and the other known tables are ignored, so one file serves the CLI and
    the service.

    Raises
    ------
    ConfigError
        When the file is missing, not UTF-8 text or not TOML.
    """
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config {p} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {p} is not valid TOML: {exc}") from None
    data = {k: v for k, v in raw.items() if not (k in CONFIG_TABLES and isinstance(v, dict))}
    for table in tables:
        if isinstance(raw.get(table), dict):
            data.update(raw[table])
    return data


def build_settings(settings_class: type[Settings], data: dict[str, object], path: str | Path | None = None) -> Settings:
    """Validate ``data`` into ``settings_class``, naming every bad key in one line.

    Raises
    ------
    ConfigError
        With ``key: problem`` for each invalid or unknown key.
    """
    try:
        return settings_class(**data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(part) for part in err["loc"])
            message = err["msg"].removeprefix("Value error, ")  # pydantic's prefix for a validator's ValueError
            problems.append(f"{key}: {message}" if key else message)
        where = f" in {path}" if path else ""
        raise ConfigError(f"invalid configuration{where}: " + "; ".join(problems)) from None


def load_settings(path: str | Path | None = None, **overrides: object) -> Settings:
    """Build :class:`Settings` from an optional TOML file plus overrides.

    Parameters
    ----------
    path : str or Path, optional
        A ``detector.toml``; its keys are the field names of :class:`Settings`,
        at top level or under ``[detector]`` (a ``[service]`` table is the
        service's and is ignored here).
    **overrides
        Values that win over the file (flags from the CLI); ``None`` values
        are ignored.

    Returns
    -------
    Settings

    Raises
    ------
    ConfigError
        When the file is missing, not TOML, or a key or value is invalid.
    """
    data = read_config_file(path) if path is not None else {}
    data.update({k: v for k, v in overrides.items() if v is not None})
    return build_settings(Settings, data, path)


def check_scheduler_address(address: str) -> str:
    """Check a Dask scheduler address: ``[SCHEME://]HOST:PORT``.

    Parameters
    ----------
    address : str
        E.g. ``tcp://10.0.0.5:8786`` (no scheme means ``tcp``).

    Returns
    -------
    str
        ``address`` unchanged.

    Raises
    ------
    ValueError
        Naming what is wrong (scheme, host or port) and an example.
    """
    scheme, sep, location = address.strip().rpartition("://")
    example = "expected [tcp://]HOST:PORT, e.g. tcp://10.0.0.5:8786"
    if sep and scheme not in SCHEDULER_SCHEMES:
        raise ValueError(f"{address!r}: unknown transport {scheme!r} (use {', '.join(SCHEDULER_SCHEMES)}); {example}")
    parts = urlsplit("//" + location)
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{address!r} has a bad port (1-65535); {example}") from None
    if not parts.hostname or port is None or port == 0 or parts.path or parts.query or parts.fragment:
        raise ValueError(f"{address!r} is not a scheduler address; {example}")
    return address
