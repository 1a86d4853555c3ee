"""A third, independently designed student-records app, for blind evaluation only.

``sample_logs.blind`` writes labelled access logs of *LearnerHub*, an imaginary
state education agency's student-records portal: a single-page app over a REST
and GraphQL API, SSO through each district's identity provider, bulk
state-reporting extracts, websockets or long polling, health checks.  It was
designed without reading the detector (see ``sample_logs/README.md``) and is
used only by ``make eval`` (:mod:`detector.evaluate.blind_apps`).

Example
-------
>>> from sample_logs.blind import generate_blind
>>> labels = generate_blind("access.jsonl", "labels.json", seed=5, days=2, n_staff=200)  # doctest: +SKIP
"""

from sample_logs.blind.build import generate_blind

__all__ = ["generate_blind"]
