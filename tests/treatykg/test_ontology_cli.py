"""``python -m treatykg ontology`` end to end: edits reach a real FalkorDB graph, history, undo, refusals."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graph.engines.falkordb import FalkorDBStore
from graph.loader import Loader
from ontology import edits
from ontology.model import load_ontology
from ontology.records import Entity
from ontology.workspace import Workspace
from services import ontology_session as session
from treatykg.ontology_cli import main

from tests.graph import factory as f
from tests.graph.snapshot import direct, snapshot

US_GOV = Entity("us_government", "US government", "State", aliases=("American government",))


@pytest.fixture
def graph(falkordb_server, monkeypatch, request):
    """A FalkorDB graph the CLI reaches with --graph unix://... and KG_GRAPH_NAME."""
    name = f"cli_{request.node.name[:40]}".replace("[", "_").replace("]", "_")
    st = FalkorDBStore(falkordb_server.socket_path, name)
    st.ensure_schema()
    monkeypatch.setenv("KG_GRAPH_NAME", name)
    yield st, f"unix://{falkordb_server.socket_path}"
    st.drop()
    st.close()


@pytest.fixture
def cli(tmp_path, capsys):
    """Run the CLI on a workspace in tmp_path; returns (exit status, stdout, stderr)."""
    def run(*argv, graph_url=None):
        args = ["--dir", str(tmp_path / "ws")]
        args += ["--graph", graph_url] if graph_url else ["--no-store"]
        code = main(args + list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def _load(store):
    doc = f.document("news/c.txt", "third article", date="2021-03-01")
    extra = f.result(doc, f.statement(doc, US_GOV, "withdraws_from", f.OST, start=0),
                     f.statement(doc, f.RU, "negotiates_with", US_GOV, start=40))
    Loader(store, load_ontology()).load([f.article_a(), f.article_b(), extra])


def test_edits_reach_the_graph_and_undo_restores_everything(graph, cli, tmp_path):
    store, url = graph
    _load(store)
    picture = snapshot(store)
    code, out, _ = cli("rename", "withdraws_from", "leaves", graph_url=url)
    assert code == 0 and "#1 predicate withdraws_from renamed to leaves" in out
    assert "statement(s) moved from withdraws_from to leaves" in out
    code, out, _ = cli("merge-entities", "United States", "us_government", graph_url=url)
    assert code == 0 and "US government merged into United States" in out
    rels = direct(store)
    assert ("united_states", "LEAVES", "open_skies_treaty") in rels and not [k for k in rels if k[1] == "WITHDRAWS_FROM"]
    assert rels[("russia", "NEGOTIATES_WITH", "united_states")][0] == 3
    code, out, _ = cli("show", "leaves")
    assert "relationship type LEAVES" in out
    lines = (tmp_path / "ws" / "entities.jsonl").read_text().splitlines()
    assert json.loads(lines[-1])["aliases"] == ["US government", "American government"]
    code, out, _ = cli("history", "--json")
    history = [json.loads(line) for line in out.splitlines()]
    assert [h["op"] for h in history] == ["rename", "merge-entities"]
    assert history[0]["args"] == {"old": "withdraws_from", "new": "leaves"}
    assert cli("undo", graph_url=url)[1].startswith("#3 undid #2")
    assert cli("undo", graph_url=url)[1].startswith("#4 undid #1")
    assert snapshot(store) == picture
    assert not (tmp_path / "ws" / "overlay.ttl").exists() and not (tmp_path / "ws" / "entities.jsonl").exists()
    assert cli("undo", graph_url=url)[1].strip() == "nothing to undo"
    code, out, _ = cli("history")
    assert "(undone)" in out.splitlines()[0]


def test_refusals_are_one_line_with_exit_status_1(graph, cli):
    store, url = graph
    _load(store)
    cases = [
        (("delete", "supports"), "predicate supports is in use: 1 statements use it; give --migrate-to PREDICATE"),
        (("delete", "MemberLike"), "class MemberLike is in use by member_of, party_to"),
        (("rename", "State", "Country"), "class State is built in"),
        (("add-predicate", "Ratifies", "--domain", "State", "--range", "Treaty"), "invalid predicate name 'Ratifies'"),
        (("add-predicate", "ratifies", "--domain", "Country", "--range", "Treaty"), "unknown domain class 'Country'"),
        (("merge-entities", "NATO", "Atlantis"), "unknown entity 'Atlantis'"),
        (("alias", "add", "NATO", "Russia"), "is the name of another entity, Russia"),
        (("retype", "NATO", "Actor"), "unknown or abstract class 'Actor'"),
    ]
    for argv, message in cases:
        code, out, err = cli(*argv, graph_url=url)
        assert code == 1, argv
        assert err.startswith("error: ") and message in err and err.count("\n") == 1, err
        assert "Traceback" not in err and out == ""
    assert cli("history")[1].strip() == "no edits yet"


def test_dry_run_saves_nothing(cli, tmp_path):
    code, out, _ = cli("--dry-run", "add-class", "MilitaryAlliance", "--parent", "InternationalOrganization")
    assert code == 0 and out.startswith("dry run, nothing saved")
    assert not (tmp_path / "ws" / "overlay.ttl").exists()


def test_undo_refuses_after_a_hand_edit(cli, tmp_path):
    assert cli("add-class", "MilitaryAlliance", "--parent", "InternationalOrganization")[0] == 0
    overlay = tmp_path / "ws" / "overlay.ttl"
    overlay.write_text(overlay.read_text() + "\n# my note\n")
    code, _, err = cli("undo")
    assert code == 1 and "changed since edit #1" in err
    assert cli("undo", "--force")[0] == 0 and not overlay.exists()


def test_module_entry_point_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "treatykg", "ontology", "--dir", str(tmp_path), "--no-store",
                           "rename", "State", "Country"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and proc.stderr.startswith("error: class State is built in")
    assert "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "treatykg", "ontology", "frobnicate"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
    # The old entry point says where the commands went, and the ontology layer imports nothing above it.
    proc = subprocess.run([sys.executable, "-m", "ontology", "show"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "python -m treatykg ontology" in proc.stderr and "Traceback" not in proc.stderr


def test_a_failed_commit_takes_the_graph_back(graph, tmp_path, monkeypatch):
    store, _ = graph
    _load(store)
    picture = snapshot(store)
    ws = Workspace(tmp_path / "ws")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ws.history, "record", full_disk)
    with pytest.raises(OSError):
        session.apply_edit(ws, store, "rename", {}, lambda s: edits.rename(s.draft, "withdraws_from", "leaves",
                                                                             s.usage))
    assert snapshot(store) == picture and ws.files() == {"overlay.ttl": None, "entities.jsonl": None}
