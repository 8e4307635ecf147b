"""SMTP settings from ``AICT_SMTP_URL`` and a small transport over :mod:`smtplib`.

``smtp://user:pass@host:port`` (plain, optionally ``?starttls=true``), ``smtps://…`` (implicit
TLS). The password never appears in an error message. Errors are split in two: the server
*refused* the message (safe to retry later) or the outcome is *unknown* (the connection broke
while the message was in flight — the outbox row must then be reconciled, never resent).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
TIMEOUT_S = 30.0
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SmtpRefused(Exception):
    """The server answered with a refusal: the message was not accepted."""


class SmtpUnknownOutcome(Exception):
    """The exchange broke while the message was in flight: it may have been accepted."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT_S

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpSettings:
    """``AICT_SMTP_URL`` → settings; ValueError (without the password) when malformed."""
    if not url:
        raise ValueError("AICT_SMTP_URL is not set (smtp://user:pass@host:port or smtps://…)")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ValueError("invalid AICT_SMTP_URL: expected smtp://user:pass@host:port") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("invalid AICT_SMTP_URL: expected smtp://… or smtps://… with a host")
    query = {k: v[-1].lower() for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    unknown = sorted(set(query) - {"starttls"})
    if unknown:
        raise ValueError(f"invalid AICT_SMTP_URL: unknown parameter {unknown[0]!r}")
    starttls_value = query.get("starttls", "false")
    if starttls_value not in _TRUE | _FALSE:
        raise ValueError("invalid AICT_SMTP_URL: starttls must be true or false")
    starttls = starttls_value in _TRUE
    if starttls and scheme == "smtps":
        raise ValueError("invalid AICT_SMTP_URL: smtps:// already uses TLS; drop ?starttls")
    return SmtpSettings(
        host=parts.hostname,
        port=port or DEFAULT_PORTS[scheme],
        implicit_tls=scheme == "smtps",
        starttls=starttls,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


class SmtpTransport:
    """One SMTP session for a run; ``send`` delivers one message to one envelope recipient."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        s = self.settings
        context = ssl.create_default_context()
        try:
            if s.implicit_tls:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.starttls:
                    smtp.starttls(context=context)
            if s.user:
                smtp.login(s.user, s.password or "")
        except smtplib.SMTPAuthenticationError:
            raise ConnectionError(f"SMTP server {s.where} refused the credentials") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise ConnectionError(
                f"cannot open an SMTP session with {s.where}: {_short(exc)}"
            ) from None
        self._smtp = smtp
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        """Deliver to exactly ``recipient`` (the envelope never comes from message data)."""
        if self._smtp is None:
            raise RuntimeError("SmtpTransport used outside its context")
        try:
            self._smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
        except (
            smtplib.SMTPRecipientsRefused,
            smtplib.SMTPSenderRefused,
            smtplib.SMTPDataError,
        ) as exc:
            raise SmtpRefused(_short(exc)) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise SmtpUnknownOutcome(_short(exc)) from None


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
