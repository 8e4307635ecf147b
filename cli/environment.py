"""What the command line reads from the environment (README "Configuration"; the rules are
:mod:`storage.environment`'s): the traceback switch and the SQL session's history file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from storage.environment import read_environment


@dataclass(frozen=True)
class CliSettings:
    #: ``AICT_DEBUG``: any non-empty value shows the traceback of an unexpected error.
    debug: bool = False
    #: ``AICT_SQL_HISTORY`` as given (stripped); empty: the user's data directory.
    sql_history: str = ""
    #: ``XDG_DATA_HOME`` (stripped); empty: ``~/.local/share``.
    xdg_data_home: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CliSettings:
        env = read_environment(environ)
        return cls(
            debug=bool(env.get("AICT_DEBUG")),
            sql_history=env.get("AICT_SQL_HISTORY", "").strip(),
            xdg_data_home=env.get("XDG_DATA_HOME", "").strip(),
        )

    def history_path(self) -> Path:
        """``AICT_SQL_HISTORY``, else ``$XDG_DATA_HOME/aict/sql_history`` (by default
        ``~/.local/share/aict/sql_history``)."""
        if self.sql_history:
            return Path(self.sql_history).expanduser()
        data = self.xdg_data_home or str(Path.home() / ".local" / "share")
        return Path(data) / "aict" / "sql_history"
