"""Property-based checks: the extractor never crashes and never hangs, whatever the text."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Words the rules react to, so that generated text reaches the relation code, not only the tokenizer.
VOCAB = ["Russia", "NATO", "the", "treaty", "withdrew", "from", "it", "said", "not", "and", ",", ".",
         "Open Skies Treaty", "United States", "President", "Vladimir Putin", "'s", "allies", "-",
         "backed", "member", "of", "would", "quit", "2021", "May 5, 2020", "\n\n", "“", "”", "which"]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(VOCAB), max_size=80).map(" ".join),
    st.text(alphabet=st.characters(categories=("Cc", "Zs", "Zl", "Zp", "So")), max_size=200),
    st.builds(lambda n, c: c * n, st.integers(1, 3000), st.sampled_from(["a", "-", " ", "\u200b", "Russia "])),
)

#: Generous bound per document: the texts are short, so anything slower is a hang.
TIME_BOUND = 5.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=texts)
def test_extractor_never_crashes_or_hangs(extractor, text):
    start = time.perf_counter()
    result = extractor.extract_text(text)
    assert time.perf_counter() - start < TIME_BOUND
    for statement in result.statements:
        assert statement.modality in ("asserted", "negated", "intended", "possible", "alleged")
        assert 0 <= statement.start <= statement.end <= len(text)
        assert statement.subject.id != statement.object.id


def test_very_long_token_and_line(extractor):
    text = "x" * 200_000 + "\n" + "Russia withdrew from the Open Skies Treaty. " * 50
    start = time.perf_counter()
    result = extractor.extract_text(text)
    assert time.perf_counter() - start < 60
    assert any(s.predicate == "withdraws_from" for s in result.statements)
