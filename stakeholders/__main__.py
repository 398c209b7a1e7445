"""``python -m stakeholders``: the command-line interface."""

from stakeholders.cli import main

if __name__ == "__main__":  # not when a spawned worker process (the benchmark's) re-imports this module
    raise SystemExit(main())
