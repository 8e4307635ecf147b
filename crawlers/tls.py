"""Does a site's TLS certificate verify? Asked once per server, answered without failing (A19).

Scrapy does not verify certificates (``DOWNLOAD_VERIFY_CERTIFICATES=False``), which keeps commune
sites with expired or self-signed certificates crawlable; reliability.md wants the fact recorded
(``feeds.tls_verified``) rather than the site dropped. :func:`check_certificate` opens one TLS
handshake, no HTTP request, with the standard library's default context — the system trust
store (``SSL_CERT_FILE``/``SSL_CERT_DIR`` override it, as for any OpenSSL client) and hostname
checking — to the very address Scrapy connected to, so the network policy already approved it.
The handshake sees the intermediates the server sends, which ``response.certificate`` (the leaf
alone) cannot give.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TlsCheck:
    """``verified``: True (chain and name check out), False (they do not), None (no answer)."""

    verified: bool | None
    detail: str = ""


def default_context() -> ssl.SSLContext:
    """A verifying client context on the system trust store (hostname checked)."""
    return ssl.create_default_context()


def check_certificate(
    hostname: str, address: str, port: int, timeout: float, context: ssl.SSLContext
) -> TlsCheck:
    """Handshake with ``address:port`` presenting ``hostname`` (SNI) and verify what comes back.

    Blocking: run it in a thread. A verification failure is an answer (False, with OpenSSL's
    reason); a network or protocol failure is not (None): the download itself succeeded.
    """
    try:
        with socket.create_connection((address, port), timeout=timeout) as sock:
            with context.wrap_socket(sock, server_hostname=hostname):
                return TlsCheck(True)
    except ssl.SSLCertVerificationError as exc:
        return TlsCheck(False, (exc.verify_message or str(exc))[:200])
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        return TlsCheck(None, f"{type(exc).__name__}: {exc}"[:200])


def observed_tls(url: str, meta: dict[str, Any]) -> dict[str, Any]:
    """FetchOutcome fields for a response at ``url``: verified or not over HTTPS, None over http."""
    https = url.lower().startswith("https:")
    return {"tls_observed": True, "tls_verified": meta.get("tls_verified") if https else None}
