"""The sources registry: strict YAML loading, council generation, and loading into the database.

The YAML format is design.md's "Sources file". Unknown keys, bad slugs, kinds or URLs are one
readable :class:`RegistryError` line naming the source and the key. The database is the
truth: :func:`load_registry` upserts sources and feeds, never deletes a feed (discovered ones
included) nor touches fetch history, and keeps an operator's ``disable`` unless the file says
``enabled`` explicitly.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

try:  # libyaml's loader and dumper, as safe and ~3x faster: a full-size registry is 21,000+
    # sources (the dumper writes the same text as the pure-Python one, checked at full size)
    from yaml import CSafeDumper as _SafeDumper
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # a PyYAML built without libyaml
    from yaml import SafeDumper as _SafeDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from crawlers import schedule
from crawlers.urls import is_crawlable
from models.vocab import FeedKind, SourceKind, values
from storage.engine import affected_rows, write_session
from storage.upserts import source_ids, upsert_feeds, upsert_sources

SOURCES_DIR = Path(__file__).with_name("sources")
BUNDLED = SOURCES_DIR / "sources.yaml"
PRESS = SOURCES_DIR / "press.yaml"
COMMUNE_MIN_POPULATION = 20_000

SOURCE_KEYS = frozenset(
    {
        "slug",
        "name",
        "kind",
        "feeds",
        "homepage",
        "collectivite",
        "group",
        "departments",
        "circulation",
        "listing_pages",
        "sitemaps",
        "enabled",
    }
)
FEED_KEYS = frozenset({"url", "kind", "departments"})
FEED_KINDS = values(FeedKind)
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
_COLLECTIVITE = re.compile(r"^(commune|dep|reg|epci|com):[0-9A-Z]{2,9}$")
_DEPARTMENT = re.compile(r"^(\d{2,3}|2A|2B|6AE|69M)$")


class RegistryError(ValueError):
    """An invalid sources file (one readable line)."""


@dataclass(frozen=True)
class FeedSpec:
    url: str
    kind: str = FeedKind.RSS
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceSpec:
    slug: str
    name: str
    kind: str
    feeds: tuple[FeedSpec, ...] = ()
    homepage: str | None = None
    collectivite: str | None = None
    group: str | None = None
    departments: tuple[str, ...] = ()
    circulation: int | None = None
    listing_pages: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    enabled: bool | None = None  # None: not said in the file (keep the database's value)

    def all_feeds(self) -> list[FeedSpec]:
        """Declared feeds plus listing pages and sitemaps as feeds of their kind."""
        extra = [FeedSpec(u, FeedKind.LISTING, self.departments) for u in self.listing_pages]
        extra += [FeedSpec(u, FeedKind.SITEMAP, self.departments) for u in self.sitemaps]
        return [*self.feeds, *extra]


@dataclass
class Registry:
    sources: list[SourceSpec] = field(default_factory=list)


def _where(origin: str, slug: str | None, index: int) -> str:
    return f"{origin}: source {slug!r}" if slug else f"{origin}: source #{index + 1}"


def _str_list(value: Any, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise RegistryError(f"{where}: {what!r} must be a list of strings")
    return tuple(str(v) for v in value)


def _url(value: Any, what: str, where: str) -> str:
    if not isinstance(value, str) or not is_crawlable(value):
        raise RegistryError(f"{where}: {what!r} must be an http(s) URL, got {value!r}")
    return value.strip()


def _departments(value: Any, where: str) -> tuple[str, ...]:
    deps = _str_list(value, "departments", where)
    for dep in deps:
        if not _DEPARTMENT.match(dep):
            raise RegistryError(f"{where}: invalid département {dep!r} in 'departments'")
    return deps


def _feed(raw: Any, where: str) -> FeedSpec:
    if isinstance(raw, str):
        return FeedSpec(_url(raw, "feeds", where))
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: each feed must be a URL or a mapping with 'url'")
    unknown = sorted(set(raw) - FEED_KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown key {unknown[0]!r} in a feed")
    kind = raw.get("kind", FeedKind.RSS)
    if kind not in FEED_KINDS:
        raise RegistryError(f"{where}: feed kind must be one of {', '.join(FEED_KINDS)}")
    return FeedSpec(
        _url(raw.get("url"), "url", where), kind, _departments(raw.get("departments"), where)
    )


def parse_source(raw: Any, origin: str, index: int) -> SourceSpec:
    """One validated source mapping."""
    if not isinstance(raw, dict):
        raise RegistryError(f"{origin}: source #{index + 1} must be a mapping")
    slug = raw.get("slug")
    where = _where(origin, slug if isinstance(slug, str) else None, index)
    _check_required(raw, where)
    homepage = _url(raw["homepage"], "homepage", where) if raw.get("homepage") else None
    collectivite = raw.get("collectivite")
    if raw["kind"] == SourceKind.COUNCIL:
        if not homepage:
            raise RegistryError(f"{where}: a council needs 'homepage'")
        if not isinstance(collectivite, str) or not _COLLECTIVITE.match(collectivite):
            raise RegistryError(f"{where}: 'collectivite' must be a typed code like commune:73065")
    circulation, enabled, group = _checked_options(raw, where)
    return SourceSpec(
        slug=raw["slug"],
        name=raw["name"].strip(),
        kind=raw["kind"],
        feeds=tuple(_feed(f, where) for f in raw["feeds"]),
        homepage=homepage,
        collectivite=collectivite,
        group=group,
        departments=_departments(raw.get("departments"), where),
        circulation=circulation,
        listing_pages=tuple(
            _url(u, "listing_pages", where)
            for u in _str_list(raw.get("listing_pages"), "listing_pages", where)
        ),
        sitemaps=tuple(
            _url(u, "sitemaps", where) for u in _str_list(raw.get("sitemaps"), "sitemaps", where)
        ),
        enabled=enabled,
    )


def _check_required(raw: dict[str, Any], where: str) -> None:
    """Known keys only, the required ones present and of the right shape."""
    unknown = sorted(set(raw) - SOURCE_KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown key {unknown[0]!r}")
    for key in ("slug", "name", "kind", "feeds"):
        if key not in raw:
            raise RegistryError(f"{where}: missing required key {key!r}")
    slug = raw["slug"]
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise RegistryError(f"{where}: 'slug' must match [a-z0-9-] (got {slug!r})")
    if raw["kind"] not in values(SourceKind):
        raise RegistryError(f"{where}: 'kind' must be press or council")
    if not isinstance(raw["name"], str) or not raw["name"].strip():
        raise RegistryError(f"{where}: 'name' must be a non-empty string")
    if not isinstance(raw["feeds"], list):
        raise RegistryError(f"{where}: 'feeds' must be a list (may be empty)")


def _checked_options(raw: dict[str, Any], where: str) -> tuple[int | None, bool | None, str | None]:
    """``circulation``, ``enabled`` and ``group``, each checked when given."""
    circulation = raw.get("circulation")
    if circulation is not None and (not isinstance(circulation, int) or circulation < 0):
        raise RegistryError(f"{where}: 'circulation' must be a whole number")
    enabled = raw.get("enabled")
    if enabled is not None and not isinstance(enabled, bool):
        raise RegistryError(f"{where}: 'enabled' must be true or false")
    group = raw.get("group")
    if group is not None and not isinstance(group, str):
        raise RegistryError(f"{where}: 'group' must be a string")
    return circulation, enabled, group


def parse_registry(data: Any, origin: str) -> Registry:
    """Validate a loaded YAML document (``{"sources": [...]}``)."""
    if (
        not isinstance(data, dict)
        or set(data) != {"sources"}
        or not isinstance(data["sources"], list)
    ):
        raise RegistryError(f"{origin}: expected a mapping with one key 'sources' holding a list")
    registry = Registry([parse_source(raw, origin, i) for i, raw in enumerate(data["sources"])])
    seen_slugs: set[str] = set()
    seen_urls: dict[str, str] = {}
    for spec in registry.sources:
        if spec.slug in seen_slugs:
            raise RegistryError(f"{origin}: duplicate slug {spec.slug!r}")
        seen_slugs.add(spec.slug)
        for feed in spec.all_feeds():
            other = seen_urls.setdefault(feed.url, spec.slug)
            if other != spec.slug:
                raise RegistryError(
                    f"{origin}: feed {feed.url} listed by {other!r} and {spec.slug!r}"
                )
    return registry


def read_registry(path: Path | str | None = None) -> Registry:
    """Read and validate a sources file (the bundled one by default)."""
    path = Path(path) if path else BUNDLED
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(f"sources file not found: {path}") from None
    except UnicodeDecodeError:
        raise RegistryError(f"{path.name}: not UTF-8 text") from None
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise RegistryError(f"{path.name}: invalid YAML{line}") from None
    return parse_registry(data, path.name)


def _source_row(spec: SourceSpec) -> dict[str, Any]:
    row: dict[str, Any] = {
        "slug": spec.slug,
        "name": spec.name,
        "kind": spec.kind,
        "group_name": spec.group,
        "collectivite_code": spec.collectivite,
        "homepage": spec.homepage,
        "departments": ",".join(spec.departments),
        "circulation": spec.circulation,
        "listing_pages": "\n".join(spec.listing_pages),
        "sitemaps": "\n".join(spec.sitemaps),
    }
    if spec.enabled is not None:
        row["enabled"] = spec.enabled
    return row


def store_registry(engine: Engine, registry: Registry) -> dict[str, int]:
    """Upsert the registry's sources and feeds in one transaction (nothing is deleted)."""
    with write_session(engine) as session:
        rows = [_source_row(s) for s in registry.sources]
        # executemany needs one column set per statement: rows that say `enabled` go apart.
        upsert_sources(session, [r for r in rows if "enabled" in r])
        upsert_sources(session, [r for r in rows if "enabled" not in r])
        ids = source_ids(session)
        feeds = [
            {
                "source_id": ids[spec.slug],
                "url": feed.url,
                "kind": feed.kind,
                "departments": ",".join(feed.departments or spec.departments),
                "poll_minutes": schedule.bounds_for(spec.kind, feed.kind).default,
            }
            for spec in registry.sources
            for feed in spec.all_feeds()
        ]
        upsert_feeds(session, feeds)
    return {"sources": len(registry.sources), "feeds": len(feeds)}


def load_registry(engine: Engine, path: Path | str | None = None) -> dict[str, int]:
    """Validate ``path`` (default: the bundled registry) and upsert it into the database."""
    return store_registry(engine, read_registry(path))


def load_bundled_registry(engine: Engine) -> dict[str, int]:
    """``aict init`` step: the bundled registry."""
    counts = load_registry(engine)
    return {"registry sources": counts["sources"], "registry feeds": counts["feeds"]}


# --- generation of the council registry from reference data --------------------------------


def slugify(text: str) -> str:
    """ASCII ``[a-z0-9-]`` slug of a French name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def council_sources(
    min_population: int = COMMUNE_MIN_POPULATION, also: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Council entries: the régions, the départements' councils, communes ≥ ``min_population``
    and every commune or EPCI of ``also`` (collectivités of the registers) with a website."""
    from storage.reference import collectivite_rows

    entries = _CouncilEntries()
    add = entries.add
    rows = [r for r in collectivite_rows() if r["website"] and is_crawlable(r["website"])]
    for r in rows:
        deps = [d for d in r["departement_codes"].split(",") if d]
        if r["kind"] in ("region", "collectivite_unique"):
            add(
                f"region-{slugify(r['name'])}", f"Région {r['name']}", r["code"], r["website"], deps
            )
    _add_departements(entries, rows)
    _add_communes_and_epcis(entries, rows, min_population, also)
    return entries.out


class _CouncilEntries:
    """Council entries in order; a slug taken already gets its collectivité code appended."""

    def __init__(self) -> None:
        self.out: list[dict[str, Any]] = []
        self.slugs: set[str] = set()

    def add(self, slug: str, name: str, code: str, homepage: str, deps: list[str]) -> None:
        if slug in self.slugs:
            slug = f"{slug}-{code.split(':', 1)[1].lower()}"
        self.slugs.add(slug)
        entry: dict[str, Any] = {
            "slug": slug,
            "name": name,
            "kind": SourceKind.COUNCIL.value,  # a plain str: yaml.safe_dump refuses subclasses
            "collectivite": code,
            "homepage": homepage,
        }
        if deps:
            entry["departments"] = deps
        entry["feeds"] = []
        self.out.append(entry)


def _add_departements(entries: _CouncilEntries, rows: list[dict[str, Any]]) -> None:
    """The départements' councils and the councils with département powers."""
    add = entries.add
    for r in rows:
        deps = [d for d in r["departement_codes"].split(",") if d]
        if r["kind"] == "departement":
            add(
                f"departement-{r['departement_code'].lower()}-{slugify(r['name'])}",
                f"Département {r['name']}",
                r["code"],
                r["website"],
                deps,
            )
        elif r["kind"] in ("collectivite_europeenne", "metropole", "ville_departement"):
            add(slugify(r["name"]), r["name"], r["code"], r["website"], deps)


def _add_communes_and_epcis(
    entries: _CouncilEntries, rows: list[dict[str, Any]], min_population: int, also: frozenset[str]
) -> None:
    """Communes of ``min_population`` or more, and the communes and EPCI of ``also``."""
    add = entries.add
    communes = [
        r
        for r in rows
        if r["kind"] == "commune"
        and ((r["population"] or 0) >= min_population or r["code"] in also)
    ]
    for r in sorted(communes, key=lambda r: r["code"]):
        add(
            f"ville-de-{slugify(r['name'])}",
            f"Ville de {r['name']}",
            r["code"],
            r["website"],
            [r["departement_code"]] if r["departement_code"] else [],
        )
    epcis = [r for r in rows if r["kind"] == "epci" and r["code"] in also]
    for r in sorted(epcis, key=lambda r: r["code"]):
        add(slugify(r["name"]), r["name"], r["code"], r["website"], [])


def set_enabled(
    engine: Engine,
    enabled: bool,
    *,
    slugs: Sequence[str] = (),
    below_population: int | None = None,
    every: bool = False,
) -> int:
    """Enable or disable sources in the database (the operator's choice, which later registry
    loads keep); returns how many rows changed state. Selection: the ``slugs``, the communes
    under ``below_population`` inhabitants (by their INSEE population), or ``every`` source.
    """
    from sqlalchemy import select, update

    from models import Source
    from models.reference import Collectivite

    query = update(Source).where(Source.enabled.is_(not enabled))
    if slugs:
        query = query.where(Source.slug.in_(list(slugs)))
    elif below_population is not None:
        small = select(Collectivite.code).where(
            Collectivite.kind == "commune", Collectivite.population < below_population
        )
        query = query.where(Source.kind == SourceKind.COUNCIL, Source.collectivite_code.in_(small))
    elif not every:
        raise ValueError("name sources, or give --below-population or --all")
    with write_session(engine) as session:
        return affected_rows(session.execute(query.values(enabled=enabled)))


def unknown_slugs(engine: Engine, slugs: Sequence[str]) -> list[str]:
    """The ``slugs`` that name no source in the database."""
    from sqlalchemy import select

    from models import Source

    with engine.connect() as conn:
        known = set(conn.scalars(select(Source.slug).where(Source.slug.in_(list(slugs)))))
    return sorted(set(slugs) - known)


def registered_collectivites(engine: Engine) -> frozenset[str]:
    """Codes of the collectivités with a project in the Atlas or an APD declaration."""
    from sqlalchemy import select, union

    from models import ApdDeclaration, AtlasProject

    query = union(select(AtlasProject.collectivite_code), select(ApdDeclaration.collectivite_code))
    with engine.connect() as conn:
        return frozenset(conn.scalars(query))


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file: an interrupted build leaves the
    previous registry whole, never half a file (reliability.md)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def build_registry(
    press_path: Path = PRESS,
    out_path: Path = BUNDLED,
    min_population: int = COMMUNE_MIN_POPULATION,
    also: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Write ``out_path``: the press file's sources followed by the generated councils.

    ``also``: collectivités to include whatever their population (``--from-registers``); the
    counts then say how many of them have a council source and how many have no known website.
    """
    press = yaml.safe_load(press_path.read_text(encoding="utf-8"))
    parse_registry(press, press_path.name)
    councils = council_sources(min_population, also)
    document = {"sources": [*press["sources"], *councils]}
    registry = parse_registry(document, out_path.name)
    header = (
        '# Bundled sources registry (design.md "Sources file"). GENERATED by `aict sources build`\n'
        "# from crawlers/sources/press.yaml and the reference data in storage/refdata; edit those.\n"
    )
    body = yaml.dump(document, Dumper=_SafeDumper, allow_unicode=True, sort_keys=False, width=120)
    _write_atomically(out_path, header + body)
    kinds = [s.kind for s in registry.sources]
    covered = {s.collectivite for s in registry.sources if s.collectivite in also}
    return {
        SourceKind.PRESS: kinds.count(SourceKind.PRESS),
        SourceKind.COUNCIL: kinds.count(SourceKind.COUNCIL),
        "registered": len(covered),
        "no_website": len(also - covered),
    }


def add_discovered_feeds(
    session: Any, source_id: int, source_kind: str, departments: str, found: list[tuple[str, str]]
) -> int:
    """Record feeds found by discovery (``discovered`` true); existing feeds keep their state."""
    rows = [
        {
            "source_id": source_id,
            "url": url,
            "kind": kind,
            "departments": departments,
            "discovered": True,
            "poll_minutes": schedule.bounds_for(source_kind, kind).default,
        }
        for url, kind in found
    ]
    return upsert_feeds(session, rows)


def mark_discovered(session: Any, source_id: int, at: Any) -> None:
    """Record that the discovery of a council's site ended at ``at`` (feeds found or not), so
    a stopped discovery resumes without probing it again (``aict sources discover
    --skip-since``, issue 16 item 8)."""
    from sqlalchemy import update

    from models import Source

    session.execute(update(Source).where(Source.id == source_id).values(discovered_at=at))
