"""Run one ``aict`` command in its own process, the way every DAG task calls the pipeline.

Twisted's reactor cannot restart and a crawl may leak memory, so each crawl gets a fresh
interpreter (STYLE rule 2). The database URL travels in the child's environment, never on its
command line, where it would show in logs and ``ps``. Exit codes follow the CLI contract:
0 done, 3 done but some sources failed (the task succeeds and a watcher reports it),
anything else fails the task.

A child that must stop (its timeout passed, or the task itself was interrupted: Airflow's
``execution_timeout`` raises inside the task) first gets SIGTERM, Scrapy's graceful stop: the
requests in flight finish and a crawl with ``--jobdir`` saves its queue, so the retry resumes
(reliability.md A17). Only a child still running after the grace period is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import IO

EXIT_OK, EXIT_SOURCES_FAILED = 0, 3
#: Lines of the child's stderr kept in the error message (the full output is in the task log).
_TAIL = 5
#: Grace between SIGTERM and SIGKILL: at most 2 minutes, and 5 % of the timeout, so that
#: timeout + grace stays within the task's ``execution_timeout`` (``policy.seconds`` leaves 5 %).
GRACE_MAX_S = 120.0
GRACE_SHARE = 0.05
#: How long the output readers may lag behind the child's exit (a grandchild may hold a pipe).
_DRAIN_S = 10.0


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


def default_grace(timeout_s: float) -> float:
    """Seconds a stopping child gets between SIGTERM and SIGKILL."""
    return min(GRACE_MAX_S, GRACE_SHARE * timeout_s)


class _Echo:
    """Copies the child's stdout and stderr to our stdout (the task log) as lines arrive."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.stderr_tail: deque[str] = deque(maxlen=_TAIL)
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._copy, args=(proc.stdout, None), daemon=True),
            threading.Thread(target=self._copy, args=(proc.stderr, self.stderr_tail), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _copy(self, stream: IO[str] | None, tail: deque[str] | None) -> None:
        if stream is None:
            return
        with stream:
            for line in stream:
                line = line.rstrip("\n")
                with self._lock:
                    print(line, flush=True)
                if tail is not None and line.strip():
                    tail.append(line.strip())

    def join(self) -> None:
        deadline = time.monotonic() + _DRAIN_S
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def tail(self) -> str:
        return " | ".join(self.stderr_tail) or "no message"


def stop_child(proc: subprocess.Popen[str], grace_s: float, *, terminate: bool = True) -> str:
    """SIGTERM, up to ``grace_s`` seconds to exit, then SIGKILL; says how it ended.

    ``terminate=False`` only waits before the kill, for a child already signalled. Whatever
    interrupts the wait (a second timeout, Ctrl+C), the child never outlives this call.
    """
    try:
        if terminate:
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return f"killed after a {grace_s:.0f} s grace period"
        return f"stopped by SIGTERM (exit code {code})" if terminate else f"exited ({code})"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def run_aict(
    args: Sequence[str],
    database_url: str,
    *,
    timeout_s: float,
    grace_s: float | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> CommandResult:
    """Run ``aict ARGS``; return on exit 0 or 3, raise :class:`CommandFailed` otherwise.

    The child's output is echoed line by line to our stdout, which Airflow captures in the
    task log. After ``timeout_s`` the child gets SIGTERM, then SIGKILL ``grace_s`` seconds
    later (default :func:`default_grace`), so a hung reactor never outlives the task; an
    exception while waiting (Airflow's ``execution_timeout``) stops it the same way and is
    raised again.
    """
    label = "aict " + " ".join(args)
    grace = default_grace(timeout_s) if grace_s is None else grace_s
    # Same process group as the task: when Airflow signals the task's group (a cleared or
    # killed task), the crawl hears it too and a kill -9 of the group leaves no orphan.
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        aict_argv(args),
        env=child_env(database_url, extra_env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    echo = _Echo(proc)
    stopped = None
    try:
        try:
            returncode = proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            stopped = stop_child(proc, grace)
            returncode = proc.returncode
    except BaseException as exc:
        if proc.poll() is None:
            # A SIGINT (Ctrl+C, Airflow's supervisor) reached our whole process group, the
            # child included: a second signal would make Scrapy stop at once, losing its queue.
            stop_child(proc, grace, terminate=not isinstance(exc, KeyboardInterrupt))
        raise
    finally:
        echo.join()
    if stopped is not None:
        raise CommandFailed(f"{label}: timed out after {timeout_s:.0f} s, {stopped}: {echo.tail()}")
    if returncode not in (EXIT_OK, EXIT_SOURCES_FAILED):
        raise CommandFailed(f"{label}: exit code {returncode}: {echo.tail()}")
    return CommandResult(label, returncode, returncode == EXIT_SOURCES_FAILED)


def only_args(command: Sequence[str], slugs: Sequence[str]) -> list[str]:
    """``COMMAND --only a --only b …`` for one batch of sources."""
    args = list(command)
    for slug in slugs:
        args += ["--only", slug]
    return args


def failed_commands(results: Sequence[Mapping[str, object] | None]) -> list[str]:
    """The commands (from task XComs) that reported failed sources with exit code 3."""
    return [str(r["command"]) for r in results if r and r.get("sources_failed")]
