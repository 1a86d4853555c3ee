"""Escapes nginx and Apache write into text fields are undone (detector.io.escapes)."""

from __future__ import annotations

import pandas as pd
import pytest

from detector.io.apache import combined_parser
from detector.io.escapes import unescape_field, unescape_text_columns
from detector.io.reader import parse_lines


@pytest.mark.parametrize(("logged", "sent"), [
    (r"DISTRICT\x5Cjdoe", "DISTRICT\\jdoe"),  # nginx
    (r"DISTRICT\\jdoe", "DISTRICT\\jdoe"),  # Apache
    (r"Jos\xC3\xA9", "José"),  # escaped UTF-8 bytes
    (r"say \"hi\"", 'say "hi"'),
    ("plain@district.org", "plain@district.org"),
    ("José \\x", "José \\x"),  # not an escape: kept
    (r"\xFF", "\xff"),  # a lone byte that is not UTF-8 stays a character
])
def test_unescape_field(logged: str, sent: str) -> None:
    assert unescape_field(logged) == sent


def _line(user: str, agent: str = "Mozilla/5.0 (Windows NT 10.0) Chrome/128.0 Safari/537.36") -> str:
    return f'203.0.113.5 - {user} [14/Sep/2026:08:00:01 -0700] "GET /students/1 HTTP/1.1" 200 5 "-" "{agent}"'


def test_one_account_whether_nginx_or_apache_escaped_it() -> None:
    lines = [_line(r"DISTRICT\x5Cjdoe"), _line(r"DISTRICT\\jdoe"), _line("maria@district.org"),
             _line("x", r"Agent with \"quotes\"")]
    frame, rejects, _ = parse_lines(lines, "combined")
    assert rejects == []
    assert list(frame["user"].astype(str)) == ["DISTRICT\\jdoe", "DISTRICT\\jdoe", "maria@district.org", "x"]
    assert frame["user"].cat.categories.tolist().count("DISTRICT\\jdoe") == 1
    assert frame["user_agent"].astype(str).iloc[3] == 'Agent with "quotes"'


def test_fast_and_slow_paths_unescape_alike() -> None:
    lines = [_line(r"DISTRICT\x5Cjdoe"), _line(r"DISTRICT\\jdoe")]
    data = [("\n".join(lines) + "\n").encode()]
    from_bytes, _ = combined_parser().parse_bytes(data, [len(lines)], 1, 0)
    from_text, _ = combined_parser().parse(lines, 1, 0)
    assert list(from_bytes["user"].astype(str)) == list(from_text["user"].astype(str)) == ["DISTRICT\\jdoe"] * 2


def test_frames_without_escapes_are_left_alone() -> None:
    frame = pd.DataFrame({"user": pd.Categorical(["a", None, "b"]), "user_agent": pd.Categorical(["x", "y", "x"])})
    before = frame.copy()
    pd.testing.assert_frame_equal(unescape_text_columns(frame), before)
