"""``python -m sample_logs.heldout``: write a held-out log and its labels."""

from .build import main

raise SystemExit(main())
