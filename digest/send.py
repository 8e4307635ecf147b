"""Send a week's digests, exactly once per recipient; the entry point the Airflow DAG calls.

Every edition is built and rendered *before* any SMTP exchange, so a bad subscription fails the
run with nothing sent. Then, per recipient: skip ``sent``, report ``sending`` for reconciliation,
otherwise claim the row (commit), send, mark ``sent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage

from sqlalchemy import Engine

from digest import outbox
from digest.content import DigestContent, build_content
from digest.headers import check_address
from digest.message import build_message, message_id
from digest.queries import WeekData, load_week
from digest.render import MAX_HTML_BYTES, Rendered, render
from digest.smtp import (
    SmtpRefused,
    SmtpSettings,
    SmtpTransport,
    SmtpUnknownOutcome,
    parse_smtp_url,
)
from digest.subscriptions import Subscription, load_subscriptions, recipients_from_to
from storage.timeutil import parse_week

EXIT_OK, EXIT_ERROR, EXIT_RECONCILE = 0, 1, 4
#: Shown in previews built without AICT_DIGEST_FROM.
NO_SENDER = "l'adresse d'expédition de cette lettre"
#: The unfiltered edition (all of France, all objects) used by ``--out`` and previews.
NATIONAL = Subscription(email="édition nationale")


@dataclass(frozen=True)
class Edition:
    """One recipient's digest, built and rendered."""

    subscription: Subscription
    content: DigestContent
    rendered: Rendered


@dataclass
class SendReport:
    """What a send run did, per recipient."""

    week: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reconcile: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """4 when rows need reconciliation, else 1 when a send failed, else 0."""
        if self.reconcile:
            return EXIT_RECONCILE
        return EXIT_ERROR if self.failed else EXIT_OK

    def lines(self) -> list[str]:
        """Human-readable report lines (addresses come from config, not from data)."""
        out = [
            f"digest {self.week}: {len(self.sent)} sent, {len(self.skipped)} already sent, "
            f"{len(self.reconcile)} to reconcile, {len(self.failed)} failed"
        ]
        out += [
            f"reconcile: {r} is in state 'sending' (may have been delivered; not resent)"
            for r in self.reconcile
        ]
        out += [f"failed: {r}: {why}" for r, why in self.failed]
        return out


def resolve_recipients(
    subscriptions_path: str | None, to: Sequence[str] | None
) -> list[Subscription]:
    """``--to`` (no filters) overrides the subscriptions file; one of them is required to send."""
    if to:
        return recipients_from_to(",".join(to))
    if subscriptions_path:
        return load_subscriptions(subscriptions_path)
    raise ValueError("no recipients: give --to a@x,b@y or --subscriptions FILE")


def build_editions(
    engine: Engine,
    week: str,
    subs: Sequence[Subscription],
    unsubscribe: str = NO_SENDER,
    *,
    nlp_version: str | None = None,
    chart: bool = True,
) -> list[Edition]:
    """Every recipient's edition of ``week`` (ValueError for a bad week or territory).

    ``unsubscribe`` is the address readers write to (the sender, from config).
    """
    from nlp.version import nlp_version as current_nlp_version

    parse_week(week)
    version = nlp_version or current_nlp_version()
    data: WeekData = load_week(engine, week, {t for s in subs for t in s.territories})
    editions = []
    for sub in subs:
        content = build_content(data, sub, version)
        rendered = render(content, unsubscribe=unsubscribe, chart=chart)
        editions.append(Edition(sub, content, rendered))
    return editions


def national_html(engine: Engine, week: str, unsubscribe: str = NO_SENDER) -> str:
    """The unfiltered edition as one self-contained HTML page (``--out``, ``aict demo``)."""
    from digest.render import standalone_html

    (edition,) = build_editions(engine, week, [NATIONAL], unsubscribe)
    return standalone_html(edition.rendered)


def send_week(
    engine: Engine,
    week: str,
    subscriptions_path: str | None,
    smtp_url: str,
    sender: str,
    to: list[str] | None = None,
) -> SendReport:
    """Send ``week``'s digest to every recipient at most once; see :class:`SendReport`."""
    sender = check_address(sender, "AICT_DIGEST_FROM")
    settings = parse_smtp_url(smtp_url)
    subs = resolve_recipients(subscriptions_path, to)
    editions = build_editions(engine, week, subs, sender)
    messages = _messages(editions, week, sender)
    outbox.ensure_rows(
        engine,
        week,
        [
            (
                e.subscription.email,
                message_id(week, e.subscription.email, sender),
                e.content.subject,
            )
            for e in editions
        ],
    )
    report = SendReport(week)
    todo = _to_send(engine, week, editions, report)
    if not todo:
        return report
    _deliver(engine, week, settings, sender, messages, todo, report)
    return report


def _messages(editions: list[Edition], week: str, sender: str) -> dict[str, EmailMessage]:
    """Each recipient's message; ValueError when an edition's HTML is over the size limit."""
    messages = {}
    for edition in editions:
        size = len(edition.rendered.html.encode("utf-8"))
        if size > MAX_HTML_BYTES:
            raise ValueError(
                f"digest for {edition.subscription.email} is {size:,} bytes of HTML (limit {MAX_HTML_BYTES:,})"
            )
        messages[edition.subscription.email] = build_message(
            edition.rendered,
            week=week,
            subject=edition.content.subject,
            sender=sender,
            recipient=edition.subscription.email,
        )
    return messages


def _to_send(engine: Engine, week: str, editions: list[Edition], report: SendReport) -> list[str]:
    """The recipients still to send to; the sent ones skipped, the in-doubt ones to reconcile."""
    state = outbox.states(engine, week)
    todo = []
    for edition in editions:
        recipient = edition.subscription.email
        if state.get(recipient) == "sent":
            report.skipped.append(recipient)
        elif state.get(recipient) == "sending":
            report.reconcile.append(recipient)
        else:
            todo.append(recipient)
    return todo


def _deliver(
    engine: Engine,
    week: str,
    settings: SmtpSettings,
    sender: str,
    messages: dict[str, EmailMessage],
    todo: list[str],
    report: SendReport,
) -> None:
    """One SMTP session for ``todo``, each recipient claimed in the outbox before its send."""
    try:
        with SmtpTransport(settings) as transport:
            for n, recipient in enumerate(todo):
                if not outbox.claim(engine, week, recipient):
                    report.skipped.append(recipient)
                    continue
                try:
                    transport.send(messages[recipient], sender, recipient)
                except SmtpRefused as exc:
                    outbox.mark_failed(engine, week, recipient, str(exc))
                    report.failed.append((recipient, f"refused by the server: {exc}"))
                    continue
                except SmtpUnknownOutcome as exc:
                    # The row stays 'sending': it may have been delivered. Stop here; the
                    # session is unusable and the rest stay pending for the next run.
                    report.reconcile.append(recipient)
                    report.failed += [(r, f"not attempted: {exc}") for r in todo[n + 1 :]]
                    break
                outbox.mark_sent(engine, week, recipient)
                report.sent.append(recipient)
    except ConnectionError as exc:
        attempted = set(report.sent) | set(report.reconcile) | {r for r, _ in report.failed}
        report.failed += [(r, str(exc)) for r in todo if r not in attempted]
