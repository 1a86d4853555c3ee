"""blind23: "Keystone Records", a state's student-records system behind an F5 BIG-IP ASM; blind test logs."""
from .generate import generate  # noqa: F401
