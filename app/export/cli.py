"""`nianbao export`: read a report, optionally refuse it while errors remain, write the chosen format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_REFUSED


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _list(errors: list) -> None:
    from schemas.findings import SEVERITY_LABELS
    from schemas.registry import section_title

    for f in errors:
        where = f"[表{f.table}] " if f.table else f"[{section_title(f.section)}] " if f.section else ""
        _err(f"  {where}{SEVERITY_LABELS[f.severity]} {f.rule}：{f.message}")


def run_export(args: argparse.Namespace) -> int:
    from app.checking import all_findings
    from app.drafting.gate import blocking
    from app.export import ExportError, export, format_of
    from app.export.revisions import draft_texts
    from app.importers import ReadError, read_report
    from app.output_path import output_problem

    problem = output_problem(args.output)
    if problem:
        _err(problem)
        return EXIT_FAILED
    try:
        fmt = format_of(args.output)
    except ExportError as e:
        _err(str(e))
        return EXIT_FAILED
    try:
        report = read_report(args.report)
    except ReadError as e:
        _err(f"无法读取 {args.report}：{e}")
        return EXIT_FAILED

    # the errors no reviewer confirmed: table sums, unsupported claims in drafted sections, 【待补充】 markers
    errors = blocking(report, all_findings(report))
    if errors and args.strict:
        _err(f"{args.report} 仍有 {len(errors)} 个错误，未导出（--strict）：")
        _list(errors)
        _err("请改正后再导出，或由审核人在工作台写明理由确认；不加 --strict 时照常导出（空白单元格保持空白）。")
        return EXIT_REFUSED

    drafts = None
    if args.track_changes or args.draft:
        if fmt not in ("docx", "pdf"):
            _err("修订标记只能导出为 Word（.docx）或 PDF，请把输出文件名改为 .docx")
            return EXIT_FAILED
        draft = None
        if args.draft:
            try:
                draft = read_report(args.draft)
            except ReadError as e:
                _err(f"无法读取草稿 {args.draft}：{e}")
                return EXIT_FAILED
        drafts = draft_texts(report, draft)
        if not drafts:
            _err("没有可对照的草稿：报告中没有起草记录，请用 --draft 指定 AI 起草的版本")
            return EXIT_FAILED

    try:
        data = export(report, fmt, drafts=drafts, author=args.author or "")
    except ExportError as e:
        _err(str(e))
        return EXIT_FAILED
    out = Path(args.output)
    try:
        out.write_bytes(data)
    except OSError as e:
        _err(f"无法写入 {out}：{e.strerror or e}")
        return EXIT_FAILED
    if errors:
        _err(f"注意：报告仍有 {len(errors)} 个错误（--strict 可阻止导出）：")
        _list(errors)
    marks = f"，含 {len(drafts)} 个部分的修订标记" if drafts else ""
    print(f"已写入 {out}{marks}")
    return EXIT_OK
