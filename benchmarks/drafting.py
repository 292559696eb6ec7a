"""Drafting benchmarks: concurrency against a slow local model server, prompt sizes, the offline drafter."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.drafting.engine import draft_report  # noqa: E402
from app.drafting.facts import build_facts  # noqa: E402
from app.drafting.notes import read_notes  # noqa: E402
from app.drafting.offline import draft_offline  # noqa: E402
from app.drafting.prompts import render_messages  # noqa: E402
from app.importers import read_report  # noqa: E402
from app.llm.client import make_client  # noqa: E402
from app.llm.settings import load_settings  # noqa: E402
from app.llm.usage import estimate_prompt_tokens  # noqa: E402
from tests.llm_server import Delay, LLMServer, Reply  # noqa: E402

EXAMPLES = ROOT / "examples"
NOTES = EXAMPLES / "notes-county-department-2025.md"
CALL_SECONDS = 1.0
SECTIONS = ("前言", "一", "五", "六")


def _county():
    report = read_report(EXAMPLES / "county-department-2025.json")
    previous = read_report(EXAMPLES / "county-department-2024.json")
    report.notes = read_notes(NOTES.read_bytes(), NOTES.name)
    return report, previous


def bench_drafting() -> None:
    report, previous = _county()
    facts = build_facts(report, previous)
    print("== 起草（起草全部四个部分，本地模型服务每次调用等待 1 秒）")
    replies = {s: draft_offline(report, facts, s).model_dump_json() for s in SECTIONS}

    def answer(body):
        user = body["messages"][1]["content"]
        section = next(
            s
            for s, m in (("前言", "前言（一段）"), ("一", "“一、总体情况”"), ("五", "“五、"), ("六", "“六、"))
            if m in user
        )
        # streamed in 24-character events; with 3-character events the SDK's per-event parsing adds ~0.15 s
        return Delay(CALL_SECONDS, Reply(replies[section], chunk_size=24))

    server = LLMServer().start()
    try:
        server.add(*[answer] * len(SECTIONS))
        settings = load_settings(
            env={},
            secrets_path=Path("/nonexistent"),
            overrides={"provider": "vllm", "base_url": server.base_url, "model": "bench", "timeout": 30},
        )
        import openai  # noqa: F401 — loaded once per process in real use; not part of a draft's time

        started = time.perf_counter()
        outcome = draft_report(
            report, previous=previous, overwrite=True, client=make_client(settings), settings=settings
        )
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    overhead = seconds - CALL_SECONDS
    print(
        f"  用时 {seconds:.2f} s（单次调用 {CALL_SECONDS:.0f} s，额外 {overhead:.2f} s；目标 < 0.3 s{'，达标' if overhead < 0.3 else '，未达标'}）"
    )
    print(f"  失败部分：{outcome.failed or '无'}")
    print("  每个部分的输入 tokens（估算；目标 < 3000）：")
    for s in SECTIONS:
        tokens = estimate_prompt_tokens(render_messages(report, facts, s))
        print(f"    {s}：{tokens}")
    print("== 离线起草（模板，无模型）")
    times = []
    for _ in range(20):
        started = time.perf_counter()
        draft_report(report, previous=previous, overwrite=True)
        times.append(time.perf_counter() - started)
    median = statistics.median(times) * 1000
    print(f"  每份报告 {median:.1f} ms（20 次中位数；目标 < 50 ms{'，达标' if median < 50 else '，未达标'}）")


if __name__ == "__main__":
    bench_drafting()
