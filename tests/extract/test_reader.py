"""Reader: finding files, refusing bad ones, streaming paragraphs with exact offsets."""
from __future__ import annotations

import hashlib
import os
import random
import sys
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.reader import (
    CHUNK_BYTES, MAX_PARAGRAPH, ReadError, ReadFailure, SourceFile, WhitespaceCollapsingHash,
    find_date, iter_sources, normalise, open_document, open_text, read_text, split_paragraphs,
)


def document_id(text: str) -> str:
    """The id ``extract.pipeline.document_id`` gives (checked against it below)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def test_reference_id_is_the_pipelines():
    from extract.pipeline import document_id as pipeline_id

    for text in ("", " a  b\n\tc ", "Caf\u00e9\u00a0x\x1cy"):
        assert pipeline_id(text) == document_id(text)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def check_offsets(path: Path) -> list[tuple[int, str]]:
    """Every paragraph must be found at its offset in the text the extractor sees."""
    text = read_text(path)
    paragraphs = list(open_document(path).paragraphs())
    for offset, paragraph in paragraphs:
        assert text[offset:offset + len(paragraph)] == paragraph
    return paragraphs


# ----------------------------------------------------------------------------- normalise

def test_normalise_straightens_quotes_and_spaces():
    assert normalise("\u2018a\u2019 \u201cb\u201d \u201ac\u201b \u201ed\u2033 5\u2032") == "'a' \"b\" 'c' \"d\" 5'"
    assert normalise("NATO\u00a0allies\u2009met\u3000today") == "NATO allies met today"


def test_normalise_maps_every_unicode_space_and_keeps_length():
    spaces = [chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Zs"]
    text = "x".join(spaces)
    assert normalise(text) == "x".join(" " * len(spaces))
    assert len(normalise(text)) == len(text)


@given(st.text())
def test_normalise_is_length_preserving_and_idempotent(text):
    once = normalise(text)
    assert len(once) == len(text)
    assert normalise(once) == once


# ----------------------------------------------------------------------------- document id

@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from("ab \n\t\u00a0\u2003é\x1c"), max_size=60),
       st.lists(st.integers(min_value=1, max_value=7), max_size=20))
def test_streaming_hash_equals_document_id(text, cuts):
    hasher = WhitespaceCollapsingHash()
    pos = 0
    for size in cuts:
        hasher.update(text[pos:pos + size])
        pos += size
    hasher.update(text[pos:])
    assert hasher.hexdigest() == document_id(text)


def test_document_id_of_file_matches_pipeline(tmp_path):
    path = write(tmp_path / "a.txt", "Title here\n\n  Body   text\tspread\n over lines. \n")
    assert open_document(path).document.id == document_id(read_text(path))


@pytest.mark.parametrize("name, content", [
    ("a.txt", "Head \u2018line\u2019\n\n 22 May 2020: body\u00a0text.\n\nMore.\n"),
    ("b.html", "<title>T</title><p>One &amp; two.</p><p>Three, 2021-02-03.</p>"),
    ("c.md", "# Head\n\nSome *body*.\n"),
])
def test_in_memory_text_gets_the_same_document_as_the_file(tmp_path, name, content):
    path = write(tmp_path / name, content)
    from_file, in_memory = open_document(path), open_text(content, path)
    assert in_memory.document == from_file.document
    assert list(in_memory.paragraphs()) == list(from_file.paragraphs())


# ----------------------------------------------------------------------------- finding files

def test_missing_path_is_an_error(tmp_path):
    (item,) = iter_sources([tmp_path / "nope.txt"])
    assert isinstance(item, ReadError)
    assert "nope.txt" in str(item) and "no such file" in item.reason


def test_explicit_file_with_unknown_extension_is_an_error(tmp_path):
    path = write(tmp_path / "report.docx", "text")
    (item,) = iter_sources([path])
    assert isinstance(item, ReadError) and "unsupported file type '.docx'" in item.reason


def test_directory_of_mixed_files_keeps_supported_sorted_and_recursive(tmp_path):
    for name in ("b.txt", "a.md", "c.HTML", "d.htm", "notes.docx", "image.png", "data.json",
                 ".hidden.txt", "sub/z.txt", "sub/a.txt", ".git/x.txt"):
        write(tmp_path / name, "some text")
    items = list(iter_sources([tmp_path]))
    assert all(isinstance(i, SourceFile) for i in items)
    names = [i.path.relative_to(tmp_path).as_posix() for i in items]
    assert names == ["a.md", "b.txt", "c.HTML", "d.htm", "sub/a.txt", "sub/z.txt"]
    assert [i.kind for i in items[:4]] == ["markdown", "text", "html", "html"]


def test_directory_without_supported_files_is_an_error(tmp_path):
    write(tmp_path / "x.docx", "text")
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path, tmp_path / "empty"):
        (item,) = iter_sources([folder])
        assert isinstance(item, ReadError) and "no supported files" in item.reason


def test_a_file_reached_twice_is_read_once(tmp_path):
    path = write(tmp_path / "a.txt", "text")
    assert len(list(iter_sources([tmp_path, path, str(path)]))) == 1


# ----------------------------------------------------------------------------- refusals

@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t \r\n", "only whitespace"),
    ("nul.txt", b"some text\x00\x01 more", "NUL bytes"),
    ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00" + b"x" * 50, "zip archive"),
    ("doc.md", b"%PDF-1.7\n" + b"text" * 20, "PDF"),
    ("pic.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG"),
    ("photo.txt", b"\xff\xd8\xff\xe0" + b"JFIF", "JPEG"),
    ("prog.txt", b"\x7fELF\x02\x01\x01", "ELF"),
    ("data.txt", b"\x1f\x8b\x08\x00" + b"z" * 10, "gzip"),
    ("noise.txt", bytes(random.Random(1).randrange(1, 32) for _ in range(4000)), "mostly non-text"),
    ("wide.txt", "text".encode("utf-16"), "UTF-16"),
    ("tags.html", b"<html><body><div> </div><script>var a = 1;</script></body></html>", "no text"),
])
def test_bad_files_are_refused_with_a_reason(tmp_path, name, content, reason):
    path = write(tmp_path / name, content)
    with pytest.raises(ReadFailure) as caught:
        open_document(path)
    assert caught.value.error.path == str(path)
    assert reason in caught.value.error.reason
    assert "\n" not in str(caught.value)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root reads any file; test_cli covers this with file-access capabilities dropped")
def test_unreadable_file_is_refused(tmp_path):
    path = write(tmp_path / "secret.txt", "text")
    path.chmod(0)
    with pytest.raises(ReadFailure, match="permission denied"):
        open_document(path)


def test_special_files_are_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (item,) = iter_sources([tmp_path])
    assert isinstance(item, ReadError) and "no supported files" in item.reason
    with pytest.raises(ReadFailure, match="not a regular file"):
        open_document(fifo)


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path):
    good = "Caf\u00e9 first.\n\nSecond ".encode("utf-8")
    path = write(tmp_path / "latin.txt", good + b"\xe9t\xe9 here.")
    opened = open_document(path)
    (warning,) = opened.warnings
    assert warning.path == str(path)
    assert f"invalid UTF-8 at byte {len(good)};" in warning.message
    assert [p for _, p in opened.paragraphs()] == ["Caf\u00e9 first.", "Second \ufffdt\ufffd here."]


def test_invalid_byte_offset_is_exact_beyond_the_first_chunk(tmp_path):
    prefix = ("\u00e9" * (CHUNK_BYTES // 2 + 7)).encode("utf-8")  # a 2-byte char straddles the chunk edge
    path = write(tmp_path / "late.txt", prefix + b" ok \xff end")
    (warning,) = open_document(path).warnings
    assert f"at byte {len(prefix) + 4}" in warning.message


def test_multibyte_characters_across_chunk_boundaries_decode_cleanly(tmp_path):
    text = "word \u00e9\u4e2d\U0001F600 " * (3 * CHUNK_BYTES // 13)
    path = write(tmp_path / "utf8.txt", text)
    opened = open_document(path)
    assert opened.warnings == []
    assert read_text(path) == text
    assert opened.document.id == document_id(text)


def test_bom_is_dropped(tmp_path):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfTitle\n\nBody.")
    assert read_text(path) == "Title\n\nBody."
    assert open_document(path).document.title == "Title"


# ----------------------------------------------------------------------------- text

def test_text_paragraphs_offsets_and_metadata(tmp_path):
    content = ("\n\n  Headline of the piece  \nsecond line\n\n\n"
               "Geneva, 22 May 2020 \u2013 The \u2018first\u2019 body paragraph.\r\n\r\n"
               "   Last one\u00a0here.   \n")
    path = write(tmp_path / "story.txt", content)
    paragraphs = check_offsets(path)
    assert [p for _, p in paragraphs] == [
        "Headline of the piece  \nsecond line",
        "Geneva, 22 May 2020 \u2013 The 'first' body paragraph.",
        "Last one here.",
    ]
    assert len(read_text(path)) == len(content)
    document = open_document(path).document
    assert document.title == "Headline of the piece"
    assert document.date == "2020-05-22"
    assert document.path == str(path) and document.name == "story.txt"


@pytest.mark.parametrize("text, expected", [
    ("May 22, 2020 - Officials said", "2020-05-22"),
    ("Posted 2021-01-13 by staff", "2021-01-13"),
    ("Moon of Alabama (January 13, 2022)", "2022-01-13"),
    ("On 3rd of March 2019 we", "2019-03-03"),
    ("Sept. 9 2019 and 2020-01-01", "2019-09-09"),
    ("Tue 1 Jan 2019", "2019-01-01"),
    ("February 30, 2020 is not a date, but 1 March 2020 is", "2020-03-01"),
    ("In 2014 the treaty changed", None),
    ("He may 22 times say 2020 things", None),
    ("x" * 600 + " May 22, 2020", None),
])
def test_find_date(text, expected):
    assert find_date(text) == expected


# ----------------------------------------------------------------------------- markdown and HTML
# (each format's own behaviour is tested in tests/extract/formats/)

def test_markdown_markers_are_stripped_and_offsets_refer_to_the_stripped_text(tmp_path):
    content = ("# Open *Skies* news #\n\n"
               "The **Alliance** met [its partners](https://example.org) on `Friday`, "
               "said the_spokesman_name and _two_ others.\n"
               "> quoted line\n- bullet one\n* bullet two\n\n"
               "---\n\n```\ncode line\n```\n\n[ref]: https://example.org\nEnd.\n")
    path = write(tmp_path / "note.md", content)
    paragraphs = check_offsets(path)
    texts = [p for _, p in paragraphs]
    assert texts[0] == "Open Skies news"
    assert texts[1] == ("The Alliance met its partners on Friday, said the_spokesman_name and two others.\n"
                        "quoted line\nbullet one\nbullet two")
    assert "code line" in texts
    assert texts[-1] == "End."
    assert open_document(path).document.title == "Open Skies news"


def test_html_split_across_chunks(tmp_path):
    body = "".join(f"<p>Paragraph {i} says &quot;hello&quot; &amp; more.</p>\n" for i in range(5000))
    path = write(tmp_path / "big.html", f"<html><body>{body}</body></html>")
    assert path.stat().st_size > 2 * CHUNK_BYTES
    paragraphs = check_offsets(path)
    assert len(paragraphs) == 5000
    assert paragraphs[4321][1] == 'Paragraph 4321 says "hello" & more.'


# ----------------------------------------------------------------------------- splitting

@given(st.text(alphabet=st.sampled_from("ab .\n \r\t"), max_size=200),
       st.integers(min_value=1, max_value=9))
def test_split_paragraphs_does_not_depend_on_chunking(text, size):
    whole = list(split_paragraphs([text], limit=40))
    chunked = list(split_paragraphs((text[i:i + size] for i in range(0, len(text), size)), limit=40))
    for offset, paragraph in whole:
        assert text[offset:offset + len(paragraph)] == paragraph
        assert len(paragraph) <= 40
    assert " ".join(p for _, p in whole).split() == text.split()
    if all(len(p) < 40 for _, p in whole):  # long cuts may land differently; short ones must not
        assert chunked == whole


def test_long_paragraph_is_cut_at_a_sentence_end():
    sentence = "The delegates argued about the treaty for hours. "
    text = sentence * (3 * MAX_PARAGRAPH // len(sentence))
    pieces = list(split_paragraphs([text]))
    assert len(pieces) >= 3
    for offset, piece in pieces:
        assert len(piece) <= MAX_PARAGRAPH
        assert piece.endswith("hours.")
        assert text[offset:offset + len(piece)] == piece


def test_long_text_without_any_space_is_cut_hard():
    pieces = list(split_paragraphs(["x" * (2 * MAX_PARAGRAPH + 5)]))
    assert [len(p) for _, p in pieces] == [MAX_PARAGRAPH, MAX_PARAGRAPH, 5]


def test_large_file_is_streamed_paragraph_by_paragraph(tmp_path):
    rng = random.Random(7)
    words = "alliance treaty summit minister signed withdrew said talks Russia NATO Ukraine".split()
    parts = []
    for i in range(20000):
        body = " ".join(rng.choice(words) for _ in range(rng.randrange(20, 60)))
        parts.append(f"Paragraph {i}: {body}.")
    parts.insert(10000, "Run-on. " + "word " * 60000)  # ~300k chars with no blank line
    path = write(tmp_path / "large.txt", "\n\n".join(parts) + "\n")
    size = path.stat().st_size
    assert size > 5_000_000

    opened = open_document(path)
    tracemalloc.start()
    count, longest, sample = 0, 0, {}
    for offset, paragraph in opened.paragraphs():
        count += 1
        longest = max(longest, len(paragraph))
        if count % 997 == 1 or "word word word" in paragraph:  # keep a fingerprint, not the text
            sample[offset] = (len(paragraph), hashlib.sha1(paragraph.encode()).hexdigest())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # Bounded by chunk and paragraph sizes (a few hundred KB), not by the file size.
    assert peak < 2_000_000 < size / 2, f"peak {peak} bytes while streaming a {size}-byte file"
    assert longest <= MAX_PARAGRAPH
    assert count >= 20000 + 3  # the run-on paragraph was cut into several pieces
    text = read_text(path)
    assert len(sample) > 20
    run_on = sum(1 for length, _ in sample.values() if length > MAX_PARAGRAPH // 2)
    assert run_on >= 300_000 // MAX_PARAGRAPH  # the ~300k-character run-on line, in bounded pieces
    for offset, (length, digest) in sample.items():
        assert hashlib.sha1(text[offset:offset + length].encode()).hexdigest() == digest
    assert opened.document.id == document_id(text)
    assert opened.document.title == parts[0][:200]  # first line, capped
