"""Header safety (P-F2), including the RFC 2047 encoded-newline trick CPython 3.11.7 falls for."""

from __future__ import annotations

import email.policy
import sys
from email import message_from_bytes
from email.message import EmailMessage

import pytest

from digest.headers import check_address, check_header_value
from digest.message import build_message, verify_headers
from digest.period import subject_for
from digest.render import Rendered

ENCODED_NEWLINE = "Revue =?utf-8?q?x=0ABcc:_evil@example.org?="
RENDERED = Rendered(html="<p>x</p>", text="x", images={})


@pytest.mark.parametrize(
    "value",
    [
        "a\r\nBcc: x@example.org",
        "a\nb",
        "a\x00b",
        "a\u2028b",
        ENCODED_NEWLINE,
        "=?utf-8?b?QmNjOg==?=",
    ],
)
def test_unsafe_header_values_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        check_header_value(value, "subject")


@pytest.mark.parametrize(
    "address",
    [
        "a@b",
        "a b@example.org",
        "a@example.org\nBcc: x@y.org",
        "<a@example.org>",
        "Name <a@example.org>",
        "a@example.org,b@example.org",
        "=?utf-8?q?a?=@example.org",
        "a@-bad-.org",
    ],
)
def test_only_plain_addresses(address: str) -> None:
    with pytest.raises(ValueError):
        check_address(address)


def test_subject_template_is_fixed_and_safe() -> None:
    assert subject_for("2024-W12") == "Veille AICT — semaine 12 (18–24 mars 2024)"
    assert check_header_value(subject_for("2026-W45")) == subject_for("2026-W45")


def test_build_message_refuses_an_encoded_newline_subject() -> None:
    with pytest.raises(ValueError, match="encoded word"):
        build_message(
            RENDERED,
            week="2026-W45",
            subject=ENCODED_NEWLINE,
            sender="veille@example.org",
            recipient="a@example.org",
        )


def test_parse_back_check_catches_what_the_standard_library_lets_through() -> None:
    # Bypass our value checks on purpose, as a scraped subject would if it ever got this far:
    # whatever this CPython does with the encoded newline, verify_headers must not let a
    # second header or recipient leave.
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = "veille@example.org"
    msg["To"] = "a@example.org"
    msg["Subject"] = ENCODED_NEWLINE
    msg.set_content("x")
    raw = msg.as_bytes()
    parsed = message_from_bytes(raw, policy=email.policy.default)
    injected = parsed["Bcc"] is not None or parsed["Subject"] != ENCODED_NEWLINE
    if sys.version_info < (3, 11, 10):  # gh-121650 was fixed in 3.11.10 / 3.12.5
        assert injected, "this CPython was expected to be vulnerable; re-check the premise"
    if injected:
        with pytest.raises(ValueError, match="refusing to send"):
            verify_headers(raw, recipient="a@example.org", subject=ENCODED_NEWLINE)
    # Raw CR/LF is refused by the standard library itself.
    with pytest.raises(ValueError):
        msg.replace_header("Subject", "x\r\nBcc: evil@example.org")
        msg.as_bytes()


def test_built_message_has_only_our_headers() -> None:
    msg = build_message(
        RENDERED,
        week="2026-W45",
        subject=subject_for("2026-W45"),
        sender="veille@example.org",
        recipient="a@example.org",
    )
    assert msg["List-Unsubscribe"] == "<mailto:veille@example.org?subject=desinscription>"
    assert (
        msg["Message-ID"]
        == build_message(
            RENDERED,
            week="2026-W45",
            subject=subject_for("2026-W45"),
            sender="veille@example.org",
            recipient="a@example.org",
        )["Message-ID"]
    )
    assert msg.get_content_type() == "multipart/alternative"
