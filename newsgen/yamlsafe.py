"""Strict YAML reading: the YAML 1.2 core schema, no duplicate keys, every value's line kept.

PyYAML follows YAML 1.1, where ``NO`` is ``false``, ``20:45`` is ``1245`` and ``1:0`` is
``60``. Here only ``true``/``false`` are booleans and only plain decimal numbers are numbers;
everything else stays text for the fact checker to judge. Mappings and lists come back as
``YMap``/``YList``, which remember where each entry was written.

>>> doc = parse("score: 1:0\\ncountry: NO\\nminute: 65\\n", "x.yaml")
>>> doc["score"], doc["country"], doc["minute"], doc.line_of("minute")
('1:0', 'NO', 65, 3)
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import FactError, Problem

_BaseLoader: type[yaml.SafeLoader]
try:  # the C parser is several times faster and composes the same nodes
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _core_loader(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """A safe loader whose implicit types are those of the YAML 1.2 core schema."""

    class CoreLoader(base):  # type: ignore[valid-type,misc]
        yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012

        # PyYAML's resolver, called for every node, in short: there are no path resolvers
        # and no wildcard ones, so a scalar's tag is the first implicit resolver for its
        # first character whose pattern matches, else text (``tests/test_yamlsafe.py``)
        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode:
                if implicit[0]:  # plain: keys, ids and minutes recur, so each is tagged once
                    tag = tags.get(value)
                    if tag is None:
                        tag = _STR
                        for t, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                            if pattern.match(value):
                                tag = t
                                break
                        if len(tags) < 65536:
                            tags[value] = tag
                    return tag
                return _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

    tags: dict[str, str] = {}  # per loader: a plain scalar's tag

    add = CoreLoader.add_implicit_resolver
    add(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    add(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
    add(_FLOAT, re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$"),
        list("-+.0123456789"))
    add(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    return CoreLoader


_CoreLoader = _core_loader(_BaseLoader)
_PureCoreLoader = _core_loader(yaml.SafeLoader)  # the same rules without libyaml (for tests)


class YMap(dict[str, Any]):
    """A mapping that remembers the line and column of itself and of each key."""

    line: int
    column: int
    end_line: int
    positions: dict[str, tuple[int, int]]

    def line_of(self, key: str) -> int:
        return self.positions.get(key, (self.line, self.column))[0]

    def pos(self, key: str) -> tuple[int, int]:
        return self.positions.get(key, (self.line, self.column))


class YList(list[Any]):
    """A list that remembers the line and column of itself and of each item."""

    line: int
    column: int
    positions: list[tuple[int, int]]

    def pos(self, index: int) -> tuple[int, int]:
        return self.positions[index] if index < len(self.positions) else (self.line, self.column)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse(text: str, filename: str) -> Any:
    """Parse one YAML document strictly; raise ``FactError`` listing every problem."""
    value, problems = parse_lenient(text, filename)
    if problems:
        raise FactError(problems)
    return value


def parse_lenient(text: str, filename: str) -> tuple[Any, list[Problem]]:
    """Parse what can be parsed, and list the problems.

    A syntax error leaves nothing (raises ``FactError``); a duplicate key, a merge key or a
    tagged value is left out of the result and listed, so the rest of the file can load.
    """
    return _compose(text, filename, _CoreLoader)


def _compose(text: str, filename: str, loader: type[yaml.SafeLoader]) -> tuple[Any, list[Problem]]:
    """``parse_lenient`` the full way: compose with PyYAML, keeping every mark."""
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "is not valid YAML"
        raise FactError([Problem(filename, line, col, "", f"YAML syntax: {what}")]) from None
    except yaml.YAMLError as exc:
        raise FactError([Problem(filename, 0, 0, "", f"YAML: {exc}")]) from None
    if node is None:
        empty = YMap()
        empty.line, empty.column, empty.end_line, empty.positions = 1, 1, 1, {}
        return empty, []
    problems: list[Problem] = []
    value = _convert(node, filename, None, problems)
    return value, problems


# Where a value is, as problems name it (``events[2].minute``): made only for a problem, as
# (where its parent is, its key or index), None at the top.
_Where = tuple[Any, str | int] | None


def _path(where: _Where) -> str:
    parts: list[str] = []
    while where is not None:
        where, step = where
        parts.append(f"[{step}]" if isinstance(step, int) else f".{step}")
    return "".join(reversed(parts)).removeprefix(".")


def _convert(node: yaml.Node, filename: str, where: _Where, problems: list[Problem]) -> Any:
    line, col = _mark(node)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (_MAP, _SEQ):
        problems.append(Problem(filename, line, col, _path(where),
                                f"found a value tagged {node.tag}, expected a plain "
                                "mapping or list"))
        return None
    if isinstance(node, yaml.MappingNode):
        result = YMap()
        result.line, result.column, result.positions = line, col, {}
        result.end_line = node.end_mark.line + 1
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and \
                    not key_node.style:  # plain, not quoted
                problems.append(Problem(filename, *_mark(key_node), _path((where, "<<")),
                                        "found a merge key '<<', expected every key written "
                                        "out (anchors and merges are not supported)"))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT):
                problems.append(Problem(filename, *_mark(key_node), _path(where),
                                        "found a key that is not plain text"))
                continue
            key = str(key_node.value)
            if key in result.positions:
                first = result.positions[key][0]
                problems.append(Problem(
                    filename, *_mark(key_node), _path((where, key)),
                    f"found the key '{key}' a second time (first on line {first}), "
                    "expected each key once"))
                continue
            mark = value_node.start_mark
            result.positions[key] = (mark.line + 1, mark.column + 1)
            if type(value_node) is yaml.ScalarNode and value_node.tag == _STR:
                result[key] = value_node.value  # the most common value: text, at once
            else:
                result[key] = _convert(value_node, filename, (where, key), problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YList()
        items.line, items.column, items.positions = line, col, []
        for i, item in enumerate(node.value):
            mark = item.start_mark
            items.positions.append((mark.line + 1, mark.column + 1))
            if type(item) is yaml.ScalarNode and item.tag == _STR:
                items.append(item.value)
            else:
                items.append(_convert(item, filename, (where, i), problems))
        return items
    assert isinstance(node, yaml.ScalarNode)
    tag, raw = node.tag, node.value
    if tag == _STR:
        return raw
    if tag == _INT:
        return int(raw)
    if tag == _FLOAT:
        return float(raw)
    if tag == _BOOL:
        return raw.lower() == "true"
    if tag == _NULL:
        return None
    problems.append(Problem(filename, line, col, _path(where),
                            f"found a value tagged {tag}, expected plain text, a number or a list"))
    return None
