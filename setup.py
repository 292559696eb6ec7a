"""The packages of the wheel (the metadata is in pyproject.toml).

The code packages are found; the repository folders read at run time are carried in the wheel as data under
app/_data/, where app/resources.py finds them (a checkout reads the folders themselves).
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

# data package inside the wheel → (repository folder, the files it carries, subfolders included)
FOLDERS = {
    "app._data.prompts": ("prompts", "*.j2"),
    "app._data.knowledge": ("docs/knowledge", "*.md"),
    "app._data.examples": ("examples", "*.json"),
}


def data_packages() -> dict[str, str]:
    """Every data package (one per folder and subfolder) → its repository folder."""
    found = {}
    for package, (folder, _) in FOLDERS.items():
        for path in [Path(folder), *sorted(Path(folder).rglob("*"))]:
            if path.is_dir() and "__pycache__" not in path.parts:
                found[".".join([package, *path.relative_to(folder).parts])] = path.as_posix()
    return found


DATA = data_packages()
PATTERNS = {name: [pattern] for top, (_, pattern) in FOLDERS.items() for name in DATA if name.startswith(top)}

setup(
    packages=find_namespace_packages(include=["app", "app.*", "schemas", "schemas.*"], exclude=["*.__pycache__"])
    + list(DATA),
    package_dir=DATA,
    package_data={**PATTERNS, "app.export": ["fonts.conf"]},
)
