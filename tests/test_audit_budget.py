"""`nianbao audit` checks each file within a time and memory budget, and keeps what it finished when it is killed.

The files over budget are generated here: a long run of table-like lines that the readers take many seconds over,
and a text file just under the readers' size limit that cannot be decoded within a small memory budget.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.audit.batch import _check_within_memory, summarise_all
from app.audit.cli import journal_path, run_audit
from app.audit.summary import FileSummary
from app.exit_codes import EXIT_INTERRUPTED, EXIT_UNREADABLE
from app.importers import MAX_BYTES
from tests.conftest import CITY, ROOT, SEED

SLOW_LINES = 25_000  # under the readers' line limit; reading them takes several times the budgets below
TIMEOUT = 4.0


def _slow(path: Path) -> Path:
    """Lines like 表三's, each with seven numbers: the table search tries them all (over ten seconds)."""
    rng = random.Random(1)
    lines = (
        f"本年新收政府信息公开申请数量{i} " + " ".join(str(rng.randint(0, 99)) for _ in range(7))
        for i in range(SLOW_LINES)
    )
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


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


def test_files_over_budget_get_rows_and_every_good_report_is_checked(tmp_path: Path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    good = _good(folder, 6)
    _slow(folder / "slow.txt")
    os.mkfifo(folder / "fifo.txt")  # nobody writes to it: opening it for reading would wait for ever
    out = tmp_path / "summary.csv"
    started = time.monotonic()
    code = run_audit([folder], out, jobs=2, timeout=TIMEOUT)
    assert time.monotonic() - started < 30  # the slow file was stopped, not waited for
    assert code == EXIT_UNREADABLE

    rows = _rows(out)
    assert sorted(rows) == sorted([f.name for f in good] + ["slow.txt", "fifo.txt"])
    for f in good:
        assert rows[f.name]["读取错误"] == "" and rows[f.name]["单位"] in ("七户乡", "示例市人民政府")
    assert rows["slow.txt"]["读取错误"] == "超出时间限制（4 秒），未检查"
    assert rows["slow.txt"]["单位"] == rows["slow.txt"]["错误数"] == ""
    assert rows["fifo.txt"]["读取错误"]  # refused by the reader, or stopped by the time budget: never a hang

    printed = capsys.readouterr()
    assert "共 8 份报告" in printed.out and "2 份无法读取（其中 " in printed.out and "超出时间或内存限制" in printed.out
    assert str(journal_path(out)) in printed.err  # where the rows were kept while the files were checked
    assert not journal_path(out).exists()  # removed once the summary is written


def test_a_file_over_the_memory_budget_gets_a_row_and_its_worker_is_replaced(tmp_path: Path):
    """The slow file's table search also takes memory: under 64 MB it runs out (after a few seconds)."""
    good = [str(p) for p in _good(tmp_path, 3)]
    slow = str(_slow(tmp_path / "slow.txt"))
    summaries = {s.file: s for s in summarise_all([slow, *good, *good], jobs=1, progress=False, memory_mb=64)}
    assert sorted(summaries) == sorted([slow, *good])
    # a MemoryError in Python, or a library (pydantic-core, in Rust) that aborts when it cannot allocate
    assert summaries[slow].read_error in (
        "超出内存限制（64 MB），未检查",
        "超出内存限制（64 MB；进程被终止（SIGABRT），通常是内存不足），未检查",
    )
    assert all(summaries[f].readable for f in good)  # checked by the worker that replaced the one that ran out


def test_memory_error_within_the_budget_is_the_files_row(tmp_path: Path):
    """Reading a file that cannot fit in the budget raises MemoryError inside the check, not in the batch."""
    huge = _huge(tmp_path / "huge.txt")
    assert _check_within_memory(str(huge), 20) == (FileSummary(str(huge), "超出内存限制（20 MB），未检查"), True)
    summary, retire = _check_within_memory(str(SEED), 512)
    assert summary.agency == "七户乡" and not retire
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY  # the limit is lifted afterwards


def test_a_worker_that_crashes_costs_only_its_file(tmp_path: Path):
    """A crash in a C library (SIGSEGV) while one file is read: that file gets a row, the others are all there."""
    good = [str(p) for p in _good(tmp_path, 5)]
    slow = str(_slow(tmp_path / "slow.txt"))
    summaries = []
    for summary in summarise_all([slow, *good], jobs=2, progress=False, timeout=120):
        summaries.append(summary)
        if len(summaries) == len(good):  # only the slow file is left, on one of the two workers
            for worker in multiprocessing.active_children():
                os.kill(worker.pid, signal.SIGSEGV)
    by_file = {s.file: s for s in summaries}
    assert sorted(by_file) == sorted([slow, *good])
    assert all(by_file[f].readable and by_file[f].agency for f in good)
    assert by_file[slow].read_error == "检查该文件的进程异常退出（SIGSEGV），未检查，请将该文件反馈给开发人员"


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


def _start_audit(folder: Path, out: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "app", "audit", str(folder), "-o", str(out), "--jobs", "1", *extra]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_rows(journal: Path, count: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        if journal.exists() and len(_rows(journal)) >= count:
            return
        time.sleep(0.1)
    pytest.fail(f"{journal} 没有在 60 秒内写入 {count} 行")


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_an_interrupted_audit_keeps_the_rows_it_finished(tmp_path: Path, stop: signal.Signals):
    folder = tmp_path / "reports"
    folder.mkdir()
    good = _good(folder, 4)
    _slow(folder / "zz_slow.txt")  # checked last, one process: the good rows are in the journal while it is read
    out = tmp_path / "summary.csv"
    journal = journal_path(out)
    process = _start_audit(folder, out, "--timeout", "300")
    _wait_for_rows(journal, len(good), process)
    workers = _descendants(process.pid)
    assert workers
    process.send_signal(stop)
    _, err = process.communicate(timeout=30)

    rows = _rows(journal)
    assert sorted(rows) == sorted(f.name for f in good)
    assert all(r["读取错误"] == "" and r["单位"] for r in rows.values())
    assert not out.exists()
    if stop == signal.SIGINT:
        assert process.returncode == EXIT_INTERRUPTED
        assert f"已中断：4/5 份的检查结果保存在 {journal}" in err and "Traceback" not in err
    deadline = time.monotonic() + 10  # the workers do not outlive the audit, even after kill -9
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


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
