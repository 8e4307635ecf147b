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

The runner owns its child's signals (issue 16): the child runs in a session of its own, so a
signal to the task's process group (Ctrl+C, Airflow's supervisor) never reaches it directly and
it gets exactly one SIGTERM, from here — a second signal would make Scrapy stop at once and
lose its queue. Airflow 3's task runner answers SIGTERM only by calling ``on_kill()`` and its
supervisor forwards SIGINT/SIGTERM to the task's own PID, so a SIGTERM or SIGINT reaching the
task is forwarded to the child here, then the task waits for the graceful stop and fails with
the child's resume hint. If the task dies without a word (SIGKILL, a lost worker), the kernel
sends the child SIGTERM (Linux ``PR_SET_PDEATHSIG``): it stops gracefully, no orphan. The
signal comes once per dying thread of the task process, so the command runs under
:mod:`orchestration.onestop`, which passes on the first stop signal only.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from types import FrameType
from typing import IO, Any

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


#: The logger the child's WARNING and ERROR lines go to: Airflow's task log keeps their level.
CHILD_LOGGER = "aict.command"
#: A Python/Scrapy log line: ``2026-12-04 10:00:00 [name] WARNING: message``.
_LEVEL = re.compile(r"^\S+ \S+ \[[^\]]+\] (DEBUG|INFO|WARNING|ERROR|CRITICAL): ")


def line_level(line: str, previous: int) -> int:
    """The log level of one line of the child's stderr.

    A log header gives its level; the CLI's own ``aict: …`` lines (failed sources, a stop)
    are warnings; any other line (a traceback) continues the entry above it.
    """
    header = _LEVEL.match(line)
    if header:
        return logging.getLevelNamesMapping()[header.group(1)]
    return logging.WARNING if line.startswith("aict: ") else previous


class _Echo:
    """Copies the child's output to the task log as lines arrive, each at its own level.

    Airflow logs whatever a task prints at INFO, so a failing feed's WARNING would read as
    INFO (issue 16): stdout and INFO lines are printed as before, WARNING and ERROR lines go
    through :data:`CHILD_LOGGER`, which Airflow's task log records with their level.
    """

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.stderr_tail: deque[str] = deque(maxlen=_TAIL)
        self._lock = threading.Lock()
        self._logger = logging.getLogger(CHILD_LOGGER)
        self._threads = [
            threading.Thread(target=self._copy, args=(proc.stdout, None), daemon=True),
            threading.Thread(target=self._copy, args=(proc.stderr, self.stderr_tail), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _copy(self, stream: IO[str] | None, tail: deque[str] | None) -> None:
        if stream is None:
            return
        level = logging.INFO
        with stream:
            for line in stream:
                line = line.rstrip("\n")
                # Only stderr carries log entries; stdout is the command's summary.
                level = line_level(line, level) if tail is not None else logging.INFO
                self._emit(line, level)
                if tail is not None and line.strip():
                    tail.append(line.strip())

    def _emit(self, line: str, level: int) -> None:
        with self._lock:
            if level >= logging.WARNING:
                self._logger.log(level, line)
            else:
                print(line, flush=True)

    def join(self) -> None:
        deadline = time.monotonic() + _DRAIN_S
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def tail(self) -> str:
        return " | ".join(self.stderr_tail) or "no message"


def _signal_group(proc: subprocess.Popen[str], sig: signal.Signals) -> None:
    """``sig`` to the child's process group (its own session: the child and anything it runs),
    for the SIGKILL that must leave nothing behind."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def stop_child(proc: subprocess.Popen[str], grace_s: float, *, terminate: bool = True) -> str:
    """SIGTERM, up to ``grace_s`` seconds to exit, then SIGKILL; says how it ended.

    ``terminate=False`` only waits before the kill, for a child already signalled. Whatever
    interrupts the wait (a second timeout, Ctrl+C), the child never outlives this call.
    """
    try:
        if terminate:
            # The command alone: it stops its own helpers (the extraction worker) gracefully.
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
            return f"killed after a {grace_s:.0f} s grace period"
        return f"stopped by SIGTERM (exit code {code})" if terminate else f"exited ({code})"
    finally:
        if proc.poll() is None:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: SIGTERM to this child when the task process dies, whatever killed it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: the task's own handlers still stop the child


class _Forwarded(Exception):
    """The task was asked to stop (SIGTERM or SIGINT); the child got SIGTERM from us."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


#: What ``signal.getsignal`` returns and ``signal.signal`` takes (typeshed's private _HANDLER).
_SignalHandler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


class _ForwardStops:
    """While the task waits: SIGTERM and SIGINT to the task become one SIGTERM to the child.

    Installed only in the main thread (Python's rule for signal handlers). Airflow's own
    SIGTERM handler (it calls ``on_kill()``) still runs after ours.
    """

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.signum: int | None = None
        self._previous: dict[int, _SignalHandler] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = self.signum is None
        if first:
            self.signum = signum
            self.proc.send_signal(signal.SIGTERM)
        previous = self._previous.get(signum)
        if signum == signal.SIGTERM and callable(previous):
            previous(signum, frame)
        if first:
            raise _Forwarded(signum)

    def __enter__(self) -> _ForwardStops:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                self._previous[sig] = signal.getsignal(sig)
                signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def _start(args: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[str]:
    """``aict ARGS`` in a session of its own (only this runner signals it, module docstring),
    under a one-thread parent that passes on one stop signal only (``orchestration/onestop.py``):
    the parent-death signal comes once per dying thread of this task process (issue 16 item 3).
    """
    return subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "orchestration.onestop", *aict_argv(args)],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - only prctl, before exec
    )


def _wait(
    proc: subprocess.Popen[str], echo: _Echo, label: str, timeout_s: float, grace: float
) -> int:
    """The child's exit code; raises :class:`CommandFailed` when it had to be stopped."""
    stopped = None
    try:
        with _ForwardStops(proc):
            try:
                returncode = proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                stopped = stop_child(proc, grace)
                returncode = proc.returncode
    except _Forwarded as asked:
        # The child already has its SIGTERM: wait for its graceful stop, then say so.
        how = stop_child(proc, grace, terminate=False)
        echo.join()
        raise CommandFailed(
            f"{label}: the task got {signal.Signals(asked.signum).name}, the command "
            f"{how}: {echo.tail()}"
        ) from None
    except BaseException:
        if proc.poll() is None:
            stop_child(proc, grace)  # Airflow's execution_timeout, or any other interruption
        raise
    finally:
        echo.join()
    if stopped is not None:
        raise CommandFailed(f"{label}: timed out after {timeout_s:.0f} s, {stopped}: {echo.tail()}")
    return returncode


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
    proc = _start(args, child_env(database_url, extra_env))
    echo = _Echo(proc)
    returncode = _wait(proc, echo, label, timeout_s, grace)
    if returncode not in (EXIT_OK, EXIT_SOURCES_FAILED):
        raise CommandFailed(f"{label}: exit code {returncode}: {echo.tail()}")
    return CommandResult(label, returncode, returncode == EXIT_SOURCES_FAILED)


def run_task(args: Sequence[str], task_timeout: timedelta) -> dict[str, object]:
    """What a DAG task does: ``aict ARGS`` on the observatory database (connection ``aict_db``)
    within a little less than the task's ``execution_timeout``; the task's XCom."""
    from orchestration.connections import database_url
    from orchestration.policy import seconds

    return run_aict(args, database_url(), timeout_s=seconds(task_timeout)).as_xcom()


def only_args(command: Sequence[str], slugs: Sequence[str]) -> list[str]:
    """``COMMAND --only a --only b …`` for one batch of sources."""
    args = list(command)
    for slug in slugs:
        args += ["--only", slug]
    return args


def failed_commands(results: Sequence[Mapping[str, object] | None]) -> list[str]:
    """The commands (from task XComs) that reported failed sources with exit code 3."""
    return [str(r["command"]) for r in results if r and r.get("sources_failed")]
