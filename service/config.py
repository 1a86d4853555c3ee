"""Settings of the live service: :class:`detector.config.Settings` plus the service's own.

:class:`ServiceSettings` *extends* the detector's one settings object, so the
same instance is passed to :func:`detector.pipeline.analyse` (the detection
code sees exactly the fields it knows) and to the service (which also reads
the streaming, storage and security fields below).  Environment variables use
the same ``DETECTOR_`` prefix (``DETECTOR_RETENTION_HOURS``…); a TOML file may
hold them at top level, under ``[detector]`` or under ``[service]``.

Authentication choice
---------------------
When no API token is configured the service **refuses to start** (a clear
error) unless ``insecure_no_auth = true`` is set explicitly (flag
``--insecure-no-auth``).  No token is ever generated or printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from detector.config import ConfigError, Settings, build_settings, read_config_file


class ServiceSettings(Settings):
    """Every detector setting plus those of the streaming engine and the service."""

    # streaming engine
    retention_hours: float = Field(48.0, gt=0, description="log time kept in memory and re-analysed")
    score_interval_minutes: float = Field(5.0, gt=0, description="re-score after this much new log time")
    max_future_skew_hours: float = Field(
        24.0, gt=0, description="reject log lines dated more than this far ahead of the server clock (one such line "
        "would move the retention window, which follows log time, past every real record)"
    )
    min_rescore_seconds: float = Field(
        5.0, ge=0, description="wall-clock throttle: at most one background re-analysis this often"
    )
    fit_mode: Literal["window", "first"] = Field(
        "window",
        description="without a model file: 'window' refits on the retained window at every scoring "
        "(what `detector scan` does on a file); 'first' fits once, on the first window spanning "
        "fit_min_hours of log time, and keeps that model",
    )
    fit_min_hours: float = Field(6.0, gt=0, description="log time the first window must span in fit_mode='first'")
    refit_minutes: float = Field(
        60.0,
        ge=0,
        description="fit_mode='window': refit the model on the whole retained window after this much new log time "
        "(sooner while the window is young; 0 refits at every analysis); analyses in between are incremental",
    )
    incremental: bool = Field(
        True,
        description="once a model is fitted, re-analyse only the retained records of the accounts and addresses "
        "that received new records (off: the whole window every time)",
    )
    background_scoring: bool = Field(True, description="score in a background thread (off: only on flush)")
    replica_id: str = Field(
        "default",
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
        description="names this replica when several share one database: it journals, replays and prunes only "
        "its own ingest batches and withdraws only alerts it wrote last",
    )

    # alerts and reviews
    suppress_false_positives: bool = Field(
        True, description="after a false_positive verdict, later alerts of that kind for that subject are stored as suppressed"
    )
    withdraw_unconfirmed: bool = Field(
        True,
        description="an open, unreviewed alert that a later analysis of the same (fully retained) window no "
        "longer produces is marked withdrawn",
    )

    # security
    insecure_no_auth: bool = Field(False, description="allow starting without an API token (no /v1 authentication)")
    api_tokens: dict[str, str] = Field(
        default_factory=dict, description="extra named tokens, name -> token; the name is recorded as reviewer"
    )
    protect_metrics: bool = Field(False, description="require the bearer token on /metrics and /healthz too")
    max_rejected_samples: int = Field(10, ge=0, le=1000)

    @field_validator("api_tokens")
    @classmethod
    def _tokens_long_enough(cls, value: dict[str, str]) -> dict[str, str]:
        for name, token in value.items():
            if len(token) < 16:
                raise ValueError(f"api_tokens.{name}: a token must have at least 16 characters")
        return value

    def tokens(self) -> dict[str, str]:
        """Every accepted token, token -> name."""
        out = {tok: name for name, tok in self.api_tokens.items()}
        if self.api_token:
            out[self.api_token] = "api"
        return out

    def check_startable(self) -> None:
        """Raise :class:`ConfigError` when the service must not start with these settings."""
        if not self.tokens() and not self.insecure_no_auth:
            raise ConfigError(
                "no API token configured: set DETECTOR_API_TOKEN (or api_token in the config file), "
                "or pass --insecure-no-auth to run without authentication"
            )


SERVICE_FIELDS = frozenset(ServiceSettings.model_fields) - frozenset(Settings.model_fields)


def load_service_settings(path: str | Path | None = None, **overrides: object) -> ServiceSettings:
    """Build :class:`ServiceSettings` from an optional TOML file plus overrides.

    The file may keep keys at top level, under ``[detector]`` and/or under
    ``[service]``; ``None`` overrides are ignored.

    Raises
    ------
    ConfigError
        When the file is missing, not TOML, or a key or value is invalid.
    """
    data = read_config_file(path, ("detector", "service")) if path is not None else {}
    data.update({k: v for k, v in overrides.items() if v is not None})
    return build_settings(ServiceSettings, data, path)  # type: ignore[return-value]


def as_service_settings(settings: Settings) -> ServiceSettings:
    """Promote a plain :class:`Settings` (service fields at their defaults)."""
    if isinstance(settings, ServiceSettings):
        return settings
    return ServiceSettings.model_construct(**{name: getattr(settings, name) for name in type(settings).model_fields})
