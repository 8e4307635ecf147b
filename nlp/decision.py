"""The AICT decision: classifier scores, typed actors and rules → the tag record.

"Actors decide" (docs/tagger.md): a text is AICT only when a French local authority, or a body
it steers, takes part in the cross-border act. :func:`analyse` finds where the international
fact sits (:mod:`nlp.focus`), the country mentions (names, demonyms, places, towns of
:mod:`nlp.places`) and the typed actors with their roles (:mod:`nlp.actors`). A small logistic
regression (:class:`Stacker`, trained by ``nlp.training.train`` on out-of-fold classifier
scores) weighs the classifier's AICT probability against who acts: a French agent, or the
State, a foreign town, an NGO, a parish, a hospital, a company or a chamber acting instead,
or an emergency at home (overseas France). Without any French local actor the answer is no.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from models.taxonomy import OBJECT_IDS, ObjectId
from nlp import rules
from nlp.actors import (
    FOREIGN_TYPES,
    FRENCH_TYPES,
    LOOKALIKE_TYPES,
    ActorMention,
    Parse,
    RoleDraft,
    RoleReader,
    draft_roles,
    find_actors,
    finish_roles,
)
from nlp.countries import CountryRelevance, candidate_features, context_words, seats_only
from nlp.disclaimers import french_side_disclaims
from nlp.focus import Span, cue_paragraphs, key_sentences, paragraphs, sentences
from nlp.gazetteer import Mention, collectivite_index, country_index
from nlp.incidental import incidental
from nlp.officeholders import distinct_people, officeholders
from nlp.record import Actor, TagRecord
from nlp.text import AICT_LABEL, fold

#: French overseas territories by name (folded): emergencies there are domestic.
_OVERSEAS = re.compile(
    r"(?<![\w-])(mayotte|guadeloupe|martinique|la reunion|l'ile de la reunion|guyane|"
    r"polynesie|nouvelle-caledonie|saint-martin|saint-barthelemy|wallis|futuna|"
    r"saint-pierre-et-miquelon|outre-mer|ultramarin\w*|mahorais\w*|guadeloupeen\w*|"
    r"martiniquais\w*|reunionnais\w*|guyanais\w*|caledonien\w*|polynesien\w*)(?![\w-])"
)

#: The feature without which a text is never AICT: a French local authority (or a body it
#: steers) in a key sentence of the international fact.
GATE = "french_international"

FEATURES = (
    "bias",
    "logit_aict",
    "strong",
    "foreign",
    "french_any",
    "french_international",
    "french_agent",
    "named_french_agent",
    "main_agent_french",
    "main_agent_lookalike",
    "french_agents",
    "overseas_only",
    "title_french_agent",
    "title_lookalike_agent",
    "first_agent_french",
    "french_agent_share",
    *(f"{kind}_agent" for kind in LOOKALIKE_TYPES),
    "lookalike_agents",
)


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyse` found in one text (title and body joined by a blank line)."""

    full: str
    folded: str
    title_end: int
    countries: tuple[Mention, ...]
    actors: tuple[ActorMention, ...]
    international: tuple[Span, ...]


def country_mentions(text: str) -> list[Mention]:
    """Countries named, or standing behind a demonym, a region or a foreign town; not those
    named as the origin of people or things at a home event ("des touristes néerlandais",
    nlp.incidental)."""
    from nlp.places import world_places

    found = country_index(regional=True).find(text)
    taken = [(m.start, m.end) for m in found]
    named = frozenset(m.code for m in found)
    for place in world_places().find(text, named):
        if not any(s < place.end and place.start < e for s, e in taken):
            found.append(place)
    found.sort(key=lambda m: m.start)
    found = _short_names_of_long_ones(found)
    origins = incidental(text, found)
    return [m for i, m in enumerate(found) if i not in origins]


def _short_names_of_long_ones(found: list[Mention]) -> list[Mention]:
    """A place named again by the first part of its name takes the country of the full one:
    "Fribourg-en-Brisgau, sa ville jumelle … l'Oberbürgermeister de Fribourg" is in Germany,
    not in Switzerland."""
    full = {fold(m.name): m.code for m in found if not m.demonym}
    return [
        next(
            (
                replace(m, code=code)
                for name, code in full.items()
                if code != m.code and name.startswith((fold(m.name) + "-", fold(m.name) + " "))
            ),
            m,
        )
        for m in found
    ]


@dataclass(frozen=True)
class Draft:
    """An analysis waiting for the parse of its key sentences (:func:`prepare`)."""

    full: str
    title_end: int
    countries: tuple[Mention, ...]
    roles: RoleDraft

    @property
    def sentences(self) -> list[str]:
        """The key sentences to parse (none when prepared without a parser)."""
        return self.roles.sentences


def prepare(title: str, text: str, parsing: bool = True, lead: bool = True) -> Draft:
    """Everything :func:`analyse` does before parsing: mentions, key sentences, the roles that
    need no parse and the sentences that do (``parsing=False``: roles without a parser;
    ``lead=False``: the lead of a cued title is not a key sentence, as before 2026-12-06)."""
    full = f"{title}\n\n{text}"
    countries = country_mentions(full)
    spans = paragraphs(full)
    offsets = [m.start for m in countries]
    is_cue = _cues(fold(full))
    chosen = cue_paragraphs(full, spans, offsets, is_cue)
    international = tuple(key_sentences(full, spans, chosen, offsets, is_cue))
    if title.strip() and not any(s.start == 0 for s in international):
        # The title states the main fact of a candidate text: its actors are key ones.
        international = (Span(0, len(title)), *international)
    first_paragraph = next(
        (s for s in spans if s.start > len(title) and _is_prose(full[s.start : s.end])), None
    )
    title_cued = any(m.start < len(title) for m in countries) or rules.is_candidate(fold(title))
    if lead and title_cued and first_paragraph is not None:
        first = sentences(full, first_paragraph)[0]
        if not any(s.start == first.start for s in international):
            # The lead tells the title's fact with its actors ("…entre le Conseil départemental
            # et la Diputación Foral"), though it may carry no cue of its own.
            international = tuple(sorted((*international, first), key=lambda s: s.start))
    towns = [
        ActorMention(m.name, None, "foreign_local_authority", m.start, m.end)
        for m in countries
        if not m.demonym and fold(m.name) not in country_index(regional=True).names_folded
    ]
    roles = draft_roles(full, find_actors(full), international, parsing, towns)
    return Draft(full, len(title), tuple(countries), roles)


def _cues(folded_full: str) -> Callable[[str], bool]:
    """What makes a sentence a cue of the international fact: the prefilter's terms, and in a
    text that names refugees, a sentence that houses someone ("la Ville avait mis à disposition
    huit appartements vacants": a portrait tells the family's flight in one paragraph and the
    mairie's part in another)."""
    if not rules.names_refugees(folded_full):
        return rules.is_candidate
    return lambda folded: rules.is_candidate(folded) or rules.houses_someone(folded)


#: A word of prose: two letters or more.
_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_prose(paragraph: str) -> bool:
    """A paragraph that tells something (ten words or more), not a breadcrumb ("Accueil >
    Vienne > Poitiers") or a byline ("Par notre correspondante, publié le 3 mars à 18 h 02")."""
    return len(_WORD.findall(paragraph)) >= 10


def complete(draft: Draft, readers: Sequence[RoleReader] = ()) -> Analysis:
    """The analysis of a prepared text, ``readers`` being the parses of its sentences."""
    actors = finish_roles(draft.roles, readers)
    return Analysis(
        draft.full,
        fold(draft.full),
        draft.title_end,
        draft.countries,
        tuple(actors),
        draft.roles.international,
    )


def analyse(title: str, text: str, parse: Parse | None = None, lead: bool = True) -> Analysis:
    """The text's key sentences, country mentions and typed actors with their roles."""
    draft = prepare(title, text, parse is not None, lead)
    sentences = draft.sentences
    return complete(draft, parse(sentences) if sentences and parse is not None else ())


def features(analysis: Analysis, p_aict: float) -> list[float]:
    """The stacker's inputs, in :data:`FEATURES` order."""
    p = min(max(p_aict, 1e-4), 1 - 1e-4)
    french = [a for a in analysis.actors if a.type in FRENCH_TYPES]
    agents = [a for a in french if a.role == "agent"]
    inside = [a for a in french if any(s.start <= a.start < s.end for s in analysis.international)]
    lookalikes = {kind: 0.0 for kind in LOOKALIKE_TYPES}
    for actor in analysis.actors:
        if actor.type in lookalikes and actor.role == "agent":
            lookalikes[actor.type] = 1.0
    overseas = len(_OVERSEAS.findall(analysis.folded))
    everyone = [a for a in analysis.actors if a.role == "agent"]
    in_title = [a for a in everyone if a.start < analysis.title_end]
    main = _main_agent(analysis)
    return [
        1.0,
        math.log(p / (1 - p)),
        float(rules.has_strong_term(analysis.folded)),
        float(bool(analysis.countries)),
        float(bool(french)),
        float(bool(inside)),
        float(bool(agents)),
        float(any(not a.bare for a in agents)),
        float(main is not None and main.type in FRENCH_TYPES),
        float(main is not None and main.type in LOOKALIKE_TYPES),
        math.log1p(len(agents)),
        # Overseas France named more often than any foreign country: an emergency at home.
        float(overseas > len(analysis.countries)),
        float(any(a.type in FRENCH_TYPES for a in in_title)),
        float(any(a.type in LOOKALIKE_TYPES for a in in_title)),
        float(bool(everyone) and everyone[0].type in FRENCH_TYPES),
        len(agents) / len(everyone) if everyone else 0.0,
        *lookalikes.values(),
        math.log1p(sum(lookalikes.values())),
    ]


def _main_agent(analysis: Analysis) -> ActorMention | None:
    """The first agent of the first key sentence that has one (the title first): who does the
    act the text is about."""
    for sentence in analysis.international:
        inside = [
            a
            for a in analysis.actors
            if a.role == "agent" and sentence.start <= a.start < sentence.end
        ]
        if inside:
            return min(inside, key=lambda a: a.start)
    return None


class Stacker:
    """Logistic regression over :func:`features` with its decision threshold."""

    def __init__(self, weights: Sequence[float], threshold: float = 0.5) -> None:
        self.weights = np.asarray(weights, dtype=float)
        self.threshold = threshold

    def probability(self, values: Sequence[float]) -> float:
        z = float(np.dot(self.weights, values))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def save(self, path: Path) -> None:
        data = {
            "features": list(FEATURES),
            "weights": self.weights.round(6).tolist(),
            "threshold": self.threshold,
        }
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Stacker:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["features"] != list(FEATURES):
            raise ValueError(f"{path}: features differ from this code; retrain (make train)")
        return cls(data["weights"], data["threshold"])


def ordered_actors(actors: Sequence[ActorMention]) -> list[ActorMention]:
    """Distinct actors, French agents first (consumers read the first as "the" actor)."""
    rank = {"agent": 0, "partner": 1, "mentioned": 2}
    seen: set[tuple[str, str | None]] = set()
    out: list[ActorMention] = []
    for actor in sorted(actors, key=lambda a: (a.type not in FRENCH_TYPES, rank[a.role], a.start)):
        key = (actor.code or fold(actor.name), actor.type)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def partner_countries(
    analysis: Analysis,
    title_length: int,
    chooser: CountryRelevance | None,
    objects: AbstractSet[str] = frozenset(),
) -> list[str]:
    """Partner countries among the country mentions (towns included) of a text tagged with
    ``objects``, by the chooser's salience features and the offices of foreign partner
    authorities."""
    if chooser is None:
        return rules.partner_countries(analysis.countries)
    from nlp.places import place_names

    values = candidate_features(
        analysis.full, title_length, analysis.countries, place_names(), analysis.actors, objects
    )
    context = context_words(analysis.full, analysis.countries) if chooser.reads_context else None
    chosen = set(chooser.choose(values, context))
    # A foreign authority the French agent deals with names its country ("le bourgmestre de
    # Malmedy", "l'ambassade du Maroc" as partner): salient by office.
    for actor in analysis.actors:
        if actor.type in ("foreign_local_authority", "foreign_state") and actor.role == "partner":
            chosen.update(m.code for m in analysis.countries if actor.start <= m.start < actor.end)
    chosen.update(_listed_twins(analysis))
    return sorted(chosen - seats_only(analysis.countries, analysis.folded))


#: A town then its country's name ("Solingen en Allemagne", "Novara, en Italie", "Sassandra
#: (Côte d'Ivoire)"): what comes right before the country's mention.
_TOWN_THEN = re.compile(
    r"[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)*(?:,?\s+(?:en|au|aux)\s+|\s*\()$"
)
#: Words of a council's twinnings or partnerships, folded.
_TWINNINGS = re.compile(r"jumel|pactes? d'amitie|villes? partenaires?|cooperations? decentralisee")
#: Characters before a country's mention where the twinning is told (a list's header).
_LIST_REACH = 250


def _listed_twins(analysis: Analysis) -> set[str]:
    """Countries of towns named with their country where the text lists its twinnings or
    partnerships ("a conclu 3 jumelages avec : Cheltenham en Angleterre, Bayreuth en
    Allemagne…"): each is a partner, however often it is named."""
    full = analysis.full
    return {
        m.code
        for m in analysis.countries
        if not m.demonym
        and _TOWN_THEN.search(full, max(0, m.start - 60), m.start)
        and _TWINNINGS.search(fold(full[max(0, m.start - _LIST_REACH) : m.start]))
    }


def decide(
    cats: dict[str, float],
    title: str,
    text: str,
    thresholds: dict[str, float],
    stacker: Stacker | None,
    chooser: CountryRelevance | None,
    analysis: Analysis | Callable[[], Analysis] | None = None,
) -> TagRecord:
    """The tag record (partners excluded) of a text; actors typed, with roles.

    With a :class:`Stacker` (a model trained with ``stacker.json``), the actor-aware decision:
    the stacker's probability over the classifier's score and who acts, and a French local
    authority in a key sentence required (:data:`GATE`). Without one, the issue-4 decision
    (:func:`classic_decision`), analysed for its actors only when it says AICT. ``analysis`` may
    be given, or a function that makes it (called at most once); else it is made here without
    a parser.
    """

    def analysed() -> Analysis:
        if isinstance(analysis, Analysis):
            return analysis
        return analysis() if analysis is not None else analyse(title, text)

    if stacker is None:
        record = classic_decision(cats, title, text, thresholds, chooser)
        return _classic_checked(record, title, chooser, analysed) if record.is_aict else record
    return _actor_aware(cats, title, thresholds, stacker, chooser, analysed())


def _classic_checked(
    record: TagRecord,
    title: str,
    chooser: CountryRelevance | None,
    analysed: Callable[[], Analysis],
) -> TagRecord:
    """A text the classic decision calls AICT, read through its analysis: vetoed when only a
    look-alike acts, the aid stays at home or the French side is said to take no part, else
    typed actors and partner countries."""
    found = analysed()
    if (
        _lookalike_only(found)
        or _overseas_at_home(record.objects, found)
        or _twinning_at_home(found)
        or french_side_disclaims(found.full, found.actors, found.countries)
    ):
        # Diplomacy between States ("le ministre … en visite au Maroc"), a foreign town, an
        # NGO, a parish or a hospital acting with no council anywhere, aid to Mayotte, or the
        # text saying that no French council takes part: the classic classifier's words say
        # AICT, its actors and places say otherwise.
        return replace(
            record, is_aict=False, objects=(), partner_countries=(), actors=typed_actors(found)
        )
    if chooser is not None and not chooser.legacy:
        # A chooser trained on the analysis (towns, demonyms, actors, context words) reads
        # the analysis's mentions, not only the country names of the issue-4 index.
        countries = tuple(partner_countries(found, len(title), chooser, set(record.objects)))
        record = replace(record, partner_countries=countries)
    return replace(record, actors=typed_actors(found))


def _actor_aware(
    cats: dict[str, float],
    title: str,
    thresholds: dict[str, float],
    stacker: Stacker,
    chooser: CountryRelevance | None,
    found: Analysis,
) -> TagRecord:
    """The stacker's decision: AICT when a French local authority acts in a key sentence
    (:data:`GATE`) and the stacker's probability reaches its threshold."""
    actors = typed_actors(found)
    values = features(found, float(cats.get(AICT_LABEL, 0.0)))
    score = stacker.probability(values)
    object_scores, objects = decided_objects(cats, found, values, thresholds)
    if (
        not gate_open(values, found)
        or (score < stacker.threshold and not council_houses_refugees(found))
        or _at_home(objects, found)
    ):
        return TagRecord(False, round(score, 4), (), object_scores, actors, (), ())
    countries = partner_countries(found, len(title), chooser, set(objects))
    return TagRecord(
        True,
        round(score, 4),
        objects,
        object_scores,
        actors,
        (),
        tuple(countries),
    )


def council_houses_refugees(analysis: Analysis) -> bool:
    """A French council houses people who fled a war or a disaster abroad, in a key sentence
    where it is the first to act ("Ambert accueille une famille afghane évacuée de Kaboul", "la
    commune a mis un logement à la disposition de réfugiés ukrainiens"): emergency AICT however
    local the telling (taxonomy.md §2), which the classifier's words rarely see. An association,
    a parish or the prefecture housing them acts first, and is not a council."""
    refugees = rules.names_refugees(analysis.folded)
    for span in analysis.international:
        sentence = fold(analysis.full[span.start : span.end])
        if not (rules.names_reception(sentence) or refugees and rules.houses_someone(sentence)):
            continue
        agents = [
            a
            for a in analysis.actors
            if a.role == "agent" and span.start <= a.start < span.end and not a.person
        ]
        first = min(agents, key=lambda a: a.start, default=None)
        if first is None or first.type not in FRENCH_TYPES or _plural(first):
            continue
        # A town named bare houses them only as the verb's subject ("Ambert accueille…"), not
        # as a title's place ("Quimper : 34 familles…") or where the home is ("à Annecy,").
        after = analysis.full[first.end : first.end + 40]
        if not first.bare or rules.starts_with_reception(fold(after)):
            return True
    return False


def decided_objects(
    cats: dict[str, float], found: Analysis, values: Sequence[float], thresholds: dict[str, float]
) -> tuple[dict[str, float], tuple[str, ...]]:
    """The object scores of an actor-aware record (the classifier's, raised by unambiguous
    instruments when a council acts) and the objects they give at ``thresholds``."""
    strong = rules.strong_objects(
        found.folded,
        council_acts=values[FEATURES.index("french_agent")] > 0,
        foreign_place=bool(found.countries),
    )
    if council_houses_refugees(found):
        strong.add(ObjectId.EMERGENCY.value)
    object_scores = _object_scores(cats, strong)
    return object_scores, _objects(object_scores, thresholds)


def stays_at_home(
    cats: dict[str, float], found: Analysis, values: Sequence[float], thresholds: dict[str, float]
) -> bool:
    """Whether an AICT-looking record is cooperation at home (:func:`_at_home`)."""
    return _at_home(decided_objects(cats, found, values, thresholds)[1], found)


def _lookalike_only(analysis: Analysis) -> bool:
    """An actor of a look-alike family acts (the State, a foreign authority, an NGO, a parish,
    a hospital or university, a company, a consular chamber) and no French local authority,
    nor a body it steers, is named at all (taxonomy.md §1: "acting without the local
    authority")."""
    if any(a.type in FRENCH_TYPES and not _generic(a) for a in analysis.actors):
        return False
    return any(a.role == "agent" and a.type in LOOKALIKE_TYPES for a in analysis.actors)


#: Council nouns in the plural: "les villes", "des communes françaises" name no council; "la
#: communauté de communes" is one.
_PLURAL_COUNCILS = re.compile(
    r"(?<!communaute de )\b(?:villes|communes|collectivites|regions|departements|maires)\b"
)


def _generic(actor: ActorMention) -> bool:
    """A French kind of council named in the plural and not acting ("les villes et sites
    wallons", "des villes françaises" a foreign region canvasses): nobody in particular."""
    return (
        actor.code is None
        and actor.role != "agent"
        and _PLURAL_COUNCILS.search(fold(actor.name)) is not None
    )


def gate_open(values: Sequence[float], analysis: Analysis) -> bool:
    """Whether the stacker is asked: a French local authority in a key sentence (:data:`GATE`),
    someone in particular (:func:`_someone_inside`), no twinning without anything foreign
    (:func:`_twinning_at_home`), not several others acting where no French council does
    (:func:`_someone_else_acts`), not a look-alike acting in a town
    (:func:`_lookalike_hosted`), and no statement that the French side takes no part
    (:func:`nlp.disclaimers.french_side_disclaims`)."""
    return (
        values[FEATURES.index(GATE)] > 0
        and _someone_inside(analysis)
        and not _twinning_at_home(analysis)
        and not _someone_else_acts(analysis)
        and not _lookalike_hosted(analysis)
        and not french_side_disclaims(analysis.full, analysis.actors, analysis.countries)
    )


#: How many others (distinct names) must act in the key sentences, where no French council
#: does, for the act to be theirs: one or two are often a parse's mistake in a council's own
#: report ("le conseil municipal" left mentioned beside "le FACECO").
_OTHERS_ACTING = 3


def _someone_else_acts(analysis: Analysis) -> bool:
    """In the key sentences, no French council acts or partners (every one is merely
    mentioned: "la ville concentre…", "aucune rencontre avec les élus n'était prévue") while
    several others act (a foreign region's council, its president and its agency; deputies, a
    ministry and the AFD): the act is theirs."""
    inside = [
        a
        for a in analysis.actors
        if any(s.start <= a.start < s.end for s in analysis.international)
    ]
    if any(a.type in FRENCH_TYPES and a.role != "mentioned" for a in inside):
        return False
    others = {fold(a.name) for a in inside if a.type in LOOKALIKE_TYPES and a.role == "agent"}
    return len(others) >= _OTHERS_ACTING


#: Look-alike kinds that host a story in a French town named as its place: the State, the
#: Church, a hospital or university, a consular chamber, a company. Not NGOs: an association
#: often carries out a council's project and the council is then named bare ("Flers").
_HOSTS = ("french_state", "religious", "health_or_university", "consular_chamber", "company")


def _lookalike_hosted(analysis: Analysis) -> bool:
    """A look-alike acts and a French town is only where it happens: two or more actors of one
    look-alike kind (:data:`_HOSTS`: the prefect and a ministry, the university and its
    engineering school, a parish and its eparchy) act in the key sentences, and every French
    local authority acting there is a town named bare ("l'ambassadeur… à l'invitation de la
    préfète… le consul honoraire à Besançon"; "l'université d'Orléans part recruter en Inde").
    A council named as such ("la Ville de Belfort", "le maire") is never bare, councils in the
    plural ("l'État et les collectivités") name nobody, and one State fund or ministry beside a
    council (the FACECO, a ministry's cofinancing) is not enough."""
    inside = [
        a
        for a in analysis.actors
        if a.role == "agent" and any(s.start <= a.start < s.end for s in analysis.international)
    ]
    french = [a for a in inside if a.type in FRENCH_TYPES and not _plural(a)]
    if not french or not all(a.bare for a in french):
        return False
    return any(len({fold(a.name) for a in inside if a.type == kind}) >= 2 for kind in _HOSTS)


def _someone_inside(analysis: Analysis) -> bool:
    """A French local authority in a key sentence that is someone in particular: "les
    collectivités territoriales" of a ministry's conference in Ouagadougou, or "la délégation
    chinoise des collectivités locales", name no French council; nor does an unnamed twinning
    committee where only foreign councils are named ("la commune de Momignies célébrait ses 25
    ans de jumelage avec la ville de Gizalki… le comité de jumelage": a Belgian town's) or where
    a parish or a diocese acts and no council is named (two dioceses' twinning committee), nor
    a world network of local governments whose only councils named are foreign (the bureau of
    CGLU in Rabat, chaired by the mayors of Istanbul and Lisbon)."""
    # Named foreign councils only: "le maire" typed foreign by the council named before it
    # may be the French host ("une délégation de l'Ayuntamiento de Calatayud… reçue par le
    # maire").
    foreign = {
        fold(a.name)
        for a in analysis.actors
        if a.type == "foreign_local_authority" and not a.bare and not _unnamed(a)
    }
    religious = any(a.type == "religious" and a.role == "agent" for a in analysis.actors)
    # Only foreign councils, or a parish or a diocese acting ("le jumelage entre les deux
    # diocèses… un comité de jumelage"), and no French council named: the committee is theirs.
    foreign_only = not any(a.type == "collectivite" for a in analysis.actors) and (
        len(foreign) >= 2 or religious
    )
    return any(
        a.type in FRENCH_TYPES
        and not _plural(a)
        and not (
            foreign_only
            and a.type == "steered_body"
            and (_unnamed(a) or _WORLD_NETWORKS.search(fold(a.name)) is not None)
        )
        and any(s.start <= a.start < s.end for s in analysis.international)
        for a in analysis.actors
    )


#: Networks of local governments from many countries (folded): French only through a French
#: member the text names.
_WORLD_NETWORKS = re.compile(
    r"\b(?:cglu|cites et gouvernements locaux unis|aimf|association internationale des maires "
    r"francophones|iclei|eurocities|maires pour la paix|mayors for peace|crpm|conference des "
    r"regions peripheriques maritimes|reseau c40)\b"
)


def _plural(actor: ActorMention) -> bool:
    """Councils in the plural ("les collectivités", "les communes"): nobody in particular. A
    network of them acting for its members ("l'Assemblée des Départements de France",
    "Villes de France", a steered body) is someone."""
    return (
        actor.code is None
        and actor.type != "steered_body"
        and _PLURAL_COUNCILS.search(fold(actor.name)) is not None
    )


def _unnamed(actor: ActorMention) -> bool:
    """A body named by its kind alone ("le comité de jumelage"), not by its town's name
    ("comité de jumelage de Thonon", which the reference data may not resolve)."""
    return actor.code is None and not any(c.isupper() for c in actor.name[1:])


def _twinning_at_home(analysis: Analysis) -> bool:
    """A twinning with nothing foreign in the text (no country, foreign town, demonym, foreign
    authority, world region or word of a scope abroad): two French towns' friendship ("Lunéville et Forcalquier : trente ans
    de jumelage"), or a town's with one of overseas France, is not international."""
    return (
        "jumel" in analysis.folded
        and not analysis.countries
        and not any(a.type in FOREIGN_TYPES for a in analysis.actors)
        and not _foreign_twin(analysis.full)
        and _ELSEWHERE.search(analysis.folded) is None
        and _FOREIGN_SCOPE.search(analysis.folded) is None
    )


#: Twinnings said to be abroad without naming where, folded: a council's page on its
#: international policy ("46 villes dans le monde", "des villes européennes", "ses
#: coopérations décentralisées").
_FOREIGN_SCOPE = re.compile(
    r"\bvilles? (?:europeennes?|etrangeres?)\b|\bvilles? (?:partenaires )?dans le monde\b|"
    r"\bcooperations? decentralisees?\b|\brelations internationales\b"
)


#: A town named as another's twin: "Massanassa, ville jumelle de Bergerac", "jumelée avec
#: Sighetu Marmației" (one to three capitalised words).
_NAME = r"[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+){0,2}"
_TWIN = re.compile(
    rf"({_NAME}),? (?:sa |notre |leur |la )?(?:ville|commune|cité) jumelle"
    rf"|jumel\w+ avec ({_NAME})"
)


#: A twinning named by its two towns: "le comité de jumelage Tarbes-Huesca", "le jumelage
#: entre Besançon et Fribourg".
_PAIR = re.compile(rf"jumelage ({_NAME})|jumelage entre ({_NAME}) et ({_NAME})")


def _foreign_twin(full: str) -> bool:
    """Whether a town named as a twin is no French commune: a partner abroad that the world
    gazetteer does not know (small towns), named where the twinning is told."""
    index = collectivite_index()
    for match in _TWIN.finditer(full):
        name = match.group(1) or match.group(2)
        if not index.is_commune(fold(name)):
            return True
    for match in _PAIR.finditer(full):
        if match.group(1) and _abroad_in_pair(fold(match.group(1))):
            return True
        if match.group(2) and not all(index.is_commune(fold(g)) for g in match.group(2, 3)):
            return True
    return False


def _abroad_in_pair(name: str) -> bool:
    """Whether a hyphenated pair of towns ("tarbes-huesca") is a French commune followed by a
    name that is no French commune; "lunéville-forcalquier" and a commune's own name
    ("saint-jean-de-luz") are not."""
    index = collectivite_index()
    parts = name.split("-")
    return not index.is_commune(name) and any(
        index.is_commune("-".join(parts[:i])) and not index.is_commune("-".join(parts[i:]))
        for i in range(1, len(parts))
    )


#: Objects that need a partner abroad: a council's networks, its citizenship education or its
#: attractiveness may name nothing foreign ("Mamoudzou adhère au réseau des maires
#: francophones"), a cooperation, an aid, a twinning, European work or a delegation may not.
_ABROAD = frozenset(
    {
        ObjectId.COOPERATION,
        ObjectId.EMERGENCY,
        ObjectId.TWINNING,
        ObjectId.EUROPEAN,
        ObjectId.DELEGATION,
    }
)


def _at_home(objects: Sequence[str], analysis: Analysis) -> bool:
    """Objects that need a partner abroad with none in sight: aid to overseas France
    (:func:`_overseas_at_home`), or nothing foreign named at all (:func:`_nothing_abroad`)."""
    return _overseas_at_home(objects, analysis) or _nothing_abroad(objects, analysis)


#: Words of a world audience: attractiveness may name no country ("les chercheurs
#: internationaux", "les investisseurs étrangers"), but then it names the world. Tourism alone
#: is mostly domestic, and a "patrimoine mondial" or a "guerre mondiale" looks at no audience.
_WORLD = re.compile(
    r"internation|etranger|(?<!patrimoine )(?<!guerre )mondia|\bmonde\b|export|investisseur"
)


#: Somewhere abroad named without a country, folded: a continent or a world region ("des
#: collectivités d'Afrique et d'Asie", "au Sahel"), the developing countries, "l'étranger".
_ELSEWHERE = re.compile(
    r"\b(?:afrique|asie|amerique (?:latine|du sud|centrale)|moyen-orient|proche-orient|maghreb|"
    r"sahel|balkans|pays (?:en (?:voie de )?developpement|du sud|les moins avances)|"
    r"a l'etranger|hors de france|au-dela des frontieres)\b"
)


def _nothing_abroad(objects: Sequence[str], analysis: Analysis) -> bool:
    """Objects that need a partner abroad (:data:`_ABROAD`) and nothing foreign in the text: no
    country, demonym or foreign town, no foreign authority, no unambiguous instrument, no
    continent or world region (:data:`_ELSEWHERE`). "L'Europe cofinance le recul de la route"
    is a council's road works with EU money, not European cooperation; a visit or an aid
    abroad names where it goes."""
    abroad = _ABROAD | ({ObjectId.ATTRACTIVENESS} if not _WORLD.search(analysis.folded) else set())
    return (
        bool(objects)
        and set(objects) <= abroad
        and not analysis.countries
        and not any(a.type in FOREIGN_TYPES for a in analysis.actors)
        and not rules.has_strong_term(analysis.folded)
        and _ELSEWHERE.search(analysis.folded) is None
    )


def _overseas_at_home(objects: Sequence[str], analysis: Analysis) -> bool:
    """Objects that need a partner abroad (:data:`_ABROAD`), a French overseas territory named,
    and no country abroad (no country, demonym or foreign town): aid to Mayotte after a
    cyclone, or a convention between La Réunion's Région and Mayotte's Département, is
    cooperation at home (taxonomy.md §1: overseas France is French territory)."""
    return (
        bool(objects)
        and set(objects) <= _ABROAD
        and not analysis.countries
        and _OVERSEAS.search(analysis.folded) is not None
    )


def typed_actors(analysis: Analysis) -> tuple[Actor, ...]:
    """The record's actors: distinct, French agents first, then the people holding their
    offices (nlp.officeholders: after them, so that the first actor is always a body)."""
    people = officeholders(analysis.full, analysis.actors)
    return tuple(
        Actor(a.name, a.code, a.type, a.role, person=a.person)
        for a in [*ordered_actors(analysis.actors), *distinct_people(people)]
    )


def mentioned_actors(title: str, text: str) -> tuple[Actor, ...]:
    """The actors of a candidate left out of the analysis (the classifier finds it implausible):
    found and typed by their names and cue words (no parse), every one merely mentioned."""
    from nlp.actors import find_actors

    found = find_actors(f"{title}\n\n{text}")
    return tuple(Actor(a.name, a.code, a.type, "mentioned") for a in ordered_actors(found))


def _object_scores(cats: dict[str, float], strong: set[str]) -> dict[str, float]:
    """The eight object scores, an unambiguous instrument's object raised to 0.9."""
    scores: dict[str, float] = {obj: round(float(cats.get(obj, 0.0)), 4) for obj in OBJECT_IDS}
    for obj in strong:
        scores[obj] = max(scores[obj], 0.9)
    return scores


def with_borrowed_objects(
    record: TagRecord, borrowed: dict[str, float], thresholds: dict[str, float]
) -> TagRecord:
    """An AICT record whose objects ``borrowed`` (scores of another model's classifier, a
    combined model: nlp.modelspec) decide in part: those labels take the borrowed scores, and
    the objects are chosen again over the merged scores with ``thresholds`` (the deciding
    model's, the borrowed labels' from their own model)."""
    scores = {**dict(record.object_scores), **{k: round(v, 4) for k, v in borrowed.items()}}
    return replace(record, objects=_objects(scores, thresholds), object_scores=scores)


def _objects(object_scores: dict[str, float], thresholds: dict[str, float]) -> tuple[str, ...]:
    objects = [o for o in OBJECT_IDS if object_scores[o] >= thresholds[o]]
    if not objects:  # an AICT text has at least one object: take the most likely
        objects = [max(OBJECT_IDS, key=lambda o: object_scores[o])]
    return tuple(objects)


def classic_decision(
    cats: dict[str, float],
    title: str,
    text: str,
    thresholds: dict[str, float],
    chooser: CountryRelevance | None,
) -> TagRecord:
    """The issue-4 decision, unchanged: the classifier's AICT score, raised to 0.9 by an
    unambiguous instrument when a council is named or acts; countries by the issue-4 chooser
    over the country index's mentions (a chooser trained on the analysis is left to
    :func:`decide`); no actors (the caller types them for AICT texts)."""
    full = f"{title}\n\n{text}"
    folded = fold(full)
    countries = country_index().find(full)
    named = collectivite_index().find(full)
    council_acts = bool(named) or any(w in folded for w in collectivite_index().authority_words)
    strong = rules.strong_objects(folded, council_acts=council_acts, foreign_place=bool(countries))
    score = float(cats.get(AICT_LABEL, 0.0))
    if strong:
        score = max(score, 0.9)
    object_scores = _object_scores(cats, strong)
    if score < thresholds[AICT_LABEL]:
        return TagRecord(False, round(score, 4), (), object_scores, (), (), ())
    if chooser is None:
        chosen = rules.partner_countries(countries)
    elif chooser.legacy:
        chosen = chooser.choose(
            candidate_features(full, len(title), countries, country_index().places)
        )
    else:
        chosen = []  # an analysis-trained chooser: decide() chooses after the analysis
    objects = _objects(object_scores, thresholds)
    return TagRecord(True, round(score, 4), objects, object_scores, (), (), tuple(chosen))
