"""``detector scan`` of cloud load-balancer, CDN, proxy, vhost logs and a CSV export: every format detected, sessions built."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from detector.cli import app

from ._cloudlogs import (
    AZURE_CSV_HEADER,
    CLOUDFRONT_HEADER,
    alb,
    azure_csv,
    azure_front_door,
    cloudflare,
    cloudfront,
    elb,
    envoy,
    gcp,
    haproxy,
    traffic,
    vhost_combined,
)

# file name -> (builder, header lines, expected format)
FILES = {
    "gcp-lb.jsonl": (gcp, [], "jsonl"),
    "cloudflare.jsonl": (lambda r: cloudflare(r, unix_nano=True), [], "jsonl"),
    "frontdoor.json": (azure_front_door, [], "jsonl"),
    "istio.log": (envoy, [], "jsonl"),
    "alb.log": (alb, [], "alb"),
    "classic-elb.log": (elb, [], "alb"),
    "haproxy.log": (haproxy, [], "haproxy"),
    "cloudfront.log": (cloudfront, CLOUDFRONT_HEADER, "w3c"),
    "other_vhosts_access.log": (vhost_combined, [], "vhost_combined"),
    "AppServiceHTTPLogs.csv": (azure_csv, AZURE_CSV_HEADER, "csv"),
}
CLIENTS = 3


def test_scan_of_every_cloud_format_builds_sessions(tmp_path: Path) -> None:
    paths = []
    for net, (name, (build, header, _)) in enumerate(FILES.items(), start=10):
        path = tmp_path / name
        lines = header + [build(r) for r in traffic(CLIENTS, 40, net=net)] + ["a line no format reads"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    out = tmp_path / "scan"
    result = CliRunner().invoke(app, ["scan", *map(str, paths), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["formats"] == {str(tmp_path / name): fmt for name, (_, _, fmt) in FILES.items()}
    assert summary["lines_parsed"] == len(FILES) * CLIENTS * 40
    assert summary["lines_rejected"] == len(FILES)  # the junk line at the end of each file, counted
    assert {(s["file"], s["line_no"]) for s in summary["rejected_samples"]} == {
        (str(p), CLIENTS * 40 + {"cloudfront.log": 2, "AppServiceHTTPLogs.csv": 1}.get(p.name, 0) + 1) for p in paths}
    assert summary["sessions"] >= len(FILES) * CLIENTS  # distinct clients are never one session
    sessions = (out / "sessions.csv").read_text().splitlines()
    assert len(sessions) - 1 == summary["sessions"]
