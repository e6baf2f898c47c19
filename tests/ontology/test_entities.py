"""Entity edits through the gazetteer overlay: aliases, types, merges and splits."""
from __future__ import annotations

import pytest

from ontology import edits, entities
from ontology.errors import EditRefused
from ontology.gazetteer import load_gazetteer
from ontology.workspace import Workspace


@pytest.fixture(scope="module")
def base():
    return load_gazetteer()


def effective(workspace: Workspace, draft):
    """Save the draft and read the gazetteer the extractor would use."""
    workspace.write(workspace.render(draft))
    return workspace.gazetteer(workspace.ontology())


def known(gaz, key):
    return entities.resolve(key, gaz)


def test_add_and_remove_alias(workspace, draft, base):
    nato = known(base, "NATO")
    out = entities.add_alias(draft, nato, "the Atlantic pact", base, base)
    assert out.store == [{"action": "set_aliases", "id": "nato", "add": ["the Atlantic pact"]}]
    gaz = effective(workspace, out.draft)
    assert gaz.lookup("the Atlantic pact")[0].id == "nato"
    out = entities.remove_alias(out.draft, known(gaz, "NATO"), "the Atlantic pact", base)
    assert out.draft.entities == []  # back to nothing: the line is dropped
    out = entities.remove_alias(out.draft, known(gaz, "NATO"), "OTAN", base)
    gaz = effective(workspace, out.draft)
    assert "OTAN" not in gaz.get("nato").aliases and not gaz.lookup("OTAN")
    back = entities.add_alias(out.draft, known(gaz, "NATO"), "OTAN", gaz, base)
    assert back.draft.entities == []


def test_alias_refusals(draft, base):
    nato = known(base, "NATO")
    with pytest.raises(EditRefused, match="already a name of NATO"):
        entities.add_alias(draft, nato, "Nato", base, base)
    with pytest.raises(EditRefused, match="is the name of another entity, Russia"):
        entities.add_alias(draft, nato, "Russia", base, base)
    with pytest.raises(EditRefused, match="cannot be empty"):
        entities.add_alias(draft, nato, "   ", base, base)
    with pytest.raises(EditRefused, match="'Moscow' is not an alias of NATO"):
        entities.remove_alias(draft, nato, "Moscow", base)


def test_resolve_refusals(base):
    with pytest.raises(EditRefused, match="unknown entity 'Atlantis'"):
        entities.resolve("Atlantis", base)
    assert entities.resolve("nato", base).id == "nato"
    assert entities.resolve("Washington", base).id == "united_states"
    stored = [{"id": "jens_x", "name": "Jens X", "type": "Person"}]
    assert entities.resolve("Jens X", base, stored).in_gazetteer is False


def test_retype(workspace, draft, base):
    out = entities.set_type(draft, known(base, "Open Skies Treaty"), "Event",
                            ["Event", "Treaty", "State"], base)
    assert out.store == [{"action": "set_type", "ids": ["open_skies_treaty"], "type": "Event"}]
    assert effective(workspace, out.draft).get("open_skies_treaty").type == "Event"
    with pytest.raises(EditRefused, match="unknown or abstract class 'Actor'"):
        entities.set_type(draft, known(base, "NATO"), "Actor", ["Event", "State"], base)
    with pytest.raises(EditRefused, match="already a Treaty"):
        entities.set_type(draft, known(base, "Open Skies Treaty"), "Treaty", ["Treaty"], base)


def test_retype_to_a_class_added_by_the_user(workspace, draft, base):
    draft = edits.add_class(draft, "MilitaryAlliance", parent="InternationalOrganization").draft
    types = ["MilitaryAlliance", "InternationalOrganization"]
    out = entities.set_type(draft, known(base, "NATO"), "MilitaryAlliance", types, base)
    gaz = effective(workspace, out.draft)
    assert gaz.get("nato").type == "MilitaryAlliance"
    assert any(p["id"] == "nato" and p["label"] == "MilitaryAlliance" for p in gaz.patterns())


def test_merge_and_split_back(workspace, draft, base):
    out = entities.merge(draft, known(base, "Joe Biden"), known(base, "Barack Obama"), base)
    assert out.store[0] == {"action": "merge_entities", "survivor": "joe_biden", "loser": "barack_obama",
                            "name": "Joe Biden", "type": "Person"}
    gaz = effective(workspace, out.draft)
    assert gaz.get("barack_obama") is None
    assert gaz.lookup("Barack Obama")[0].id == "joe_biden"
    # Splitting the loser's name off undoes the merge in the gazetteer.
    split = entities.split(out.draft, known(gaz, "Joe Biden"), "Barack Obama", None, ["Person"], gaz, base)
    assert split.draft.entities == []
    gaz = effective(workspace, split.draft)
    assert gaz.get("barack_obama").aliases == base.get("barack_obama").aliases


def test_merge_a_stored_entity_into_a_gazetteer_one(workspace, draft, base):
    stored = entities.Known("jens_x", "Jens X", "Person", ("J. X.",), in_gazetteer=False)
    out = entities.merge(draft, known(base, "NATO"), stored, base)
    gaz = effective(workspace, out.draft)
    assert gaz.lookup("Jens X")[0].id == "nato" and gaz.lookup("J. X.")[0].id == "nato"
    assert "Person" in out.message
    with pytest.raises(EditRefused, match="the same entity"):
        entities.merge(draft, known(base, "NATO"), known(base, "Nato"), base)


def test_split_an_alias_into_its_own_entity(workspace, draft, base):
    gaz = base
    out = entities.split(draft, known(gaz, "United States"), "White House", "GovernmentBody",
                         ["GovernmentBody", "State"], gaz, base)
    gaz = effective(workspace, out.draft)
    assert gaz.lookup("White House")[0].type == "GovernmentBody"
    assert "White House" not in gaz.get("united_states").aliases
    assert out.reextract == {"action": "reextract", "entity": "united_states"}
    odd = entities.Known("nato", "NATO", "InternationalOrganization", ("Ukraine",))
    with pytest.raises(EditRefused, match=r"an entity Ukraine \(State\) already has the id ukraine"):
        entities.split(draft, odd, "Ukraine", None, ["State"], base, base)
    with pytest.raises(EditRefused, match="'Kremlin' is not an alias of NATO"):
        entities.split(draft, odd, "Kremlin", None, ["State"], base, base)


@pytest.mark.parametrize("alias", ["\u202eOTAN-ed", "At\u200blantic pact", "Atlantic\u2066 pact"])
def test_alias_with_an_invisible_formatting_character_is_refused(draft, base, alias):
    """A right-to-left override or zero-width character makes a name read as another one; it was
    accepted (issue 11). The message says what and escapes it."""
    nato = known(base, "NATO")
    with pytest.raises(EditRefused, match=r"alias .* contains an invisible formatting character \(U\+") as info:
        entities.add_alias(draft, nato, alias, base, base)
    assert alias not in str(info.value) and "\\u" in str(info.value)


def test_label_with_a_direction_override_is_refused(draft):
    with pytest.raises(EditRefused, match="label .* invisible formatting character"):
        edits.add_class(draft, "MilitaryAlliance", label="Military \u202eAlliance")
