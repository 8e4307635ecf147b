"""`python -m cli` runs the `aict` command line."""

from cli.main import run

run()
