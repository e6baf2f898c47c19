"""A document date given on upload: checked, stored with its source, used to resolve relative
dates and to date what the sentences leave undated, kept when the document is extracted again,
and shown in the details with the kind of each date."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph import views
from services.ingest import reingest
from webapp import ingest
from webapp.when import date_label
from tests.webapp.conftest import TIMEOUT, texts, unescape

# The upload's date is a Wednesday: "on Monday" is two days before.
TEXT = "Norway criticized Russia on Monday.\n\nDenmark said it supports NATO.\n"
DATE = "2019-05-15"


def stored(store, path_end: str):
    return [d for d in views.documents(store) if d["path"].endswith(path_end)]


def test_upload_with_a_date(app_env, ontology, extractor, tmp_path):
    ingest.ingest_upload(app_env.store, ontology, extractor, tmp_path, "dated.txt", TEXT.encode(), 1 << 20,
                         date=DATE)
    (doc,) = stored(app_env.store, "dated.txt")
    assert (doc["date"], doc["date_source"]) == (DATE, "user")
    rows = {r["predicate"]: r for r in views.document_statements(app_env.store, doc["id"])}
    assert (rows["criticizes"]["date"], rows["criticizes"]["date_kind"]) == ("2019-05-13", "resolved")
    assert rows["criticizes"]["date_text"] == "on Monday"
    assert (rows["supports"]["date"], rows["supports"]["date_kind"]) == (DATE, "reported")
    # Extracting it again keeps the user's date.
    reingest(app_env.store, ontology, extractor, [doc])
    (again,) = stored(app_env.store, "dated.txt")
    assert (again["date"], again["date_source"]) == (DATE, "user")


@pytest.mark.parametrize("bad", ["15/05/2019", "2019-02-30", "May 2019", "2019-5"])
def test_a_bad_date_refuses_the_upload_in_one_line(app_env, ontology, extractor, tmp_path, bad):
    before = views.counts(app_env.store)
    with pytest.raises(ingest.UploadRefused) as refused:
        ingest.ingest_upload(app_env.store, ontology, extractor, tmp_path, "baddate.txt", TEXT.encode(), 1 << 20,
                             date=bad)
    message = str(refused.value)
    assert message.startswith("baddate.txt: date ") and repr(bad) in message and "\n" not in message
    assert views.counts(app_env.store) == before and not list(tmp_path.iterdir())


def test_date_labels():
    assert date_label({"date": "2018", "date_kind": "stated", "date_text": "in 2018"}) == "stated 2018"
    assert date_label({"date": "2022-03-14", "date_kind": "resolved", "date_text": "on Monday"}) == \
        "resolved 2022-03-14 from ‘on Monday’"
    assert date_label({"date": "2021-06-07", "date_kind": "reported"}) == ":gray[reported 2021-06-07]"
    assert date_label({"date": "2020", "date_kind": None}) == "2020"
    assert date_label({"date": None}) is None


def test_details_panel_shows_the_kinds(app_env, ontology, extractor, tmp_path):
    ingest.ingest_upload(app_env.store, ontology, extractor, tmp_path, "panel.txt", TEXT.encode(), 1 << 20,
                         date=DATE)
    script = ("from webapp import state\n"
              "from webapp.details import entity_panel\n"
              "entity_panel(state.store(), 'norway', {})\n"
              "entity_panel(state.store(), 'denmark', {})\n")
    at = AppTest.from_string(script, default_timeout=TIMEOUT).run()
    assert not at.exception
    shown = unescape(texts(at))
    assert "resolved 2019-05-13 from ‘on Monday’" in shown
    assert f":gray[reported {DATE}]" in shown
