"""`aict` console script: imports every command module so it registers on the app, then runs."""

from __future__ import annotations

import sys

import typer

from cli import (  # noqa: F401  (registers commands)
    crawl,
    db,
    demo,
    digest,
    jobs,
    measure,
    registers,
    setup,
    sources,
    tagging,
    tags,
)
from cli.app import app
from cli.environment import CliSettings


def run() -> None:
    """Console-script entry point; Ctrl+C gives one line and exit code 130."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("aict: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the one-line contract, traceback on demand
        if CliSettings.from_env().debug:
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        typer.echo(
            f"aict: error: {type(exc).__name__}: {first} (AICT_DEBUG=1 shows the traceback)",
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    run()
