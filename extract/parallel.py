"""spaCy's ``nlp.pipe`` in several processes, stopped cleanly by any error or Ctrl-C.

spaCy's own clean-up joins its workers, but a worker that is sending a parsed batch to a parent
that has stopped reading never finishes: it holds a forked copy of the pipe's read end, so the
pipe stays open and full. An error in the consumer (the store lost mid-load, a full disk), in the
input, or a Ctrl-C arriving inside spaCy's generator therefore left the ingest waiting for ever.
Here the workers are terminated *before* spaCy's clean-up runs, in every one of those paths.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.queues
import os
import signal
import threading
import warnings
import weakref
from typing import Any, Callable, Iterable, Iterator

#: Seconds a terminated worker gets to exit before it is killed.
STOP_GRACE = 5.0


def parse(nlp, texts: Iterable[tuple[str, Any]], batch_size: int, n_process: int = 1) -> Iterator:
    """``nlp.pipe(texts, as_tuples=True)``, in ``n_process`` processes when more than one."""
    if n_process <= 1:
        yield from nlp.pipe(texts, as_tuples=True, batch_size=batch_size)
        return
    workers = _Workers()
    docs = nlp.pipe(workers.guard(texts), as_tuples=True, batch_size=batch_size, n_process=n_process)
    finished = False
    with _stopping_on_signals(workers.stop):
        try:
            with _signals_blocked_in_workers():
                item = _next(docs)  # the workers are forked here and inherit the mask
            workers.started()
            while item is not _END:
                yield item
                item = _next(docs)
            finished = True
        finally:
            if not finished:  # an error, Ctrl-C, or the consumer stopped reading
                workers.stop()
                with _no_stopped_workers_warning():
                    docs.close()


_END = object()


def _next(docs: Iterator):
    with _no_stopped_workers_warning():  # a stop can come inside spaCy's generator too
        return next(docs, _END)


@contextlib.contextmanager
def _no_stopped_workers_warning():
    """Silence spaCy's W127 ("not all worker processes completed"): we stopped them, and the
    error or interrupt that made us is what the user sees."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W127\]")
        yield


class _Workers:
    """The processes one ``nlp.pipe`` call starts: those that appear after it was created."""

    def __init__(self) -> None:
        self._before = set(multiprocessing.active_children())
        self._old_queues = weakref.WeakSet(_queues())
        self._queues: weakref.WeakSet = weakref.WeakSet()

    def started(self) -> None:
        """Note the input queues spaCy made for the workers. spaCy keeps them to itself, hence
        the look through gc, done now: a caller may ``gc.freeze()`` later, hiding them from it."""
        self._queues.update(q for q in _queues() if q not in self._old_queues)

    def stop(self) -> None:
        """Terminate the workers (then kill any still there) and let the process exit without
        waiting for the feeder threads of their input queues, which may be stuck on a full pipe
        whose readers are gone."""
        mine = [p for p in multiprocessing.active_children() if p not in self._before]
        for process in mine:
            with contextlib.suppress(Exception):
                process.terminate()
        self.started()  # in case the stop comes before the first parsed text
        for queue in list(self._queues):
            queue.cancel_join_thread()
        for process in mine:
            process.join(STOP_GRACE)
            if process.is_alive():
                process.kill()
                process.join(STOP_GRACE)

    def guard(self, texts: Iterable) -> Iterator:
        """The input, stopping the workers first if reading it fails (the error then goes
        through spaCy's generator, whose clean-up would otherwise wait for them)."""
        try:
            yield from texts
        except GeneratorExit:  # spaCy closing its input after the end or after a stop
            raise
        except BaseException:
            self.stop()
            raise


def _queues() -> list:
    return [o for o in gc.get_objects() if isinstance(o, multiprocessing.queues.Queue)]


@contextlib.contextmanager
def _stopping_on_signals(stop: Callable[[], None]):
    """While parsing, Ctrl-C (SIGINT) and SIGTERM first stop the workers, then do what they did
    before (KeyboardInterrupt; SystemExit for a default SIGTERM, so clean-up code still runs);
    the previous handlers come back afterwards. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    previous = {sig: old for sig, old in previous.items() if old is not signal.SIG_IGN}
    parent = os.getpid()

    def handler(signum, frame):
        if os.getpid() != parent:  # a forked worker inherits this handler: die as by default
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        stop()
        old = previous.get(signum)
        if callable(old):
            old(signum, frame)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    for sig in previous:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)


@contextlib.contextmanager
def _signals_blocked_in_workers():
    """Block SIGINT while the workers are forked, so they inherit it blocked: a Ctrl-C at the
    terminal (sent to every process of the group) reaches only the parent, which stops them
    without each printing a traceback. A Ctrl-C meanwhile is delivered when this ends."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
