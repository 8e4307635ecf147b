"""The `aict` command line as a child process: the one place tests build ``python -m cli``.

A crawl is one process (Twisted's reactor cannot restart), so crawl tests run the real command
line; :func:`crawl_env` is the environment they give it: the test network allow-listed and
Scrapy settings overridden through ``AICT_SCRAPY_SETTINGS``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.support.sites import TEST_NETWORK

#: ``aict`` through the interpreter running the tests (the console script may be elsewhere).
AICT = [sys.executable, "-m", "cli"]


def aict_command(*args: str) -> list[str]:
    """The argument vector of ``aict ARGS…`` (for :class:`subprocess.Popen`)."""
    return [*AICT, *args]


def crawl_env(settings: Mapping[str, Any] | None = None, **extra: str) -> dict[str, str]:
    """This process's environment for a crawl of the test network, with ``settings`` as
    ``AICT_SCRAPY_SETTINGS`` and ``extra`` variables on top."""
    env = {**os.environ, "AICT_ALLOW_NETWORKS": TEST_NETWORK}
    if settings is not None:
        env["AICT_SCRAPY_SETTINGS"] = json.dumps(dict(settings))
    return {**env, **extra}


def run_aict(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
    input: str | None = None,  # noqa: A002 - subprocess.run's name
) -> subprocess.CompletedProcess[str]:
    """Run ``aict ARGS…`` to its end (``input`` on its stdin), output captured as text;
    ``env`` is laid over this process's environment."""
    return subprocess.run(  # noqa: S603 - our own CLI
        aict_command(*args),
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )
