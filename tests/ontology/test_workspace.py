"""The workspace: effective ontology and gazetteer, atomic commits, crash recovery, exact undo."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from rdflib import Graph
from rdflib.compare import isomorphic

from ontology import edits
from treatykg.ontology_cli import main
from ontology.model import CORE_PATH
from ontology.workspace import ENTITIES, OVERLAY, Workspace, load_effective, workspace_dir


def test_no_workspace_is_the_core(tmp_path):
    ontology, gazetteer = load_effective(tmp_path / "nothing")
    assert isomorphic(ontology.graph, Graph().parse(CORE_PATH))
    assert gazetteer.get("nato") is not None
    assert not (tmp_path / "nothing").exists()  # reading never creates the folder


def test_folder_from_argument_environment_or_default():
    assert workspace_dir("x") == workspace_dir("x", env={"KG_ONTOLOGY_DIR": "y"})
    assert str(workspace_dir(None, env={"KG_ONTOLOGY_DIR": "y"})) == "y"
    assert str(workspace_dir(None, env={})) == "data/ontology"


def test_effective_ontology_and_gazetteer_follow_the_files(tmp_path, capsys):
    folder = tmp_path / "ws"
    assert main(["--dir", str(folder), "--no-store", "add-class", "MilitaryAlliance",
                 "--parent", "InternationalOrganization"]) == 0
    assert main(["--dir", str(folder), "--no-store", "retype", "AUKUS", "MilitaryAlliance"]) == 0
    ontology, gazetteer = load_effective(folder)
    assert ontology.classes["MilitaryAlliance"].parent == "InternationalOrganization"
    assert "MilitaryAlliance" in ontology.predicates["member_of"].range
    assert gazetteer.get("aukus").type == "MilitaryAlliance"


def test_undo_restores_files_byte_for_byte(tmp_path, capsys):
    folder = tmp_path / "ws"
    run = lambda *a: main(["--dir", str(folder), "--no-store", *a])  # noqa: E731
    ws = Workspace(folder)
    states = [ws.files()]
    for argv in (["add-predicate", "recognizes", "--domain", "State", "--range", "State", "--verb", "recognize"],
                 ["alias", "add", "NATO", "the Atlantic pact"],
                 ["rename", "recognizes", "recognises"],
                 ["delete", "MemberLike", "--migrate-to", "State"],
                 ["merge-entities", "Joe Biden", "Barack Obama"]):
        assert run(*argv) == 0
        states.append(ws.files())
    # A hand edit between two commands is part of the state an undo returns to.
    (folder / OVERLAY).write_text(ws.files()[OVERLAY] + "# hand-written note\n")
    states[-1] = ws.files()
    assert run("alias", "remove", "NATO", "OTAN") == 0
    states.append(ws.files())
    assert run("undo") == 0 and ws.files() == states[5]  # back to the hand-edited state
    # Undoing #5 would throw the hand edit away: refused unless forced.
    assert run("undo") == 1 and "changed since edit #5" in capsys.readouterr().err
    assert run("undo", "--force") == 0 and ws.files() == states[4]
    for expected in reversed(states[:4]):
        assert run("undo") == 0
        assert ws.files() == expected
    assert run("undo") == 0 and "nothing to undo" in capsys.readouterr().out


def test_interrupted_commit_is_rolled_forward(tmp_path):
    ws = Workspace(tmp_path / "ws")
    before = ws.files()
    out = edits.add_class(ws.draft(), "MilitaryAlliance", parent="InternationalOrganization")
    after = ws.render(out.draft)
    # The history entry is written first; a crash before the files leaves them as they were.
    ws.history.record("add-class", {"name": "MilitaryAlliance"}, out.message, before, after)
    assert ws.files() == before
    assert ws.recover() == [OVERLAY]
    assert ws.files() == after
    assert ws.recover() == []


def test_atomic_write_leaves_no_temp_files_and_a_crash_keeps_the_old_file(tmp_path):
    ws = Workspace(tmp_path / "ws")
    out = edits.add_class(ws.draft(), "MilitaryAlliance", parent="InternationalOrganization")
    ws.commit("add-class", {}, out.message, ws.files(), ws.render(out.draft))
    old = ws.files()[OVERLAY]
    script = textwrap.dedent(f"""
        import os
        from ontology import files
        real_replace = os.replace
        def crash(src, dst):
            os._exit(9)  # killed between writing the temp file and renaming it
        os.replace = crash
        files.atomic_write(__import__("pathlib").Path({str(tmp_path / "ws" / OVERLAY)!r}), "garbage")
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=os.getcwd(), timeout=60)
    assert proc.returncode == 9
    assert ws.files()[OVERLAY] == old
    assert isomorphic(ws.draft().graph, out.draft.graph)


def test_entities_file_round_trips(tmp_path, capsys):
    folder = tmp_path / "ws"
    assert main(["--dir", str(folder), "--no-store", "alias", "add", "NATO", "the Atlantic pact"]) == 0
    ws = Workspace(folder)
    draft = ws.draft()
    assert draft.entities == [{"name": "NATO", "type": "InternationalOrganization",
                               "aliases": ["the Atlantic pact"]}]
    assert ws.render(draft)[ENTITIES] == ws.files()[ENTITIES]


def test_extract_command_uses_the_workspace(tmp_path, capsys):
    folder = tmp_path / "ws"
    assert main(["--dir", str(folder), "--no-store", "add-predicate", "recognizes", "--domain", "State",
                 "--range", "State", "--verb", "recognize"]) == 0
    article = tmp_path / "a.txt"
    article.write_text("Bhutan formally recognized Kosovo in November 2012.\n")
    env = dict(os.environ, KG_ONTOLOGY_DIR=str(folder))
    proc = subprocess.run([sys.executable, "-m", "extract", str(article)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert '"predicate": "recognizes"' in proc.stdout


def test_history_stays_bounded_and_undo_works_for_what_it_keeps(tmp_path):
    """About 100 edits made history.jsonl 700 KB (every entry held the files before and after);
    now only the newest UNDO_DEPTH edits that can be undone keep them, and undo reaches exactly
    those, byte for byte."""
    from services import ontology_session as session
    from ontology.history import MAX_ENTRIES, UNDO_DEPTH

    EDITS = 2 * UNDO_DEPTH + 5
    ws = Workspace(tmp_path / "ws")
    states = [ws.files()]
    for i in range(EDITS):
        # A predicate per edit: the overlay grows as a user's does.
        session.apply_edit(ws, None, "add-predicate", {}, lambda s, i=i: edits.add_predicate(
            s.draft, f"recognizes_{i}", domain=["State"], range=["State"], triggers=[("verb", f"recognize{i}")],
            comment="A state recognises another's government, borders or claims. " * 3))
        states.append(ws.files())
    size = (ws.folder / "history.jsonl").stat().st_size
    overlay = len(states[-1][OVERLAY].encode())
    full = [e for e in ws.history.entries() if "before" in e]
    assert len(full) == UNDO_DEPTH and all("compacted" in e for e in ws.history.entries()[:-UNDO_DEPTH])
    unbounded = sum(len(json.dumps([a, b])) for a, b in zip(states, states[1:]))  # every entry in full
    assert size < (UNDO_DEPTH * 2 + 2) * overlay + EDITS * 1000 and size < 0.8 * unbounded, (size, unbounded)
    print(f"history.jsonl after {EDITS} edits: {size} bytes; with every entry in full about {unbounded}")
    assert len(ws.history.entries()) == EDITS <= MAX_ENTRIES  # every edit still listed
    assert [e["n"] for e in ws.history.undoable()] == list(range(EDITS, EDITS - UNDO_DEPTH, -1))
    for expected in reversed(states[-UNDO_DEPTH - 1:-1]):
        session.undo(ws, None)
        assert ws.files() == expected
    assert session.undo(ws, None).message.startswith("nothing more to undo")
    assert ws.files() == states[EDITS - UNDO_DEPTH]
    # Undo entries and undone edits do not keep texts either: the file did not grow back.
    assert (ws.folder / "history.jsonl").stat().st_size < size * 1.2
