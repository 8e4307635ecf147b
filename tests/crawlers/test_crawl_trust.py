"""Can the site be trusted? A19 (TLS certificates) and A21 (quarantine) through real crawls.

One loopback web per database: HTTPS sites with a self-signed certificate, a certificate of a
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
import json
import os
import ssl
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from typer.testing import CliRunner

from cli.main import app
from crawlers.plan import build_plan
from storage.engine import make_engine
from tests.conftest import fresh_database, query_db
from tests.support.sites import TEST_NETWORK, FixtureSite, article_html, redirect, rss

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

    def __init__(self, host: str, context: ssl.SSLContext, lifetime: float = 90.0) -> None:
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
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "cli", *args, "--db", db_url],
        capture_output=True,
        text=True,
        timeout=150,
        env={
            **os.environ,
            "AICT_ALLOW_NETWORKS": TEST_NETWORK,
            "AICT_SCRAPY_SETTINGS": json.dumps(CRAWL_SETTINGS),
            **env,
        },
        check=False,
    )


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

    def tls_site(slug: str, host: str, cert_ip: str, signed: bool) -> TlsSite:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(cert_ip, key, (ca, ca_key) if signed else None, ip=cert_ip)
        return TlsSite(host, _server_context(cert, key, certs, slug))

    sites: dict[str, FixtureSite] = {
        "trust-selfsigned": tls_site("selfsigned", "127.0.30.60", "127.0.30.60", signed=False),
        "trust-verified": tls_site("verified", "127.0.30.61", "127.0.30.61", signed=True),
        # Signed by the trusted CA, but for another address: the name check must fail.
        "trust-wrongname": tls_site("wrongname", "127.0.30.62", "127.0.30.99", signed=True),
        "trust-plain": FixtureSite("127.0.30.63", lifetime=90),
        "trust-moved": FixtureSite("127.0.30.64", lifetime=90),
        "trust-elsewhere": FixtureSite("127.0.30.65", lifetime=90),  # where "moved" goes
        "trust-parked": FixtureSite("127.0.30.66", lifetime=90),
        "trust-steady": FixtureSite("127.0.30.67", lifetime=90),
    }
    for slug, site in sites.items():
        stack.append(site.__enter__())
        _serve(site, slug, ["/a1", "/a2"])
    return sites


def _sources_yaml(sites: dict[str, FixtureSite], path: Path) -> None:
    entries = []
    for slug, site in sites.items():
        if slug == "trust-elsewhere":
            continue
        entry = {"slug": slug, "name": slug.title(), "kind": "council", "feeds": []}
        entry |= {"homepage": site.url("/"), "collectivite": "commune:73065"}
        entry["feeds"] = [site.url("/rss.xml")]
        entries.append(entry)
    path.write_text(yaml.safe_dump({"sources": entries}), encoding="utf-8")


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


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def trust(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TrustWeb]:
    tmp = tmp_path_factory.mktemp("trustweb")
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


# --- A19: TLS -------------------------------------------------------------------------------------


def test_a19_invalid_certificates_crawled_and_flagged(trust: TrustWeb) -> None:
    first = trust.runs[0]
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    for slug in ("trust-selfsigned", "trust-wrongname"):
        site = trust.sites[slug]
        assert [url for url, _ in trust.articles(slug)] == [site.url("/a1"), site.url("/a2")]
        assert trust.tls(slug) in (False, 0), slug  # stored, and flagged


def test_a19_verified_and_plain_http(trust: TrustWeb) -> None:
    assert len(trust.articles("trust-verified")) == 2
    assert trust.tls("trust-verified") in (True, 1)  # chain to the trusted CA, address matches
    assert len(trust.articles("trust-plain")) == 2
    assert trust.tls("trust-plain") is None  # never fetched over HTTPS


def test_a19_health_shows_tls_note(trust: TrustWeb) -> None:
    lines = {line.split("\t")[0]: line for line in trust.cli["health"].stdout.splitlines()}
    assert lines["trust-selfsigned"].endswith("TLS unverified")
    assert lines["trust-wrongname"].endswith("TLS unverified")
    assert "TLS" not in lines["trust-verified"] and "TLS" not in lines["trust-plain"]


# --- A21: quarantine ------------------------------------------------------------------------------


def test_a21_redirect_to_other_domain_quarantines(trust: TrustWeb) -> None:
    status, reason, since = trust.statuses["trust-moved"]
    elsewhere = trust.sites["trust-elsewhere"]
    assert status == "suspect" and since is not None
    assert "redirected to another domain" in reason and elsewhere.host in reason
    assert sum(elsewhere.hits.values()) == 0  # the other host was never contacted
    assert trust.articles("trust-moved") == trust.before["trust-moved"]  # old content kept
    assert len(trust.before["trust-moved"]) == 2


def test_a21_parking_page_quarantines_and_stores_nothing(trust: TrustWeb) -> None:
    status, reason, _ = trust.statuses["trust-parked"]
    assert status == "suspect"
    assert "parking page" in reason and "/rss.xml" in reason
    kept = trust.articles("trust-parked")
    assert kept == trust.before["trust-parked"] and len(kept) == 2
    assert all("vendre" not in body for _, body in kept)
    assert trust.sites["trust-parked"].hits["/a3"] == 0


def test_a21_crawl_reports_quarantine_and_others_go_on(trust: TrustWeb) -> None:
    second = trust.runs[1]
    assert second.returncode == 3, second.stderr[-3000:]
    assert "Traceback" not in second.stderr
    for slug in ("trust-moved", "trust-parked"):
        assert f"aict: quarantined {slug} (suspect: " in second.stderr
    assert "stored 1 article" in second.stdout  # steady's new article
    steady = trust.sites["trust-steady"]
    assert [u for u, _ in trust.articles("trust-steady")][-1] == steady.url("/a3")
    assert trust.statuses["trust-steady"][0] == "active"
    errors = trust.query(
        "SELECT h.source_slug, h.status, h.last_error FROM v_source_health h "
        "WHERE h.source_slug IN ('trust-moved', 'trust-parked') ORDER BY 1"
    )
    assert [(slug, status) for slug, status, _ in errors] == [
        ("trust-moved", "error"),
        ("trust-parked", "error"),
    ]


def test_a21_third_crawl_skips_suspect_sources(trust: TrustWeb) -> None:
    third = trust.runs[2]
    assert third.returncode == 0, third.stderr[-3000:]
    assert "skipped suspect source trust-moved (redirected to another domain" in third.stderr
    assert "skipped suspect source trust-parked (parking page" in third.stderr
    for slug in ("trust-moved", "trust-parked", "trust-elsewhere"):
        assert trust.hits[2][slug] == trust.hits[1][slug], slug  # not one request
    assert trust.hits[2]["trust-steady"] > trust.hits[1]["trust-steady"]


def test_a21_list_health_and_reinstate(trust: TrustWeb) -> None:
    listed = {line.split("\t")[0]: line for line in trust.cli["list"].stdout.splitlines()}
    assert listed["trust-moved"].startswith("trust-moved\tcouncil\tsuspect\t1 feed\t")
    assert "redirected to another domain" in listed["trust-moved"]
    assert listed["trust-steady"].startswith("trust-steady\tcouncil\tenabled\t")
    failing = trust.cli["failing"].stdout
    assert "trust-parked\terror" in failing and "source suspect since " in failing
    assert "trust-steady" not in failing
    assert trust.cli["reinstate"].exit_code == 0
    assert trust.cli["reinstate"].stdout.strip() == "reinstated trust-moved (was suspect)"
    assert trust.cli["again"].stdout.strip() == "trust-moved is already active"
    unknown = trust.cli["unknown"]
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == "aict: error: unknown source 'nope' (see `aict sources list`)"
    after = {line.split("\t")[0]: line for line in trust.cli["list-after"].stdout.splitlines()}
    assert after["trust-moved"].startswith("trust-moved\tcouncil\tenabled\t")
    assert trust.status("trust-moved")[:2] == ("active", None)
    engine = make_engine(trust.db_url)
    try:
        plan = build_plan(engine, slugs=list(COUNCILS), due_only=False)
    finally:
        engine.dispose()
    assert [t.source_slug for t in plan.feeds] == ["trust-moved", "trust-steady"]
    assert plan.skipped_suspect.keys() == {"trust-parked"}
