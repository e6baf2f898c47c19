"""Extractor: text in, canonical entities and statements out.

One :class:`Extractor` loads the ontology, the gazetteer and the spaCy pipeline once and then
extracts any number of documents. A document is processed as a stream of paragraphs (bounded
memory for very large files); the per-document state (linked entities, salience memory for
pronouns, dedup keys) lives in local objects, never in module globals.
"""
from __future__ import annotations

import bisect
import dataclasses
from typing import Iterable, Iterator, Optional

from spacy.tokens import Doc

from extract.arguments import Resolver
from extract.coref import PERSON_TYPES, SalienceMemory
from extract.lexicon import COLLECTIVE_NOUNS, REPORTING_VERBS, Lexicon
from extract.mentions import DocumentEntities
from extract.nlp import build_nlp
from extract.parallel import parse
from extract.prepare import pieces
from extract.reader import ReadFailure, open_text
from extract.rules import RelationRules
from extract.statements import SentenceInfo, StatementBuilder
from extract.timeline import Timeline
from ontology.model import Ontology, load_ontology
from ontology.records import Document, ExtractionResult, document_id

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})


class Extractor:
    """Loads the spaCy pipeline, ontology and gazetteer once; extracts many documents."""

    def __init__(self, ontology: Optional[Ontology] = None, gazetteer=None, nlp=None,
                 batch_size: int = 64) -> None:
        self.ontology = ontology or load_ontology()
        if gazetteer is None:
            from ontology.gazetteer import load_gazetteer
            gazetteer = load_gazetteer()
        self.gazetteer = gazetteer
        self.lexicon = Lexicon.from_ontology(self.ontology)
        self.rules = RelationRules(self.ontology, self.lexicon)
        self.nlp = nlp or build_nlp(self.gazetteer.patterns())
        self.batch_size = batch_size

    def extract_text(self, text: str, name: str = "text.txt", path: str | None = None) -> ExtractionResult:
        """Extract from one in-memory document (same id, title, date and paragraphs as its file)."""
        try:
            opened = open_text(text, path or name)
        except ReadFailure as failure:
            document = Document(id=document_id(text), path=path or name, title="")
            return ExtractionResult(document=document, warnings=[str(failure.error)])
        return self.extract_paragraphs(opened.paragraphs(), opened.document)

    def extract_paragraphs(self, paragraphs: Iterable[tuple[int, str]], document: Document) -> ExtractionResult:
        """Extract from a stream of (character offset, paragraph text) pairs of one document.

        Offsets in the statements are offsets in the whole document, so callers can stream
        a very large file paragraph by paragraph in bounded memory.
        """
        run = _DocumentRun(self, document)
        stream = self._prepared(paragraphs)
        for doc, (offset, dateline) in self.nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
            run.add(doc, offset, dateline)
        return run.finish()

    def extract_documents(self, documents: Iterable[tuple[Document, Iterable[tuple[int, str]]]],
                          n_process: int = 1) -> Iterator[ExtractionResult]:
        """Extract many documents as one stream, results in input order.

        The parse (the costly part) runs in ``n_process`` processes; the rules run here, one
        document at a time, so memory stays bounded by the batch, not by the corpus.
        """
        order: list[Document] = []

        def stream():
            for index, (document, paragraphs) in enumerate(documents):
                order.append(document)
                emitted = False
                for text, (offset, dateline) in self._prepared(paragraphs):
                    emitted = True
                    yield text, (index, offset, dateline)
                if not emitted:
                    yield "", (index, 0, None)  # keeps an empty document in the output

        run: Optional[_DocumentRun] = None
        current = -1
        for doc, (index, offset, dateline) in parse(self.nlp, stream(), self.batch_size, n_process):
            if index != current:
                if run is not None:
                    yield run.finish()
                run, current = _DocumentRun(self, order[index]), index
            if doc.text:
                run.add(doc, offset, dateline)
        if run is not None:
            yield run.finish()

    @staticmethod
    def _prepared(paragraphs: Iterable[tuple[int, str]]):
        """(text for the parser, (offset, dateline year)): the text preparation stage."""
        return pieces(paragraphs)


class _DocumentRun:
    """The state of one document while its paragraphs go by: linked entities, salience
    memory, dedup keys, sentence count and the year used for dates without one."""

    def __init__(self, extractor: Extractor, document: Document) -> None:
        self.extractor = extractor
        self.document = document
        self.entities = DocumentEntities(extractor.gazetteer, extractor.lexicon)
        self.memory = SalienceMemory()
        self.builder = StatementBuilder(extractor.ontology, document.name, document.id, self.entities.canonical)
        self.year = _year(document.date)
        self.timeline = Timeline(document.date)
        self.sentence_no = 0

    def add(self, doc: Doc, offset: int, dateline: Optional[int]) -> None:
        """Link, resolve and extract one parsed paragraph at ``offset`` in the document."""
        if self.year is None:
            self.year = dateline
        self.timeline.paragraph()
        ex = self.extractor
        mentions = self.entities.link_doc(doc)
        sents = list(doc.sents)
        sentence_of = {}
        for k, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sentence_of[i] = self.sentence_no + k
        resolver = Resolver(doc, mentions, self.memory, ex.gazetteer, ex.lexicon, sentence_of, offset, self.year)
        by_sentence: dict[int, list] = {}
        for m in mentions:
            by_sentence.setdefault(sentence_of.get(m.start, self.sentence_no), []).append(m)
        for k, sent in enumerate(sents):
            number = self.sentence_no + k
            for m in by_sentence.get(number, ()):
                root = doc[m.start:m.end].root
                if not m.adjective:
                    rank = 1 if root.dep_ in OBJECT_DEPS else 2
                    self.memory.observe(m.entity, number, offset + doc[m.start].idx, root.dep_ in SUBJECT_DEPS, rank,
                                        embedded=_embedded(root))
                if m.entity.type in PERSON_TYPES:
                    for org in resolver.title_affiliations(m):
                        self.memory.observe_affiliation(m.entity, org)
            tokens = list(sent)
            _observe_groups(tokens, resolver, self.memory, number, offset, ex.lexicon.definite_heads)
            candidates = ex.rules.sentence(sent, resolver, tokens)
            text = sent.text
            stripped = text.strip()
            self.timeline.fallback_year = self.year
            context = self.timeline.context  # before this sentence's own dates move it
            times = self.timeline.sentence(stripped)  # every sentence: the anchor follows the text
            if candidates and stripped:
                lead = len(text) - len(text.lstrip())
                start = offset + sent.start_char + lead
                info = SentenceInfo(text=stripped, start=start, end=start + len(stripped),
                                    mentions=times, reported=self.timeline.reported, context=context)
                for st in self.builder.build(candidates, sent, info, resolver):
                    # A standing relation (tkg:standing) is no act a later "the move" could name, unless a verb told it.
                    pred = ex.ontology.predicates.get(st.predicate)
                    acted = pred is None or not pred.standing or st.rule.startswith("verb:")
                    if acted and st.modality in ("asserted", "intended"):
                        self.memory.observe_act(st.subject, number, start, st.predicate)
            _observe_pronoun_subjects(tokens, resolver, self.memory, number, offset)
            _observe_speakers(tokens, resolver, self.memory, number, offset)
            _observe_deeds(tokens, resolver, self.memory, number, offset, ex.lexicon.actor_types)
            for found in times:  # the year for later dates without one: the last full date stated
                if found.kind == "stated" and len(found.past) > 4:
                    self.year = int(found.past[:4])
        self.sentence_no += len(sents)

    def finish(self) -> ExtractionResult:
        statements = self.builder.finish()
        if self.document.pages:  # a paged document (PDF): each statement says its page
            pages = self.document.pages
            statements = [dataclasses.replace(st, page=bisect.bisect_right(pages, st.start) or 1)
                          for st in statements]
        used = {e.id for st in statements for e in (st.subject, st.object, st.attributed_to) if e}
        canonical = [self.entities.canonical(e) for e in self.entities.entities.values()]
        unique = {e.id: e for e in canonical if e.source == "gazetteer" or e.id in used or e.type == "Person"}
        return ExtractionResult(document=self.document, entities=list(unique.values()), statements=statements)


#: Dependencies of clauses below the main one: reported speech, adverbial and relative clauses.
_SUBORDINATE = frozenset(("ccomp", "advcl", "relcl", "acl", "csubj", "xcomp"))


def _embedded(token) -> bool:
    """Whether ``token`` sits in a clause below the sentence's main clause ("It was clear that
    Russia would ..." has no main-clause referent: its clause is not below one)."""
    below = False
    while token.head.i != token.i:
        below = below or token.dep_ in _SUBORDINATE
        token = token.head
    return below and not any(c.dep_ in ("nsubj", "expl") and c.lower_ in ("it", "there") for c in token.children)


def _observe_groups(tokens, resolver: Resolver, memory: SalienceMemory, number: int, offset: int,
                    heads=frozenset()) -> None:
    """Coordinations of names ("Finland and Sweden", "Finnish and Swedish") and plural
    collectives ("Finnish officials", "the leaders of Finland and Sweden") for later "they",
    "both sides" and "these nations"."""
    for token in tokens:
        if token.dep_ in ("nsubj", "nsubjpass") and token.tag_ == "NN" and resolver.mention(token) is None \
                and token.lemma_.lower() in heads:
            # A description as subject keeps its referent salient, for a pronoun later in the
            # same sentence too ("The pact expires in May unless Chile extends it").
            refs = resolver.refs(token)
            if refs and refs[0].via == "definite" and refs[0].candidates:
                memory.observe(refs[0].candidates[0], number, offset + token.idx, subject=True, rank=0)
            continue
        if token.tag_ in ("NNS", "NNPS") and resolver.mention(token) is None \
                and (token.lemma_.lower() in COLLECTIVE_NOUNS or token.lemma_.lower() in heads) \
                and not (token.dep_ == "conj" and resolver.mention(token.head) is not None):
            refs = [r for r in resolver.refs(token) if r.via in ("collective", "definite") and r.candidates]
            entities = tuple(dict.fromkeys(r.candidates[0] for r in refs))
            if entities:
                memory.observe_group(entities, number, offset + token.idx, token.lemma_.lower())
            continue
        if token.dep_ == "conj" or resolver.mention(token) is None or not token.conjuncts:
            continue
        group = [resolver.mention(t) for t in (token, *token.conjuncts)]
        names = [m for m in group if m is not None]
        if not all(m.adjective for m in names):
            names = [m for m in names if not m.adjective]
        entities = tuple(dict.fromkeys(m.entity for m in names))
        # "Canada and the four countries": a described conjunct adds its referents.
        described = tuple(r.candidates[0] for t in token.conjuncts if resolver.mention(t) is None
                          and t.pos_ == "NOUN" for r in resolver.refs(t) if r.via == "definite" and r.candidates)
        entities = tuple(dict.fromkeys(entities + described))
        if len(entities) >= 2:
            memory.observe_group(entities, number, offset + token.idx)


def _observe_deeds(tokens, resolver: Resolver, memory: SalienceMemory, number: int, offset: int,
                   actor_types: frozenset[str]) -> None:
    """The actor of every verb told ("Peru tested a missile") and of every deed noun its owner
    names ("Peru's missile test"), for "the test" later."""
    for token in tokens:
        if token.pos_ == "NOUN" and token.dep_ != "poss":
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            m = resolver.mention(owner) if owner is not None else None
            if m is not None and m.entity.type in actor_types:
                memory.observe_deed(m.entity, number, offset + token.idx, token.lemma_.lower())
            continue
        if token.pos_ != "VERB" or token.lemma_.lower() in REPORTING_VERBS:
            continue
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        actor = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None \
            else next((c for c in token.children if c.dep_ == "nsubj"), None)
        refs = resolver.refs(actor) if actor is not None else []
        for ref in refs[:1]:
            if ref.candidates and ref.candidates[0].type in actor_types:
                memory.observe_deed(ref.candidates[0], number, offset + token.idx, token.lemma_.lower())


def _observe_pronoun_subjects(tokens, resolver: Resolver, memory: SalienceMemory, number: int,
                              offset: int) -> None:
    """A resolved subject pronoun keeps its antecedent salient ("Russia ... It ... It ...")."""
    for token in tokens:
        if token.dep_ == "nsubj" and token.tag_ == "PRP" and token.lower_ in ("it", "he", "she"):
            refs = resolver.refs(token)
            if refs and refs[0].candidates:
                memory.observe(refs[0].candidates[0], number, offset + token.idx, subject=True)


def _observe_speakers(tokens, resolver: Resolver, memory: SalienceMemory, number: int, offset: int) -> None:
    """Who spoke in the sentence (the subject of a reporting verb outside any quotation), for a
    later quotation with no reporting verb of its own ('"We will ..."' opening a paragraph)."""
    for token in tokens:
        if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTING_VERBS:
            continue
        for child in token.children:
            if child.dep_ == "nsubj" and resolver.quotes.span_of(child.i) is None:
                for ref in resolver.speaker_refs(child)[:1]:
                    entity = ref.bind(resolver.lexicon.actor_types)
                    if entity is not None:
                        memory.observe_speaker(entity, number, offset + token.idx)


def _year(date: Optional[str]) -> Optional[int]:
    if date and date[:4].isdigit():
        return int(date[:4])
    return None


def extract(text: str, name: str = "text.txt") -> ExtractionResult:
    """One call from text to entities and statements (loads a default Extractor)."""
    return Extractor().extract_text(text, name=name)
