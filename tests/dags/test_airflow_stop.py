"""Issue 16 items 2 and 5: `make airflow-demo` driven through a pseudo-terminal, as an operator.

The script starts in a terminal of its own (a new session whose foreground group gets the
terminal's Ctrl+C), on free ports and a temporary home. Once the UI answers, the press crawl
DAG is unpaused and triggered; when an `aict crawl` runs, Ctrl+C is typed. Within 30 s the
script must return and nothing of the run may be left: no Airflow component, no task, no
crawl (which runs in a session of its own), no demo server. Processes are found in /proc by
their session (the terminal's) or by the run's home in their environment or command line.
"""

from __future__ import annotations

import os
import pty
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dags.conftest import DAGS, REPO

SCRIPT = REPO / "scripts" / "airflow-demo.sh"
STOP_WITHIN_S = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _processes() -> Iterator[tuple[int, int, str, str]]:
    """(pid, session id, command line, environment) of every live process we can read."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (
                (entry / "environ").read_bytes().replace(b"\0", b"\n").decode(errors="replace")
            )
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            continue  # a zombie holds nothing and runs nothing
        yield int(entry.name), int(fields[3]), cmdline, environ


def _of_run(home: Path, session: int) -> dict[int, str]:
    """The run's processes: in the terminal's session, or naming its home."""
    found = {}
    for pid, sid, cmdline, environ in _processes():
        if pid == os.getpid():
            continue
        if sid == session or str(home) in cmdline or f"AIRFLOW_HOME={home}\n" in environ:
            found[pid] = cmdline.strip()
    return found


def _crawling(home: Path) -> list[Path]:
    """Job directories where Scrapy has written its state: a crawl is well under way."""
    return sorted((home / "aict-jobs").glob("*/*/crawl-*/requests.seen"))


class _Terminal:
    """The script in a pseudo-terminal; its output is drained (and kept) by a thread."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child: a new session, the pty its terminal
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.output = bytearray()
        self.status: int | None = None
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def wait(self, timeout: float) -> bool:
        """True when the script returned within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True

    def tail(self, n: int = 40) -> str:
        return "\n".join(self.output.decode(errors="replace").splitlines()[-n:])


def _until(what: str, check, timeout: float, term: _Terminal) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not check():
        if term.wait(0):
            pytest.fail(f"the script ended while waiting for {what}:\n{term.tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {timeout:.0f} s:\n{term.tail()}")
        time.sleep(1)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


# A whole Airflow deployment started and stopped (~1 min): `make test-deployment` and `make
# bench` run it, `make test` does not (CI's 20-minute limit).
@pytest.mark.deployment
@pytest.mark.timeout(420)
def test_ctrl_c_with_a_crawl_running_stops_everything_within_30_s(tmp_path: Path) -> None:
    home = tmp_path / "airflow-demo"
    api_port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AIRFLOW", "AICT_", "PYTEST"))
    }
    env.update(
        AICT_AIRFLOW_DEMO_HOME=str(home),
        AICT_VENV_BIN=str(Path(sys.executable).parent),
        AICT_DEMO_PORT="0",
        AIRFLOW__API__PORT=str(api_port),
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(_free_port()),
        AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(_free_port()),
        AIRFLOW__CORE__PARALLELISM="2",  # the CI machine has 2 cores
        TERM="dumb",
    )
    airflow_env = {**env, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
                   "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}  # fmt: skip
    airflow = str(Path(sys.executable).with_name("airflow"))

    def airflow_cli(*args: str) -> bool:
        done = subprocess.run([airflow, *args], env=airflow_env, capture_output=True,
                              text=True, timeout=120, check=False)  # fmt: skip
        return done.returncode == 0

    term = _Terminal([str(SCRIPT)], env)
    try:
        health = f"http://127.0.0.1:{api_port}/api/v2/monitor/health"
        t0 = time.monotonic()
        _until("answer from the API server", lambda: _answers(health), 240, term)
        print(f"API up after {time.monotonic() - t0:.0f} s")
        _until("press DAG to unpause", lambda: airflow_cli("dags", "unpause", "aict_crawl_press"),
               120, term)  # fmt: skip
        assert airflow_cli("dags", "trigger", "aict_crawl_press")
        _until("running crawl", lambda: bool(_crawling(home)), 240, term)
        print(f"crawl running after {time.monotonic() - t0:.0f} s")
        time.sleep(2)  # Scrapy is fetching

        term.type(b"\x03")
        started = time.monotonic()
        returned = term.wait(STOP_WITHIN_S)
        took = time.monotonic() - started
        left = _of_run(home, term.pid)
        print(f"Ctrl+C: returned={returned} after {took:.1f} s; left: {left}")
        (tmp_path / "terminal.log").write_bytes(bytes(term.output))
        assert returned, f"still running {STOP_WITHIN_S:.0f} s after Ctrl+C:\n{term.tail()}"
        assert not left, f"left running after {took:.1f} s: {left}\n{term.tail()}"
        # The crawl stopped gracefully (item 2, first half): its queue is saved for the retry.
        output = term.output.decode(errors="replace")
        assert "the task got SIGINT, the command exited (1)" in output, term.tail()
        assert "crawl interrupted before the end; rerun with --jobdir" in output, term.tail()
        assert all((job.parent / "requests.queue").is_dir() for job in _crawling(home))
    finally:
        for pid in _of_run(home, term.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        term.wait(10)
        os.close(term.fd)
