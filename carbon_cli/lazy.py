"""Public names imported on first use (PEP 562), so a command pays only for the modules it uses."""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, MutableMapping
from typing import Any

_IMPORT = re.compile(r"from (carbon_cli\.[\w.]+) import (\([^)]*\)|[^\n]+)")


def homes(source: str) -> dict[str, str]:
    """Each name the `from carbon_cli.x import …` lines of `source` bring in → its module: a
    package's TYPE_CHECKING block is the one list of its public names and where they live."""
    found: dict[str, str] = {}
    for match in _IMPORT.finditer(source):
        for name in re.findall(r"\w+", match[2]):
            found[name] = match[1]
    return found


def attribute(
    package: str, where: Mapping[str, str], namespace: MutableMapping[str, Any], name: str
) -> Any:
    """`name` of `package`, imported from its module on first use and kept in `namespace`."""
    if name not in where:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where[name]), name)
    namespace[name] = value  # found at once the next time
    return value
