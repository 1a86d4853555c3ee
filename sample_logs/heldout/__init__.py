"""A second, independently designed labelled log generator, used only for held-out evaluation.

It writes the access log of a different student-information system than
:mod:`sample_logs` (an ASP.NET district SIS with query-string pupil IDs,
UUID JSON endpoints, OpenID Connect sign-in, SignalR and keep-alive polling),
in IIS W3C (default) or nginx format, with labels in the shape
:mod:`detector.evaluate.score_scan` reads.  Only ``make eval``
(:mod:`detector.evaluate.heldout`) uses it to measure detection; tests check
the generator itself, never detection figures, and nothing is tuned on it.
"""

from .build import generate_heldout

__all__ = ["generate_heldout"]
