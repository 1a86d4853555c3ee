"""blind11: Meridian Peaks Public Schools "Wayfinder" (Elixir/Phoenix LiveView) behind a CDN; blind test logs."""
from .generate import generate  # noqa: F401
