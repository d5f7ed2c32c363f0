"""`python -m storyreel`."""

from storyreel.cli import main

raise SystemExit(main())
