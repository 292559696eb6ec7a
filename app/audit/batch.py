"""Check a batch of files on all cores, with a progress bar on stderr."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator, Sequence

from app.audit.summary import FileSummary, summarise


def _ignore_interrupt() -> None:
    # Ctrl-C is handled once, by the parent (it stops the pool); workers would only print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_count(jobs: int, files: int) -> int:
    """Processes to use: ``jobs`` (0: every core), never more than there are files."""
    return max(1, min(jobs if jobs > 0 else os.cpu_count() or 1, files))


def summarise_all(files: Sequence[str], *, jobs: int = 0, progress: bool | None = None) -> Iterator[FileSummary]:
    """Summaries of ``files`` in the order they finish; ``progress`` None shows a bar when stderr is a terminal."""
    show = sys.stderr.isatty() if progress is None else progress
    processes = worker_count(jobs, len(files))
    if processes == 1:
        with _bar(len(files), show) as bar:
            for f in files:
                yield summarise(f)
                bar.update()
        return
    # small chunks keep the cores busy to the end; not one file per task, which is all overhead
    chunksize = max(1, min(16, len(files) // (processes * 8)))
    # the workers are started before the bar, whose monitor thread must not be running when they fork
    with multiprocessing.get_context().Pool(processes, initializer=_ignore_interrupt) as pool:
        with _bar(len(files), show) as bar:
            for summary in pool.imap_unordered(summarise, files, chunksize=chunksize):
                yield summary
                bar.update()


def _bar(total: int, show: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="检查年报", unit="份", file=sys.stderr, disable=not show)
