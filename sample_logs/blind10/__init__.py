"""blind10: blind test logs of a made-up district SIS ("Lodestar", legacy PHP on Apache) with labels."""
from .generate import generate

__all__ = ["generate"]
