"""The RE2/Arrow fast path gives exactly what the Python line parser gives."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from detector.io import parse_lines, read_logs
from detector.io.apache import LogFormatParser, combined_parser, common_parser
from detector.io.fastpath import FastPath
from detector.io.logformat import CompiledFormat
from detector.io.reader import _parse_chunk

from ._helpers import CERTH_FORMAT, assert_schema, fixture_lines

GOOD = '10.1.2.3 - jdoe [17/May/2015:10:05:03 +0000] "GET /s/{i}?x=1 HTTP/1.1" 200 {i} "-" "Mozilla/5.0 (X11)"'
ODD = [
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /a\\" HTTP/1.1" 200 5 "-" "ua"',  # escaped quote
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "ua" extra 1',  # trailing fields
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "Agent é"',  # not ASCII
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "tab\there"',
    '10.1.2.3 - - [17/May/2015:10:05:03  +0000] "GET /a HTTP/1.1" 200 5 "-" "ua"',  # two spaces in %t
    '10.1.2.3 - a"b [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "ua"',  # quote in a token
    '"10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "ua""',  # wrapped in quotes
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5',  # common line in a combined log
    '10.1.2.3 - - [32/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "ua"',  # bad date
    '10.1.2.3 - - [2015-05-17T10:05:03Z x] "GET /a HTTP/1.1" 200 5 "-" "ua"',
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 12345678901234567890 "-" "ua"',
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "\\x16\\x03\\x01" 400 0 "-" "-"',  # TLS junk
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET http://h/x HTTP/1.1" 200 5 "" ""',
    '- - - [17/May/2015:10:05:03 +0000] "POST / HTTP/1.0" - - "-" "-"',
    "binary \x00 junk",
    "",
    "   ",
    "garbage",
    'Sep 15 16:13:46 web1 nginx[1]: 10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "ua"',
    '<190>1 2015-05-17T10:05:03Z web1 nginx - - - 10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /b HTTP/1.1" 200 5',
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "-" 408 - "-" "-"',  # no request
    '10.1.2.3 - - [17/May/2015:10:05:03 +0000] "" 400 0 "-" "-"',
]
REAL = [line for name in ("elastic_apache_combined.log", "honeynet_chuvakin_2004_combined.log",
                          "ocatak_w3af_quoted.log", "certh_webbot_phase1.log") for line in fixture_lines(name)]


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: categoricals as objects, NaN for missing (category order is not part of the contract)."""
    out = frame.reset_index(drop=True).copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def as_pieces(lines: list[str], sizes: list[int], final_newline: bool = True) -> tuple[list[bytes], list[int]]:
    """The lines as raw byte pieces of the given line counts (the reader's blocks)."""
    pieces, counts, pos = [], [], 0
    for size in sizes:
        part = lines[pos:pos + size]
        if part:
            pieces.append("".join(line + "\n" for line in part).encode())
            counts.append(len(part))
        pos += size
    if pos < len(lines):
        pieces.append("".join(line + "\n" for line in lines[pos:]).encode())
        counts.append(len(lines) - pos)
    if pieces and not final_newline and lines[-1]:  # (an empty last line only exists with its newline)
        pieces[-1] = pieces[-1][:-1]
    return pieces, counts


def check_same(parser: LogFormatParser, lines: list[str], sizes: list[int], final_newline: bool = True) -> None:
    pieces, counts = as_pieces(lines, sizes, final_newline)
    fast, fast_rejects = parser.parse_bytes(pieces, counts, 5, 2)
    slow, slow_rejects = _parse_chunk(type(parser)(parser.compiled.log_format, parser.name,
                                                   parser.compiled.optional_after), lines, 5, 2, "x")
    assert_schema(fast)
    pd.testing.assert_frame_equal(plain(fast), plain(slow))
    assert fast_rejects == [(r.line_no, r.reason) for r in slow_rejects]


PARSERS = {"combined": combined_parser, "common": common_parser, "certh": lambda: LogFormatParser(CERTH_FORMAT)}


@pytest.mark.parametrize("name", list(PARSERS))
def test_real_and_odd_lines_same_as_python(name):
    lines = [GOOD.format(i=i) for i in range(50)] + ODD + REAL
    check_same(PARSERS[name](), lines, [7, 60, 3])


def test_canonical_lines_take_the_fast_path_and_the_rest_do_not():
    fast = combined_parser().fast_path
    lines = [GOOD.format(i=0), *ODD, GOOD.format(i=1)]
    pieces, counts = as_pieces(lines, [len(lines)])
    good, table, bad, raw = fast.split(pieces, counts)
    assert table.num_rows == len(good) and len(raw) == len(bad) and len(good) + len(bad) == len(lines)
    assert {0, len(lines) - 1} <= set(good)
    # escaped or stray quotes, trailing fields, non-ASCII, tabs, two spaces, wrapping, a short line,
    # an oversized number, a non-path target, NUL, blank and garbage lines all go to the Python parser
    assert set(range(1, 9)) | {11, 12, 13, 15, 16, 17, 18, 19} - {len(lines) - 1} <= set(bad) | {19}
    assert {9, 10, 14} <= set(good)  # canonical in shape (bad date, ISO-ish time, all '-'): same values either way


def test_a_last_empty_line_without_its_own_line_end_is_not_a_record():
    """The service joins a body's lines with newlines: ``line\\n\\n`` is two lines, one canonical and an empty last
    one with no line end of its own; blank lines may come between.  The canonical lines are read with their line
    numbers, the blank ones skipped, as the Python parser does (a 503 until session 15)."""
    parser = combined_parser()
    for lines in ([GOOD.format(i=1), ""], [GOOD.format(i=1), GOOD.format(i=2), "", ""], ["", GOOD.format(i=3), "", ""]):
        data = "\n".join(lines).encode()
        frame, rejects = parser.parse_bytes([data], [len(lines)], 1, 0)
        assert rejects == [] and frame["line_no"].tolist() == [i + 1 for i, line in enumerate(lines) if line]
        good, table, bad, raw = parser.fast_path.split([data], [len(lines)])
        assert (0 if table is None else table.num_rows) == len(good) and len(good) + len(bad) == len(lines)
        check_same(parser, lines[:-1], [len(lines)], final_newline=True)


def test_formats_without_a_fast_path():
    for fmt in ('%h %t %U%q', '%{%d/%b/%Y %T}t %h "%r"', '%h "%t" "%r"', '"%h %t %r"', "%h %t %m %U"):
        assert FastPath.build(CompiledFormat(fmt)) is None, fmt


LINE_TEXT = st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x2FF, exclude_characters="\n\r"),
                    max_size=20)


@st.composite
def mutated(draw) -> str:
    line = draw(st.sampled_from([GOOD.format(i=draw(st.integers(0, 10**6))), *REAL[:200], *ODD]))
    i = draw(st.integers(0, len(line)))
    j = draw(st.integers(i, min(len(line), i + 8)))
    return line[:i] + draw(LINE_TEXT) + line[j:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(mutated(), st.sampled_from(ODD), st.just(GOOD.format(i=7))), min_size=1, max_size=30),
       sizes=st.lists(st.integers(1, 10), max_size=4), final_newline=st.booleans(),
       name=st.sampled_from(list(PARSERS)))
@example(lines=[GOOD.format(i=1) + " \\"], sizes=[], final_newline=True, name="combined")
def test_any_lines_same_as_python(lines, sizes, final_newline, name):
    check_same(PARSERS[name](), lines, sizes, final_newline)


def test_read_logs_matches_parse_lines_on_awkward_files(tmp_path):
    lines = [GOOD.format(i=i) for i in range(30)] + ODD + [GOOD.format(i=99)]
    text = "\ufeff" + "\r\n".join(lines)  # BOM, CRLF, no final newline
    path = tmp_path / "a.log"
    path.write_bytes(text.encode("utf-8"))
    frame, report = read_logs(path, fmt="combined")
    expected, rejected, _ = parse_lines(text[1:].split("\r\n"), "combined", file_label=str(path))
    pd.testing.assert_frame_equal(plain(frame), plain(expected))
    assert report.rejected_samples == rejected
    assert_schema(frame)
    assert np.array_equal(frame.line_no, expected.line_no)


def test_parse_threads_can_be_set_per_process() -> None:
    from detector.io import fastpath

    try:
        fastpath.set_parse_threads(1)
        assert fastpath._pool()._max_workers == 1
        fastpath.set_parse_threads(None)
        assert fastpath._pool()._max_workers == max(1, min(os.cpu_count() or 1, 8))
        with pytest.raises(ValueError, match="at least 1"):
            fastpath.set_parse_threads(0)
    finally:
        fastpath.set_parse_threads(None)
