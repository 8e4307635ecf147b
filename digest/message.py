"""Build the MIME message of one digest: fixed headers from config, then a parse-back check.

Structure: multipart/alternative [text/plain, multipart/related [text/html, image/png…]].
Only :mod:`digest.headers`-checked values enter headers; after serialising, the headers are read
back and compared with what we set, so even a standard-library folding bug (CPython 3.11.7,
gh-121650) cannot smuggle a ``Bcc:`` or a second recipient out of this module.
"""

from __future__ import annotations

import email.policy
import hashlib
from email import message_from_bytes
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import cast

from digest.headers import check_address, check_header_value
from digest.render import Rendered
from models.base import utcnow

FROM_NAME = "Veille AICT"
HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "Auto-Submitted")


def message_id(week: str, recipient: str, sender: str) -> str:
    """Deterministic Message-ID for (week, recipient): a resend is recognisably the same mail."""
    digest = hashlib.sha256(f"{week}\n{recipient.lower()}".encode()).hexdigest()[:24]
    domain = check_address(sender, "sender address").rsplit("@", 1)[1]
    return f"<aict.{week}.{digest}@{domain}>"


def list_unsubscribe(sender: str) -> str:
    """``<mailto:sender?subject=desinscription>`` (RFC 2369), built from config only."""
    return f"<mailto:{check_address(sender, 'sender address')}?subject=desinscription>"


def build_message(
    rendered: Rendered, *, week: str, subject: str, sender: str, recipient: str
) -> EmailMessage:
    """The message for ``recipient``; ValueError when any header value is unsafe."""
    sender = check_address(sender, "sender address")
    recipient = check_address(recipient, "recipient address")
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = Address(display_name=FROM_NAME, addr_spec=sender)
    msg["To"] = recipient
    msg["Subject"] = check_header_value(subject, "subject")
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = message_id(week, recipient, sender)
    msg["List-Unsubscribe"] = list_unsubscribe(sender)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    # After add_alternative the payload is the list of parts: plain text, then HTML.
    html_part = cast(list[EmailMessage], msg.get_payload())[1]
    for cid, png in rendered.images.items():
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>")
    verify_headers(msg.as_bytes(), recipient=recipient, subject=subject)
    return msg


def verify_headers(raw: bytes, *, recipient: str, subject: str) -> None:
    """Parse the serialised message back: exactly our headers, one recipient, our subject."""
    parsed = message_from_bytes(raw, policy=email.policy.default)
    names = [name.lower() for name in parsed.keys()]
    expected = {h.lower() for h in HEADERS} | {"mime-version", "content-type"}
    extra = sorted(set(names) - expected)
    if extra:
        raise ValueError(f"refusing to send: unexpected header {extra[0]!r} in the built message")
    if len(names) != len(set(names)):
        raise ValueError("refusing to send: a header appears twice in the built message")
    if [a.addr_spec.lower() for a in parsed["To"].addresses] != [recipient]:
        raise ValueError("refusing to send: the To header does not hold exactly the recipient")
    if str(parsed["Subject"]) != subject:
        raise ValueError("refusing to send: the subject did not survive encoding unchanged")
