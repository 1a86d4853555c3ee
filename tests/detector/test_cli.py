"""The ``detector`` command line on bad input: one-line errors, no tracebacks, and log text that cannot drive the terminal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli import app
from detector.config import Settings
from detector.scan import distinct_logs, rule_features, run_scan
from sample_logs.generate import generate

# user names an attacker can put in a log: rich markup, and terminal escape sequences (colour, window title, bell)
MARKUP_USER = "[/bold]x[red]"
ESCAPE_USER = "esc\x1b[31mRED\x1b]0;pwned\x07"
COMBINED = '{ip} - {user} [14/Sep/2026:{hh:02d}:{mm:02d}:{ss:02d} -0700] "GET /students/{record} HTTP/1.1" 200 512 "-" "python-requests/2.31"'
RULE = """rules:
  - id: {id}
    kind: scraping
    level: session
    condition: "{condition}"
    severity: high
    reason: "{reason}"
"""


def _scraper_lines(user: str, ip: str, first_record: int, hour: int, n: int = 400) -> list[str]:
    """``n`` records read one a second by a script on ``user``'s login: enough for a scraping alert."""
    return [COMBINED.format(ip=ip, user=user, hh=hour, mm=i // 60, ss=i % 60, record=first_record + i) for i in range(n)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated day of traffic plus two scrapers whose user names are markup and escape sequences."""
    folder = tmp_path_factory.mktemp("cli-hostile")
    log = folder / "access.log"
    generate(log, seed=11, days=1, n_staff=20)
    extra = _scraper_lines(MARKUP_USER, "10.9.9.8", 8_000_000_000, 10) + _scraper_lines(ESCAPE_USER, "10.9.9.7", 9_000_000_000, 11)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write("\n".join(extra) + "\n")
    return log


@pytest.fixture(scope="module")
def hostile_scan(hostile: Path, tmp_path_factory: pytest.TempPathFactory):
    """``detector scan`` of that log, through the CLI."""
    out = tmp_path_factory.mktemp("cli-hostile-out") / "scan"
    result = CliRunner().invoke(app, ["scan", str(hostile), "--out", str(out), "--timezone", "America/Los_Angeles"])
    return result, out


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    """A five-line combined log: enough for commands that must fail before reading it."""
    log = tmp_path / "tiny.log"
    log.write_text("\n".join(_scraper_lines("a@b.org", "10.0.0.1", 1, 9, n=5)) + "\n", encoding="utf-8")
    return log


def _assert_one_line_error(result, *expected: str, code: int = 2) -> None:
    """Exit ``code``, no traceback, and stderr exactly one ``error:`` line containing every ``expected``."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for text in expected:
        assert text in lines[0], (text, lines[0])


def _invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


# --- attacker-controlled text on the console ---

def test_markup_in_a_user_name_is_printed_literally(hostile_scan) -> None:
    result, out = hostile_scan
    assert result.exit_code == 0, result.output
    assert result.exception is None
    alerted = {json.loads(line)["user"] for line in (out / "alerts.jsonl").read_text(encoding="utf-8").splitlines()}
    assert MARKUP_USER in alerted  # the scraper is alerted, so the table had to print its name
    assert MARKUP_USER in result.stdout


def test_escape_sequences_never_reach_the_terminal(hostile_scan) -> None:
    result, out = hostile_scan
    assert result.exit_code == 0, result.output
    alerted = {json.loads(line)["user"] for line in (out / "alerts.jsonl").read_text(encoding="utf-8").splitlines()}
    assert ESCAPE_USER.lower() in alerted  # the raw name (in lower case, as every account) is kept in the outputs...
    assert "\x1b" not in result.output and "\x07" not in result.output  # ...but never printed raw
    assert "esc\\x1b[31mred\\x1b]0;pwned\\x07" in result.stdout  # it is shown, made visible


def test_json_summary_escapes_control_characters(tmp_path: Path) -> None:
    log = tmp_path / "esc\x1b[2Jname.log"
    log.write_text("\n".join(_scraper_lines(ESCAPE_USER, "10.0.0.1", 1, 9, n=30)) + "\n", encoding="utf-8")
    result = _invoke("scan", log, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert json.loads(result.stdout)["files"] == [str(log)]


def test_error_naming_a_hostile_file_is_one_escaped_line(tmp_path: Path) -> None:
    missing = tmp_path / "[/b]gone\x1b[2J.log"
    result = _invoke("scan", missing, "--out", tmp_path / "out")
    _assert_one_line_error(result, "[/b]gone\\x1b[2J.log")
    assert "\x1b" not in result.output


def test_hostile_rule_ids_are_listed_literally(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE.format(id='"[/red]r\\e[31m"', condition="pages > 1", reason="{pages:,.0f} pages"), encoding="utf-8")
    result = _invoke("rules", "--rules", rules)
    assert result.exit_code == 0, result.output
    assert "[/red]r\\x1b[31m" in result.stdout and "\x1b" not in result.output


# --- bad flags and settings: refused before reading, on one line ---

@pytest.mark.parametrize("command", ["scan", "train"])
@pytest.mark.parametrize(
    ("log_format", "named"),
    [("%h %{ %Q %t", "stray '%'"), ("", "no time field"), ('%h %l %u %t "%r" %>s %b %Z', "%Z")],
)
def test_bad_log_format_is_one_line(tiny: Path, tmp_path: Path, command: str, log_format: str, named: str) -> None:
    out = tmp_path / ("out" if command == "scan" else "m.joblib")
    _assert_one_line_error(_invoke(command, tiny, "--out", out, "--log-format", log_format), "log_format", named)


@pytest.mark.parametrize("command", ["scan", "train"])
def test_unknown_jsonl_field_lists_the_valid_names(tiny: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / ("out" if command == "scan" else "m.joblib")
    _assert_one_line_error(_invoke(command, tiny, "--out", out, "--field", "bogus=foo"), "'bogus'", "user_agent", "client_ip")


def test_log_format_with_another_input_format_is_refused(tiny: Path, tmp_path: Path) -> None:
    result = _invoke("scan", tiny, "--out", tmp_path / "out", "--format", "jsonl", "--log-format", '%h %l %u %t "%r" %>s %b')
    _assert_one_line_error(result, "log_format", "jsonl")
    ok = _invoke("scan", tiny, "--out", tmp_path / "out2", "--format", "combined", "--log-format", '%h %l %u %t "%r" %>s %b')
    assert ok.exit_code == 0, ok.output


def test_malformed_scheduler_is_one_line(tiny: Path, tmp_path: Path) -> None:
    _assert_one_line_error(_invoke("scan", tiny, "--out", tmp_path / "out", "--scheduler", "garbage"), "garbage", "HOST:PORT")


def test_config_that_is_not_utf8(tiny: Path, tmp_path: Path) -> None:
    config = tmp_path / "binary.toml"
    config.write_bytes(b"\xff\xfe bad bytes = 1\n")
    _assert_one_line_error(_invoke("scan", tiny, "--out", tmp_path / "out", "--config", config), str(config), "UTF-8")


# --- --out and --spill-dir checked before the scan ---

def test_out_that_is_a_file(tiny: Path, tmp_path: Path) -> None:
    existing = tmp_path / "existing_file"
    existing.write_text("keep me")
    _assert_one_line_error(_invoke("scan", tiny, "--out", existing), str(existing), "not a directory")
    _assert_one_line_error(_invoke("scan", tiny, "--out", existing / "sub"), str(existing / "sub"), "not a directory")
    assert existing.read_text() == "keep me"


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs, where nobody may create a directory")
def test_out_that_cannot_be_created(tiny: Path) -> None:
    _assert_one_line_error(_invoke("scan", tiny, "--out", "/sys/detector-test-out"), "/sys/detector-test-out")


def test_outputs_that_cannot_be_written_are_one_line(tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import detector.scan

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "out" / "sessions.csv"))

    monkeypatch.setattr(detector.scan, "write_csv", disk_full)
    _assert_one_line_error(_invoke("scan", tiny, "--out", tmp_path / "out"), "No space left on device")
    assert list((tmp_path / "out").iterdir()) == []  # no summary, no staging directory left


def test_a_failed_scan_leaves_no_output_directory(tmp_path: Path) -> None:
    result = _invoke("scan", tmp_path / "missing.log", "--out", tmp_path / "new" / "out")
    _assert_one_line_error(result, "missing.log")
    assert not (tmp_path / "new").exists()


def test_spill_dir_that_is_a_file(tiny: Path, tmp_path: Path) -> None:
    existing = tmp_path / "spill"
    existing.write_text("")
    result = _invoke("scan", tiny, "--out", tmp_path / "out", "--engine", "partitioned", "--workers", "1", "--spill-dir", existing)
    _assert_one_line_error(result, str(existing), "not a directory")


def test_missing_spill_dir_is_created(hostile: Path, tmp_path: Path) -> None:
    spill = tmp_path / "new" / "spill"
    result = _invoke("scan", hostile, "--out", tmp_path / "out", "--engine", "partitioned", "--workers", "1",
                     "--spill-dir", spill, "--quiet")
    assert result.exit_code == 0, result.output
    assert spill.is_dir() and not any(spill.iterdir())  # created, and the spill removed after use


# --- rules: a rule file that would crash the scan is refused at start ---

@pytest.mark.parametrize(
    ("condition", "reason", "named"),
    [("nonexistent_feature > 1", "x", "unknown feature(s) in condition: nonexistent_feature"),
     ("pages > 1", "{nonexistent_feature:,.0f} pages", "unknown placeholder(s) in reason: {nonexistent_feature}")],
)
def test_rules_with_unknown_features_are_refused(tiny: Path, tmp_path: Path, condition: str, reason: str, named: str) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE.format(id="z", condition=condition, reason=reason), encoding="utf-8")
    _assert_one_line_error(_invoke("rules", "--rules", rules), named)
    config = tmp_path / "detector.toml"
    config.write_text(f'rules_file = "{rules}"\n', encoding="utf-8")
    _assert_one_line_error(_invoke("scan", tiny, "--out", tmp_path / "out", "--config", config), named)
    _assert_one_line_error(_invoke("train", tiny, "--out", tmp_path / "m.joblib", "--config", config), named)
    assert not (tmp_path / "out" / "summary.json").exists()


def test_config_naming_a_missing_rule_file(tiny: Path, tmp_path: Path) -> None:
    config = tmp_path / "detector.toml"
    config.write_text('rules_file = "nonexistent.yaml"\n', encoding="utf-8")
    _assert_one_line_error(_invoke("scan", tiny, "--out", tmp_path / "out", "--config", config), "rules_file", "nonexistent.yaml")


def test_rule_features_are_what_a_fitted_model_reads(hostile: Path) -> None:
    """The columns rules are checked against at start are exactly those the rule sets are fitted on."""
    model = run_scan([hostile], Settings(timezone="America/Los_Angeles")).analysis.model
    known = rule_features()
    for level, ruleset in model.rules_.items():
        assert set(ruleset.feature_names_in_) == known[level], level


# --- train, model, report, tail, serve ---

def test_train_out_that_is_a_directory(tiny: Path, tmp_path: Path) -> None:
    _assert_one_line_error(_invoke("train", tiny, "--out", tmp_path), str(tmp_path), "is a directory")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs, where nobody may create a file")
def test_train_out_that_cannot_be_written(tiny: Path) -> None:
    _assert_one_line_error(_invoke("train", tiny, "--out", "/sys/detector-test.joblib"), "/sys/detector-test.joblib")


def test_model_that_is_a_directory(tiny: Path, tmp_path: Path) -> None:
    _assert_one_line_error(_invoke("scan", tiny, "--out", tmp_path / "out", "--model", tmp_path), "is a directory")


def test_report_of_a_file(tiny: Path) -> None:
    _assert_one_line_error(_invoke("report", tiny), str(tiny), "not a directory")


def test_tail_of_a_directory(tmp_path: Path) -> None:
    result = _invoke("tail", tmp_path, "--once", "--database-url", f"sqlite:///{tmp_path / 'tail.db'}")
    _assert_one_line_error(result, str(tmp_path), "is a directory")


@pytest.mark.parametrize("url", ["not a url", "ftp://host", "http://", "http://host:99999"])
def test_tail_to_a_bad_url(tiny: Path, tmp_path: Path, url: str) -> None:
    result = _invoke("tail", tiny, "--once", "--url", url, "--database-url", f"sqlite:///{tmp_path / 'tail.db'}")
    _assert_one_line_error(result, repr(url))


@pytest.mark.parametrize("lines", ["0", "-5"])
def test_tail_batch_lines_must_be_positive(tiny: Path, tmp_path: Path, lines: str) -> None:
    result = _invoke("tail", tiny, "--once", "--batch-lines", lines, "--database-url", f"sqlite:///{tmp_path / 'tail.db'}")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--batch-lines" in result.output
    assert not (tmp_path / "tail.db").exists()  # refused before anything was opened


def test_serve_log_level_from_a_closed_set() -> None:
    _assert_one_line_error(_invoke("serve", "--log-level", "loud"), "'loud'", "debug")


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_serve_port_in_range(port: str) -> None:
    result = _invoke("serve", "--port", port)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--port" in result.output


# --- duplicate files and the summary line ---

def test_a_file_given_twice_is_read_once_with_a_warning(hostile: Path, tmp_path: Path) -> None:
    link = tmp_path / "same.log"
    os.symlink(hostile, link)
    once = _invoke("scan", hostile, "--out", tmp_path / "once", "--timezone", "America/Los_Angeles", "--quiet")
    twice = _invoke("scan", hostile, link, hostile, "--out", tmp_path / "twice", "--timezone", "America/Los_Angeles")
    assert once.exit_code == 0 and twice.exit_code == 0, twice.output
    single = json.loads((tmp_path / "once" / "summary.json").read_text())
    summary = json.loads((tmp_path / "twice" / "summary.json").read_text())
    assert summary["lines_read"] == single["lines_read"] and summary["files"] == [str(hostile)]
    assert summary["alerts"] == single["alerts"]
    assert f"{link}: the same file as {hostile}; read once" in summary["warnings"]
    assert f"{hostile}: given twice; read once" in summary["warnings"]
    assert f"warning: {link}: the same file as {hostile}" in twice.stderr


def test_distinct_logs_keeps_order_and_missing_names(tmp_path: Path) -> None:
    a, b = tmp_path / "a.log", tmp_path / "b.log"
    a.write_text("x\n")
    b.write_text("y\n")
    logs, warnings = distinct_logs([b, a, tmp_path / "." / "b.log", tmp_path / "gone.log"])
    assert logs == [b, a, tmp_path / "gone.log"]
    assert warnings == [f"{b}: given twice; read once"]


def test_empty_log_summary_has_no_empty_format_list(tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_text("")
    result = _invoke("scan", empty, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "read 0 lines from 1 file(s); 0 rejected" in result.stdout
    assert "()" not in result.stdout
