"""`nianbao audit` checks each file within a time and memory budget, and keeps what it finished when it is killed.

A file that hangs its worker is simulated by stopping the worker (SIGSTOP) while it holds a file, a crash in a C
library by SIGSEGV: neither depends on how fast the readers are. The memory budget is exceeded by a budget too
small for any report, and by a text file whose bytes alone are larger than the budget.
"""

from __future__ import annotations

import contextlib
import csv
import multiprocessing
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.audit.batch import _check_within_memory, summarise_all
from app.audit.cli import journal_path, run_audit
from app.audit.summary import FileSummary
from app.exit_codes import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREADABLE
from app.importers import MAX_BYTES
from tests.conftest import CITY, ROOT, SEED

TIMEOUT = 4.0


def _huge(path: Path) -> Path:
    """A text file just under the readers' size limit: its bytes alone need more than 20 MB."""
    size = min(MAX_BYTES, 48 * 1024 * 1024) - 1024 * 1024
    line = "abcdefghij0123456789" * 4 + "\n"
    with path.open("w", encoding="utf-8") as f:
        f.write(line * (size // len(line)))
    return path


def _good(folder: Path, count: int) -> list[Path]:
    out = []
    for i in range(count):
        source = (SEED, CITY)[i % 2]
        out.append(Path(shutil.copy(source, folder / f"{i:02d}_{source.name}")))
    return out


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {Path(r["文件"]).name: r for r in csv.DictReader(f)}


def _stop_one_worker_after_the_first_row(journal: Path, stopped: list[int]) -> threading.Thread:
    """A thread that, once a row is in the journal, stops one worker (as a file that hangs would hold it)."""

    def stop() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if journal.exists() and journal.read_text(encoding="utf-8-sig").count("\n") >= 2:
                break
            time.sleep(0.02)
        worker = multiprocessing.active_children()[0]
        os.kill(worker.pid, signal.SIGSTOP)
        stopped.append(worker.pid)

    thread = threading.Thread(target=stop)
    thread.start()
    return thread


def test_a_file_over_the_time_budget_gets_a_row_and_every_other_file_is_checked(tmp_path: Path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    good = _good(folder, 16)
    os.mkfifo(folder / "fifo.txt")  # nobody writes to it: opening it for reading would wait for ever
    out = tmp_path / "summary.csv"
    stopped: list[int] = []
    thread = _stop_one_worker_after_the_first_row(journal_path(out), stopped)
    started = time.monotonic()
    code = run_audit([folder], out, jobs=2, timeout=TIMEOUT)
    thread.join()
    assert time.monotonic() - started < 40  # the stopped worker was given up on, not waited for
    assert code == EXIT_UNREADABLE
    assert stopped and not _alive(stopped[0])  # killed, not left stopped

    rows = _rows(out)
    assert sorted(rows) == sorted([f.name for f in good] + ["fifo.txt"])
    assert rows["fifo.txt"]["读取错误"]  # refused by the reader, or stopped by the time budget: never a hang
    over = [name for name, r in rows.items() if r["读取错误"] == "超出时间限制（4 秒），未检查"]
    held = [name for name in over if name != "fifo.txt"]
    assert len(held) == 1  # the report the stopped worker held (an idle worker is given files while stopped)
    for name, row in rows.items():
        if name not in over and name != "fifo.txt":
            assert row["读取错误"] == "" and row["单位"] in ("七户乡", "示例市人民政府") and row["错误数"] == "0"

    printed = capsys.readouterr()
    assert "共 17 份报告" in printed.out and "份超出时间或内存限制，未检查" in printed.out
    assert str(journal_path(out)) in printed.err  # where the rows were kept while the files were checked
    assert not journal_path(out).exists()  # removed once the summary is written


def test_a_worker_that_crashes_costs_only_its_file(tmp_path: Path):
    """A crash in a C library (SIGSEGV) while a file is read: that file gets a row, the others are all there."""
    good = [str(p) for p in _good(tmp_path, 16)]
    summaries = []
    for summary in summarise_all(good, jobs=2, progress=False, timeout=120):
        summaries.append(summary)
        if len(summaries) == 1:
            worker = multiprocessing.active_children()[0]
            os.kill(worker.pid, signal.SIGSTOP)
        elif len(summaries) == 4:
            # three rows later (more than one worker's chunk of files) the parent has been through its loop and
            # given files to every idle worker: the stopped one holds files now, whatever it held when stopped
            os.kill(worker.pid, signal.SIGSEGV)
            os.kill(worker.pid, signal.SIGCONT)
    assert sorted(s.file for s in summaries) == sorted(good)
    crashed = [s for s in summaries if not s.readable]
    assert [s.read_error for s in crashed] == ["检查该文件的进程异常退出（SIGSEGV），未检查，请将该文件反馈给开发人员"]
    assert all(s.agency for s in summaries if s.readable)


def test_files_over_the_memory_budget_get_rows_and_their_workers_are_replaced(tmp_path: Path):
    """1 MB more than a worker holds is too little for a report of 3 MB: each file gets the row, the batch ends."""
    good = [str(p) for p in _good(tmp_path, 5)]
    for path in good:
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n" + " " * (3 << 20))  # trailing blanks: a long file, still a report
    summaries = list(summarise_all(good, jobs=2, progress=False, memory_mb=1))
    assert sorted(s.file for s in summaries) == sorted(good)
    assert {s.read_error for s in summaries} <= {
        "超出内存限制（1 MB），未检查",  # a MemoryError in Python
        "超出内存限制（1 MB；进程被终止（SIGABRT），通常是内存不足），未检查",  # a library that aborts (Rust's)
    }


def test_memory_error_within_the_budget_is_the_files_row(tmp_path: Path):
    """A file whose bytes alone exceed the budget: the MemoryError is the file's row, not the batch's end."""
    huge = str(_huge(tmp_path / "huge.txt"))
    [summary] = summarise_all([huge], jobs=1, progress=False, memory_mb=20)
    assert summary == FileSummary(huge, "超出内存限制（20 MB），未检查")
    summary, retire = _check_within_memory(str(SEED), 512)  # in this process: the limit is set, then lifted
    assert summary.agency == "七户乡" and not retire
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY  # the limit is lifted afterwards


def test_a_worker_that_died_while_idle_is_replaced(tmp_path: Path):
    """A worker killed between chunks (by the system, say) is replaced when it is next given files."""
    good = [str(p) for p in _good(tmp_path, 4)]
    from app.audit.batch import _Pool

    pool = _Pool(1, timeout=60, memory_mb=512)
    try:
        [worker] = pool.workers
        worker.process.kill()
        worker.process.join()
        summaries = list(pool.run(good))
    finally:
        pool.close()
    assert sorted(s.file for s in summaries) == sorted(good)
    assert all(s.readable for s in summaries)


def _descendants(pid: int) -> set[int]:
    """Every process under ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        children = {p for p, parent in parents.items() if parent == current}
        out |= children
        todo.extend(children)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _signal(pid: int, sig: signal.Signals) -> None:
    """``sig`` to ``pid`` unless that process has already ended."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_an_interrupted_audit_keeps_the_rows_it_finished(tmp_path: Path, stop: signal.Signals):
    folder = tmp_path / "reports"
    folder.mkdir()
    good = _good(folder, 60)
    out = tmp_path / "summary.csv"
    journal = journal_path(out)
    command = [sys.executable, "-m", "app", "audit", str(folder), "-o", str(out), "--jobs", "1"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (journal.exists() and journal.read_text(encoding="utf-8-sig").count("\n") >= 4):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.02)
    processes = _descendants(process.pid)
    for pid in processes:  # hold the work where it is, as a long file would
        _signal(pid, signal.SIGSTOP)
    os.kill(process.pid, signal.SIGCONT)
    done = {name for name, r in _rows(journal).items() if r["读取错误"] == "" and r["单位"]}
    process.send_signal(stop)
    for pid in processes:  # (the interrupted audit may already have ended a worker: that is what it should do)
        _signal(pid, signal.SIGCONT)
    _, err = process.communicate(timeout=30)

    rows = _rows(journal)
    assert 3 <= len(rows) < len(good) and set(rows) <= {f.name for f in good} and done <= set(rows)
    assert all(r["读取错误"] == "" and r["单位"] for r in rows.values())
    assert not out.exists()
    if stop == signal.SIGINT:
        assert process.returncode == EXIT_INTERRUPTED
        assert f"已中断：{len(rows)}/60 份的检查结果保存在 {journal}" in err and "Traceback" not in err
    deadline = time.monotonic() + 10  # the workers do not outlive the audit, even after kill -9
    while any(_alive(p) for p in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in processes)


def test_the_output_is_checked_before_any_file_is_read(tmp_path: Path, capsys):
    (tmp_path / "taken.csv").mkdir()
    assert run_audit([SEED], tmp_path / "taken.csv", jobs=1) == EXIT_UNREADABLE
    assert "是一个文件夹" in capsys.readouterr().err
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run_audit([SEED], tmp_path / "file" / "summary.csv", jobs=1) == EXIT_UNREADABLE
    assert "file" in capsys.readouterr().err
    assert not journal_path(tmp_path / "taken.csv").exists()
    assert run_audit([SEED], tmp_path / "summary.csv", jobs=1, timeout=0) == EXIT_UNREADABLE
    assert "时间限制" in capsys.readouterr().err


def test_a_new_audit_keeps_the_rows_an_interrupted_one_left(tmp_path: Path, capsys):
    out = tmp_path / "summary.csv"
    journal = journal_path(out)
    earlier = "文件,单位\n001.txt,示例县\n"
    journal.write_text(earlier, encoding="utf-8")
    journal.with_name("summary.partial-1.csv").write_text("older", encoding="utf-8")
    assert run_audit([SEED], out, jobs=1) in (EXIT_OK, EXIT_FINDINGS)
    kept = tmp_path / "summary.partial-2.csv"
    assert kept.read_text(encoding="utf-8") == earlier  # neither overwritten nor taken for a report
    assert (tmp_path / "summary.partial-1.csv").read_text(encoding="utf-8") == "older"
    assert f"上次中断留下的检查结果已改名保存为 {kept}" in capsys.readouterr().err
    assert out.exists() and not journal.exists()
