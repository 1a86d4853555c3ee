"""blind4: labelled access-log generator for a CALPADS-style state student data system (written blind)."""
from .generate import generate
from .writers import FORMATS

__all__ = ["generate", "FORMATS"]
