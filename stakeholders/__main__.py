"""``python -m stakeholders``: the command-line interface."""

from stakeholders.cli import main

raise SystemExit(main())
