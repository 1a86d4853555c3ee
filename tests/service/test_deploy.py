"""deploy/: Prometheus rules (promtool) and the Grafana dashboard refer to real metrics only."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.metrics import ALLOWED_LABELS, PREFIX, ServiceMetrics

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
RULES = DEPLOY / "prometheus" / "alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "dashboard.json"
FORBIDDEN = ("user", "ip", "client_ip", "path", "session", "session_id", "account", "record", "student")


def _exposed_names() -> set[str]:
    names = set()
    for family in text_string_to_metric_families(ServiceMetrics().exposition().decode()):
        names.update(sample.name for sample in family.samples)
        names.add(family.name)
    return names


def _referenced(text: str) -> set[str]:
    return set(re.findall(rf"\b{PREFIX}[a-z_]+", text))


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (Debian package `prometheus`)")
def test_promtool_checks_and_unit_tests_the_rules():
    check = subprocess.run(["promtool", "check", "rules", str(RULES)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    unit = subprocess.run(["promtool", "test", "rules", "alerts_test.yml"], cwd=RULES.parent, capture_output=True, text=True)
    assert unit.returncode == 0, unit.stdout + unit.stderr


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (Debian package `prometheus`)")
def test_promtool_checks_the_example_scrape_config():
    check = subprocess.run(["promtool", "check", "config", "prometheus.yml"], cwd=RULES.parent, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_rules_and_dashboard_use_existing_metrics_and_labels():
    exposed = _exposed_names()
    rules = RULES.read_text()
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = " ".join(t.get("expr", "") for p in dashboard["panels"] for t in p.get("targets", []))
    for text in (rules, exprs):
        used = _referenced(text)
        assert used, "no detector metric referenced"
        assert used <= exposed, used - exposed
        for label in re.findall(r"\b([a-z_]+)\s*[=!]~?\s*\"", text):
            assert label not in FORBIDDEN, label
    names = {r.split(":")[1].strip() for r in re.findall(r"- alert: *\w+", rules)}
    assert {"RecordsDetectorHighSeverityAlert", "RecordsDetectorIngestStalled", "RecordsDetectorScoringStale"} <= names
    assert {"kind", "severity", "format"} <= ALLOWED_LABELS and not set(FORBIDDEN) & ALLOWED_LABELS
