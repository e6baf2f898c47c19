"""Hand-made records for the tests (no extraction involved)."""
from __future__ import annotations


from ontology.records import Document, Entity, ExtractionResult, Statement, document_id

US = Entity("united_states", "United States", "State", aliases=("US", "USA"))
RU = Entity("russia", "Russia", "State", aliases=("Russian Federation",))
FR = Entity("france", "France", "State")
NATO = Entity("nato", "NATO", "InternationalOrganization", aliases=("the alliance",))
OST = Entity("open_skies_treaty", "Open Skies Treaty", "Treaty")
INF = Entity("inf_treaty", "INF Treaty", "Treaty")
TRUMP = Entity("donald_trump", "Donald Trump", "Person")


def document(path: str, text: str, title: str = "", date: str | None = None) -> Document:
    return Document(id=document_id(text), path=path, title=title or path, date=date)


def statement(doc: Document, s: Entity, p: str, o: Entity, modality: str = "asserted", start: int = 0,
              date: str | None = None, attributed_to: Entity | None = None, sentence: str = "") -> Statement:
    return Statement(doc=doc.name, subject=s, predicate=p, object=o, modality=modality,
                     attributed_to=attributed_to, date=date, sentence=sentence or f"{s.name} {p} {o.name}.",
                     start=start, end=start + 20, confidence=0.9, rule="test", doc_id=doc.id)


def result(doc: Document, *statements: Statement, entities=()) -> ExtractionResult:
    ents = {e.id: e for e in entities}
    for st in statements:
        ents.setdefault(st.subject.id, st.subject)
        ents.setdefault(st.object.id, st.object)
    return ExtractionResult(document=doc, entities=list(ents.values()), statements=list(statements))


def article_a(path: str = "news/a.txt", text: str = "version one") -> ExtractionResult:
    """Two withdrawals, a criticism and a symmetric pair, dated."""
    doc = document(path, text, date="2020-05-21")
    return result(
        doc,
        statement(doc, US, "withdraws_from", OST, start=0, date="2020-05-21"),
        statement(doc, US, "withdraws_from", OST, modality="intended", start=50, date="2020-05-22"),
        statement(doc, RU, "criticizes", US, start=100, date="2020-05-21", attributed_to=RU),
        statement(doc, RU, "negotiates_with", US, start=150),
    )


def article_b(path: str = "news/b.txt", text: str = "second article") -> ExtractionResult:
    doc = document(path, text, date="2019-02-01")
    return result(
        doc,
        statement(doc, US, "withdraws_from", INF, start=0, date="2019-02-01"),
        statement(doc, US, "withdraws_from", OST, modality="alleged", start=40, date="2019-01-01"),
        statement(doc, US, "negotiates_with", RU, start=80, date="2019-02-01"),
        statement(doc, FR, "supports", NATO, start=120),
        entities=[TRUMP],
    )


def synthetic(n_docs: int, per_doc: int, prefix: str = "doc", n_entities: int = 40) -> list[ExtractionResult]:
    """Deterministic documents of ``per_doc`` statements each over a small pool of entities."""
    from ontology.records import Entity

    states = [Entity(f"s{i}", f"State {i}", "State") for i in range(n_entities)]
    predicates = ["opposes", "supports", "criticizes", "cooperates_with", "sanctions"]
    modalities = ["asserted", "negated", "intended", "possible", "alleged"]
    out = []
    for d in range(n_docs):
        doc = document(f"{prefix}/{d}.txt", f"{prefix} content {d}", date=f"2020-01-{1 + d % 28:02d}")
        sts = []
        for i in range(per_doc):
            a = states[(d * 7 + i) % n_entities]
            b = states[(d * 3 + i * 11 + 1) % n_entities]
            if a.id == b.id:
                b = states[(d * 3 + i * 11 + 2) % n_entities]
            sts.append(statement(doc, a, predicates[i % 5], b, modality=modalities[(i + d) % 5], start=i * 10,
                                 date=f"20{10 + (i + d) % 15}-0{1 + i % 9}-1{i % 10}"))
        out.append(result(doc, *sts))
    return out
