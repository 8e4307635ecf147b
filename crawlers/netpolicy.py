"""Network policy: which URLs and resolved addresses the crawler may contact (P-C7, A12, A13).

Only ``http``/``https`` URLs of at most 2,048 characters are fetched. A host is refused when any
address it resolves to is private, loopback, link-local, multicast, reserved or unspecified,
unless that address falls in ``AICT_ALLOW_NETWORKS`` (comma-separated CIDRs). The check runs on
the resolved IP, never on the host name, so a public-looking name pointing inside is refused.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawlers.environment import CrawlerSettings

ALLOWED_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 2048
ENV_ALLOW = "AICT_ALLOW_NETWORKS"

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class PolicyError(ValueError):
    """A URL or address the policy refuses; the message is one readable line."""


@dataclass(frozen=True)
class NetworkPolicy:
    """The allow-list of otherwise-forbidden networks (tests and the demo add loopback ranges)."""

    allow: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> NetworkPolicy:
        return cls(parse_networks(CrawlerSettings.from_env(environ).allow_networks))

    def address_allowed(self, address: str) -> bool:
        """True when ``address`` is public, or inside an allow-listed network."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip in net for net in self.allow):
            return True
        return ip.is_global and not ip.is_multicast

    def covers_loopback_only(self) -> bool:
        """True when every allow-listed network is loopback (the relaxed "loopback profile")."""
        return bool(self.allow) and all(_within_loopback(net) for net in self.allow)

    def check_addresses(self, host: str, addresses: Iterable[str]) -> None:
        """Raise :class:`PolicyError` when any resolved address of ``host`` is refused."""
        found = list(addresses)
        if not found:
            raise PolicyError(f"{host} did not resolve")
        for address in found:
            if not self.address_allowed(address):
                raise PolicyError(f"{host} resolves to non-public address {address}")


_LOOPBACK_V4 = ipaddress.IPv4Network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.IPv6Network("::1/128")


def _within_loopback(net: IPNetwork) -> bool:
    if isinstance(net, ipaddress.IPv4Network):
        return net.subnet_of(_LOOPBACK_V4)
    return net.subnet_of(_LOOPBACK_V6)


def parse_networks(raw: str) -> tuple[IPNetwork, ...]:
    """``"127.0.0.1/32, 10.0.0.0/8"`` → networks; a bad entry raises one readable line."""
    nets: list[IPNetwork] = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            nets.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise PolicyError(f"{ENV_ALLOW}: invalid network {part!r}") from exc
    return tuple(nets)


def check_url(url: str) -> str:
    """The URL's host when its scheme and length are acceptable; :class:`PolicyError` otherwise."""
    if len(url) > MAX_URL_LENGTH:
        raise PolicyError(f"URL longer than {MAX_URL_LENGTH} characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise PolicyError(f"scheme {scheme or '(none)'!r} refused: only http and https")
    if not parts.hostname:
        raise PolicyError(f"URL without a host: {url[:120]}")
    return parts.hostname


def literal_ip(host: str) -> str | None:
    """``host`` itself when it is an IP literal (no DNS needed), else None."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None
