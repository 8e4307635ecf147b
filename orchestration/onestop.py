"""``python -m orchestration.onestop COMMAND...``: run COMMAND and pass it exactly one stop signal.

The runner (``orchestration/runner.py``) starts each ``aict`` command through this small,
single-threaded parent. Why: the command must get one SIGTERM when its task dies, and Linux's
``PR_SET_PDEATHSIG`` sends the signal again each time the child passes from a dying thread of its
parent to the next; Airflow's task process has several threads, so a crawl whose worker was
killed got two SIGTERMs, and Scrapy stops at once on the second, without saving its queue
(issue 16 item 3). Here the first SIGTERM or SIGINT (from the runner, or the parent-death
signal, however many times it comes) becomes one SIGTERM to COMMAND, whose own parent-death
signal is relative to this one-thread process; later ones are ignored. The exit code is
COMMAND's (128 + N when a signal N ended it).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        return


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m orchestration.onestop COMMAND...", file=sys.stderr)
        return 2
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover - the command
        _die_with_parent()
        if os.getppid() != parent:  # this process died between fork and prctl
            os._exit(143)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    sent = False

    def forward(signum: int, frame: object) -> None:
        nonlocal sent
        if not sent:
            sent = True
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, forward)
    _, status = os.waitpid(child, 0)  # retried by Python when a signal interrupts it
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
