"""The files read at run time (prompts, knowledge base, example reports, fonts.conf): installed or in the checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

Folder = Literal["prompts", "knowledge", "examples"]
# the wheel carries these repository folders as app/_data/<name> (setup.py); a checkout reads them in place
_CHECKOUT: dict[str, str] = {"prompts": "prompts", "knowledge": "docs/knowledge", "examples": "examples"}


def resource_dir(name: Folder) -> Path:
    """The folder holding ``name``: the copy installed with the package, else the repository's own folder."""
    package = Path(str(files("app")))
    installed = package / "_data" / name
    if installed.is_dir():
        return installed
    return package.parent / _CHECKOUT[name]


def fonts_conf() -> Path:
    """The fontconfig file that maps the official font names to free fonts for LibreOffice."""
    return Path(str(files("app.export") / "fonts.conf"))
