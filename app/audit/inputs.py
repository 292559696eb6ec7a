"""The files an audit reads: the files given, and report files found in the directories given."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

REPORT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".doc", ".pdf", ".xlsx", ".json"})


def collect_files(inputs: Iterable[str | Path], *, exclude: Iterable[Path] = ()) -> list[Path]:
    """Report files to audit, each once, in a stable order.

    Directories are searched recursively for REPORT_SUFFIXES (any kind of file but a folder), skipping hidden files
    and folders; a file named explicitly is kept whatever its name (and a missing one too, so that it gets a row
    saying so).
    ``exclude`` keeps the audit's own output files out when they sit in an input directory.
    """
    skip = {_real(p) for p in exclude}
    seen: set[Path] = set()
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        found = _walk(path) if path.is_dir() else [path]
        for f in found:
            key = _real(f)
            if key in seen or key in skip:
                continue
            seen.add(key)
            out.append(f)
    return out


def _real(path: Path) -> Path:
    """The file a path names, links followed; a link that loops names itself."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _walk(directory: Path) -> list[Path]:
    files = []
    for f in directory.rglob("*"):
        relative = f.relative_to(directory).parts
        if any(part.startswith((".", "~$")) for part in relative):
            continue  # hidden files, and Word/Excel lock files (~$report.docx)
        # not only regular files: a pipe, a device or a link to one named like a report gets its own row saying
        # why it was not read, rather than vanishing from the batch
        if f.suffix.lower() in REPORT_SUFFIXES and not f.is_dir():
            files.append(f)
    return sorted(files)
