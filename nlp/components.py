"""The AICT tagger's spaCy pipeline: a staging tokenizer and the ``aict_*`` components.

Production runs ``nlp.pipe`` over this pipeline (:class:`nlp.pipeline.Tagger` is a thin driver);
each step runs only on the documents it concerns, so most texts cost a prefilter and nothing else:

- tokenizer ``aict_staging_tokenizer.v1`` (:class:`StagingTokenizer`): empty texts, texts without
  any AICT term (the prefilter, on the raw string) and texts not in French become empty Docs
  with ``doc._.aict_reason`` and are never tokenised; candidates are tokenised by spaCy's French
  tokenizer (built on the first candidate).
- ``aict_prefilter``: the same prefilter for Docs the staging tokenizer did not make.
- ``aict_classifier``: scores candidates in batches (``doc.cats``: AICT and the eight objects).
- ``aict_entities``: on *plausible* candidates (AICT score at least 0.3 × its threshold, or an
  unambiguous instrument named): :func:`nlp.decision.analyse` — the key sentences, country
  mentions and typed actors with their roles (fr_core_news_md's parser on the key sentences).
- ``aict_decide``: ``doc._.aict``, the :class:`~nlp.record.TagRecord`, through
  :func:`decide_record` (:func:`nlp.decision.decide`: actors decide) for plausible candidates.
- ``aict_ner``: fr_core_news_md's ``ner`` (the same loaded model as the parser,
  :func:`nlp.syntax.french_model`), run on AICT docs only: their entities and foreign partners.

Input: a plain string is a text without title; :class:`TitledText` carries a title
(``f"{title}\\n\\n{text}"`` plus the title's length), so components see title and text apart.
Heavy modules (scikit-learn, py3langid, spaCy's French tokenizer exceptions, the NER model)
load on first use: a stream of non-candidates never loads them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

import spacy
from spacy.language import BaseDefaults, Language
from spacy.tokens import Doc
from spacy.util import filter_spans, minibatch
from thinc.api import Config

from models.taxonomy import OBJECT_IDS
from nlp import rules
from nlp.focus import paragraphs
from nlp.gazetteer import collectivite_index, country_index
from nlp.partners import find_partners
from nlp.record import Actor, TagRecord
from nlp.text import AICT_LABEL, fold

if TYPE_CHECKING:
    from spacy.pipeline import TrainablePipe
    from spacy.tokenizer import Tokenizer

    from nlp.actors import RoleReader
    from nlp.countries import CountryRelevance

EMPTY_TEXT = "empty text"
NO_AICT_TERM = "no AICT term"
#: Below this many letters a language guess is noise: short texts are taken as French.
MIN_LETTERS_FOR_LANGUAGE = 60
#: fr_core_news_md components the partner NER does not need.
NER_UNUSED = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"]

for _name, _default in (
    ("aict_staged", False),  # made by the staging tokenizer
    ("aict_candidate", False),  # passed the prefilter (and, when staged, the language check)
    ("aict_reason", None),  # why the text was skipped
    ("aict_title", ""),
    ("aict_text_start", 0),  # where the text (after the title) starts in doc.text
    ("aict_raw", None),  # doc.text as the staging tokenizer received it (doc.text rebuilds it)
    ("aict_plausible", None),  # set by aict_entities on candidates
    ("aict_countries", None),
    ("aict_analysis", None),
    ("aict_actors", None),
    ("aict_partners", None),
    ("aict", None),  # the TagRecord
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class TitledText(str):
    """A titled text as pipeline input: ``f"{title}\\n\\n{text}"`` remembering the title length.

    ``nlp.pipe`` hands strings to the tokenizer untouched, so the staging tokenizer reads
    :attr:`title_length` and records title and text on the Doc.
    """

    title_length: int

    def __new__(cls, title: str, text: str) -> TitledText:
        obj = super().__new__(cls, f"{title}\n\n{text}")
        obj.title_length = len(title)
        return obj

    # Pickling calls __new__(title, text): two arguments where str's signature has one.
    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        whole = str(self)
        return whole[: self.title_length], whole[self.title_length + 2 :]


def title_and_text(doc: Doc) -> tuple[str, str]:
    """The title and the text of a Doc (a Doc not made from a :class:`TitledText` has no title).

    The staging tokenizer keeps the string it tokenised: ``doc.text`` joins every token again
    on each call (0.2 s a pass of the tagging benchmark, called by several components)."""
    raw = doc._.aict_raw
    whole = raw if raw is not None else doc.text
    return doc._.aict_title, whole[doc._.aict_text_start :]


def wants_scores(doc: Doc) -> bool:
    """Whether a Doc is a candidate still in the running (not skipped)."""
    return bool(doc._.aict_candidate) and doc._.aict_reason is None


def language_reason(title: str, text: str) -> str | None:
    """Why a text is not worth tagging (empty, no words, not French), or None."""
    body = f"{title}\n{text}".strip()
    if not body:
        return EMPTY_TEXT
    letters = sum(ch.isalpha() for ch in body)
    if letters == 0:
        return "no words"
    if letters >= MIN_LETTERS_FOR_LANGUAGE:
        from nlp.startcache import language_identifier  # only candidates need its model

        lang, _ = language_identifier().classify(body[:5000])
        if lang != "fr":
            return f"not French (detected: {lang})"
    return None


def segments(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at paragraph breaks if possible."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start + limit // 2, end)
            end = cut if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


# --- the staging tokenizer ------------------------------------------------------------------


class StagingTokenizer:
    """The pipeline's tokenizer: stages texts on the raw string before tokenising anything.

    Empty, prefilter-failing and non-French texts become an empty Doc (no tokens: a one-token
    Doc would intern each skipped text whole into the vocabulary, which then grows with the
    stream) carrying ``doc._.aict_reason``; candidates are tokenised in full by spaCy's French
    tokenizer, built on the first candidate (importing its exceptions takes ~2.5 s).
    """

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        #: The candidate test on folded text (``rules.is_candidate``); replaceable for benchmarks.
        self.prefilter: Callable[[str], bool] = rules.is_candidate
        self._french: Tokenizer | None = None

    @property
    def french(self) -> Tokenizer:
        """spaCy's French tokenizer on this vocabulary (built on first use)."""
        if self._french is None:
            from nlp.startcache import warm_french

            warm_french()  # spaCy's French token_match from the start cache (2 s otherwise)
            from spacy.lang.fr import French
            from spacy.language import create_tokenizer

            make = create_tokenizer()
            # The factory is typed for a Language; it reads only .vocab and .Defaults.
            self._french = make(SimpleNamespace(vocab=self.vocab, Defaults=French.Defaults))  # type: ignore[arg-type]
        return self._french

    def stage(self, title: str, text: str) -> str | None:
        """Why the text is skipped, or None for a candidate."""
        if not f"{title}{text}".strip():
            return EMPTY_TEXT
        if not self.prefilter(fold(f"{title}\n{text}")):
            return NO_AICT_TERM
        return language_reason(title, text)

    def __call__(self, text: str) -> Doc:
        title_length = getattr(text, "title_length", None)
        whole = str(text)
        if title_length is None:
            title, start = "", 0
        else:
            title, start = whole[:title_length], title_length + 2
        reason = self.stage(title, whole[start:])
        doc: Doc = Doc(self.vocab) if reason else self.french(whole)
        doc._.aict_staged = True
        doc._.aict_title = title
        doc._.aict_text_start = start if not reason else 0
        doc._.aict_reason = reason
        doc._.aict_candidate = reason is None
        if not reason:
            doc._.aict_raw = whole  # the French tokenizer keeps every character: doc.text == whole
        return doc

    def full(self, text: str) -> Doc:
        """``text`` tokenised without staging."""
        doc: Doc = self.french(text)
        return doc


# catalogue's registry decorators are untyped: the factory keeps its own signature.
@spacy.registry.tokenizers("aict_staging_tokenizer.v1")  # type: ignore[untyped-decorator]
def create_staging_tokenizer() -> Callable[[Language], StagingTokenizer]:
    def make(nlp: Language) -> StagingTokenizer:
        return StagingTokenizer(nlp.vocab)

    return make


class AictFrenchDefaults(BaseDefaults):
    config = Config({"nlp": {"tokenizer": {"@tokenizers": "aict_staging_tokenizer.v1"}}})


class AictFrench(Language):
    """French for the tagger: the staging tokenizer in front, spaCy's French rules behind it.

    Not ``spacy.blank("fr")``: importing ``spacy.lang.fr`` compiles thousands of tokenizer
    exceptions (~2.5 s), which only candidates need.
    """

    lang = "fr"
    Defaults = AictFrenchDefaults


# --- components -----------------------------------------------------------------------------


@Language.factory("aict_prefilter")
def make_prefilter(nlp: Language, name: str) -> AictPrefilter:
    return AictPrefilter()


class AictPrefilter:
    """Marks Docs that may be about AICT (``doc._.aict_candidate``), for Docs the staging
    tokenizer did not make (it has already staged its own)."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.aict_staged:
            return doc
        text = f"{doc._.aict_title}\n{doc.text}"
        doc._.aict_candidate = rules.is_candidate(fold(text))
        if not doc._.aict_candidate and doc._.aict_reason is None:
            doc._.aict_reason = NO_AICT_TERM
        return doc


@Language.factory("aict_classifier", default_config={"model_dir": None})
def make_classifier(nlp: Language, name: str, model_dir: str | None) -> AictClassifier:
    return AictClassifier(Path(model_dir) if model_dir else None)


class AictClassifier:
    """Scores AICT and the eight objects of candidates with :class:`LinearTextClassifier`
    (loaded with scikit-learn on the first candidate)."""

    def __init__(self, model_dir: Path | None) -> None:
        self.model_dir = model_dir
        self._model: Any = None

    # Not named ``model``: spaCy probes components for a ``model`` attribute (its
    # ListenedToComponent protocol) when the pipeline is built, which would load it.
    @property
    def linear(self) -> Any:
        if self._model is None and self.model_dir is not None:
            from nlp.classifier import LinearTextClassifier

            self._model = LinearTextClassifier.load(self.model_dir)
        return self._model

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self._score(batch)

    def _score(self, docs: list[Doc]) -> list[Doc]:
        todo = [doc for doc in docs if wants_scores(doc)]
        if not todo:
            return docs
        if self.linear is None:
            raise ValueError(
                "aict_classifier has no model: set components.aict_classifier.model_dir"
            )
        model = self.linear
        probs = model.predict_proba([model.prepare(*title_and_text(d)) for d in todo])
        for doc, row in zip(todo, probs, strict=True):
            doc.cats = {label: float(p) for label, p in zip(self.linear.labels, row, strict=True)}
        return docs


def _thresholds(
    thresholds_file: str | None, given: dict[str, float] | None = None
) -> dict[str, float]:
    values = {label: 0.5 for label in (AICT_LABEL, *OBJECT_IDS)}
    values.update(given or {})
    if thresholds_file:
        values.update(json.loads(Path(thresholds_file).read_text(encoding="utf-8")))
    return values


@Language.factory(
    "aict_entities",
    default_config={
        "thresholds_file": None,
        "plausible_share": 0.3,
        "parser": "fr_core_news_md",
        "together": False,
        "lead": True,
    },
)
def make_entities(
    nlp: Language,
    name: str,
    thresholds_file: str | None,
    plausible_share: float,
    parser: str | None,
    together: bool,
    lead: bool,
) -> AictEntities:
    return AictEntities(
        plausible_share * _thresholds(thresholds_file)[AICT_LABEL],
        parser,
        together=together,
        lead=lead,
    )


class AictEntities:
    """Country and collectivité mentions (title included) of plausible candidates.

    A candidate is plausible when its AICT score reaches ``min_score`` (0.3 × the AICT threshold)
    or it names an unambiguous instrument (``resources/strong_terms.yaml``); the others skip
    the gazetteers and the decision (``doc._.aict_plausible`` is False).

    ``doc._.aict_analysis`` gives the text's :func:`nlp.decision.analyse`. With ``together``
    (a decision that reads every plausible candidate's actors: the stacked models) the
    plausible candidates of a batch are analysed at once and their key sentences parsed in one
    pass (a third less time than one parse per text); otherwise each is analysed when the
    decision first asks (the issue-4 decision asks only for AICT texts).
    """

    def __init__(
        self,
        min_score: float = 0.0,
        parser: str | None = None,
        *,
        together: bool = False,
        lead: bool = True,
    ) -> None:
        self.min_score = min_score
        self.parser = parser
        self.together = together
        #: The lead of a cued title is a key sentence (:func:`nlp.decision.prepare`); the
        #: issue-4 decision keeps the key sentences its floors were pinned with (no lead).
        self.lead = lead

    def analysis(self, title: str, text: str) -> Callable[[], Any]:
        """The text's analysis, made when the decision first asks."""
        made: list[Any] = []

        def make() -> Any:
            if not made:
                from nlp.decision import analyse
                from nlp.syntax import parser

                parse = parser(self.parser) if self.parser else None
                made.append(analyse(title, text, parse, lead=self.lead))
            return made[0]

        return make

    def __call__(self, doc: Doc) -> Doc:
        if not wants_scores(doc):
            return doc
        title, text = title_and_text(doc)
        full = f"{title}\n\n{text}"
        score = doc.cats.get(AICT_LABEL, 0.0)
        doc._.aict_plausible = score >= self.min_score or rules.plausible_whatever_the_score(
            fold(full)
        )
        if doc._.aict_plausible:
            doc._.aict_analysis = self.analysis(title, text)
            # The partner extractor reads the issue-4 mentions (countries by name, collectivités).
            doc._.aict_countries = country_index().find(full)
            doc._.aict_actors = collectivite_index().find(full)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            for doc in batch:
                self(doc)
            if self.together:
                self._analyse_together([doc for doc in batch if doc._.aict_plausible])
            yield from batch

    def _analyse_together(self, docs: list[Doc]) -> None:
        """Analyse ``docs`` with one parse of all their key sentences."""
        if not docs:
            return
        from nlp.decision import complete, prepare

        drafts = [prepare(*title_and_text(doc), self.parser is not None, self.lead) for doc in docs]
        sentences = [sentence for draft in drafts for sentence in draft.sentences]
        readers = iter(self._parse(sentences) if sentences else [])
        for doc, draft in zip(docs, drafts, strict=True):
            analysis = complete(draft, [next(readers) for _ in draft.sentences])
            doc._.aict_analysis = lambda analysis=analysis: analysis

    def _parse(self, sentences: list[str]) -> list[RoleReader]:
        from nlp.syntax import parser

        assert self.parser is not None  # sentences to parse exist only with a parser
        return parser(self.parser)(sentences)


@Language.factory(
    "aict_decide",
    default_config={
        "thresholds": {},
        "thresholds_file": None,
        "countries_file": None,
        "stacker_file": None,
        "borrowed_model_dir": None,
        "borrowed_labels": [],
    },
)
def make_decide(
    nlp: Language,
    name: str,
    thresholds: dict[str, float],
    thresholds_file: str | None,
    countries_file: str | None,
    stacker_file: str | None,
    borrowed_model_dir: str | None,
    borrowed_labels: list[str],
) -> AictDecide:
    borrowed = None
    if borrowed_model_dir and borrowed_labels:
        borrowed = BorrowedObjects(Path(borrowed_model_dir), tuple(borrowed_labels))
    return AictDecide(
        _thresholds(thresholds_file, thresholds),
        countries_file=Path(countries_file) if countries_file else None,
        stacker_file=Path(stacker_file) if stacker_file else None,
        borrowed=borrowed,
    )


class BorrowedObjects:
    """Object labels decided by another model's classifier and thresholds (a combined model,
    nlp.modelspec): its classifier (loaded on the first AICT text) scores the text in its own
    view, and its thresholds pick those labels."""

    def __init__(self, model_dir: Path, labels: tuple[str, ...]) -> None:
        unknown = set(labels) - set(OBJECT_IDS)
        if unknown:
            raise ValueError(f"borrowed_labels: unknown object ids {sorted(unknown)}")
        self.model_dir = model_dir
        self.labels = labels
        self.thresholds = {
            label: value
            for label, value in _thresholds(str(model_dir / "thresholds.json")).items()
            if label in labels
        }
        self._classifier = AictClassifier(model_dir / "classifier")

    def scores(self, title: str, text: str) -> dict[str, float]:
        """The borrowed labels' probabilities for one text."""
        model = self._classifier.linear
        row = model.predict_proba([model.prepare(title, text)])[0]
        probabilities = dict(zip(model.labels, row, strict=True))
        return {label: float(probabilities[label]) for label in self.labels}


class AictDecide:
    """The tag record of every Doc (``doc._.aict``): empty with a reason for skipped texts,
    scores only for candidates that are not plausible, :func:`decide_record` for the others."""

    def __init__(
        self,
        thresholds: dict[str, float],
        chooser: CountryRelevance | None = None,
        *,
        countries_file: Path | None = None,
        stacker_file: Path | None = None,
        borrowed: BorrowedObjects | None = None,
    ) -> None:
        self.thresholds = {label: 0.5 for label in (AICT_LABEL, *OBJECT_IDS)}
        self.thresholds.update(thresholds)
        self._chooser = chooser
        self.countries_file = countries_file
        self.stacker_file = stacker_file
        self.borrowed = borrowed
        #: The thresholds a combined model's AICT records are chosen again with: the borrowed
        #: labels' from their own model, the others' from the deciding one.
        self.borrowed_thresholds = {**self.thresholds, **(borrowed.thresholds if borrowed else {})}
        self._stacker: Any = None

    @property
    def stacker(self) -> Any:
        """The actor-aware decision (``nlp/model/stacker.json``), loaded on first use; a model
        without one (the issue-4 model) decides the classic way (nlp.decision.decide)."""
        if self._stacker is None and self.stacker_file is not None and self.stacker_file.exists():
            from nlp.decision import Stacker

            self._stacker = Stacker.load(self.stacker_file)
        return self._stacker

    @property
    def chooser(self) -> CountryRelevance | None:
        """The partner-country chooser (``nlp/model/countries.json``), loaded on first use."""
        if self._chooser is None and self.countries_file is not None:
            from nlp.countries import CountryRelevance

            self._chooser = CountryRelevance.load(self.countries_file)
        return self._chooser

    def __call__(self, doc: Doc) -> Doc:
        doc._.aict = self.record(doc)
        return doc

    def record(self, doc: Doc) -> TagRecord:
        if not wants_scores(doc):
            return TagRecord.empty(doc._.aict_reason)
        if doc._.aict_plausible is False:
            from nlp.decision import mentioned_actors

            return scores_only(doc.cats, mentioned_actors(*title_and_text(doc)))
        title, text = title_and_text(doc)
        record = decide_record(
            doc.cats, title, text, self.thresholds, self.chooser, doc._.aict_analysis, self.stacker
        )
        if self.borrowed is None or not record.is_aict:
            return record
        from nlp.decision import with_borrowed_objects

        return with_borrowed_objects(
            record, self.borrowed.scores(title, text), self.borrowed_thresholds
        )


def scores_only(cats: dict[str, float], actors: tuple[Actor, ...] = ()) -> TagRecord:
    """The record of a candidate the classifier finds implausible: not AICT, with its scores
    and the actors it names (typed, merely mentioned)."""
    return TagRecord(
        False,
        round(float(cats.get(AICT_LABEL, 0.0)), 4),
        (),
        {o: round(float(cats.get(o, 0.0)), 4) for o in OBJECT_IDS},
        actors,
        (),
        (),
    )


def decide_record(
    cats: dict[str, float],
    title: str,
    text: str,
    thresholds: dict[str, float],
    chooser: CountryRelevance | None = None,
    analysis: Any = None,
    stacker: Any = None,
) -> TagRecord:
    """THE decision: classifier scores and the text's analysis (key sentences, countries, typed
    actors with roles) → the tag record (partners excluded), by :func:`nlp.decision.decide`.

    ``aict_decide`` calls it for every plausible candidate with the (lazy) analysis of
    ``aict_entities``; without one the text is analysed here without a parser.
    """
    from nlp.decision import decide

    return decide(cats, title, text, thresholds, stacker, chooser, analysis)


@Language.factory("aict_ner", default_config={"model": "fr_core_news_md"})
def make_ner(nlp: Language, name: str, model: str | None) -> AictNer:
    return AictNer(nlp, model)


class AictNer:
    """``model``'s ``ner`` (fr_core_news_md) on AICT Docs only: entities and foreign partners.

    The model loads on the first AICT Doc (its vectors, tokenizer and ``ner``; ~2 s after the
    French tokenizer). It reads the title and the paragraphs that hold the text's key sentences
    (:meth:`regions`), the AICT Docs of a batch in one pass, on its own Docs, in its own
    vocabulary (the ``ner`` reads the model's static vectors); the entities are then copied
    onto the pipeline's Doc. Without a model (``model: null``),
    partners come from the cue patterns of :mod:`nlp.partners` alone.
    """

    def __init__(self, nlp: Language, model: str | None) -> None:
        self.nlp = nlp
        self.model_name = model
        self._model: Language | None = None

    # Not named ``model`` (see AictClassifier.linear): building the pipeline must not load it.
    @property
    def french(self) -> Language | None:
        if self._model is None and self.model_name:
            from nlp.syntax import french_model

            self._model = french_model(self.model_name)
        return self._model

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """The AICT Docs of each batch read together: one ``ner`` pass over all their regions."""
        for batch in minibatch(docs, size=batch_size):
            wanted = [doc for doc in batch if doc._.aict is not None and doc._.aict.is_aict]
            regions = [self.regions(doc) for doc in wanted]
            parts = iter(self._recognise([text for found in regions for _, text in found]))
            for doc, found in zip(wanted, regions, strict=True):
                self._assign(doc, [(at, next(parts)) for at, _ in found])
            yield from batch

    def regions(self, doc: Doc) -> list[tuple[int, str]]:
        """``(offset, text)`` of what the NER reads in ``f"{title}\\n\\n{text}"``: the title and
        the paragraphs that hold the key sentences. A partner is a place the international act
        involves; a town or region named elsewhere in a long article (where the reporter went on
        holiday, the club's last away match) is not one, and the NER over a whole 1,000-word
        article cost more than the rest of the tagging. A Doc without analysis is read whole."""
        title, text = title_and_text(doc)
        full = f"{title}\n\n{text}"
        analysis = doc._.aict_analysis() if doc._.aict_analysis is not None else None
        if analysis is None:
            out, at = [], 0
            for piece in segments(full, self.nlp.max_length):
                out.append((at, piece))
                at += len(piece)
            return out
        keys = analysis.international
        return [
            (span.start, full[span.start : span.end])
            for span in paragraphs(full)
            if any(key.start < span.end and span.start < key.end for key in keys)
        ]

    def _assign(self, doc: Doc, parts: list[tuple[int, Doc]]) -> None:
        record: TagRecord = doc._.aict
        title, text = title_and_text(doc)
        countries = doc._.aict_countries
        actors = doc._.aict_actors
        if countries is None or actors is None:
            full = f"{title}\n\n{text}"
            countries, actors = country_index().find(full), collectivite_index().find(full)
        names: list[str] = []
        entities: list[tuple[int, int, str]] = []
        for at, part in parts:
            for name in find_partners(part, countries, actors):
                if name not in names:
                    names.append(name)
            entities += [(at + e.start_char, at + e.end_char, e.label_) for e in part.ents]
        # doc.text is `full` for a titled input, the bare text (no "\n\n") for a plain string.
        self._copy_entities(doc, entities, doc._.aict_text_start - len(title) - 2)
        doc._.aict_partners = names
        doc._.aict = replace(record, partners=tuple(names))

    def _recognise(self, texts: list[str]) -> list[Doc]:
        if not texts:  # a batch without AICT Docs must not load the model
            return []
        model = self.french
        if model is None:
            tokenizer = self.nlp.tokenizer
            full = getattr(tokenizer, "full", tokenizer)
            return [full(text) for text in texts]
        ner = cast("TrainablePipe", model.get_pipe("ner"))
        return list(ner.pipe(model.tokenizer(text) for text in texts))

    @staticmethod
    def _copy_entities(doc: Doc, entities: list[tuple[int, int, str]], shift: int) -> None:
        spans = []
        for start, end, label in entities:
            if start + shift < 0:
                continue
            span = doc.char_span(start + shift, end + shift, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
