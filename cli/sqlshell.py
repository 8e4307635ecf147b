"""What `aict sql` prints and the officer's session: tables that wrap instead of cutting, an
expanded (one field per line) display, ``\\d`` for the views, history kept in the user's data
directory.

A statement ends with ``;``; a line starting with ``\\`` is a command. On a terminal the session
is a prompt_toolkit prompt (editing, history across sessions, arrow keys); from a pipe the
same lines are read from stdin without a prompt or history. An error prints one line and the
session goes on; only ``\\q`` or Ctrl+D end it.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import Engine

from storage.officer import (
    MAX_ROWS,
    QueryError,
    QueryResult,
    describe_views,
    run_query,
    view_columns,
)

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.key_binding import KeyPressEvent
    from rich.table import Table

PROMPT = "aict=> "
CONTINUATION = "...> "
HISTORY_ENV = "AICT_SQL_HISTORY"
HELP = """\
  \\d          list the views and their columns
  \\d VIEW     the columns of VIEW and their types
  \\x [on|off|auto]  expanded display: one field per line (auto: when a table is too wide)
  \\q          quit (Ctrl+D too); Ctrl+C drops the statement being typed
End each SQL statement with ';'. Only SELECT: writes are refused."""


def history_path() -> Path:
    """Where the session history lives: ``AICT_SQL_HISTORY``, else the user's data directory
    (``$XDG_DATA_HOME/aict/sql_history``, by default ``~/.local/share/aict/sql_history``)."""
    from cli.environment import CliSettings

    return CliSettings.from_env().history_path()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def print_csv(result: QueryResult, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(result.rows)


def expanded_text(result: QueryResult) -> str:
    """psql's ``\\x`` layout: a ``-[ RECORD n ]`` rule, then ``column | value`` per line."""
    if not result.rows:
        return "(0 rows)\n"
    width = max(len(c) for c in result.columns)
    lines: list[str] = []
    for number, row in enumerate(result.rows, 1):
        lines.append(f"-[ RECORD {number} ]".ljust(width + 1, "-") + "+" + "-" * 20)
        for column, value in zip(result.columns, row, strict=True):
            first, *more = _cell(value).split("\n") or [""]
            lines.append(f"{column.ljust(width)} | {first}")
            lines.extend(f"{'':{width}} | {line}" for line in more)
    return "\n".join(lines) + "\n"


def _rich_table(result: QueryResult) -> Table:
    from rich.table import Table

    table = Table(show_lines=False)
    for column in result.columns:
        # fold: a value longer than its column goes on the next line, never an ellipsis.
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*[_cell(v) for v in row])
    return table


def _natural_width(table: Table) -> int:
    from rich.console import Console

    probe = Console(width=1_000_000, file=io.StringIO())
    return probe.measure(table).maximum


class Display:
    """How results are printed: ``table`` or ``csv``, and the expanded mode (on, off, auto)."""

    def __init__(self, fmt: str = "table", expanded: str = "off") -> None:
        self.fmt = fmt
        self.expanded = expanded

    def show(self, result: QueryResult, out: TextIO | None = None) -> None:
        from rich.console import Console

        out = out or sys.stdout
        if result.truncated:
            print(f"(truncated at {MAX_ROWS:,} rows)", file=sys.stderr)
        if self.fmt == "csv":
            print_csv(result, out)
            return
        if not result.columns:
            print("(no result)", file=out)
            return
        table = _rich_table(result)
        natural = _natural_width(table)
        terminal = out.isatty()
        console = Console(file=out) if terminal else None
        too_wide = console is not None and natural > console.width
        if self.expanded == "on" or (self.expanded == "auto" and too_wide):
            out.write(expanded_text(result))
            out.flush()
            return
        # To a terminal: wrap inside its width. To a file or a pipe: the table's own width,
        # so nothing is wrapped or cut.
        (console or Console(file=out, width=natural)).print(table)

    def toggle(self, argument: str) -> str:
        if argument in ("on", "off", "auto"):
            self.expanded = argument
        elif argument:
            raise QueryError(f"\\x {argument}: use on, off or auto")
        else:
            self.expanded = "off" if self.expanded == "on" else "on"
        return f"Expanded display is {self.expanded}."


class Session:
    """Reads statements and commands line by line; prints results, one line per error."""

    def __init__(self, engine: Engine, display: Display, err: Callable[[str], None]) -> None:
        self.engine = engine
        self.display = display
        self.err = err
        self.done = False

    def run(self, text: str) -> str:
        """One statement (ending with ';') or one backslash command; errors do not escape.

        A command typed on the last line of an unfinished statement runs, and the statement
        is returned to be typed on (as psql keeps its query buffer).
        """
        before, _, last = text.rstrip("\n").rpartition("\n")
        command = last.lstrip().startswith("\\")
        try:
            if command:
                self._command(last.strip())
            elif text.strip().rstrip(";").strip():
                self.display.show(run_query(self.engine, text.strip().rstrip(";")))
        except QueryError as exc:
            self.err(f"error: {exc}")
        return before + "\n" if command and before.strip() else ""

    def _command(self, text: str) -> None:
        name, _, argument = text.partition(" ")
        argument = argument.strip().rstrip(";").strip()
        if name in ("\\q", "\\quit"):
            self.done = True
        elif name in ("\\d", "\\dv", "\\d+"):
            if argument:
                rows = [(c, t) for c, t in view_columns(self.engine, argument)]
                self.display.show(QueryResult(["column", "type"], rows, False))
            else:
                rows = describe_views(self.engine)
                # A list to read down, wrapped in the terminal whatever \x says.
                Display(self.display.fmt).show(QueryResult(["view", "columns"], rows, False))
        elif name == "\\x":
            print(self.display.toggle(argument))
        elif name in ("\\?", "\\h", "\\help"):
            print(HELP)
        else:
            raise QueryError(f"unknown command {name} (\\? lists them)")

    def feed(self, lines: Iterable[str]) -> None:
        """Statements from a pipe: accumulate lines until ';', commands on their own line."""
        buffer = ""
        for line in lines:
            if line.lstrip().startswith("\\"):
                self.run(line)  # the statement being read stays in the buffer
            else:
                buffer += line
                if buffer.rstrip().endswith(";"):
                    self.run(buffer)
                    buffer = ""
            if self.done:
                return
        if buffer.strip():
            self.run(buffer)


def _complete(text: str) -> bool:
    stripped = text.strip()
    last = stripped.rpartition("\n")[2].lstrip()
    return not stripped or last.startswith("\\") or stripped.endswith(";")


def _prompt_session(history: Path) -> PromptSession[str]:
    """A multi-line prompt that submits on Enter once the statement is complete, its history
    in a file only the user can read."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.key_binding import KeyBindings

    history.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not history.exists():
        # Queries may name people or places: the file is the user's alone.
        os.close(os.open(history, os.O_WRONLY | os.O_CREAT, 0o600))
    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if _complete(buffer.text):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    prompt: PromptSession[str] = PromptSession(
        history=FileHistory(str(history)),
        multiline=True,
        key_bindings=bindings,
        prompt_continuation=lambda width, line, soft: CONTINUATION.rjust(width),
    )
    return prompt


def interactive(session: Session, history: Path) -> None:
    """The terminal session: a multi-line prompt that submits on Enter once the statement ends
    with ';' (or is a command), with history in ``history``."""
    prompt = _prompt_session(history)
    print(
        "Read-only SQL; end statements with ';'. \\d lists the views, \\x toggles the "
        "expanded display, \\? helps, \\q or Ctrl+D quits.",
        file=sys.stderr,
    )
    pending = ""
    while not session.done:
        try:
            text = prompt.prompt(PROMPT, default=pending)
        except KeyboardInterrupt:
            pending = ""
            continue
        except EOFError:
            break
        pending = session.run(text)
