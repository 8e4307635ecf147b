"""Issue 13 item 5: `aict sql` for officers — a session that survives errors, keeps a history,
describes the views (``\\d``), shows wide rows whole (``\\x``, wrapping) and refuses writes with
"read-only: writes are refused" on SQLite and PostgreSQL.

The interactive session is driven through a pseudo-terminal (stdlib ``pty``), as an officer
types it; the non-interactive forms (a QUERY argument, a pipe, ``--format csv``) are run as
plain subprocesses.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest

from tests.support.cli import aict_command, run_aict

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")
WIDE = (
    "SELECT 'République démocratique du Congo et Saint-Christophe-et-Niévès' AS country_name, "
    "'commune:73065,dep:73,reg:84,epci:200000172,commune:69123,dep:69M' AS actor_codes, "
    "'CD,KN,SN,BF,ML,NE,TD,HT,MG,VN,KH,LA,MR' AS partner_countries, "
    "'le-progres,le-dauphine-libere,ouest-france,sud-ouest,la-depeche' AS press_outlets"
)


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": "",
        "AICT_SQL_HISTORY": str(tmp_path / "history" / "sql_history"),
    }


class Terminal:
    """A child process on a pseudo-terminal: type lines, wait for text on the screen."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        self.proc = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **env},
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.screen = ""

    def expect(self, pattern: str, timeout: float = 60.0) -> str:
        """Wait until ``pattern`` (a regex) appears in what was printed since the last match."""
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.screen)
            if match:
                seen, self.screen = self.screen[: match.end()], self.screen[match.end() :]
                return seen
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{pattern!r} not seen; screen:\n{self.screen[-3000:]}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk and self.proc.poll() is not None:
                    raise AssertionError(
                        f"{pattern!r} not seen, process exited {self.proc.returncode}; "
                        f"screen:\n{self.screen[-3000:]}"
                    )
                self.screen += ANSI.sub("", chunk.decode("utf-8", "replace"))

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self, timeout: float = 30.0) -> int:
        try:
            return self.proc.wait(timeout)
        finally:
            os.close(self.master)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def terminal(tmp_path: Path, db_url: str):  # type: ignore[no-untyped-def]
    opened: list[Terminal] = []

    def start() -> Terminal:
        term = Terminal(aict_command("sql", "--db", db_url), _env(tmp_path), tmp_path)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.kill()


PROMPT = r"aict=>\s*$"


def test_interactive_session_survives_errors_describes_views_and_refuses_writes(
    terminal, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    term = terminal()
    term.expect(PROMPT)
    term.type("selct 1;\r")  # a typo: one line, then the prompt again
    seen = term.expect(PROMPT)
    assert "error" in seen and "selct" in seen and "Traceback" not in seen
    term.type("SELECT 40 +\r")  # a statement over two lines
    term.expect(r"\.\.\.>\s*$")
    term.type("2 AS answer;\r")
    seen = term.expect(PROMPT)
    assert "answer" in seen and "42" in seen
    term.type("\\d\r")
    seen = term.expect(PROMPT)
    for view in ("v_articles", "v_relay", "v_silent_actions", "v_source_health"):
        assert view in seen
    term.type("\\d v_relay\r")
    seen = term.expect(PROMPT)
    for column in ("council_article_id", "lag_days", "press_outlets", "reuse_ratio"):
        assert column in seen
    term.type("\\d v_nothing\r")
    seen = term.expect(PROMPT)
    assert "v_nothing" in seen and "Traceback" not in seen
    term.type("\\x\r")
    assert "on" in term.expect(PROMPT)
    term.type(WIDE + ";\r")
    seen = term.expect(PROMPT)
    assert "RECORD 1" in seen
    assert "République démocratique du Congo et Saint-Christophe-et-Niévès" in seen
    assert "le-progres,le-dauphine-libere,ouest-france,sud-ouest,la-depeche" in seen
    term.type("DELETE FROM countries;\r")
    seen = term.expect(PROMPT)
    assert "read-only: writes are refused" in seen
    term.type("SELECT COUNT(*) AS n FROM countries WHERE iso2 = 'SN';\r")
    assert re.search(r"\b1\b", term.expect(PROMPT))
    term.type("\\q\r")
    assert term.close() == 0

    history = (tmp_path / "history" / "sql_history").read_text(encoding="utf-8")
    assert "SELECT 40 +" in history and "2 AS answer;" in history
    assert not (tmp_path / ".aict_sql_history").exists()

    # The history is there in the next session: arrow up twice (\\q came last) recalls the count.
    again = terminal()
    again.expect(PROMPT)
    again.type("\x1b[A\x1b[A\r")
    assert re.search(r"\b1\b", again.expect(PROMPT))
    again.type("\x04")  # Ctrl+D quits too
    assert again.close() == 0


def test_default_history_is_under_the_user_data_directory(tmp_path: Path, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the history location does not depend on the database")
    env = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": "", "AICT_SQL_HISTORY": ""}
    term = Terminal(aict_command("sql", "--db", db_url), env, tmp_path)
    try:
        term.expect(PROMPT)
        term.type("SELECT 7 AS seven;\r")
        assert "seven" in term.expect(PROMPT)
        term.type("\\q\r")
        assert term.close() == 0
    finally:
        term.kill()
    history = tmp_path / "home" / ".local" / "share" / "aict" / "sql_history"
    assert "SELECT 7 AS seven;" in history.read_text(encoding="utf-8")
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith("aict.db")} == {"home"}


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM countries",
        "UPDATE sources SET name = 'x'",
        "INSERT INTO sources (slug, name, kind) VALUES ('x', 'x', 'press')",
        "CREATE TABLE scratch (a int)",
        "DROP VIEW v_relay",
    ],
)
def test_a_refused_write_says_read_only(db_url: str, statement: str) -> None:
    result = run_aict("sql", "--db", db_url, statement)
    assert result.returncode == 1
    assert result.stderr.strip() == "aict: error: read-only: writes are refused", result.stderr


def test_piped_statements_keep_going_after_an_error(tmp_path: Path, db_url: str) -> None:
    result = run_aict(
        "sql", "--db", db_url, "--format", "csv",
        input="selct 1;\nSELECT 40 + 2 AS answer;\nDELETE FROM countries;\n",
        env=_env(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "answer\n42\n"
    assert "selct" in result.stderr and "read-only: writes are refused" in result.stderr
    assert not (tmp_path / "history").exists()  # a pipe is not a session: no history


def test_wide_rows_are_not_cut(db_url: str) -> None:
    table = run_aict("sql", "--db", db_url, WIDE, env={"COLUMNS": "80"})
    assert table.returncode == 0, table.stderr
    assert "…" not in table.stdout
    for header in ("country_name", "actor_codes", "partner_countries", "press_outlets"):
        assert header in table.stdout
    assert "République démocratique du Congo et Saint-Christophe-et-Niévès" in table.stdout
    expanded = run_aict("sql", "--db", db_url, "--expanded", WIDE)
    assert expanded.returncode == 0, expanded.stderr
    assert "RECORD 1" in expanded.stdout
    assert "CD,KN,SN,BF,ML,NE,TD,HT,MG,VN,KH,LA,MR" in expanded.stdout
    csv = run_aict("sql", "--db", db_url, "--format", "csv", "SELECT 1 AS a, 'x,y' AS b")
    assert csv.stdout == 'a,b\n1,"x,y"\n'
