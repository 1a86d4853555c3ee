"""``detector report``: one self-contained, escaped HTML file that renders in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli import app
from detector.report import ReportError, build_report, write_report
from tests.detector.test_evidence import EVIL_PATH, EVIL_UA, EVIL_USER, scanned_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return scanned_sample(tmp_path_factory)


@pytest.fixture(scope="module")
def report(sample: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(sample["out"], tmp_path_factory.mktemp("report") / "report.html")


def _alerts(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "alerts.jsonl").read_text(encoding="utf-8").splitlines() if line]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def test_report_has_every_alert_and_summary_figures(sample: dict, report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    summary = json.loads((sample["out"] / "summary.json").read_text(encoding="utf-8"))
    alerts = _alerts(sample["out"])
    for alert in alerts:
        assert f'id="{alert["alert_id"]}"' in html
        assert f'href="#{alert["alert_id"]}"' in html
    assert f"{summary['lines_read']:,}" in html and f"{summary['sessions']:,}" in html
    assert "lines rejected" in html and "alerts by kind" in html and "alerts by severity" in html
    # one timeline image per alert, embedded
    assert html.count('src="data:image/png;base64,') == len(alerts)
    assert "route template" in html and "/students/{n}" in html


def test_attacker_text_is_escaped(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert len(re.findall(r"<script", html, flags=re.I)) == 1, "only the report's own script"
    assert "&lt;script&gt;alert(&#x27;ua&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html  # the route template
    parser = _Tags()
    parser.feed(html)
    scripts = [t for t, _ in parser.tags if t == "script"]
    assert len(scripts) == 1
    assert not [a for _, a in parser.tags if any(k.startswith("on") for k in a)], "no event-handler attributes"
    imgs = [a["src"] for t, a in parser.tags if t == "img"]
    assert imgs and all(src.startswith("data:image/png;base64,") for src in imgs)


def test_report_needs_no_network(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    csp = [a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0].startswith("default-src 'none'; img-src data:;")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "no external resources"


def test_missing_scan_dir_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="not found"):
        build_report(tmp_path / "nope")
    (tmp_path / "half").mkdir()
    with pytest.raises(ReportError, match="summary.json"):
        build_report(tmp_path / "half")
    result = CliRunner().invoke(app, ["report", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "not found" in result.output and "Traceback" not in result.output


def test_cli_report_json(sample: dict, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", str(sample["out"]), "--out", str(target), "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["report"] == str(target) and info["alerts"] == len(_alerts(sample["out"]))
    assert target.is_file()


def test_scan_without_evidence_still_reports(sample: dict, tmp_path: Path) -> None:
    old = tmp_path / "old-scan"
    old.mkdir()
    for name in ("alerts.jsonl", "sessions.csv", "summary.json"):
        shutil.copy(sample["out"] / name, old / name)
    html = build_report(old)
    assert "no evidence files" in html
    for alert in _alerts(old):
        assert f'id="{alert["alert_id"]}"' in html


def test_an_alerts_other_account_names_are_shown_escaped(sample: dict, tmp_path: Path) -> None:
    scan = tmp_path / "scan"
    shutil.copytree(sample["out"], scan)
    alerts = _alerts(scan)
    named = next(a for a in alerts if a.get("user"))
    named["other_accounts"] = ["EDNET\\<b>ann</b>"]
    (scan / "alerts.jsonl").write_text("".join(json.dumps(a) + "\n" for a in alerts), encoding="utf-8")
    html = build_report(scan)
    section = html[html.index(f'id="{named["alert_id"]}"'):]
    section = section[: section.index("</section>")]
    assert "also signed as" in section and "EDNET\\&lt;b&gt;ann&lt;/b&gt;" in section


# --- headless Chromium --------------------------------------------------------------------------

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def render(page: Path, profile: Path) -> tuple[str, list[str]]:
    """Load ``page`` in headless Chromium; return the DOM after load and the console messages."""
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium chromium-driver)")
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
         "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    # the page itself writes nothing to the console: any message is an error, a CSP violation or a failed load
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return proc.stdout, console


def test_harness_catches_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><html><body><p>x</p><script>undefinedFunction();</script></body></html>")
    _, console = render(page, tmp_path / "profile")
    assert any("undefinedFunction" in line for line in console)


def test_report_renders_in_headless_chromium(sample: dict, report: Path, tmp_path: Path) -> None:
    dom, console = render(report, tmp_path / "profile")
    assert console == [], "console messages:\n" + "\n".join(console)
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))
    alerts = _alerts(sample["out"])
    assert attrs.get("data-ready") == "1", "the report's script did not run to the end"
    assert attrs.get("data-alerts") == str(len(alerts))
    assert attrs.get("data-images") == f"{len(alerts)}/{len(alerts)}", "every timeline decodes"
    for alert in alerts:
        section = re.search(rf'<section class="alert( [^"]*)?" id="{alert["alert_id"]}"', dom)
        assert section, alert["alert_id"]
        assert "hidden" not in (section.group(1) or "")
    assert EVIL_USER in dom and "<script>alert" not in dom
    assert "alert(4)" in dom and EVIL_PATH not in dom  # shown as text, never as markup
    assert EVIL_UA.split("<img")[0] not in dom


# --- what a non-editable install carries ---------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]


def built_packages(repo: Path, work: Path) -> Path:
    """The packages as a wheel gets them: setuptools' ``build_py`` on a copy of the source tree.

    ``build_py`` is the step of building a wheel that decides which files go in (the packages
    found and the ``[tool.setuptools.package-data]`` globs of ``pyproject.toml``); the test suite
    itself runs on an editable install, which reads every file from the source tree and so would
    never notice a missing one.
    """
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(repo / name, src / name)
    for folder in repo.iterdir():
        if folder.is_dir() and folder.name != "tests" and (folder / "__init__.py").is_file():
            shutil.copytree(folder, src / folder.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    lib = work / "lib"
    proc = subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py", "--build-lib", str(lib)],
        cwd=src, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return lib


def run_installed(lib: Path, *args: str) -> subprocess.CompletedProcess:
    """``detector ARGS`` importing only from ``lib`` (isolated mode: no current directory, no PYTHONPATH)."""
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(lib)!r})\n"
        "import detector, models\n"
        f"assert detector.__file__.startswith({str(lib)!r}) and models.__file__.startswith({str(lib)!r}), "
        "(detector.__file__, models.__file__)\n"
        "from detector.cli import main\n"
        "sys.argv = ['detector', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = {**os.environ, "COLUMNS": "400"}
    return subprocess.run([sys.executable, "-I", "-c", code, *args], capture_output=True, text=True, timeout=300, env=env)


def test_built_package_carries_its_rules_and_report_assets(sample: dict, tmp_path: Path) -> None:
    pytest.importorskip("setuptools")
    lib = built_packages(REPO, tmp_path)
    for name in ("models/rulesets/default.yaml", "detector/report_assets/report.css", "detector/report_assets/report.js"):
        assert (lib / name).is_file(), f"{name} is not package data"
    rules = run_installed(lib, "rules")
    assert rules.returncode == 0, rules.stderr[-2000:]
    assert re.search(r"\b[1-9]\d* rules from " + re.escape(str(lib / "models" / "rulesets" / "default.yaml")), rules.stdout)
    target = tmp_path / "report.html"
    report = run_installed(lib, "report", str(sample["out"]), "--out", str(target), "--quiet")
    assert report.returncode == 0, report.stderr[-2000:]
    html = target.read_text(encoding="utf-8")
    for asset in ("report.css", "report.js"):  # embedded from the built package's own files
        assert (lib / "detector" / "report_assets" / asset).read_text(encoding="utf-8").strip()[:300] in html


# --- a damaged scan directory, and where the report goes -----------------------------------------


def _junk(path: Path) -> None:
    path.write_bytes(b"this is not a table, just junk bytes\n")


def _set_first_alert(field: str, value: object):
    def damage(path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines()
        first = json.loads(lines[0])
        first[field] = value
        path.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    return damage


def _csv_cell(column: str, value: str):
    def damage(path: Path) -> None:
        import pandas as pd

        frame = pd.read_csv(path, keep_default_na=False, dtype=str)
        frame.loc[0, column] = value
        frame.to_csv(path, index=False)
    return damage


def _naive_minutes(path: Path) -> None:
    import pandas as pd

    frame = pd.read_parquet(path)
    frame["minute"] = frame["minute"].dt.tz_localize(None)
    frame.to_parquet(path, index=False)


@pytest.mark.parametrize("name, damage, words", [
    ("activity.parquet", _junk, "activity.parquet: not a Parquet file"),
    ("lanes.parquet", lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "lanes.parquet: not a Parquet file"),
    ("activity.parquet", _naive_minutes, "activity.parquet: column minute holds timestamp[ns], expected UTC time"),
    ("summary.json", lambda p: p.write_text("[]", encoding="utf-8"), "summary.json: expected a JSON object, found an array"),
    ("summary.json", lambda p: p.write_text('{"files": "a.log"}', encoding="utf-8"), "summary.json: files must be an array"),
    ("routes.csv", lambda p: p.write_text("a,b\n1,2\n", encoding="utf-8"), "routes.csv: missing column alert_id"),
    ("routes.csv", _csv_cell("requests", "lots"), "routes.csv: column requests holds a value that is not a number (data row 1)"),
    ("alerts.jsonl", _set_first_alert("score", "high"), "alerts.jsonl:1: score is not a number"),
    ("alerts.jsonl", _set_first_alert("reasons", "one reason"), "alerts.jsonl:1: reasons must be an array of strings"),
    ("alerts.jsonl", lambda p: p.write_text("[1]\n", encoding="utf-8"), "alerts.jsonl:1: expected a JSON object"),
    ("evidence.json", lambda p: p.write_text('{"alerts": []}', encoding="utf-8"), "evidence.json: alerts must be an object"),
])
def test_damaged_scan_files_are_one_line_errors(sample: dict, tmp_path: Path, name: str, damage, words: str) -> None:
    scan = tmp_path / "scan"
    shutil.copytree(sample["out"], scan)
    damage(scan / name)
    with pytest.raises(ReportError, match=re.escape(words)):
        build_report(scan)
    result = CliRunner().invoke(app, ["report", str(scan)])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert not (scan / "report.html").exists()


def test_out_directory_gets_report_html_and_no_temporary_file_is_left(sample: dict, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    result = CliRunner().invoke(app, ["report", str(sample["out"]), "--out", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["report"] == str(folder / "report.html")
    assert [p.name for p in folder.iterdir()] == ["report.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]
    # a destination that cannot be written (a directory where the file should go): an error, and no temporary file
    blocked = tmp_path / "blocked"
    (blocked / "report.html" / "x").mkdir(parents=True)
    with pytest.raises(ReportError, match="cannot write"):
        write_report(sample["out"], blocked)
    assert [p.name for p in blocked.iterdir()] == ["report.html"], "temporary file left behind"
    assert [p.name for p in (blocked / "report.html").iterdir()] == ["x"]


def test_out_onto_a_file_of_the_scan_or_a_scanned_log_is_refused(sample: dict, tmp_path: Path) -> None:
    scan = tmp_path / "scan"
    shutil.copytree(sample["out"], scan)
    log = tmp_path / "access.log"
    shutil.copy(sample["log"], log)
    summary = json.loads((scan / "summary.json").read_text(encoding="utf-8"))
    summary["files"] = [str(log)]
    (scan / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in scan.iterdir()}
    for out, words in ((scan / "summary.json", "is a file of the scan"), (scan / "alerts.jsonl", "is a file of the scan"),
                       (log, "is a log file the scan read")):
        result = CliRunner().invoke(app, ["report", str(scan), "--out", str(out)])
        assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output, result.output
    assert {p.name: p.read_bytes() for p in scan.iterdir()} == before
    assert log.read_bytes() == sample["log"].read_bytes()
