"""PDF through LibreOffice headless: the .docx converted with the official font names mapped to free fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.export.errors import ExportError
from app.resources import fonts_conf

FONTS_CONF = fonts_conf()
PACKAGE = "libreoffice-writer-nogui"
FONT_PACKAGE = "fonts-noto-cjk"
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


def require_chinese_font() -> None:
    """ExportError naming the font package when fontconfig knows no font with Chinese characters."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:  # fontconfig's tools are not installed: nothing to ask, LibreOffice still finds its fonts
        return
    try:
        listed = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, env=environment(), timeout=60, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return
    if not listed.strip():  # LibreOffice would draw every Chinese character as an empty box
        raise ExportError(
            f"未找到中文字体，生成的 PDF 中汉字将无法显示。请安装中文字体 {FONT_PACKAGE}"
            f"（Debian/Ubuntu：sudo apt-get install {FONT_PACKAGE}），或导出 .docx 后在 Word / WPS 中另存为 PDF"
        )


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
    soffice()  # a missing LibreOffice is named before missing fonts
    require_chinese_font()
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx)
        return convert(source, "pdf", Path(tmp)).read_bytes()
