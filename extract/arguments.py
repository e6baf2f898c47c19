"""From a token of the parse to the entities it refers to.

A subject or object found by a rule is a token: a name ("Japan, South Korea and Australia"),
a pronoun ("it"), a definite description ("the alliance"), a collective noun ("Russian
officials", "the forces of Germany", "U.S. allies in NATO") or an event noun owned by an actor
("the U.S. withdrawal"). :class:`Resolver` turns it into :class:`Ref` objects, one per
coordinated conjunct, each with its candidate entities best first.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from spacy.tokens import Doc, Token

from extract import lexicon as lx
from extract.coref import SalienceMemory
from extract.mentions import Mention
from ontology.records import Entity

#: First-person pronouns: in a quote they are the speaker.
FIRST_PERSON = frozenset("we us i me".split())
STATE_OF_PERSON_NOUNS = frozenset("administration government regime cabinet team".split())


@dataclass(frozen=True, slots=True)
class Ref:
    """What one argument token refers to: candidates best first, and how it was found."""

    candidates: tuple[Entity, ...]
    via: str
    token: int
    group: int = -1   # the collective noun that listed it ("partners – Japan, Australia"), or -1

    def bind(self, allowed: frozenset[str]) -> Optional[Entity]:
        """The first candidate whose type is allowed (pronouns and definites propose several)."""
        for entity in self.candidates:
            if entity.type in allowed:
                return entity
        return None


class Resolver:
    """Resolves tokens of one parsed paragraph; holds no state beyond that paragraph's view."""

    def __init__(self, doc: Doc, mentions: list[Mention], memory: SalienceMemory, gazetteer,
                 lexicon: lx.Lexicon, sentence_of: dict[int, int], order_base: int,
                 year: Optional[int] = None) -> None:
        self.doc = doc
        self.year = year  # the document's year, for roles held at the time
        self.memory = memory
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.sentence_of = sentence_of
        self.order_base = order_base
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.by_token[i] = mention

    # ------------------------------------------------------------------ public

    def mention(self, token: Token) -> Optional[Mention]:
        return self.by_token.get(token.i)

    def refs(self, token: Optional[Token], owner: bool = False) -> list[Ref]:
        """Refs of the phrase headed by ``token`` and of its coordinated conjuncts."""
        if token is None:
            return []
        out = self._one(token, owner)
        for conj in _conjuncts(token):
            out.extend(self._one(conj, owner))
        return _dedupe(out)

    def entities_in(self, token: Token, deps: frozenset[str], owner_only: bool = True) -> list[Ref]:
        """Named entities among the modifiers of ``token`` (possessor, compound, demonym)."""
        out: list[Ref] = []
        for child in token.children:
            if child.dep_ not in deps:
                continue
            m = self.by_token.get(child.i)
            if m is not None:
                if m.entity.id not in {r.candidates[0].id for r in out if r.candidates}:
                    out.append(Ref((m.entity,), "adjective" if m.adjective else "mention", child.i))
                # "US-Polish exercise": the first half of a hyphenated pair hangs on the second.
                for grand in child.children:
                    gm = self.by_token.get(grand.i)
                    if grand.dep_ in ("npadvmod", "compound", "amod") and gm is not None and gm is not m \
                            and grand.i < child.i:
                        out.append(Ref((gm.entity,), "adjective" if gm.adjective else "mention", grand.i))
                for conj in _conjuncts(child):
                    cm = self.by_token.get(conj.i)
                    if cm is not None:
                        out.append(Ref((cm.entity,), "mention", conj.i))
            elif child.lower_ in lx.NONPERSONAL_PRONOUNS | lx.PERSONAL_PRONOUNS and child.dep_ == "poss":
                out.extend(self._pronoun(child))
            elif not owner_only and child.pos_ in ("NOUN", "PROPN"):
                out.extend(self.refs(child))
        return _dedupe(out)

    # ------------------------------------------------------------------ one token

    def _one(self, token: Token, owner: bool) -> list[Ref]:
        m = self.by_token.get(token.i)
        if m is not None:
            root = self._mention_root(m)
            # A demonym modifying a noun ("Russian officials") is not the referent of the noun.
            if m.adjective and root.dep_ == "amod" and root.head.i not in m:
                return []
            return [Ref((m.entity,), "adjective" if m.adjective else "mention", token.i)]
        lower = token.lower_
        if lower in lx.RELATIVE_PRONOUNS and token.tag_ in ("WDT", "WP", "WP$"):
            verb = token.head
            if verb.dep_ == "relcl" and verb.head.i != token.i:
                return self.refs(verb.head)
            return []
        if lower in lx.DEMONSTRATIVES and token.dep_ in ("dobj", "pobj", "nsubj") and not list(token.children):
            return self._pronoun(token)
        if lower in FIRST_PERSON and token.pos_ == "PRON":
            return self._speaker_of(token)
        if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
            if lower in lx.NONPERSONAL_PRONOUNS or lower in lx.PERSONAL_PRONOUNS:
                return self._pronoun(token)
            return []
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
            return []
        listed = self._listed(token)
        if listed:
            if token.lemma_.lower() in lx.COLLECTIVE_NOUNS:
                return [replace(r, group=token.i) for r in listed]
            return listed
        lemma = token.lemma_.lower()
        if lemma in lx.TRANSPARENT_NOUNS:
            inner = self._complement(token, ("in", "of", "under", "with", "to"))
            if inner:
                return inner
            for child in token.children:
                if child.dep_ == "poss":  # "the treaty's terms" -> the treaty
                    found = self.refs(child)
                    if found:
                        return found
        if lemma in lx.COLLECTIVE_NOUNS:
            found = self._collective(token, lemma)
            if found:
                return found
        if lemma in self.lexicon.definite_heads:
            # "the Chinese company" is a company, not China: no owner fallback for class nouns.
            return self._definite(token, lemma)
        if owner and lemma in lx.ACT_NOUNS:
            found = self._act(token)
            if found:
                return found
        if owner and lemma not in lx.RELATIONAL_NOUNS:
            # A pronoun owner is trusted only for acts it plainly owns ("their bids", "its decision").
            trust_pronoun = lemma in lx.ACT_NOUNS or lemma in lx.INTENT_NOUNS or lemma in lx.OWNED_ACT_NOUNS
            found = [r for r in self.entities_in(token, frozenset({"poss", "compound", "amod", "nmod"}))
                     if r.via != "pronoun" or trust_pronoun]
            if found:
                return [Ref(r.candidates, "owner", r.token) for r in found]
            inner = self._complement(token, ("of", "by"))
            if inner:
                return [Ref(r.candidates, "owner", r.token) for r in inner]
        return []

    def _speaker_of(self, token: Token) -> list[Ref]:
        """ "'We will not accept it,' the minister said": a first-person pronoun in a quote or a
        reported clause is its speaker."""
        from extract.modality import analyse  # modality needs no resolver: imported on first use

        speaker = analyse(token.head).speaker
        if speaker is None or speaker.i == token.i or speaker.lower_ in FIRST_PERSON:
            return []
        return [Ref(r.candidates, "pronoun", r.token) for r in self.refs(speaker)]

    def _mention_root(self, m: Mention) -> Token:
        return self.doc[m.start:m.end].root

    def _pronoun(self, token: Token) -> list[Ref]:
        lower = token.lower_
        owner = self._coordinated_owner(token)
        if owner:
            return owner
        person = lower in lx.PERSONAL_PRONOUNS
        sentence = self.sentence_of.get(token.i, 0)
        before = self.order_base + token.idx
        if lower in lx.PLURAL_PRONOUNS:
            group = self.memory.group(before, sentence)
            if group:
                return [Ref((e,), "pronoun", token.i) for e in group]
        in_object = token.dep_ in ("dobj", "pobj", "dative", "iobj")
        candidates = self.memory.pronoun(before, sentence, person,
                                         not_subject_of=sentence if in_object else None)
        return [Ref(candidates, "pronoun", token.i)] if candidates else []

    def listed(self, token: Token) -> list[Ref]:
        """Refs of the names a noun lists (apposition, "such as", "including")."""
        return self._listed(token)

    def _coordinated_owner(self, token: Token) -> list[Ref]:
        """ "Washington and its allies", "Russia and her partners": the possessive pronoun of a
        conjunct refers to the name it is coordinated with."""
        noun = token.head
        if token.dep_ != "poss" or token.lower_ not in ("its", "their", "his", "her") or noun.dep_ != "conj":
            return []
        first = noun.head
        m = self.by_token.get(first.i)
        if m is None or m.adjective or first.i > token.i:
            return []
        if (m.entity.type == "Person") != (token.lower_ in lx.PERSONAL_PRONOUNS):
            return []
        return [Ref((m.entity,), "pronoun", token.i)]

    def _listed(self, token: Token, nested: bool = False) -> list[Ref]:
        """A noun described by the names it lists: an apposition or "such as"/"including"."""
        out: list[Ref] = []
        for child in token.children:
            if child.dep_ == "appos":
                out.extend(r for r in self.refs(child) if r.via in ("mention", "adjective"))
            elif child.dep_ == "acl" and child.lemma_.lower() in ("know", "call", "name", "dub"):
                # "a policy known as the Belt and Road Initiative"
                for grand in child.children:
                    if grand.dep_ == "oprd":
                        out.extend(self.refs(grand))
                    elif grand.dep_ == "prep" and grand.lower_ == "as":
                        out.extend(self.refs(_first(grand, "pobj")))
            elif child.dep_ == "prep" and child.lower_ in ("as", "including", "like"):
                if child.lower_ == "as" and not any(c.lower_ == "such" for c in child.children) \
                        and not (child.i > 0 and self.doc[child.i - 1].lower_ == "such"):
                    continue
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self.refs(pobj))
            elif child.dep_ == "prep" and not nested:
                out.extend(self._listed_on_complement(token, child))
        return out

    def _listed_on_complement(self, token: Token, prep: Token) -> list[Ref]:
        """Lists the parser hung on a noun's complement: "US partners in the region – Japan,
        Australia", "allies across Europe such as Poland", "a policy of engagement known as BRI"."""
        pobj = _first(prep, "pobj")
        if pobj is None or pobj.lemma_.lower() in lx.COLLECTIVE_NOUNS:
            return []
        m = self.by_token.get(pobj.i)
        if m is not None and m.entity.type in self.lexicon.actor_types:
            return []  # "allies of Japan such as ..." lists Japan's allies, handled by the noun rules
        lower = prep.lower_
        if lower in ("in", "across", "from") and token.lemma_.lower() in lx.COLLECTIVE_NOUNS:
            return [r for r in self._listed(pobj, nested=True)
                    if r.candidates and r.candidates[0].type in self.lexicon.actor_types]
        if lower == "of":
            return [r for child in pobj.children if child.dep_ == "acl"
                    and child.lemma_.lower() in ("know", "call", "name", "dub")
                    for r in self._listed(pobj, nested=True)]
        return []

    def complement(self, token: Token, preps: tuple[str, ...]) -> list[Ref]:
        """Refs of the object of one of ``preps`` attached to ``token``."""
        return self._complement(token, preps)

    def _complement(self, token: Token, preps: tuple[str, ...]) -> list[Ref]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.refs(pobj)
                        if found:
                            return found
        return []

    def _collective(self, token: Token, lemma: str) -> list[Ref]:
        """ "NATO allies", "Russian officials", "officials from Lithuania", "Trump's administration"."""
        if lemma in lx.MEMBERSHIP_NOUNS:
            group = self._complement(token, ("in", "of"))
            if group:
                return group
        deps = {"compound", "amod", "nmod"} if lemma in lx.RELATIONAL_NOUNS else {"compound", "amod", "poss", "nmod"}
        mods = self.entities_in(token, frozenset(deps))
        if lemma in lx.MEMBERSHIP_NOUNS:
            orgs = [r for r in mods if r.candidates and r.candidates[0].type == "InternationalOrganization"]
            if orgs:
                return orgs
        if mods:
            return [_as_collective(self._person_to_state(r, lemma)) for r in mods]
        # "officials from Lithuania", "the forces of Germany" - but "militias in Qamishli" are not Qamishli.
        return [_as_collective(r) for r in self._complement(token, ("of", "from", "in", "at"))
                if r.via in ("pronoun", "definite") or r.candidates[0].type in self.lexicon.actor_types]

    def _person_to_state(self, ref: Ref, lemma: str) -> Ref:
        """ "Trump's administration" names the state the person leads, never the person."""
        entity = ref.candidates[0] if ref.candidates else None
        if entity is None or entity.type != "Person" or lemma not in STATE_OF_PERSON_NOUNS:
            return ref
        for role in self.gazetteer.roles(entity.id):
            if role.predicate == "leads" and role.org:
                org = self.gazetteer.get(role.org)
                if org is not None:
                    return Ref((org,), "collective", ref.token)
        return ref

    def act_actor(self, token: Token) -> list[Ref]:
        """The actor of the last act told, for a pronoun that stands for that act ("condemned it")."""
        sentence = self.sentence_of.get(token.i, 0)
        actor = self.memory.last_actor(self.order_base + token.idx, sentence)
        return [Ref(actor, "definite", token.i)] if actor else []

    def _act(self, token: Token) -> list[Ref]:
        """ "Ankara's allies said the incursion undermines ...": the act just reported names its actor."""
        children = list(token.children)
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "such") for c in children):
            return []
        if any(c.dep_ in ("poss", "compound", "prep") or c.i in self.by_token for c in children):
            return []  # owned or complemented: the owner fallback handles it
        sentence = self.sentence_of.get(token.i, 0)
        actor = self.memory.last_actor(self.order_base + token.idx, sentence)
        return [Ref(actor, "definite", token.i)] if actor else []

    def _definite(self, token: Token, lemma: str) -> list[Ref]:
        types = frozenset(self.lexicon.definite_heads[lemma])
        # "the Open Skies pact": the name inside the phrase wins.
        for r in self.entities_in(token, frozenset({"compound", "nmod", "amod"})):
            if r.candidates and r.candidates[0].type in types:
                return [r]
        children = list(token.children)
        determiners = {c.lower_ for c in children if c.dep_ in ("det", "poss", "predet")}
        if not determiners & {"the", "this", "that", "these", "those", "its", "their", "all", "both"}:
            return []
        # A description with its own names or participles ("the Turkish-backed militias") is new.
        for c in children:
            if c.dep_ in ("amod", "compound") and (c.i in self.by_token or c.tag_ == "VBN"):
                return []
            if c.dep_ == "prep":
                return []
        sentence = self.sentence_of.get(token.i, 0)
        before = self.order_base + token.idx
        if token.tag_ in ("NNS", "NNPS"):
            size = None
            for c in children:
                if c.dep_ == "nummod":
                    size = _number(c.lower_)
            if size is None and not determiners & {"these", "those", "both"}:
                return []
            if "both" in determiners:
                size = 2
            group = self.memory.group(before, sentence, types, size)
            return [Ref((e,), "definite", token.i) for e in group]
        candidates = self.memory.definite(before, types, sentence=sentence, head=lemma)
        return [Ref(candidates, "definite", token.i)] if candidates else []


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _number(word: str) -> Optional[int]:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _as_collective(ref: Ref) -> Ref:
    return ref if ref.via in ("pronoun", "definite") else Ref(ref.candidates, "collective", ref.token)


def _first(token: Token, dep: str) -> Optional[Token]:
    for child in token.children:
        if child.dep_ == dep:
            return child
    return None


def _conjuncts(token: Token) -> list[Token]:
    """Conjuncts that follow ``token`` in its coordination ("Japan, South Korea and Australia")."""
    return [c for c in token.conjuncts if c.i > token.i]


def _dedupe(refs: list[Ref]) -> list[Ref]:
    seen: set[tuple] = set()
    out = []
    for ref in refs:
        key = tuple(e.id for e in ref.candidates[:1]) + (ref.via,)
        if key in seen:
            continue
        seen.add(key)
        out.append(ref)
    return out
