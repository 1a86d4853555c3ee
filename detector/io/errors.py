"""Exceptions raised by the log-reading layer."""

from __future__ import annotations


class LogReadError(Exception):
    """A log file cannot be read or yields nothing usable.

    The message is a single line that names the file and the problem; it
    never quotes log content (lines carry student identifiers).
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


class UnknownFormatError(LogReadError):
    """The format of a log could not be recognised from its first lines."""


class LogFormatError(ValueError):
    """An Apache ``LogFormat`` string uses syntax this reader cannot compile."""


__all__ = ["LogReadError", "UnknownFormatError", "LogFormatError"]
