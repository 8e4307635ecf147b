"""Digest subscriptions: the YAML file of design.md, validated strictly into typed records.

Unknown keys and bad values are errors with one readable line (ValueError); recipients come
only from here or from ``--to``, never from data (P-F2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digest.headers import check_address
from models.taxonomy import OBJECT_IDS

ENTRY_KEYS = frozenset({"email", "name", "territories", "objects"})
TERRITORY_RE = re.compile(
    r"^(commune:[0-9][0-9AB][0-9]{3}|dep:(?:[0-9]{2,3}|2A|2B|6AE|69M)|reg:[0-9]{2}"
    r"|epci:[0-9]{9}|com:[0-9]{3})$"
)


@dataclass(frozen=True)
class Subscription:
    """One recipient and their filters (empty tuple = no filter: all of France, all objects)."""

    email: str
    name: str | None = None
    territories: tuple[str, ...] = field(default_factory=tuple)
    objects: tuple[str, ...] = field(default_factory=tuple)


def _string_list(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: '{key}' must be a list of strings")
    return [v.strip() for v in value]


def parse_entry(entry: Any, where: str) -> Subscription:
    """One ``subscriptions`` entry → :class:`Subscription`; ValueError names the entry."""
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping with 'email'")
    unknown = sorted(set(map(str, entry)) - ENTRY_KEYS)
    if unknown:
        raise ValueError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(ENTRY_KEYS))})"
        )
    if "email" not in entry:
        raise ValueError(f"{where}: 'email' is required")
    email = check_address(entry["email"], f"{where}: e-mail")
    name = entry.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip() or len(name) > 200):
        raise ValueError(f"{where}: 'name' must be a non-empty string (≤ 200 characters)")
    territories = _string_list(entry.get("territories"), where, "territories")
    for code in territories:
        if not TERRITORY_RE.match(code):
            raise ValueError(
                f"{where}: invalid territory {code!r} (typed code: commune:73065, dep:73, reg:84, "
                "epci:<SIREN>, com:987)"
            )
    objects = _string_list(entry.get("objects"), where, "objects")
    for obj in objects:
        if obj not in OBJECT_IDS:
            raise ValueError(f"{where}: unknown object {obj!r} (one of {', '.join(OBJECT_IDS)})")
    return Subscription(
        email=email,
        name=name.strip() if name else None,
        territories=tuple(dict.fromkeys(territories)),
        objects=tuple(dict.fromkeys(objects)),
    )


def parse_subscriptions(document: Any, origin: str = "subscriptions") -> list[Subscription]:
    """The parsed YAML document → subscriptions (at least one, no duplicate address)."""
    if not isinstance(document, dict) or set(map(str, document)) != {"subscriptions"}:
        raise ValueError(f"{origin}: expected a single top-level key 'subscriptions'")
    entries = document["subscriptions"]
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{origin}: 'subscriptions' must be a non-empty list")
    subs = [parse_entry(e, f"{origin}: subscription {i}") for i, e in enumerate(entries, 1)]
    seen: set[str] = set()
    for sub in subs:
        if sub.email.lower() in seen:
            raise ValueError(f"{origin}: {sub.email} is listed twice")
        seen.add(sub.email.lower())
    return subs


def load_subscriptions(path: str | Path) -> list[Subscription]:
    """Read and validate a subscriptions YAML file (OSError when unreadable)."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise ValueError(f"{path}:{line} invalid YAML") from None
    return parse_subscriptions(document, str(path))


def recipients_from_to(value: str) -> list[Subscription]:
    """``--to a@x,b@y`` → unfiltered subscriptions (validated, duplicates removed)."""
    addresses = [a.strip() for a in value.split(",") if a.strip()]
    if not addresses:
        raise ValueError("--to: no address given")
    subs = {check_address(a, "--to address").lower(): None for a in addresses}
    return [Subscription(email=a) for a in subs]
