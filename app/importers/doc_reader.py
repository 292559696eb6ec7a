"""An old Word (.doc) report → lines: converted to .docx by LibreOffice (headless), then read as .docx."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from app.importers.docx_reader import read_docx
from app.importers.formats import Line
from app.importers.limits import read_file
from app.importers.text import ReadError

TIMEOUT_SECONDS = 60
_NO_SOFFICE = (
    "读取旧版 Word（.doc）文件需要 LibreOffice，本机未安装"
    "（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui）；"
    "也可以在 Word/WPS 中另存为 .docx 后再导入"
)


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(data: bytes) -> list[Line]:
    """The lines of a .doc file; ReadError when LibreOffice is missing or cannot convert it."""
    soffice = soffice_path()
    if soffice is None:
        raise ReadError(_NO_SOFFICE)
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        work = Path(tmp)
        source = work / "report.doc"
        source.write_bytes(data)
        out = work / "out"
        out.mkdir()
        # a profile of its own: parallel conversions (and a user's open LibreOffice) do not block each other
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ]
        _run(command)
        converted = out / "report.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise ReadError(
                "LibreOffice 无法转换该 .doc 文件（文件可能已损坏或不是 Word 文档）；请在 Word/WPS 中另存为 .docx 后再导入"
            )
        return read_docx(read_file(converted))  # the limits of a .docx hold for the converted file too


def _run(command: list[str]) -> None:
    env = {**os.environ, "HOME": os.environ.get("HOME") or tempfile.gettempdir()}
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # so that a timeout ends soffice.bin too, not only the wrapper script
        )
    except OSError as e:
        raise ReadError(
            f"无法启动 LibreOffice（{e.strerror or e}）；也可以在 Word/WPS 中另存为 .docx 后再导入"
        ) from None
    try:
        proc.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ReadError(
            f"LibreOffice 转换 .doc 文件超过 {TIMEOUT_SECONDS} 秒未完成；请在 Word/WPS 中另存为 .docx 后再导入"
        ) from None
