"""Sending over TLS to a real aiosmtpd server on loopback: STARTTLS and implicit TLS (smtps),
with a self-signed certificate the client is told to trust, and refused when it is not."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine

from digest.send import send_week
from tests.digest.factory import build_week
from tests.digest.smtp_server import Capture, free_port

SENDER = "veille@example.org"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@contextmanager
def tls_server(cert: Path, key: Path, implicit: bool) -> Iterator[tuple[Capture, str]]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    capture, port = Capture(), free_port()
    if implicit:
        controller = Controller(capture, hostname="127.0.0.1", port=port, ssl_context=context)
        url = f"smtps://127.0.0.1:{port}"
    else:
        controller = Controller(
            capture, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
        )
        url = f"smtp://127.0.0.1:{port}?starttls=true"
    controller.start()
    try:
        yield capture, url
    finally:
        controller.stop()


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "smtps"])
def test_tls_delivery_with_a_trusted_certificate(
    engine: Engine, certificate: tuple[Path, Path], implicit: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("transport test: one database is enough")
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts our test CA only
    build_week(engine)
    with tls_server(cert, key, implicit) as (capture, url):
        report = send_week(engine, "2026-W47", None, url, SENDER, to=["a@example.org"])
    assert report.sent == ["a@example.org"] and len(capture.received) == 1


def test_untrusted_certificate_is_refused(
    engine: Engine, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("transport test: one database is enough")
    cert, key = certificate
    empty_ca = tmp_path / "none.pem"
    empty_ca.write_text("", encoding="utf-8")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty_ca))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    build_week(engine)
    with tls_server(cert, key, implicit=False) as (capture, url):
        report = send_week(engine, "2026-W47", None, url, SENDER, to=["a@example.org"])
    assert report.sent == [] and capture.received == []
    assert report.failed and "certificate" in report.failed[0][1].lower()
