"""Words per second of the whole extractor and of the bare spaCy pipeline, on the same text.

Run: python bench/extract_speed.py [--repeat N] [PATH...]
Prints both rates and their ratio (target: >= 0.7) from one run; these machines are noisy, so
compare the ratio, not the absolute rates, between runs.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.nlp import load_base_model  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.reader import normalise, open_document  # noqa: E402
from ontology.records import Document  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def paragraphs_of(paths: list[Path]) -> list[str]:
    out: list[str] = []
    for path in paths:
        opened = open_document(path)
        out.extend(normalise(text) for _, text in opened.paragraphs())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="documents (default: data/sample)")
    parser.add_argument("--repeat", type=int, default=5, help="times the text is repeated")
    args = parser.parse_args()
    paths = args.paths or sorted(p for p in SAMPLE.iterdir() if p.suffix in (".txt", ".md", ".html"))
    paragraphs = paragraphs_of(paths) * args.repeat
    words = sum(len(p.split()) for p in paragraphs)

    bare = load_base_model()
    extractor = Extractor()
    # Warm up both (lazy initialisation, caches) on a slice of the text.
    list(bare.pipe(paragraphs[:20]))
    extractor.extract_paragraphs(list(enumerate(paragraphs[:20])), Document(id="warm", path="warm.txt"))

    start = time.perf_counter()
    for _ in bare.pipe(paragraphs, batch_size=64):
        pass
    bare_seconds = time.perf_counter() - start

    offsets, pos = [], 0
    for text in paragraphs:
        offsets.append((pos, text))
        pos += len(text) + 2
    start = time.perf_counter()
    result = extractor.extract_paragraphs(offsets, Document(id="bench", path="bench.txt"))
    full_seconds = time.perf_counter() - start

    bare_rate, full_rate = words / bare_seconds, words / full_seconds
    print(f"text: {words} words in {len(paragraphs)} paragraphs ({len(paths)} files x {args.repeat})")
    print(f"bare spaCy pipeline : {bare_rate:8.0f} words/s")
    print(f"whole extractor     : {full_rate:8.0f} words/s ({len(result.statements)} statements)")
    print(f"ratio extractor/bare: {full_rate / bare_rate:.2f} (target >= 0.70)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
