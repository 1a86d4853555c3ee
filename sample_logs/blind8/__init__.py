"""blind8: Lanternline (district attendance & student-supports) log generator,
Heroku drain or ingress-nginx CRI format.  See README.md."""
from .generate import generate

__all__ = ["generate"]
