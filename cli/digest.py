"""`aict digest`: preview, write or send the weekly coverage digest (logic in :mod:`digest`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.app import DbOption, app, count, errors_as_one_line
from digest.environment import DigestSettings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from digest.send import Edition, SendReport

SUMMARY_ROWS = 15


@app.command()
def digest(
    week: Annotated[
        str | None,
        typer.Option("--week", help="ISO week YYYY-Www (default: last complete week, Paris)."),
    ] = None,
    db: DbOption = None,
    out: Annotated[
        str | None,
        typer.Option("--out", help="Write the national edition's HTML to FILE (- = stdout)."),
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="Send through AICT_SMTP_URL, once per recipient.")
    ] = False,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Recipients a@x,b@y (no filters; overrides --subscriptions)."),
    ] = None,
    subscriptions: Annotated[
        str | None,
        typer.Option(
            "--subscriptions", help="Subscriptions YAML (email, name, territories, objects)."
        ),
    ] = None,
) -> None:
    """Build the weekly digest; without --out or --send, print what would be sent."""
    from digest.period import last_complete_week
    from digest.send import NO_SENDER
    from storage.engine import open_initialised
    from storage.timeutil import paris_today, parse_week

    recipients = [to] if to else None
    with errors_as_one_line():
        chosen = week or last_complete_week(paris_today())
        parse_week(chosen)
        engine = open_initialised(db)
        try:
            report = _send(engine, chosen, subscriptions, recipients) if send else None
            sender = DigestSettings.from_env().sender or NO_SENDER
            if out:
                _write_national(engine, chosen, sender, out)
            if not send and not out:
                _preview(engine, chosen, sender, subscriptions, recipients)
        finally:
            engine.dispose()
    if report is not None:
        _echo_send_report(report)


def _send(
    engine: Engine, week: str, subscriptions: str | None, recipients: list[str] | None
) -> SendReport:
    """Send the week's editions through AICT_SMTP_URL (each recipient once, see digest.send)."""
    from digest.send import send_week

    settings = DigestSettings.from_env()
    sender = _sender(settings)
    return send_week(engine, week, subscriptions, settings.smtp_url, sender, to=recipients)


def _write_national(engine: Engine, week: str, sender: str, out: str) -> None:
    """The national edition's HTML to a file, or to stdout for ``-``."""
    from digest.send import national_html

    page = national_html(engine, week, sender)
    if out == "-":
        typer.echo(page, nl=False)
    else:
        Path(out).write_text(page, encoding="utf-8")


def _preview(
    engine: Engine,
    week: str,
    sender: str,
    subscriptions: str | None,
    recipients: list[str] | None,
) -> None:
    """Print what would be sent: the national edition, or each subscriber's."""
    from digest.send import NATIONAL, build_editions, resolve_recipients

    wanted = recipients or subscriptions
    subs = resolve_recipients(subscriptions, recipients) if wanted else [NATIONAL]
    _print_summary(engine, week, build_editions(engine, week, subs, sender, chart=False))


def _echo_send_report(report: SendReport) -> None:
    """The sending summary on stdout, one line per problem on stderr, the report's exit code."""
    summary, *problems = report.lines()
    typer.echo(summary)
    for line in problems:
        typer.echo(f"aict: {line}", err=True)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def _sender(settings: DigestSettings) -> str:
    value = settings.sender.strip()
    if not value:
        raise ValueError("AICT_DIGEST_FROM is not set (the sender address of the digest)")
    return value


def _print_summary(engine: Engine, week: str, editions: list[Edition]) -> None:
    from digest import outbox

    states = outbox.states(engine, week)
    first = editions[0].content
    typer.echo(
        f"{first.subject} — {first.complete_sources}/{first.crawled_sources} sources complete"
    )
    for edition in editions[:SUMMARY_ROWS]:
        c, h = edition.content, edition.content.headline
        state = states.get(edition.subscription.email, "not sent")
        size = len(edition.rendered.html.encode("utf-8")) // 1024
        typer.echo(
            f"  {edition.subscription.email} [{c.scope}]: {count(h.press_items, 'press item')} "
            f"({h.trend}, avg {h.previous_avg:.1f}), {h.council_relayed}/{h.council_items} council items relayed, "
            f"{h.silent} unreported, {count(len(c.health) + c.health_more, 'source')} with problems; "
            f"{size} KB; {state}"
        )
    if len(editions) > SUMMARY_ROWS:
        typer.echo(f"  … and {count(len(editions) - SUMMARY_ROWS, 'more recipient')}")
