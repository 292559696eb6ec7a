"""The nianbao command line. Thin: parse arguments, call one function, print. Heavy imports stay lazy."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.exit_codes import EXIT_FAILED, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREADABLE

_DEBUG_HELP = "出错时显示程序的完整错误信息（供技术人员排查）"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nianbao", description="年报助手：政府信息公开工作年度报告的校验、导入、起草、汇总与导出"
    )
    p.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    # --debug is also taken after the command; SUPPRESS keeps the subcommand from resetting the top-level one
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP)
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")

    def command(name: str, **kwargs) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **kwargs)

    c = command("check", help="检查一份或多份已发布的年报（勾稽关系、缺项、正文与表格是否一致）")
    c.add_argument("files", nargs="+", metavar="FILE", help="年报文件：txt/md/html/docx/doc/pdf/xlsx/json")
    c.add_argument("--previous", metavar="LAST_YEAR_FILE", help="上一年度的年报（用于跨年度核对）")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")

    i = command("import", help="把已发布的年报读入本工具的 JSON")
    i.add_argument("file", metavar="FILE")
    i.add_argument("-o", "--output", required=True, metavar="report.json")

    a = command(
        "audit",
        help="批量检查多个单位的年报并汇总（政务公开办用）",
        description="批量检查多个单位的年报：逐份检查、单位之间的文字雷同、全部单位表格合计及其勾稽检查。"
        "输出 .xlsx 含「汇总」「合计表」两个工作表；.html 含两部分；.csv 另写 NAME-totals.csv（合计表）。",
    )
    a.add_argument("inputs", nargs="+", metavar="DIR_OR_FILES")
    a.add_argument("-o", "--output", required=True, metavar="summary.csv|.xlsx|.html")
    a.add_argument("--jobs", type=int, default=0, help="并行进程数（默认：全部CPU核）")
    a.add_argument("--timeout", type=float, default=60, metavar="SECONDS", help="每份文件的时间限制（默认 60 秒）")
    a.add_argument("--memory", type=int, default=1536, metavar="MB", help="每份文件的内存限制（默认 1536 MB）")

    d = command("draft", help="起草正文部分（前言、一、五、六）：有模型用模型，没有则用离线模板")
    d.add_argument("report", metavar="REPORT", help="年报：本工具的 JSON 或任何可导入的文件")
    d.add_argument("--notes", metavar="FILE", help="工作素材（.txt/.md/.docx，按标题归入各方面）")
    d.add_argument("--previous", metavar="FILE", help="上一年度的年报（整改对照、防止雷同）")
    d.add_argument(
        "--requirements", metavar="FILE", help="本地要求（如“总体情况不超过1000字”，其余每行为必须写到的事项）"
    )
    d.add_argument("--sections", default="前言,一,五,六", help="要起草的部分，逗号分隔（默认：前言,一,五,六）")
    d.add_argument("--overwrite", action="store_true", help="覆盖已有文字（默认保留）")
    d.add_argument("--instruction", default="", help="修改要求，例如“更简洁”")
    d.add_argument("--provider", help="模型服务：openai/deepseek/qwen/glm/kimi/ollama/vllm/offline")
    d.add_argument("--model", help="模型名称")
    d.add_argument("--base-url", dest="base_url", help="OpenAI 兼容接口地址")
    d.add_argument("-o", "--output", required=True, metavar="drafted.json")

    e = command(
        "export",
        help="导出成稿：Word（公文格式）、网页、Markdown、PDF、Excel；可附 AI 草稿的修订标记",
        description="导出年报成稿，格式由输出文件的扩展名决定：.docx（GB/T 9704 公文格式）、.html（可粘贴到网站）、"
        ".md、.pdf（经 LibreOffice 转换）、.xlsx（三张统计表，也可作为填报模板）。",
    )
    e.add_argument("report", metavar="REPORT", help="年报：本工具的 JSON 或任何可导入的文件")
    e.add_argument("-o", "--output", required=True, metavar="out.docx|.html|.md|.pdf|.xlsx")
    e.add_argument("--draft", metavar="DRAFT_REPORT", help="AI 起草的版本（与 REPORT 对照生成修订标记）")
    e.add_argument(
        "--track-changes",
        dest="track_changes",
        action="store_true",
        help="以 Word 修订标记显示审核人对 AI 草稿的改动（不指定 --draft 时用报告中保存的草稿）",
    )
    e.add_argument("--author", help="修订标记的作者（默认：报告中的审核人）")
    e.add_argument("--strict", action="store_true", help="仍有错误类发现时拒绝导出并列出这些发现")

    w = command("app", help="启动工作台（浏览器中填报、起草、审核、导出）")
    w.add_argument("--host", default="127.0.0.1", help="监听地址（默认只在本机：127.0.0.1）")
    w.add_argument("--port", type=_port, default=8501, help="端口（1–65535，默认 8501）")
    w.add_argument("--db", help="数据库地址（默认 data/nianbao.db；也可用环境变量 DATABASE_URL）")

    command("schema", help="输出年报 JSON 的 JSON Schema")
    return p


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"端口应为 1 到 65535 之间的整数，收到：{text}")
    return port


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a bug or an unforeseen input: one line a person can act on, not a traceback
        if args.debug:
            raise
        print(unexpected(e), file=sys.stderr)
        return EXIT_FAILED


def unexpected(error: BaseException, *, file: bool = False) -> str:
    """The line shown for an error no command foresaw: what happened, and what to do (``file``: for one file's row
    of a command that goes on with the other files)."""
    if isinstance(error, MemoryError):
        what = "内存不足"
    elif isinstance(error, RecursionError):
        what = "输入的嵌套层次过深"
    else:
        what = f"程序出错（{type(error).__name__}）"
    done = "该文件未检查" if file else "命令未完成"
    return f"{what}，{done}。请检查输入文件；如仍出错，加 --debug 重新运行并把显示的信息反馈给技术人员。"


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return _check(args)
    if args.command == "import":
        return _import(args)
    if args.command == "audit":
        from app.audit.cli import run_audit

        return run_audit(args.inputs, args.output, jobs=args.jobs, timeout=args.timeout, memory_mb=args.memory)
    if args.command == "draft":
        from app.drafting.cli import run_draft

        return run_draft(args)
    if args.command == "export":
        from app.export.cli import run_export

        return run_export(args)
    if args.command == "app":
        from app.ui.launch import run_app

        return run_app(host=args.host, port=args.port, db=args.db)
    if args.command == "schema":
        from schemas.report import Report

        print(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    return EXIT_OK


def _read_previous(path: str | None):
    """(last year's report or None, whether it could not be read — the reason is said on stderr)."""
    if not path:
        return None, False
    from app.importers import ReadError, read_report

    try:
        return read_report(path), False
    except ReadError as e:
        print(f"上年报告 {path} 无法读取：{e}；未做跨年度核对", file=sys.stderr)
        return None, True


def _without_pydantic_plugins() -> None:
    """Skip pydantic's search for plugins: nianbao uses none, and the search imports importlib.metadata and the
    email package on the first model built (about 20 ms, a fifth of pydantic's own start-up). Only in a process
    that has built no model yet; pydantic is pinned, so the one name it takes from its loader is known."""
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    import types

    loader = types.ModuleType(name, "pydantic's plugin loader, finding no plugins")
    loader.get_plugins = tuple  # type: ignore[attr-defined]  # () for every model: no plugins
    sys.modules[name] = loader


def _check(args: argparse.Namespace) -> int:
    _without_pydantic_plugins()
    from app.checking import result_json
    from app.render import render_result

    previous, unreadable = _read_previous(args.previous)
    results = [_check_one(f, previous, args) for f in args.files]
    if args.json:
        print(json.dumps([result_json(r) for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            print(render_result(r))
    for r in results:
        for note in r.notes:
            print(note, file=sys.stderr)
    uncompared = [r for r in results if previous is None or r.notes]
    if any(r.report is not None and r.report.drafting and not r.report.last_year for r in uncompared):
        print(
            "注意：起草过的部分已按当前文字重新核对；与上年比较的数字（同比增减等）须加 --previous 上年报告才能核对。",
            file=sys.stderr,
        )
    if unreadable or any(r.error for r in results):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any(r.errors for r in results) else EXIT_OK


def _check_one(path: str, previous, args: argparse.Namespace):
    """One file's result; an error no reader foresaw is that file's row, and the other files are still checked."""
    from app.checking import FileResult, check_path

    try:
        return check_path(path, previous, previous_file=args.previous or "")
    except Exception as e:
        if args.debug:
            raise
        return FileResult(file=path, error=unexpected(e, file=True))


def _import(args: argparse.Namespace) -> int:
    from app.checking import check_path
    from app.output_path import output_problem
    from app.render import render_result

    problem = output_problem(args.output)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_UNREADABLE
    result = check_path(args.file)
    print(render_result(result))
    if result.report is None:
        return EXIT_UNREADABLE
    out = Path(args.output)
    try:
        out.write_text(result.report.model_dump_json(indent=2), encoding="utf-8")
    except OSError as e:
        print(f"无法写入 {out}：{e.strerror or e}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已写入 {out}")
    return EXIT_OK
