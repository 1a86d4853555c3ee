"""blind21: synthetic, labelled Zeek http.log / Suricata eve.json of "ScoreView", a state assessment-results
portal behind HTTP Basic auth (made up; standard library only; deterministic from the seed)."""
from .generate import FORMATS, LOG_NAME, generate

__all__ = ["generate", "FORMATS", "LOG_NAME"]
