"""The audit at a province's scale: reading speed on 1 and 2 processes, and the COPY and totals stage of the audit
on N = 1,000, 5,000 and 20,000 generated reports with planted copies (what the figures mean: benchmarks/README.md).

.venv/bin/python benchmarks/audit_scale.py [--sizes 1000,5000,20000] [--sample 400] [--full]

Reading every report takes minutes at 20,000, so by default the reading is timed on a sample of the batch and the
stage that grows with the batch (COPY across units, the summed tables, the summary rows) runs on all N; ``--full``
also audits every file of each size with ``nianbao audit`` on 2 processes.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from corpus import make_province, province_report  # noqa: E402

SIZES = (1000, 5000, 20000)
STEP_GOAL = 4.4  # cost of a ×4 larger batch
SPEEDUP_GOAL = 1.7  # 2 processes against 1
SAMPLE = 400  # reports read to time the reading
CHECKED = 100  # of which this many are read in this process, to compare their sketches with the generated ones


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="utf-8") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def held_mb(summaries: list) -> float:
    """What the summaries hold (each object once): their rows' values and sketches, without the interpreter's
    freed but kept memory that RSS also counts."""
    seen: set[int] = set()
    total = 0
    stack = list(summaries)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is None or isinstance(obj, (int, float, bool)):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (tuple, list)):
            stack.extend(obj)
        elif hasattr(obj, "__slots__"):
            stack.extend(getattr(obj, name) for name in obj.__slots__)
    return total / 2**20


def stage(count: int, read_path: Path) -> dict:
    """The audit's work after reading, on ``count`` reports: what the main process does with the summaries."""
    from app.audit import csv_file
    from app.audit.copying import find_copies, similar_pairs, template_hashes
    from app.audit.rows import summary_row, total_rows
    from app.audit.sketch import estimate
    from app.audit.summary import section_sketches
    from app.audit.totals import Totals
    from app.rules.cross_year import SECTION_COPY
    from schemas.report import NARRATIVE_SECTIONS

    read = pickle.loads(read_path.read_bytes())  # summaries of the sample as reading made them
    province = make_province(None, count)
    base = _rss_mb()
    summaries = []
    for i, sections in enumerate(province.sections):
        like = read[i % len(read)]
        summaries.append(
            replace(
                like,
                file=f"{i:05d}.txt",
                agency=province.agencies[i],
                sketches=section_sketches(province_report(sections)),
                cells=dict(like.cells) if like.cells else None,
            )
        )
    started, cpu = time.perf_counter(), time.process_time()
    totals = Totals()
    for s in summaries:  # as run_audit does on arrival: summed, then dropped
        if s.cells is not None:
            totals.add(s.format_version, s.cells, s.procurement_unit)
            s.cells = None
    copies = find_copies(summaries)
    rows = [summary_row(s, copies.get(i, ())) for i, s in enumerate(summaries)]
    with tempfile.TemporaryDirectory() as tmp:
        csv_file.write(Path(tmp) / "s.csv", rows, total_rows(totals.results()))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu

    pairs = {(min(i, j), max(i, j), s): score for i, j, score, s in similar_pairs(summaries)}
    family = {i: j for i, j, _ in province.planted}  # a copy → its original
    planted = [  # a section too short to compare (MIN_SHINGLES) is never a COPY finding: not counted
        (min(i, j), max(i, j), s)
        for i, j, sections in province.planted
        for s in sections
        if s in summaries[i].sketches and s in summaries[j].sketches
    ]
    # each planted pair's similarity as COPY judges it (sketches without the template), computed for that pair alone
    templates = {s: template_hashes(x.sketches[s] for x in summaries if s in x.sketches) for s in NARRATIVE_SECTIONS}
    alike = {
        p: estimate(summaries[p[0]].sketches[p[2]], summaries[p[1]].sketches[p[2]], templates[p[2]])[0] for p in planted
    }
    above = [p for p in planted if alike[p] >= SECTION_COPY]
    found = [pairs[p] for p in above if p in pairs]
    false = [p for p in pairs if family.get(p[0], p[0]) != family.get(p[1], p[1])]
    return {
        "count": count,
        "seconds": seconds,
        "cpu": cpu,
        "planted": len(planted),
        "above": len(above),
        "found": len(found),
        "lowest": min(found, default=0.0),
        "below": max((alike[p] for p in planted if p not in above), default=None),
        "found_below": sum(1 for p in planted if p not in above and p in pairs),
        "false": len(false),
        "flagged": len(copies),
        "summaries_mb": held_mb(summaries),
        "rss_mb": _rss_mb() - base,
        "peak_mb": _peak_mb(),
    }


def _run_stage(count: int, read_path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--stage", str(count), "--read", str(read_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        raise SystemExit(f"规模基准的 {count} 份阶段失败：\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def per_step(n1: int, t1: float, n2: int, t2: float) -> float:
    """The cost ratio of a ×4 larger batch, at the growth seen from ``n1`` to ``n2``."""
    return (t2 / t1) ** (math.log(4) / math.log(n2 / n1))


def _verdict(ok: bool) -> str:
    return "达标" if ok else "未达标"


def _read_sample(files: list[Path], folder: Path) -> tuple[float, float]:
    """Reports a second on 1 and on 2 processes (`run_audit` in a fresh process, start-up excluded)."""
    from run import _audit

    one = _audit(files, folder / "sample-1.csv", 1)
    two = _audit(files, folder / "sample-2.csv", 2)
    return len(files) / one["seconds"], len(files) / two["seconds"]


def _full(files: list[Path], planted: list[tuple[int, int, tuple[str, ...]]], folder: Path) -> str:
    """`nianbao audit` of every file on 2 processes: time, memory, planted copies named in the 雷同 column."""
    from run import _audit

    from schemas.registry import section_title

    r = _audit(files, folder / f"full-{len(files)}.csv", 2)
    with (folder / f"full-{len(files)}.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {Path(row["文件"]).name: row for row in csv.DictReader(f)}
    found = sum(
        any(
            m.startswith(f"「{section_title(s)}」") and files[j].name in m
            for m in rows[files[i].name]["雷同"].split("；")
        )
        for i, j, sections in planted
        for s in sections
    )
    total = sum(len(sections) for _, _, sections in planted)
    unreadable = sum(1 for row in rows.values() if row["读取错误"])
    return (
        f"    {len(files):>6} 份：{r['seconds']:7.1f} s（{len(files) / r['seconds']:.0f} 份/秒），"
        f"峰值内存 主进程 {r['self_kb'] / 1024:.0f} MB / 工作进程 {r['children_kb'] / 1024:.0f} MB，"
        f"雷同找到 {found}/{total}，无法读取 {unreadable}"
    )


def bench_scale(sizes: tuple[int, ...] = SIZES, sample: int = SAMPLE, *, full: bool = False) -> None:
    """Print the figures."""
    from run import machine_parallelism

    from app.audit.summary import summarise

    largest = max(sizes)
    print(f"\n== audit 的规模（生成的省级批次：{'、'.join(f'{n:,}' for n in sizes)} 份，各含 1% 植入的雷同）")
    print(f"  负载：{os.getloadavg()[0]:.1f}（{os.cpu_count()} 核；其他程序同时运行时各项用时偏大）")
    with tempfile.TemporaryDirectory(prefix="nianbao-scale-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        province = make_province(folder / "reports", largest, written=largest if full else sample)
        print(f"  生成 {largest:,} 份：{time.perf_counter() - started:.1f} s")

        parallel = machine_parallelism()
        one, two = _read_sample(province.files[:sample], folder)
        speedup = two / one
        print(
            f"  读取与逐份检查（前 {sample} 份）：1 进程 {one:.0f} 份/秒，2 进程 {two:.0f} 份/秒，"
            f"加速 {speedup:.2f}×（目标 ≥ {SPEEDUP_GOAL}×，{_verdict(speedup >= SPEEDUP_GOAL)}；"
            f"本机纯计算任务 2 进程加速 {parallel:.2f}×）"
        )

        read = [summarise(str(f)) for f in province.files[: min(CHECKED, sample)]]
        from app.audit.summary import section_sketches

        same = sum(
            1
            for s, sections in zip(read, province.sections, strict=False)
            if s.sketches == section_sketches(province_report(sections))
        )
        print(f"  读取所得的各部分草图与生成文字的草图相同：{same}/{len(read)} 份（其余阶段据此用生成文字的草图）")
        read_path = folder / "read.pickle"
        read_path.write_bytes(pickle.dumps(read))

        print("  读取之后的阶段（内容雷同、合计表、汇总行、写 CSV；全部 N 份，单进程）：")
        results = []
        for n in sizes:
            r = _run_stage(n, read_path)
            results.append(r)
            print(
                f"    {n:>6} 份：{r['seconds']:6.2f} s（CPU {r['cpu']:.2f} s），"
                f"植入 {r['planted']} 处中相似度达到阈值的找到 {r['found']}/{r['above']}（最低 {r['lowest']:.0%}）"
                + (f"，改写后低于阈值 {r['planted'] - r['above']} 处（最高 {r['below']:.0%}）" if r["below"] else "")
                + "，"
                f"其他配对 {r['false']}，"
                f"摘要占内存 {r['summaries_mb']:.0f} MB（每份 {r['summaries_mb'] * 1024 / n:.1f} KB；"
                f"进程内存增加 {r['rss_mb']:.0f} MB），峰值 {r['peak_mb']:.0f} MB"
            )
        print("  每 ×4 份的用时倍数（目标 ≤ 4.4×）：")
        for a, b in zip(results, results[1:], strict=False):
            n1, n2 = a["count"], b["count"]
            copy_step = per_step(n1, a["cpu"], n2, b["cpu"])
            t1, t2 = n1 / two + a["seconds"], n2 / two + b["seconds"]
            total_step = per_step(n1, t1, n2, t2)
            print(
                f"    {n1:,} → {n2:,}：读取后的阶段 {copy_step:.2f}×（CPU）；整个 audit（2 进程读取 + 其余）"
                f"估计 {t1:.0f} s → {t2:.0f} s，{total_step:.2f}×（{_verdict(total_step <= STEP_GOAL)}）"
            )
        if full:
            print("  完整运行（nianbao audit，2 进程，读取全部文件）：")
            for n in sizes:
                print(_full(province.files[:n], [p for p in province.planted if p[0] < n], folder))


def main() -> None:
    p = argparse.ArgumentParser(description="audit 的规模基准")
    p.add_argument("--sizes", default=",".join(map(str, SIZES)), help="批次大小，逗号分隔")
    p.add_argument("--sample", type=int, default=SAMPLE, help="计时读取的份数")
    p.add_argument("--full", action="store_true", help="另外对每个大小完整运行 audit（20,000 份需要几分钟）")
    p.add_argument("--stage", type=int, help=argparse.SUPPRESS)
    p.add_argument("--read", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage, Path(args.read))))
        return
    bench_scale(tuple(int(n) for n in args.sizes.split(",")), args.sample, full=args.full)


if __name__ == "__main__":
    main()
