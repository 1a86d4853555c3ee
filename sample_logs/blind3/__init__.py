"""Third blind app: labelled access logs of *TidePool SIS*, a PHP district student-information system.

Designed without reading the detector.  Teachers take attendance and enter
grades, office staff look students up, counselors and registrars print
transcripts, the district pulls CALPADS extracts.  Abuse: vendor tools and
scripts walking student records with a staff member's login (fast and slow,
from cloud servers or from the staff member's own PC, scripts and real
browsers), bulk extract pulls, generic shared logins, passwords shared between
people, password guessing.  Benign look-alikes are labelled ``benign``.

Modules: :mod:`.world` (district, people, networks), :mod:`.app` (URL scheme,
login, one client's lines), :mod:`.staff` (ordinary days), :mod:`.abuse`,
:mod:`.lookalikes`, :mod:`.writers` (Apache ``vhost_combined``, nginx JSON
lines) and :mod:`.generate` (``generate(...)`` and the command line).
"""

def __getattr__(name: str):
    """Lazy ``generate`` (keeps ``python -m sample_logs.blind3.generate`` free of a double import)."""
    if name == "generate":
        from .generate import generate

        return generate
    raise AttributeError(name)

__all__ = ["generate"]
