"""The data files' YAML: PyYAML's parser (libyaml's when present) under a stricter composer.

Imported only when a file must be parsed: a plan from the cache (loading.py) never needs YAML.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from carbon_cli.errors import MAX_PROBLEMS, DataError, Problem, too_many

MAX_DEPTH = 20  # the formats nest five deep; deeper is a mistake or an attack
# values (keys included) in one file: the shipped files have 400 to 1800; a million `- {}` lines
# fit in 5 MB and took 55 s and 2.3 GB to compose and validate before any problem was shown
MAX_NODES = 200_000


class _Resolver(Resolver):
    """Only true/false are booleans (YAML 1.2): a `no` or `on` stays text, so a misused one
    is reported instead of silently becoming False."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads this class attribute)
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _Checks(Composer):
    """A composer that refuses anchors, aliases and deep nesting and records duplicate keys.

    The same code composes the events of PyYAML's pure-Python parser and of libyaml's.
    """

    path: str
    depth: int
    nodes: int
    problems: list[Problem]
    unlisted: list[Problem]  # the first problem past MAX_PROBLEMS; the rest are only counted
    hidden: int

    if TYPE_CHECKING:  # supplied by the parser and the constructor mixed in

        def peek_event(self) -> Any: ...
        def construct_document(self, node: yaml.Node) -> Any: ...
        def dispose(self) -> None: ...

    def _start(self, path: str) -> None:
        self.path = path
        self.depth = 0
        self.nodes = 0
        self.problems = []
        self.unlisted = []
        self.hidden = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise _Refused(
                Problem(
                    self.path,
                    mark.line + 1,
                    mark.column + 1,
                    "yaml-anchor",
                    "不允许使用锚点和别名（&name、*name）(anchors and aliases are not allowed)",
                    "请把值完整写出",
                )
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            mark = event.start_mark
            raise _Refused(
                Problem(
                    self.path,
                    mark.line + 1,
                    mark.column + 1,
                    "yaml-too-large",
                    f"值超过 {MAX_NODES:,} 个，方案的数据文件不会这么大 (too many values)",
                    "请拆分文件，或检查是不是选错了文件",
                )
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = event.start_mark
            raise _Refused(
                Problem(
                    self.path,
                    mark.line + 1,
                    mark.column + 1,
                    "yaml-too-deep",
                    "嵌套层数太多 (nesting is too deep)",
                )
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, OverflowError) as e:
            # PyYAML's resolvers accept scalars its constructors cannot build: `0x_`, `._`,
            # a date 2025-13-45, an int of more than 4300 digits; say where, not just what
            mark = node.start_mark
            text = str(node.value)
            shown = repr(text if len(text) <= 40 else text[:40] + "…")
            raise _Refused(
                Problem(
                    self.path,
                    mark.line + 1,
                    mark.column + 1,
                    "yaml-bad-scalar",
                    f"无法读取 {shown} (cannot read): {str(e).split(';')[0]}",
                    "数值请写成 23.1 这样的普通数字，文字请加引号",
                )
            ) from None

    def compose_mapping_node(self, anchor: dict[Any, yaml.Node]) -> yaml.MappingNode:
        node: yaml.MappingNode = super().compose_mapping_node(anchor)
        seen: dict[str, yaml.Node] = {}
        for key, _ in node.value:
            name = str(key.value)
            if name in seen:
                first = seen[name].start_mark.line + 1
                mark = key.start_mark
                problem = Problem(
                    self.path,
                    mark.line + 1,
                    mark.column + 1,
                    "duplicate-key",
                    f"重复的键 '{name}'（第一次在第 {first} 行）(duplicate key)",
                    "只保留一个：YAML 会悄悄丢掉另一个",
                )
                if len(self.problems) < MAX_PROBLEMS:
                    self.problems.append(problem)
                else:  # a million duplicates: count them, list the first thousand
                    self.hidden += 1
                    self.unlisted = self.unlisted or [problem]
            else:
                seen[name] = key
        return node


class _Loader(_Checks, Reader, Scanner, Parser, SafeConstructor, _Resolver):
    """The pure-Python loader: its messages and positions are the ones people see."""

    def __init__(self, stream: str, path: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self._start(path)


_CLoader: Callable[[str, str], _Checks] | None = None
if yaml.__with_libyaml__:  # libyaml parses ~10x faster; the composer and constructor stay Python
    from yaml._yaml import CParser

    class _LibyamlLoader(_Checks, CParser, SafeConstructor, _Resolver):
        """libyaml's parser under the same composer: used for files without problems."""

        def __init__(self, stream: str, path: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)
            self._start(path)

    _CLoader = _LibyamlLoader


# problems of the composer and constructor above, not of a parser
OWN_CHECKS = {"duplicate-key", "yaml-anchor", "yaml-too-deep", "yaml-too-large", "yaml-bad-scalar"}


class _Refused(Exception):
    """A YAML feature the data files must not use."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def parse_yaml(text: str, shown: str) -> tuple[yaml.Node, Any]:
    """Node tree and plain data of one YAML document; every problem raised as a DataError.

    libyaml reads it when present; on a syntax error the pure-Python parser reads it again, so
    the messages and positions are PyYAML's, whichever parser is installed. Problems found by
    this module's own checks are the same from either parser (the same Python composes the same
    events), so they are not found again by the slow one: on a 5 MB file that took 30 s.
    """
    if _CLoader is not None:
        try:
            return _parse(_CLoader(text, shown), shown)
        except DataError as e:
            if {p.code for p in e.problems} <= OWN_CHECKS and not Reader.NON_PRINTABLE.search(text):
                raise
    try:
        loader = _Loader(text, shown)  # PyYAML's reader refuses control characters right here
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        col = e.position - text.rfind("\n", 0, e.position)
        raise DataError(
            [
                Problem(
                    shown,
                    line,
                    col,
                    "yaml-control-character",
                    f"YAML 中不允许字符 U+{e.character:04X} (character not allowed)",
                    "请删除它；在双引号字符串中可写作转义 \\x1b",
                )
            ]
        ) from None
    return _parse(loader, shown)


def _parse(loader: _Checks, shown: str) -> tuple[yaml.Node, Any]:
    """Node tree and plain data from one loader; every problem raised as a DataError."""
    try:
        root = loader.get_single_node()
        if root is None:
            raise DataError([Problem(shown, 1, 1, "empty-file", "文件是空的 (the file is empty)")])
        if loader.problems:
            raise DataError(listed(loader.problems, loader.unlisted, loader.hidden))
        return root, loader.construct_document(root)
    except _Refused as e:
        raise DataError([e.problem]) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = " ".join(filter(None, [e.problem, e.context])) or "invalid YAML"
        hint = "请用空格缩进，不要用制表符 (indent with spaces)" if "'\\t'" in message else None
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise DataError(
            [Problem(shown, line, col, "yaml-syntax", f"语法错误 (YAML syntax): {message}", hint)]
        ) from None
    except yaml.YAMLError as e:
        raise DataError(
            [Problem(shown, None, None, "yaml-syntax", f"无法按 YAML 读取 (YAML error): {e}")]
        ) from None
    except (RecursionError, ValueError, OverflowError) as e:
        raise DataError(
            [Problem(shown, None, None, "yaml-syntax", f"无法按 YAML 读取 (not YAML): {e}")]
        ) from None
    finally:
        loader.dispose()


# each mapping's keys, indexed on the first lookup: a file with 80 000 unknown keys asks for the
# position of each, and scanning the mapping every time made that quadratic (6 minutes)
_KEYS: weakref.WeakKeyDictionary[yaml.MappingNode, dict[Any, tuple[yaml.Node, yaml.Node]]]
_KEYS = weakref.WeakKeyDictionary()


def _entry(node: yaml.MappingNode, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The first (key, value) of a mapping whose key is `part`."""
    index = _KEYS.get(node)
    if index is None:
        index = {}
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):  # a [list] or {mapping} key is never a field
                index.setdefault(k.value, (k, v))
        _KEYS[node] = index
    return index.get(part)


def listed(shown: list[Problem], first_hidden: list[Problem], hidden: int) -> list[Problem]:
    """The problems to list, then, when `hidden` more were found, one saying so: at the first
    not listed, or after the last listed if that comes later in the file."""
    if not hidden or not first_hidden:
        return shown
    last = max([*shown, *first_hidden], key=lambda p: (p.line or 0, p.col or 0))
    return [*shown, too_many(last.path, last.line, last.col, hidden)]


def node_at(root: yaml.Node, loc: Sequence[str | int], key: bool = False) -> yaml.Node:
    """The deepest node along a pydantic error location (the key itself when `key`)."""
    node = root
    for n, part in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            found = _entry(node, part)
            if found is None:
                return node  # a missing field: point at the mapping that lacks it
            node = found[0] if key and n == len(loc) - 1 else found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        else:
            return node
    return node
