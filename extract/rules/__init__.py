"""The extractor's dependency-parse rules, one module per rule family, so a family can be read,
tested and added on its own.

Each family finds triggers of the ontology's lexicon in a sentence and proposes
:class:`Candidate` relations whose arguments are still :class:`~extract.arguments.Ref` objects;
binding them to entities, modality and attribution happen in :mod:`extract.statements`. A family
module registers its class (:func:`register`); :class:`RelationRules` runs the registered
families over a sentence: the token families on every word token in registration order, then the
sentence families. The imports below fix that order (it decides which of two equal candidates the
binder keeps): to add a family, write its module and add it here.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from extract import lexicon as lx
from extract.arguments import Resolver
from extract.rules.candidate import Candidate
from extract.rules.registry import FAMILIES, Family, families, register
from ontology.model import Ontology

# Token families, in run order, then sentence families (registration happens on import).
from extract.rules import verb, antonym, converse, reported, adverb, noun, adjective  # noqa: E402,F401
from extract.rules import title, hyphen, modifier, members, reaction  # noqa: E402,F401

__all__ = ["Candidate", "FAMILIES", "Family", "RelationRules", "families", "register"]


class RelationRules:
    """The registered rule families over one sentence at a time."""

    def __init__(self, ontology: Ontology, lexicon: lx.Lexicon) -> None:
        self.ontology = ontology
        self.lexicon = lexicon
        built = [(family, family.factory(ontology, lexicon)) for family in families()]
        self.token_families = [rules for family, rules in built if family.scope == "token"]
        self.sentence_families = [rules for family, rules in built if family.scope == "sentence"]

    def sentence(self, sent: Span, res: Resolver, tokens: Optional[list[Token]] = None) -> list[Candidate]:
        """Candidates of one sentence; ``tokens`` (the sentence's tokens) may be passed to save work."""
        out: list[Candidate] = []
        tokens = tokens if tokens is not None else list(sent)
        for token in tokens:
            if token.is_space or token.is_punct:
                continue
            lemma = token.lemma_.lower()
            for rules in self.token_families:
                out.extend(rules.token(token, lemma, res))
        for rules in self.sentence_families:
            out.extend(rules.sentence(sent, res, tokens))
        return out
