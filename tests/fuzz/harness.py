"""Run fuzz cases through lagebild's public functions and check the invariants.

For each :class:`~.strategies.Case`, :func:`run_case` builds a small batch — a
good text file, the fuzzed input, a good JSONL file — and reads it with
:func:`lagebild.ingest.iter_documents`; each document goes through the pipeline
(:class:`lagebild.pipeline.Pipeline`), its JSON form is encoded and its text
report is rendered (:func:`lagebild.report.print_article`).  Invariants:

* no exception other than a :class:`~lagebild.errors.LagebildError` with a code
  ``E\\d{3}`` ever escapes (``iter_documents`` itself never raises);
* every input ends as an article or a coded error (none disappears);
* the good inputs of the batch are analysed unchanged (none is lost);
* sources, messages and JSON are valid UTF-8 (storable, printable), no control
  sequence from the data reaches the terminal;
* each input takes bounded time; :func:`main` runs cases in worker processes and
  counts a case that exceeds the hard limit as a hang, and reports peak RSS.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import re
import resource
import shutil
import socket
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .strategies import Case

FAST_PIPELINE = ("clean", "sentences", "tagger")
CANARY_TEXT = ("Quelle: dpa\nBundeskanzlerin Angela Merkel traf am Montag in Berlin den französischen Präsidenten. "
               "„Wir sind uns einig“, sagte sie. Es gehe um Europa.")
CANARY_RECORD = {"text": "Der Außenminister Sergej Lawrow sagte in Hamburg, man habe viel erreicht.",
                 "url": "https://example.org/lawrow", "outlet": "Beispielblatt", "title": "Lawrow in Hamburg",
                 "published": "2017-07-08"}
CODE = re.compile(r"E\d{3}")
SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Outcome:
    """What one case did; ``violations`` are broken invariants (tracebacks and the like)."""

    case: str
    kind: str = ""
    articles: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # code -> count, fuzzed input only
    violations: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)  # inputs over the time budget (finished, but too slowly)
    lost: list[str] = field(default_factory=list)  # good inputs of the batch that were not analysed
    unaccounted: bool = False  # the fuzzed input produced neither an article nor a coded error
    slowest: float = 0.0  # seconds of the slowest input of the batch
    seconds: float = 0.0
    rss_mb: float = 0.0
    hang: bool = False

    @property
    def ok(self) -> bool:
        return not (self.violations or self.slow or self.lost or self.unaccounted or self.hang)


def _display(text: str) -> str:
    return SURROGATE.sub("\ufffd", text)


@contextmanager
def _batch(case: Case, root: Path) -> Iterator[tuple[list[str], io.BytesIO | None, str]]:
    """Write the batch for ``case`` under ``root``: (arguments, stdin, source prefix of the fuzzed input)."""
    (root / "000_canary.txt").write_text(CANARY_TEXT, encoding="utf-8")
    (root / "zzz_canary.jsonl").write_text(json.dumps(CANARY_RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    first, last = str(root / "000_canary.txt"), str(root / "zzz_canary.jsonl")
    with ExitStack() as stack:
        if case.via == "stdin":
            yield [first, "-", last], io.BytesIO(case.data), "<stdin>"
            return
        if case.via in ("file", "dir"):
            folder = root / ("in" if case.via == "file" else "d")
            path = folder.joinpath(*_name_parts(case.name))  # "[/x].txt" is the file "x].txt" in a folder "["
            path.parent.mkdir(parents=True)
            path.write_bytes(case.data)
            target = str(path) if case.via == "file" else str(folder)
            yield [first, target, last], None, target
            return
        target = _special(case.name, root, stack)
        yield [first, target, last], None, target


def _name_parts(name: str) -> list[str]:
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    return parts or ["input"]


def _special(name: str, root: Path, stack: ExitStack) -> str:
    """Create the special input ``name``; return the argument that names it."""
    folder = root / "s"
    folder.mkdir()
    (folder / "a_good.txt").write_text("Ein guter Artikel über Köln.", encoding="utf-8")
    if name in ("fifo", "fifo_argument"):
        os.mkfifo(folder / "pipe.txt")
        return str(folder / "pipe.txt") if name == "fifo_argument" else str(folder)
    if name in ("devzero", "devzero_argument"):
        os.symlink("/dev/zero", folder / "zero.jsonl")
        return "/dev/zero" if name == "devzero_argument" else str(folder)
    if name == "socket":
        server = stack.enter_context(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
        server.bind(str(folder / "sock.txt"))
        return str(folder)
    if name == "symlink_loop":
        os.symlink("loop.txt", folder / "loop.txt")
        return str(folder)
    if name == "broken_symlink":
        os.symlink("/nonexistent/target.txt", folder / "broken.txt")
        return str(folder)
    if name == "long_name":
        return str(folder / ("x" * 300 + ".txt"))
    if name == "deep_dirs":
        deep = folder.joinpath(*["d"] * 150)
        deep.mkdir(parents=True)
        (deep / "tief.txt").write_text("Ein Artikel ganz unten.", encoding="utf-8")
        return str(folder)
    if name == "unreadable_dir":
        locked = folder / "locked"
        locked.mkdir()
        (locked / "x.txt").write_text("Gesperrt.", encoding="utf-8")
        locked.chmod(0)
        return str(folder)
    if name == "empty_dir":
        empty = folder / "empty"
        empty.mkdir()
        return str(empty)
    if name == "markup_name":
        odd = folder / "[link=https:" / "evil.example]x[" / "link] [" / "x] \x1b]8;;x\x07.txt"
        odd.parent.mkdir(parents=True)  # the path reads "[link=https://evil.example]x[/link] [/x] ..."
        odd.write_text("Ein Artikel mit einem seltsamen Dateinamen.", encoding="utf-8")
        return str(folder)
    if name == "directory_named_txt":
        (folder / "dir.txt").mkdir()
        return str(folder / "dir.txt")
    raise ValueError(f"unknown special case {name!r}")


def _belongs(source: str, prefix: str) -> bool:
    return source == prefix or source.startswith((prefix + ":", prefix + "[", prefix + os.sep))


def _check_text(outcome: Outcome, what: str, text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        outcome.violations.append(f"{what} is not valid UTF-8 (cannot be stored or printed): {exc}")


def run_case(case: Case, pipeline: Any, *, max_bytes: int = 200_000, render: bool = True,
             budget: float = 30.0) -> Outcome:
    """Read and analyse the batch of ``case``; return what happened (never raises for lagebild's faults)."""
    from rich.console import Console

    from lagebild.errors import LagebildError
    from lagebild.ingest import InputFailure, iter_documents
    from lagebild.pipeline import article_from_document
    from lagebild.report import print_article
    from lagebild.terminal import print_error

    outcome = Outcome(case=case.describe(), kind=case.kind)
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="lagebild-fuzz-"))
    try:
        with _batch(case, root) as (arguments, stdin, prefix):
            prefix = _display(prefix)
            good = {arguments[0]: CANARY_TEXT, arguments[-1] + ":1": CANARY_RECORD["text"]}
            analysed: set[str] = set()
            accounted = False
            documents = iter_documents(arguments, max_bytes=max_bytes, stdin=stdin)
            while True:
                clock = time.perf_counter()
                try:
                    item = next(documents)
                except StopIteration:
                    break
                except Exception:
                    outcome.violations.append("iter_documents raised:\n" + traceback.format_exc())
                    break
                source = item.source
                mine = _belongs(source, prefix)
                accounted = accounted or mine
                _check_text(outcome, "source", source)
                try:
                    if isinstance(item, InputFailure):
                        raise item.error
                    article = pipeline(article_from_document(item))
                    if source in good and article.raw == good[source]:
                        analysed.add(source)
                    encoded = json.dumps(article.to_dict(include_tokens=True), ensure_ascii=False, allow_nan=False)
                    _check_text(outcome, "article JSON", encoded)
                    if render:
                        shown = io.StringIO()
                        print_article(article, Console(file=shown, width=100))
                        if "\x1b" in shown.getvalue():
                            outcome.violations.append(f"{source}: a control sequence reached the terminal")
                    if mine:
                        outcome.articles += 1
                except LagebildError as exc:
                    if not CODE.fullmatch(exc.code or ""):
                        outcome.violations.append(f"{source}: error without a code: {exc!r}")
                    _check_text(outcome, "error message", str(exc))
                    shown = io.StringIO()
                    print_error(Console(file=shown, width=100), exc)
                    if "\x1b" in shown.getvalue():
                        outcome.violations.append(f"{source}: a control sequence in an error reached the terminal")
                    if mine:
                        outcome.errors[exc.code] = outcome.errors.get(exc.code, 0) + 1
                except Exception:
                    outcome.violations.append(f"{source}: traceback\n{traceback.format_exc()}")
                elapsed = time.perf_counter() - clock
                outcome.slowest = max(outcome.slowest, elapsed)
                if elapsed > budget:
                    outcome.slow.append(f"{source}: took {elapsed:.1f} s (budget {budget:.0f} s)")
            outcome.lost = sorted(set(good) - analysed)
            outcome.unaccounted = not accounted
    except Exception:  # the harness itself failed to set the case up: report, do not hide
        outcome.violations.append("harness error:\n" + traceback.format_exc())
    finally:
        for folder, _, _ in os.walk(root):
            os.chmod(folder, 0o700)
        shutil.rmtree(root, ignore_errors=True)
    outcome.seconds = time.perf_counter() - started
    return outcome


# --- many cases in worker processes -----------------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _worker(connection: Connection, names: tuple[str, ...], max_bytes: int, render: bool, budget: float) -> None:
    from lagebild.pipeline import Pipeline

    pipeline = Pipeline(list(names))
    connection.send("ready")
    while True:
        case = connection.recv()
        if case is None:
            return
        outcome = run_case(case, pipeline, max_bytes=max_bytes, render=render, budget=budget)
        outcome.rss_mb = _peak_rss_mb()
        connection.send(asdict(outcome))


@dataclass
class _Slot:
    process: Any
    connection: Connection
    case: Case | None = None
    number: int = 0
    deadline: float = 0.0


class WorkerPool:
    """Worker processes that each run one case at a time; a case over ``timeout`` seconds is a hang."""

    def __init__(self, workers: int, names: tuple[str, ...], max_bytes: int, render: bool, budget: float,
                 timeout: float, on_outcome: Any) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._args = (names, max_bytes, render, budget)
        self._timeout = timeout
        self._on_outcome = on_outcome
        self._slots = [self._start() for _ in range(workers)]

    def _start(self) -> _Slot:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker, args=(child, *self._args), daemon=True)
        process.start()
        child.close()
        if not parent.poll(300) or parent.recv() != "ready":
            raise RuntimeError("a fuzz worker did not start")
        return _Slot(process, parent)

    def submit(self, number: int, case: Case) -> None:
        while True:
            idle = next((slot for slot in self._slots if slot.case is None), None)
            if idle is not None:
                idle.case, idle.number, idle.deadline = case, number, time.monotonic() + self._timeout
                idle.connection.send(case)
                return
            self._collect()

    def _collect(self) -> None:
        busy = [slot for slot in self._slots if slot.case is not None]
        if not busy:
            return
        timeout = max(0.0, min(slot.deadline for slot in busy) - time.monotonic())
        ready = wait([slot.connection for slot in busy], timeout=timeout)
        for slot in busy:
            assert slot.case is not None
            if slot.connection in ready:
                try:
                    outcome = Outcome(**slot.connection.recv())
                except (EOFError, OSError):  # the worker died (e.g. killed by the OOM killer)
                    outcome = Outcome(case=slot.case.describe(), kind=slot.case.kind,
                                      violations=["the worker process died"])
                    self._replace(slot)
                self._finish(slot, outcome)
            elif time.monotonic() >= slot.deadline:
                outcome = Outcome(case=slot.case.describe(), kind=slot.case.kind, hang=True,
                                  seconds=self._timeout, rss_mb=_process_rss_mb(slot.process.pid))
                self._replace(slot)
                self._finish(slot, outcome)

    def _finish(self, slot: _Slot, outcome: Outcome) -> None:
        case, number = slot.case, slot.number
        slot.case = None
        self._on_outcome(number, case, outcome)

    def _replace(self, slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join()
        fresh = self._start()
        slot.process, slot.connection = fresh.process, fresh.connection

    def drain(self) -> None:
        while any(slot.case is not None for slot in self._slots):
            self._collect()

    def close(self) -> None:
        for slot in self._slots:
            with suppress(OSError):
                slot.connection.send(None)
            slot.process.join(10)
            if slot.process.is_alive():
                slot.process.kill()


def _process_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class Summary:
    cases: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    tracebacks: int = 0  # cases with a traceback or another broken invariant (uncoded error, bad UTF-8, ...)
    slow: int = 0  # inputs over the per-input time budget
    hangs: int = 0  # cases killed at the hard time limit
    lost: int = 0  # good inputs of a batch not analysed
    unaccounted: int = 0
    slowest: float = 0.0
    peak_rss_mb: float = 0.0
    failures: list[tuple[int, str]] = field(default_factory=list)

    def add(self, number: int, case: Case, outcome: Outcome, save: Path | None) -> None:
        self.cases += 1
        self.kinds[case.kind] += 1
        self.articles += outcome.articles
        self.errors.update(outcome.errors)
        self.tracebacks += bool(outcome.violations)
        self.slow += len(outcome.slow)
        self.hangs += outcome.hang
        self.lost += len(outcome.lost)
        self.unaccounted += outcome.unaccounted
        self.slowest = max(self.slowest, outcome.slowest, outcome.seconds if outcome.hang else 0.0)
        self.peak_rss_mb = max(self.peak_rss_mb, outcome.rss_mb)
        if not outcome.ok:
            first = (outcome.violations or outcome.slow or [f"lost {outcome.lost}" if outcome.lost else
                                                            "hang" if outcome.hang else "unaccounted"])[0]
            self.failures.append((number, f"{outcome.case}: {first.strip().splitlines()[-1][:300]}"))
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"case-{number:06d}.bin").write_bytes(case.data)
                (save / f"case-{number:06d}.json").write_text(json.dumps(
                    {"kind": case.kind, "via": case.via, "name": case.name, "outcome": asdict(outcome)},
                    ensure_ascii=True, indent=1))

    def report(self) -> str:
        lines = [
            f"cases:              {self.cases:,} ({', '.join(f'{k} {n:,}' for k, n in sorted(self.kinds.items()))})",
            f"fuzzed inputs read: {self.articles:,} article(s), {sum(self.errors.values()):,} coded error(s) "
            f"({', '.join(f'{c} {n:,}' for c, n in sorted(self.errors.items()))})",
            f"tracebacks:         {self.tracebacks:,}",
            f"hangs:              {self.hangs:,} (case killed after the hard limit)",
            f"slow inputs:        {self.slow:,} (over the per-input budget)",
            f"lost good inputs:   {self.lost:,}",
            f"unaccounted inputs: {self.unaccounted:,}",
            f"slowest input:      {self.slowest:.2f} s",
            f"peak RSS:           {self.peak_rss_mb:,.0f} MB (largest worker)",
        ]
        lines += [f"  case {number}: {text}" for number, text in self.failures[:50]]
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from hypothesis import HealthCheck, Phase, given, seed, settings

    from .strategies import all_cases

    parser = argparse.ArgumentParser(prog="scripts/fuzz.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="number of fuzzed inputs [1000]")
    parser.add_argument("--pipeline", default=",".join(FAST_PIPELINE),
                        help=f"components to run [{','.join(FAST_PIPELINE)}]")
    parser.add_argument("--workers", type=int, default=max(1, min(4, (os.cpu_count() or 2))),
                        help="worker processes [min(4, CPUs)]")
    parser.add_argument("--timeout", type=float, default=120.0, help="hard limit per case in seconds: a hang [120]")
    parser.add_argument("--budget", type=float, default=30.0, help="time budget per input in seconds [30]")
    parser.add_argument("--max-bytes", type=int, default=200_000, help="--max-bytes for the reader [200000]")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random, printed)")
    parser.add_argument("--no-render", action="store_true", help="skip rendering the text report")
    parser.add_argument("--save", type=Path, default=Path(tempfile.gettempdir()) / "lagebild-fuzz-failures",
                        help="directory for the inputs of failing cases")
    args = parser.parse_args(argv)
    names = tuple(n.strip() for n in args.pipeline.split(",") if n.strip())
    run_seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
    print(f"fuzzing {args.cases:,} cases, pipeline {','.join(names)}, {args.workers} worker(s), "
          f"seed {run_seed}", flush=True)
    summary = Summary()
    started = time.monotonic()
    counter = iter(range(1, sys.maxsize))

    def on_outcome(number: int, case: Case, outcome: Outcome) -> None:
        summary.add(number, case, outcome, args.save)
        if summary.cases % 500 == 0:
            print(f"  {summary.cases:,} cases, {time.monotonic() - started:,.0f} s, {summary.tracebacks} traceback(s), "
                  f"{summary.hangs} hang(s), {summary.lost} lost, peak RSS {summary.peak_rss_mb:,.0f} MB", flush=True)

    pool = WorkerPool(args.workers, names, args.max_bytes, not args.no_render, args.budget, args.timeout, on_outcome)

    @seed(run_seed)
    @settings(max_examples=args.cases, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(all_cases)
    def generate(case: Case) -> None:
        pool.submit(next(counter), case)

    try:
        generate()
        pool.drain()
    finally:
        pool.close()
    print(summary.report())
    print(f"time: {time.monotonic() - started:,.0f} s; failing inputs saved in {args.save}"
          if summary.failures else f"time: {time.monotonic() - started:,.0f} s")
    return 1 if summary.failures else 0
