"""`aict` console script: imports every command module so it registers on the app, then runs."""

from __future__ import annotations

import sys

import typer

from cli import digest, setup, tagging  # noqa: F401  (registers commands)
from cli.app import app


def run() -> None:
    """Console-script entry point; Ctrl+C gives one line and exit code 130."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("aict: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    run()
