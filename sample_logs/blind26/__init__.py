"""blind26: synthetic, labelled Apache access logs of "Harbor SIS" (Harbor City Public Schools) for blind tests."""
from .generate import generate  # noqa: F401
