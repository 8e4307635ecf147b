"""Run one ``aict`` command in its own process, the way every DAG task calls the pipeline.

Twisted's reactor cannot restart and a crawl may leak memory, so each crawl gets a fresh
interpreter (STYLE rule 2). The database URL travels in the child's environment, never on its
command line, where it would show in logs and ``ps``. Exit codes follow the CLI contract:
0 done, 3 done but some sources failed (the task succeeds and a watcher reports it),
anything else fails the task.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

EXIT_OK, EXIT_SOURCES_FAILED = 0, 3
#: Lines of the child's stderr kept in the error message (the full output is in the task log).
_TAIL = 5


class CommandFailed(RuntimeError):
    """The command exited with a code the pipeline treats as a failure."""


@dataclass(frozen=True)
class CommandResult:
    """What a task returns through XCom: small, and free of any credential."""

    command: str
    returncode: int
    sources_failed: bool

    def as_xcom(self) -> dict[str, object]:
        return asdict(self)


def aict_argv(args: Sequence[str]) -> list[str]:
    """``aict ARGS`` run with the current interpreter (the worker's virtualenv)."""
    return [sys.executable, "-m", "cli", *args]


def child_env(database_url: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The worker's environment plus ``AICT_DATABASE_URL`` (and any ``extra`` settings)."""
    env = dict(os.environ)
    env["AICT_DATABASE_URL"] = database_url
    env.update(extra or {})
    return env


def run_aict(
    args: Sequence[str],
    database_url: str,
    *,
    timeout_s: float,
    extra_env: Mapping[str, str] | None = None,
) -> CommandResult:
    """Run ``aict ARGS``; return on exit 0 or 3, raise :class:`CommandFailed` otherwise.

    The child's output is echoed to our stdout, which Airflow captures in the task log.
    ``timeout_s`` kills the child, so a hung reactor never outlives the task.
    """
    label = "aict " + " ".join(args)
    try:
        proc = subprocess.run(  # noqa: S603 - fixed argv, no shell
            aict_argv(args),
            env=child_env(database_url, extra_env),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CommandFailed(f"{label}: killed after {timeout_s:.0f} s") from None
    for line in (proc.stdout + proc.stderr).splitlines():
        print(line)
    if proc.returncode not in (EXIT_OK, EXIT_SOURCES_FAILED):
        tail = " | ".join(proc.stderr.strip().splitlines()[-_TAIL:]) or "no message"
        raise CommandFailed(f"{label}: exit code {proc.returncode}: {tail}")
    return CommandResult(label, proc.returncode, proc.returncode == EXIT_SOURCES_FAILED)


def only_args(command: Sequence[str], slugs: Sequence[str]) -> list[str]:
    """``COMMAND --only a --only b …`` for one batch of sources."""
    args = list(command)
    for slug in slugs:
        args += ["--only", slug]
    return args


def failed_commands(results: Sequence[Mapping[str, object] | None]) -> list[str]:
    """The commands (from task XComs) that reported failed sources with exit code 3."""
    return [str(r["command"]) for r in results if r and r.get("sources_failed")]
