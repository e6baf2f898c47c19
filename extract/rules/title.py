"""The ``title`` family: titles around a person's name ("Russian Foreign Minister Sergey Lavrov",
"Jens Stoltenberg, NATO's secretary general") give the office and its employer."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from extract import lexicon as lx
from extract.arguments import Ref, Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.helpers import _child, _mentions_of
from extract.rules.registry import register
from ontology.model import Trigger


@register("title", kinds=("titles",), scope="sentence")
class TitleRules(RuleFamily):
    """Titles of the people named in a sentence."""

    def sentence(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        return self._titles(sent, res, tokens)

    def _titles(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "Russian Foreign Minister Sergey Lavrov", "Jens Stoltenberg, NATO's secretary general"."""
        out = []
        counterparts = []
        doc = sent.doc
        for m, root in _mentions_of(tokens, res, "Person"):
            before = _title_tokens_before(doc, m.start, sent.start, res)
            # "Prime Minister X of Chile": the employer may follow the name.
            cands = self._title_candidates(before, m, res, complement=root)
            if not cands and root.dep_ == "appos" and root.head.i < m.start and res.mention(root.head) is None:
                # "Lithuania's defence minister, Raimundas Karoblis, said": the title the name explains.
                title = root.head
                words = [t for t in title.subtree if t.i <= title.i]
                cands = self._title_candidates(words, m, res)
            if not cands:
                for child in root.children:
                    if child.dep_ == "appos" and child.i >= m.end and res.mention(child) is None:
                        # "Jens Stoltenberg, NATO's secretary general", "..., Secretary General of NATO".
                        words = [t for t in child.subtree if m.end <= t.i <= child.i]
                        cands = self._title_candidates(words, m, res, appositive=True, complement=child)
                        if cands:
                            break
            if not cands:
                office = _office_given(root)
                if office is not None:
                    # "X was appointed Secretary General of NATO", "Y named X its envoy to Syria".
                    words = [t for t in office.subtree if t.i <= office.i]
                    cands = self._title_candidates(words, m, res, appositive=True, complement=office)
            if not cands and any(t.lemma_.lower() == "counterpart" for t in before):
                counterparts.append((m, before))
            out.extend(cands)
        for m, before in counterparts:
            # "Erdogan met his Russian counterpart Vladimir Putin": the same office for another employer.
            model = next((c for c in out if c.rule.startswith("title:")
                          and c.subjects[0].candidates[0].id != m.entity.id), None)
            orgs = self._title_orgs(before, res, before[-1], False) if model is not None else []
            if orgs:
                subject = Ref((m.entity,), "mention", m.start)
                out.append(Candidate(model.predicate, [subject], orgs[:1], before[-1], "title:counterpart", 0.75))
        return out

    def _title_candidates(self, tokens: list[Token], person, res: Resolver,
                          appositive: bool = False, complement: Optional[Token] = None) -> list[Candidate]:
        """One candidate per title in ``tokens``: coordinated titles ("Prime Minister and Foreign
        Minister X") each give a role; the employer named once serves both."""
        if not tokens:
            return []
        words = [self._title_word(t) for t in tokens]
        if any(w in lx.FORMER_WORDS for w in words):
            return []
        out = []
        segments = _title_segments(tokens)
        for seg in segments:
            cand = self._title_candidate(seg, tokens, person, res, appositive, complement)
            if cand is not None:
                out.append(cand)
        return out

    def _title_word(self, token: Token) -> str:
        return token.lower_ if token.lower_ in self.lexicon.title_words else token.lemma_.lower()

    def _title_candidate(self, seg: list[Token], tokens: list[Token], person, res: Resolver,
                         appositive: bool, complement: Optional[Token]) -> Optional[Candidate]:
        found = self._title_in(seg, res)
        if found is None:
            return None
        trig, first, last = found
        # "the political deputy of Iran President X": a title after "of" is the person's own,
        # the words before it describe someone else.
        cut = next((k for k in range(first - 1, -1, -1) if seg[k].lower_ in ("of", "for")), None)
        if cut is not None:
            inner = self._title_in(seg[cut + 1:], res)
            if inner is None:
                return None
            seg = seg[cut + 1:]
            trig, first, last = inner
        predicate = trig.predicate
        lesser = self.lexicon.lesser_office.get(predicate)
        if lesser is not None and self._lesser_office(seg, first, res):
            predicate = lesser
        title_words = tuple(w for t in seg[first:last + 1] for w in self._title_word(t).split("-") if w)
        posting = title_words in self.lexicon.posting_titles or trig.text.lower() in {
            " ".join(p) for p in self.lexicon.posting_titles}
        head = seg[last]
        head_title = predicate in self.lexicon.lesser_office
        # The title's own words first, then "of Y" after the name, then the other titles coordinated
        # with it: in "President A of Peru and Prime Minister B of Chile" B's title reaches back
        # over "and" to Peru, but B's own complement names Chile.
        orgs = self._title_orgs(seg, res, head, posting, head_title)
        if not orgs and complement is not None:
            orgs = self._title_complement(complement, res, posting)
        if not orgs and seg is not tokens:
            orgs = self._title_orgs(tokens, res, head, posting, head_title)
        if appositive and not orgs:
            return None
        if not orgs:
            orgs = _role_orgs(person.entity, predicate, res, trig.text)
        if not orgs:
            return None
        if orgs[0].candidates[0].type == "State" and any(
                self._title_word(t) in lx.NON_STATE_GROUP_NOUNS for t in seg[:first]):
            return None  # "Russian mercenary chief X": Russia is where the group is, not who employs X
        subject = Ref((person.entity,), "mention", person.start)
        return Candidate(predicate, [subject], orgs[:1], seg[-1], f"title:{trig.text}", 0.85)

    def _title_in(self, seg: list[Token], res: Resolver) -> Optional[tuple[Trigger, int, int]]:
        """The title of a phrase and the positions of its first and last token in ``seg``: the
        longest trigger, the rightmost of equal length (the head of an English compound is last:
        "chief negotiator" is a negotiator)."""
        flat: list[tuple[str, int]] = []
        for k, tok in enumerate(seg):
            m = res.mention(tok)
            if m is not None and not m.adjective:
                continue
            for part in self._title_word(tok).split("-"):
                if part:
                    flat.append((part, k))
        lexicon = self.lexicon
        for n in range(min(lexicon.max_title_words, len(flat)), 0, -1):
            for i in range(len(flat) - n, -1, -1):
                trig = lexicon.titles.get(tuple(w for w, _ in flat[i:i + n]))
                if trig is not None:
                    return trig, flat[i][1], flat[i + n - 1][1]
        return None

    def _lesser_office(self, seg: list[Token], first: int, res: Resolver) -> bool:
        """A head title held for a deputy ("Deputy Prime Minister", "Vice President") or for a
        portfolio: a common noun right before it that names no entity ("foreign policy chief",
        "army chief"), unlike an employer ("NATO chief", "Pentagon chief")."""
        if any(self._title_word(t) in lx.DEPUTY_WORDS for t in seg[:first + 1]):
            return True
        if first == 0:
            return False
        before = seg[first - 1]
        return before.pos_ == "NOUN" and res.mention(before) is None \
            and self._title_word(before) not in self.lexicon.title_words

    def _title_orgs(self, tokens: list[Token], res: Resolver, head: Token, posting: bool,
                    head_title: bool = False) -> list[Ref]:
        """The employer named in a title: a body first, then an organisation, then a state, the
        nearest to the title first. A body named only by its portfolio ("Treasury Secretary",
        "White House spokesperson") stands for its state; one named as a body ("foreign ministry
        spokesperson", "SSB's president", "Pentagon chief") employs. For an office held abroad the sending state comes first and the
        place after "to" is not the employer ("Chile's UN ambassador", "envoy to Syria")."""
        if posting:
            rank = {"State": 0, "GovernmentBody": 1, "InternationalOrganization": 2, "Organization": 2}
        else:
            rank = {"GovernmentBody": 0, "InternationalOrganization": 1, "Organization": 1, "State": 2}
        found: list[tuple[int, int, Ref]] = []
        seen: set[str] = set()
        after_to = False
        for tok in tokens:
            if tok.lower_ in ("to", "at") and tok.i > head.i - 1:
                after_to = True
            m = res.mention(tok)
            if m is None and (tok.dep_ == "poss" or tok.tag_ == "PRP$") and tok.head.i >= tokens[-1].i:
                # "the country's president X", "its leader X": the employer is a reference (one
                # owning the title itself, not "the country's letter to Secretary X").
                for ref in res.refs(tok)[:1]:
                    bound = ref.bind(frozenset(rank))
                    if bound is not None and bound.id not in seen:
                        seen.add(bound.id)
                        found.append((rank[bound.type], abs(head.i - tok.i), Ref((bound,), ref.via, tok.i)))
                continue
            # Only known employers: NER reads "Secretary of State" or "Defense" as organisations.
            if m is None or m.entity.type not in rank or m.entity.source != "gazetteer":
                continue
            entity = m.entity
            parent = res.gazetteer.parent(entity.id)
            if parent is not None and parent.type in rank and not head_title \
                    and _compounds_title(m, tokens, res) and not self._named_as_body(m, res):
                entity = parent  # a body named only by its portfolio stands for the state it belongs to
            if entity.id in seen:
                continue
            seen.add(entity.id)
            order = rank[entity.type] + (10 if posting and after_to else 0)
            found.append((order, abs(head.i - tok.i), Ref((entity,), "mention", tok.i)))
        found.sort(key=lambda x: (x[0], x[1]))
        return [r for _, _, r in found]

    def _named_as_body(self, mention, res: Resolver) -> bool:
        """Does the mention name a body by one of its class's head nouns ("foreign ministry")?"""
        doc = res.doc
        for tok in doc[mention.start:mention.end]:
            if mention.entity.type in self.lexicon.definite_heads.get(tok.lemma_.lower(), ()):
                return True
        return False

    def _title_complement(self, title: Token, res: Resolver, posting: bool = False) -> list[Ref]:
        """The employer after a title: "Secretary General of NATO", "Chief of Staff of the Air Force".
        Words that belong to the title itself ("of Staff", "of Defense") are skipped; so is the
        posting of an office held abroad ("envoy to Syria"). The deputy or aide of a titled person
        serves that person's employer ("a deputy of Chilean President X" -> Chile)."""
        for child in title.children:
            if child.dep_ != "prep" or child.lower_ not in ("of", "for", "at", "to"):
                continue
            if posting and child.lower_ in ("to", "at"):
                continue
            pobj = _child(child, "pobj")
            if pobj is None or pobj.lower_ in self.lexicon.title_words:
                continue
            m = res.mention(pobj)
            if m is not None and m.entity.type in self._persons:
                before = _title_tokens_before(res.doc, m.start, pobj.sent.start, res)
                inner = self._title_in(before, res) if before else None
                if inner is not None:
                    found = self._title_orgs(before, res, before[inner[2]], False)
                    if found:
                        return found[:1]
                continue
            found = [r for r in res.refs(pobj) if r.via == "mention"
                     and r.candidates[0].type in ("GovernmentBody", "InternationalOrganization", "Organization",
                                                  "State")]
            if found:
                return found[:1]
        return []


def _office_given(person: Token) -> Optional[Token]:
    """The office noun of an appointment whose appointee is ``person``: "X was named (as) head"."""
    verb = person.head
    if person.dep_ not in ("nsubjpass", "dobj") or verb.lemma_.lower() not in lx.APPOINT_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in ("oprd", "xcomp") and child.pos_ in ("NOUN", "PROPN"):
            return child
        if child.dep_ == "prep" and child.lower_ == "as":
            return _child(child, "pobj")
    return None


def _title_tokens_before(doc, start: int, sent_start: int, res: Resolver) -> list[Token]:
    """Contiguous title words right before a name ("Russian Deputy Foreign Minister", "US Special
    Envoy to Syria"), read by position because the small parser often breaks these phrases.
    Another person's name ends them: "President Obama and Russian President Medvedev"."""
    tokens: list[Token] = []
    i = start - 1
    while i >= sent_start and len(tokens) < 10:
        tok = doc[i]
        other = res.mention(tok)
        if other is not None and other.entity.type == "Person":
            break
        if tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.tag_ in ("POS", "HYPH") or tok.text in ("-", "'s", "’s") \
                or (tok.lower_ in ("of", "to", "for", "and") and tokens) or tok.lower_ in lx.DEPUTY_WORDS:
            tokens.append(tok)
            i -= 1
            continue
        break
    while tokens and tokens[-1].lower_ in ("of", "to", "for", "and"):
        tokens.pop()
    tokens.reverse()
    return tokens


def _compounds_title(mention, tokens: list[Token], res: Resolver) -> bool:
    """Is the mention a bare modifier right before a title word ("Treasury Secretary")?"""
    nxt = mention.end
    return any(t.i == nxt and res.mention(t) is None and t.pos_ in ("NOUN", "PROPN") for t in tokens)


def _title_segments(tokens: list[Token]) -> list[list[Token]]:
    """Coordinated titles apart: "Prime Minister and Minister of Foreign Affairs" -> two."""
    segments: list[list[Token]] = [[]]
    for tok in tokens:
        if tok.lower_ in ("and", "&", ","):
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(tok)
    segments = [seg for seg in segments if seg]
    return segments if len(segments) > 1 else [tokens]


def _role_orgs(person, predicate: str, res: Resolver, title: str = "") -> list[Ref]:
    """ "President Donald Trump" with no country named: the gazetteer's role for the person, if
    the person held it at the document's date (or holds it now when the date is unknown); in an
    undated document also a role the person no longer holds when the text gives its title, which
    the text thereby says is held."""
    roles = [r for r in res.gazetteer.roles(person.id) if r.predicate == predicate]
    chosen = next((r for r in roles if _role_current(r, res.year)), None)
    if chosen is None and title and res.year is None:
        chosen = next((r for r in sorted(roles, key=lambda r: r.start or "", reverse=True)
                       if r.title and r.title.lower() == title.lower()), None)
    if chosen is not None:
        org = res.gazetteer.get(chosen.org)
        if org is not None:
            return [Ref((org,), "gazetteer-role", -1)]
    return []


def _role_current(role, year: Optional[int]) -> bool:
    start = int(role.start[:4]) if role.start and role.start[:4].isdigit() else None
    end = int(role.end[:4]) if role.end and role.end[:4].isdigit() else None
    if year is None:
        return end is None
    return (start is None or start <= year) and (end is None or year <= end)
