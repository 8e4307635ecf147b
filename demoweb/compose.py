"""Text composition for the demo web: fills the team-written templates of ``material/`` with a
town, people, numbers and dates, picked deterministically from a seeded ``random.Random``.

Pure functions only; no HTML here (see ``render``).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_VOWELS = "aeiouyéèêâîôûAEIOUYÉÈÊÂÎÔÛhH"
_SLOT = re.compile(r"\{(\w+)\}")


def seeded(seed: int, *parts: object) -> random.Random:
    """A generator per concern; string seeds go through SHA-512 in ``random.seed``, so they are
    stable across processes (unlike ``hash()``)."""
    return random.Random(":".join([str(seed), *map(str, parts)]))


def french_date(day: dt.date, *, weekday: bool = False) -> str:
    """``12 mars 2026`` (or ``jeudi 12 mars 2026``); the 1st is written ``1er``."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def de(name: str) -> str:
    """``de Chambéry``, ``d'Annecy``, ``du Puy-en-Velay``, ``des Sables-d'Olonne``."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def a(name: str) -> str:
    """``à Chambéry``, ``au Puy-en-Velay``, ``aux Sables-d'Olonne``."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def slugify(text: str, limit: int = 70) -> str:
    """An ASCII URL slug, as French CMSs make them (accents folded, words joined by dashes)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = "-".join(words)[:limit].strip("-")
    return slug or "article"


def fill(template: str, slots: Mapping[str, Any]) -> str:
    """Replace ``{slot}`` markers; an unknown slot is a bug in the material, so it raises."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in slots:
            raise KeyError(f"unknown slot {{{key}}} in demo material: {template[:60]!r}")
        return str(slots[key])

    return capitalise_sentences(_SLOT.sub(replace, template))


def capitalise_sentences(text: str) -> str:
    """Slots such as ``{acteur}`` start lower-case; a sentence must not."""
    text = capitalise(text)
    return re.sub(r"([.!?»]\s+)([a-zàâéèêîôû])", lambda m: m.group(1) + m.group(2).upper(), text)


def person(rng: random.Random, people: Mapping[str, Sequence[str]], gender: str = "") -> str:
    """A first and last name; ``gender`` "f" or "m" when the template's wording needs one."""
    gender = gender or rng.choice("fm")
    return f"{rng.choice(people['first_' + gender])} {rng.choice(people['last'])}"


def contract_de(phrase: str) -> str:
    """``de`` + a phrase with its article, contracted as French requires (``du``, ``des``)."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return de(phrase)


def local_slots(
    rng: random.Random,
    town: str,
    day: dt.date,
    people: Mapping[str, Sequence[str]],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The slots every template may use: a town, people, numbers and dates."""
    slots: dict[str, Any] = {
        "ville": town,
        "de_ville": de(town),
        "a_ville": a(town),
        "personne": person(rng, people),
        "personne2": person(rng, people),
        "personne3": person(rng, people),
        "personne_f": person(rng, people, "f"),
        "personne_m": person(rng, people, "m"),
        "personne2_f": person(rng, people, "f"),
        "personne2_m": person(rng, people, "m"),
        "age": rng.randint(19, 86),
        "n": rng.randint(3, 40),
        "n2": rng.randint(40, 400),
        "n3": rng.randint(1200, 9800),
        "montant": f"{rng.randint(2, 95) * 1000:,}".replace(",", "\u202f") + " euros",
        "pourcent": rng.randint(3, 48),
        "heure": f"{rng.randint(7, 22)} h {rng.choice(['', '15', '30', '45'])}".strip(),
        "jour": WEEKDAYS[(day.weekday() - 1) % 7],
        "date_evenement": french_date(day + dt.timedelta(days=rng.randint(5, 40))),
        "annee": day.year,
        "mois": MONTHS[day.month - 1],
        "equipe": rng.choice(people["teams"]).replace("{ville}", town),
        "lieu": rng.choice(people["places"]),
    }
    if extra:
        slots.update(extra)
    return slots


def compose_paragraphs(
    rng: random.Random,
    paragraphs: Sequence[str],
    fillers: Sequence[str],
    slots: Mapping[str, Any],
    *,
    extra: int = 2,
    tail: bool = False,
) -> list[str]:
    """The story's paragraphs in order (the lead stays first), plus a few rubric fillers
    inserted at varied places so two articles from one story do not read the same; ``tail``
    keeps them at the end (a council's "contact" lines)."""
    body = [fill(text, slots) for text in paragraphs]
    picked = (
        rng.sample(list(fillers), k=min(len(fillers), rng.randint(1, extra))) if fillers else []
    )
    for text in picked:
        # Never between the lead and its first development.
        body.insert(
            len(body) if tail else rng.randint(min(2, len(body)), len(body)), fill(text, slots)
        )
    return body
