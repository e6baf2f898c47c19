"""The ontology as typed Python objects, read from OWL/Turtle with rdflib.

Everything that needs entity types or predicates (extractor, loader, SHACL shapes, app) goes
through :func:`load_ontology`, so the Turtle file stays the single source of truth.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from ontology.namespace import TKG

CORE_PATH = Path(__file__).with_name("core.ttl")

#: Trigger kinds, in the order they are read from the ontology.
TRIGGER_KINDS = ("verb", "noun", "adjective", "title", "reported", "antonym", "adverb", "converse")

#: Words that, at the end of a trigger, introduce its object.
PREPOSITIONS = frozenset(
    "about across against along among around as at between by for from in inside into of off on onto "
    "out over through to toward towards under upon with within".split()
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: ``"pull out of"`` -> lemma ``pull``, words ``("out",)``, preps ``("of",)``."""

    text: str
    kind: str
    predicate: str
    lemma: str
    words: tuple[str, ...] = ()
    preps: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        """How specific the trigger is; longer triggers win over shorter ones."""
        return 1 + len(self.words) + (1 if self.preps else 0)


@dataclass(frozen=True, slots=True)
class OntClass:
    name: str
    label: str
    comment: str = ""
    parent: Optional[str] = None
    abstract: bool = False
    definite_heads: tuple[str, ...] = ()
    #: The predicate linking actors named in the noun phrase of an entity of this class to it.
    modifier_predicate: Optional[str] = None
    description_heads: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Predicate:
    name: str
    label: str
    comment: str
    domain: frozenset[str]
    range: frozenset[str]
    symmetric: bool = False
    inverse: Optional[str] = None
    triggers: tuple[Trigger, ...] = ()
    cameo: Optional[str] = None
    plover: Optional[str] = None
    speech_act: bool = False
    implies_accusation: bool = False
    #: The predicate this one's head titles give for a deputy's or a portfolio's office (leads -> official_of).
    lesser_office: Optional[str] = None
    #: Titles of an office held abroad (ambassador, envoy): the posting is not the employer.
    posting_titles: tuple[str, ...] = ()
    #: Intransitive triggers move the subject itself as a force ("troops travelled to"): a person is not one.
    force_movement: bool = False
    #: Predicates a statement of this one also states, where their domain and range admit it.
    entails: tuple[str, ...] = ()
    #: Polarity words of reported evaluations expressing this stance: nouns and adjectives
    #: (tkg:evaluationTrigger, kind "evaluation"), verbs (tkg:evaluationVerb, kind "evaluation-verb") and
    #: verbs whose object holds the stance (tkg:experiencerVerb, kind "experiencer").
    evaluations: tuple[Trigger, ...] = ()
    #: Classes an evaluation's target may have (tkg:evaluationRange; empty: the predicate's range).
    evaluation_range: frozenset[str] = frozenset()
    #: For (+1) or against (-1) the object (tkg:stancePolarity); 0: not a stance.
    stance_polarity: int = 0
    #: A standing relation (tkg:standing: an office, a membership), not an act.
    standing: bool = False
    #: States the accusations that tkg:impliesAccusation claims carry (tkg:accusationOf).
    accusation_of: bool = False
    #: A verb trigger's object may stand for its owner (tkg:verbTargetsOwner).
    verb_targets_owner: bool = False
    #: The subject leaves the object (tkg:departure).
    departure: bool = False
    #: In the passive the theme is the actor (tkg:passiveTheme).
    passive_theme: bool = False

    @property
    def relationship_type(self) -> str:
        """Graph relationship type: the predicate in upper case (``WITHDRAWS_FROM``)."""
        return self.name.upper()


@dataclass
class Ontology:
    """Classes and predicates of the effective ontology, plus the rdflib graph they came from."""

    graph: Graph
    classes: dict[str, OntClass] = field(default_factory=dict)
    predicates: dict[str, Predicate] = field(default_factory=dict)

    def is_class(self, name: str) -> bool:
        return name in self.classes

    def is_predicate(self, name: str) -> bool:
        return name in self.predicates

    @property
    def entity_types(self) -> list[str]:
        """Concrete classes: the types an entity can have."""
        return [c.name for c in self.classes.values() if not c.abstract]

    def accusation(self) -> Optional[str]:
        """The predicate of implied accusations (tkg:accusationOf), if the ontology has one."""
        return next((n for n, p in sorted(self.predicates.items()) if p.accusation_of), None)

    def stances(self) -> dict[str, int]:
        """The stance predicates (tkg:stancePolarity) and their polarity, those for first."""
        found = {n: p.stance_polarity for n, p in self.predicates.items() if p.stance_polarity}
        return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

    def subclasses(self, name: str) -> frozenset[str]:
        """The concrete classes at or below ``name`` (transitively)."""
        found: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            cls = self.classes.get(current)
            if cls is not None and not cls.abstract:
                found.add(current)
            todo.extend(c.name for c in self.classes.values() if c.parent == current)
        return frozenset(found)

    def allows(self, predicate: str, subject_type: str, object_type: str) -> bool:
        """Does the predicate's domain and range admit these types?"""
        pred = self.predicates.get(predicate)
        if pred is None:
            return False
        return subject_type in pred.domain and object_type in pred.range

    def triggers(self, kind: str) -> list[Trigger]:
        return [t for p in self.predicates.values() for t in p.triggers if t.kind == kind]


def parse_trigger(text: str, kind: str, predicate: str) -> Trigger:
    """Parse the trigger mini-syntax documented at the top of core.ttl."""
    parts = text.strip().lower().split()
    if not parts:
        raise ValueError(f"empty {kind} trigger on predicate {predicate!r}")
    preps: tuple[str, ...] = ()
    last = parts[-1]
    alternatives = last.split("|")
    if len(parts) > 1 and all(a in PREPOSITIONS for a in alternatives):
        preps = tuple(alternatives)
        parts = parts[:-1]
    if kind in ("noun", "adjective") and len(parts) > 1 and kind == "noun":
        # Nouns are matched on their head, the last word: "founding member of" -> member + "founding".
        return Trigger(text=text, kind=kind, predicate=predicate, lemma=parts[-1],
                       words=tuple(parts[:-1]), preps=preps)
    if kind == "title":
        # Titles are matched as whole phrases: keep every word, no object preposition.
        return Trigger(text=text, kind=kind, predicate=predicate, lemma=parts[-1],
                       words=tuple(parts[:-1]), preps=preps)
    return Trigger(text=text, kind=kind, predicate=predicate, lemma=parts[0],
                   words=tuple(parts[1:]), preps=preps)


def load_ontology(path: Path | str | None = None, overlays: Iterable[Path | str] = ()) -> Ontology:
    """Read the core ontology (and optional overlay files) into an :class:`Ontology`."""
    graph = Graph()
    graph.bind("tkg", TKG)
    graph.parse(str(path or CORE_PATH), format="turtle")
    for overlay in overlays:
        graph.parse(str(overlay), format="turtle")
    return ontology_from_graph(graph)


def ontology_from_graph(graph: Graph) -> Ontology:
    """Build the typed view of an rdflib graph holding OWL classes and object properties."""
    onto = Ontology(graph=graph)
    for cls in sorted(set(graph.subjects(RDF.type, OWL.Class)), key=str):
        name = _local(cls)
        if name is None or graph.value(cls, OWL.unionOf) is not None:
            continue  # anonymous or union classes are only used in domains and ranges
        parent = graph.value(cls, RDFS.subClassOf)
        onto.classes[name] = OntClass(
            name=name,
            label=_text(graph.value(cls, RDFS.label)) or name,
            comment=_text(graph.value(cls, RDFS.comment)),
            parent=_local(parent) if parent is not None else None,
            abstract=_flag(graph.value(cls, TKG.abstract)),
            definite_heads=tuple(sorted(_text(v).lower() for v in graph.objects(cls, TKG.definiteHead))),
            modifier_predicate=_local(graph.value(cls, TKG.modifierPredicate)),
            description_heads=tuple(sorted(_text(v).lower() for v in graph.objects(cls, TKG.descriptionHead))),
        )
    for prop in sorted(set(graph.subjects(RDF.type, OWL.ObjectProperty)), key=str):
        name = _local(prop)
        if name is None:
            continue
        triggers = []
        for kind in TRIGGER_KINDS:
            for value in sorted(graph.objects(prop, TKG[f"{kind}Trigger"]), key=str):
                triggers.append(parse_trigger(str(value), kind, name))
        inverse = graph.value(prop, OWL.inverseOf)
        lesser = graph.value(prop, TKG.lesserOffice)
        onto.predicates[name] = Predicate(
            name=name,
            label=_text(graph.value(prop, RDFS.label)) or name.replace("_", " "),
            comment=_text(graph.value(prop, RDFS.comment)),
            domain=_class_set(onto, graph, graph.value(prop, RDFS.domain)),
            range=_class_set(onto, graph, graph.value(prop, RDFS.range)),
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
            inverse=_local(inverse) if inverse is not None else None,
            triggers=tuple(triggers),
            cameo=_text(graph.value(prop, TKG.cameoCode)) or None,
            plover=_text(graph.value(prop, TKG.ploverCode)) or None,
            speech_act=_flag(graph.value(prop, TKG.speechAct)),
            implies_accusation=_flag(graph.value(prop, TKG.impliesAccusation)),
            stance_polarity=_polarity(graph.value(prop, TKG.stancePolarity)),
            standing=_flag(graph.value(prop, TKG.standing)),
            accusation_of=_flag(graph.value(prop, TKG.accusationOf)),
            verb_targets_owner=_flag(graph.value(prop, TKG.verbTargetsOwner)),
            departure=_flag(graph.value(prop, TKG.departure)),
            passive_theme=_flag(graph.value(prop, TKG.passiveTheme)),
            lesser_office=_local(lesser) if lesser is not None else None,
            force_movement=_flag(graph.value(prop, TKG.forceMovement)),
            entails=tuple(sorted(n for n in (_local(v) for v in graph.objects(prop, TKG.entails)) if n)),
            posting_titles=tuple(sorted(str(v).strip().lower() for v in graph.objects(prop, TKG.postingTitle))),
            evaluations=tuple(parse_trigger(str(v), kind, name)
                              for kind, annotation in (("evaluation", TKG.evaluationTrigger),
                                                       ("evaluation-verb", TKG.evaluationVerb),
                                                       ("experiencer", TKG.experiencerVerb))
                              for v in sorted(graph.objects(prop, annotation), key=str)),
            evaluation_range=_class_set(onto, graph, graph.value(prop, TKG.evaluationRange))
            if graph.value(prop, TKG.evaluationRange) is not None else frozenset(),
        )
    return onto


def _class_set(onto: Ontology, graph: Graph, node) -> frozenset[str]:
    """Concrete classes denoted by a domain/range: a class, a union, or nothing (= any entity)."""
    if node is None:
        return frozenset(onto.entity_types)
    union = graph.value(node, OWL.unionOf)
    if union is not None:
        names: set[str] = set()
        for member in Collection(graph, union):
            names |= _class_set(onto, graph, member)
        return frozenset(names)
    name = _local(node)
    if name is None or name not in onto.classes:
        return frozenset()
    return onto.subclasses(name)


def _local(node) -> Optional[str]:
    if not isinstance(node, URIRef):
        return None
    text = str(node)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text or None


def _text(value) -> str:
    return str(value) if value is not None else ""


def _polarity(value) -> int:
    """+1, -1 or 0 from a tkg:stancePolarity literal (anything else: 0)."""
    try:
        number = int(str(value)) if value is not None else 0
    except ValueError:
        return 0
    return (number > 0) - (number < 0)


def _flag(value) -> bool:
    return isinstance(value, Literal) and bool(value.toPython()) is True
