"""Pure parts of A19/A21: registered domains, off-site redirects, parking signatures, TLS check."""

from __future__ import annotations

import socket

import pytest

from crawlers.quarantine import (
    fold,
    home_domains,
    leaves_home,
    looks_like_html,
    parking_signature,
    site_key,
)
from crawlers.tls import check_certificate, default_context, observed_tls
from tests.support.sites import loopback_address

ARTICLE = (
    "Le conseil municipal a débattu jeudi de l'avenir du domaine de Montplaisir. "
    "Ce domaine est à vendre depuis deux ans et la commune envisage de le préempter "
    "pour y installer un jardin partagé et une maison des associations. "
) * 12  # a real news page: far more than 200 words


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.chambery.fr/actualites/rss", "chambery.fr"),
        ("https://CHAMBERY.fr:443/", "chambery.fr"),
        ("https://mairie.ville.gouv.fr/", "ville.gouv.fr"),
        ("https://www.example.co.uk/x", "example.co.uk"),
        ("https://a.wixsite.com/", "a.wixsite.com"),  # a private suffix: sites differ
        ("https://chambéry.fr/", site_key("https://xn--chambry-fya.fr/")),  # IDN = punycode
        ("http://127.0.30.64:8000/rss.xml", "127.0.30.64"),
        ("http://[::1]:80/", "::1"),
        ("http://localhost/", "localhost"),
        ("not a url", None),
    ],
)
def test_site_key(url: str, key: str | None) -> None:
    assert site_key(url) == key


def test_leaves_home() -> None:
    home = home_domains(["https://www.ville-test.fr/", "https://actu.ville-test.fr/rss", None])
    assert home == {"ville-test.fr"}
    assert leaves_home("https://ville-test.fr/rss", "https://www.ville-test.fr/rss", home) is None
    moved = leaves_home("https://ville-test.fr/rss", "https://sedo.com/search?d=x", home)
    assert moved == "sedo.com"
    # A link the feed points at elsewhere, redirecting elsewhere, is not the site moving.
    assert leaves_home("https://bit.ly/abc", "https://partner.org/x", home) is None
    assert leaves_home("https://ville-test.fr/rss", "https://other.fr/", frozenset()) is None
    ips = home_domains(["http://127.0.30.64:8000/"])
    assert leaves_home("http://127.0.30.64:8000/a", "http://127.0.30.64:9000/b", ips) is None
    assert leaves_home("http://127.0.30.64:8000/a", "http://127.0.30.65:8000/a", ips)


@pytest.mark.parametrize(
    ("html", "why"),
    [
        ("<html><body><h1>Ce domaine est à vendre !</h1></body></html>", "ce domaine est a vendre"),
        ("<html><body><p>Ce nom de domaine a expiré.</p></body></html>", "a expire"),
        ("<html><body>This domain may be for sale. Inquire now</body></html>", "may be for sale"),
        ("<html><body><p>Buy this domain</p></body></html>", "buy this domain"),
        (
            '<html><head><script src="//img.sedoparking.com/js/park.js"></script></head>'
            "<body></body></html>",
            "sedoparking.com",
        ),
        ('<html><body><iframe src="https://www.bodis.com/x"></iframe></body></html>', "bodis"),
        ('<html><body><a href="https://dan.com/buy-domain/x">Offre</a></body></html>', "dan.com"),
    ],
)
def test_parking_signature_found(html: str, why: str) -> None:
    found = parking_signature(html)
    assert found is not None and why in found


@pytest.mark.parametrize(
    "html",
    [
        f"<html><body><article><p>{ARTICLE}</p></article></body></html>",  # long page
        '<html><body><a href="https://www.jourdan.com/">Jourdan</a></body></html>',  # not dan.com
        "<html><body><script>var t = 'domain is for sale';</script><p>Agenda</p></body></html>",
        "",
        "<<<>>>",
    ],
)
def test_parking_signature_absent(html: str) -> None:
    assert parking_signature(html) is None


def test_fold_and_html_sniffing() -> None:
    assert fold("  CE  Domaine’est À\u00a0VENDRE ") == "ce domaine'est a vendre"
    assert looks_like_html(b"<?xml version='1.0'?><rss/>", b"text/html; charset=utf-8")
    assert looks_like_html(b"  <!DOCTYPE html><html>", None)
    assert not looks_like_html(b"<?xml version='1.0'?><rss/>", b"application/rss+xml")


def test_tls_check_without_answer_is_unknown() -> None:
    # A closed port: the handshake never happens, so the certificate is neither good nor bad.
    host = loopback_address()
    with socket.socket() as sock:
        sock.bind((host, 0))
        port = sock.getsockname()[1]
    result = check_certificate(host, host, port, 2.0, default_context())
    assert result.verified is None and "ConnectionRefused" in result.detail


def test_observed_tls_fields() -> None:
    assert observed_tls("https://a.fr/rss", {"tls_verified": False}) == {
        "tls_observed": True,
        "tls_verified": False,
    }
    assert observed_tls("http://a.fr/rss", {"tls_verified": True})["tls_verified"] is None
