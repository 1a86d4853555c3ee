"""blind9: Calloway County Office of Education "Student Data Hub" — a blind, labelled log generator."""
from .generate import generate

__all__ = ["generate"]
