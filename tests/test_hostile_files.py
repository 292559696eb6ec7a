"""Hostile files (built at test time by tests/hostile_files.py): each is refused with a message that says what was
too big and the limit, `nianbao check` exits 2 for it while the good files on the same command line are still
checked, and nothing fills the memory (the command runs under a 1.5 GB address-space limit) or hangs."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from app.drafting.notes import read_notes
from app.importers import ReadError, read_bytes, read_report
from app.importers.limits import MAX_NOTES_CHARS
from app.importers.xlsx_reader import read_xlsx
from tests import hostile_files as hostile
from tests.conftest import ROOT

MEMORY = 1536 * 1024 * 1024
GOOD = [ROOT / "examples" / "qihuxiang-2020.txt", ROOT / "tests" / "real_world" / "r04_yunxi_scjgj_2023.docx"]


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _dev_zero(folder: Path) -> Path:
    path = folder / "zero.docx"
    path.symlink_to("/dev/zero")
    return path


def _folder(folder: Path) -> Path:
    path = folder / "report.pdf"
    path.mkdir()
    return path


# (builder, what the message says)
HOSTILE = {
    "fifo": (_fifo, "命名管道（FIFO），不是文件"),
    "dev_zero": (_dev_zero, "字符设备（链接指向 /dev/zero），不是文件"),
    "folder": (_folder, "文件夹，不是文件"),
    "many_entries": (hostile.many_entries_docx, "Word 文件包含的部件过多（5003 个，上限 1000 个）"),
    "huge_member": (hostile.huge_member_docx, "「word/document.xml」解压后超过 20 MB（上限）"),
    "tight_member": (hostile.many_paragraphs_docx, "「word/document.xml」压缩比异常"),
    "empty_paragraphs": (hostile.empty_paragraphs_docx, "「word/document.xml」有超过 1,000,000 个标记（上限）"),
    "many_tagged_parts": (hostile.many_tagged_parts_docx, "各部件共有超过 2,000,000 个标记（上限）"),
    "renamed_part": (hostile.renamed_part_docx, "「word/document.dat」压缩比异常"),
    "forged_sizes": (hostile.forged_sizes_docx, "「word/document.xml」已损坏，无法解压"),
    "deep": (hostile.deep_docx, "结构嵌套过深（超过 256 层"),
    "entities": (hostile.entity_bomb_docx, "展开后极大的实体定义"),
    "rows": (lambda d: hostile.huge_sheet_xlsx(d, 100_000), "工作表「表」超过 2000 行（第 2001 行还有内容）"),
    "million_rows": (lambda d: hostile.huge_sheet_xlsx(d, 1_000_000), "「xl/worksheets/sheet1.xml」解压后超过 20 MB"),
    "columns": (hostile.wide_sheet_xlsx, "工作表「表」第 1 行超过 60 列（第 61 列有内容）"),
    "sheets": (hostile.many_sheets_xlsx, "工作表过多（300 个，上限 30 个）"),
    "pages": (hostile.many_pages_pdf, "PDF 超过 200 页（上限 200 页）"),
    "pdf_stream": (lambda d: hostile.stream_bomb_pdf(d, 256 << 20), "PDF 中的压缩数据解压后超过 16 MB（上限）"),
    **{
        f"pdf_stream_{how}": (
            lambda d, how=how: hostile.stream_bomb_pdf(d, 256 << 20, disguise=how),
            "PDF 中的压缩数据解压后超过 16 MB（上限）",
        )
        for how in ("hex", "a85", "image", "cr", "space", "fkey")
    },
    "text": (hostile.huge_text, "文字过长（至少 1048 万字，上限 200 万字）"),
    "html": (hostile.huge_html, "网页文件的标签过多（约 671 万个，上限 50 万个）"),
}


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {name: build(folder) for name, (build, _) in HOSTILE.items()}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _check(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", "check", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        preexec_fn=_limited,
    )


def _blocks(out: str) -> dict[str, str]:
    """Each file's block of `check` output, by file name."""
    parts = re.split(r"^== (.+)$", out, flags=re.M)
    return {Path(name.strip()).name: body for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def test_hostile_files_among_good_ones_each_get_their_message_and_the_good_ones_are_checked(hostile_folder):
    p = _check(GOOD[0], *hostile_folder.values(), GOOD[1])
    assert p.returncode == 2, p.stdout + p.stderr
    blocks = _blocks(p.stdout)
    for name, path in hostile_folder.items():
        said = HOSTILE[name][1]
        assert said in blocks[path.name], (name, blocks.get(path.name))
        assert "无法读取" in blocks[path.name]
    for good in GOOD:
        assert "无法读取" not in blocks[good.name], blocks[good.name]
        assert "年度" in blocks[good.name]


def test_a_pipe_alone_exits_2_at_once(hostile_folder):
    p = _check(hostile_folder["fifo"])  # before: the command waited for a writer for ever
    assert p.returncode == 2, p.stdout + p.stderr
    assert HOSTILE["fifo"][1] in p.stdout


@pytest.mark.parametrize("name", [n for n in HOSTILE if n not in ("fifo", "huge_member", "million_rows", "text")])
def test_each_reader_refuses_its_hostile_file_in_process(hostile_folder, name):
    with pytest.raises(ReadError, match=re.escape(HOSTILE[name][1])):
        read_report(hostile_folder[name])


def test_uploaded_bytes_go_through_the_same_limits(hostile_folder):
    # the app's uploads (new report from last year's file, Excel tables, last year's report) call read_bytes
    path = hostile_folder["rows"]
    with pytest.raises(ReadError, match="超过 2000 行"):
        read_bytes(path.read_bytes(), path.name)


def test_a_notes_docx_bomb_is_refused_and_long_notes_are_refused_with_the_notes_limit(tmp_path):
    bomb = hostile.many_paragraphs_docx(tmp_path)
    with pytest.raises(ReadError, match="压缩比异常"):
        read_notes(bomb.read_bytes(), bomb.name)
    # within the zip limits, but far more text than a year's notes
    facts = "".join(hostile._paragraph(f"第{i}次政务公开培训，参训{i * 7 % 97}人。") for i in range(20_000))
    many = hostile.docx(tmp_path, "notes.docx", facts)
    with pytest.raises(ReadError, match=f"素材文件的文字过长.*上限 {MAX_NOTES_CHARS // 10_000} 万字"):
        read_notes(many.read_bytes(), many.name)
    text = ("政务公开培训3次。\n" * 30_000).encode()
    with pytest.raises(ReadError, match="素材文件的文字过长"):
        read_notes(text, "notes.txt")
    assert read_notes("## 主动公开\n发布政策解读12篇。".encode(), "notes.md").proactive_disclosure


def test_a_sheet_with_blank_formatted_rows_past_the_limit_is_read_up_to_its_content(tmp_path):
    rows = [
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe8\xa1\xa8\xe4\xb8\x89</t></is></c><c r="B1"><v>5</v></c></row>'
    ]
    blank = (b'<row r="{n}" s="1" customFormat="1"/>', 3_000, b"")
    path = hostile.xlsx(tmp_path, "blank-rows.xlsx", [("表", rows), ("格式", blank)])
    assert read_xlsx(path.read_bytes()) == [["表三", "5"]]


def test_a_link_loop_or_a_dangling_link_is_refused_in_chinese(tmp_path):
    loop = tmp_path / "loop.docx"
    loop.symlink_to(loop)
    with pytest.raises(ReadError, match="循环的链接"):
        read_report(loop)
    gone = tmp_path / "gone.docx"
    gone.symlink_to(tmp_path / "missing.docx")
    with pytest.raises(ReadError, match="文件不存在"):
        read_report(gone)


def test_an_upload_in_the_app_is_refused_before_anything_is_saved(hostile_folder, tmp_path):
    from app.storage import Store
    from app.workspace.creation import new_report
    from app.workspace.grids import tables_from_upload
    from tests.test_workspace import Upload

    store = Store.open(f"sqlite:///{tmp_path / 'uploads.db'}")
    uploads = {name: Upload(hostile_folder[name].name, hostile_folder[name].read_bytes()) for name in UPLOADED}
    for name, upload in uploads.items():
        created = new_report(store, agency="示例县教育局", level="department", year=2025,
                             source="previous_file", upload=upload, who="张敏", role="clerk")  # fmt: skip
        assert created.error and created.error.startswith("上年报告无法读取：") and HOSTILE[name][1] in created.error
    assert store.list_reports() == []
    blank = new_report(store, agency="示例县教育局", level="department", year=2025, source="blank", upload=None,
                       who="张敏", role="clerk")  # fmt: skip
    report = store.load(blank.report_id)[0]
    for name, upload in uploads.items():
        tables, error, _ = tables_from_upload(report, upload)
        assert tables == {} and error and HOSTILE[name][1] in error
    store.close()


UPLOADED = ("huge_member", "forged_sizes", "rows", "million_rows", "columns", "pages", "text")


def test_draft_refuses_a_pipe_or_a_bomb_as_notes_and_says_which_file(hostile_folder, tmp_path, capsys):
    from app.cli import main

    report = ROOT / "examples" / "county-department-2025.json"
    out = tmp_path / "drafted.json"
    for option, name in (("--notes", "fifo"), ("--notes", "tight_member"), ("--requirements", "dev_zero")):
        path = hostile_folder[name]
        assert main(["draft", str(report), option, str(path), "-o", str(out)]) != 0
        said = capsys.readouterr().err
        assert str(path) in said and HOSTILE[name][1] in said, said
    assert not out.exists()


def test_every_stream_pdfminer_unpacks_is_bounded_where_it_unpacks():
    """The PDF reader's zlib for pdfminer: whatever syntax hid a stream from the byte scan, unpacking stops."""
    import zlib

    from app.importers.limits import MAX_PDF_STREAM, BoundedZlib
    from app.importers.text import ReadError

    bomb = zlib.compress(b" " * (MAX_PDF_STREAM + 1024), 9)
    with pytest.raises(ReadError, match="压缩炸弹"):
        BoundedZlib.decompress(bomb)
    feeder = BoundedZlib.decompressobj()
    with pytest.raises(ReadError, match="压缩炸弹"):
        for i in range(0, len(bomb), 4096):  # as pdfminer's decompress_corrupted feeds it
            feeder.decompress(bomb[i : i + 4096])
    assert BoundedZlib.decompress(zlib.compress(b"BT /F1 12 Tf ET")) == b"BT /F1 12 Tf ET"
    with pytest.raises(zlib.error):
        BoundedZlib.decompress(b"x\x9c not zlib")
