"""Fetch outcomes of index pages: from a response (:func:`response_outcome`, the one place an
answered fetch becomes a :class:`FetchOutcome`) or from a download failure (:func:`outcome_of`:
status, failure kind, message).

Kinds drive the failure weight of :func:`crawlers.schedule.failure_weight` (Media Cloud's
hard / soft / temporary classes): DNS errors are soft, timeouts and dropped connections
temporary, policy refusals, redirect loops and oversize bodies hard.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawlers.health import FetchOutcome
from crawlers.middlewares.errors import CrawlRefusal, RetryAfterPause, SiteChanged
from crawlers.tls import observed_tls
from models.vocab import FetchStatus

_TIMEOUTS = (net.TimeoutError, net.TCPTimedOutError, DownloadTimeoutError)
_CONNECTION = (
    DownloadConnectionRefusedError,
    DownloadFailedError,
    ResponseDataLossError,
    net.ConnectionRefusedError,
    net.ConnectionLost,
    net.ConnectionDone,
    net.ConnectError,
    ResponseFailed,
    ResponseNeverReceived,
)


def _message(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:500] if text else type(exc).__name__


def response_outcome(response: Response, status: str, **fields: Any) -> FetchOutcome:
    """The outcome of a fetch that got ``response``: its HTTP status, download time and TLS
    observation (A19) filled in, ``fields`` (new items, error…) as given."""
    return FetchOutcome(
        status,
        http_status=response.status,
        duration_ms=int(1000 * response.meta.get("download_latency", 0)),
        **fields,
        **observed_tls(response.url, response.meta),
    )


def outcome_of(failure: Failure | BaseException) -> FetchOutcome:
    """The health outcome of a failed request."""
    exc = failure.value if isinstance(failure, Failure) else failure
    if isinstance(exc, SiteChanged) and exc.response is not None:
        # A parking page was downloaded: the fetch is told like any answered one (A21).
        return response_outcome(
            exc.response, FetchStatus.ERROR, error=str(exc), error_kind=exc.kind
        )
    if isinstance(exc, RetryAfterPause):
        return FetchOutcome(
            FetchStatus.BACKOFF,
            http_status=exc.http_status,
            error=str(exc),
            error_kind="http",
            retry_after=exc.seconds,
        )
    if isinstance(exc, CrawlRefusal):
        return FetchOutcome(exc.status, error=str(exc), error_kind=exc.kind)
    if isinstance(exc, HttpError):
        status = exc.response.status
        return FetchOutcome(
            FetchStatus.ERROR, http_status=status, error=f"HTTP {status}", error_kind="http"
        )
    if isinstance(exc, net.DNSLookupError | CannotResolveHostError):
        return FetchOutcome(FetchStatus.ERROR, error=_message(exc), error_kind="dns")
    if isinstance(exc, _TIMEOUTS):
        return FetchOutcome(FetchStatus.ERROR, error=_message(exc), error_kind="timeout")
    if isinstance(exc, _CONNECTION):
        return FetchOutcome(FetchStatus.ERROR, error=_message(exc), error_kind="connection")
    if isinstance(exc, DownloadCancelledError):
        # Scrapy cancels a download only when the body passes DOWNLOAD_MAXSIZE (declared or
        # streamed; timeouts have their own class), and the wrapped Twisted CancelledError
        # often carries no text: name the limit so the health row is readable (A9).
        detail = str(exc).splitlines()[0] if str(exc) else "body over DOWNLOAD_MAXSIZE"
        return FetchOutcome(
            FetchStatus.ERROR, error=f"download cancelled: {detail}"[:500], error_kind="size"
        )
    if isinstance(exc, IgnoreRequest):  # e.g. DOWNLOAD_MAXSIZE exceeded while decompressing
        return FetchOutcome(FetchStatus.ERROR, error=_message(exc), error_kind="size")
    return FetchOutcome(FetchStatus.ERROR, error=_message(exc), error_kind="other")
