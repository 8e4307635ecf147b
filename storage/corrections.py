"""Corrections of the tagger by people: validated CSV in, versioned rows, laid over every tag.

``aict tags correct FILE.csv`` reads one correction per article (columns :data:`COLUMNS`), checks
the whole file against the database (article, object ids, partner countries, actor codes,
booleans, duplicates) and stores either every row or none. A correction states the article's
values — ``is_aict``, ``objects``, ``partner_countries``, ``actor_codes`` — with who (``by``)
and when; a later one for the same article is a new version and the latest is in force.
:func:`apply_corrections` lays the corrections in force over the ``tags`` rows (and their object
and country rows) and marks them ``corrected``; :func:`storage.tagstore.write_tags` calls it
after every write, so a re-tag rewrites the machine's values and the corrected ones still win.
Everything downstream (views, measure, report, digest) reads the tags, so it reads corrections.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from models import (
    Article,
    Collectivite,
    Country,
    Source,
    Tag,
    TagCorrection,
    TagCountry,
    TagObject,
)
from models.base import utcnow
from models.taxonomy import OBJECT_IDS
from storage.upserts import upsert_tag_countries, upsert_tag_objects, upsert_tags

COLUMNS = ("article", "is_aict", "objects", "partner_countries", "actor_codes", "note", "by")
#: ``nlp_version`` of a tag created by a correction for an article the tagger has not seen yet
#: (``aict tag`` then tags it, and the correction is laid over the result).
CORRECTION_VERSION = "correction"
TRUE_WORDS = frozenset({"true", "1", "yes", "oui", "vrai", "t", "y"})
FALSE_WORDS = frozenset({"false", "0", "no", "non", "faux", "f", "n"})
_SPLIT = re.compile(r"[\s,;|]+")
_ISO2 = re.compile(r"^[A-Z]{2}$")
MAX_BY = 200


class CorrectionErrors(ValueError):
    """A correction file that cannot be stored: one readable line per problem."""

    def __init__(self, path: str, lines: Sequence[str]) -> None:
        self.path = path
        self.lines = list(lines)
        count = len(self.lines)
        super().__init__(f"{count} error{'s' if count > 1 else ''} in {path}: nothing stored")


@dataclass(frozen=True)
class Correction:
    """One validated row: the values in force for ``article_id``."""

    line: int
    article_id: str
    is_aict: bool
    objects: tuple[str, ...]
    partner_countries: tuple[str, ...]
    actor_codes: tuple[str, ...]
    note: str | None
    by: str

    def row(self, now: dt.datetime) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "is_aict": self.is_aict,
            "objects": ",".join(self.objects),
            "partner_countries": ",".join(self.partner_countries),
            "actor_codes": ",".join(self.actor_codes),
            "note": self.note,
            "corrected_by": self.by,
            "created_at": now,
        }


@dataclass(frozen=True)
class Known:
    """What a correction file is checked against (read from the database once)."""

    collectivites: dict[str, str]
    countries: frozenset[str]
    french_territories: frozenset[str]


def _items(cell: str | None) -> list[str]:
    return [v for v in _SPLIT.split((cell or "").strip()) if v]


def _boolean(cell: str | None) -> bool | None:
    word = (cell or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def read_rows(path: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of every non-blank data line; ValueError for a missing or odd file."""
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"no such file: {path}")
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in COLUMNS if c not in header]
            unknown = [h for h in header if h not in COLUMNS]
            if missing or unknown:
                problems = []
                if missing:
                    problems.append(f"missing columns {', '.join(missing)}")
                if unknown:
                    problems.append(f"unknown columns {', '.join(unknown)}")
                raise ValueError(
                    f"{path}, line 1: {'; '.join(problems)} (expected {','.join(COLUMNS)})"
                )
            reader.fieldnames = header
            rows = []
            for rec in reader:
                values = {k: (v or "") for k, v in rec.items() if k is not None}
                if None in rec:
                    values["\0extra"] = "x"
                if any(v.strip() for v in values.values()):
                    rows.append((reader.line_num, values))
            return rows
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    except csv.Error as exc:
        raise ValueError(f"{path}: not a CSV file ({exc})") from None


def resolve_articles(session: Session, refs: Iterable[str]) -> dict[str, str]:
    """Article id for each reference that names one: an id, a URL as collected, a normalised
    URL or a canonical URL (a URL is also normalised the way the crawler does)."""
    from crawlers.urls import normalize_url

    refs = {r for r in refs if r}
    found: dict[str, str] = {}
    ids = set(session.scalars(select(Article.id).where(Article.id.in_(refs))))
    found.update({r: r for r in ids})
    urls = {r for r in refs if r not in found and "://" in r}
    if not urls:
        return found
    keys: dict[str, str] = {}
    for url in urls:
        keys[url] = url
        try:
            keys[normalize_url(url)] = url
        except ValueError:
            pass
    query = select(Article.id, Article.url, Article.normalized_url, Article.canonical_url).where(
        or_(
            Article.url.in_(keys),
            Article.normalized_url.in_(keys),
            Article.canonical_url.in_(keys),
        )
    )
    for row in session.execute(query):
        for value in (row.url, row.normalized_url, row.canonical_url):
            if value in keys:
                found.setdefault(keys[value], row.id)
    return found


def known_values(session: Session) -> Known:
    codes = dict(session.execute(select(Collectivite.code, Collectivite.name)).all())
    countries = {
        iso: french
        for iso, french in session.execute(select(Country.iso2, Country.is_french_territory))
    }
    return Known(
        codes,
        frozenset(iso for iso, french in countries.items() if not french),
        frozenset(iso for iso, french in countries.items() if french) | {"FR"},
    )


def validate(
    path: str, rows: Sequence[tuple[int, dict[str, str]]], articles: dict[str, str], known: Known
) -> tuple[list[Correction], list[str]]:
    """Every row checked; returns the corrections and one ``FILE, line N: …`` line per problem."""
    corrections: list[Correction] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, rec in rows:
        where = f"{path}, line {number}"

        def bad(message: str, where: str = where) -> None:
            errors.append(f"{where}: {message}")

        if "\0extra" in rec:
            bad(f'more cells than the {len(COLUMNS)} columns (quote a list: "a,b")')
            continue
        article_id = _checked_article(rec, articles, seen, number, bad)
        is_aict = _boolean(rec["is_aict"])
        if is_aict is None:
            bad(f"is_aict must be true or false, not {rec['is_aict'].strip()[:40]!r}")
        objects = _checked_objects(rec, is_aict, bad)
        countries = _checked_countries(rec, known, bad)
        actors = _checked_actors(rec, known, bad)
        by = _checked_by(rec, bad)
        note = " ".join(rec["note"].split()) or None
        if article_id is not None and is_aict is not None and not errors_for(errors, where):
            corrections.append(
                Correction(
                    number,
                    article_id,
                    is_aict,
                    tuple(sorted(set(objects))),
                    tuple(sorted(set(countries))),
                    tuple(sorted(set(actors))),
                    note,
                    by,
                )
            )
    return corrections, errors


def _checked_article(
    rec: dict[str, str],
    articles: dict[str, str],
    seen: dict[str, int],
    number: int,
    bad: Callable[[str], None],
) -> str | None:
    """The row's article id (None when unknown or corrected on an earlier line)."""
    ref = rec["article"].strip()
    article_id = articles.get(ref)
    if not ref:
        bad("column article is empty (an article id or URL)")
    elif article_id is None:
        bad(f"unknown article {ref[:200]!r} (no article has this id or URL)")
    elif article_id in seen:
        bad(f"article {article_id} is already corrected on line {seen[article_id]}")
        article_id = None
    else:
        seen[article_id] = number
    return article_id


def _checked_objects(
    rec: dict[str, str], is_aict: bool | None, bad: Callable[[str], None]
) -> list[str]:
    objects = []
    for obj in _items(rec["objects"]):
        if obj.lower() not in OBJECT_IDS:
            bad(f"unknown object {obj[:40]!r} (one of {', '.join(OBJECT_IDS)})")
        else:
            objects.append(obj.lower())
    if is_aict is True and not _items(rec["objects"]):
        bad("an AICT article needs at least one object")
    if is_aict is False and objects:
        bad("objects given for an article corrected as not AICT (leave objects empty)")
    return objects


def _checked_countries(rec: dict[str, str], known: Known, bad: Callable[[str], None]) -> list[str]:
    countries = []
    for iso in _items(rec["partner_countries"]):
        code = iso.upper()
        if code in known.french_territories:
            bad(f"{code} is France or a French territory, never a partner country")
        elif not _ISO2.match(code) or code not in known.countries:
            bad(f"unknown country code {iso[:40]!r} (ISO 3166-1 alpha-2, e.g. SN)")
        else:
            countries.append(code)
    return countries


def _checked_actors(rec: dict[str, str], known: Known, bad: Callable[[str], None]) -> list[str]:
    actors = []
    for code in _items(rec["actor_codes"]):
        if code in known.collectivites:
            actors.append(code)
        elif code.isdigit():
            bad(f"actor code {code!r} is a bare number: write a typed code (dep:{code}, commune:…)")
        else:
            bad(
                f"unknown actor code {code[:60]!r} (a typed collectivité code such as "
                f"commune:73065, dep:73, reg:84, epci:SIREN)"
            )
    return actors


def _checked_by(rec: dict[str, str], bad: Callable[[str], None]) -> str:
    by = rec["by"].strip()
    if not by:
        bad("column by is empty (who makes the correction)")
    elif len(by) > MAX_BY or any(ord(c) < 32 for c in by):
        bad(f"column by must be one line of at most {MAX_BY} characters")
    return by


def errors_for(errors: Sequence[str], where: str) -> bool:
    return any(e.startswith(f"{where}:") for e in errors)


def latest_corrections(
    session: Session, article_ids: Iterable[str] | None = None
) -> dict[str, TagCorrection]:
    """The correction in force per article (all corrected articles when ``article_ids`` is None)."""
    query = select(TagCorrection).order_by(
        TagCorrection.article_id, TagCorrection.created_at, TagCorrection.id
    )
    found: dict[str, TagCorrection] = {}
    if article_ids is None:
        for corr in session.scalars(query):
            found[corr.article_id] = corr
        return found
    ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for corr in session.scalars(query.where(TagCorrection.article_id.in_(chunk))):
            found[corr.article_id] = corr
    return found


def _same(corr: TagCorrection, new: Correction) -> bool:
    return (
        bool(corr.is_aict) == new.is_aict
        and corr.objects == ",".join(new.objects)
        and corr.partner_countries == ",".join(new.partner_countries)
        and corr.actor_codes == ",".join(new.actor_codes)
        and (corr.note or None) == new.note
        and corr.corrected_by == new.by
    )


@dataclass
class CorrectionRun:
    stored: int
    unchanged: int


def store_corrections(session: Session, path: str) -> CorrectionRun:
    """Validate ``path`` and store its corrections (all or none), then apply them to the tags.

    Raises :class:`CorrectionErrors` listing every problem; a row identical to the correction
    already in force adds nothing (re-running a file changes nothing).
    """
    rows = read_rows(path)
    articles = resolve_articles(session, (rec["article"].strip() for _, rec in rows))
    corrections, errors = validate(path, rows, articles, known_values(session))
    if errors:
        raise CorrectionErrors(path, errors)
    current = latest_corrections(session, [c.article_id for c in corrections])
    new = [
        c for c in corrections if c.article_id not in current or not _same(current[c.article_id], c)
    ]
    now = utcnow()
    if new:
        # One timestamp per file; a later file (even within the same second) wins by its ids.
        session.add_all(TagCorrection(**c.row(now)) for c in new)
        session.flush()
        apply_corrections(session, [c.article_id for c in new])
    return CorrectionRun(len(new), len(corrections) - len(new))


def _actors(machine: Any, codes: Sequence[str], names: dict[str, str]) -> list[dict[str, Any]]:
    """The tag's actors with the French ones replaced by the corrected codes: a machine actor
    with one of those codes keeps its name, type and role; the other codes are added as acting
    collectivités; actors that are not French (the State, foreign towns…) stay as they were."""
    from nlp.record import is_french_actor

    items = [a for a in machine or [] if isinstance(a, dict)]
    kept: list[dict[str, Any]] = []
    have: set[str] = set()
    for item in items:
        if item.get("person") and item.get("code") and item["code"] not in codes:
            continue  # the officeholder of a council the correction takes away
        if not is_french_actor(item):
            kept.append(item)
        elif item.get("code") in codes and item["code"] not in have:
            kept.append(item)
            have.add(item["code"])
    for code in codes:
        if code not in have:
            kept.append(
                {
                    "name": names.get(code, code),
                    "code": code,
                    "type": "collectivite",
                    "role": "agent",
                }
            )
    return kept


def _actor_names(session: Session, corrections: dict[str, TagCorrection]) -> dict[str, str]:
    """The names of the collectivités the corrections name as actors."""
    needed = {c for corr in corrections.values() for c in corr.actor_codes.split(",") if c}
    if not needed:
        return {}
    query = select(Collectivite.code, Collectivite.name).where(Collectivite.code.in_(needed))
    return dict(session.execute(query).all())


def _corrected_tag(
    article_id: str,
    corr: TagCorrection,
    tag: Tag | None,
    names: dict[str, str],
    now: dt.datetime,
) -> dict[str, Any]:
    """The article's tag row with the correction laid over the machine's tag (if any)."""
    codes = [c for c in corr.actor_codes.split(",") if c]
    return {
        "article_id": article_id,
        "nlp_version": tag.nlp_version if tag else CORRECTION_VERSION,
        "is_aict": corr.is_aict,
        "score": tag.score if tag else (1.0 if corr.is_aict else 0.0),
        "objects": corr.objects,
        "object_scores": tag.object_scores if tag else {},
        "actors": _actors(tag.actors if tag else [], codes, names),
        "actor_codes": corr.actor_codes,
        "partners": tag.partners if tag else [],
        "partner_countries": corr.partner_countries,
        "reason": tag.reason if tag else None,
        "tagged_at": tag.tagged_at if tag else now,
        "corrected": True,
    }


def apply_corrections(session: Session, article_ids: Sequence[str]) -> int:
    """Lay the corrections in force over these articles' tags; returns how many were corrected.

    A corrected article without a tag gets one (``nlp_version`` :data:`CORRECTION_VERSION`).
    Objects set by a correction score 1.0 in ``tag_objects`` (a person said so).
    """
    corrections = latest_corrections(session, article_ids)
    if not corrections:
        return 0
    ids = list(corrections)
    tags = {t.article_id: t for t in session.scalars(select(Tag).where(Tag.article_id.in_(ids)))}
    names = _actor_names(session, corrections)
    session.execute(delete(TagObject).where(TagObject.article_id.in_(ids)))
    session.execute(delete(TagCountry).where(TagCountry.article_id.in_(ids)))
    now = utcnow()
    rows, objects, countries = [], [], []
    for article_id, corr in corrections.items():
        rows.append(_corrected_tag(article_id, corr, tags.get(article_id), names, now))
        if corr.is_aict:
            objects += [
                {"article_id": article_id, "object": o, "score": 1.0}
                for o in corr.objects.split(",")
                if o
            ]
            countries += [
                {"article_id": article_id, "country_iso2": c}
                for c in corr.partner_countries.split(",")
                if c
            ]
    for tag in tags.values():
        session.expunge(tag)
    upsert_tags(session, rows)
    if objects:
        upsert_tag_objects(session, objects)
    if countries:
        upsert_tag_countries(session, countries)
    return len(rows)


@dataclass(frozen=True)
class Listed:
    """A correction as ``aict tags corrections`` prints it."""

    id: int
    article_id: str
    source_slug: str
    url: str
    is_aict: bool
    objects: str
    partner_countries: str
    actor_codes: str
    note: str | None
    by: str
    at: dt.datetime
    in_force: bool


def list_corrections(session: Session, *, history: bool = False) -> list[Listed]:
    """Corrections in force (oldest first); every version with ``history``."""
    in_force = {c.id for c in latest_corrections(session).values()}
    query = (
        select(TagCorrection, Article.url, Source.slug)
        .join(Article, Article.id == TagCorrection.article_id)
        .join(Source, Source.id == Article.source_id)
        .order_by(TagCorrection.created_at, TagCorrection.id)
    )
    listed = []
    for corr, url, slug in session.execute(query):
        if not history and corr.id not in in_force:
            continue
        listed.append(
            Listed(
                corr.id,
                corr.article_id,
                slug,
                url,
                bool(corr.is_aict),
                corr.objects,
                corr.partner_countries,
                corr.actor_codes,
                corr.note,
                corr.corrected_by,
                corr.created_at,
                corr.id in in_force,
            )
        )
    return listed


def count_corrections(session: Session) -> int:
    return session.scalar(select(func.count(func.distinct(TagCorrection.article_id)))) or 0


def _texts(session: Session, ids: list[str]) -> dict[str, Any]:
    """Title, text and source kind of these articles, 500 ids per query."""
    texts: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = (
            select(Article.id, Article.title, Article.text, Source.kind)
            .join(Source, Source.id == Article.source_id)
            .where(Article.id.in_(chunk))
        )
        texts.update({row.id: row for row in session.execute(query)})
    return texts


def training_examples(session: Session) -> list[dict[str, Any]]:
    """The corrections in force as corpus records (nlp/corpus/FORMAT.md), for ``make train``
    with ``--corrections-db``: the article's title and text with the corrected labels."""
    corrections = latest_corrections(session)
    if not corrections:
        return []
    ids = sorted(corrections)
    texts = _texts(session, ids)
    names = dict(session.execute(select(Collectivite.code, Collectivite.name)).all())
    records = []
    for article_id in ids:
        corr, art = corrections[article_id], texts.get(article_id)
        if art is None or not (art.text or "").strip():
            continue
        aict = bool(corr.is_aict)
        codes = [c for c in corr.actor_codes.split(",") if c]
        records.append(
            {
                "id": f"correction-{article_id}",
                "genre": art.kind,
                "title": art.title or "",
                "text": art.text,
                "is_aict": aict,
                "objects": [o for o in corr.objects.split(",") if o] if aict else [],
                "actors": [{"name": names.get(c, c), "code": c} for c in codes] if aict else [],
                "partners": [],
                "partner_countries": [c for c in corr.partner_countries.split(",") if c]
                if aict
                else [],
                "hard_negative": False,
                "note": corr.note or "",
            }
        )
    return records
