"""`nianbao draft`: read, draft with the configured model (or the offline drafter), ground, write JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_UNSUPPORTED
from schemas.confirmations import claim_of
from schemas.drafting import DRAFT_SECTIONS
from schemas.findings import SEVERITY_LABELS
from schemas.registry import section_title


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")  # one write: sections report from several threads


def run_draft(args: argparse.Namespace) -> int:
    from app.importers import ReadError, read_report
    from app.importers.limits import MAX_NOTES_CHARS, check_text, read_file
    from app.importers.text import decode
    from app.output_path import output_problem

    sections = tuple(s.strip() for s in args.sections.replace("，", ",").split(",") if s.strip())
    unknown = [s for s in sections if s not in DRAFT_SECTIONS]
    if unknown or not sections:
        _err(f"--sections 只能是 {','.join(DRAFT_SECTIONS)} 中的部分，收到：{args.sections}")
        return EXIT_FAILED
    problem = output_problem(args.output)  # before any model call: a draft that cannot be saved is lost
    if problem:
        _err(problem)
        return EXIT_FAILED
    try:
        report = read_report(args.report)
        previous = read_report(args.previous) if args.previous else None
        if args.notes:
            from app.drafting.notes import merge_notes, read_notes

            try:
                report.notes = merge_notes(report.notes, read_notes(read_file(args.notes), args.notes))
            except ReadError as e:
                raise ReadError(f"素材文件 {args.notes}：{e}") from None
        if args.requirements:
            from app.drafting.notes import parse_requirements

            try:
                text = decode(read_file(args.requirements))
                check_text(text, what="本地要求文件", limit=MAX_NOTES_CHARS, hint="本地要求一般只有几十行")
            except ReadError as e:
                raise ReadError(f"本地要求文件 {args.requirements}：{e}") from None
            report.requirements = parse_requirements(text)
    except ReadError as e:
        _err(f"无法读取输入：{e}")
        return EXIT_FAILED
    except OSError as e:
        _err(f"无法读取文件 {e.filename}：{e.strerror or e}")
        return EXIT_FAILED

    from app.llm.errors import SettingsError
    from app.llm.settings import cloud_notice, load_settings

    overrides = {
        k: v for k, v in (("provider", args.provider), ("model", args.model), ("base_url", args.base_url)) if v
    }
    try:
        settings = load_settings(overrides=overrides)
    except SettingsError as e:
        _err(f"模型设置有误：{e.message}")
        return EXIT_FAILED
    client = None
    if settings.provider != "offline":
        from app.llm.client import make_client

        try:
            client = make_client(settings)
        except SettingsError as e:
            _err(f"模型设置有误：{e.message}")
            return EXIT_FAILED
        notice = cloud_notice(settings)
        if notice:
            _err(f"注意：{notice}")
        _err(f"使用模型：{settings.preset.label} {settings.model}")
    else:
        _err("未配置模型，使用离线模板起草（内容以统计表和素材为准，请审核后使用）")

    from app.drafting.engine import draft_report

    def on_event(section: str, kind: str, payload: str) -> None:
        if kind == "start":
            _err(f"… 起草「{section_title(section)}」")
        elif kind == "done":
            _err(f"✓ 「{section_title(section)}」完成（{len(payload)} 字）")
        elif kind == "failed":
            _err(f"✗ 「{section_title(section)}」失败，保留原文：{payload}")

    from app.llm.structured import ModeMemory

    outcome = draft_report(
        report,
        mode_memory=ModeMemory(),
        previous=previous,
        sections=sections,
        overwrite=args.overwrite,
        client=client,
        settings=settings,
        instruction=args.instruction,
        on_event=on_event,
    )
    for section, result in outcome.results.items():
        if result.skipped:
            _err(f"- 「{section_title(section)}」已有文字，未覆盖（加 --overwrite 重新起草）")
    out = Path(args.output)
    try:
        out.write_text(outcome.report.model_dump_json(indent=2), encoding="utf-8")
    except OSError as e:
        _err(f"无法写入 {out}：{e.strerror or e}")
        return EXIT_FAILED
    unsupported = outcome.unsupported
    others = [f for f in outcome.findings if f not in unsupported]
    if others:
        print("核对发现：")
        for f in others:
            print(f"  {SEVERITY_LABELS[f.severity]} {f.rule}：{f.message}")
    elif not unsupported:
        print("核对发现：无")
    if unsupported:
        print(
            f"经过一轮自动修正仍有 {len(unsupported)} 处没有出处或与统计表不符（已保留在起草记录中，须改正或由审核人写明理由确认）："
        )
        for f in unsupported:
            where = f"「{section_title(f.section)}」" if f.section else ""
            where += f"第 {f.paragraph} 段" if f.paragraph else ""
            claim = claim_of(outcome.report, f)
            print(f"  {where}：{claim}" if claim else f"  {where}")
            print(f"    {f.rule}：{f.message}")
    if outcome.usage is not None:
        print(outcome.usage.summary())
    print(f"已写入 {out}")
    drafted = [s for s, r in outcome.results.items() if r.drafted]
    if outcome.failed:
        return EXIT_PARTIAL if drafted else EXIT_FAILED
    return EXIT_UNSUPPORTED if unsupported else EXIT_OK
