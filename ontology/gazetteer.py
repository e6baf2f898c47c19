"""Gazetteer: canonical entities, their aliases and adjectives, as spaCy EntityRuler patterns.

States are generated from maintained packages (pycountry for the ISO list, countryinfo for
capitals and demonyms) and corrected by ``data/gazetteer/states.jsonl``; every other entity
comes from the editable JSON Lines files next to it.  Nothing is cached at module level: the
caller keeps the :class:`Gazetteer` returned by :func:`load_gazetteer`.

Ambiguity rule (documented in data/gazetteer/README.md): when one surface string belongs to
several entities, the entity whose canonical name *is* that string wins; otherwise the narrower
type wins (Person, Event, Treaty, Policy, GovernmentBody, Organization, InternationalOrganization,
Location, State); ties go to the smaller id.  Names and aliases beat adjectives.  Adjectives
prefer States, then organisations, then Locations.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from ontology.records import Entity, slugify

TYPES = (
    "State", "InternationalOrganization", "GovernmentBody", "Person", "Organization",
    "Treaty", "Event", "Location", "Policy",
)
ROLE_PREDICATES = ("leads", "official_of")
NORP = "NORP"

DATA_DIR = Path(__file__).resolve().parent / "data" / "gazetteer"
STATES_FILE = "states.jsonl"
# File name -> default type of its lines (a line may still set "type").
CURATED_FILES = {
    "international_organizations.jsonl": "InternationalOrganization",
    "government_bodies.jsonl": "GovernmentBody",
    "organizations.jsonl": "Organization",
    "treaties.jsonl": "Treaty",
    "people.jsonl": "Person",
    "events.jsonl": "Event",
    "locations.jsonl": "Location",
    "policies.jsonl": "Policy",
}

# Narrow referents first: a curated treaty or person outranks a capital-city alias of a State.
_NAME_RANK = {t: i for i, t in enumerate((
    "Person", "Event", "Treaty", "Policy", "GovernmentBody", "Organization",
    "InternationalOrganization", "Location", "State"))}
# Demonyms are about countries first.
_ADJ_RANK = {t: i for i, t in enumerate((
    "State", "InternationalOrganization", "Organization", "GovernmentBody", "Location",
    "Person", "Event", "Treaty", "Policy"))}

_ENTITY_KEYS = {"name", "type", "aliases", "adjectives", "roles", "parent"}
# User overlay files (extra_files) may also drop aliases and merge an entity into another.
_OVERLAY_KEYS = _ENTITY_KEYS | {"remove", "merge_into"}
_ROLE_KEYS = {"predicate", "org", "title", "start", "end"}
_STATE_KEYS = {"iso", "name", "type", "aliases", "adjectives", "remove", "capital",
               "merge_into", "skip"}

# Head and modifier words that news copy often writes in lower case inside a proper name
# ("Open Skies treaty", "Russian foreign ministry"); only these are lowered in the variant.
_GENERIC_WORDS = frozenset("""
treaty treaties agreement agreements accord accords convention pact deal memorandum protocol
charter declaration act initiative partnership dialogue programme program plan strategy doctrine
policy expansion enlargement pipeline summit exercise exercises drills operation mission talks
conference forum ministry department office council committee commission agency service
services bureau directorate command headquarters staff forces force army navy corps guard fleet
military armed foreign defence defense affairs security intelligence national parliament assembly
government court bank coalition organisation organization sea ocean strait straits gulf peninsula
island islands heights strip region canal shoal gap corridor nuclear missile missiles weapons
chemical biological test ban comprehensive arms control reduction limitation strategic
intermediate-range range non-proliferation prohibition conventional offensive ballistic
anti-ballistic outer space air marine aerospace rocket ground maritime coast special joint chiefs
cyber centre center deterrence reassurance readiness action membership cooperation
""".split())
# Words kept lower case in the Title Case variant (unless first).
_SMALL_WORDS = frozenset("of the and on in for to a an at by with de du des la le al el bin von "
                         "der van den".split())
# Spelling pairs expanded both ways inside multi-word names (US vs British spelling, house styles).
_SPELLING_PAIRS = (("Defence", "Defense"), ("Organisation", "Organization"),
                   ("Centre", "Center"), ("Programme", "Program"))
_TOKEN_PAIRS = (("US", "U.S."), ("UK", "U.K."), ("UN", "U.N."), ("NATO", "Nato"))
# Alternative spellings whose words mark an English long-form country name.
_ENGLISH_MARKERS = frozenset("""
Republic Kingdom State States Federation Federal Union Commonwealth Islands Island Principality
Duchy Sultanate Confederation Emirates Territory Democratic Socialist Islamic Plurinational
Independent Nation Bolivarian Hashemite Co-operative Cooperative United People's Bailiwick
Federated
""".split())
# Function words of other languages: "Union des Comores" is not an English name.
_FOREIGN_WORDS = frozenset("des del de du la le los las y e da do der und".split())


class GazetteerError(ValueError):
    """A data file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Role:
    """A person's office, used to resolve "President Trump" / "Trump's administration"."""

    predicate: str  # "leads" | "official_of"
    org: str  # entity id of the state / organisation / body
    title: str  # e.g. "President", "Foreign Minister"
    start: str | None = None  # ISO year or date
    end: str | None = None


# --------------------------------------------------------------------------- text helpers

def _fold(text: str) -> str:
    """ASCII-fold ("Erdoğan" -> "Erdogan") so unaccented spellings in news still match."""
    out = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return out if len(out) >= len(text) - 3 and out.strip() else text


def _is_acronym(word: str) -> bool:
    """"US", "U.S.", "NATO", "G7": words that must never be re-cased."""
    return word.isupper() and sum(c.isalpha() for c in word) >= 2


def _keeps_case(word: str) -> bool:
    """Acronyms, numbers and words with inner capitals ("McDonald", "NATO's") keep their case."""
    return _is_acronym(word) or any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


def _cap(word: str) -> str:
    """Upper-case the first letter only (str.title() mangles "People's" and "al-Assad")."""
    return word[:1].upper() + word[1:]


def _title_word(word: str) -> str:
    """Capitalise each hyphen part ("intermediate-range" -> "Intermediate-Range")."""
    return "-".join(_cap(p) for p in word.split("-"))


def _news_lower(name: str) -> str:
    """Lower generic words after the first one: "Open Skies Treaty" -> "Open Skies treaty".

    The first word after a leading "the" is kept too, so "the Security Council" never
    becomes the common phrase "the security council".
    """
    words = name.split(" ")
    keep = 2 if words[0].lower() == "the" else 1
    out = words[:keep] + [w.lower() if w.lower() in _GENERIC_WORDS and not _keeps_case(w) else w
                          for w in words[keep:]]
    return " ".join(out)


def _title_case(name: str) -> str:
    """Title Case variant: "missile defence" -> "Missile Defence", acronyms untouched."""
    words = name.split(" ")
    out = []
    for i, w in enumerate(words):
        if _keeps_case(w) or (i and w.lower() in _SMALL_WORDS):
            out.append(w)
        else:
            out.append(_title_word(w))
    return " ".join(out)


def surface_variants(text: str, entity_type: str) -> list[str]:
    """Case and accent variants of one alias for ORTH phrase matching (acronyms never lowered)."""
    forms = [text]
    if entity_type != "Person" and " " in text:
        forms += [_news_lower(text), _title_case(text)]
    forms += [_cap(f) for f in forms if f[:1].islower()]
    forms += [_fold(f) for f in forms]
    seen: dict[str, None] = {}
    for f in forms:
        if f and f not in seen:
            seen[f] = None
    return list(seen)


def spelling_variants(text: str) -> list[str]:
    """Defence/Defense, US/U.S., NATO/Nato ... spellings of a multi-word name (real aliases)."""
    if " " not in text:
        return [text]
    forms = {text: None}
    for a, b in _SPELLING_PAIRS:
        for f in list(forms):
            if a in f:
                forms[f.replace(a, b)] = None
            if b in f:
                forms[f.replace(b, a)] = None
    for a, b in _TOKEN_PAIRS:
        for f in list(forms):
            words = f.split(" ")
            if a in words:
                forms[" ".join(b if w == a else w for w in words)] = None
            if b in words and b != "Nato":
                forms[" ".join(a if w == b else w for w in words)] = None
    return list(forms)


def _unique(items: Iterable[str], drop: Iterable[str] = ()) -> tuple[str, ...]:
    """Order-preserving de-duplication of non-empty stripped strings."""
    dropped = set(drop)
    seen: dict[str, None] = {}
    for item in items:
        item = (item or "").strip()
        if item and item not in dropped and item not in seen:
            seen[item] = None
    return tuple(seen)


# --------------------------------------------------------------------------- the gazetteer

class Gazetteer:
    """Canonical entities with their roles; lookup indexes are rebuilt lazily after add()."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self._roles: dict[str, tuple[Role, ...]] = {}
        self._parents: dict[str, str] = {}
        self._index: dict[str, dict[str, list[str]]] | None = None

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def by_type(self, entity_type: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == entity_type]

    def roles(self, entity_id: str) -> tuple[Role, ...]:
        return self._roles.get(entity_id, ())

    def rename_role_predicates(self, renamed: dict[str, str]) -> None:
        """Offices whose predicate was renamed in the ontology (``{old: new}``) follow it."""
        for entity_id, roles in self._roles.items():
            if any(role.predicate in renamed for role in roles):
                self._roles[entity_id] = tuple(replace(role, predicate=renamed.get(role.predicate, role.predicate))
                                               for role in roles)

    def parent(self, entity_id: str) -> Entity | None:
        """The state/organisation a body or place belongs to ("Pentagon" -> United States)."""
        pid = self._parents.get(entity_id)
        return self.entities.get(pid) if pid else None

    def remove_aliases(self, entity_id: str, aliases: Iterable[str]) -> None:
        """Drop aliases (exact strings) from an entity; unknown ones are ignored."""
        old = self.entities[entity_id]
        dropped = set(aliases)
        self.entities[entity_id] = Entity(old.id, old.name, old.type,
                                          tuple(a for a in old.aliases if a not in dropped),
                                          old.adjectives, old.source)
        self._index = None

    def merge(self, loser_id: str, survivor_id: str) -> None:
        """Fold one entity into another: names, aliases, adjectives and roles move to the
        survivor; roles and parents that pointed at the loser now point at the survivor."""
        loser = self.entities.pop(loser_id)
        keep = self.entities[survivor_id]
        self.entities[survivor_id] = Entity(
            keep.id, keep.name, keep.type,
            _unique(keep.aliases + (loser.name,) + loser.aliases, drop=[keep.name]),
            _unique(keep.adjectives + loser.adjectives), keep.source)
        roles = self._roles.pop(loser_id, ())
        if roles:
            self._roles[survivor_id] = tuple(dict.fromkeys(self._roles.get(survivor_id, ()) + roles))
        for eid, rs in self._roles.items():
            if any(r.org == loser_id for r in rs):
                self._roles[eid] = tuple(dict.fromkeys(
                    Role(r.predicate, survivor_id if r.org == loser_id else r.org, r.title, r.start, r.end)
                    for r in rs))
        parent = self._parents.pop(loser_id, None)
        if parent and survivor_id not in self._parents and parent != survivor_id:
            self._parents[survivor_id] = parent
        for eid, pid in list(self._parents.items()):
            if pid == loser_id:
                if eid == survivor_id:
                    del self._parents[eid]
                else:
                    self._parents[eid] = survivor_id
        self._index = None

    def add(self, entity: Entity, roles: Iterable[Role] = (), parent: str | None = None) -> None:
        """Add an entity; an existing id is updated (new name/type, aliases merged)."""
        old = self.entities.get(entity.id)
        if old is not None:
            entity = Entity(
                id=entity.id, name=entity.name, type=entity.type,
                aliases=_unique(old.aliases + entity.aliases + (old.name,), drop=[entity.name]),
                adjectives=_unique(old.adjectives + entity.adjectives),
                source=entity.source)
        self.entities[entity.id] = entity
        roles = tuple(roles)
        if roles:
            self._roles[entity.id] = tuple(dict.fromkeys(self._roles.get(entity.id, ()) + roles))
        if parent:
            self._parents[entity.id] = parent
        self._index = None

    # ---------------------------------------------------------------- lookup

    def _build_index(self) -> dict[str, dict[str, list[str]]]:
        """Surface -> ids, in three tiers (exact, case-insensitive, accent-insensitive)."""
        exact: dict[str, list[str]] = {}
        lower: dict[str, list[str]] = {}
        folded: dict[str, list[str]] = {}
        adj: dict[str, list[str]] = {}
        adj_lower: dict[str, list[str]] = {}
        for e in self.entities.values():
            for s in (e.name,) + e.aliases:
                exact.setdefault(s, []).append(e.id)
                if not _is_acronym(s):  # "us" must never find "US"
                    lower.setdefault(s.casefold(), []).append(e.id)
                    folded.setdefault(_fold(s).casefold(), []).append(e.id)
            for a in e.adjectives:
                adj.setdefault(a, []).append(e.id)
                adj_lower.setdefault(_fold(a).casefold(), []).append(e.id)
        return {"exact": exact, "lower": lower, "folded": folded, "adj": adj,
                "adj_lower": adj_lower}

    def _idx(self) -> dict[str, dict[str, list[str]]]:
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def _name_key(self, surface: str):
        """Sort key implementing the ambiguity rule for names and aliases."""
        def key(eid: str) -> tuple:
            e = self.entities[eid]
            return (e.name != surface, _NAME_RANK.get(e.type, 99), eid)
        return key

    def _adj_key(self, eid: str) -> tuple:
        return (_ADJ_RANK.get(self.entities[eid].type, 99), eid)

    def lookup(self, surface: str) -> list[Entity]:
        """Entities named `surface`: exact matches, else case- then accent-insensitive ones.

        Best candidate first (see the module docstring).  Adjectives are not searched.
        """
        surface = surface.strip()
        idx = self._idx()
        ids = (idx["exact"].get(surface) or idx["lower"].get(surface.casefold())
               or idx["folded"].get(_fold(surface).casefold()) or [])
        ids = sorted(set(ids), key=self._name_key(surface))
        return [self.entities[i] for i in ids]

    def by_adjective(self, word: str) -> Entity | None:
        """"Russian" -> Russia; None when `word` is not a known adjective."""
        word = word.strip()
        idx = self._idx()
        ids = idx["adj"].get(word) or idx["adj_lower"].get(_fold(word).casefold()) or []
        if not ids:
            return None
        return self.entities[min(set(ids), key=self._adj_key)]

    # ---------------------------------------------------------------- patterns

    def patterns(self) -> list[dict]:
        """EntityRuler phrase patterns (ORTH) for names, aliases and adjectives, deduplicated."""
        names: dict[str, list[str]] = {}
        adjs: dict[str, list[str]] = {}
        for e in self.entities.values():
            for s in (e.name,) + e.aliases:
                for v in surface_variants(s, e.type):
                    names.setdefault(v, []).append(e.id)
            for a in e.adjectives:
                for v in (a, _fold(a)):
                    adjs.setdefault(v, []).append(e.id)
        out = []
        for text, ids in names.items():
            best = min(set(ids), key=self._name_key(text))
            out.append({"label": self.entities[best].type, "pattern": text, "id": best})
        for text, ids in adjs.items():
            if text in names:
                continue  # names and aliases beat adjectives
            best = min(set(ids), key=self._adj_key)
            out.append({"label": NORP, "pattern": text, "id": best})
        out.sort(key=lambda p: (p["label"], p["pattern"]))
        return out


# --------------------------------------------------------------------------- file reading

def _read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank, non-# line; bad JSON -> GazetteerError."""
    with path.open(encoding="utf-8") as fh:
        yield from jsonl_objects(fh, path)


def jsonl_objects(lines: Iterable[str], where, error: type[Exception] = GazetteerError) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank, non-# line of JSON Lines; anything else raises
    ``error`` naming ``where`` and the line. Shared by the shipped data and the user's overlay."""
    for lineno, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise error(f"{where}:{lineno}: invalid JSON: {exc.msg}") from None
        if not isinstance(obj, dict):
            raise error(f"{where}:{lineno}: expected a JSON object")
        yield lineno, obj


def _str_list(obj: dict, key: str, where: str) -> list[str]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GazetteerError(f"{where}: '{key}' must be a list of strings")
    return value


def _check_keys(obj: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise GazetteerError(f"{where}: unknown field(s) {unknown}; allowed: {sorted(allowed)}")


@dataclass(slots=True)
class _Pending:
    """A curated line parsed but not yet linked (roles/parent name other entities)."""

    entity: Entity
    roles: list[dict]
    parent: str | None
    where: str
    remove: tuple[str, ...] = ()  # overlay files only
    merge_into: str | None = None  # overlay files only


def _parse_entity(obj: dict, default_type: str | None, where: str, types: Iterable[str] = TYPES,
                  overlay: bool = False) -> _Pending:
    """Validate one curated line into an Entity plus unresolved roles/parent."""
    _check_keys(obj, _OVERLAY_KEYS if overlay else _ENTITY_KEYS, where)
    types = tuple(types)
    name = obj.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GazetteerError(f"{where}: 'name' must be a non-empty string")
    etype = obj.get("type", default_type)
    if etype not in types:
        raise GazetteerError(f"{where}: 'type' must be one of {list(types)}, got {etype!r}")
    roles = obj.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, dict) for r in roles):
        raise GazetteerError(f"{where}: 'roles' must be a list of objects")
    parent = obj.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise GazetteerError(f"{where}: 'parent' must be a string")
    name = name.strip()
    aliases = [v for a in _str_list(obj, "aliases", where) for v in spelling_variants(a.strip())]
    if etype != "Person":
        aliases = spelling_variants(name) + aliases
    entity = Entity(id=slugify(name), name=name, type=etype,
                    aliases=_unique(aliases, drop=[name]),
                    adjectives=_unique(_str_list(obj, "adjectives", where)))
    merge_into = obj.get("merge_into")
    if merge_into is not None and (not isinstance(merge_into, str) or not merge_into.strip()):
        raise GazetteerError(f"{where}: 'merge_into' must be an entity's canonical name")
    remove = [v for a in _str_list(obj, "remove", where) for v in spelling_variants(a.strip())]
    return _Pending(entity, roles, parent, where, _unique(remove), merge_into)


def _resolve(ref: str, gaz: Gazetteer, where: str, what: str) -> str:
    """Canonical name (or id) -> entity id; unknown -> error naming file and line."""
    for eid in (slugify(ref), ref):
        if eid in gaz.entities:
            return eid
    raise GazetteerError(f"{where}: unknown {what} {ref!r} (use an entity's canonical name)")


def _parse_role(raw: dict, gaz: Gazetteer, where: str) -> Role:
    _check_keys(raw, _ROLE_KEYS, where)
    pred = raw.get("predicate")
    if pred not in ROLE_PREDICATES:
        raise GazetteerError(f"{where}: role predicate must be one of {ROLE_PREDICATES}")
    org = raw.get("org")
    if not isinstance(org, str):
        raise GazetteerError(f"{where}: role needs an 'org' (canonical name)")
    title = raw.get("title", "")
    if not isinstance(title, str):
        raise GazetteerError(f"{where}: role 'title' must be a string")
    dates = []
    for key in ("start", "end"):
        val = raw.get(key)
        if val is not None and not isinstance(val, (str, int)):
            raise GazetteerError(f"{where}: role '{key}' must be an ISO year/date string")
        dates.append(None if val is None else str(val))
    return Role(pred, _resolve(org, gaz, where, "role org"), title, dates[0], dates[1])


def _load_curated(paths: Iterable[tuple[Path, str | None]], gaz: Gazetteer,
                  merge: bool, types: Iterable[str] = TYPES) -> list[_Pending]:
    """Read curated files into `gaz`; duplicate ids are an error unless `merge` (overlays)."""
    pending: list[_Pending] = []
    origin: dict[str, str] = {}
    for path, default_type in paths:
        for lineno, obj in _read_jsonl(path):
            item = _parse_entity(obj, default_type, f"{path}:{lineno}", types, overlay=merge)
            eid = item.entity.id
            if not merge and eid in gaz.entities:
                first = origin.get(eid, "the generated states")
                raise GazetteerError(f"{item.where}: duplicate entity id {eid!r} (first in {first})")
            origin.setdefault(eid, item.where)
            gaz.add(item.entity)
            pending.append(item)
    return pending


def _possessive_aliases(entity: Entity, gaz: Gazetteer) -> tuple[str, ...]:
    """"Russian Foreign Ministry" -> "Russia's Foreign Ministry" for a body named by demonym."""
    out = []
    for text in (entity.name,) + entity.aliases:
        words = text.split(" ")
        for n in (2, 1):  # "North Korean army" before "Korean ..."
            if len(words) <= n:
                continue
            state = gaz.by_adjective(" ".join(words[:n]))
            if state is not None and state.type == "State":
                out.append(f"{state.name}'s " + " ".join(words[n:]))
                break
    return tuple(out)


def _link(pending: list[_Pending], gaz: Gazetteer) -> None:
    """Second pass: resolve role orgs and parents once every entity is known."""
    # Compute everything before adding: each add() invalidates the lookup index.
    updates = []
    for item in pending:
        roles = [_parse_role(r, gaz, item.where) for r in item.roles]
        parent = _resolve(item.parent, gaz, item.where, "parent") if item.parent else None
        entity = gaz.entities[item.entity.id]
        if entity.type == "GovernmentBody":
            extra = _possessive_aliases(entity, gaz)
            entity = Entity(entity.id, entity.name, entity.type,
                            _unique(entity.aliases + extra, drop=[entity.name]),
                            entity.adjectives, entity.source)
        updates.append((entity, roles, parent))
    for entity, roles, parent in updates:
        gaz.add(entity, roles, parent)


def _apply_overlay_edits(pending: list[_Pending], gaz: Gazetteer) -> None:
    """Last pass for overlay lines: merge entities (chains followed), then drop aliases.

    Removals come last so that they also apply to names a merge brought in; a removal on a
    merged entity's line applies to the entity it was merged into.
    """
    merged: dict[str, str] = {}
    for item in pending:
        if not item.merge_into:
            continue
        loser = merged.get(item.entity.id, item.entity.id)
        gone = next((c for c in (slugify(item.merge_into), item.merge_into) if c in merged), None)
        survivor = merged[gone] if gone else _resolve(item.merge_into, gaz, item.where, "merge_into entity")
        if loser == survivor or loser not in gaz.entities:
            continue
        gaz.merge(loser, survivor)
        for key, value in list(merged.items()):
            if value == loser:
                merged[key] = survivor
        merged[loser] = survivor
    for item in pending:
        target = merged.get(item.entity.id, item.entity.id)
        if item.remove and target in gaz.entities:
            gaz.remove_aliases(target, item.remove)


# --------------------------------------------------------------------------- states

def _ci_value(info: dict, key: str) -> Any:
    """countryinfo fields vary in shape (capital as list, 'alt' for altSpellings)."""
    val = info.get(key)
    if key == "altSpellings" and not val:
        val = info.get("alt")
    if key == "capital" and isinstance(val, list):
        val = val[0] if val else None
    return val


def _countryinfo_by_alpha2() -> dict[str, list[dict]]:
    """All countryinfo records grouped by ISO alpha-2 (several share "GB", "MM", "PS" ...)."""
    from countryinfo import all_countries  # heavy-ish import kept local to loading

    grouped: dict[str, list[dict]] = {}
    for country in all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        if code:
            grouped.setdefault(code.upper(), []).append(info)
    return grouped


def _best_info(candidates: list[dict], country: Any) -> dict:
    """Pick the countryinfo record that really describes this ISO country (not Wales for GB)."""
    names = {getattr(country, f, None) for f in ("name", "common_name", "official_name")}

    def score(info: dict) -> tuple:
        iso = info.get("ISO") or {}
        return (
            4 * (iso.get("alpha3") == country.alpha_3)
            + 2 * (str(iso.get("numeric") or "") == str(getattr(country, "numeric", "")))
            + 2 * bool(_ci_value(info, "demonym"))
            + (info.get("name") in names)
            + isinstance(_ci_value(info, "capital"), str),
            len(_ci_value(info, "altSpellings") or []),
        )

    return max(candidates, key=score) if candidates else {}


def _english_long_form(alt: str) -> bool:
    """Keep "Republic of Austria", drop "Bundesrepublik Deutschland", codes and one-word forms."""
    words = alt.split()
    if len(words) < 2 or "," in alt or "(" in alt:
        return False
    if not all(_fold(w).replace("'", "").replace("-", "").isalpha() for w in words):
        return False
    if any(w in _FOREIGN_WORDS for w in words):
        return False
    return any(w in _ENGLISH_MARKERS for w in words)


def _plural_demonyms(adjectives: Iterable[str], name: str) -> list[str]:
    """"Russian" -> "Russians", "the Russians" (plural demonyms name the actor)."""
    out = []
    for adj in adjectives:
        if adj == name or " and " in adj or "-" in adj or not adj.endswith(("an", "i")):
            continue
        out += [adj + "s", "the " + adj + "s"]
    return out


def _split_demonym(raw: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"[,/]", raw or "") if p.strip()]


@dataclass(slots=True)
class _StateDraft:
    """A state under construction, before cross-state conflicts are settled."""

    code: str
    name: str
    type: str
    aliases: list[str]
    adjectives: list[str]
    capital: str | None
    population: int


def _read_state_overrides(path: Path) -> dict[str, tuple[dict, str]]:
    """states.jsonl keyed by ISO code (alpha-2, or alpha-4 for historic countries)."""
    out: dict[str, tuple[dict, str]] = {}
    for lineno, obj in _read_jsonl(path):
        where = f"{path}:{lineno}"
        _check_keys(obj, _STATE_KEYS, where)
        code = obj.get("iso")
        if not isinstance(code, str) or not code:
            raise GazetteerError(f"{where}: 'iso' (ISO alpha-2 or historic alpha-4) is required")
        if code.upper() in out:
            raise GazetteerError(f"{where}: duplicate iso {code!r}")
        for key in ("aliases", "adjectives", "remove"):
            _str_list(obj, key, where)
        if obj.get("type", "State") not in TYPES:
            raise GazetteerError(f"{where}: unknown type {obj.get('type')!r}")
        out[code.upper()] = (obj, where)
    return out


def _draft_state(code: str, country: Any, info: dict, over: dict) -> _StateDraft:
    """Merge pycountry names, countryinfo capital/demonym and the override line."""
    ci_name = info.get("name")
    name = over.get("name") or ci_name or getattr(country, "common_name", None) or country.name
    aliases = [getattr(country, "common_name", None), country.name,
               getattr(country, "official_name", None), ci_name]
    aliases = [a for a in aliases if a and "," not in a and "(" not in a]
    aliases += [a for a in (_ci_value(info, "altSpellings") or []) if _english_long_form(a)]
    aliases = [a[4:] if a.startswith("the ") else a for a in aliases]
    capital = over["capital"] if "capital" in over else _ci_value(info, "capital")
    adjectives = _split_demonym(_ci_value(info, "demonym")) + over.get("adjectives", [])
    remove = set(over.get("remove", []))
    adjectives = [a for a in adjectives if a not in remove and a != name]
    etype = over.get("type", "State")
    if etype == "State":
        aliases += _plural_demonyms(adjectives, name)
    aliases = [a for a in aliases + over.get("aliases", []) if a not in remove]
    return _StateDraft(code, name, etype, aliases, adjectives, capital or None,
                       int(info.get("population") or 0))


def _historic_names(country: Any) -> list[str]:
    """Usable names in an ISO 3166-3 entry ("USSR, Union of Soviet Socialist Republics")."""
    parts = [p.strip() for p in country.name.split(",")]
    keep = parts[:1] + [p for p in parts[1:] if " " in p]
    return [p for p in keep if "(" not in p and not p.endswith(" of")]


def _historic_draft(code: str, country: Any, over: dict) -> _StateDraft:
    """Historic states (Soviet Union ...) get no capital: Moscow is Russia today."""
    remove = set(over.get("remove", []))
    aliases = [a for a in _historic_names(country) + over.get("aliases", []) if a not in remove]
    name = over.get("name") or aliases[0]
    return _StateDraft(code, name, over.get("type", "State"), aliases,
                       list(over.get("adjectives", [])), None, 0)


def _settle_adjectives(drafts: list[_StateDraft]) -> None:
    """One demonym, one owner: States before territories, then the larger population."""
    owners: dict[str, list[_StateDraft]] = {}
    for d in drafts:
        for a in d.adjectives:
            owners.setdefault(a, []).append(d)
    for adj, ds in owners.items():
        if len(ds) < 2:
            continue
        best = min(ds, key=lambda d: (d.type != "State", -d.population, d.code))
        for d in ds:
            if d is not best:
                d.adjectives = [a for a in d.adjectives if a != adj]
                d.aliases = [a for a in d.aliases if a not in (adj + "s", "the " + adj + "s")]


def _settle_capitals(drafts: list[_StateDraft]) -> None:
    """Capital metonymy only for sovereign States, and only when the city is unambiguous."""
    taken: dict[str, int] = {}
    for d in drafts:
        for s in [d.name] + d.aliases:
            taken[s] = taken.get(s, 0) + 1
    capitals: dict[str, int] = {}
    for d in drafts:
        if d.capital and d.type == "State":
            capitals[d.capital] = capitals.get(d.capital, 0) + 1
    for d in drafts:
        cap = d.capital
        if not cap or d.type != "State" or cap == d.name:
            continue
        if capitals[cap] == 1 and taken.get(cap, 0) == 0:
            d.aliases.append(cap)


def _state_drafts(path: Path) -> list[_StateDraft]:
    """Every ISO 3166-1 country, selected historic ones, and override-only codes (Kosovo)."""
    import pycountry

    overrides = _read_state_overrides(path)
    infos = _countryinfo_by_alpha2()
    drafts: dict[str, _StateDraft] = {}
    for country in pycountry.countries:
        over = overrides.get(country.alpha_2, ({}, ""))[0]
        if over.get("skip"):
            continue
        info = _best_info(infos.get(country.alpha_2, []), country)
        drafts[country.alpha_2] = _draft_state(country.alpha_2, country, info, over)
    merges: list[tuple[str, list[str], list[str], str]] = []
    for country in pycountry.historic_countries:
        code = getattr(country, "alpha_4", "")
        if code not in overrides or overrides[code][0].get("skip"):
            continue  # unlisted historic entries are mostly former territories
        over, where = overrides[code]
        if over.get("merge_into"):  # a former name of a current state ("Burma")
            remove = set(over.get("remove", []))
            names = [a for a in _historic_names(country) + over.get("aliases", [])
                     if a not in remove]
            merges.append((over["merge_into"].upper(), names, over.get("adjectives", []), where))
        else:
            drafts[code] = _historic_draft(code, country, over)
    known = {c.alpha_2 for c in pycountry.countries} | {
        getattr(c, "alpha_4", "") for c in pycountry.historic_countries}
    for code, (over, where) in overrides.items():
        if code in known or over.get("skip"):
            continue
        if not over.get("name"):
            raise GazetteerError(f"{where}: {code!r} is not an ISO code; give a 'name' to add it")
        drafts[code] = _StateDraft(code, over["name"], over.get("type", "State"),
                                   list(over.get("aliases", [])),
                                   list(over.get("adjectives", [])), over.get("capital"), 0)
        drafts[code].aliases += _plural_demonyms(drafts[code].adjectives, over["name"])
    for target_code, names, adjectives, where in merges:
        target = drafts.get(target_code)
        if target is None:
            raise GazetteerError(f"{where}: merge_into {target_code!r} is not a loaded state")
        target.aliases += names
        target.adjectives += adjectives
    result = list(drafts.values())
    _settle_adjectives(result)
    _settle_capitals(result)
    return result


def _add_states(gaz: Gazetteer, path: Path) -> None:
    for d in _state_drafts(path):
        aliases = [v for a in d.aliases for v in spelling_variants(a)]
        gaz.add(Entity(id=slugify(d.name), name=d.name, type=d.type,
                       aliases=_unique(aliases, drop=[d.name]),
                       adjectives=_unique(d.adjectives)))


# --------------------------------------------------------------------------- entry point

def load_gazetteer(extra_files: Iterable[Path] = (), data_dir: Path | None = None,
                   types: Iterable[str] | None = None) -> Gazetteer:
    """Build the gazetteer: generated States, curated files, then user overlay files.

    Overlay lines merge into existing entities of the same canonical name; their "type" is
    required unless the file is named like a curated file (e.g. people.jsonl). Overlay lines
    may also carry "remove" (aliases to drop) and "merge_into" (canonical name of the entity
    this one is folded into). ``types`` widens the allowed types to an edited ontology's classes.
    """
    base = Path(data_dir) if data_dir else DATA_DIR
    gaz = Gazetteer()
    _add_states(gaz, base / STATES_FILE)
    curated = [(base / name, etype) for name, etype in CURATED_FILES.items()
               if (base / name).exists()]
    pending = _load_curated(curated, gaz, merge=False)
    extras = [(Path(p), CURATED_FILES.get(Path(p).name)) for p in extra_files]
    allowed = tuple(dict.fromkeys(TYPES + tuple(types or ())))
    overlay = _load_curated(extras, gaz, merge=True, types=allowed)
    _link(pending + overlay, gaz)
    _apply_overlay_edits(overlay, gaz)
    return gaz
