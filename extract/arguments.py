"""From a token of the parse to the entities it refers to.

A subject or object found by a rule is a token: a name ("Japan, South Korea and Australia"),
a pronoun ("it", "their", "itself"), a first person inside a quotation ("we", "our": the
quotation's speaker), a definite description ("the alliance", "the two leaders", "both sides",
"the latter"), a collective noun ("Russian officials", "the forces of Germany", "U.S. allies in
NATO", "his country") or an event noun owned by an actor ("the U.S. withdrawal", "the move").
:class:`Resolver` turns it into :class:`Ref` objects, one per coordinated conjunct or group
member, each with its candidate entities best first. What the text said before lives in the
document's :class:`~extract.coref.SalienceMemory`; entities created while the document is read
(a description the document names) are seen by the resolver once observed there.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc, Token

from extract import lexicon as lx
from extract.coref import PERSON_TYPES, Quotes, SalienceMemory
from extract.mentions import Mention
from ontology.records import Entity

STATE_OF_PERSON_NOUNS = frozenset("administration government regime cabinet team country nation".split())
#: "the three leaders" with no coordination of three seen: the last three distinct entities of
#: the type, only for small counts (a larger set is rarely named one by one just before).
MAX_RECENT_GROUP = 3
#: Sentences a counted description looks back for its coordination: "the three leaders" is
#: specific enough to reach a paragraph or two back.
GROUP_WINDOW = 8
#: How deep a reference may be resolved through others ("its" -> the subject "their leaders" -> ...).
MAX_DEPTH = 8


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
        self._quotes: Optional[Quotes] = None
        self._depth = 0
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.by_token[i] = mention

    # ------------------------------------------------------------------ public

    def mention(self, token: Token) -> Optional[Mention]:
        return self.by_token.get(token.i)

    def refs(self, token: Optional[Token], owner: bool = False) -> list[Ref]:
        """Refs of the phrase headed by ``token`` and of its coordinated conjuncts."""
        if token is None or self._depth > MAX_DEPTH:
            return []  # references resolved through references: bounded, never circular
        self._depth += 1
        try:
            out = self._one(token, owner)
            for conj in _conjuncts(token):
                out.extend(self._one(conj, owner))
            if out and token.dep_ in ("nsubj", "nsubjpass"):
                for companion in _companions(token):
                    out.extend(r for r in self.refs(companion) if r.via in ("mention", "adjective"))
        finally:
            self._depth -= 1
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
            elif child.lower_ in lx.FIRST_PERSON and child.dep_ == "poss":
                out.extend(self._first_person(child))
            elif child.lower_ in lx.POSITIONAL_REFERENCES and child.dep_ == "poss":
                out.extend(self._positional(child))
            elif child.dep_ == "poss" and child.pos_ == "NOUN" and child.lemma_.lower() in self.lexicon.definite_heads:
                # "the bloc's sanctions", "the country's president": a description as owner.
                out.extend(r for r in self.refs(child) if r.via == "definite")
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
        if lower in lx.POSITIONAL_REFERENCES:
            return self._positional(token)
        if token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and not any(
                c.dep_ in ("prep", "compound", "amod") for c in token.children):
            size = 2 if lower == "both" else (_number(lower) if token.pos_ == "NUM" and any(
                c.dep_ == "det" and c.lower_ in ("the", "all", "these", "those") for c in token.children) else None)
            if size:
                # "Both condemned ...", "the two signed ...": the pair (or N) just named.
                sentence = self.sentence_of.get(token.i, 0)
                group = self.memory.group(self.order_base + token.idx, sentence, self.lexicon.actor_types, size,
                                          window=2)
                return [Ref((e,), "definite", token.i, group=token.i) for e in group]
        if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
            if lower in lx.FIRST_PERSON:
                # A quotation's speaker; else the speaker of the reported clause around it.
                return self._first_person(token) or self._speaker_of(token)
            if lower in lx.NONPERSONAL_PRONOUNS or lower in lx.PERSONAL_PRONOUNS:
                return self._pronoun(token)
            return []
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
            return []
        if token.tag_ == "NNS" and token.dep_ == "pobj" and token.head.lower_ == "among" \
                and token.head.head.lemma_ in lx.COPULAS and token.head.i > token.head.head.i:
            # "Chile and Peru were among six countries invited to ...": the class holds the subject.
            subject = next((c for c in token.head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return self.refs(subject)
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
        if lemma in self.lexicon.definite_heads or token.lower_ in self.lexicon.definite_heads:
            # "the Chinese company" is a company, not China: no owner fallback for class nouns.
            return self._definite(token, lemma if lemma in self.lexicon.definite_heads else token.lower_)
        if owner and (lemma in lx.ACT_NOUNS or lemma in self.lexicon.nouns):
            found = self._act(token, lemma)
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
            # "the sanctions imposed by Washington", "strikes carried out by Israel": the agent
            # of the participle that describes the act owns it.
            for child in token.children:
                agent = _agent(child)
                if agent is not None:
                    found = self.refs(agent)
                    if found:
                        return [Ref(r.candidates, "owner", r.token) for r in found]
            return self._deed(token, lemma)
        return []

    def _deed(self, token: Token, lemma: str) -> list[Ref]:
        """ "Peru tested a missile on Monday ... Chile condemned the test": a definite noun naming
        a deed told shortly before, with any verb, is that deed; its actor owns it."""
        children = list(token.children)
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in children) \
                and not any(c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME") for c in children):
            return []
        if any(c.i in self.by_token or (c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME"))
               or (c.dep_ == "prep" and c.lower_ != "of") for c in children):
            return []  # owned, or told with its own partner ("the sale to Peru"): not clearly that deed
        sentence = self.sentence_of.get(token.i, 0)
        actor = self.memory.deed_actor(self.order_base + token.idx, sentence, _verb_forms(lemma))
        return [Ref(actor, "owner", token.i)] if actor else []

    def _speaker_of(self, token: Token) -> list[Ref]:
        """ "'We will not accept it,' the minister said": a first-person pronoun in a quote or a
        reported clause is its speaker."""
        from extract.modality import analyse  # modality needs no resolver: imported on first use

        speaker = analyse(token.head).speaker
        if speaker is None or speaker.i == token.i or speaker.lower_ in lx.FIRST_PERSON:
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
        if token.dep_ == "poss":
            found = self._clause_antecedent(token, person)
            if found:
                return found
        if lower in lx.REFLEXIVE_PRONOUNS:
            subject = self._clause_subject(token)
            if subject:
                head = next(t for t in subject if t.head.i not in {s.i for s in subject} or t.head.i == t.i)
                found = [Ref(r.candidates, "pronoun", token.i) for r in self.refs(head) if r.candidates]
                if found:
                    return found
        if lower in lx.PLURAL_PRONOUNS:
            at, group = self.memory.last_group(before, sentence)
            if self._plural_blocker(token, at):
                return []
            if group:
                return [Ref((e,), "pronoun", token.i) for e in group]
        in_object = token.dep_ in ("dobj", "pobj", "dative", "iobj")
        own: frozenset[str] = frozenset()
        if in_object:
            # Not its own clause's subject: "Chile signed it" (but "the pact expires unless Chile
            # extends it" may take the main clause's subject).
            own = self._clause_subject_ids(token)
        candidates = self.memory.pronoun(before, sentence, person,
                                         not_subject_of=sentence if in_object and not own else None,
                                         not_ids=own)
        return [Ref(candidates, "pronoun", token.i)] if candidates else []

    def _plural_blocker(self, token: Token, after: int = -1) -> bool:
        """A plural common noun between the group last named (at order ``after``) and the
        pronoun that names no entity ("the ships shadowed the vessels and rammed them"):
        "they"/"them" most likely stand for it, not for the group."""
        for t in token.sent:
            if t.i >= token.i:
                break
            if self.order_base + t.idx <= after:
                continue
            if t.tag_ in ("NNS", "NNPS") and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") \
                    and not t.ent_type_ and t.i not in self.by_token and not self.refs(t):
                return True
        return False

    def _clause_antecedent(self, token: Token, person: bool) -> list[Ref]:
        """A possessive pronoun refers first to the nearest subject of the clauses above it, or
        to the object controlling a clause without one: "Peru decided to cut its forces", "barred
        Chile from moving its troops". Climbs until a subject of the right kind and number."""
        plural = token.lower_ in lx.PLURAL_PRONOUNS
        node = token.head
        for _ in range(10):
            if node.pos_ in ("VERB", "AUX"):
                arg = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")
                            and not c.left_edge.i <= token.i <= c.right_edge.i), None)
                if arg is None:
                    arg = self._controller(node)
                if arg is not None and arg.i < token.i and arg.lower_ not in lx.RELATIVE_PRONOUNS:
                    refs = [r for r in self.refs(arg) if r.candidates
                            and (r.candidates[0].type in PERSON_TYPES) == person]
                    # "its" for one entity, or for one thing named by several ("the American and
                    # British enemy ... its aggression"); "their" for any.
                    if refs and (plural or len(refs) == 1 or arg.tag_ == "NN"):
                        return [Ref(r.candidates, "pronoun", token.i) for r in refs]
            if node.head.i == node.i:
                break
            node = node.head
        return []

    @staticmethod
    def _controller(verb: Token) -> Optional[Token]:
        """The object of the governing verb that does what a subject-less clause says: "urged
        Chile to ...", "barred Chile from ...", "accused Chile of ..."."""
        governor = verb.head
        if verb.dep_ == "pcomp" and governor.dep_ == "prep":
            governor = governor.head
        elif verb.dep_ != "xcomp" or governor.lemma_.lower() not in lx.OBJECT_CONTROL_VERBS:
            return None
        if governor.pos_ not in ("VERB", "AUX"):
            return None
        return next((c for c in governor.children if c.dep_ == "dobj"), None)

    def counted_group(self, token: Token) -> list[Ref]:
        """A plural noun counted and definite ("the two NATO members", "both partners", "these
        three allies"): the last coordination of actors of that size."""
        if token.tag_ not in ("NNS", "NNPS"):
            return []
        children = list(token.children)
        determiners = {c.lower_ for c in children if c.dep_ in ("det", "predet")}
        size = 2 if "both" in determiners else None
        if size is None and determiners & {"the", "these", "those"}:
            size = next((n for n in (_number(c.lower_) for c in children if c.dep_ == "nummod") if n), None)
        if size is None:
            return []
        sentence = self.sentence_of.get(token.i, 0)
        # Named before the phrase, not inside it ("the two NATO and EU members").
        group = self.memory.group(self.order_base + token.left_edge.idx, sentence, self.lexicon.actor_types,
                                  size, window=GROUP_WINDOW)
        return [Ref((e,), "definite", token.i, group=token.i) for e in group]

    @property
    def quotes(self) -> Quotes:
        if self._quotes is None:
            self._quotes = Quotes(self.doc, lx.REPORTING_VERBS)
        return self._quotes

    def speaker_refs(self, speaker: Token) -> list[Ref]:
        """Who a speaker token names: the entity, or for an unnamed speaker ("a spokesman for
        the Chilean navy", "officials said") the actor named in its phrase."""
        found = [r for r in self.refs(speaker) if r.candidates]
        if found:
            return found
        # "a joint statement from Chile and Peru", "a spokesman for the navy": who it comes from.
        found = [r for r in self._complement(speaker, ("from", "by", "of", "for")) if r.candidates
                 and r.candidates[0].type in self.lexicon.actor_types]
        if found:
            return found
        for t in speaker.subtree:
            m = self.by_token.get(t.i)
            if m is not None and m.entity.type in self.lexicon.actor_types:
                return [Ref((m.entity,), "collective", t.i)]
        if speaker.tag_ == "NN" and speaker.lower_ in self.lexicon.title_words \
                and any(c.dep_ == "det" and c.lower_ == "the" for c in speaker.children):
            # '"...," the minister said': a titled speaker is read like "he" or "she".
            sentence = self.sentence_of.get(speaker.i, 0)
            people = self.memory.pronoun(self.order_base + speaker.idx, sentence, person=True)
            if people:
                return [Ref(people, "pronoun", speaker.i)]
        return []

    def _first_person(self, token: Token) -> list[Ref]:
        """ "we", "our", "I" inside a quotation: its speaker, then (for a person) the state or
        organisation the person speaks for; an unnamed speaker is that organisation."""
        quotes = self.quotes
        if quotes.span_of(token.i) is None:
            return []  # the narrator's own voice is never an actor
        speaker = quotes.speaker(token.i)
        sentence = self.sentence_of.get(token.i, 0)
        before = self.order_base + token.idx
        entities: list[tuple[Entity, Optional[Token]]] = []
        if speaker is not None:
            for r in self.speaker_refs(speaker):
                entity = r.bind(self.lexicon.actor_types)
                if entity is not None:
                    entities.append((entity, speaker))
        else:
            last = self.memory.last_speaker(before, sentence)
            if last is not None:
                entities.append((last, None))
        out = []
        for entity, phrase in entities:
            candidates: tuple[Entity, ...] = (entity,)
            if entity.type in PERSON_TYPES:
                # A named person speaking acts himself, "we" included (gold guidelines §5); the
                # state or organisation he speaks for binds where a person cannot ("we will join").
                candidates = (entity,) + self._affiliations(entity, phrase)
            out.append(Ref(candidates, "pronoun", token.i))
        return out

    def _positional(self, token: Token) -> list[Ref]:
        """ "the former", "the latter('s)": the first or last of the coordination just named, or
        of the last two actors named."""
        if not any(c.lower_ == "the" for c in token.children) and \
                not (token.i > 0 and self.doc[token.i - 1].lower_ == "the"):
            return []
        sentence = self.sentence_of.get(token.i, 0)
        before = self.order_base + token.idx
        # The subject of the clause holding it is not what it points back to.
        own = {self.by_token[t.i].entity.id for t in self._clause_subject(token) if t.i in self.by_token}
        named = self.memory.group(before, sentence, window=1)
        if not named or any(e.id in own for e in named):
            recent = self.memory.recent(before, sentence, self.lexicon.actor_types, 2 + len(own), window=1)
            named = tuple(e for e in recent if e.id not in own)[-2:]
        if len(named) < 2:
            return []
        return [Ref((named[lx.POSITIONAL_REFERENCES[token.lower_]],), "pronoun", token.i)]

    @staticmethod
    def _clause_subject(token: Token) -> list[Token]:
        """The tokens of the subject of the clause ``token`` sits in (not its own phrase); a
        subject-less infinitive or conjunct takes the subject of the verb it hangs on."""
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for _ in range(4):
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass") and not child.left_edge.i <= token.i <= child.right_edge.i:
                    return list(child.subtree)
            if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
                break
            verb = verb.head
        return []

    def _clause_subject_ids(self, token: Token) -> frozenset[str]:
        """The entities the subject of ``token``'s clause refers to (named or resolved)."""
        subject = self._clause_subject(token)
        if not subject:
            return frozenset()
        head = next(t for t in subject if t.head.i not in {s.i for s in subject} or t.head.i == t.i)
        return frozenset(r.candidates[0].id for r in self.refs(head) if r.candidates)


    def _affiliations(self, person: Entity, phrase: Optional[Token]) -> tuple[Entity, ...]:
        """The state or organisation a person speaks for: named in the speaker's phrase
        ("Chilean Foreign Minister X"), in a title earlier in the document, or in the gazetteer."""
        found: dict[str, Entity] = {}
        if phrase is not None:
            for t in phrase.subtree:
                m = self.by_token.get(t.i)
                if m is not None and m.entity.type in self.lexicon.actor_types and m.entity.id != person.id \
                        and m.entity.type != person.type:
                    found.setdefault(m.entity.id, m.entity)
        for org in self.memory.affiliations(person):
            found.setdefault(org.id, org)
        for role in self.gazetteer.roles(person.id):
            if not role.end:
                org = self.gazetteer.get(role.org)
                if org is not None:
                    found.setdefault(org.id, org)
        return tuple(found.values())

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
        if not out and token.tag_ == "NNS":
            out = self._listed_as_conjuncts(token)
        return out

    def _listed_as_conjuncts(self, token: Token) -> list[Ref]:
        """ "Israel and NATO members Canada, Poland and Spain": the parser made the names after a
        plural noun its fellow conjuncts; a name right after the noun is the start of its list."""
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if nxt is None or nxt.dep_ != "conj" or nxt.head.i not in (token.i, token.head.i) \
                or token.dep_ != "conj" or self.by_token.get(nxt.i) is None:
            return []
        names = [nxt] + [c for c in nxt.conjuncts if c.i > nxt.i]
        return [r for t in names for r in self.refs(t) if r.via == "mention"]

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
            # "our Yemeni people": the name says whose, the possessive pronoun only who speaks.
            named = [r for r in mods if r.via != "pronoun"]
            return [_as_collective(self._person_to_state(r, lemma)) for r in (named or mods)]
        # "officials from Lithuania", "the forces of Germany" - but "militias in Qamishli" are not Qamishli.
        found = [_as_collective(r) for r in self._complement(token, ("of", "from", "in", "at"))
                 if r.via in ("pronoun", "definite") or r.candidates[0].type in self.lexicon.actor_types]
        if found or token.tag_ not in ("NNS", "NNPS") or list(token.children) and not all(
                c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in token.children):
            return found
        # "Houthi rebels ... the rebels said": the last collective with this head noun.
        sentence = self.sentence_of.get(token.i, 0)
        group = self.memory.group(self.order_base + token.idx, sentence, single=True, window=4, head=lemma)
        return [Ref((e,), "definite", token.i) for e in group]

    def _person_to_state(self, ref: Ref, lemma: str) -> Ref:
        """ "Trump's administration" names the state the person leads, never the person; "his
        country", "her government": the state or organisation the person's title names."""
        entity = ref.candidates[0] if ref.candidates else None
        if entity is None or entity.type not in PERSON_TYPES:
            return ref
        if lemma in STATE_OF_PERSON_NOUNS:
            for role in self.gazetteer.roles(entity.id):
                # A head's role (its predicate has a lesser office, tkg:lesserOffice), not a minister's.
                head = self.lexicon.lesser_office.get(role.predicate) is not None
                if head and role.org:
                    org = self.gazetteer.get(role.org)
                    if org is not None:
                        return Ref((org,), "collective", ref.token)
        types = self.lexicon.definite_heads.get(lemma, ())
        if types and entity.type not in types:
            for org in self._affiliations(entity, None):
                if org.type in types:
                    return Ref((org,), "collective" if ref.via != "pronoun" else "pronoun", ref.token)
        return ref

    def title_affiliations(self, mention: Mention) -> list[Entity]:
        """States and organisations named in the modifiers of a person's name: "Russian
        President X", "Chile's foreign minister X", "X, the secretary of Peru's security council"."""
        root = self.doc[mention.start:mention.end].root
        found: dict[str, Entity] = {}
        for child in root.children:
            if child.dep_ not in ("compound", "amod", "poss", "appos", "nmod"):
                continue
            for t in child.subtree:
                m = self.by_token.get(t.i)
                if m is not None and m is not mention and m.entity.type in self.lexicon.actor_types \
                        and m.entity.type != mention.entity.type:
                    found.setdefault(m.entity.id, m.entity)
        return list(found.values())

    def act_actor(self, token: Token) -> list[Ref]:
        """The actor of the last act told, for a pronoun that stands for that act ("condemned it")."""
        sentence = self.sentence_of.get(token.i, 0)
        actor = self.memory.last_actor(self.order_base + token.idx, sentence)
        return [Ref(actor, "definite", token.i)] if actor else []

    def _act(self, token: Token, lemma: str) -> list[Ref]:
        """ "Ankara's allies said the incursion undermines ...": the act just reported names its
        actor. A noun the ontology gives as a trigger ("the withdrawal", "the annexation") takes
        the last act of its own predicates; a general act noun ("the move", "this step") the
        last act of any."""
        children = list(token.children)
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "such") for c in children):
            return []
        if any(c.dep_ in ("poss", "compound", "prep") or c.i in self.by_token or _agent(c) is not None
               for c in children):
            return []  # owned or complemented: the owner fallback handles it
        sentence = self.sentence_of.get(token.i, 0)
        predicates = frozenset(t.predicate for t in self.lexicon.nouns.get(lemma, ()))
        before = self.order_base + token.idx
        actor = self.memory.last_actor(before, sentence, predicates=predicates)
        if actor and lemma not in lx.ACT_NOUNS and \
                self.memory.last_actor(before, sentence, predicates=predicates, strict=True) != actor:
            return []  # "the talks" after an unrelated act: not this act's actor
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
        # A head listed in the plural ("talks", "drills") names one thing: "the talks" refers
        # back to the talks, not to a group of entities.
        plural_only = token.lower_ in self.lexicon.definite_heads and token.lower_ != token.lemma_.lower()
        if token.tag_ in ("NNS", "NNPS") and not plural_only:
            size = None
            for c in children:
                if c.dep_ == "nummod":
                    size = _number(c.lower_)
            if "both" in determiners:
                size = 2
            if size is None and not determiners & {"these", "those"}:
                # "Boric and Arce met ... The leaders agreed": only a bare description, and a
                # coordination just named wholly of the type ("the Asian states" is new,
                # "the countries" otherwise generic).
                if any(c.dep_ in ("amod", "compound", "nmod") for c in children):
                    return []
                group = self.memory.group(before, sentence, types, window=1, whole=True)
                return [Ref((e,), "definite", token.i, group=token.i) for e in group]
            # The last coordination of the right size and types ("Chile and Peru ... the two
            # countries"); else, counted, the last N distinct entities of those types.
            group = self.memory.group(before, sentence, types, size, window=GROUP_WINDOW if size else 4)
            if not group and size is not None and size <= MAX_RECENT_GROUP:
                group = self.memory.recent(before, sentence, types, size, window=2)
            return [Ref((e,), "definite", token.i, group=token.i) for e in group]
        if types <= PERSON_TYPES and any(c.dep_ == "compound" for c in children):
            return []  # "the opposition leader" introduces someone; "the leader" refers back
        candidates = self.memory.definite(before, types, sentence=sentence, head=lemma)
        return [Ref(candidates, "definite", token.i)] if candidates else []


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _number(word: str) -> Optional[int]:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _as_collective(ref: Ref) -> Ref:
    return ref if ref.via in ("pronoun", "definite") else Ref(ref.candidates, "collective", ref.token)


#: Nouns whose verb is not spelled inside them.
_IRREGULAR_DEEDS = {"sale": "sell", "flight": "fly", "seizure": "seize", "arrest": "arrest", "bid": "bid",
                    "threat": "threaten", "choice": "choose", "response": "respond", "defence": "defend",
                    "defense": "defend", "pursuit": "pursue", "purchase": "buy"}


@lru_cache(maxsize=4096)
def _verb_forms(noun: str) -> frozenset[str]:
    """Verbs a deed noun may nominalise: "launch" <- launch, "deployment" <- deploy,
    "withdrawal" <- withdraw, "decision" <- decide, "escalation" <- escalate, "sale" <- sell."""
    forms = {noun}
    if noun in _IRREGULAR_DEEDS:
        forms.add(_IRREGULAR_DEEDS[noun])
    for suffix, endings in (("ment", ("", "e")), ("al", ("", "e")), ("ation", ("ate", "e", "")),
                            ("sion", ("de", "d", "t")), ("ition", ("ite", "ish")), ("tion", ("te", "t")),
                            ("ion", ("", "e")), ("ure", ("", "e")), ("ing", ("", "e"))):
        if noun.endswith(suffix) and len(noun) > len(suffix) + 2:
            stem = noun[: -len(suffix)]
            forms.update(stem + ending for ending in endings)
    return frozenset(forms)


def _companions(subject: Token) -> list[Token]:
    """ "Georgia, along with Ukraine and Moldova, was granted ...", "Chile, together with Peru,
    said ...": names the subject is accompanied by share its role. The phrase hangs on the
    subject or, between the subject and its verb, on the verb."""
    verb = subject.head
    preps = [c for c in subject.children if c.dep_ == "prep"]
    preps += [c for c in verb.children if c.dep_ == "prep" and subject.i < c.i < verb.i]
    found = []
    for prep in preps:
        if prep.lower_ == "along":
            prep = next((c for c in prep.children if c.dep_ == "prep" and c.lower_ == "with"), None)
        elif not (prep.lower_ == "with" and any(c.lower_ in ("together", "along") for c in prep.children)):
            continue
        pobj = _first(prep, "pobj") if prep is not None else None
        if pobj is not None:
            found.append(pobj)
    return found


def _agent(child: Token) -> Optional[Token]:
    """The object of "by" under a past participle that modifies a noun, else None."""
    if child.dep_ != "acl" or child.tag_ != "VBN":
        return None
    for by in child.children:
        if by.dep_ == "agent":
            return next((p for p in by.children if p.dep_ == "pobj"), None)
    return None


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
