"""Documents page and the ingest behind it: uploads checked, extracted and loaded (refusals change
nothing), the list with statement counts, a document with its entities highlighted and its
statements, extracting again and deleting."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph import views
from graph.config import resolve
from services import ingest as services_ingest
from webapp import ingest
from tests.webapp.conftest import TIMEOUT, page, texts, unescape

BOTH_ENGINES = True  # app_env on FalkorDB and on Neo4j (tests/webapp/conftest.py)

ARTICLE = """Norway and Denmark sign Arctic accord

OSLO, March 3, 2022 - Norway criticized Russia on Thursday, and Denmark said it supports NATO.
"""


@pytest.fixture
def at(app_env):
    return page("documents").run()


def doc_by(store, fragment: str) -> dict:
    return next(d for d in views.documents(store) if fragment in (d["title"] or d["path"]))


def test_list_with_statement_counts(at, app_env):
    assert not at.exception
    docs = views.documents(app_env.store)
    frame = at.dataframe[0].value
    assert len(frame) == len(docs) == 10
    assert sorted(frame["statements"]) == sorted(d["statements"] for d in docs)
    assert f"{len(docs)} document(s), {sum(d['statements'] for d in docs)} statement(s)" in texts(at)


def test_document_view_highlights_entities_and_lists_statements(at, app_env):
    doc = doc_by(app_env.store, "INF Treaty")
    at.selectbox(key="documents.selected").select(doc["id"]).run()
    assert not at.exception
    assert at.subheader[0].value == doc["title"]
    shown = "\n".join(e.proto.body for e in at.get("html"))
    assert 'data-entity="inf_treaty"' in shown and 'data-entity="russia"' in shown
    assert 'class="tkg-evidence"' in shown
    statements = views.document_statements(app_env.store, doc["id"])
    listed = unescape(texts(at))
    assert statements and all(s["sentence"] in listed for s in statements)


def test_extract_again_and_delete(at, app_env):
    doc = doc_by(app_env.store, "AUKUS")
    at.selectbox(key="documents.selected").select(doc["id"]).run()
    at.button(key="documents.reingest").click().run()
    assert not at.exception
    assert f"Extracted again: {doc['statements']} statement(s)." in [s.value for s in at.success]
    assert doc_by(app_env.store, "AUKUS")["statements"] == doc["statements"]
    at.selectbox(key="documents.selected").select(doc["id"]).run()
    assert at.button(key="documents.delete").disabled  # needs the confirmation first
    at.checkbox(key="documents.confirm").check().run()
    at.button(key="documents.delete").click().run()
    assert not at.exception
    assert any("Deleted" in s.value for s in at.success)
    assert all(d["id"] != doc["id"] for d in views.documents(app_env.store))
    assert len(at.dataframe[0].value) == 9


def test_upload_refusals_change_nothing(app_env, ontology, extractor):
    folder = Path(app_env.env["KG_UPLOAD_DIR"])
    before = views.counts(app_env.store)
    cases = [
        ("report.docx", b"PK\x03\x04 ...", "docx files are not accepted; upload .txt, .md, .html, .htm or .pdf documents"),
        ("report.pdf", b"%PDF-1.7 ...", "not a readable PDF document"),
        ("notes", b"plain text", "no extension files are not accepted"),
        ("big.txt", b"x" * 2048, "over the 1 KB limit"),
        ("empty.md", b"", "the file is empty"),
        ("blank.txt", b"  \n\n  ", "only whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
    ]
    for name, data, reason in cases:
        with pytest.raises(ingest.UploadRefused, match=reason):
            ingest.ingest_upload(app_env.store, ontology, extractor, folder, name, data, limit=1024)
    assert views.counts(app_env.store) == before
    assert not folder.exists() or not any(folder.iterdir())


def test_upload_is_stored_once_and_a_new_version_replaces_it(app_env, ontology, extractor):
    folder = Path(app_env.env["KG_UPLOAD_DIR"])
    first = ingest.ingest_upload(app_env.store, ontology, extractor, folder, "../arctic.txt", ARTICLE.encode(), 10_000)
    assert first.loaded == 1 and first.statements >= 2
    assert (folder / "arctic.txt").read_text() == ARTICLE  # saved under its base name only
    doc = doc_by(app_env.store, "Arctic accord")
    assert doc["path"].endswith("arctic.txt") and doc["date"] == "2022-03-03"
    again = ingest.ingest_upload(app_env.store, ontology, extractor, folder, "arctic.txt", ARTICLE.encode(), 10_000)
    assert again.unchanged == 1 and again.loaded == 0
    newer = ARTICLE + "\nSweden opposes the plan.\n"
    third = ingest.ingest_upload(app_env.store, ontology, extractor, folder, "arctic.txt", newer.encode(), 10_000)
    assert third.loaded == 1 and third.replaced == 1
    assert len([d for d in views.documents(app_env.store) if d["path"].endswith("arctic.txt")]) == 1
    gone = services_ingest.delete(app_env.store, ontology, doc_by(app_env.store, "Arctic accord"), folder)
    assert len(gone) == 2 and not (folder / "arctic.txt").exists()


def test_upload_messages_in_the_page(app_env):
    """The page's upload path (progress bar and messages) with a refused and an accepted file."""
    script = (
        "from webapp import state\n"
        "from webapp.messages import show\n"
        "from webapp.pages.documents import upload_files\n"
        "upload_files(state.store(), state.ontology_state(), state.settings(),\n"
        "             [('slides.pptx', b'PK'), ('arctic.md', " + repr(ARTICLE.encode()) + ")])\n"
        "show()\n"
    )
    at = AppTest.from_string(script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.error[0].value.startswith("Refused: slides.pptx: .pptx files are not accepted")
    assert at.success[0].value.startswith("arctic.md:") and "statement(s) extracted" in at.success[0].value
    assert at.get("progress")[0].proto.value == 100
    doc = doc_by(app_env.store, "Arctic accord")
    assert doc["statements"] >= 2


def test_sample_is_offered_once_per_embedded_folder(tmp_path):
    config = resolve(None, env={"KG_DATA_DIR": str(tmp_path / "g")})
    sample = Path(__file__).resolve().parents[2] / "data" / "sample"
    assert ingest.sample_wanted(config, sample, empty=True)
    assert not ingest.sample_wanted(config, sample, empty=False)
    assert not ingest.sample_wanted(config, None, empty=True)
    (tmp_path / "g").mkdir()
    ingest.mark_sample_loaded(config)
    assert not ingest.sample_wanted(config, sample, empty=True)
    neo4j = resolve("bolt://localhost:7687", env={})
    assert not ingest.sample_wanted(neo4j, sample, empty=True)


def test_safe_names():
    assert ingest.safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert ingest.safe_name("C:\\Users\\me\\my file (1).md") == "my file _1_.md"
    assert ingest.safe_name(".hidden.txt") == "hidden.txt"


def test_uploader_states_the_apps_limit_not_the_servers(at):
    """The widget's own "Limit N MB per file" is the app's KG_MAX_UPLOAD_MB (2 by default)."""
    uploader = at.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb == 2
    assert "up to 2 MB each" in uploader.proto.label
