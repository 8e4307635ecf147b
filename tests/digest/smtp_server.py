"""A real SMTP server on loopback (aiosmtpd) that captures what it accepts."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "veille", "s3cret-token-4f1c"


@dataclass
class Captured:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Capture:
    """aiosmtpd handler: keeps accepted messages; refuses RCPT for addresses in ``refuse``."""

    received: list[Captured] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        self.received.append(Captured(envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Captured]:
        return [c for c in self.received if c.rcpt_tos == [address]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


@contextmanager
def smtp_server(auth: bool = False) -> Iterator[tuple[Capture, str]]:
    """Start a capturing server on 127.0.0.1; yields (capture, AICT_SMTP_URL)."""
    capture = Capture()
    port = free_port()
    kwargs: dict[str, Any] = {}
    if auth:
        # Plain-text AUTH is acceptable on loopback only, for this test server.
        kwargs = {"authenticator": _authenticate, "auth_require_tls": False}
    controller = Controller(capture, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        creds = f"{USER}:{PASSWORD}@" if auth else ""
        yield capture, f"smtp://{creds}127.0.0.1:{port}"
    finally:
        controller.stop()
