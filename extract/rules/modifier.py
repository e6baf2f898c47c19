"""The ``modifier`` family: actors named in the noun phrase of an entity whose class has a
``tkg:modifierPredicate`` ("US-Polish exercise", "the Chile-Peru accord") or acting "under" it
stand in that relation to it."""
from __future__ import annotations

from spacy.tokens import Span, Token

from extract.arguments import Ref, Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.helpers import _child, _is_passive, _mentions_of
from extract.rules.registry import register


@register("modifier", kinds=("modifier_predicates",), scope="sentence")
class ModifierRules(RuleFamily):
    """Class modifiers of events and treaties in a sentence."""

    def sentence(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        return self._event_modifiers(sent, res, tokens)

    def _event_modifiers(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "US-Polish exercise Allied Spirit", "Turkey's Operation Peace Spring", "the Chile-Peru
        accord", "the treaty between Chile and Peru": actors named in the noun phrase of an entity
        whose class has a ``tkg:modifierPredicate`` stand in that relation to it (take part in
        an event, are parties to a treaty)."""
        out = []
        for cls, predicate in self.lexicon.modifier_predicates.items():
            if predicate not in self.ontology.predicates:
                continue
            out.extend(self._class_modifiers(sent, res, tokens, cls, predicate))
        out.extend(self._acting_under(res, tokens))
        return out

    def _acting_under(self, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "Under the accord, Chile will cut tariffs": who acts under a treaty (or within an
        operation) stands in the class's modifier relation to it (party to it, takes part in it)."""
        out = []
        for prep in tokens:
            if prep.lower_ != "under" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
                continue
            pobj = _child(prep, "pobj")
            if pobj is None:
                continue
            for ref in res.refs(pobj):
                predicate = self.lexicon.modifier_predicates.get(ref.candidates[0].type) if ref.candidates else None
                if predicate is None or predicate not in self.ontology.predicates:
                    continue
                verb = prep.head
                subjects = self._verb_subjects(verb, _is_passive(verb), res)
                if subjects:
                    out.append(Candidate(predicate, subjects, [ref], prep, "modifier:under", 0.65, nominal=True,
                                         descriptive=True))
        return out

    def _class_modifiers(self, sent: Span, res: Resolver, tokens: list[Token], cls: str,
                         predicate: str) -> list[Candidate]:
        out = []
        doc = sent.doc
        for m, root in _mentions_of(tokens, res, cls):
            actors: list[Ref] = []
            seen: set[str] = set()

            def add(tok: Token) -> None:
                am = res.mention(tok)
                if am is not None and am.entity.type in self.lexicon.actor_types and am.entity.id not in seen:
                    seen.add(am.entity.id)
                    actors.append(Ref((am.entity,), "mention", tok.i))

            # Walk left through the noun phrase before the name ("the US-Polish exercise").
            i = m.start - 1
            while i >= max(sent.start, m.start - 8):
                tok = doc[i]
                if not (tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or tok.tag_ in ("POS", "HYPH")
                        or tok.text in ("-", "–", "'", "‘", "’")):
                    break
                add(tok)
                i -= 1
            for tok in _apposed_description(root):
                add(tok)
            adjectives = [r for r in actors if doc[r.token].tag_ != "POS" and doc[r.token].dep_ != "poss"]
            parties: list[Ref] = []
            for child in root.children:
                # "the accord between Chile and Peru", "its treaty with Peru": the named parties.
                if child.dep_ == "prep" and child.lower_ in ("between", "with") and child.i >= m.end:
                    pobj = _child(child, "pobj")
                    parties.extend(r for r in res.refs(pobj) if r.via in ("mention", "adjective")
                                   and r.candidates[0].type in self.lexicon.actor_types
                                   and r.candidates[0].id not in seen)
            if actors or parties:
                entity = Ref((m.entity,), "mention", root.i)
                subjects = (adjectives or actors) + parties
                out.append(Candidate(predicate, subjects, [entity], root, f"modifier:{cls.lower()}", 0.7,
                                     nominal=True))
        return out


def _apposed_description(root: Token) -> list[Token]:
    """The modifiers of a common noun apposed to a name: "Allied Spirit, a U.S.-Polish exercise"."""
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i > root.i:
            return [t for t in child.subtree if t.i < child.i]
    return []
