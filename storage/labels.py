"""French wording for everyone who is not an operator: feed statuses, collection-problem
reasons, French dates and periods, and the object names (models/taxonomy.py's tables,
re-exported so that a reader imports one module).

The printed report, its charts, the digest and the views documentation (docs/sql.md, whose
object table a test compares with this one) all read these tables, so an object is called the
same everywhere. Operator output (logs,
``aict sources health``, the views' own values) stays as it is: ids and English messages.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date
from babel.numbers import format_decimal

from models import taxonomy
from models.vocab import SUCCESS_STATUSES, FeedStatus, SourceKind

LOCALE = "fr_FR"
#: A week of a source missing collection days (the digest's health lines; not a feed status).
INCOMPLETE = "incomplete"

#: Object id → French name (headings, legends, tables) and → short name (chart axes, table
#: cells, "aussi : …" lists): the taxonomy's tables, read from here by the report and digest.
OBJECT_NAMES = taxonomy.OBJECT_NAMES
OBJECT_SHORT = taxonomy.OBJECT_SHORT

#: Feed status (v_source_health) → what a reader is told.
STATUS_LABELS: dict[str, str] = {
    FeedStatus.OK: "collecte normale",
    FeedStatus.NOT_MODIFIED: "collecte normale (rien de nouveau)",
    FeedStatus.ERROR: "erreurs de collecte",
    FeedStatus.DISALLOWED: "collecte interdite par le site (robots.txt)",
    FeedStatus.REFUSED: "adresse refusée par la politique réseau",
    FeedStatus.BACKOFF: "en pause après des échecs répétés",
    FeedStatus.PENDING: "jamais collecté",
    FeedStatus.DISABLED: "collecte désactivée",
    INCOMPLETE: "semaine incomplète (jours sans collecte)",
}

#: Measures of the registers views (v_registers, v_ldc_trend) → what the report and charts say.
REGISTER_MEASURES: dict[str, str] = {
    "atlas_projects": "Projets de l'Atlas",
    "apd_eur": "APD déclarée (euros)",
    "budget_eur": "Budget d'action internationale (euros)",
    "council_items": "Actualités AICT des collectivités",
    "press_articles": "Articles de presse AICT",
}

#: Frames of ``v_framing`` (docs/framing.md) → French names, in the order charts stack them.
FRAME_NAMES: dict[str, str] = {
    "solidarity": "Solidarité",
    "reciprocity": "Réciprocité",
    "interest": "Intérêt",
    "institutional": "Institutionnel",
}
#: Channels → French names (report and charts).
CHANNEL_NAMES: dict[str, str] = {
    SourceKind.COUNCIL: "Actualités des collectivités",
    SourceKind.PRESS: "Presse régionale",
}

#: Crawler messages (``last_error``, English, for operators) → a French reason. First match wins;
#: ``{0}`` is the first group. A message that matches none is not shown to readers.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), reason)
    for pattern, reason in (
        (r"robots\.txt unavailable \(HTTP (\d{3})", "robots.txt indisponible (HTTP {0}) : collecte suspendue"),
        (r"robots\.txt unavailable", "robots.txt injoignable : collecte suspendue"),
        (r"robots\.txt answered (\d{3})", "robots.txt répond HTTP {0} : collecte suspendue"),
        (r"^HTTP (5\d\d)\b", "le site répond HTTP {0}"),
        (r"^HTTP (\d{3})\b", "la page répond HTTP {0}"),
        (r"DNS lookup failed|no results for hostname|Name or service not known", "nom de domaine introuvable"),
        (r"time(?:d)? ?out", "le site ne répond pas"),
        (r"Connection (?:was )?refused", "le site refuse la connexion"),
        (r"certificate|SSL|TLS", "certificat du site invalide"),
        (r"source quarantined", "source mise en quarantaine (le domaine a peut-être changé de main)"),
        (r"download cancelled|too large|maxsize", "page trop volumineuse"),
        (r"not allowed by the network policy|refused by network policy|private|loopback", "adresse refusée par la politique réseau"),
    )
)  # fmt: skip


def object_name(obj: str | None) -> str:
    """The French name of an object id (the id itself when unknown, "tous objets" for None)."""
    if obj is None:
        return "tous objets"
    return OBJECT_NAMES.get(obj, obj)


def object_short(obj: str | None) -> str:
    if obj is None:
        return "tous objets"
    return OBJECT_SHORT.get(obj, obj)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def health_reason(status: str, last_error: str | None) -> str:
    """A reader's French reason for a feed's last error, or ``""`` when none is known."""
    if status in SUCCESS_STATUSES or not last_error:
        return ""
    for pattern, reason in _REASONS:
        found = pattern.search(last_error)
        if found:
            return reason.format(*found.groups())
    return ""


def french_date(day: dt.date, pattern: str = "d MMMM y") -> str:
    """``18 mars 2024``, and ``1er mars 2024`` on the first of a month (babel, fr_FR)."""
    text = format_date(day, pattern, locale=LOCALE)
    if day.day == 1 and pattern.startswith("d "):
        text = "1er" + text[1:]
    return text


def cutoff_label(day: dt.date) -> str:
    """``au 29 novembre 2026``: a figure counted up to that date."""
    return f"au {french_date(day)}"


def months_label(start: dt.date, end: dt.date) -> str:
    """The calendar months that meet ``start``–``end``: ``de septembre à décembre 2026``,
    ``de décembre 2025 à janvier 2026``, ``novembre 2026`` (monthly views count whole months)."""
    if (start.year, start.month) == (end.year, end.month):
        return format_date(end, "LLLL y", locale=LOCALE)
    first = format_date(start, "LLLL" if start.year == end.year else "LLLL y", locale=LOCALE)
    return f"de {first} à {format_date(end, 'LLLL y', locale=LOCALE)}"


def period_label(start: dt.date, end: dt.date) -> str:
    """``du 1er septembre au 4 décembre 2026``; ``du 3 au 9 novembre 2026``; across years
    ``du 29 décembre 2025 au 4 janvier 2026``; one day: ``le 4 décembre 2026``."""
    if start == end:
        return f"le {french_date(end)}"
    if start.year != end.year:
        first = french_date(start)
    elif start.month != end.month:
        first = french_date(start, "d MMMM")
    else:
        first = "1er" if start.day == 1 else str(start.day)
    return f"du {first} au {french_date(end)}"


def number(value: float) -> str:
    """French decimal: ``5,2``, ``1 204``; whole numbers without decimals."""
    return format_decimal(round(value, 1), format="#,##0.#", locale=LOCALE)


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """A count and its noun in French agreement: ``0 action``, ``1,5 jour``, ``3 actions``.

    French keeps the singular below 2 (unlike English ``0 actions``), decimals included.
    """
    return f"{number(count)} {singular if abs(count) < 2 else plural_form or singular + 's'}"
