"""``streamlit run app.py`` with nothing but the shipped settings listens on the loopback address
only: other machines cannot reach the app unless the user exposes it on purpose (README)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from webapp import browser


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of the TCP sockets listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1, little-endian words


def test_app_listens_on_loopback_only_by_default():
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))
    env = {"KG_DATA_DIR": str(folder / "g"), "KG_GRAPH_URL": None, "KG_SAMPLE_DIR": "none",
           "KG_ONTOLOGY_DIR": str(folder / "ontology"), "KG_UPLOAD_DIR": str(folder / "uploads")}
    try:
        with browser.AppServer(env, address=None) as app:  # the bind address comes from .streamlit/config.toml
            addresses = _listening(app.port)
            assert addresses, "the app answered but no listening socket was found"
            assert set(addresses) <= LOOPBACK, addresses
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_check_reads_listening_sockets():
    """The /proc reading finds a socket listening on 127.0.0.1 (tests bind nothing wider)."""
    import socket

    with socket.create_server(("127.0.0.1", 0)) as server:
        assert _listening(server.getsockname()[1]) == ["0100007F"]
