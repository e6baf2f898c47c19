"""Shared fixtures: one real Extractor (spaCy model + ontology + gazetteer) per test session."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extractor():
    from extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def triples(extractor):
    """Extract from a text and return {(subject, predicate, object): statement}."""

    def run(text: str):
        result = extractor.extract_text(text)
        return {(s.subject.name, s.predicate, s.object.name): s for s in result.statements}

    return run
