"""Extraction layer: documents in, canonical entities and statements with provenance out.

``from extract import extract`` gives the one-call API; the heavy pipeline (spaCy model,
gazetteer) loads only when it is first used, so light modules (reader, writers) stay cheap.
"""
from __future__ import annotations

__all__ = ["Extractor", "extract"]


def __getattr__(name: str):
    if name in __all__:
        from extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
