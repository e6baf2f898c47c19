"""FalkorDB engine: one graph key on a FalkorDB server reached through a unix socket.

Atomic writes use Redis transactions: the plan's reads run under WATCH on the graph key, the
writes are queued in MULTI and applied by EXEC as one unit (no other client interleaves; a crash
before EXEC applies nothing; the append-only file logs the block between MULTI and EXEC, and the
server drops an incomplete block when it replays the file). FalkorDB itself has no multi-query
transactions, so this is the only place that guarantee comes from.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import json
import logging
import math
import re
import socket
import threading
import time
from pathlib import Path
from typing import Callable, Mapping, Optional

import redis
from falkordb import FalkorDB
from falkordb.query_result import QueryResult

from graph import queries
from graph.config import DEFAULT_DATA_DIR, GraphConfig
from graph.errors import ConfigError, QueryError, ServerError
from graph.server import EmbeddedServer
from graph.store import GraphStore, Plan, Rows, read_counters
from graph.values import rows as plain_rows

log = logging.getLogger(__name__)
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SYNTAX = re.compile(r"errMsg: (?P<msg>.*?) line: (?P<line>\d+), column: (?P<col>\d+)", re.S)
MAX_RETRIES = 50


class FalkorDBStore(GraphStore):
    """A graph on a FalkorDB server; owns an :class:`EmbeddedServer` handle when embedded."""

    engine = "falkordb"
    load_refs = queries.FALKORDB_REFS

    def __init__(self, socket_path: Path | str, graph_name: str, server: Optional[EmbeddedServer] = None,
                 query_log: Optional[Callable[[str], None]] = None) -> None:
        super().__init__(query_log)
        self.graph_name = graph_name
        self.socket_path = Path(socket_path)
        self._server = server
        self._db = FalkorDB(unix_socket_path=str(socket_path))
        self._graph = self._db.select_graph(graph_name)
        self._closed = False
        self._restart_lock = threading.Lock()
        self._notices: list[str] = []
        try:
            self._db.connection.ping()
        except redis.ResponseError:
            pass  # it answers, refusing writes (MISCONF: a full disk): reads still work
        except (redis.ConnectionError, OSError):
            self.close()
            raise ServerError(f"no FalkorDB server answers on {socket_path}") from None
        if server is not None:
            atexit.register(self.close)

    @classmethod
    def from_config(cls, config: GraphConfig, query_log=None) -> "FalkorDBStore":
        if config.socket_path is not None:
            return cls(config.socket_path, config.graph_name, query_log=query_log)
        server = EmbeddedServer(config.data_dir, memory=config.store_memory)
        socket_path = server.acquire()
        try:
            return cls(socket_path, config.graph_name, server=server, query_log=query_log)
        except BaseException:
            server.release()
            raise

    @property
    def description(self) -> str:
        return f"FalkorDB graph {self.graph_name!r} on {self.socket_path}"

    @property
    def connection(self) -> redis.Redis:
        """The raw Redis connection (tests use it to simulate crashes and inspect the server)."""
        return self._db.connection

    def _execute(self, args: list, limit: Optional[int]):
        """The raw reply to one query command; with a ``limit``, no more than ``limit`` + 1 of its
        rows (:func:`_capped_reply`), which is all :meth:`_run` needs to tell it was cut."""
        if limit is None:
            return self._db.connection.execute_command(*args)
        return _capped_reply(self.socket_path, args, limit + 1)

    # ------------------------------------------------------------------ queries

    def _run(self, cypher, params, *, read_only, timeout, limit, repeat=True) -> Rows:
        command = "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY"
        args = [command, self.graph_name, _with_params(cypher, params), "--compact"]
        if timeout is not None:
            args += ["timeout", max(1, int(timeout * 1000))]
        try:
            try:
                reply = self._execute(args, limit)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                cause = self._server.last_exit() if self._server is not None else None
                what = self._restart(exc)
                if what is None:
                    raise
                if not repeat:
                    # The user's query may be what stopped the server: sending it again would
                    # stop the new one too (out of memory twice over on a shared machine).
                    raise QueryError(f"the FalkorDB server stopped while running this query"
                                     f"{f' ({cause})' if cause else ''}; it was restarted from its "
                                     "append-only file and the query was not run again: bound it "
                                     "(LIMIT, smaller ranges and collections)") from None
                if not read_only:
                    raise QueryError(f"{what}; this write may not have been applied: "
                                     "check, then run it again") from None
                reply = self._execute(args, limit)  # the project's own reads are safe to repeat
            result = QueryResult(self._graph, reply)
        except redis.ResponseError as exc:
            raise QueryError(self._explain(exc, cypher, params, read_only)) from None
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise QueryError(f"lost the connection to FalkorDB ({type(exc).__name__})") from None
        columns = [str(h[1]) for h in result.header]
        records = result.result_set
        truncated = limit is not None and len(records) > limit
        if truncated:
            records = records[:limit]
        # what a write changed: the reply's statistics (nodes_created, properties_set…)
        return Rows(plain_rows(columns, records), columns, truncated, summary=read_counters(result))

    def transact(self, plan: Plan) -> None:
        for attempt in range(MAX_RETRIES):
            sent = False
            with self._db.connection.pipeline(transaction=True) as pipe:
                try:
                    pipe.watch(self.graph_name)

                    def read(cypher: str, params: Optional[dict] = None) -> list[dict]:
                        self._log(cypher)
                        try:
                            reply = pipe.execute_command("GRAPH.RO_QUERY", self.graph_name,
                                                         _with_params(cypher, params or {}), "--compact")
                        except redis.ResponseError as exc:
                            if "empty key" in str(exc).lower():
                                return []  # the graph does not exist yet
                            raise QueryError(_message(exc, cypher, params or {}, True)) from None
                        result = QueryResult(self._graph, reply)
                        columns = [str(h[1]) for h in result.header]
                        return plain_rows(columns, result.result_set)

                    steps = list(plan(read))
                    if not steps:
                        pipe.unwatch()
                        return
                    pipe.multi()
                    for cypher, params in steps:
                        self._log(cypher)
                        pipe.execute_command("GRAPH.QUERY", self.graph_name, _with_params(cypher, params),
                                             "--compact")
                    sent = True
                    replies = pipe.execute(raise_on_error=False)
                except redis.WatchError:
                    time.sleep(min(0.2, 0.002 * 2 ** min(attempt, 7)))
                    continue
                except (redis.ConnectionError, redis.TimeoutError) as exc:
                    what = self._restart(exc)
                    if what is not None and not sent:
                        continue  # the server stopped before the block was sent: nothing applied
                    if what is not None:
                        # Not repeated: a block the server applied before it died is in its log.
                        raise QueryError(f"{what}; this write may not have been applied: "
                                         "run it again (loading skips what is already there)") from None
                    raise QueryError(f"lost the connection to FalkorDB ({type(exc).__name__})") from None
                except redis.ResponseError as exc:  # a step refused while queued (MISCONF, OOM)
                    raise QueryError(self._explain(exc, "", {}, False)) from None
            failures = [(i, r) for i, r in enumerate(replies) if isinstance(r, Exception)]
            if failures:
                index, error = failures[0]
                raise QueryError(f"write step {index + 1} of {len(steps)} failed: "
                                 f"{_message(error, steps[index][0], steps[index][1], False)}")
            failure = self._disk_failure("this write is in the server's memory but not on disk")
            if failure:
                # The server wrote the block to its append-only file before it answered: if that
                # failed, the block is only in memory, and must not be reported as stored.
                raise QueryError(failure)
            return
        raise QueryError(f"gave up after {MAX_RETRIES} attempts: other clients kept changing the graph")

    def prepare(self, value: list) -> list:
        return _Encoded(value)

    # ------------------------------------------------------------------ server failures

    def revive(self) -> list[str]:
        try:
            self._db.connection.ping()
        except redis.ResponseError:
            pass  # it answers, refusing writes (MISCONF): said below
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            if self._restart(exc) is None:
                raise ServerError(f"the FalkorDB server on {self.socket_path} does not answer "
                                  f"({type(exc).__name__})") from None
        notices, self._notices = self._notices, []
        failure = self._disk_failure("reading works, loading and edits fail until then")
        if failure:
            notices.append(failure)
        return notices

    def _explain(self, exc: Exception, cypher: str, params: dict, read_only: bool) -> str:
        """:func:`_message`, naming the data folder when the disk is the problem."""
        return (_disk_message(str(exc), self._server.data_dir if self._server else None)
                or _message(exc, cypher, params, read_only))

    def _disk_failure(self, what: str) -> Optional[str]:
        """Why the server cannot write its append-only file (one phrase), or None when it can.

        A server that failed to write refuses every write, and PING too, with ``MISCONF`` and
        the system's reason, until a write succeeds again.
        """
        try:
            self._db.connection.ping()
        except redis.ResponseError as exc:
            return _disk_message(str(exc), self._server.data_dir if self._server else None, what)
        except (redis.ConnectionError, redis.TimeoutError):
            return None  # not a disk failure; the next query says what it is
        return None

    def _restart(self, exc: Exception) -> Optional[str]:
        """Start the embedded server again after it died (killed, crashed): it replays its
        append-only file, so every write it acknowledged is back. Returns what happened, or None
        when the server is not ours to start (an external socket)."""
        if self._server is None or self._closed:
            return None
        with self._restart_lock:
            with contextlib.suppress(redis.RedisError, OSError):
                if self._answers():  # another thread restarted it, or a passing error
                    return f"the connection to FalkorDB was interrupted ({type(exc).__name__})"
            log.warning("FalkorDB server on %s stopped (%s); restarting it", self.socket_path,
                        type(exc).__name__)
            self._server.acquire()  # raises ServerError with the server's log tail if it cannot start
            notice = (f"the FalkorDB server in {self._server.data_dir} had stopped and was restarted "
                      "from its append-only file (writes it acknowledged are kept)")
            self._notices.append(notice)
            return notice

    def _answers(self) -> bool:
        try:
            return bool(self._db.connection.ping())
        except redis.ResponseError:
            return True  # MISCONF: there, refusing writes

    # ------------------------------------------------------------------ schema and lifecycle

    def ensure_schema(self) -> None:
        existing: set[tuple[str, str]] = set()
        with contextlib.suppress(QueryError):
            for row in self.run(queries.FALKORDB_INDEXES):
                for prop in row["properties"] or []:
                    existing.add((row["label"], prop))
        for ddl in queries.FALKORDB_SCHEMA:
            match = re.search(r"\(n:(\w+)\) ON \(n\.(\w+)\)", ddl)
            if match and (match.group(1), match.group(2)) in existing:
                continue
            try:
                self.run(ddl, read_only=False)
            except QueryError as exc:
                if "cannot write to disk" in str(exc):
                    return  # reads still work; the first write says what is wrong
                if "already indexed" not in str(exc):
                    raise

    def clear(self) -> None:
        self.run(queries.CLEAR_GRAPH, read_only=False)

    def drop(self) -> None:
        """Delete the whole graph key (tests: one graph per test)."""
        with contextlib.suppress(redis.ResponseError):
            self._graph.delete()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            atexit.unregister(self.close)
        if self._server is not None:
            self._server.release(self._db.connection)
        else:
            with contextlib.suppress(Exception):
                self._db.connection.close()


def _capped_reply(socket_path: Path, args: list, max_rows: int) -> list:
    """Send one GRAPH.QUERY / GRAPH.RO_QUERY on a connection of its own and read the reply's first
    ``max_rows`` rows, then hang up on the rest.

    redis-py reads a whole reply before it returns, parsing it in Python: two million one-number
    rows took three minutes and 450 MB here. FalkorDB has no per-query cap on the rows it sends
    (``RESULTSET_SIZE`` is server-wide), so the server still builds the whole result, bounded by
    the query timeout, but this process never holds more than ``max_rows`` rows. The reply has the
    shape redis-py gives (``[header, rows, statistics]``, statistics empty when cut short), and
    failures are redis-py's exceptions, so callers handle them as for ``execute_command``.
    """
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(socket_path))
        parts = [str(arg).encode() for arg in args]
        sock.sendall(b"".join([b"*%d\r\n" % len(parts)] + [b"$%d\r\n%s\r\n" % (len(p), p) for p in parts]))
        with sock.makefile("rb") as stream:  # closing both hangs up on what was not read
            reply = _resp_value(stream, top=max_rows)
    except OSError as exc:
        raise redis.ConnectionError(f"FalkorDB connection failed: {exc}") from None
    finally:
        sock.close()
    if isinstance(reply, redis.ResponseError):
        raise reply
    return reply


def _resp_value(stream, top: Optional[int] = None):
    """One RESP2 value from ``stream`` (errors returned as ``redis.ResponseError``). With ``top``,
    the value is a query reply: of its rows array (the second of three elements) only the first
    ``top`` rows are read, and what follows them is left unread."""
    line = stream.readline()
    if not line.endswith(b"\r\n"):
        raise redis.ConnectionError("FalkorDB closed the connection in the middle of a reply")
    kind, rest = line[:1], line[1:-2]
    if kind == b"$":
        size = int(rest)
        if size < 0:
            return None
        data = stream.read(size + 2)
        if len(data) != size + 2:
            raise redis.ConnectionError("FalkorDB closed the connection in the middle of a reply")
        return data[:-2].decode("utf-8", "replace")
    if kind == b"*":
        size = int(rest)
        if size < 0:
            return None
        if top is not None and size == 3:
            header = _resp_value(stream)
            rows_line = stream.readline()
            if not rows_line.startswith(b"*"):
                raise redis.ConnectionError(f"unexpected reply from FalkorDB: {rows_line[:40]!r}")
            count = int(rows_line[1:-2])
            rows = [_resp_value(stream) for _ in range(min(count, top))]
            return [header, rows, _resp_value(stream) if count <= top else []]
        return [_resp_value(stream) for _ in range(size)]
    if kind == b":":
        return int(rest)
    if kind == b"+":
        return rest.decode("utf-8", "replace")
    if kind == b"-":
        return redis.ResponseError(rest.decode("utf-8", "replace").removeprefix("ERR "))
    raise redis.ConnectionError(f"unexpected reply from FalkorDB: {line[:40]!r}")


def _with_params(cypher: str, params: dict) -> str:
    """Prefix the ``CYPHER name=value ...`` header FalkorDB reads parameters from."""
    if not params:
        return cypher
    parts = []
    for name, value in params.items():
        if not isinstance(name, str) or not _PARAM_NAME.match(name):
            raise QueryError(f"invalid parameter name {name!r}")
        parts.append(f"{name}={_literal(value)}")
    return "CYPHER " + " ".join(parts) + " " + cypher


class _Encoded(list):
    """A list parameter with its Cypher literal computed ahead (:meth:`FalkorDBStore.prepare`)."""

    __slots__ = ("text",)

    def __init__(self, value) -> None:
        super().__init__(value)
        self.text = _literal(value)


def _literal(value) -> str:
    """A Cypher literal for the parameter header.

    Lists (what batches of thousands of rows spend their client time on) go through the C JSON
    encoder when its text means the same to FalkorDB (:func:`_json_literal`); everything else,
    and lists of maps, through :func:`_python_literal`.
    """
    if type(value) is _Encoded:
        return value.text
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], dict):
        text = _json_literal(value)
        if text is not None:
            return text
    return _python_literal(value)


#: JSON text is a Cypher literal for FalkorDB when it holds no map (JSON quotes keys, Cypher does
#: not) and no \uXXXX escape (FalkorDB reads \" \\ \n \t \r \b \f but not \u; without
#: ``ensure_ascii``, only control characters other than those get one).
#: The end of a quoted key: a quote no backslash escapes, then a colon (an escaped quote and a
#: colon are text: news quotes a lot).
_KEY_END = re.compile(r'(?<!\\)(?:\\\\)*":')
_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _json_literal(value) -> Optional[str]:
    """``value`` as JSON if that text is the same Cypher literal, else None."""
    try:
        text = _JSON(value)
    except (TypeError, ValueError):  # sets and other types, NaN and infinities
        return None
    if "\\u" in text:  # a control character (or a backslash before a u: rare either way)
        return None
    if '":' in text and _KEY_END.search(text):  # a map inside: JSON quotes its keys
        return None
    return text


def _python_literal(value) -> str:
    """A Cypher literal for the parameter header (a faster ``falkordb.helpers.stringify_param_value``).

    Strings: backslash and double quote escaped (FalkorDB reads other characters raw, but not NUL,
    which becomes U+FFFD); NaN and infinities become null; tuples and sets become lists.
    """
    if isinstance(value, str):
        if "\x00" in value:
            value = value.replace("\x00", "\ufffd")
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value)) if math.isfinite(value) else "null"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_map_key(key)}:{_literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "[" + ",".join(map(_literal, value)) + "]"
    raise QueryError(f"cannot send a {type(value).__name__} as a query parameter")


@functools.lru_cache(maxsize=1024)
def _map_key(key) -> str:
    """A map key as FalkorDB reads it (memoised: the same few keys repeat in every row)."""
    key = str(key)
    if _PARAM_NAME.match(key):
        return key
    if not key or "`" in key:
        raise QueryError(f"map key {key!r} cannot be sent to FalkorDB")
    return f"`{key}`"


def _disk_message(text: str, data_dir: Optional[Path], what: str = "reads still work") -> Optional[str]:
    """The one line for a server that refuses writes because it cannot write to disk, or None."""
    if "MISCONF" not in text:
        return None
    reason = " ".join(text.split("AOF file:", 1)[1].split()) if "AOF file:" in text else "a write error"
    where = f"the disk holding {data_dir}" if data_dir is not None else "the server's disk"
    return f"the store cannot write to disk ({reason}): {what}; free space on {where}, then run it again"


def _message(exc: Exception, cypher: str, params: dict, read_only: bool) -> str:
    """One readable line for a FalkorDB error (FalkorDB reports positions after the parameter header)."""
    text = " ".join(str(exc).split())
    disk = _disk_message(text, None)
    if disk:
        return disk
    if "maxmemory" in text and "OOM" in text:
        return ("the store is full: it holds as much as KG_STORE_MEMORY allows (default 2gb); raise it and "
                "restart the store, or delete documents (reads still work)")
    if "mem consumption exceeded capacity" in text:
        return ("query stopped: it needed more memory than one query may use (a quarter of KG_STORE_MEMORY): "
                "bound it (LIMIT, smaller ranges and collections)")
    if "empty key" in text:
        return "the graph does not exist yet (nothing has been loaded)"
    if "is to be executed only on read-only queries" in text:
        return "read-only query refused by FalkorDB: the query writes to the graph"
    match = _SYNTAX.search(text)
    if match:
        line, col = int(match.group("line")), int(match.group("col"))
        return f"Cypher syntax error at line {line}, column {col}: {match.group('msg').strip()}"
    if "timed out" in text.lower():
        return "query timed out"
    return f"Cypher error: {text.removeprefix('errMsg: ')}"


Store = FalkorDBStore


def configure(parts, env: Mapping[str, str], graph_name: str, data_dir: Optional[str], memory: int) -> GraphConfig:
    """``falkordb:`` (or no URL) is the embedded server in ``KG_DATA_DIR`` (``falkordb:///abs/dir``
    names the folder); ``unix:///path/to/falkordb.sock`` is a server someone else runs."""
    if parts.scheme.lower() == "unix":
        if not parts.path:
            raise ConfigError("unix:// graph URL needs a socket path, e.g. unix:///tmp/falkordb.sock")
        return GraphConfig(engine="falkordb", graph_name=graph_name, socket_path=Path(parts.path))
    folder = data_dir or parts.path or env.get("KG_DATA_DIR") or DEFAULT_DATA_DIR
    return GraphConfig(engine="falkordb", graph_name=graph_name, data_dir=Path(folder).resolve(),
                       store_memory=memory)
