"""The gazetteer's overlay edit keys: ``remove`` drops aliases, ``merge_into`` folds entities."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ontology.gazetteer import GazetteerError, load_gazetteer


def _write(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_remove_drops_aliases_and_their_spelling_variants(tmp_path):
    extra = _write(tmp_path / "entities.jsonl", [
        {"name": "NATO", "type": "InternationalOrganization", "remove": ["Nato", "OTAN"]}])
    nato = load_gazetteer([extra]).get("nato")
    assert "Nato" not in nato.aliases and "OTAN" not in nato.aliases
    assert "North Atlantic Treaty Organization" in nato.aliases


def test_merge_into_moves_names_roles_and_references(tmp_path):
    extra = _write(tmp_path / "entities.jsonl", [
        {"name": "Barack Obama", "type": "Person", "merge_into": "Joe Biden"}])
    gaz = load_gazetteer([extra])
    assert gaz.get("barack_obama") is None
    biden = gaz.get("joe_biden")
    assert {"Barack Obama", "Obama"} <= set(biden.aliases)
    assert gaz.lookup("Obama")[0].id == "joe_biden"
    assert any(r.start == "2009" and r.predicate == "leads" for r in gaz.roles("joe_biden"))
    assert all(p["id"] != "barack_obama" for p in gaz.patterns())


def test_merge_chains_and_removals_after_merges(tmp_path):
    extra = _write(tmp_path / "entities.jsonl", [
        {"name": "Barack Obama", "type": "Person", "merge_into": "Joe Biden"},
        {"name": "Joe Biden", "type": "Person", "merge_into": "Donald Trump", "remove": ["Obama"]},
    ])
    gaz = load_gazetteer([extra])
    trump = gaz.get("donald_trump")
    assert gaz.get("joe_biden") is None and gaz.get("barack_obama") is None
    assert {"Joe Biden", "Barack Obama", "Biden"} <= set(trump.aliases)
    assert "Obama" not in trump.aliases  # removed on a merged line: applies to where it went


def test_parent_pointing_at_a_merged_entity_follows_it(tmp_path):
    extra = _write(tmp_path / "entities.jsonl", [
        {"name": "Soviet Union", "type": "State", "merge_into": "Russia"}])
    gaz = load_gazetteer([extra])
    assert gaz.get("soviet_union") is None
    assert "Soviet Union" in gaz.get("russia").aliases


def test_edit_keys_only_in_overlays_and_checked(tmp_path):
    bad = _write(tmp_path / "entities.jsonl", [{"name": "NATO", "type": "InternationalOrganization",
                                                "merge_into": "Atlantis"}])
    with pytest.raises(GazetteerError, match="unknown merge_into entity 'Atlantis'"):
        load_gazetteer([bad])
    data = tmp_path / "data"
    data.mkdir()
    (data / "states.jsonl").write_text("")
    _write(data / "events.jsonl", [{"name": "Exercise One", "remove": ["x"]}])
    with pytest.raises(GazetteerError, match="unknown field"):
        load_gazetteer(data_dir=data)


def test_types_of_an_edited_ontology_are_accepted(tmp_path):
    extra = _write(tmp_path / "entities.jsonl", [{"name": "AUKUS", "type": "MilitaryAlliance"}])
    with pytest.raises(GazetteerError, match="'type' must be one of"):
        load_gazetteer([extra])
    assert load_gazetteer([extra], types=["MilitaryAlliance"]).get("aukus").type == "MilitaryAlliance"
