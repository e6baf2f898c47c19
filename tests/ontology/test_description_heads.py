"""tkg:descriptionHead: nouns that introduce an unnamed entity of a class, read by the model."""
from __future__ import annotations

from ontology.model import load_ontology


def test_core_classes_carry_description_heads():
    onto = load_ontology()
    assert "agreement" in onto.classes["Treaty"].description_heads
    assert "summit" in onto.classes["Event"].description_heads
    assert onto.classes["State"].description_heads == ()


def test_overlay_adds_description_heads(tmp_path):
    overlay = tmp_path / "extra.ttl"
    overlay.write_text(
        "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
        'tkg:Event tkg:descriptionHead "conference" .\n', encoding="utf-8")
    onto = load_ontology(overlays=[overlay])
    assert "conference" in onto.classes["Event"].description_heads
