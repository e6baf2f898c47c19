"""Adding a predicate with triggers to the ontology makes the extractor produce it, no code change."""
from __future__ import annotations

from extract.pipeline import Extractor
from ontology.model import load_ontology

OVERLAY = """
@prefix tkg: <https://w3id.org/treatykg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
tkg:recognizes a owl:ObjectProperty ;
    rdfs:label "recognizes" ; rdfs:comment "The subject formally recognises the object as a state." ;
    rdfs:domain tkg:State ; rdfs:range tkg:State ;
    tkg:verbTrigger "recognize", "recognise" ;
    tkg:nounTrigger "recognition of" .
"""


def test_new_predicate_from_overlay_is_extracted(tmp_path, extractor):
    overlay = tmp_path / "overlay.ttl"
    overlay.write_text(OVERLAY)
    onto = load_ontology(overlays=[overlay])
    custom = Extractor(ontology=onto, gazetteer=extractor.gazetteer, nlp=extractor.nlp)
    text = "Sweden recognised Palestine in 2014. Israel criticised Sweden's recognition of Palestine."
    found = {(s.subject.name, s.predicate, s.object.name) for s in custom.extract_text(text).statements}
    assert ("Sweden", "recognizes", "Palestine") in found
    # The core extractor, without the overlay, knows no such predicate.
    core = {s.predicate for s in extractor.extract_text(text).statements}
    assert "recognizes" not in core


def test_user_subclass_of_actor_acts(tmp_path, extractor):
    """A class users add under Actor is an actor for the rules (speakers, accusers), not only the core nine."""
    overlay = tmp_path / "overlay.ttl"
    overlay.write_text(
        "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "tkg:MilitaryAlliance a owl:Class ; rdfs:subClassOf tkg:InternationalOrganization ;\n"
        "  rdfs:label \"Military alliance\" ; rdfs:comment \"c\" .\n")
    from extract.lexicon import Lexicon

    onto = load_ontology(overlays=[overlay])
    assert "MilitaryAlliance" in Lexicon.from_ontology(onto).actor_types


def test_renamed_predicates_keep_what_the_code_reads_from_their_annotations(tmp_path, extractor):
    """Renaming the stance, standing and accusation predicates in a workspace keeps their roles:
    the code finds them by their annotations (tkg:stancePolarity, tkg:standing, tkg:accusationOf),
    not by name, so the extraction is the same up to the names."""
    from treatykg.ontology_cli import main as ontology_main
    from ontology.workspace import load_effective

    renames = {"accuses": "blames", "supports": "backs", "party_to": "bound_by", "withdraws_from": "quits",
               "member_of": "belongs_to", "threatens": "menaces", "deploys_to": "posts_to"}
    for old, new in renames.items():
        assert ontology_main(["--dir", str(tmp_path), "--no-store", "rename", old, new]) == 0
    onto, gazetteer = load_effective(tmp_path)
    assert onto.accusation() == "blames"
    assert onto.stances()["backs"] == 1 and onto.predicates["bound_by"].standing
    custom = Extractor(ontology=onto, gazetteer=gazetteer, nlp=extractor.nlp)
    text = ("Chile said Peru had violated the Open Skies Treaty. Bolivia backed Ecuador. "
            "Uruguay is a party to the Open Skies Treaty. NATO pressed Norway not to leave the Open Skies Treaty. "
            "Estonia and other NATO states criticized Russia. Russia threatened to invade Georgia. "
            "NATO members such as Latvia and Lithuania protested.")
    core = {(s.subject.name, s.predicate, s.object.name, s.modality) for s in extractor.extract_text(text).statements}
    renamed = {(s.subject.name, s.predicate, s.object.name, s.modality) for s in custom.extract_text(text).statements}
    assert {(s, renames.get(p, p), o, m) for s, p, o, m in core} == renamed
    assert ("Chile", "blames", "Peru", "asserted") in renamed
    assert ("NATO", "backs", "Open Skies Treaty", "asserted") in renamed  # pressed not to leave: support
    assert ("Estonia", "belongs_to", "NATO", "asserted") in renamed and ("Latvia", "belongs_to", "NATO", "asserted") in renamed
    assert any(p == "menaces" and s == "Russia" for s, p, o, m in renamed)


def test_every_core_predicate_renamed_gives_the_same_extraction(tmp_path, extractor):
    """Issue 10 item 5: no predicate name in the code. Every core predicate renamed at once in a
    workspace, the sample corpus gives the same statements up to the names."""
    from pathlib import Path

    from treatykg.ontology_cli import main as ontology_main
    from ontology.workspace import load_effective

    renames = {name: f"{name}_x" for name in sorted(extractor.ontology.predicates)}
    for old, new in renames.items():
        assert ontology_main(["--dir", str(tmp_path), "--no-store", "rename", old, new]) == 0
    onto, gazetteer = load_effective(tmp_path)
    custom = Extractor(ontology=onto, gazetteer=gazetteer, nlp=extractor.nlp)
    sample = Path(__file__).resolve().parents[2] / "data" / "sample"
    for path in sorted(sample.iterdir())[:4]:
        text = path.read_text(encoding="utf-8")
        core = {(s.subject.id, renames[s.predicate], s.object.id, s.modality)
                for s in extractor.extract_text(text, name=path.name).statements}
        renamed = {(s.subject.id, s.predicate, s.object.id, s.modality)
                   for s in custom.extract_text(text, name=path.name).statements}
        assert core and renamed == core, path.name
