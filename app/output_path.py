"""Whether a command can write its output file, asked before any work is done."""

from __future__ import annotations

import os
from pathlib import Path


def output_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be written as an output file (a Chinese sentence), or None when it can.

    A missing folder is not created: a typo in the folder name should not scatter files.
    """
    p = Path(path)
    if not str(path).strip():
        return "没有给出输出文件名"
    if p.is_symlink() and not p.exists():
        return f"输出路径 {path} 是一个指向不存在位置（{os.readlink(p)}）的链接，请换一个文件名"
    if str(path).endswith(("/", os.sep)) or p.is_dir():
        return f"输出路径 {path} 是一个文件夹，请给出文件名（例如 {p / 'report.json'}）"
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        return f"输出文件夹 {parent} 不存在，请先创建该文件夹或换一个路径"
    if not parent.is_dir():
        return f"输出路径 {path} 无效：{parent} 不是文件夹"
    if p.exists() and not p.is_file():
        return f"输出路径 {path} 不是普通文件，不能写入"
    if not os.access(parent, os.W_OK):
        return f"没有在文件夹 {parent} 中写入文件的权限"
    if p.exists() and not os.access(p, os.W_OK):
        return f"没有覆盖文件 {path} 的权限"
    return None
