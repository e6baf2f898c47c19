"""``python -m extract PATH|URL... [--format jsonl|csv|ttl] [--out FILE]``.

One bad file never stops the run: it gets one ``error: <path>: <reason>`` line on stderr and
the others are processed. Exit status: 0 all files succeeded, 1 any file failed, 2 usage error.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
from pathlib import Path
from typing import IO, Optional, Sequence

from tqdm import tqdm

from extract.reader import ReadError, ReadFailure, SourceFile, iter_sources, open_document, with_progress
from extract.formats import registry
from extract.writers import FORMATS, open_writer

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: Files with at least this many characters get a progress bar of their own.
LARGE_FILE = 100_000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m extract",
        description=f"Extract actors, treaties and statements from {registry.described('and')} files "
                    "and from web pages.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files or folders (read recursively), or http(s):// URLs of pages or PDFs")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--out", metavar="FILE",
                        help="write here instead of stdout (atomically: replaced only when the run ends)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of extractor failures")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.out is not None:
        problem = _output_problem(Path(args.out))
        if problem:
            parser.error(f"--out {args.out}: {problem}")
    report = _Reporter()
    items = list(iter_sources(args.paths))
    for item in items:
        if isinstance(item, ReadError):
            report.error(item)
    files = [item for item in items if isinstance(item, SourceFile)]
    if not files:
        return EXIT_FAILED
    try:
        from extract.pipeline import Extractor
        from ontology.workspace import load_effective

        ontology, gazetteer = load_effective()  # core + the edits of KG_ONTOLOGY_DIR, if any
        extractor = Extractor(ontology=ontology, gazetteer=gazetteer)
    except Exception as exc:  # a missing model or broken ontology is not the user's input
        if args.debug:
            raise
        report.line(f"error: cannot load the extractor: {type(exc).__name__}: {exc}")
        return EXIT_FAILED

    output = AtomicOutput(Path(args.out)) if args.out else None
    stream = output.stream if output else _utf8_stdout()
    try:
        done = _run(files, extractor, open_writer(args.format, stream), report, args.debug)
    except KeyboardInterrupt:
        if output:
            output.abort()
        report.line("error: interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_FAILED
    except SystemExit:  # SIGTERM or SIGHUP (see __main__)
        if output:
            output.abort()
        report.line("error: stopped by a signal")
        raise
    except BaseException:
        if output:
            output.abort()
        raise
    if output:
        if done:
            output.commit()
        else:
            output.abort()  # nothing could be read: keep whatever the file held before
    return EXIT_FAILED if report.failed else EXIT_OK


def _run(files: list[SourceFile], extractor, writer, report: "_Reporter", debug: bool) -> int:
    """Extract every file into ``writer``; return how many succeeded."""
    done = 0
    with tqdm(files, file=sys.stderr, unit="file", disable=len(files) < 2, dynamic_ncols=True) as bar:
        for source in bar:
            try:
                opened = open_document(source)
            except ReadFailure as exc:
                report.error(exc.error)
                continue
            for warning in opened.warnings:
                report.line(f"warning: {warning}")
            try:
                with _file_progress(opened) as paragraphs:
                    result = extractor.extract_paragraphs(paragraphs, opened.document)
            except OSError as exc:
                report.error(ReadError(source.shown, f"read failed: {exc.strerror or exc}"))
                continue
            except Exception as exc:
                if debug:
                    raise
                report.error(ReadError(source.shown, f"extraction failed: {type(exc).__name__}: {exc}"))
                continue
            for warning in result.warnings:
                report.line(f"warning: {source.shown}: {warning}")
            writer.write(result)
            done += 1
    writer.close()
    return done


@contextlib.contextmanager
def _file_progress(opened):
    """The paragraphs of a document, with a progress bar in characters when it is large (a
    50 MB file runs for half an hour; the per-file bar would sit still all that time)."""
    if opened.size < LARGE_FILE:
        yield opened.paragraphs()
        return
    with tqdm(total=opened.size, unit="char", unit_scale=True, desc=opened.source.path.name, leave=False,
              file=sys.stderr, dynamic_ncols=True) as bar:
        yield with_progress(opened.paragraphs(), bar.update)


class _Reporter:
    """Writes one-line messages to stderr without breaking the progress bar; counts failures."""

    def __init__(self) -> None:
        self.failed = 0

    def error(self, error: ReadError) -> None:
        self.failed += 1
        self.line(f"error: {error}")

    def line(self, text: str) -> None:
        tqdm.write(" ".join(text.split()), file=sys.stderr)


class AtomicOutput:
    """A text file written under a temporary name and renamed over the target on commit."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self.stream: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        if self.target.exists():
            os.chmod(self.temp, self.target.stat().st_mode & 0o7777)
        os.replace(self.temp, self.target)

    def abort(self) -> None:
        self.stream.close()
        self.temp.unlink(missing_ok=True)


def _output_problem(target: Path) -> Optional[str]:
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        return "is a directory"
    if not parent.is_dir():
        return f"folder {parent} does not exist"
    if not os.access(parent, os.W_OK):
        return f"folder {parent} is not writable"
    return None


def _utf8_stdout() -> IO[str]:
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8")
    return sys.stdout


def _silence_stdout() -> None:
    """After a closed pipe (``| head``), stop Python from failing again when it flushes stdout."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
