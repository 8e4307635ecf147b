"""A script run by a fresh Python interpreter from the repository root: what a new process
imports, opens or prints (start-up cost checks of issue 11 item 6 and the lazy packages)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def fresh_python(script: str, *, timeout: int = 300) -> str:
    """The standard output of ``script`` run by a new interpreter in the repository root;
    fails the test, with the end of the error output, when the script fails."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
