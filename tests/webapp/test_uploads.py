"""Hostile uploads: archives and executables under text extensions, names with path parts, NUL
bytes and line breaks, oversized files. Each is refused with one line naming the file and the
reason, or stored under a safe base name inside the upload folder; nothing is written anywhere
else (the folders around the upload folder are listed before and after) and a refusal leaves the
graph as it was."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph import views
from services import ingest as services_ingest
from webapp import ingest
from tests.webapp.conftest import TIMEOUT

TEXT = "Norway criticized Russia on Thursday, and Denmark said it supports NATO.\n"


def zipped(name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, text)
    return out.getvalue()


def tarred(name: str, text: str) -> bytes:
    out = io.BytesIO()
    data = text.encode()
    with tarfile.open(fileobj=out, mode="w") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def windows_exe() -> bytes:
    """A DOS/PE header as compilers write it (``MZ``, then mostly zero bytes), then code bytes."""
    header = bytearray(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48))
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    return bytes(header) + b"This program cannot be run in DOS mode.\r\r\n$" + random.Random(7).randbytes(2000)


#: (name, content, reason): content that is not text whatever its extension says.
BINARIES = [
    ("notes.txt", zipped("notes.txt", TEXT * 50), "binary file (zip archive), not text"),
    ("notes.txt", gzip.compress((TEXT * 50).encode()), "binary file (gzip archive), not text"),
    ("notes.txt", bz2.compress((TEXT * 50).encode()), "binary file (bzip2 archive), not text"),
    ("notes.txt", lzma.compress((TEXT * 50).encode()), "binary file (xz archive), not text"),
    ("notes.md", tarred("notes.txt", TEXT * 50), "binary file (tar archive), not text"),
    ("tool.md", Path(sys.executable).resolve().read_bytes()[:65536], "binary file (ELF executable), not text"),
    ("setup.md", windows_exe(), "binary file (Windows executable), not text"),
    ("paper.html", b"%PDF-1.7\n" + TEXT.encode(), "not a readable PDF document (Failed to load document (PDFium: Data format error))"),
    ("noise.txt", random.Random(1).randbytes(4096), "binary file (contains NUL bytes), not text"),
    ("noise.txt", bytes(random.Random(2).randrange(128, 256) for _ in range(4096)),
     "binary file (mostly non-text bytes), not text"),
]


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (with its content) and folder under ``root``."""
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


@pytest.fixture
def folders(tmp_path):
    """An upload folder two levels down, so that ``../..`` from it is still inside ``tmp_path``."""
    uploads = tmp_path / "data" / "uploads"
    uploads.mkdir(parents=True)
    (tmp_path / "data" / "keep.txt").write_text("a file next to the upload folder\n")
    return tmp_path, uploads


@pytest.mark.parametrize("name, data, reason", BINARIES, ids=[r.split("(")[1][:-11] for _, _, r in BINARIES])
def test_binaries_under_text_names_are_refused_by_content(app_env, ontology, extractor, folders, name, data, reason):
    """The extension says text, the bytes say otherwise: refused with ``name: reason`` (one line),
    no file left behind (not even the temporary one), the graph unchanged."""
    root, uploads = folders
    before, counts = tree(root), views.counts(app_env.store)
    with pytest.raises(ingest.UploadRefused) as refused:
        ingest.ingest_upload(app_env.store, ontology, extractor, uploads, name, data, limit=1 << 20)
    assert str(refused.value) == f"{name}: {reason}"
    assert tree(root) == before
    assert views.counts(app_env.store) == counts


#: (name given by the browser, name it is stored under in the upload folder)
PATH_NAMES = [
    ("../../evil.txt", "evil.txt"),
    ("..\\..\\evil2.txt", "evil2.txt"),
    ("/etc/passwd.txt", "passwd.txt"),
    ("sub/dir/a.txt", "a.txt"),
    ("C:\\Windows\\system32\\b.md", "b.md"),
    ("evil\x00.txt", "evil_.txt"),
    ("~/.profile.txt", "profile.txt"),
    ("line\nbreak.md", "line_break.md"),
    ("x" * 300 + ".txt", "x" * 116 + ".txt"),
    ("é" * 200 + ".html", "é" * 57 + ".html"),
]


def test_names_with_path_parts_are_stored_inside_the_upload_folder(app_env, ontology, extractor, folders):
    """Whatever path the browser sends, the file lands in the upload folder under its cleaned
    base name (within file-system limits, extension kept), and the graph records that path."""
    root, uploads = folders
    passwd = Path("/etc/passwd").read_bytes()
    before = tree(root)
    for i, (name, stored) in enumerate(PATH_NAMES):
        text = f"Upload {i}. {TEXT}"
        outcome = ingest.ingest_upload(app_env.store, ontology, extractor, uploads, name, text.encode(), 1 << 20)
        assert outcome.loaded == 1 and not outcome.errors
        assert (uploads / stored).read_text() == text
        (doc,) = [d for d in views.documents(app_env.store) if d["title"] == text.strip()]
        assert Path(doc["path"]).resolve() == (uploads / stored).resolve()
    after = tree(root)
    added = {path for path in after if path not in before}
    assert added == {f"data/uploads/{stored}" for _, stored in PATH_NAMES}
    assert {path: after[path] for path in before} == before
    assert Path("/etc/passwd").read_bytes() == passwd
    for _, stored in PATH_NAMES:  # leave the module's graph as it was
        (doc,) = [d for d in views.documents(app_env.store) if Path(d["path"]).name == stored]
        services_ingest.delete(app_env.store, ontology, doc, uploads)
    assert tree(root) == before


@pytest.mark.parametrize("name, size, message", [
    ("big.txt", 2048, "big.txt: 2 KB is over the 1 KB limit for one document"),
    ("huge.md", 5 * 1024 * 1024, "huge.md: 5.0 MB is over the 1 KB limit for one document"),
    ("archive.zip", 10, "archive.zip: .zip files are not accepted; upload .txt, .md, .html, .htm or .pdf documents"),
    ("a.txt\x00.exe", 10, "'a.txt\\x00.exe': .exe files are not accepted; upload .txt, .md, .html, .htm or .pdf documents"),
    ("bad\nname.tar.gz", 10, "'bad\\nname.tar.gz': .gz files are not accepted; upload .txt, .md, .html, .htm or .pdf documents"),
    ("x" * 200 + ".sh", 10, "'" + "x" * 80 + "'...: .sh files are not accepted; upload .txt, .md, .html, .htm or .pdf documents"),
    ("..", 10, "..: not a usable file name"),
    ("/", 10, "/: not a usable file name"),
    ("", 10, "'': not a usable file name"),
    ("empty.txt", 0, "empty.txt: the file is empty"),
])
def test_refusals_are_one_line_naming_the_file(app_env, ontology, extractor, folders, name, size, message):
    """Wrong extensions, oversized or empty files and unusable names: refused before anything is
    written, with one line that names the file (control characters escaped, long names cut)."""
    root, uploads = folders
    before = tree(root)
    with pytest.raises(ingest.UploadRefused) as refused:
        ingest.ingest_upload(app_env.store, ontology, extractor, uploads, name, b"x" * size, limit=1024)
    assert str(refused.value) == message
    assert "\n" not in str(refused.value)
    assert tree(root) == before


def test_the_page_shows_an_archive_refusal(app_env):
    """The Documents page's upload path reports a zip named .txt as one refusal and goes on."""
    script = (
        "from webapp import state\n"
        "from webapp.messages import show\n"
        "from webapp.pages.documents import upload_files\n"
        "upload_files(state.store(), state.ontology_state(), state.settings(),\n"
        f"             [('notes.txt', {zipped('notes.txt', TEXT)!r}), ('../x.md', {TEXT.encode()!r})])\n"
        "show()\n"
    )
    at = AppTest.from_string(script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Refused: notes.txt: binary file (zip archive), not text"]
    assert at.success[0].value.startswith("../x.md:")
    folder = Path(app_env.env["KG_UPLOAD_DIR"])
    assert sorted(p.name for p in folder.iterdir()) == ["x.md"]
