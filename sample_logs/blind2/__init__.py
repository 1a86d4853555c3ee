"""A second blind app: labelled access logs of a special-education case-management system.

"Caseload" is a fictional Java/Spring MVC app of a Special Education Local Plan Area (SELPA),
designed without reading the detector, used only by ``make eval``
(:mod:`detector.evaluate.blind_apps`).  Entry point: :func:`generate_blind2`.
"""

from sample_logs.blind2.build import generate_blind2

__all__ = ["generate_blind2"]
