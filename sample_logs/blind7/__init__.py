"""Blind test app 7: Cairn Records Exchange (statewide transcript / records-transfer portal).

Synthetic Cloudflare Logpush or Google Cloud LB request logs with labels. See README.md.
"""
from .generate import generate

__all__ = ["generate"]
