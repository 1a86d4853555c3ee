"""Checks made before a run: output places can be written, service URLs are usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.config import ConfigError
from detector.preflight import check_service_url, writable_directory, writable_file


def test_writable_directory_creates_or_refuses(tmp_path: Path) -> None:
    made = writable_directory(tmp_path / "a" / "b", "spill directory")
    assert made.is_dir() and not any(made.iterdir())  # created, and the probe removed
    afile = tmp_path / "file"
    afile.write_text("keep")
    with pytest.raises(ConfigError, match=r"spill directory .*file is not a directory$"):
        writable_directory(afile, "spill directory")
    with pytest.raises(ConfigError, match=r"output directory .*file/sub is not a directory \(.*file is a file\)"):
        writable_directory(afile / "sub", "output directory")
    assert afile.read_text() == "keep"


def test_writable_directory_can_leave_nothing_behind(tmp_path: Path) -> None:
    assert writable_directory(tmp_path / "a" / "b", "output directory", keep=False) == tmp_path / "a" / "b"
    assert list(tmp_path.iterdir()) == []


def test_writable_file_refuses_directories_and_file_parents(tmp_path: Path) -> None:
    assert writable_file(tmp_path / "new" / "m.joblib", "model file") == tmp_path / "new" / "m.joblib"
    assert list(tmp_path.iterdir()) == []  # checked, nothing left
    with pytest.raises(ConfigError, match="model file .* is a directory"):
        writable_file(tmp_path, "model file")
    (tmp_path / "f").write_text("")
    with pytest.raises(ConfigError, match="cannot write model file .*: .*f is not a directory"):
        writable_file(tmp_path / "f" / "m.joblib", "model file")


@pytest.mark.parametrize(
    ("url", "problem"),
    [("not a url", "not http or https"), ("ftp://host", "not http or https"), ("http://", "expected"),
     ("http://host:99999", "bad port"), ("http://host/?q=1", "expected")],
)
def test_service_url_checked(url: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        check_service_url(url)
    assert check_service_url("https://detector.example.org:8443/prefix") == "https://detector.example.org:8443/prefix"
