"""blind15: synthetic, labelled logs of "Ledger", a Rails student-records system (blind test generator)."""
from .generate import FORMATS, generate

__all__ = ["generate", "FORMATS"]
