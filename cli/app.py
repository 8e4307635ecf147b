"""The typer application and what every command shares: options, the one-line error contract.

Exit codes (design.md): 0 done; 1 bad input or fatal error (one line on stderr, no traceback);
3 finished but some sources failed; 4 digest rows need reconciliation.
Command modules (``cli/<group>.py``) import :data:`app` and register their commands on it;
``cli/main.py`` imports them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as dist_version
from typing import Annotated

import typer
from typer.core import TyperGroup

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SOURCES_FAILED = 3
EXIT_RECONCILE = 4

#: ``aict --help`` lists the commands in the order the pipeline runs them; others follow.
PIPELINE_ORDER = (
    "init",
    "sources",
    "crawl",
    "tag",
    "measure",
    "report",
    "digest",
    "sql",
    "db",
    "actions",
    "tags",
    "demo",
)


class PipelineOrderGroup(TyperGroup):
    """The top-level group: commands listed in :data:`PIPELINE_ORDER`, whatever the order in
    which their modules registered them."""

    # TyperGroup declares click.Context (click is typer's dependency, not ours to import);
    # typer passes its subclass, typer.Context.
    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(PIPELINE_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="aict",
    cls=PipelineOrderGroup,
    help="AICT press observatory: crawl, tag and measure how the regional press relays "
    "French local authorities' international action.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (else AICT_DATABASE_URL, else sqlite:///aict.db)."),
]


def count(n: int, singular: str, plural: str | None = None) -> str:
    """A number and its noun in agreement: ``1 feed``, ``0 feeds``, ``1,204 articles``."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    """Print one readable line on stderr and return the Exit to raise."""
    typer.echo(f"aict: error: {message}", err=True)
    return typer.Exit(code)


def parse_moment(option: str, text: str) -> dt.datetime:
    """An option's ISO 8601 moment with its UTC offset (a naive one would be ambiguous), in UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise fail(f"{option} {text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise fail(f"{option} {text!r} needs a UTC offset (e.g. {text}+00:00)")
    return moment.astimezone(dt.UTC)


@contextmanager
def errors_as_one_line() -> Iterator[None]:
    """Turn database, file and input errors into ``aict: error: …`` and exit code 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.errors import StorageError, describe

    try:
        yield
    except typer.Exit:
        raise
    except StorageError as exc:
        raise fail(str(exc)) from None
    except SQLAlchemyError as exc:
        raise fail(describe(exc)) from None
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        raise fail(f"{exc.strerror or exc}{where}") from None
    except ValueError as exc:
        raise fail(str(exc).splitlines()[0] if str(exc) else "invalid value") from None


def package_version() -> str:
    """The installed distribution's version."""
    try:
        return dist_version("aict-observatory")
    except PackageNotFoundError:
        return "0+unknown"


def _version_callback(value: bool) -> None:
    if value:
        from nlp.version import nlp_version

        typer.echo(f"aict {package_version()} (nlp_version {nlp_version()})")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show versions."),
    ] = False,
) -> None:
    """AICT press observatory."""
