"""The loopback "trust web": can a site be trusted? A19 (TLS certificates) and A21 (quarantine)
through real crawls. The tests reading it: ``test_crawl_tls.py`` and ``test_crawl_quarantine.py``.

One loopback web per database (the session fixture ``trust`` of ``tests/crawlers/conftest.py``): HTTPS sites with a self-signed certificate, a certificate of a
test CA (trusted by the crawl through ``SSL_CERT_FILE``) and one of that CA for another name,
a plain-http site, and three council sites. Keys and certificates are generated at run time
with ``cryptography``. Crawl 1 stores everything; before crawl 2 one council's feed redirects
to another host and another's domain becomes a parking page; crawl 3 must skip both; then an
operator reinstates one. Every crawl is a real ``aict crawl`` subprocess; the quick
``aict sources …`` commands run in-process through typer's test runner.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import Result
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from typer.testing import CliRunner

from cli.main import app
from tests.conftest import fresh_database, query_db
from tests.support.cli import crawl_env, run_aict
from tests.support.sites import FixtureSite, article_html, loopback_address, redirect, rss
from tests.support.sources import source_entry, write_sources

TEXT = (
    "La ville a reçu cette semaine une délégation de sa commune jumelle du Burkina Faso. "
    "Les élus ont visité les écoles et signé un avenant à la convention de coopération "
    "décentralisée consacrée à l'eau potable et à la formation des agents municipaux."
)
PARKED = (
    "<!DOCTYPE html><html><head><title>ville-test.fr</title>"
    '<script src="https://img.sedoparking.com/templates/js/park.js"></script></head>'
    "<body><h1>ville-test.fr</h1><p>Ce domaine est à vendre !</p>"
    "<p>Faites une offre dès aujourd'hui.</p></body></html>"
)
CRAWL_SETTINGS = {"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0}
COUNCILS = ("trust-moved", "trust-parked", "trust-steady")


# --- certificates --------------------------------------------------------------------------------


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _cert(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
    *,
    ca: bool = False,
    ip: str | None = None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    issuer_name = issuer[0].subject if issuer else _name(subject)
    signing_key = issuer[1] if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()),
            critical=False,
        )
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    if ip:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]), critical=False
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _server_context(
    cert: x509.Certificate, key: ec.EllipticCurvePrivateKey, folder: Path, name: str
) -> ssl.SSLContext:
    cert_file, key_file = folder / f"{name}.pem", folder / f"{name}.key"
    cert_file.write_bytes(_pem(cert))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


class TlsSite(FixtureSite):
    """A :class:`FixtureSite` over HTTPS with the given server context."""

    def __init__(self, host: str | None, context: ssl.SSLContext, lifetime: float = 90.0) -> None:
        super().__init__(host, lifetime)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)

    @property
    def base(self) -> str:
        return f"https://{self.host}:{self.port}"


# --- the web and its crawls ----------------------------------------------------------------------


@dataclass
class TrustWeb:
    db_url: str
    sites: dict[str, FixtureSite]
    runs: list[subprocess.CompletedProcess[str]] = field(default_factory=list)
    hits: list[dict[str, int]] = field(default_factory=list)  # per crawl: site → total hits
    cli: dict[str, Result] = field(default_factory=dict)
    before: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    statuses: dict[str, tuple] = field(default_factory=dict)  # after crawl 3, before reinstate

    def query(self, sql: str, **params: object) -> list:
        return query_db(self.db_url, sql, **params)

    def articles(self, slug: str) -> list[tuple[str, str]]:
        rows = self.query(
            "SELECT a.url, a.text FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE s.slug = :s ORDER BY a.url",
            s=slug,
        )
        return [(r[0], r[1]) for r in rows]

    def tls(self, slug: str) -> object:
        return self.query(
            "SELECT f.tls_verified FROM feeds f JOIN sources s ON s.id = f.source_id "
            "WHERE s.slug = :s",
            s=slug,
        )[0][0]

    def status(self, slug: str) -> tuple:
        return self.query(
            "SELECT status, status_reason, status_changed_at FROM sources WHERE slug = :s", s=slug
        )[0]


def _aict(db_url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_aict(*args, "--db", db_url, env=crawl_env(CRAWL_SETTINGS, **env), timeout=150)


def _sources_cli(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["sources", *args, "--db", db_url])


def _serve(site: FixtureSite, slug: str, paths: list[str]) -> None:
    items = [{"title": f"{slug} {p.strip('/')}", "link": site.url(p)} for p in paths]
    site.route("/rss.xml", rss(items), content_type="application/rss+xml")
    for p in paths:
        site.route(p, article_html(f"{slug} {p.strip('/')}", f"{TEXT}\nPage {p} de {slug}."))


def _build(stack: list[FixtureSite], certs: Path) -> dict[str, FixtureSite]:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("AICT test CA", ca_key, None, ca=True)
    (certs / "ca.pem").write_bytes(_pem(ca))

    def tls_site(slug: str, signed: bool, cert_ip: str | None = None) -> TlsSite:
        """An HTTPS site whose certificate names ``cert_ip`` (default: the site's address)."""
        host = loopback_address()
        key = ec.generate_private_key(ec.SECP256R1())
        cert_ip = cert_ip or host
        cert = _cert(cert_ip, key, (ca, ca_key) if signed else None, ip=cert_ip)
        return TlsSite(host, _server_context(cert, key, certs, slug))

    sites: dict[str, FixtureSite] = {
        "trust-selfsigned": tls_site("selfsigned", signed=False),
        "trust-verified": tls_site("verified", signed=True),
        # Signed by the trusted CA, but for another address: the name check must fail.
        "trust-wrongname": tls_site("wrongname", signed=True, cert_ip=loopback_address()),
        "trust-plain": FixtureSite(lifetime=90),
        "trust-moved": FixtureSite(lifetime=90),
        "trust-elsewhere": FixtureSite(lifetime=90),  # where "moved" goes
        "trust-parked": FixtureSite(lifetime=90),
        "trust-steady": FixtureSite(lifetime=90),
    }
    for slug, site in sites.items():
        stack.append(site.__enter__())
        _serve(site, slug, ["/a1", "/a2"])
    return sites


def _sources_yaml(sites: dict[str, FixtureSite], path: Path) -> None:
    entries = [
        source_entry(slug, [site.url("/rss.xml")], kind="council", name=slug.title(),
                     homepage=site.url("/"), collectivite="commune:73065")
        for slug, site in sites.items()
        if slug != "trust-elsewhere"
    ]  # fmt: skip
    write_sources(path, entries)


def _change_hands(web: TrustWeb) -> None:
    """Between crawls 1 and 2: "moved" redirects away, "parked" is parked, "steady" adds one."""
    moved, elsewhere = web.sites["trust-moved"], web.sites["trust-elsewhere"]
    moved.routes["/rss.xml"] = redirect(elsewhere.url("/rss.xml"), 301)
    _serve(elsewhere, "trust-elsewhere", ["/a1", "/a2", "/new"])
    parked = web.sites["trust-parked"]
    for path in ("/", "/rss.xml", "/a1", "/a2", "/a3"):
        parked.route(path, PARKED)
    _serve(web.sites["trust-steady"], "trust-steady", ["/a1", "/a2", "/a3"])


def _hits(web: TrustWeb) -> dict[str, int]:
    return {slug: sum(site.hits.values()) for slug, site in web.sites.items()}


@contextmanager
def trust_web(request: pytest.FixtureRequest, tmp: Path) -> Iterator[TrustWeb]:
    """The trust web crawled three times on ``request.param``'s database, then the sources
    commands run; its sites stop on exit."""
    with fresh_database(request, tmp, "trust") as db_url:
        stack: list[FixtureSite] = []
        try:
            web = TrustWeb(db_url, _build(stack, tmp))
            sources = tmp / "sources.yaml"
            _sources_yaml(web.sites, sources)
            ca = {"SSL_CERT_FILE": str(tmp / "ca.pem")}
            web.runs.append(_aict(db_url, "crawl", "--sources", str(sources), **ca))
            web.hits.append(_hits(web))
            web.before = {slug: web.articles(slug) for slug in COUNCILS}
            _change_hands(web)
            only = [arg for slug in COUNCILS for arg in ("--only", slug)]
            web.runs.append(_aict(db_url, "crawl", *only))
            web.hits.append(_hits(web))
            web.runs.append(_aict(db_url, "crawl", *only))
            web.hits.append(_hits(web))
            web.statuses = {slug: web.status(slug) for slug in COUNCILS}
            web.cli["list"] = _sources_cli(db_url, "list")
            web.cli["health"] = _sources_cli(db_url, "health")
            web.cli["failing"] = _sources_cli(db_url, "health", "--failing")
            web.cli["reinstate"] = _sources_cli(db_url, "reinstate", "trust-moved")
            web.cli["again"] = _sources_cli(db_url, "reinstate", "trust-moved")
            web.cli["unknown"] = _sources_cli(db_url, "reinstate", "nope")
            web.cli["list-after"] = _sources_cli(db_url, "list")
            yield web
        finally:
            with ThreadPoolExecutor(len(stack) or 1) as pool:  # each shutdown waits for a poll
                list(pool.map(lambda site: site.__exit__(None, None, None), stack))
