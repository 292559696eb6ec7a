"""Benchmarks of nianbao; prints figures (what they mean: benchmarks/README.md). Not part of the test run.

.venv/bin/python benchmarks/run.py [--runs 7] [--reports 1000] [--profile] [--grounding] [--reading]
.venv/bin/python benchmarks/run.py --scale [--full]    # the audit at 1,000 / 5,000 / 20,000 reports
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from corpus import SEED, make_corpus  # noqa: E402

PYTHON = sys.executable
HEAVY = ("streamlit", "openai", "docx", "openpyxl", "pdfplumber", "lxml", "typer", "rich")
CHECK_GOAL = 1.5  # `nianbao check` of one text report: at most 1.5× the start-up of pydantic alone
AUDIT_GOAL = 200.0  # reports a second on 2 cores
AUDIT_JOBS = 2
MEMORY_SIZES = (250, 500, 1000)

_CHILD = """
import contextlib, io, json, resource, sys, time
from app.audit.cli import run_audit
files = json.load(open(sys.argv[1], encoding="utf-8"))
started = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    code = run_audit(files, sys.argv[2], jobs=int(sys.argv[3]), progress=False)
seconds = time.perf_counter() - started
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "seconds": seconds, "self_kb": me, "children_kb": children}))
"""


def _nianbao() -> list[str]:
    script = Path(PYTHON).parent / "nianbao"
    return [str(script)] if script.exists() else [PYTHON, "-m", "app"]


def bench_check(runs: int) -> None:
    """`nianbao check` of one text report against `python -c "from pydantic import BaseModel"`, run in turns so a
    busy machine slows both alike; and pydantic with one model built, below which no command reading a report goes."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: with .pyc files
    cmds = {
        "check": [*_nianbao(), "check", str(SEED)],
        "base": [PYTHON, "-c", "from pydantic import BaseModel"],
        "model": [PYTHON, "-c", "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int"],
    }
    wall: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    for turn in range(runs + 1):  # the first turn warms the OS file cache and writes the .pyc files
        for k, cmd in cmds.items():
            before, started = os.times(), time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            seconds, after = time.perf_counter() - started, os.times()
            if turn:
                wall[k].append(seconds)
                cpu[k].append(
                    after.children_user - before.children_user + after.children_system - before.children_system
                )
    med = {k: statistics.median(v) for k, v in wall.items()}
    on_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    ratio = med["check"] / med["base"]
    verdict = "达标" if ratio <= CHECK_GOAL else "未达标"
    print("== nianbao check（一份文本年报）")
    print(f"  check 命令：{med['check'] * 1000:.0f} ms（{runs} 次中位数；CPU {on_cpu['check'] * 1000:.0f} ms）")
    print(
        f"  python -c 'from pydantic import BaseModel'：{med['base'] * 1000:.0f} ms（CPU {on_cpu['base'] * 1000:.0f} ms）"
    )
    print(
        f"  同上并建一个模型（读取年报的命令的下限）：{med['model'] * 1000:.0f} ms，"
        f"{med['model'] / med['base']:.2f}×（CPU {on_cpu['model'] / on_cpu['base']:.2f}×）"
    )
    print(
        f"  比值：{ratio:.2f}×（CPU 时间之比 {on_cpu['check'] / on_cpu['base']:.2f}×；目标 ≤ {CHECK_GOAL:g}×，{verdict}）"
    )

    proc = subprocess.run(
        [PYTHON, "-X", "importtime", "-m", "app", "check", str(SEED)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    cumulative: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cum, name = (p.strip() for p in line.split(":", 1)[1].split("|"))
        if cum.isdigit() and not name.startswith(" "):
            top = name.strip().split(".")[0]
            cumulative[top] = max(cumulative.get(top, 0), int(cum))
    heavy = sorted(set(cumulative) & set(HEAVY))
    print(f"  导入的重型模块：{'、'.join(heavy) if heavy else '无'}（检查：{'、'.join(HEAVY)}）")
    slowest = sorted(cumulative.items(), key=lambda kv: -kv[1])[:6]
    print("  导入耗时最多的顶层模块：" + "，".join(f"{n} {us / 1000:.0f} ms" for n, us in slowest))


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(jobs: int = AUDIT_JOBS) -> float:
    """How much faster ``jobs`` processes run pure-Python work than one: what the cores really give."""
    import multiprocessing

    work = [2_000_000] * (4 * jobs)
    started = time.perf_counter()
    for n in work:
        _spin(n)
    serial = time.perf_counter() - started
    with multiprocessing.Pool(jobs) as pool:
        started = time.perf_counter()
        list(pool.imap_unordered(_spin, work))
        parallel = time.perf_counter() - started
    return serial / parallel


def _audit(files: list[Path], output: Path, jobs: int) -> dict:
    listing = output.with_suffix(".files.json")
    listing.write_text(json.dumps([str(f) for f in files], ensure_ascii=False), encoding="utf-8")
    started = time.perf_counter()
    proc = subprocess.run(
        [PYTHON, "-c", _CHILD, str(listing), str(output), str(jobs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def bench_audit(count: int, folder: Path) -> list[Path]:
    """Throughput on two processes, and peak memory for growing batches."""
    started = time.perf_counter()
    files = make_corpus(folder / "reports", count)
    html = sum(1 for f in files if f.suffix == ".html")
    print(
        f"\n== nianbao audit（{count} 份：{count - html} 份文本、{html} 份网页，生成用时 {time.perf_counter() - started:.1f} s）"
    )

    r = _audit(files, folder / "summary.csv", AUDIT_JOBS)
    rate = count / r["seconds"]
    verdict = "达标" if rate >= AUDIT_GOAL else "未达标"
    print(
        f"  {AUDIT_JOBS} 进程：{r['seconds']:.2f} s，{rate:.0f} 份/秒（目标 ≥ {AUDIT_GOAL:g}，{verdict}）；"
        f"含启动的整条命令 {r['wall']:.2f} s；退出码 {r['code']}"
    )
    unreadable = _unreadable(folder / "summary.csv")
    print(f"  无法读取：{unreadable} 份（应为 0）")
    one = _audit(files, folder / "summary-1.csv", 1)
    print(
        f"  1 进程：{one['seconds']:.2f} s，{count / one['seconds']:.0f} 份/秒（并行加速 {one['seconds'] / r['seconds']:.2f}×）"
    )
    for suffix in (".xlsx", ".html"):
        w = _audit(files, folder / f"summary{suffix}", AUDIT_JOBS)
        print(f"  输出 {suffix}：{w['seconds']:.2f} s")

    print("  峰值内存（maxrss；主进程 / 最大的工作进程 / 两者之和）：")
    for n in MEMORY_SIZES:
        if n > count:
            continue
        m = _audit(files[:n], folder / f"summary-{n}.csv", AUDIT_JOBS)
        me, kids = m["self_kb"] / 1024, m["children_kb"] / 1024
        print(f"    {n:>5} 份：{me:6.1f} MB / {kids:6.1f} MB / {me + kids:6.1f} MB（{n / m['seconds']:.0f} 份/秒）")
    return files if rate < AUDIT_GOAL else []


def _unreadable(summary: Path) -> int:
    import csv

    with summary.open(encoding="utf-8-sig", newline="") as f:
        return sum(1 for row in csv.DictReader(f) if row["读取错误"])


def profile_audit(files: list[Path], limit: int = 300) -> None:
    """Where one process spends its time checking ``limit`` files and comparing their sections."""
    from app.audit.copying import find_copies
    from app.audit.summary import summarise

    sample = [str(f) for f in files[:limit]]
    profiler = cProfile.Profile()
    profiler.enable()
    summaries = [summarise(f) for f in sample]
    find_copies(summaries)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(18)
    print(f"\n== 剖析（单进程，{len(sample)} 份，按自身耗时排序）")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


def main() -> None:
    p = argparse.ArgumentParser(description="nianbao 性能基准")
    p.add_argument("--runs", type=int, default=7, help="check 计时的运行次数（取中位数）")
    p.add_argument("--reports", type=int, default=1000, help="audit 的报告份数")
    p.add_argument("--profile", action="store_true", help="总是剖析 audit（默认仅在未达标时）")
    p.add_argument("--grounding", action="store_true", help="只运行核对评测集（evals/grounding.jsonl，几秒钟）")
    p.add_argument("--reading", action="store_true", help="只运行读取基准（真实年报样本库与 tests/real_world，几秒钟）")
    p.add_argument("--load", action="store_true", help="只运行负载测试（20 个会话，约 6 分钟）")
    p.add_argument("--scale", action="store_true", help="只运行 audit 规模基准（1,000 / 5,000 / 20,000 份，几分钟）")
    p.add_argument("--full", action="store_true", help="与 --scale 同用：每个规模都完整运行 audit（20,000 份需很久）")
    p.add_argument("--hostile-text", action="store_true", help="只运行长串文字的读取与检查（约一分钟）")
    args = p.parse_args()
    if args.hostile_text:
        from hostile_text import bench_hostile_text

        bench_hostile_text()
        return
    if args.scale:
        from audit_scale import bench_scale

        bench_scale(full=args.full)
        return
    if args.load:
        from load import bench_load

        bench_load()
        return
    if args.grounding:
        bench_grounding()
        return
    if args.reading:
        from reading import bench_reading

        bench_reading()
        return
    print(f"Python {sys.version.split()[0]}，{os.cpu_count()} 核")
    print(f"本机并行能力：纯计算任务 {AUDIT_JOBS} 进程比 1 进程快 {machine_parallelism():.2f}×（理想为 {AUDIT_JOBS}×）")
    bench_check(args.runs)
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        slow = bench_audit(args.reports, Path(tmp))
        if slow or args.profile:
            profile_audit(slow or sorted(Path(tmp, "reports").iterdir()))
    from app_figures import bench_app
    from browser_pages import bench_browser
    from drafting import bench_drafting
    from export import bench_export
    from pages import bench_pages
    from reading import bench_reading

    bench_drafting()
    bench_export()
    bench_app()
    bench_pages()
    bench_browser()
    bench_grounding()
    print()
    bench_reading()


def bench_grounding() -> None:
    """The grounding evaluation set's figures: false statements caught, true ones flagged, leaks caught."""
    from evals.grounding import evaluate, figures, report_text

    print()
    print(report_text(figures(evaluate()), misses=False))


if __name__ == "__main__":
    main()
