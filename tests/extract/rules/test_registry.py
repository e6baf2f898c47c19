"""The rule-family registry (extract/rules/registry.py): every family is listed, and a family
registered from outside the package runs in the extractor."""
from __future__ import annotations

from dataclasses import fields

from extract.lexicon import Lexicon

FAMILY_NAMES = ["verb", "antonym", "converse", "reported", "adverb", "noun", "adjective",
                "title", "hyphen", "modifier", "members", "reaction"]


def test_registry_lists_every_family_in_run_order():
    from extract import lexicon as lx
    from extract.rules import families

    listed = families()
    assert [f.name for f in listed] == FAMILY_NAMES
    assert [f.scope for f in listed] == ["token"] * 7 + ["sentence"] * 5
    tables = {f.name for f in fields(Lexicon)}
    for family in listed:
        assert family.kinds, family.name
        # each kind is a Lexicon table or a fixed word list of extract.lexicon
        assert all(k in tables or hasattr(lx, k) for k in family.kinds), family


def test_a_registered_family_produces_candidates(monkeypatch, extractor):
    import pytest

    from extract.rules import Candidate, RelationRules, registry
    from extract.rules.base import RuleFamily

    monkeypatch.setattr(registry, "FAMILIES", dict(registry.FAMILIES))

    @registry.register("test-eponym", kinds=(), scope="sentence")
    class EponymRules(RuleFamily):
        """A toy family: every named state in a sentence with "eponymous" supports the first one."""

        def sentence(self, sent, res, tokens):
            if not any(t.lower_ == "eponymous" for t in tokens):
                return []
            states = [r for t in tokens if (m := res.mention(t)) is not None and m.entity.type == "State"
                      for r in res.refs(t)[:1]]
            if len(states) < 2:
                return []
            return [Candidate("supports", states[1:2], states[:1], tokens[0], "test-eponym:toy", 0.9)]

    assert registry.families()[-1].name == "test-eponym"
    with pytest.raises(ValueError):
        registry.register("test-eponym", kinds=(), scope="sentence")(EponymRules)

    text = "An eponymous statement named Chile and Peru."
    before = {(s.subject.name, s.predicate, s.object.name, s.rule) for s in extractor.extract_text(text).statements}
    assert not any(rule.startswith("test-eponym") for *_, rule in before)
    monkeypatch.setattr(extractor, "rules", RelationRules(extractor.ontology, extractor.lexicon))
    found = {(s.subject.name, s.predicate, s.object.name, s.rule) for s in extractor.extract_text(text).statements}
    assert ("Peru", "supports", "Chile", "test-eponym:toy") in found
