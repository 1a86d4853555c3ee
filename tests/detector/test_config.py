"""One settings object: TOML loading, validation naming the key, and allowlists that explain themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.config import ConfigError, Settings, load_settings
from detector.scan import run_scan
from sample_logs.generate import generate


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "detector.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_values_and_flag_overrides(tmp_path: Path) -> None:
    path = _toml(tmp_path, 'session_gap_minutes = 20\ntimezone = "America/Los_Angeles"\n[[allowlists.cidrs]]\nvalue = "10.0.0.0/8"\nreason = "VPN"\n')
    settings = load_settings(path, session_gap_minutes=45, timezone=None)
    assert settings.session_gap_minutes == 45  # a flag wins
    assert settings.timezone == "America/Los_Angeles"  # None overrides are ignored
    assert settings.allowlists.cidrs[0].reason == "VPN"


def test_detector_table_is_accepted(tmp_path: Path) -> None:
    assert load_settings(_toml(tmp_path, "[detector]\ncontamination = 0.01\n")).contamination == 0.01


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("session_gap_minutes = -5\n", "session_gap_minutes"),
        ("no_such_setting = 1\n", "no_such_setting"),
        ('timezone = "Mars/Olympus"\n', "timezone"),
        ('[[allowlists.cidrs]]\nvalue = "10.0.0.999/8"\nreason = "x"\n', "allowlists.cidrs"),
        ('[[allowlists.user_agents]]\nvalue = "([unclosed"\nreason = "x"\n', "allowlists.user_agents"),
        ('[[allowlists.accounts]]\nvalue = "a@b.org"\n', "reason"),
        ('service_account_patterns = ["([unclosed"]\n', "service_account_patterns"),
        ('generic_account_patterns = ["(bad"]\n', "generic_account_patterns"),
        ("this is = not toml [\n", "not valid TOML"),
        ('log_format = "%h %{ %Q %t"\n', "log_format: malformed LogFormat: stray '%'"),
        ('log_format = ""\n', "log_format: LogFormat has no time field"),
        ('log_format = "%h %t %Z"\n', "log_format: unsupported LogFormat directive %Z"),
        ('log_format = "%h %t"\ninput_format = "w3c"\n', "cannot read 'w3c' logs"),
        ('[jsonl_mapping]\nbogus = "x"\n', "jsonl_mapping: unknown field 'bogus'"),
        ('input_format = "apache2"\n', "input_format: unknown log format 'apache2'; use one of combined"),
        ('scheduler = "garbage"\n', "scheduler: 'garbage' is not a scheduler address"),
        ('scheduler = "tcp://host:99999"\n', "bad port"),
        ('scheduler = "http://host:8786"\n', "unknown transport 'http'"),
        ('rules_file = "nonexistent.yaml"\n', "rules_file: rule file nonexistent.yaml not found"),
    ],
)
def test_invalid_config_names_the_key(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(_toml(tmp_path, text))
    message = str(info.value)
    assert named in message and "\n" not in message


def test_validator_messages_have_no_pydantic_prefix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(_toml(tmp_path, 'timezone = "Mars/Olympus"\n'))
    assert "Value error" not in str(info.value) and "timezone: unknown IANA time zone" in str(info.value)


@pytest.mark.parametrize("address", ["tcp://10.0.0.5:8786", "10.0.0.5:8786", "tls://[::1]:8786", "scheduler.internal:8786"])
def test_scheduler_addresses_accepted(address: str) -> None:
    assert Settings(scheduler=address).scheduler == address


@pytest.mark.parametrize(("given", "canonical"), [("alb", "alb"), ("ELB", "alb"), ("json", "jsonl"), ("IIS", "w3c"),
                                                  ("cloudfront", "w3c"), ("haproxy", "haproxy"), ("nginx", "combined")])
def test_every_reader_format_and_alias_is_accepted(given: str, canonical: str) -> None:
    assert Settings(input_format=given).input_format == canonical


def test_log_format_with_an_apache_input_format_is_accepted() -> None:
    settings = Settings(log_format='%h %l %u %t "%r" %>s %b', input_format="combined")
    assert settings.input_format == "combined"


def test_config_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe bad bytes = 1\n")
    with pytest.raises(ConfigError, match=r"binary\.toml is not UTF-8 text \(byte 0xff at offset 0\)"):
        load_settings(path)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_settings(tmp_path / "absent.toml")


@pytest.fixture(scope="module")
def small_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("allow")
    labels = generate(folder / "access.log", folder / "labels.json", seed=8, days=1, n_staff=50)
    return folder / "access.log", labels


def test_account_allowlist_suppresses_with_its_reason(small_log, tmp_path: Path) -> None:
    log, labels = small_log
    baseline = run_scan([log], Settings(timezone=labels["tz"]))
    target = next(a for a in baseline.analysis.alerts if a.user)
    settings = Settings(
        timezone=labels["tz"],
        allowlists={"accounts": [{"value": target.user.upper(), "reason": "approved integration SEC-142"}]},
    )
    result = run_scan([log], settings, out_dir=tmp_path / "out")
    assert all(a.user != target.user for a in result.analysis.alerts)
    suppressed = [s for s in result.summary["suppressed"] if s["user"] == target.user]
    assert suppressed and all("approved integration SEC-142" in s["reason"] for s in suppressed)
    # nothing else changes
    others = {(a.user, a.kind, a.day) for a in baseline.analysis.alerts if a.user != target.user}
    assert {(a.user, a.kind, a.day) for a in result.analysis.alerts} == others


def test_scraping_on_a_service_account_is_suppressed_with_the_reason(small_log, tmp_path: Path) -> None:
    """An account named as a machine's runs scripts by design: its scraping alerts are reported as suppressed."""
    import re

    log, labels = small_log
    baseline = run_scan([log], Settings(timezone=labels["tz"]))
    target = next(a for a in baseline.analysis.alerts if a.user and a.kind == "scraping")
    settings = Settings(timezone=labels["tz"], service_account_patterns=[f"^{re.escape(target.user)}$"])
    result = run_scan([log], settings, out_dir=tmp_path / "out")
    assert all(not (a.user == target.user and a.kind == "scraping") for a in result.analysis.alerts)
    suppressed = [s for s in result.summary["suppressed"] if s["user"] == target.user]
    assert suppressed and all(s["kind"] == "scraping" and "service account" in s["reason"] for s in suppressed)
    others = {(a.user, a.kind, a.day) for a in baseline.analysis.alerts if a.user != target.user}
    assert {(a.user, a.kind, a.day) for a in result.analysis.alerts if a.user != target.user} == others
    # with no patterns, nothing is a service account
    assert not run_scan([log], Settings(timezone=labels["tz"], service_account_patterns=[])).summary["suppressed"]


def test_path_allowlist_drops_requests_and_says_so(small_log) -> None:
    log, labels = small_log
    settings = Settings(timezone=labels["tz"], allowlists={"paths": [{"value": r"^/health", "reason": "uptime checks"}]})
    result = run_scan([log], settings)
    dropped = result.summary["allowlisted_requests"]
    assert list(dropped) == [r"path /^/health/: uptime checks"]
    assert dropped[r"path /^/health/: uptime checks"] > 100
    assert not result.analysis.data.requests["path"].astype(str).str.startswith("/health").any()


def test_one_file_serves_the_cli_and_the_service(tmp_path: Path) -> None:
    from service.config import load_service_settings

    path = _toml(tmp_path, 'timezone = "UTC"\n[detector]\nsession_gap_minutes = 25\n[service]\nretention_hours = 12\napi_token = "t"\n')
    cli = load_settings(path)
    assert cli.session_gap_minutes == 25 and cli.timezone == "UTC"
    service = load_service_settings(path)
    assert service.session_gap_minutes == 25 and service.retention_hours == 12 and service.api_token == "t"
