"""The engines give the same detection: in one frame, partitioned on disk, and on a Dask cluster."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detector import pipeline, spill_pass
from detector.config import Settings
from detector.engine import analyse_logs, plan
from detector.pipeline import Analysis
from detector.scan import run_scan
from sample_logs.generate import generate

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A generated combined log, and a JSON-lines log with application sessions signed into part-way."""
    folder = tmp_path_factory.mktemp("engine")
    combined = folder / "access.log"
    labels = generate(combined, folder / "labels.json", seed=21, days=1, n_staff=60, fmt="combined")
    jsonl = folder / "plain.jsonl"
    generate(jsonl, folder / "labels-jsonl.json", seed=22, days=1, n_staff=40, fmt="jsonl")
    rng = random.Random(5)
    app = folder / "app.jsonl"
    with open(jsonl, encoding="utf-8") as src, open(app, "w", encoding="utf-8") as dst:
        for line in src:
            try:
                row = json.loads(line)
            except ValueError:  # the generator's deliberately broken lines stay broken
                dst.write(line)
                continue
            key = f"{row['client_ip']}|{row['user_agent']}|{row['ts'][:10]}|{row['user']}"
            row["session_id"] = "S" + hashlib.sha1(key.encode()).hexdigest()[:12]
            if row["user"] and rng.random() < 0.15:
                row["user"] = None  # pages seen before signing in, within the same app session
            dst.write(json.dumps(row) + "\n")
    return {"combined": combined, "app": app, "tz": labels["tz"]}


def _alerts(analysis: Analysis) -> set[tuple]:
    return {(a.alert_id, a.kind, a.severity, a.score, a.user, tuple(sorted(a.session_ids)), tuple(a.reasons))
            for a in analysis.alerts}


def _sessions(analysis: Analysis) -> pd.DataFrame:
    return analysis.sessions.set_index("session_id").sort_index()


def _alerted_lines(analysis: Analysis) -> dict[str, list[tuple[int, int]]]:
    """``(file_idx, line_no)`` of every request of every alerted session (what the evidence cites)."""
    wanted = {sid for alert in analysis.alerts for sid in alert.session_ids}
    sessions, requests = analysis.data.sessions, analysis.data.requests
    where = requests[["file_idx", "line_no"]].to_numpy(dtype=np.int64)
    return {row.session_id: sorted(map(tuple, where[row.start:row.stop].tolist()))
            for row in sessions[sessions["session_id"].isin(wanted)].itertuples()}


def _same(a: Analysis, b: Analysis) -> None:
    assert a.alerts, "the log should raise alerts for the comparison to mean something"
    assert _alerts(a) == _alerts(b)
    # read tasks number their lines from 1: the partitions must still cite each request's line in its file
    lines = _alerted_lines(a)
    assert lines == _alerted_lines(b) and max(no for cited in lines.values() for _, no in cited) > 1000
    pd.testing.assert_frame_equal(_sessions(a), _sessions(b), check_exact=False, rtol=1e-9)
    assert a.stats["requests_analysed"] == b.stats["requests_analysed"]
    assert a.stats["accounts"] == b.stats["accounts"]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("name", ["combined", "app"])
def test_partitioned_engine_detects_exactly_what_the_memory_engine_does(logs: dict, name: str, workers: int,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(timezone=logs["tz"])
    memory, _ = analyse_logs([logs[name]], settings.model_copy(update={"engine": "memory"}))
    size = logs[name].stat().st_size
    # several read tasks per file, several chunks per task
    monkeypatch.setattr(spill_pass, "READ_TASK_BYTES", size // 6)
    monkeypatch.setattr(spill_pass, "CHUNK_LINES", 4_000)
    partitioned = settings.model_copy(update={"engine": "partitioned", "partition_mb": size / 1e6 / 5, "workers": workers})
    assert plan([logs[name]], partitioned, workers)[1] >= 5
    split, _ = analyse_logs([logs[name]], partitioned)
    assert split.stats["workers"] == workers
    _same(memory, split)
    # the requests read back for the evidence carry only what it reads: no URL (record IDs) or user agent text
    from detector.evidence_tables import REQUEST_COLUMNS

    assert set(split.data.requests.columns) == {"session_idx", *REQUEST_COLUMNS}


def test_scoring_in_slices_equals_scoring_at_once(logs: dict) -> None:
    from detector.pipeline import records_units, score_units
    from detector.io.reader import read_logs
    from detector.runners import LocalRunner
    from detector.units import fit_order

    settings = Settings(timezone=logs["tz"])
    records, _ = read_logs([logs["combined"]])
    units, _ = records_units(records, settings)
    model = pipeline.new_model(settings).fit(fit_order(units.features, units.sessions))
    whole = score_units(model, units, threads=1)
    runner = LocalRunner()
    runner.workers, runner.slices_scoring = 3, True  # three slices per level, scored one after another
    sliced = score_units(model, units, runner, min_units=10)
    threaded = score_units(model, units, threads=3, min_units=10)  # three slices per level, on three threads
    for other in (sliced, threaded):
        assert set(whole) == set(other) == {"session", "account_day", "source_day", "window"}
        for level in whole:
            pd.testing.assert_frame_equal(whole[level].features, other[level].features, check_exact=True)
            pd.testing.assert_frame_equal(whole[level].percentiles, other[level].percentiles, check_exact=True)
            assert (whole[level].anomalous == other[level].anomalous).all()
            assert whole[level].rule_hits == other[level].rule_hits
    assert any(whole[level].rule_hits and any(whole[level].rule_hits) for level in whole)


def test_partitioned_scan_writes_the_same_evidence(logs: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(timezone=logs["tz"])
    run_scan([logs["combined"]], settings.model_copy(update={"engine": "memory"}), out_dir=tmp_path / "m")
    size_mb = logs["combined"].stat().st_size / 1e6
    monkeypatch.setattr(spill_pass, "READ_TASK_BYTES", int(size_mb * 1e6) // 5)  # line numbers over several tasks
    spill = tmp_path / "spill"
    spill.mkdir()
    run_scan([logs["combined"]], settings.model_copy(update={"engine": "partitioned", "partition_mb": size_mb / 4,
                                                             "spill_dir": spill}), out_dir=tmp_path / "p")
    assert list(spill.iterdir()) == [], "the spill is removed after the scan"
    for name in ("alerts.jsonl", "routes.csv", "alert_features.csv", "evidence.json"):
        assert (tmp_path / "m" / name).read_text() == (tmp_path / "p" / name).read_text(), name
    for name in ("activity.parquet", "lanes.parquet", "alert_lines.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "m" / name), pd.read_parquet(tmp_path / "p" / name))


def test_dask_engine_alerts_the_same_accounts(logs: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(pipeline, "PARALLEL_SCORE_MIN_UNITS", 200)  # the workers score the levels in slices
    settings = Settings(timezone=logs["tz"])
    memory, _ = analyse_logs([logs["combined"]], settings.model_copy(update={"engine": "memory"}))
    size_mb = logs["combined"].stat().st_size / 1e6
    on_dask, _ = analyse_logs([logs["combined"]], settings.model_copy(update={"engine": "dask", "partition_mb": size_mb / 4}))
    assert {(a.kind, a.user) for a in memory.alerts} == {(a.kind, a.user) for a in on_dask.alerts}
    _same(memory, on_dask)


def test_plan_sizes_partitions_from_the_input(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_bytes(b"x" * 3_000_000)
    packed = tmp_path / "a.log.gz"
    packed.write_bytes(gzip.compress(b"x" * 3_000_000, compresslevel=1)[:2] + b"y" * 999_998)
    assert plan([log], Settings(partition_mb=4)) == ("memory", 1)
    assert plan([log], Settings(partition_mb=1)) == ("partitioned", 3)
    assert plan([log], Settings(engine="memory", partition_mb=1)) == ("memory", 1)
    assert plan([packed], Settings(partition_mb=4)) == ("partitioned", 2)  # 1 MB of gzip counts as 8 MB of text
    assert plan([log], Settings(engine="dask", partition_mb=100), workers=3) == ("dask", 6)
    # local workers each hold one partition at a time: as many times more, smaller partitions
    assert plan([log], Settings(engine="partitioned", partition_mb=1), workers=2) == ("partitioned", 6)


def test_cli_unreachable_scheduler_is_a_one_line_error(logs: dict, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    proc = subprocess.run(
        [sys.executable, "-m", "detector.cli", "scan", str(logs["combined"]), "--out", str(tmp_path / "out"),
         "--scheduler", "tcp://127.0.0.1:9", "--quiet"],
        capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "tcp://127.0.0.1:9" in proc.stderr
    assert not (tmp_path / "out" / "summary.json").exists()


def test_model_trained_on_partitions_is_the_model_a_scan_fits(logs: dict, tmp_path: Path) -> None:
    from detector.train import load_trained, train_and_save

    settings = Settings(timezone=logs["tz"])
    size_mb = logs["combined"].stat().st_size / 1e6
    meta = train_and_save([logs["combined"]], settings.model_copy(update={"engine": "partitioned", "partition_mb": size_mb / 4}),
                          tmp_path / "m.joblib")
    assert meta["training_window"][0] < meta["training_window"][1]
    fitted_here, _ = analyse_logs([logs["combined"]], settings.model_copy(update={"engine": "memory"}))
    with_saved, _ = analyse_logs([logs["combined"]], settings.model_copy(update={"engine": "memory"}),
                                 model=load_trained(tmp_path / "m.joblib", settings))
    _same(fitted_here, with_saved)


def test_cli_workers_choose_the_processes_of_a_partitioned_scan(logs: dict, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from detector.cli import app

    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        result = CliRunner().invoke(app, ["scan", str(logs["combined"]), "--out", str(out), "--engine", "partitioned",
                                          "--workers", str(workers), "--quiet"])
        assert result.exit_code == 0, result.output
        summary = json.loads((out / "summary.json").read_text())
        assert (summary["engine"], summary["workers"]) == ("partitioned", workers)
    assert (tmp_path / "w1" / "alerts.jsonl").read_text() == (tmp_path / "w2" / "alerts.jsonl").read_text()
    bad = CliRunner().invoke(app, ["scan", str(logs["combined"]), "--out", str(tmp_path / "x"), "--workers", "0"])
    assert bad.exit_code != 0 and "workers" in bad.output.lower()


PROBE = """
import sys
from pathlib import Path

import detector.engine as engine
from detector.config import Settings

seen = []
spill_logs = engine.spill_logs


def probe(*args, **kwargs):
    seen.append("sklearn" in sys.modules)  # when the reading pass starts
    return spill_logs(*args, **kwargs)


if __name__ == "__main__":
    engine.spill_logs = probe
    analysis, _ = engine.analyse_logs([Path(sys.argv[1])], Settings(engine="partitioned", workers=1))
    print(seen, "sklearn" in sys.modules, len(analysis.alerts) > 0)
"""


def test_models_are_imported_while_the_reading_pass_runs_not_before(logs: dict, tmp_path: Path) -> None:
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    done = subprocess.run([sys.executable, str(script), str(logs["combined"])], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    # scikit-learn (about a second to import) is not loaded before the reading pass starts, and is by the end
    assert done.stdout.split() == ["[False]", "True", "True"]


def test_partitioned_scan_without_alerts_writes_empty_evidence(logs: dict, tmp_path: Path) -> None:
    """A log with nothing to alert on: the partitioned engine writes the memory engine's (empty) evidence files."""
    labels = json.loads((logs["combined"].parent / "labels.json").read_text(encoding="utf-8"))
    quiet = tmp_path / "quiet.log"
    with open(logs["combined"], encoding="utf-8") as src:  # ordinary staff only (accounts the labels do not list)
        ordinary = (line for line in src if line.split(" ")[2] not in ("-", *labels["accounts"]))
        quiet.write_text("".join(line for _, line in zip(range(2000), ordinary)), encoding="utf-8")
    settings = Settings(timezone=logs["tz"])
    memory = run_scan([quiet], settings.model_copy(update={"engine": "memory"}), out_dir=tmp_path / "m")
    assert memory.analysis.alerts == [], "ordinary staff: nothing to alert on"
    size_mb = quiet.stat().st_size / 1e6
    split = run_scan([quiet], settings.model_copy(update={"engine": "partitioned", "partition_mb": size_mb / 2}),
                     out_dir=tmp_path / "p")
    assert split.analysis.stats["engine"] == "partitioned"
    for name in ("alerts.jsonl", "routes.csv", "alert_features.csv", "evidence.json"):
        assert (tmp_path / "m" / name).read_text() == (tmp_path / "p" / name).read_text(), name
    for name in ("activity.parquet", "lanes.parquet", "alert_lines.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "m" / name), pd.read_parquet(tmp_path / "p" / name))


@pytest.mark.parametrize("text", ["", "\n", "\n\n   \n"])
def test_partitioned_scan_of_a_log_without_requests_reports_it_like_the_memory_engine(tmp_path: Path, text: str) -> None:
    """An empty (or blank) log: a warning and no alerts from either engine, never a traceback."""
    log = tmp_path / "empty.log"
    log.write_text(text, encoding="utf-8")
    results = {engine: run_scan([log], Settings(engine=engine, partition_mb=1e-6), out_dir=tmp_path / engine)
               for engine in ("memory", "partitioned")}
    assert results["partitioned"].analysis.stats["engine"] == "partitioned"
    for result in results.values():
        assert result.analysis.alerts == [] and len(result.analysis.sessions) == 0
        assert [w.split(": ", 1) for w in result.summary["warnings"]] == [
            [str(log), "empty file" if text == "" else "no log lines"]]
    for name in ("alerts.jsonl", "sessions.csv", "routes.csv", "alert_features.csv", "evidence.json"):
        assert (tmp_path / "memory" / name).read_text() == (tmp_path / "partitioned" / name).read_text(), name
