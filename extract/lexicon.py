"""The extractor's word lists: trigger indexes compiled from the ontology, and the closed-class
cue words (reporting verbs, modality cues, collective nouns) that the rules share.

Predicates and their triggers come only from the ontology; the cue words here are grammar, not
domain knowledge, so adding a predicate never needs a change in this file.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ontology.model import Ontology, Trigger

#: Verbs that introduce reported speech; their subject is the speaker.
REPORTING_VERBS = frozenset(
    "say tell announce state claim add note report insist confirm warn argue believe allege "
    "stress assert declare write reiterate deny acknowledge admit suggest reply respond explain "
    "emphasise emphasize complain caution predict promise pledge vow recall highlight contend "
    "charge maintain point indicate reveal disclose signal accuse think post tweet".split()
)
#: Reporting verbs whose content is contested by construction.
CLAIM_VERBS = frozenset("claim allege accuse charge contend insist".split())
#: Reporting verbs whose content is denied.
DENIAL_VERBS = frozenset("deny reject dismiss refute".split())

#: Verbs of intention or agreement governing an action (xcomp): "plans to station".
INTENT_VERBS = frozenset(
    "plan intend aim agree decide promise pledge vow offer prepare seek want wish propose "
    "threaten move set schedule expect resolve determine undertake commit apply invite".split()
)
#: Adjectives governing a planned action (xcomp): "is due to meet", "stands ready to join".
INTENT_ADJECTIVES = frozenset("due set ready poised scheduled prepared willing eager determined keen".split())
#: Verbs announcing a nominal action not yet done: "announced the withdrawal".
ANNOUNCE_VERBS = frozenset("announce propose plan order approve unveil seek pledge promise".split())
#: Verbs that deny the action they govern: "refused to condemn", "failed to ratify".
REFUSAL_VERBS = frozenset("refuse decline fail".split())
#: Verbs ending the action they govern: "stopped supplying gas", "ceased to fund".
STOP_VERBS = frozenset("stop cease quit halt".split())
#: Nouns whose pronoun possessor is the actor: "their bids", "its decision".
OWNED_ACT_NOUNS = frozenset("bid application membership accession request".split())
#: Verbs and adjectives making an action only possible: "may consider", "likely to".
POSSIBLE_VERBS = frozenset("consider hope try attempt mull weigh explore contemplate".split())
POSSIBLE_MODALS = frozenset("may might could can ca".split())
FUTURE_MODALS = frozenset("will shall 'll wo".split())
POSSIBLE_ADVERBS = frozenset(
    "possibly perhaps maybe likely probably potentially reportedly allegedly conceivably".split()
)
NEGATIONS = frozenset("not n't never no neither nor without".split())
#: Nouns that turn the trigger they govern into a plan or a possibility.
INTENT_NOUNS = frozenset("plan intention decision bid application request proposal offer pledge promise candidate "
                         "candidacy".split())
POSSIBLE_NOUNS = frozenset("doubt possibility opportunity prospect hope chance option risk question fear".split())
#: Nouns whose clause is someone's claim, not the narrator's fact: "allegations that", "no evidence that".
CLAIM_NOUNS = frozenset(
    "allegation claim accusation assertion charge evidence proof suggestion rumor rumour report suspicion".split()
)
#: Verbs that cancel a stance noun they govern: "dropped its objections" -> negated opposes.
CESSATION_VERBS = frozenset("drop lift end abandon withdraw cease stop halt renounce give".split())
#: Verbs whose object is asked to act, not acting: "pressed Washington not to leave".
OBJECT_CONTROL_VERBS = frozenset("press urge ask force persuade push encourage call allow tell order pressure".split())

#: Nouns that stand for an actor named by a modifier: "Russian officials", "the forces of Germany".
COLLECTIVE_NOUNS = frozenset(
    "official government administration regime leadership leader force military army troop soldier "
    "diplomat envoy ally member state country nation authority spokesman spokeswoman spokesperson "
    "side delegation negotiator navy minister ministry president representative cabinet parliament "
    "intelligence commander chief head staff embassy ambassador people citizen partner fighter militant "
    "terrorist rebel militia operative counterpart enemy "
    # a state's forces and weapons act for it: "Russian warplanes bombed ...", "Chinese ships blocked ..."
    "warplane jet aircraft drone missile warship ship vessel submarine bomber artillery unit battalion "
    "brigade police officer peacekeeper personnel".split()
)
#: Collective nouns whose "in"/"of" complement is the group they belong to: "U.S. allies in NATO".
MEMBERSHIP_NOUNS = frozenset("ally member state country nation".split())
#: Relational nouns: "Britain's closest ally" is not Britain, so the possessor is never the referent.
RELATIONAL_NOUNS = frozenset("ally partner neighbour neighbor enemy rival friend adversary foe".split())
#: Nouns looked through to their complement: "participation in New START" -> New START.
TRANSPARENT_NOUNS = frozenset(
    "participation involvement part role obligation commitment implementation terms term provision "
    "future fate extension renewal expiry rules limits operation application base basis facility".split()
)
#: Verbs of expressing whose object noun carries a stance: "voiced concern", "reaffirmed its support".
EXPRESS_VERBS = frozenset(
    "express voice convey register show signal reiterate offer extend send raise air state declare "
    "indicate repeat restate underline stress share reaffirm renew lend throw".split()
)
#: Light verbs whose object noun carries the relation: "held talks with", "has a partnership with".
LIGHT_VERBS = frozenset(
    "have hold sign conclude expand deepen strengthen launch conduct begin start continue announce "
    "seek pursue maintain establish build develop impose make reach open resume enter give provide "
    "offer forge broaden agree step carry stage undertake find apply bid pledge promise grant send deliver "
    "supply approve boost increase engage lift ease commit store keep".split()
) | EXPRESS_VERBS
#: Nouns measuring out the noun after "of": "a new package of sanctions", "a round of talks".
MEASURE_NOUNS = frozenset("package round set wave series raft batch tranche slew string host number".split())
#: Prepositions whose gerund shares the subject of the verb they hang on: "joined X in imposing".
SHARED_SUBJECT_PREPS = frozenset("in by while through".split())
#: Verbs whose subject receives what the noun object gives: "has the support of NATO members".
RECEIVE_VERBS = frozenset("have receive enjoy win get gain secure obtain".split())
#: Verbs whose indirect object (or passive subject) receives their object: "granted Moldova candidate status".
GRANT_VERBS = frozenset("grant give award offer accord confer".split())
#: Copulas and verbs linking a subject to a predicative noun: "Japan is a partner of NATO".
COPULAS = frozenset("be become remain stay seem appear".split())
#: Nouns before a title that place its holder outside the state ("opposition leader", "rebel
#: commander", "mercenary chief"): a demonym before them names where, not the employer.
NON_STATE_GROUP_NOUNS = frozenset(
    "opposition rebel rebels mercenary militia party union insurgent separatist guerrilla militant "
    "jihadist terrorist business company industry tribal church protest student labour labor "
    "dissident resistance exile".split()
)
#: Modifiers of a title that change it: deputies are officials, former office holders are not annotated.
DEPUTY_WORDS = frozenset("deputy vice assistant acting under associate".split())
FORMER_WORDS = frozenset("former ex late erstwhile outgoing".split())

PERSONAL_PRONOUNS = frozenset("he him his she her hers himself herself".split())
NONPERSONAL_PRONOUNS = frozenset("it its itself they them their theirs themselves".split())
RELATIVE_PRONOUNS = frozenset("which who whom that whose".split())
PLURAL_PRONOUNS = frozenset("they them their theirs themselves".split())
#: Reflexives refer to the subject of their own clause ("Chile defended itself").
REFLEXIVE_PRONOUNS = frozenset("itself themselves himself herself".split())
#: First person: inside a quotation it is the quotation's speaker ("we" its state or organisation).
FIRST_PERSON_SINGULAR = frozenset("i me my mine myself".split())
FIRST_PERSON_PLURAL = frozenset("we us our ours ourselves".split())
FIRST_PERSON = FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL
#: "the former", "the latter": the first or the last of the two (or more) entities just named.
POSITIONAL_REFERENCES = {"former": 0, "latter": -1}
#: "The U.S. rejected that.": a demonstrative standing for the previous act, read as its actor.
DEMONSTRATIVES = frozenset("that this".split())
#: Nouns of concern whose clause is the holder's judgement: "recalled concern that X was undermining".
CONCERN_NOUNS = frozenset("concern fear worry warning complaint criticism view belief".split())
#: Nouns naming an act just reported; "the move" stands for the actor who made it.
ACT_NOUNS = frozenset(
    "move decision step incursion offensive invasion withdrawal annexation deployment attack "
    "operation action measure announcement exit suspension charge accusation claim allegation proposal "
    "offer demand request".split()
)
#: Verbs that give someone an office: "was appointed commander of", "named him head of".
APPOINT_VERBS = frozenset("appoint name elect nominate make choose select install reappoint re-elect confirm".split())
#: Verbs whose subject hosts or mediates the talks they govern: "hosted talks between X and Y".
HOST_VERBS = frozenset("host chair mediate broker facilitate convene organise organize sponsor".split())
#: Verbs whose object is wished to act: "RAND wants NATO to oppose Russia" (possible, attributed).
OBJECT_WISH_VERBS = frozenset("want hope expect wish like need invite".split())


@dataclass
class Lexicon:
    """Trigger indexes keyed by lemma, built once per extractor from the ontology."""

    verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    nouns: dict[str, list[Trigger]] = field(default_factory=dict)
    adjectives: dict[str, list[Trigger]] = field(default_factory=dict)
    reported: dict[str, list[Trigger]] = field(default_factory=dict)
    antonyms: dict[str, list[Trigger]] = field(default_factory=dict)
    adverbs: dict[str, list[Trigger]] = field(default_factory=dict)
    converse: dict[str, list[Trigger]] = field(default_factory=dict)
    titles: dict[tuple[str, ...], Trigger] = field(default_factory=dict)
    max_title_words: int = 1
    title_words: frozenset[str] = frozenset()
    #: Title word tuples of offices held abroad (ambassador, envoy): their posting is not the employer.
    posting_titles: frozenset[tuple[str, ...]] = frozenset()
    #: Predicate of a head title -> the predicate it gives for a deputy's or a portfolio's office.
    lesser_office: dict[str, str] = field(default_factory=dict)
    #: Class -> predicate linking actors named in its noun phrase ("Chile-Peru accord" -> party_to).
    modifier_predicates: dict[str, str] = field(default_factory=dict)
    definite_heads: dict[str, list[str]] = field(default_factory=dict)
    #: Polarity nouns and adjectives of reported evaluations (tkg:evaluationTrigger), keyed by lemma.
    evaluations: dict[str, list[Trigger]] = field(default_factory=dict)
    #: Verbs whose subject evaluates their object (tkg:evaluationVerb), keyed by lemma.
    evaluation_verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    #: Verbs whose object holds a stance toward their subject (tkg:experiencerVerb), keyed by lemma.
    experiencer_verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    #: Nouns heading a description of an unnamed entity ("a fisheries agreement") -> its class.
    description_heads: dict[str, str] = field(default_factory=dict)
    #: Classes that can act or speak: the ontology's Actor and everything below it (user classes too).
    actor_types: frozenset[str] = frozenset()

    @classmethod
    def from_ontology(cls, onto: Ontology) -> "Lexicon":
        lex = cls()
        indexes = {
            "verb": defaultdict(list), "noun": defaultdict(list), "adjective": defaultdict(list),
            "reported": defaultdict(list), "antonym": defaultdict(list), "adverb": defaultdict(list),
            "converse": defaultdict(list),
        }
        for pred in onto.predicates.values():
            for trig in pred.triggers:
                if trig.kind == "title":
                    words = tuple(w for part in trig.text.lower().split() for w in part.split("-") if w)
                    current = lex.titles.get(words)
                    # One title, one predicate: the first (alphabetical predicate order) wins.
                    if current is None:
                        lex.titles[words] = trig
                        lex.max_title_words = max(lex.max_title_words, len(words))
                    continue
                indexes[trig.kind][trig.lemma].append(trig)
        for kind, index in indexes.items():
            for triggers in index.values():
                triggers.sort(key=lambda t: -t.size)
            setattr(lex, {"verb": "verbs", "noun": "nouns", "adjective": "adjectives",
                          "reported": "reported", "antonym": "antonyms", "adverb": "adverbs",
                          "converse": "converse"}[kind],
                    dict(index))
        evaluations: dict[str, dict[str, list[Trigger]]] = {
            kind: defaultdict(list) for kind in ("evaluation", "evaluation-verb", "experiencer")}
        for pred in onto.predicates.values():
            for trig in pred.evaluations:
                evaluations[trig.kind][trig.lemma].append(trig)
        lex.evaluations = dict(evaluations["evaluation"])
        lex.evaluation_verbs = dict(evaluations["evaluation-verb"])
        lex.experiencer_verbs = dict(evaluations["experiencer"])
        lex.title_words = frozenset(w for key in lex.titles for w in key)
        lex.posting_titles = frozenset(
            tuple(w for part in title.split() for w in part.split("-") if w)
            for pred in onto.predicates.values() for title in pred.posting_titles)
        lex.lesser_office = {p.name: p.lesser_office for p in onto.predicates.values()
                             if p.lesser_office in onto.predicates}
        lex.actor_types = onto.subclasses("Actor") or frozenset(
            {"State", "InternationalOrganization", "GovernmentBody", "Person", "Organization"})
        lex.modifier_predicates = {c.name: c.modifier_predicate for c in onto.classes.values()
                                   if c.modifier_predicate}
        heads: dict[str, list[str]] = defaultdict(list)
        for ont_class in onto.classes.values():
            # A head on an abstract class ("side" on Actor) refers to any class below it.
            for head in ont_class.definite_heads:
                for name in sorted(onto.subclasses(ont_class.name)) or [ont_class.name]:
                    if name not in heads[head]:
                        heads[head].append(name)
        lex.definite_heads = dict(heads)
        for ont_class in sorted(onto.classes.values(), key=lambda c: c.name):
            for head in ont_class.description_heads:
                lex.description_heads.setdefault(head, ont_class.name)
        return lex


#: Modifiers that do not tell one agreement or summit from another: "the new deal" is "the deal".
NON_DISTINCTIVE_MODIFIERS = frozenset(
    "new latest recent historic landmark current existing fresh formal proposed possible potential "
    "final first last previous earlier such same whole entire full broad broader wide wider major key "
    "important big significant so-called planned expected controversial long-awaited crucial vital "
    "this that these those other another second third good bad fair equal just binding unanimous separate "
    "effective international overall general broad wide-ranging comprehensive hard-won fragile own "
    "productive constructive fruitful frank candid difficult tough intense lengthy long brief successful "
    "failed stalled ongoing further renewed similar unified official remaining".split()
)
