"""``detector.file_follower``: paths that cannot be followed, and rejected lines located in their file."""

from __future__ import annotations

import bz2
import gzip
import os

import pytest

from detector.file_follower import FileFollower, NotFollowable, TailError


def _lines(n: int, prefix: str = "line") -> str:
    return "".join(f"{prefix} {i:03d}\n" for i in range(1, n + 1))


def _read_all(follower: FileFollower, max_lines: int = 5000) -> list[str]:
    out: list[str] = []
    for _ in range(50):
        lines, _pos = follower.read(max_lines)
        if not lines:
            lines, _pos = follower.read(max_lines)  # a rotation is noticed at EOF, then read
            if not lines:
                return out
        out += lines
    return out


def test_a_directory_is_refused_with_a_clear_error(tmp_path):
    with pytest.raises(NotFollowable, match=r"is a directory: give the log files in it") as caught:
        FileFollower(tmp_path)
    assert isinstance(caught.value, TailError)  # what `detector tail` catches
    assert str(tmp_path) in str(caught.value)


def test_a_path_that_becomes_a_directory_is_refused_when_read(tmp_path):
    path = tmp_path / "later.log"
    follower = FileFollower(path)
    path.mkdir()
    with pytest.raises(NotFollowable, match="is a directory"):
        follower.read()


@pytest.mark.parametrize("name", ["access.log.1.gz", "access.log.1"])  # recognised by magic bytes, whatever the name
def test_a_gzip_file_is_refused_and_sent_to_scan(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(gzip.compress(_lines(5).encode()))
    with pytest.raises(NotFollowable, match=r"gzip-compressed: a compressed \(rotated\) log is not followed; read it with `detector scan`"):
        FileFollower(path)


def test_a_bzip2_file_is_refused(tmp_path):
    path = tmp_path / "access.log.bz2"
    path.write_bytes(bz2.compress(_lines(5).encode()))
    with pytest.raises(NotFollowable, match="bzip2-compressed"):
        FileFollower(path)


def test_compressed_bytes_written_into_an_empty_followed_file_are_refused(tmp_path):
    path = tmp_path / "access.log"
    path.write_bytes(b"")
    follower = FileFollower(path)
    path.write_bytes(gzip.compress(_lines(5).encode()))
    with pytest.raises(NotFollowable, match="gzip-compressed"):
        follower.read()


def test_a_plain_file_named_gz_is_followed(tmp_path):
    path = tmp_path / "plain.gz"
    path.write_text(_lines(2))
    assert _read_all(FileFollower(path)) == ["line 001", "line 002"]


def test_locate_gives_file_line_numbers_across_batches(tmp_path):
    path = tmp_path / "access.log"
    path.write_text(_lines(10))
    follower = FileFollower(path)
    assert follower.read(4)[0] == ["line 001", "line 002", "line 003", "line 004"]
    assert follower.read(4)[0][0] == "line 005"
    assert follower.locate(1) == (str(path), 5)
    assert follower.locate(3) == (str(path), 7)
    assert follower.last_batch_span() == (str(path), 5, 8)


def test_locate_after_resuming_from_a_checkpoint_counts_the_lines_before_it(tmp_path):
    path = tmp_path / "access.log"
    path.write_text(_lines(10))
    first = FileFollower(path)
    _lines_read, pos = first.read(6)
    first.close()
    resumed = FileFollower(path, {"dev": pos.dev, "inode": pos.inode, "offset": pos.offset, "fingerprint": pos.fingerprint})
    assert resumed.read(2)[0] == ["line 007", "line 008"]
    assert resumed.locate(2) == (str(path), 8)
    assert resumed.read(2)[0] == ["line 009", "line 010"]
    assert resumed.locate(1) == (str(path), 9)


def test_locate_across_a_rotation_restarts_numbering_in_the_new_file(tmp_path):
    path = tmp_path / "access.log"
    path.write_text(_lines(3))
    follower = FileFollower(path)
    assert _read_all(follower) == ["line 001", "line 002", "line 003"]
    with open(path, "a") as fh:
        fh.write("line 004\n\nline 006\n")  # a blank line is a line too
    os.rename(path, tmp_path / "access.log.1")
    path.write_text("new 001\nnew 002\n")
    assert follower.read()[0] == ["line 004", "", "line 006"]
    assert follower.locate(3) == (str(path), 6)
    assert follower.read()[0] == []  # EOF of the old file: the rotation is noticed
    assert follower.read()[0] == ["new 001", "new 002"]
    assert follower.locate(2) == (str(path), 2)


def test_locate_names_a_file_rotated_while_stopped(tmp_path):
    path = tmp_path / "access.log"
    path.write_text(_lines(4))
    first = FileFollower(path)
    _lines_read, pos = first.read(2)
    first.close()
    os.rename(path, tmp_path / "access.log.1")
    path.write_text("new 001\n")
    resumed = FileFollower(path, {"dev": pos.dev, "inode": pos.inode, "offset": pos.offset, "fingerprint": pos.fingerprint})
    assert resumed.read()[0] == ["line 003", "line 004"]
    assert resumed.locate(2) == (str(tmp_path / "access.log.1"), 4)
    assert resumed.read()[0] == ["new 001"]
    assert resumed.locate(1) == (str(path), 1)


def test_a_zeek_batch_gets_the_files_fields_directive(tmp_path):
    path = tmp_path / "http.log"
    path.write_text("#separator \\x09\n#fields\tts\turi\n1794920400.0\t/a\n")
    follower = FileFollower(path)
    _read_all(follower)
    with open(path, "a") as fh:
        fh.write("1794920401.0\t/b\n")
    lines, _pos = follower.read()
    assert lines == ["#fields\tts\turi", "1794920401.0\t/b"]
    assert follower.locate(2) == (str(path), 4)


def test_locate_skips_the_w3c_header_the_follower_prefixes(tmp_path):
    path = tmp_path / "ex.log"
    path.write_text("#Software: IIS\n#Fields: date time cs-method\n2026-09-14 10:00:00 GET\n")
    follower = FileFollower(path)
    _read_all(follower)
    with open(path, "a") as fh:
        fh.write("2026-09-14 10:00:01 GET\n2026-09-14 10:00:02 GET\n")
    lines, _pos = follower.read()
    assert lines[0].startswith("#Fields:")  # not a line of the file
    assert follower.locate(1) == (str(path), None)
    assert follower.locate(3) == (str(path), 5)
