"""Text an export can write: the characters XML 1.0 forbids (C0 controls other than tab and line breaks, lone
surrogates, U+FFFE/U+FFFF) dropped. Word, PDF (through Word) and Excel files are XML inside; one such character in
a report's text (a JSON report can carry any) would otherwise stop the export."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def xml_safe_all(value: Any) -> Any:
    """``value`` (a dataclass, list, tuple or string, nested) with every string made ``xml_safe``."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [xml_safe_all(v) for v in value]
    if isinstance(value, tuple):
        return tuple(xml_safe_all(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: xml_safe_all(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value
