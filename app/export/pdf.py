"""PDF through LibreOffice headless: the .docx converted with the official font names mapped to free fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.export.errors import ExportError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
PACKAGE = "libreoffice-writer-nogui"
TIMEOUT_SECONDS = 180


def soffice() -> str:
    """The soffice executable; ExportError naming the package to install when LibreOffice is absent."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ExportError(
            f"未找到 LibreOffice（soffice），无法生成 PDF。请安装 {PACKAGE}"
            f"（Debian/Ubuntu：sudo apt-get install {PACKAGE}，另需中文字体 fonts-noto-cjk），"
            "或导出 .docx 后在 Word / WPS 中另存为 PDF"
        )
    return found


def environment() -> dict[str, str]:
    """The environment for soffice: our fontconfig file, so 仿宋_GB2312 and the others find a face."""
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF.resolve())
    return env


def convert(source: Path, target: str, outdir: Path) -> Path:
    """``source`` converted by LibreOffice to ``target`` (e.g. "pdf", "fodt") in ``outdir``; the new file's path."""
    exe = soffice()
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as profile:
        cmd = [
            exe,
            "--headless",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={Path(profile).as_uri()}",  # a profile of its own: runs never collide
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, env=environment(), timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise ExportError(f"LibreOffice 转换超时（超过 {TIMEOUT_SECONDS} 秒）") from None
    produced = outdir / f"{source.stem}.{target.split(':')[0]}"
    if proc.returncode != 0 or not produced.is_file():
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise ExportError(f"LibreOffice 未能转换文件（退出码 {proc.returncode}）：{detail[-1] if detail else '无输出'}")
    return produced


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF of a .docx, rendered by LibreOffice with the project's font aliases."""
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx)
        return convert(source, "pdf", Path(tmp)).read_bytes()
