"""Synthetic news-style documents for scale tests, composed from templates written for this project.

Each document is a headline, a dated lead paragraph and a few body paragraphs. The actors,
treaties, places and dates vary; the sentence shapes are the ones the extractor is built for
(verbs, nominalisations, titles, reported speech, coordination, pronouns), so the generated
corpus exercises the whole pipeline, not just the tokenizer.

Run: python bench/synthetic.py N OUT_DIR [--seed S]
"""
from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

STATES = ["United States", "Russia", "China", "France", "Germany", "Poland", "Turkey", "Japan", "Ukraine",
          "United Kingdom", "Sweden", "Finland", "Lithuania", "Latvia", "Estonia", "Hungary", "Italy",
          "Australia", "South Korea", "Canada", "Norway", "Romania", "Greece", "Spain", "India", "Iran"]
CAPITALS = {"United States": "Washington", "Russia": "Moscow", "China": "Beijing", "France": "Paris",
            "Germany": "Berlin", "Poland": "Warsaw", "Turkey": "Ankara", "Japan": "Tokyo", "Ukraine": "Kyiv",
            "United Kingdom": "London", "Sweden": "Stockholm", "Finland": "Helsinki", "Lithuania": "Vilnius",
            "Latvia": "Riga", "Estonia": "Tallinn", "Hungary": "Budapest", "Italy": "Rome", "Australia": "Canberra",
            "South Korea": "Seoul", "Canada": "Ottawa", "Norway": "Oslo", "Romania": "Bucharest", "Greece": "Athens",
            "Spain": "Madrid", "India": "New Delhi", "Iran": "Tehran"}
ORGS = ["NATO", "the European Union", "the United Nations", "the OSCE", "the African Union"]
TREATIES = ["the Open Skies Treaty", "New START", "the INF Treaty", "the CFE Treaty", "the Non-Proliferation Treaty",
            "the Chemical Weapons Convention", "the Comprehensive Nuclear-Test-Ban Treaty"]
PLACES = ["Crimea", "the Baltic Sea", "the Black Sea", "Kaliningrad", "the South China Sea", "the Arctic",
          "northern Syria", "the Balkans", "the Mediterranean"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
OFFICES = [("Foreign Minister", "official_of"), ("Defence Minister", "official_of"), ("President", "leads"),
           ("Prime Minister", "leads"), ("ambassador to NATO", "official_of")]
FIRST = ["Anna", "Piotr", "Jonas", "Elena", "Marek", "Sofia", "Tomas", "Ingrid", "Karel", "Maria", "Luca", "Hana"]
LAST = ["Kowalczyk", "Lindqvist", "Varga", "Petrenko", "Moreau", "Schultz", "Nakamura", "Ozturk", "Berg",
        "Horvat", "Rossi", "Novak"]

# Sentence templates: {a}, {b} states; {o} organisation; {t} treaty; {p} place; {d} date; {n} person.
LEADS = [
    "{a} said on {weekday} that it would withdraw from {t}, accusing {b} of violating its terms.",
    "{a} formally left {t} on {d}, months after announcing the decision.",
    "{a} and {b} agreed on {d} to extend {t} for five more years.",
    "{o} condemned {a} on {d} after it suspended its participation in {t}.",
    "{a} imposed new sanctions on {b} on {d}, citing its military build-up near {p}.",
    "{a} deployed additional troops to {p} on {d}, a move {b} called a provocation.",
]
BODY = [
    "{title} {n} told reporters that {a} had no intention of returning to the agreement.",
    "The decision drew criticism from {b}, which said the move undermined regional security.",
    "{b} denied that it had breached the treaty and accused {a} of seeking a pretext.",
    "{a} and {c} held talks in {cap} to discuss the future of {t}.",
    "Officials in {cap} said {a} would continue to cooperate with {o} on arms control.",
    "{c}, a member of {o}, backed the decision, while {b} rejected it.",
    "The {a_adj} withdrawal from {t} follows its earlier exit from other arms control accords.",
    "{a} may also consider sanctions on {b}'s defence industry, {title} {n} said.",
    "{o} members {b} and {c} urged {a} not to leave {t}.",
    "{a}'s annexation of {p} remains a central grievance for {b}.",
    "It signed {t} in {year} and ratified it two years later.",
]
HEADLINES = ["{a} and {b} at odds over {t}", "Arms control row deepens as {a} weighs its options",
             "{o} meets as tension over {p} grows", "{a} takes aim at {b} over treaty dispute"]
ADJ = {"United States": "U.S.", "Russia": "Russian", "China": "Chinese", "France": "French", "Germany": "German",
       "Poland": "Polish", "Turkey": "Turkish", "Japan": "Japanese", "Ukraine": "Ukrainian",
       "United Kingdom": "British", "Sweden": "Swedish", "Finland": "Finnish"}


@dataclass(frozen=True)
class SyntheticDoc:
    name: str
    text: str


def generate(count: int, seed: int = 7) -> list[SyntheticDoc]:
    """``count`` documents, reproducible for a seed."""
    rng = random.Random(seed)
    return [_document(i, rng) for i in range(count)]


def _document(index: int, rng: random.Random) -> SyntheticDoc:
    a, b, c = rng.sample(STATES, 3)
    year = rng.randint(1995, 2025)
    month = rng.choice(MONTHS)
    day = rng.randint(1, 28)
    values = {
        "a": a, "b": b, "c": c, "o": rng.choice(ORGS), "t": rng.choice(TREATIES), "p": rng.choice(PLACES),
        "d": f"{month} {day}, {year}", "year": str(year - rng.randint(2, 20)),
        "weekday": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
        "cap": CAPITALS.get(a, a), "a_adj": ADJ.get(a, a),
    }
    office, _ = rng.choice(OFFICES)
    values["title"] = f"{ADJ.get(a, a)} {office}"
    values["n"] = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    lead = _sentence(rng.choice(LEADS).format(**values))
    body = [_sentence(rng.choice(BODY).format(**values)) for _ in range(rng.randint(3, 6))]
    headline = rng.choice(HEADLINES).format(**values)
    dateline = f"{CAPITALS.get(a, a).upper()}, {month} {day}, {year} - "
    paragraphs = [headline, dateline + lead] + body
    return SyntheticDoc(name=f"synthetic_{index:05d}.txt", text="\n\n".join(paragraphs) + "\n")


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def write(count: int, out_dir: Path, seed: int = 7) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in generate(count, seed):
        path = out_dir / doc.name
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write(args.count, args.out_dir, args.seed)
    print(f"wrote {len(paths)} documents to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
