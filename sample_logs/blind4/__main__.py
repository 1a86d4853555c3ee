"""`python -m sample_logs.blind4 --out DIR ...` (same as `python -m sample_logs.blind4.generate`)."""
from .generate import main

main()
