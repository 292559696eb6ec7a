"""Check a batch of files in worker processes, each file within a time and memory budget.

A worker checks the files it is sent one by one and sends each summary back as soon as it has it. The parent
knows which file a worker is on, so a worker that runs past the time budget is killed and replaced, and a worker
that dies (out of memory, killed by the system, a crash in a C library) costs only the file it was on: that file
gets a row saying why, the rest of its chunk goes to another worker.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from app.audit.summary import FileSummary, summarise

DEFAULT_TIMEOUT = 60.0  # seconds a file may take; a report takes well under a second
DEFAULT_MEMORY_MB = 1536  # memory a file may take beyond what its worker already holds
STOP_WAIT = 5.0  # seconds to wait for a killed worker to end
MAX_CHUNK = 8  # files sent to a worker at once: few enough to spread the end of a batch over the cores
TIMEOUT_NOTE = "超出时间限制"
MEMORY_NOTE = "超出内存限制"


def worker_count(jobs: int, files: int) -> int:
    """Processes to use: ``jobs`` (0: every core), never more than there are files."""
    return max(1, min(jobs if jobs > 0 else os.cpu_count() or 1, files))


def over_budget(summary: FileSummary) -> bool:
    """Whether the file was left unchecked because it exceeded its time or memory budget."""
    return (summary.read_error or "").startswith((TIMEOUT_NOTE, MEMORY_NOTE))


def timeout_message(seconds: float) -> str:
    return f"{TIMEOUT_NOTE}（{seconds:g} 秒），未检查"


def memory_message(megabytes: int) -> str:
    return f"{MEMORY_NOTE}（{megabytes} MB），未检查"


def death_message(exitcode: int | None, megabytes: int) -> str:
    """The row of a file whose worker died while checking it."""
    # killed by the system's out-of-memory killer, or aborted by a library (Rust's) that cannot allocate
    if exitcode == -signal.SIGABRT:
        return f"{MEMORY_NOTE}（{megabytes} MB；进程被终止（SIGABRT），通常是内存不足），未检查"
    if exitcode == -signal.SIGKILL:  # the system's out-of-memory killer, or someone ending the process
        return "检查该文件的进程被终止（SIGKILL），未检查：可能是系统内存不足，或进程被手动结束"
    if exitcode is None:
        how = "原因不明"
    elif exitcode >= 0:
        how = f"退出码 {exitcode}"
    else:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"信号 {-exitcode}"
    return f"检查该文件的进程异常退出（{how}），未检查，请将该文件反馈给开发人员"


def summarise_all(
    files: Sequence[str],
    *,
    jobs: int = 0,
    progress: bool | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> Iterator[FileSummary]:
    """Summaries of ``files`` in the order they finish, one for every file; ``progress`` None shows a bar when
    stderr is a terminal. A file over ``timeout`` seconds or ``memory_mb`` MB gets a summary saying so."""
    show = sys.stderr.isatty() if progress is None else progress
    pool = _Pool(worker_count(jobs, len(files)), timeout=timeout, memory_mb=memory_mb)
    try:
        with _bar(len(files), show) as bar:
            for summary in pool.run(files):
                yield summary
                bar.update()
    finally:
        pool.close()


# ---------------------------------------------------------------- the worker


def _work(conn: Connection, memory_mb: int) -> None:
    """A worker's loop: receive a list of paths, send (summary, retire) for each; None or a closed pipe ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled once, by the parent
    _exit_with_parent(conn)
    while True:
        try:
            paths = conn.recv()
        except (EOFError, OSError):
            return
        if paths is None:
            return
        for path in paths:
            summary, retire = _check_within_memory(path, memory_mb)
            try:
                conn.send((summary, retire))
            except (BrokenPipeError, OSError):
                return
            if retire:
                return  # after a MemoryError the process may be in a bad state: the parent starts a fresh one


def _check_within_memory(path: str, memory_mb: int) -> tuple[FileSummary, bool]:
    """The file's summary, read with at most ``memory_mb`` MB more address space than the worker holds now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + memory_mb * 1024 * 1024
    for ceiling in (soft, hard):  # a limit the user set (ulimit -v) still holds
        if ceiling != resource.RLIM_INFINITY:
            limit = min(limit, ceiling)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        return summarise(path), False
    except MemoryError:
        pass  # nothing is built here: whatever this handler allocated could fail again before the limit is lifted
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    return FileSummary(file=path, read_error=memory_message(memory_mb)), True


def _address_space() -> int:
    """Bytes of address space this process uses now (VmSize; without /proc, the peak resident size)."""
    try:
        with open("/proc/self/statm", encoding="utf-8") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _exit_with_parent(conn: Connection) -> None:
    """End this worker as soon as the audit that started it is gone (kill -9 included), even mid-file.

    The pipe to the parent is a socket pair that only the parent holds the other end of: a thread waits for the
    parent's end to close. (The worker's own parent is the fork server, which lives while any worker does.)
    """
    hang_up = getattr(select, "POLLRDHUP", 0) | select.POLLHUP
    poller = select.poll()
    poller.register(conn.fileno(), hang_up)

    def watch() -> None:
        while True:
            if any(events & hang_up for _, events in poller.poll()):
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


# ---------------------------------------------------------------- the parent


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    chunk: deque[int] = field(default_factory=deque)  # indexes of the files sent and not yet reported
    since: float = 0.0  # when the file it is on began


class _Pool:
    """Worker processes that the parent replaces when one is killed or dies."""

    def __init__(self, processes: int, *, timeout: float, memory_mb: int) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        # forked from a clean server process that has the checking code imported: quick to replace, and never a
        # fork of this process, which may be running threads (the progress bar's)
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["app.audit.summary"])
        self.workers = [self._start() for _ in range(processes)]

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_work, args=(child_end, self.memory_mb), daemon=True)
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def run(self, files: Sequence[str]) -> Iterator[FileSummary]:
        queue = deque(range(len(files)))
        while True:
            for w in self.workers:
                if not w.chunk and queue:
                    self._send(w, files, queue)
            busy = [w for w in self.workers if w.chunk]
            if not busy:
                return
            left = min(w.since for w in busy) + self.timeout - time.monotonic()
            ready = [w.conn for w in busy] + [w.process.sentinel for w in busy]
            wait(ready, timeout=min(max(0.0, left), 3600.0))  # an infinite budget still wakes once an hour
            for w in busy:
                yield from self._collect(w, files, queue)

    def _send(self, w: _Worker, files: Sequence[str], queue: deque[int]) -> None:
        """Give an idle worker the next few files; one that died while idle is replaced first."""
        size = max(1, min(MAX_CHUNK, len(queue) // (len(self.workers) * 4)))
        chunk = [queue.popleft() for _ in range(size)]
        paths = [files[i] for i in chunk]
        try:
            w.conn.send(paths)
        except OSError:
            self._replace(w)
            w.conn.send(paths)
        w.chunk.extend(chunk)
        w.since = time.monotonic()

    def _collect(self, w: _Worker, files: Sequence[str], queue: deque[int]) -> Iterator[FileSummary]:
        """What ``w`` has sent; a summary of its file when it died or ran out of time, and a new worker then."""
        retire = closed = False
        while w.chunk and not retire:
            try:
                if not w.conn.poll():
                    break
                summary, retire = w.conn.recv()
            except (EOFError, OSError):
                closed = True  # the worker is gone, perhaps in the middle of sending
                break
            w.chunk.popleft()
            w.since = time.monotonic()
            yield summary
        if not w.chunk and not retire:
            return
        if retire:
            blamed = None
        elif closed or not w.process.is_alive():
            w.process.join(STOP_WAIT)
            blamed = death_message(w.process.exitcode, self.memory_mb)
        elif time.monotonic() - w.since >= self.timeout:
            blamed = timeout_message(self.timeout)
        else:
            return  # still working within its time
        if blamed is not None:
            yield FileSummary(file=files[w.chunk.popleft()], read_error=blamed)
        queue.extendleft(reversed(w.chunk))  # the rest of its chunk goes first to the next free worker
        self._replace(w)

    def _replace(self, w: _Worker) -> None:
        self._stop(w)
        fresh = self._start()
        w.process, w.conn, w.chunk = fresh.process, fresh.conn, deque()

    @staticmethod
    def _stop(w: _Worker) -> None:
        if w.process.is_alive():
            w.process.kill()
        w.process.join(STOP_WAIT)  # a process stuck in the kernel (a hung network drive) is left behind
        w.conn.close()

    def close(self) -> None:
        """End every worker: those waiting for work are told to end, a busy one (an interrupted batch) is killed."""
        for w in self.workers:
            if w.chunk:
                w.process.kill()
                continue
            try:
                w.conn.send(None)
            except OSError:
                pass  # already gone
        deadline = time.monotonic() + 2.0
        for w in self.workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            self._stop(w)


def _bar(total: int, show: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="检查年报", unit="份", file=sys.stderr, disable=not show)
