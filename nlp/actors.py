"""Actors of a text, typed and given a role: who does the cross-border act?

``is_aict`` needs a French local authority (or a body it steers) as an *agent* of the act;
the State, a foreign town acting alone, an NGO, a parish, a hospital or a chamber of commerce
doing the same thing is a look-alike (taxonomy.md §1). This module finds the actor mentions
of a text and types them:

- French collectivités named with a cue come from :class:`nlp.gazetteer.CollectiviteIndex`
  (typed code); cue words of ``resources/actor_types.yaml`` find the others ("la commune",
  "le préfet", "la paroisse Saint-Martin", "le bourgmestre de Malmedy", "l'ambassade du Maroc").
- A cue followed by a place is re-typed by the place: "maire de Tiznit" is a foreign local
  authority, "maire de Vitré" a collectivité; "ambassade de France" is the State, "ambassade du
  Maroc" a foreign state; a cue followed by a demonym ("le maire allemand") is foreign.
- Roles: an actor is ``mentioned`` outside the international paragraphs; inside them, the
  dependency parse of its sentence (when a parser is given) says whether it is the subject, the
  agent of a passive, or the owner of an aid, a grant or a delegation (``agent``); foreign
  authorities are the ``partner`` of a French agent, or agents themselves when none acts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Protocol

import yaml

from nlp.focus import Span
from nlp.gazetteer import (
    RESOURCES,
    Mention,
    collectivite_index,
    commune_first_names,
    commune_key,
    country_index,
    fold_with_offsets,
    territories_named,
)
from nlp.pairs import paired
from nlp.text import alternation, fold

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as TokenSpan

FRENCH_TYPES = frozenset({"collectivite", "steered_body"})
FOREIGN_TYPES = frozenset({"foreign_local_authority", "foreign_state"})
LOOKALIKE_TYPES = (
    "french_state",
    "foreign_state",
    "foreign_local_authority",
    "ngo",
    "religious",
    "health_or_university",
    "company",
    "consular_chamber",
)
ACTOR_TYPES = ("collectivite", "steered_body", *LOOKALIKE_TYPES, "unknown")
ROLES = ("agent", "partner", "mentioned")

#: Cues that name an office or institution *of* a place: they need a place after them.
_NEEDS_PLACE = re.compile(r"(?:\bde|\bdu|\bd'|\bdes)$")
#: Nouns whose owner is the one acting: "la subvention de la Ville", "une délégation de la Région".
_AGENTIVE_HEADS = frozenset(
    fold(w)
    for w in (
        "aide aides subvention subventions soutien don dons enveloppe contribution participation "
        "financement budget vote décision initiative engagement délégation délégations mission "
        "missions convention partenariat coopération accord action actions programme projet "
        "président présidente maire élus élu élue représentants représentant représentante "
        "vice-président vice-présidente adjoint adjointe équipe services service stand pavillon "
        "invitation accueil collecte fonds geste solidarité appel bourse bourses dotation"
    ).split()
)
_SUBJECT_DEPS = frozenset({"nsubj", "obl:agent", "csubj"})
#: What may follow a cue before the name it introduces; never across a line break (the title
#: and each paragraph end there: "Cités Unies France" then a new paragraph's "CERGY").
_COMPLEMENT = re.compile(
    # A cue may end in its own "de" ("préfet de" + "la région Hauts-de-France"); a commune may
    # be "urbaine" or "rurale" ("la Commune urbaine d'Antananarivo", "la commune rurale de
    # Tiogo").
    r"[^\S\n]*(?:[- ]?adjointe? |(?:urbaine|rurale) )?"
    r"(?:de la |de l'|du |des |de |d'|d’|(?<=de )la |(?<=de )l')?"
    # "la Commune de Montreuil", "la Ville de Paris": capitalised as a council writes itself.
    r"(?:(?:région|département|[Vv]ille|[Cc]ommune|province|préfecture|métropole) "
    r"(?:de la |de l'|du |des |de |d'|d’)?)?"
)
_CAPITALISED = re.compile(
    r"[A-ZÀ-Ý][\w'’-]*(?:[ -](?:[A-ZÀ-Ý][\w'’-]*|sur|sous|en|de|du|des|la|le|les|l'|d'|am|an|im|di|del|de la)){0,4}"
)
#: A place name followed by its country ("Verneuil-sur-Seine en France"), folded.
_IN_COUNTRY = re.compile(r"(.+?) (?:en|au|aux) (.+)")
_TOWN_CUE = re.compile(
    r"(maire|maires|ville|villes|commune|communes|mairie|municipalite|municipale?)$"
)
#: Cues of a region's, a département's or an intercommunality's council: retyped foreign only
#: by a known foreign place
#: ("le conseil régional de Souss-Massa", "la Région Casablanca-Settat"); an unknown name stays
#: French ("la Région Sud" is a French region's brand).
_UPPER_TIER_CUE = re.compile(
    r"(region|regional|departement|departemental|general|"
    # Intercommunal councils, the same way: "la Communauté urbaine de Nouakchott", "la
    # communauté urbaine de Douala" are foreign; "la communauté urbaine de Dunkerque" is not.
    r"communaute urbaine|communaute d'agglomeration|communaute de communes|metropole)$"
)
#: Elected people: foreign only by a known foreign place ("les élus d'Occitanie" are French).
_ELECTED_CUE = re.compile(r"(elus|elu|elue|elues)$")
_TRAILING = re.compile(
    r"(?:[ -](?:sur|sous|en|de|du|des|la|le|les|l'|d'|am|an|im|di|del|de la))+$|[ -'’]+$"
)
_NEXT_WORD = re.compile(r"\s*([\w'-]+)")
_PART_OF_NAME = re.compile(r" (?:des|du) |\s+(?:europ|africain|internationa|mondia|sovi)")
_PERSON_NEXT = re.compile(r" [A-ZÀ-Ý][a-zà-ÿ]")
_STEERED_PREFIXES = ("comite de jumelage", "comite des jumelages", "association de jumelage")


@dataclass(frozen=True)
class ActorMention:
    """One actor named in a text: display name, typed code (collectivités), type, role, offsets."""

    name: str
    code: str | None
    type: str
    start: int
    end: int
    role: str = "mentioned"
    #: Named bare ("Roubaix soutient…", "Pinerolo vient vanter…"): an actor only where the
    #: parse makes it act, otherwise a mere place.
    bare: bool = False
    #: A person holding an office of an actor (nlp.officeholders), typed as that actor.
    person: bool = False


@cache
def capitals() -> dict[str, str]:
    """Folded capital name → ISO2 (``resources/capitals.yaml`` and the reference data)."""
    import csv

    from nlp.gazetteer import REFDATA
    from storage.reference import FRENCH_TERRITORIES

    names: dict[str, str] = {}
    with (REFDATA / "country-codes_datasets-github.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            # Overseas France's chief towns (Mamoudzou, Saint-Denis, Nouméa) are French
            # communes, not the seat of a State.
            if row["ISO3166-1-Alpha-2"] in FRENCH_TERRITORIES:
                continue
            if row["Capital"] and row["ISO3166-1-Alpha-2"]:
                names.setdefault(fold(row["Capital"]).strip(), row["ISO3166-1-Alpha-2"])
    data = yaml.safe_load((RESOURCES / "capitals.yaml").read_text(encoding="utf-8"))
    for iso2, forms in data.items():
        for form in forms:
            names[fold(form).strip()] = str(iso2)
    return names


def metonym(mention: ActorMention) -> ActorMention:
    """A capital named bare stands for its State: "Paris" → the French State, "Rabat" → a
    foreign one; other mentions are returned unchanged."""
    if not mention.bare:
        return mention
    iso2 = capitals().get(fold(mention.name).strip())
    if iso2 is None:
        return mention
    return replace(mention, type="french_state" if iso2 == "FR" else "foreign_state", code=None)


@dataclass(frozen=True)
class _Cues:
    types: dict[str, str]
    pattern: re.Pattern[str]


#: What makes "le conseil" another body than a council's assembly, or the start of a longer
#: council name: a complement or an adjective ("le conseil d'administration", "des ministres",
#: "scientifique", "constitutionnel", "portuaire", "européen", "communautaire", "régional").
_ANOTHER_COUNCIL = re.compile(
    r"\s+(?:du\b|de\b|d'|des\b|[a-z]+(?:al|el|ique|if|aire|ien|en|ier|eur|aux)s?\b)"
)


@cache
def cues() -> _Cues:
    """The cue table of ``actor_types.yaml`` (folded cue → type) and one regex over it."""
    data = yaml.safe_load((RESOURCES / "actor_types.yaml").read_text(encoding="utf-8"))
    types: dict[str, str] = {}
    for kind, words in data.items():
        for word in words:
            types.setdefault(fold(word).strip(), kind)
    # A cue ending in an elision ("consul général d'") is followed by its word directly. "Le
    # conseil" never starts a longer council's name ("le conseil communautaire", found from
    # "conseil") nor another body's ("le conseil d'administration", _ANOTHER_COUNCIL).
    pattern = re.compile(
        rf"(?<![\w-])(?!le conseil(?!\s+municipal\b){_ANOTHER_COUNCIL.pattern})("
        + alternation(types)
        + r")(?:(?<=')|(?![\w-]))"
    )
    return _Cues(types, pattern)


def _place_after(text: str, at: int, office: bool = False) -> tuple[str, int] | None:
    """A capitalised name right after ``at`` (after an optional "de/du/des"), with its end;
    after a person's ``office``, the place without the name of its holder that follows it
    ("le maire de Lyon Grégory Doucet")."""
    complement = _COMPLEMENT.match(text, at)
    begin = complement.end() if complement else at
    name = _CAPITALISED.match(text, begin)
    if not name:
        return None
    words = _TRAILING.sub("", name.group(0))
    if office and _classify_place(words) is None:
        words = _known_start(words) or words
    return words, begin + len(words)


#: Cues of a person's office, folded: the holder's name may follow the place without a comma.
_PERSON_OFFICE = re.compile(
    r"\b(?:maire|mairesse|bourgmestre|presidente?|ambassad(?:eur|rice)|consule?|gouverneur|wali|"
    r"adjointe?|edile)\b"
)


def _known_start(words: str) -> str | None:
    """The longest run of a name's first words that is a known place followed by a person's
    name ("Lyon" of "Lyon Grégory Doucet") or by a part of the town ("Ouistreham" of
    "Ouistreham Riva-Bella"), or None ("Saint Paul en Jarez" is one name)."""
    parts = words.split(" ")
    for n in range(len(parts) - 1, 0, -1):
        start = _TRAILING.sub("", " ".join(parts[:n]))
        person = all(p[:1].isupper() for p in parts[n:])
        if person and start and _classify_place(start) is not None:
            return start
    return None


#: What makes a steered body's cue the State's: "(touristique) de l'État", "nationale", folded.
_OF_THE_STATE = re.compile(
    r"(?:\s+[a-z]+){0,2}?\s+(?:de l'etat|du gouvernement|de la republique)\b|\s+nationale?\b"
)


#: The council a steered body belongs to, named by its kind ("(économique) de la ville"),
#: folded; a demonym after it makes the body a foreign authority's.
_OWNER_COUNCIL = re.compile(
    r"(?:\s+[a-z]+){0,3}?\s+(?:de la|du|de l'|des)\s*"
    r"(?:ville|region|province|commune|municipalite|metropole|comte|canton|land)\s+"
)


def _introduced(text: str, at: int) -> bool:
    """Whether a preposition ("de", "du", "de la ville de"…) follows ``at``."""
    complement = _COMPLEMENT.match(text, at)
    return complement is not None and bool(text[at : complement.end()].strip())


def _classify_place(name: str) -> str | None:
    """``french``, ``france``, ``foreign`` or None (unknown) for a place name."""
    key = fold(name).strip()
    index = collectivite_index()
    countries = country_index(regional=True)
    if key in ("france", "la france"):
        return "france"
    first = key.split(" ")[0]
    if key in countries.by_alias or first in countries.by_alias:
        return "foreign"  # "(ambassadeur du) Japon en France" too
    # A town followed by its country: "la Ville de Verneuil-sur-Seine en France" (from a Québec
    # page), "la commune de Nyon en Suisse"; not any words before a country ("Séisme en
    # Afghanistan", a title read as a dateline).
    located = _IN_COUNTRY.fullmatch(key)
    if located and located.group(2) == "france" and index.is_commune(located.group(1)):
        return "french"
    if located and located.group(2) in countries.by_alias:
        from nlp.places import world_places

        if located.group(1) in world_places().by_name:
            return "foreign"
    if index.is_commune(key) or key in index.departements or key in index.regions:
        return "french"
    if key in index.councils:
        return "french"
    from nlp.places import world_places

    if key in world_places().by_name:
        return "foreign"
    from nlp.places import overseas_places

    if key in overseas_places():
        return "french"  # "la commune de Uturoa", in French Polynesia
    if key in commune_first_names():
        return "french"  # "le maire de Brive" (Brive-la-Gaillarde)
    return _classify_compound(key)


def _classify_compound(key: str) -> str | None:
    """A hyphenated name none of whose parts is French and one of which is a foreign place or
    country ("Casablanca-Settat", "Tanger-Tétouan-Al Hoceïma"): ``foreign``; one with a French
    région or département and no country ("Centre-Bretagne", "Alsace-Moselle"): ``french``;
    else None."""
    from nlp.places import world_places

    parts = [p for p in key.split("-") if len(p) >= 4]
    if len(parts) < 2:
        return None
    index = collectivite_index()
    aliases = country_index(regional=True).by_alias
    if any(p in index.departements or p in index.regions for p in parts) and not any(
        p in aliases for p in parts
    ):
        return "french"
    french = (index.communes, index.departements, index.regions)
    if any(p in names or commune_key(p) in names for p in parts for names in french):
        return None
    places = world_places().by_name
    return "foreign" if any(p in aliases or p in places for p in parts) else None


def _demonym_after(text: str, at: int) -> bool:
    word = _NEXT_WORD.match(fold(text[at : at + 40]))
    return word is not None and word.group(1) in country_index(regional=True).demonyms


def _retype(kind: str, cue: str, text: str, end: int) -> tuple[str, int] | None:
    """The type of a cue match given what follows it, and the mention's end; None to drop it."""
    office = _PERSON_OFFICE.search(cue) is not None
    place = _place_after(text, end, office=office)
    if office and place and not _NEEDS_PLACE.search(cue) and not _introduced(text, end):
        place = None  # "le maire Dupont": the holder's name, not a place
    where = _classify_place(place[0]) if place else None
    if place and where == "french" and _abroad_after(text, place[1], place[0]):
        where = "foreign"  # "la maire adjointe de Vienne, en Autriche": a namesake abroad
    if kind == "foreign_state" or (kind == "foreign_local_authority" and _NEEDS_PLACE.search(cue)):
        return _retype_foreign_cue(kind, text, end, place, where)
    if (
        kind == "steered_body"
        and cue.startswith(("agence", "office"))
        and (state := _OF_THE_STATE.match(fold(text[end : end + 60])))
    ):
        # "l'agence de développement touristique de l'État"
        return "french_state", end + state.end()
    if (
        kind == "steered_body"
        and (owner := _OWNER_COUNCIL.match(fold(text[end : end + 80])))
        and _demonym_after(text, end + owner.end())
    ):
        # "l'agence de développement économique de la ville québécoise"
        return "foreign_local_authority", end
    if kind == "foreign_with_demonym":  # "communes flamandes": foreign; "communes" alone: none
        return ("foreign_local_authority", end) if _demonym_after(text, end) else None
    if _demonym_after(text, end) and kind in ("collectivite", "french_state"):
        return ("foreign_local_authority" if kind == "collectivite" else "foreign_state"), end
    return _retype_by_place(kind, cue, text, end, place, where)


_NUMBERED = re.compile(r"[IVX]{1,5}\b")


def _retype_by_place(
    kind: str, cue: str, text: str, end: int, place: tuple[str, int] | None, where: str | None
) -> tuple[str, int]:
    """The type of a cue match by the place named after it (``where``: its classification),
    and the mention's end (the place's, when it belongs to the mention)."""
    if kind == "collectivite" and place and _council_abroad(cue, where):
        # "le maire de Tharandt" but not "le maire Michel Mariuzzo": an unknown name with no
        # "de" before it is the officer's own name.
        if where == "foreign" or _introduced(text, end) or _NUMBERED.match(place[0]):
            # ("la commune III du District de Bamako": French communes have no number)
            return "foreign_local_authority", place[1]
    if kind == "french_state" and place and where == "french" and cue.endswith("gouvernement"):
        # "le gouvernement d'Aragon": no French commune has a government; a foreign region
        # named like one (Aragon, Aude) has.
        return "foreign_local_authority", place[1]
    if kind == "french_state" and place and where == "foreign":
        if cue.endswith("etat") and not _names_a_country(place[0]):
            # "l'État de Pennsylvanie", "l'État du Kerala": a federated state, not a country's
            return "foreign_local_authority", place[1]
        return "foreign_state", place[1]  # "le gouvernement du Québec", "le ministre … du Sénégal"
    if place and where != "french" and kind == "foreign_local_authority":
        return kind, place[1]
    if place and kind == "steered_body" and where == "foreign":
        return "foreign_local_authority", place[1]  # "l'agence de développement du Kent"
    if place and kind in (
        "ngo",
        "religious",
        "health_or_university",
        "company",
        "consular_chamber",
        "steered_body",
        "french_state",
    ):
        return kind, place[1]
    return kind, end


def _retype_foreign_cue(
    kind: str, text: str, end: int, place: tuple[str, int] | None, where: str | None
) -> tuple[str, int] | None:
    """An embassy-like cue ("ambassade de") or a foreign office that needs its place ("maire
    de"): typed by the place or the demonym after it, dropped without one."""
    if kind == "foreign_state":
        if where == "france" and place:  # where is only known from a place
            return "french_state", place[1]
        if where == "foreign" or _demonym_after(text, end):
            return "foreign_state", place[1] if place else end
        return None
    if place is None:
        return None
    return ("collectivite" if where == "french" else "foreign_local_authority"), place[1]


def _names_a_country(name: str) -> bool:
    """Whether a place name is a country's own name or alias ("Israël", "le Qatar"), not one
    of its regions or towns."""
    return fold(name).strip() in country_index(regional=True).names_folded


def _council_abroad(cue: str, where: str | None) -> bool:
    """Whether a council cue followed by a place names a foreign one: a town's words before any
    place that is not a French commune (the commune table is complete: "le maire de <not a French
    commune>" is foreign); elected people ("les élus de Barcelone") and a region's or
    département's council ("le conseil régional de Souss-Massa") only before a known foreign
    place ("la Région Sud" is a French region's brand)."""
    if _TOWN_CUE.search(cue) and not _UPPER_TIER_CUE.search(cue):
        return where in ("foreign", None)
    return where == "foreign" and bool(_ELECTED_CUE.search(cue) or _UPPER_TIER_CUE.search(cue))


#: Kinds whose bare noun is also a plain word ("école", "entreprise", "hôpital").
_INSTITUTIONS = frozenset({"health_or_university", "company"})
#: What makes the bare noun after it a qualifier, not an institution: "d'", "de" without an
#: article ("sac d'école", "chef d'entreprise", "sortie d'hôpital") or "faire école".
_QUALIFIER = re.compile(r"(?:\bd'|\bde |\b(?:fait|font|faire) )$")
#: What makes it an institution all the same: its name or place after it ("d'hôpital de
#: Kaboul", "d'école Jules-Ferry").
_NAMED_AFTER = re.compile(r"\s+(?:de |d'|du |des |[A-ZÀ-Ý])")


def _qualifier(folded: str, cue: str, match: re.Match[str], text: str, stop: int) -> bool:
    """Whether a bare singular noun of an institution is a plain word here (:data:`_QUALIFIER`):
    no article, no plural ("une mission d'entreprises" are firms), nothing naming it after."""
    if " " in cue or "'" in cue or cue.endswith(("s", "x")):
        return False
    if not _QUALIFIER.search(folded, 0, match.start()):
        return False
    return _NAMED_AFTER.match(text, stop) is None


#: Cues that are also adjectives ("une visite amicale"): a body only after a determiner
#: ("l'amicale des Bretons", "une amicale laïque").
_ADJECTIVES = frozenset({"amicale", "amicales"})
_DETERMINED = re.compile(r"(?:\bl'|\b(?:la|les|une|des|de la|cette|son|sa|leur)\s+)$")
#: An indefinite article right before a cue, folded.
_INDEFINITE = re.compile(r"\b(?:un|une)\s+$")


def _indefinite(folded: str, match: re.Match[str], text: str, stop: int) -> bool:
    """Whether a body is named with an indefinite article and nothing naming it after ("un
    office de tourisme", not "un office de tourisme de la Ville" nor "une agence Invest in
    Lyon"): some body of the kind, not a council's own."""
    return (
        _INDEFINITE.search(folded, max(0, match.start() - 6), match.start()) is not None
        and _NAMED_AFTER.match(text, stop) is None
    )


def _cue_mentions(text: str) -> list[ActorMention]:
    """Mentions found by the cue words (no codes), retyped by what follows them."""
    folded, offsets = fold_with_offsets(text)
    table = cues()
    found: list[ActorMention] = []
    for match in table.pattern.finditer(folded):
        cue = match.group(1)
        start, stop = offsets[match.start()], offsets[match.end() - 1] + 1
        if found and start < found[-1].end:
            continue
        if table.types[cue] in _INSTITUTIONS and _qualifier(folded, cue, match, text, stop):
            continue  # "un sac d'école", "chef d'entreprise", "a fait école": no institution
        if table.types[cue] == "steered_body" and _indefinite(folded, match, text, stop):
            continue  # "avec quatre caves et un office de tourisme": some office, nobody's
        if cue in _ADJECTIVES and not _DETERMINED.search(folded, 0, match.start()):
            continue  # "une visite amicale": the adjective, not an association
        typed = _retype(table.types[cue], cue, text, stop)
        if typed is not None:
            kind, end = typed
            found.append(ActorMention(text[start:end].strip(), None, kind, start, end))
    return found


def _overlaps(a: ActorMention | Mention, b: ActorMention | Mention) -> bool:
    return a.start < b.end and b.start < a.end


#: A dateline: the place a press title or text starts with ("Redon. …", "GAP : …").
_DATELINE = re.compile(r"^\s*([A-ZÀ-Ý][\w'’ -]{1,40}?)\s*(?:\.|—)\s")


def dateline(text: str) -> tuple[int, int, str | None] | None:
    """(start, end, ``french``/``foreign``/None) of the dateline place, or None."""
    match = _DATELINE.match(text)
    if not match:
        return None
    return match.start(1), match.end(1), _classify_place(match.group(1))


_ROUTE_FROM = re.compile(r"(?:\bde|\bd['’])\s*$")
_ROUTE_TO = re.compile(r"\s+(?:a|au|aux|jusqu'a|vers)\s", re.IGNORECASE)


#: Words after which a town is where something leaves from ("des séjours en train depuis
#: Hendaye", "au départ de Brest"), folded.
_LEAVES_FROM = re.compile(r"\b(?:depuis|au depart d(?:e|')|en provenance d(?:e|'))\s*$")


def _routes(text: str, mentions: Sequence[ActorMention]) -> list[int]:
    """French towns named bare as a route's start ("de Beauvais à la frontière", "de Brest à
    Dakar", "depuis Hendaye", "au départ de Brest"): where a convoy, a train or a race leaves
    from, not who acts."""
    return [
        i
        for i, m in enumerate(mentions)
        if m.bare
        and m.type in FRENCH_TYPES
        and (
            (
                _ROUTE_FROM.search(text, max(0, m.start - 4), m.start)
                and _ROUTE_TO.match(fold(text[m.end : m.end + 12]))
            )
            or _LEAVES_FROM.search(fold(text[max(0, m.start - 24) : m.start]))
        )
    ]


#: Words that name an intercommunalité as a council ("la communauté de communes du Cap
#: Corse", "Annemasse Agglo"), folded; and what puts a name in a territory ("dans le Cap
#: Corse", "sur le Grand Avignon").
_EPCI_WORD = re.compile(r"communaut|agglo|metropol|\bc[acu]\b|intercommun|conseil|\bpays\b")
_IN_TERRITORY = re.compile(r"\b(?:dans|sur|partout dans|a travers)\s+(?:le|la|les|l')\s*$")


def _territories(text: str, mentions: Sequence[ActorMention]) -> list[int]:
    """Intercommunalités named by their territory's name after "dans le", "sur le" ("les
    grands feux de 2017 dans le Cap Corse"): the territory, not the council."""
    return [
        i
        for i, m in enumerate(mentions)
        if m.code is not None
        and m.code.startswith("epci:")
        and _EPCI_WORD.search(fold(text[m.start : m.end])) is None
        and _IN_TERRITORY.search(fold(text[max(0, m.start - 24) : m.start]))
    ]


#: A council lending a hall, free or not: "le conseil accorde la gratuité de la salle
#: Georges-Brassens à trois associations", "la mairie prête la salle des fêtes", folded.
_VENUES = (
    r"(?:salles?|salons?|gymnases?|locaux|local|chapiteaux?|parkings?|barnums?|halles?|esplanade"
    r"|estrade|barrieres|podium|scene|stade)"
)
_LENDS_A_VENUE = re.compile(
    r"\b(?:gratuite|mise? a disposition|met(?:tent)? a disposition|prete?s?|pret|louee?s?)\b"
    rf"[^.;]{{0,40}}\b{_VENUES}\b"
    # "les salons de l'hôtel de ville, que la municipalité avait prêtés", "avait mis
    # l'esplanade à disposition"
    rf"|\b{_VENUES}\b[^.;]{{0,80}}\b(?:pretee?s?|(?:mise?s?|mettre) a disposition)\b"
    rf"|\bmise?s?\s+(?:l'|la |le |les |ses |sa |son )?{_VENUES}\b[^.;]{{0,20}}\ba disposition\b"
)


def _venue_lenders(
    text: str, mentions: Sequence[ActorMention], international: Sequence[Span]
) -> list[int]:
    """French councils whose part in a key sentence is lending a hall ("le conseil accorde la
    gratuité de la salle… à l'association Lunel Solidarité Haïti pour son gala"): the venue of
    someone else's action, not an act of their own."""
    found = []
    for span in international:
        if not _LENDS_A_VENUE.search(fold(text[span.start : span.end])):
            continue
        found += [
            i
            for i, m in enumerate(mentions)
            if m.type in FRENCH_TYPES and span.start <= m.start < span.end
        ]
    return found


#: A festive scene's verb right after a town named bare (and its area): "Pau et le Béarn
#: s'animent", "Quimperlé vibre au rythme irlandais".
_SCENE_AFTER = re.compile(
    r"(?:\s+et\s+(?:le |la |les |l['’])?[A-ZÀ-Ý][\w'’-]*(?: [\w'’-]+){0,2}?)?"
    r"\s+(?:s['’]animent|s['’]anime|vibrent|vibre)\b"
)


def _scenes(text: str, mentions: Sequence[ActorMention]) -> list[int]:
    """French towns named bare as the scene of a festival ("Pau et le Béarn s'animent avec la
    Maison des citoyens du monde"): their people and visitors, not their council."""
    return [
        i
        for i, m in enumerate(mentions)
        if m.bare and m.type in FRENCH_TYPES and _SCENE_AFTER.match(text, m.end)
    ]


#: Institutions whose name may end in the places they serve ("les universités de Bordeaux et de
#: Montréal", "les chambres de commerce et d'industrie de Québec, La Rochelle et Rochefort").
_INSTITUTION_TYPES = frozenset(LOOKALIKE_TYPES) - {"foreign_local_authority"}
#: A name ending in its place ("universités de Bordeaux", "CCI de Québec").
_ENDS_IN_PLACE = re.compile(r"\b(?:de|d'|d’|du|des)\s*[A-ZÀ-Ý][\w'’-]*(?:[ -][\w'’-]+){0,4}$")
#: What joins two places of one list ("Québec, La Rochelle et Rochefort", "Bordeaux et de
#: Montréal"), folded.
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+(?:et|ou))\s+(?:de |d'|du )?|\s*,\s*")


def _institution_lists(text: str, mentions: Sequence[ActorMention]) -> list[int]:
    """Towns named bare that continue the list of an institution's places ("les chambres de
    commerce et d'industrie de Québec, La Rochelle et Rochefort ont signé…"): that
    institution's towns, not councils acting."""
    found = []
    last: int | None = None  # where the institution's name or the list's last town ends
    for i, m in enumerate(mentions):
        if last is not None and m.start < last:
            continue
        if m.type in _INSTITUTION_TYPES and not m.bare and _ENDS_IN_PLACE.search(m.name):
            last = m.end
        elif last is not None and m.bare and _LIST_JOIN.fullmatch(fold(text[last : m.start])):
            found.append(i)
            last = m.end
        else:
            last = None
    return found


def _acronyms(text: str, mentions: Sequence[ActorMention]) -> list[tuple[int, int]]:
    """Pairs (name, acronym) of a mention and the bracketed one right after it ("fonds d'action
    extérieure des collectivités territoriales (FACECO)"): the acronym plays the name's part
    (the parser hangs it on the name's last noun, "des collectivités", and may read an owner)."""
    pairs = []
    for i, (m, n) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if text[m.end : n.start].strip() == "(" and text[n.end : n.end + 1] == ")":
            pairs.append((i, i + 1))
    return pairs


#: A title opening on a place and a colon ("Tournai : la ville lance…").
_TITLE_PLACE = re.compile(r"^\s*([A-ZÀ-Ý][\w'’ -]{1,40}?)\s+:\s")


def foreign_town_title(text: str) -> bool:
    """Whether the text opens on a foreign place (not a country) and a colon: then, as after a
    foreign dateline, its unnamed "la ville", "le maire" are that town's (the caller applies it
    to town-level words only: "Catalogne : la Région signe…" names where the act goes). A
    country there ("Maroc : la ville de…") says where the act goes, so it does not count."""
    match = _TITLE_PLACE.match(text)
    if not match:
        return False
    name = match.group(1)
    if _names_a_country(name):
        return False
    return _classify_place(name) == "foreign"


def find_actors(text: str) -> list[ActorMention]:
    """Every actor mention of ``text`` (typed, role ``mentioned``), in order of appearance.

    Priority where mentions overlap: a typed institution with its place ("diocèse de
    Saint-Étienne", "CHU de Rennes", "préfet de la région Normandie") hides the collectivité
    named inside it; a collectivité resolved with its code beats the same words found by a cue.
    A dateline ("Redon. …") is a place, not an actor; when it is foreign ("Tournai. La Ville
    lance…"), the unnamed "la ville", "le maire" of the text are that foreign town's.
    """
    cue_found = _cue_mentions(text)
    place = dateline(text)
    found = _collectivite_mentions(text, cue_found, place)
    _add_cue_mentions(text, found, cue_found, place)
    return sorted(_namesakes_abroad(_not_datelines(text, found)), key=lambda m: m.start)


#: A brève's dateline inside a column: a paragraph opening on a place and a full stop
#: ("Metz. Un double diplôme…", "Woippy. Fermeture de la piscine").
#: Or a place with its département in brackets, then a full stop, a dash or a colon, as a
#: caption or a brève opens ("Limeil-Brévannes (94) : départ pour la Roumanie").
_PARAGRAPH_DATELINE = re.compile(
    r"\n[ \t]*([A-ZÀ-Ý][\w'’ -]{1,40}?)"
    r"(?:[ \t]*\([^()\n]{1,30}\)[ \t]*(?:\.|—|:)|[ \t]*(?:\.|—))[ \t]"
)


def _not_datelines(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """The mentions less the towns that only date a brève of a column (a place, as the text's
    own dateline is): "Metz. L'Université de Lorraine et l'Universität des Saarlandes…", or
    name the column's area in its title ("Metz et Moselle : les brèves")."""
    spans = {(m.start(1), m.end(1)) for m in _PARAGRAPH_DATELINE.finditer(text)}
    first_line = text.split("\n", 1)[0]
    column = len(first_line) if _COLUMN_TITLE.search(fold(first_line)) else 0
    if not spans and not column:
        return found
    return [m for m in found if not (m.bare and ((m.start, m.end) in spans or m.end <= column))]


#: The title of a column of brèves ("Metz et Moselle : les brèves", "Maurienne : en bref"): the
#: places it names are the column's area, not councils acting (folded).
_COLUMN_TITLE = re.compile(r"\b(?:en bref|breves)\b")


def _namesakes_abroad(found: list[ActorMention]) -> list[ActorMention]:
    """A commune named bare whose name the text gives a foreign authority elsewhere ("La ville
    de Trois-Rivières, au Québec" … "courtisées par Trois-Rivières"): the foreign namesake."""
    abroad = {
        _TRAILING_NAME.sub("", fold(m.name))
        for m in found
        if m.type == "foreign_local_authority" and not m.bare
    }
    if not abroad:
        return found
    return [
        replace(m, code=None, type="foreign_local_authority")
        if m.bare
        and m.type == "collectivite"
        and any(a.endswith(" " + fold(m.name)) for a in abroad)
        else m
        for m in found
    ]


_TRAILING_NAME = re.compile(r"[\s,.;:]+$")
_ARTICLE_FIRST = re.compile(r"^(?:les |le |la |l')")


Place = tuple[int, int, str | None]


def _collectivite_mentions(
    text: str, cue_found: list[ActorMention], place: Place | None
) -> list[ActorMention]:
    """The collectivités named with their code (not the dateline, a first name, or a word of a
    longer name; hidden by a foreign institution cue that starts before)."""
    found: list[ActorMention] = []
    index = collectivite_index()
    pairs = paired(text, index)
    for m in [*index.find(text, bare_needs_words=False, every=True), *pairs]:
        if m in pairs and any(_overlaps(f, m) for f in [*found, *cue_found]):
            # A pair's side already found by name, or inside a body's name ("comité de
            # jumelage Lanester-Dolisie", "Eurorégion Nouvelle-Aquitaine Euskadi Navarre").
            continue
        if place and m.start >= place[0] and m.end <= place[1]:
            continue
        over = [c for c in cue_found if _overlaps(c, m)]
        if any(c.type not in FRENCH_TYPES and c.start < m.start for c in over):
            continue
        said = fold(text[m.start : m.end])
        if said == fold(m.name) and _PERSON_NEXT.match(text, m.end):
            continue  # a first name ("François Mitterrand"), not the commune
        if _starts_a_country(text, m.end - len(m.name), m.end):
            continue  # "l'Union des villes et communes de Côte d'Ivoire": not Côte (Haute-Saône)
        typed = _typed_collectivite(text, m, said, over, m in pairs)
        if typed is not None:
            found.append(typed)
    return found


def _starts_a_country(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is the first word of a country's or a foreign place's
    longer name ("Côte" of "Côte d'Ivoire")."""
    match = country_index(regional=True).pattern.match(fold(text[start : end + 40]))
    return match is not None and len(match.group(1)) > end - start


def _typed_collectivite(
    text: str, m: Mention, said: str, over: Sequence[ActorMention], in_pair: bool
) -> ActorMention | None:
    """The mention of a collectivité the gazetteer found (``said``: its folded words in the
    text; ``over``: the cue mentions overlapping it): a namesake abroad, a body it steers, or
    the council itself; None for a word of a longer name."""
    if (m.code.startswith("commune:") and _abroad_after(text, m.end, m.name)) or _demonym_after(
        text, m.end
    ):
        # "Vienne, en Autriche", "Trois-Rivières, au Québec", "le Pays basque espagnol": a
        # namesake abroad.
        return ActorMention(text[m.start : m.end], None, "foreign_local_authority", m.start, m.end)
    if said.startswith(_STEERED_PREFIXES) or said in collectivite_index().steered:
        # "comité de jumelage de Vitré" → Vitré's code; "Ad'Occ" → Occitanie's
        return ActorMention(text[m.start : m.end], m.code, "steered_body", m.start, m.end)
    body = next((c for c in over if c.type == "steered_body" and c.start < m.start), None)
    if body is not None:  # "l'agence d'attractivité du Grand Annecy" → the EPCI's code
        return ActorMention(text[body.start : m.end], m.code, "steered_body", body.start, m.end)
    # One side of a partnership pair is the council taking part, not a place; so is a town
    # listed after a plural town cue ("les villes de Cotonou et Paris").
    bare = (
        (
            said == fold(m.name)
            # A commune, or an overseas département named bare ("Mayotte a noué…")
            and m.code.startswith(("commune:", "dep:97"))
            # "La Bretagne", "la Marne" named without a cue (nlp.gazetteer._with_article)
            or said != fold(m.name)
            and _ARTICLE_FIRST.sub("", said) == fold(m.name)
            and m.code.startswith(("dep:", "reg:"))
        )
        and not in_pair
        and not _TOWN_LIST.search(text, max(0, m.start - 80), m.start)
        # "ses jumeaux de Châtillon-sur-Seine (France)": a foreign page names the French
        # council taking part as a foreign one, with its country.
        and not _MARKED_FRENCH.match(text, m.end)
    )
    if (bare or in_pair) and _PART_OF_NAME.match(text, m.end):
        return None  # "L'Union des communes de…", "l'Union européenne": not L'Union
    if bare and _ends_an_acronyms_name(text, m.start, m.end):
        return None  # "Aide internationale médicale Arras (AIMA)": an association's name
    return ActorMention(m.name, m.code, "collectivite", m.start, m.end, bare=bare)


#: A French town's country in brackets after its name, as a foreign page writes it.
_MARKED_FRENCH = re.compile(r"[^\S\n]*\(France\)")


#: A plural town cue and the first towns of its list, right before a later town ("Les villes
#: de Cotonou et ", "les maires de Dakar, Abidjan et ").
_TOWN_LIST = re.compile(
    r"\b(?:[Vv]illes|[Cc]ommunes|[Mm]aires|[Mm]airies|[Mm]unicipalités) (?:de |d'|d’)"
    r"[A-ZÀ-Ý][\w'’-]*(?: [A-ZÀ-Ý][\w'’-]*)*"
    r"(?:, [A-ZÀ-Ý][\w'’-]*(?: [A-ZÀ-Ý][\w'’-]*)*)*(?:,? et (?:de |d'|d’)?|, )$"
)
_LOCATED = re.compile(r"\s*(?:,\s*(?:en|au|aux|dans l['’]\s*|a l['’]\s*)\s*|\()")


#: A further foreign town of a list before its country: "Bruges [et Bruxelles], en Belgique".
_LISTED_TOWN = re.compile(r"(?:\s*,\s*|\s+et\s+)([A-ZÀ-Ý][\w'’-]*)")


_BRACKETED_ACRONYM = re.compile(r"\s*\(([A-Z]{3,8})\)")
_NAME_WORD = re.compile(r"[\w'’-]+")
_LINK_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "pour"})


def _ends_an_acronyms_name(text: str, start: int, end: int) -> bool:
    """Whether a town named bare is the last word of a name whose initials the bracketed
    acronym after it spells: "Aide internationale médicale Arras (AIMA)"."""
    acronym = _BRACKETED_ACRONYM.match(text, end)
    if acronym is None:
        return False
    words = [
        w
        for w in _NAME_WORD.findall(text[max(0, start - 120) : start].replace("'", " "))
        if fold(w) not in _LINK_WORDS
    ]
    letters = acronym.group(1)
    before = words[len(words) - (len(letters) - 1) :] if len(letters) > 1 else []
    initials = "".join(w[0] for w in before) + text[start]
    return len(before) == len(letters) - 1 and fold(initials) == fold(letters)


def _abroad_after(text: str, end: int, name: str = "") -> bool:
    """Whether a town name is followed by its foreign country or region: ", en Autriche",
    ", au Québec", " (Espagne)", or, for a ``name`` also listed as a place abroad
    (``foreign_places.yaml``), by foreign towns and then theirs ("Bruges et Bruxelles, en
    Belgique"; not "Rennes et Cork (Irlande)")."""
    from nlp.places import world_places

    for _ in range(3 if fold(name).strip() in country_index(True).by_alias else 0):
        listed = _LISTED_TOWN.match(text, end)
        if listed is None:
            break
        town = fold(listed.group(1))
        if town not in world_places().by_name and town not in country_index(True).by_alias:
            break
        end = listed.end()
    located = _LOCATED.match(fold(text[end : end + 12]))
    if located is None:
        return False
    found = country_index(regional=True).find(text[end + located.end() : end + located.end() + 40])
    return bool(found) and found[0].start == 0 and not found[0].demonym


def _add_cue_mentions(
    text: str, found: list[ActorMention], cue_found: list[ActorMention], place: Place | None
) -> None:
    """The cue mentions no mention found covers, an unnamed local authority made foreign after a
    foreign dateline, a foreign town's title or a foreign antecedent."""
    foreign_town = place is not None and place[2] == "foreign"
    town_title = foreign_town_title(text)
    briefs = _brief_datelines(text)
    for c in cue_found:
        if any(_overlaps(c, m) for m in found):
            continue
        if fold(c.name) in _TAKEN_UP and not _assembly_of_a_council(text, c, found):
            continue
        if c.type == "collectivite" and c.code is None:
            level = _level(c.name)
            if _territory_word(c.name):
                continue  # "la région", "le département": the territory, not its council
            if "francais" in fold(c.name):
                found.append(c)  # "les régions françaises" stay French whatever came before
                continue
            at_home = (place is not None and place[2] == "french") or _in_french_brief(
                text, c.start, briefs
            )
            # "La Ville de Boulogne" after the mayor of Folkestone: named, and French.
            after = _place_after(text, c.end)
            at_home = (
                at_home
                or (after is not None and _classify_place(after[0]) == "french")
                or _territory_named(text, level)
            )
            if (
                foreign_town
                or (town_title and level == "commune")
                or (not at_home and _foreign_antecedent(level, c.start, [*found, *cue_found]))
                or (
                    not at_home
                    and level == "commune"
                    and _foreign_town_topic(text, c.start, [*found, *cue_found])
                )
                or _owned_by_foreign(text, c, level, [*found, *cue_found])
                or _foreign_holder(text, c, [*found, *cue_found])
                or _starts_a_country(text, _last_word(text, c), c.end)
            ):
                c = replace(c, type="foreign_local_authority")
        found.append(c)


#: How often a foreign town must be named before an unnamed "la ville", "la commune", "le
#: maire" for the text to be that town's own story.
_TOPIC_MENTIONS = 2


def _foreign_town_topic(text: str, at: int, mentions: Sequence[ActorMention]) -> bool:
    """Whether a foreign town named bare is the story's own town before ``at``: named at least
    :data:`_TOPIC_MENTIONS` times before it, no French commune or intercommunality named
    anywhere, and no unnamed town council met before its first mention ("Woluwe-Saint-Pierre
    entretient une série de jumelages… qu'a développés la commune": the Brussels commune's; a
    French council's own page names itself "la ville" before its partner)."""
    if any(m.code and m.code.startswith(("commune:", "epci:")) for m in mentions):
        return False
    counts = Counter(name for start, name in _foreign_towns(text) if start < at)
    if not counts:
        return False
    name, count = counts.most_common(1)[0]
    if count < _TOPIC_MENTIONS:
        return False
    first = min(start for start, named in _foreign_towns(text) if named == name)
    return not any(
        m.type == "collectivite"
        and m.code is None
        and m.start < first
        and _level(m.name) == "commune"
        for m in mentions
    )


@lru_cache(maxsize=16)
def _foreign_towns(text: str) -> tuple[tuple[int, str], ...]:
    """(start, folded name) of the foreign towns and regions ``text`` names, not countries nor
    demonyms."""
    return tuple(
        (m.start, fold(m.name))
        for m in country_index(regional=True).find(text)
        if not m.demonym and not _names_a_country(m.name)
    )


def _territory_named(text: str, level: str) -> bool:
    """Whether the text names a French région or département of ``level`` with its article,
    cue or none ("Si la Bretagne entretient avec le Mali des liens… grâce à l'appui de la
    Région"): the unnamed council of that level is then that one, not a foreign one."""
    if level not in ("region", "departement"):
        return False
    prefix = _CODE_PREFIX[level]
    return any(code.startswith(prefix) for code in territories_named(text))


#: A mention's last word, hyphens kept ("Côte" of "commune de Côte", "Saint-Denis").
_LAST_WORD = re.compile(r"[\w-]+$")


def _last_word(text: str, mention: ActorMention) -> int:
    """Where the last word of a mention starts (after a space or either apostrophe)."""
    match = _LAST_WORD.search(text, mention.start, mention.end)
    return match.start() if match else mention.start


#: A surname right after an unnamed office ("Le maire Coderre").
_SURNAME_AFTER = re.compile(r"[^\S\n]+([A-ZÀ-Ý][\w'’-]{2,})\b")


def _foreign_holder(text: str, cue: ActorMention, mentions: Sequence[ActorMention]) -> bool:
    """Whether an unnamed office is followed by the surname of a foreign authority's holder
    named elsewhere ("Le maire Coderre en visite en France" and "Le maire de Montréal, Denis
    Coderre"): that authority's office, not a French one."""
    surname = _SURNAME_AFTER.match(text, cue.end)
    if surname is None or not _PERSON_OFFICE.search(fold(cue.name)):
        return False
    # the holder with a first name: "…de Montréal, Denis Coderre"
    holder = re.compile(rf"[^.;\n]{{0,40}}\b[A-ZÀ-Ý][\w-]+ {re.escape(surname.group(1))}\b")
    return any(m.type == "foreign_local_authority" and holder.match(text, m.end) for m in mentions)


def _brief_datelines(text: str) -> list[tuple[int, str | None]]:
    """The end and the kind (``french``, ``foreign`` or None) of each brève's dateline in a
    column ("MONTBRON. Jumelage. Le comité de jumelage accueillera…")."""
    return [(m.end(1), _classify_place(m.group(1))) for m in _PARAGRAPH_DATELINE.finditer(text)]


def _in_french_brief(text: str, at: int, briefs: Sequence[tuple[int, str | None]]) -> bool:
    """Whether ``at`` lies in a brève dated by a French town, in the same paragraph: its
    unnamed "la mairie", "le maire" are that town's, whatever foreign town the brève names."""
    last = next((b for b in reversed(briefs) if b[0] <= at), None)
    return last is not None and last[1] == "french" and "\n" not in text[last[0] : at]


#: Councils whose assembly "l'assemblée" takes up (folded words of a named mention).
_COUNCIL_NAMES = re.compile(
    r"\bconseil (?:municipal|departemental|regional|communautaire|metropolitain|de communaute|"
    r"d'agglomeration)\b"
)
_NOT_THE_COUNCILS = re.compile(r"\s+(?:generale|nationale|citoyenne|des\b|de\b|d')")
#: Unnamed words for a council's assembly, folded (taken up only after a council's name).
_TAKEN_UP = frozenset({"l'assemblee", "le conseil"})


def _assembly_of_a_council(text: str, cue: ActorMention, found: Sequence[ActorMention]) -> bool:
    """Whether "l'assemblée" or "le conseil" is a council's: a council named before it ("la
    séance du conseil départemental… l'assemblée a voté", "… le conseil accorde 6 000 euros"),
    and not an association's "assemblée générale" or a "conseil d'administration"."""
    after = fold(text[cue.end : cue.end + 20])
    if _NOT_THE_COUNCILS.match(after):
        return False
    # The council's words may come before its name: "Le conseil de communauté de Rodez
    # Agglomération s'est réuni…".
    return any(
        m.start < cue.start
        and m.type == "collectivite"
        and _COUNCIL_NAMES.search(fold(text[max(0, m.start - 30) : m.end]))
        for m in found
    )


#: A possessive or "dont" ("la commune de Kaya, dont le maire…") before a council word.
_POSSESSIVE = re.compile(r"\b(?:son|sa|ses|leur|leurs|dont)\s+$", re.IGNORECASE)


def _owned_by_foreign(
    text: str, cue: ActorMention, level: str, mentions: Sequence[ActorMention]
) -> bool:
    """ "…piloté par la commune de Bakel. Son conseil municipal l'a financé", "la commune de
    Kaya, dont le maire…": a council word after a possessive or "dont" is the last authority of
    its level named (by its name) before it."""
    if level == "other" or not _POSSESSIVE.search(text[max(0, cue.start - 8) : cue.start]):
        return False
    last = _last_authority(level, cue.start, [m for m in mentions if not m.bare])
    return last is not None and last.type == "foreign_local_authority"


# "la région", "le département" and their plurals, alone: the lower-case word may be the
# territory ("dans le département"); "la Région", "le Département" or "le conseil régional" is
# the council.
_TERRITORY = re.compile(
    r"(?:l[ea]s?\s+|l['’]\s*|du\s+|au\s+|des\s+|aux\s+)?(region|departement)s?", re.IGNORECASE
)


def _territory_word(name: str) -> bool:
    """Whether a cue is the bare, lower-case word for a region or a département."""
    match = _TERRITORY.fullmatch(fold(name))
    return match is not None and name[match.start(1)].islower()


def _level(name: str) -> str:
    """``commune``, ``region``, ``departement`` or ``other``: what an authority's words name."""
    key = fold(name)
    for level, words in _LEVELS.items():
        if any(w in key for w in words):
            return level
    return "other"


_LEVELS = {
    "region": ("region", "regione", "province", "land", "generalitat", "junta", "oblast"),
    "departement": ("departement", "comte", "county", "landkreis", "district"),
    "commune": (
        "ville",
        "commune",
        "mairie",
        "maire",
        "municipal",  # "la municipalité", "le conseil municipal"
        "edile",  # "l'édile", the mayor
        "bourgmestre",
        "sindaco",
        "alcalde",
        "burgermeister",
        "ayuntamiento",
        "comune",
    ),
}


def _foreign_antecedent(level: str, at: int, mentions: Sequence[ActorMention]) -> bool:
    """Whether the last *named* authority of the same level before ``at`` is foreign while no
    French one of that level is named: after "la Regione Sardegna a dévoilé…", "la Région a
    choisi" is Sardinia's; in a twinning story naming both towns, "le maire" stays French."""
    if level == "other" or any(m.code and m.code.startswith(_CODE_PREFIX[level]) for m in mentions):
        return False
    last = _last_authority(level, at, mentions)
    if last is None or last.type != "foreign_local_authority":
        return False
    # A council of that level met unnamed before the foreign one is the text's own: "Séance de
    # l'assemblée départementale … avec le Conseil départemental de Tambacounda. Le Département
    # y consacre 420 000 €" is the French one.
    # (``mentions`` may hold a cue both as found and as retyped foreign: the latter decides.)
    foreign_at = {m.start for m in mentions if m.type == "foreign_local_authority"}
    return not any(
        m.type == "collectivite"
        and m.code is None
        and m.start < last.start
        and m.start not in foreign_at
        and _level(m.name) == level
        and not _territory_word(m.name)
        for m in mentions
    )


def _last_authority(level: str, at: int, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """The last authority of ``level`` named before ``at``: French with its code, or foreign."""
    before = [
        m
        for m in mentions
        if m.start < at
        and (m.code or m.type == "foreign_local_authority")
        and (_level(m.name) == level or (m.code or "").startswith(_CODE_PREFIX[level]))
    ]
    return max(before, key=lambda m: m.start) if before else None


_CODE_PREFIX: dict[str, str | tuple[str, ...]] = {
    "region": "reg:",
    "departement": "dep:",
    "commune": ("commune:", "epci:"),
}


#: A parser over sentences: returns, per sentence, a function mapping a character span of that
#: sentence to the mention's syntactic role ("agent" or "mentioned").
class RoleReader(Protocol):
    """The role reader of one parsed sentence: a character span → its syntactic role;
    ``place``: the span is a town named bare, which acts only as its clause's own argument."""

    def __call__(self, start: int, end: int, place: bool = False, bare: bool = False) -> str: ...


Parse = Callable[[list[str]], list[RoleReader]]


@dataclass(frozen=True)
class RoleDraft:
    """Mentions waiting for the parse of their key sentences (:func:`draft_roles`).

    ``roles`` holds the roles known without a parse (by mention index); ``to_parse`` the key
    sentences to parse with the indices of the mentions each holds. Drafting and finishing
    apart lets the pipeline parse the sentences of a whole batch of texts in one pass.
    """

    text: str
    mentions: tuple[ActorMention, ...]
    international: tuple[Span, ...]
    roles: Mapping[int, str]
    to_parse: tuple[tuple[Span, tuple[int, ...]], ...]

    @property
    def sentences(self) -> list[str]:
        """The key sentences to parse, in order."""
        return [self.text[span.start : span.end] for span, _ in self.to_parse]


def assign_roles(
    text: str,
    mentions: Sequence[ActorMention],
    international: Sequence[Span],
    parse: Parse | None = None,
    places: Sequence[ActorMention] = (),
) -> list[ActorMention]:
    """Mentions with roles (see the module docstring); ``international`` are the key sentences.

    ``places`` are foreign towns named bare ("Pinerolo vient vanter ses montagnes…"): they
    become foreign-authority actors only where the parse makes them the subject.
    """
    draft = draft_roles(text, mentions, international, parse is not None, places)
    readers = parse(draft.sentences) if draft.to_parse and parse is not None else []
    return finish_roles(draft, readers)


def draft_roles(
    text: str,
    mentions: Sequence[ActorMention],
    international: Sequence[Span],
    parsing: bool,
    places: Sequence[ActorMention] = (),
) -> RoleDraft:
    """The roles known without a parse and the key sentences the others need parsed (none
    when not ``parsing``: each mention inside a key sentence is then an agent unless bare).

    Outside the key sentences a mention is ``mentioned``; a foreign authority named in one is
    a ``partner``; the others take what the parse of their key sentence says.
    """
    mentions = _with_places(mentions, places)

    def inside(m: ActorMention) -> Span | None:
        return next((p for p in international if p.start <= m.start < p.end), None)

    roles: dict[int, str] = {}
    to_parse: dict[Span, list[int]] = {}
    for i, mention in enumerate(mentions):
        sentence = inside(mention)  # the key sentence that holds the mention
        if sentence is None:
            roles[i] = "mentioned"
        elif mention.type in FOREIGN_TYPES and not mention.bare:
            roles[i] = "partner"
        elif not parsing:
            roles[i] = "mentioned" if mention.bare else "agent"
        else:
            to_parse.setdefault(sentence, []).append(i)
    return RoleDraft(
        text,
        tuple(mentions),
        tuple(international),
        roles,
        tuple((span, tuple(members)) for span, members in to_parse.items()),
    )


def _with_places(
    mentions: Sequence[ActorMention], places: Sequence[ActorMention]
) -> list[ActorMention]:
    """Mentions and the bare foreign towns no mention covers, metonyms resolved, in text order."""
    bare = [metonym(replace(p, bare=True)) for p in places]
    named = [metonym(m) for m in mentions]
    return sorted(
        [*named, *(p for p in bare if not any(_overlaps(p, m) for m in named))],
        key=lambda m: m.start,
    )


def finish_roles(draft: RoleDraft, readers: Sequence[RoleReader]) -> list[ActorMention]:
    """The draft's mentions with their roles, ``readers`` being the parses of its sentences."""
    roles = dict(draft.roles)
    places: set[int] = set()  # foreign towns named bare in a key sentence
    for (sentence, members), read in zip(draft.to_parse, readers, strict=True):
        for i in members:
            m = draft.mentions[i]
            if m.bare and m.type in FOREIGN_TYPES:
                places.add(i)
            # A département or a region named bare acts only as its clause's own argument
            # ("le Finistère paie…"), not through a noun it completes ("les préfectures, dont
            # celle de la Haute-Loire, s'organisent").
            own = i in places or m.bare and (m.code or "").startswith(("dep:", "reg:"))
            roles[i] = read(m.start - sentence.start, m.end - sentence.start, own, m.bare)
    title_place = _title_place(draft.text, draft.mentions)
    if title_place is not None:
        roles[title_place] = "mentioned"
    for i in [
        *_routes(draft.text, draft.mentions),
        *_territories(draft.text, draft.mentions),
        *_venue_lenders(draft.text, draft.mentions, draft.international),
        *_institution_lists(draft.text, draft.mentions),
        *_scenes(draft.text, draft.mentions),
    ]:
        roles[i] = "mentioned"
    for i, j in _acronyms(draft.text, draft.mentions):
        if i in roles:
            roles[j] = roles[i]
    # A town named bare is an actor where it acts; a foreign one completing a noun ("une
    # classe à Dosso") stays as mentioned, a French one is a mere place.
    typed = [
        replace(m, role=roles[i])
        for i, m in enumerate(draft.mentions)
        if not m.bare or roles.get(i) == "agent" or i in places
    ]
    return _with_agent(draft.text, typed, draft.international)


#: A title opening on a place and a colon ("Villerupt : la ville italienne de Cagli…").
_TITLE_COLON = re.compile(r"\s*[^:\n]{1,40}?(\s+:\s+)")
#: A title's clause after the colon opening on a noun phrase of its own ("une saison portée
#: par…", "des élus du Moyen Atlas à l'école…", "la Retirada racontée…"), folded: its subject
#: is someone else than the town before the colon. An amount ("5 000 euros pour Gaza") or a
#: verb ("vote une aide") leaves the town acting.
_NOUN_PHRASE = re.compile(
    # after an adverbial first ("avant la Roumanie, les marsouins…")
    r"(?:(?:avant|apres|depuis|face a|malgre|en|dans|sur|entre)\s[^,:]{1,40},\s*)?"
    r"(?:des|les|la|le|l'|un|une|du|ces|ses|leurs?|quelques|plusieurs|deux|trois|quatre|cinq|"
    r"six|sept|huit|neuf|dix|cent|mille)\b"
)
#: A title's clause after the colon opening on a quote or on a person's name in apposition
#: ("Gap : « Nos rues doivent… »", "Dinan : Olena Kravets, du conservatoire de Kharkiv…"):
#: the story is someone's, the town is where it happens.
_PERSON_OR_QUOTE = re.compile(
    r"[«\"“]|[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?,"
)
#: Characters after the colon within which the next actor is the clause's subject.
_SUBJECT_AFTER_COLON = 12


def _title_place(text: str, mentions: Sequence[ActorMention]) -> int | None:
    """The index of a French town named bare before a title's colon when someone else is
    named right after it ("Saint-Affrique : le Secours populaire loge…", "Bordeaux : la
    région Souss-Massa…"): the town is where the story happens, the other is its subject. With
    nobody named after the colon the town stays the one acting ("Douarnenez : 5 000 euros pour
    Gaza")."""
    colon = _TITLE_COLON.match(text)
    if colon is None:
        return None
    first = next((i for i, m in enumerate(mentions) if m.start < colon.start(1)), None)
    if first is None or not mentions[first].bare or mentions[first].type not in FRENCH_TYPES:
        return None
    after = colon.end(1)
    subject = any(after <= m.start <= after + _SUBJECT_AFTER_COLON for m in mentions)
    someone = _PERSON_OR_QUOTE.match(text, after) is not None
    return (
        first if subject or someone or _NOUN_PHRASE.match(fold(text[after : after + 60])) else None
    )


def _with_agent(
    text: str, typed: list[ActorMention], international: Sequence[Span]
) -> list[ActorMention]:
    """Typed mentions with someone acting: a French agent, the council implied by the text, or
    else the foreign authority (a look-alike)."""
    typed = _foreign_referents(typed)
    french_agent = any(m.role == "agent" and m.type in FRENCH_TYPES for m in typed)
    if not french_agent:
        typed = _implicit_council(text, typed, international)
        french_agent = any(m.role == "agent" and m.type in FRENCH_TYPES for m in typed)
    if not french_agent:
        # Nobody French acts: the foreign authority is the one acting (a look-alike).
        typed = [replace(m, role="agent") if m.role == "partner" else m for m in typed]
    return typed


def _foreign_referents(typed: list[ActorMention]) -> list[ActorMention]:
    """Unnamed council words that act ("la Ville", "la commune", "la Région") when no named
    French authority acts: they take up the last authority of their level named before them
    with the same word, when it is foreign. After "la Ville de Genève a débloqué…", "la Ville
    consacre" is Geneva; after "la Regione Sardegna", "la Région a choisi" is Sardinia, though
    a French town is named in passing or the Collectivité de Corse further on as a bystander.
    A different word ("la ville roumaine de Bistrița… la mairie a accueilli"), a French council
    word already read as French, or a French authority acting by name keeps them French."""
    if any(m.role == "agent" and m.type in FRENCH_TYPES and m.code for m in typed):
        return typed
    out: list[ActorMention] = []
    french_heads: set[str] = set()
    for m in typed:
        level = _level(m.name)
        if m.type == "collectivite" and m.code is None and m.role == "agent" and level != "other":
            head = _head_word(m.name)
            before = [
                o
                for o in out
                if (o.code or (o.type == "foreign_local_authority" and not o.bare))
                and (_level(o.name) == level or (o.code or "").startswith(_CODE_PREFIX[level]))
            ]
            same = [o for o in before if _head_word(o.name) == head]
            if (
                head not in french_heads
                and before
                and before[-1].type == "foreign_local_authority"
                # The last one named with the same word ("la Ville de Québec… le maire de
                # Québec… la Ville"), the last one of the level being foreign too.
                and same
                and same[-1].type == "foreign_local_authority"
            ):
                m = replace(m, type="foreign_local_authority", role="partner")
            else:
                french_heads.add(head)
        out.append(m)
    return out


_ARTICLES = frozenset({"le", "la", "l", "les", "son", "sa", "ses", "leur", "leurs", "cette"})
#: Foreign councils' own words for the French ones ("la Regione Sardegna… la Région").
_SAME_WORD = {"regione": "region", "comune": "commune", "municipalidad": "municipalite"}


def _head_word(name: str) -> str:
    """The council word of a mention: "La Ville de Genève" → ``ville``, "la Regione" →
    ``region``."""
    words = [w for w in re.split(r"[\s'’]+", fold(name)) if w and w not in _ARTICLES]
    word = words[0] if words else ""
    return _SAME_WORD.get(word, word)


def _owner(token: Token) -> bool:
    """ "la subvention *de* la Ville" (the Ville gives), not "une subvention *à* la mairie"."""
    cases = [fold(c.text) for c in token.children if c.dep_ == "case"]
    return not cases or any(c in ("de", "du", "des", "d'", "entre") for c in cases)


#: A council's decision told without its author ("Une subvention de 4 200 euros est attribuée
#: au comité de jumelage", "Adoptée à l'unanimité, l'aide…"), folded.
_DECISION = re.compile(
    r"\b(vote|votee|votes|votees|adopte|adoptee|adoptes|attribue|attribuee|attribues|accorde|"
    r"accordee|alloue|allouee|octroye|octroyee|deliberation|approuve|approuvee|reconduit|"
    r"reconduite|renouvele|renouvelee|debloque|debloquee|verse|versee)\b"
)


def _implicit_council(
    text: str, typed: list[ActorMention], international: Sequence[Span]
) -> list[ActorMention]:
    """The council named in the text is the author of a decision its key sentences report
    without an author, when nobody else acts in those sentences (council-meeting reports)."""
    french = [m for m in typed if m.type in FRENCH_TYPES and not m.bare]
    if not french:
        return typed
    for sentence in international:
        if not _DECISION.search(fold(text[sentence.start : sentence.end])):
            continue
        # Someone else acts there: an agent, or a foreign authority the parse made a subject
        # or an owner that reads as a partner only because a French council is named
        # somewhere ("la Regione Autonoma della Sardegna a adopté un plan d'urgence").
        others = [
            m
            for m in typed
            if sentence.start <= m.start < sentence.end
            and (m.role == "agent" or (m.role == "partner" and m.type in FOREIGN_TYPES))
            and m.type not in FRENCH_TYPES
        ]
        if not others:
            author = next((m for m in french if m.code), french[0])
            return [replace(m, role="agent") if m is author else m for m in typed]
    return typed


def syntactic_role(token_span: TokenSpan, place: bool = False, bare: bool = False) -> str:
    """``agent`` when a spaCy span takes part in its clause as an actor.

    Up through names, appositions and conjunctions to the clause-level argument: a subject
    (the parser often labels active subjects ``nsubj:pass``), a passive agent ("par la Ville"),
    a co-actor ("avec la Région") or the owner of an aid, a grant or a delegation ("la
    subvention de la Ville") acts, unless its verb is negated or one of presence ("faisait
    partie de la délégation"); a place or beneficiary ("à la mairie", "pour la commune") does not.
    A ``place`` (a town named bare) acts only as its clause's own argument: "Inondations à
    Valencia", "les images de Paiporta", "une classe à Dosso" do not make the town act. A
    French town named bare (``bare``) that completes a noun completing another ("un membre de
    la communauté togolaise de Brest", "une délégation d'habitants de Roubaix", "des
    associations d'Irun et de Hendaye") does not either.
    """
    node = token_span.root
    if _passive_agent_on_noun(node):
        return "agent"
    if bare and (_nested(node) or _located(node)):
        return "mentioned"
    if place:
        while node.dep_ in ("conj", "appos", "flat:name") and node.head is not node:
            node = node.head
        return _clause_role(node) if node.dep_ not in ("nmod", "amod", "compound") else "mentioned"
    if not bare and _receives(node):
        return "mentioned"
    argument = _clause_argument(node)
    if argument is not None and (delegation := _delegation_of(argument)) is not None:
        argument = _clause_argument(delegation)
    if argument is not None and bare and _defined(argument):
        return "mentioned"
    return "agent" if argument is None else _clause_role(argument)


#: Participles that make a delegation of its members, folded ("une délégation composée de…").
_MADE_OF = frozenset(
    f"{stem}{end}" for stem in ("compose", "forme", "constitue") for end in ("", "e", "s", "es")
)


def _delegation_of(member: Token) -> Token | None:
    """The delegation a member belongs to ("Une délégation guadeloupéenne composée de Marie
    Dupont, vice-présidente de la Région, s'est rendue en Dominique"): the members act as the
    delegation does, which the parse hides behind the participle."""
    verb = member.head
    if verb.dep_ != "acl" or fold(verb.text) not in _MADE_OF:
        return None
    return verb.head if fold(verb.head.text).startswith("delegation") else None


#: Prepositions of a noun's beneficiary ("versement de 100 000 euros au FACECO", "une aide
#: pour la commune de Pechea").
_RECEIVING_CASES = frozenset({"a", "au", "aux", "pour"})


def _receives(node: Token) -> bool:
    """Whether a mention completes a noun as what receives it ("versement … au Fonds d'action
    extérieure des collectivités territoriales", in a verbless deliberation): climbing to the
    noun's clause would make it the act's author. (Not for a town named bare: "une délégation
    chinoise en visite à Sète" names its host.)"""
    while node.dep_ in ("conj", "appos", "flat:name") and node.head is not node:
        node = node.head
    cases = {fold(c.text) for c in node.children if c.dep_ == "case"}
    return node.dep_ == "nmod" and bool(cases & _RECEIVING_CASES)


def _defined(subject: Token) -> bool:
    """Whether a subject is defined by a noun with its copula ("Bordeaux est la capitale
    mondiale du négoce", "Verdun est une ville de mémoire"): a town named bare is described,
    not acting."""
    predicate = subject.head
    return (
        subject.dep_ == "nsubj"
        and any(c.dep_ == "cop" for c in predicate.children)
        and any(c.dep_ == "det" for c in predicate.children)
    )


def _nested(node: Token) -> bool:
    """Whether a town completes a noun completing another ("un membre de la communauté
    togolaise de Brest"), alone or as a later conjunct ("un collectif d'associations d'Irun
    et de Hendaye"), or is the place of such a noun ("l'initiative de cet échange sur le thème
    « Être jeune en France, à Méricourt »")."""
    first = node
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    # A place ("à Méricourt") only one level deeper: "une fête à Quimperlé" in a title is
    # the town's own.
    placed = {fold(c.text) for c in first.children if c.dep_ == "case"} & _PLACE_CASES
    deep = first.head.head.dep_ == "nmod" and bool(placed)
    return first.dep_ == "nmod" and first.head.dep_ == "nmod" and (_of(node) or _of(first) or deep)


def _located(node: Token) -> bool:
    """Whether a town completes a noun as a place (with "à", "en", "dans"…) where climbing to
    the noun would make it the noun's author: one of a list of places ("Une mission prolifique
    à Bordeaux, Nantes et Bruxelles", the stops of someone's tour), or the seat of a body that
    is not a council or of an event (:data:`_BODY_HEADS`). A single town completing another
    noun may stand for its council in a title, so it is left to the clause."""
    first = node
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    cases = {fold(c.text) for c in first.children if c.dep_ == "case"}
    listed = first is not node or any(c.dep_ == "conj" for c in first.children)
    seat = _BODY_HEADS.search(fold(first.head.text)) is not None
    return (listed or seat) and first.dep_ == "nmod" and bool(cases & _PLACE_CASES)


#: Nouns of bodies other than councils, folded: a town completing one with "à" is its seat.
_BODY_HEADS = re.compile(
    r"^(?:association|entraide|amicale|club|entreprise|societe|usine|universite|lycee|college|"
    r"ecole|hopital|clinique|paroisse|diocese|chambre|federation|fondation|ong|"
    # or of its head, the parse hanging the seat on him: "le président de l'association… à
    # Avignon"
    r"president|presidente|directeur|directrice|responsable|fondateur|fondatrice|"
    # or an event's: the town is its venue ("la Région wallonne au MIPIM à Cannes")
    r"salon|foire|festival|forum|congres|sommet|conference|colloque|exposition|biennale|"
    r"mipim|mapic|championnat|tournoi)s?$"
)


def _of(node: Token) -> bool:
    """Whether a noun's own preposition is "de" ("de Brest", "d'Ambert", "du Havre")."""
    return any(
        c.dep_ == "case" and fold(c.text) in ("de", "d'", "du", "des") for c in node.children
    )


def _passive_agent_on_noun(node: Token) -> bool:
    """ "reçue à l'hôtel de ville par la maire": the parser hangs the passive agent on the
    nearest noun; "par" still names who acts."""
    if node.dep_ != "nmod" or "par" not in {
        fold(c.text) for c in node.children if c.dep_ == "case"
    }:
        return False
    verb = next((a for a in node.ancestors if _heads_a_clause(a)), None)
    return verb is None or not (_presence_verb(verb) or _negated(verb))


#: Relations that make a token the head of a clause (the tagger's pipeline has no
#: part-of-speech tags to tell a verb).
_CLAUSE_DEPS = frozenset({"ROOT", "acl", "acl:relcl", "advcl", "ccomp", "xcomp", "csubj"})
_CLAUSE_CHILDREN = frozenset({"nsubj", "nsubj:pass", "aux", "aux:pass", "aux:tense", "cop", "obj"})


def _heads_a_clause(token: Token) -> bool:
    """Whether a token is a verb or a predicate heading its clause."""
    return token.dep_ in _CLAUSE_DEPS or any(c.dep_ in _CLAUSE_CHILDREN for c in token.children)


def _clause_argument(node: Token) -> Token | None:
    """The clause-level argument a mention belongs to, up through names, appositions and
    conjunctions; None when the mention owns an aid, a grant or a delegation on the way ("la
    subvention de la Ville"): then it acts whatever the clause says."""
    for _ in range(5):
        dep = node.dep_
        if dep in ("nmod", "amod") and fold(node.head.text) in _AGENTIVE_HEADS and _owner(node):
            return None
        if (
            dep in ("conj", "appos", "flat:name", "nmod", "amod", "compound")
            and node.head is not node
        ):
            node = node.head
            continue
        break
    return node


def _clause_role(node: Token) -> str:
    """``agent`` or ``mentioned`` for a clause-level argument, from its relation to its verb."""
    dep = node.dep_
    cases = {fold(c.text) for c in node.children if c.dep_ == "case"}
    if dep == "ROOT" and cases & _PLACE_CASES:
        return "mentioned"  # "À Toulouse, la Région Casablanca-Settat cherche…" misparsed
    verb = node if dep == "ROOT" else node.head
    if dep == "nsubj:pass" and any(c.dep_ == "obl:agent" for c in verb.children):
        return "mentioned"  # a true passive: the agent is the other one
    if _second_subject(node, verb):
        return "mentioned"  # "Les Tourangeaux connaissent Bruges": the object, misparsed
    if dep == "nsubj:pass" and _asked(verb):
        return "mentioned"  # "le maire avait été invité à la cérémonie": a guest, not an actor
    acting = dep in ("nsubj", "nsubj:pass", "csubj", "obl:agent", "ROOT") or bool(
        cases & _ACTING_CASES
    )
    if not acting:
        return "mentioned"
    if _presence_verb(verb) or _negated(verb, node) or _described(verb) or _supposed(verb):
        return "mentioned"
    return "agent"


def _supposed(verb: Token) -> bool:
    """ "Des villes comme Avignon pourraient parrainer un village": what a council could do, a
    suggestion, is no act."""
    return fold(verb.text) in ("pourrait", "pourraient") and any(
        c.dep_ == "xcomp" for c in verb.children
    )


def _second_subject(node: Token, verb: Token) -> bool:
    """A subject after its verb when the verb already has one before it: the parser's reading
    of an object ("Les Tourangeaux connaissent Bruges")."""
    return (
        node.dep_ in ("nsubj", "nsubj:pass")
        and node.i > verb.i
        and any(c.dep_ in ("nsubj", "nsubj:pass") and c.i < verb.i for c in verb.children)
    )


#: What describes a town rather than tells its council's act: "toute la ville est fière",
#: "la ville concentre l'excellence agronomique", "la commune abrite deux lycées" (folded word
#: starts; a predicate adjective counts only with its copula).
_DESCRIBING_VERB = re.compile(r"^(concentr|abrit|ressembl|possed|regroup|vit$|vivent$)")
_DESCRIBING_ADJECTIVE = re.compile(
    r"^(fier|fiere|fiers|fieres|heureu|ravi|honore|connu|celebre|repute|riche|belle|beau|"
    r"seduisant|attractif|attractive|dynamique|accueillant)"
)


def _described(verb: Token) -> bool:
    """A describing verb, or a describing adjective with its copula and nothing it is proud or
    happy to do ("la Région est fière de soutenir…" still acts)."""
    word = fold(verb.text)
    if _DESCRIBING_VERB.match(word):
        return True
    deps = {c.dep_ for c in verb.children}
    return (
        "cop" in deps and not deps & {"xcomp", "ccomp"} and bool(_DESCRIBING_ADJECTIVE.match(word))
    )


#: Prepositions of a place ("à Toulouse", "en Bretagne", "dans la commune"), folded.
_PLACE_CASES = frozenset({"a", "au", "aux", "en", "dans", "chez"})

#: Prepositions that make a noun a co-actor or an agent ("avec la Région", "par la Ville").
_ACTING_CASES = frozenset({"avec", "par", "aux cotes de", "aupres"})

#: Verbs of presence: the subject of "faisait partie de la délégation", "assistait à la
#: signature", "a salué / félicité / applaudi les chauffeurs" is there, not acting ("présent",
#: kept out, is how a council exhibits at a fair).
_PRESENCE = re.compile(r"^(assist|figur|entour|convi|salu|applaud|felicit)")
#: Being there, as an adjective ("étaient présents"); the verb "présente" is an act.
_PRESENT = frozenset({"present", "presente", "presents", "presentes"})


def _negated(verb: Token, node: Token | None = None) -> bool:
    """ "Le maire n'a pas participé", "la Région n'est pas partie à l'accord"; with "ne", "ni la
    Ville ni la Métropole n'ont été associées", "aucune rencontre avec les élus n'était prévue",
    "la commune ne participe plus" (a bare "ne" is not enough: "n'a versé que 2 000 euros")."""
    words = {fold(child.text) for child in verb.children}
    if words & _NEGATIONS:
        return True
    if node is not None and {fold(c.text) for c in node.children if c.dep_ == "advmod"} & {
        "pas",
        "jamais",
    }:
        return True  # "nous travaillons avec l'opérateur national, pas avec les communes"
    if not words & {"ne", "n'", "n’"}:
        return False
    # The parser may hang "pas" on the verb's complement: "n'est pas partie prenante".
    words |= {
        fold(t.text)
        for child in verb.children
        if child.dep_.startswith(("obl", "obj", "xcomp"))
        for t in child.children
    }
    if words & (_NEGATIONS | {"plus", "guere", "point", "ni"}):
        return True
    own = {fold(child.text) for child in node.children} if node is not None else set()
    return bool(own & {"aucun", "aucune", "nul", "nulle", "ni"})


_NEGATIONS = frozenset({"pas", "jamais", "aucunement", "nullement"})
#: Verbs whose passive subject is asked or told, not acting: "la maire avait été invitée à la
#: cérémonie", "la commune a été consultée sur le tracé", "le Département, qui a été sollicité".
_ASKED = re.compile(r"^(?:invit|convi|sollicit|consult|interroge|inform|prevenu|contacte)")


def _asked(verb: Token) -> bool:
    """A passive of asking or telling (the parser marks its auxiliary ``aux:pass``)."""
    passive = any(child.dep_ == "aux:pass" for child in verb.children)
    return passive and bool(_ASKED.match(fold(verb.text)))


#: Verbs of coming whose infinitive says what the visitor does ("est venu saluer les
#: bénévoles", "passera applaudir"), folded word starts.
_COMING = re.compile(r"^(?:ven|vien|vinr|pass|all)")


def _presence_verb(verb: Token) -> bool:
    word = fold(verb.text)
    if _PRESENCE.match(word):
        return True
    if any(c.dep_ == "cop" for c in verb.children) and (
        word in _PRESENT or any(fold(c.text) in _PRESENT for c in verb.children)
    ):
        # "plusieurs élus étaient présents dans la salle", an adjective after its copula (the
        # tagger's pipeline has no part-of-speech tags), or beside it when the parser makes
        # another word the predicate ("le maire était présent lors de la visite"); not the verb
        # ("la Ville présente").
        return True
    if _COMING.match(word) and any(
        c.dep_ == "xcomp" and _PRESENCE.match(fold(c.text)) for c in verb.children
    ):
        return True  # "le maire est venu saluer les bénévoles": present, not acting
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return (
        word in ("faisait", "fait", "faisaient", "font")
        and following is not None
        and (fold(following.text) == "partie")
    )


def spacy_parser(nlp: Language) -> Parse:
    """A :data:`Parse` over a spaCy pipeline with a dependency parser."""

    def parse(texts: list[str]) -> list[RoleReader]:
        # Batches of 64 sentences: measured faster than both 8 and spaCy's default of 1,000.
        return [reader(doc) for doc in nlp.pipe(texts, batch_size=64)]

    return parse


def reader(doc: Doc) -> RoleReader:
    """The role reader of one parsed sentence: a character span → its syntactic role."""

    def read(start: int, end: int, place: bool = False, bare: bool = False) -> str:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return "mentioned"
        return syntactic_role(span, place, bare)

    return read


def country_mentions_as_places(mentions: Sequence[Mention]) -> list[int]:
    """Offsets of country mentions (international cues for :func:`nlp.focus.cue_paragraphs`)."""
    return [m.start for m in mentions]
