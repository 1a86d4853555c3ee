"""blind16: blind test generator of Squid reverse-proxy logs for the "Roster Point" SIS (see README.md)."""
from .generate import generate

__all__ = ["generate"]
