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
from operator import methodcaller
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
    value = _quick(text)
    if value is not None:
        return value, []
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


# --- the quick way ------------------------------------------------------------------------
#
# Most fact files are written in a few plain shapes: ``key: value`` lines, nested blocks, and
# ``- {key: value, ...}`` items. ``_quick`` reads a file written only in those shapes, line
# by line, into the very values, lines and columns the full way gives, and gives up (None)
# at anything else: a quote, a tag, an anchor, a comment after a value, a tab, a byte that
# is not printable ASCII, a duplicate key, a key that is not text, an empty value. What it
# gives up on is read the full way, so every problem is still found and told by PyYAML.
# ``tests/test_load_speed.py`` holds it to the full way on every bundled file and on made-up
# ones.

_SAFE = r"[A-Za-z0-9_./'+-]"  # a plain scalar's characters in either context
_START = r"(?:[A-Za-z0-9]|[-+.][A-Za-z0-9])"  # never an indicator (``- ``, ``&``, ``!`` ...)
_KEY = r"[A-Za-z_][A-Za-z0-9_]*+(?:-[A-Za-z0-9_]++)*+"
# words of those characters between single spaces, ``:`` only before another of them (in a
# flow collection too: ``2019-08-01T15:00``); possessive, as nothing need be tried twice
_WORD = rf"{_SAFE}*+(?::{_SAFE}++)*+"
_FLOW_SCALAR = rf"{_START}{_WORD}(?: {_SAFE}{_WORD})*+"
_BLOCK_SCALAR = re.compile(_FLOW_SCALAR)
_FLOW_SEQ = rf"\[(?:{_FLOW_SCALAR}(?:, {_FLOW_SCALAR})*)?\]"


def _flow_map_of(value: str) -> str:
    return rf"\{{(?:{_KEY}: {value}(?:, {_KEY}: {value})*)?\}}"


# a flow mapping's values: text, a list of text, or (once) a mapping of those
_FLOW_VALUE = rf"(?:{_FLOW_SCALAR}|{_FLOW_SEQ}|{_flow_map_of(rf'(?:{_FLOW_SCALAR}|{_FLOW_SEQ})')})"
_FLOW_MAP = re.compile(_flow_map_of(_FLOW_VALUE))
_FLOW_SEQ_RE = re.compile(_FLOW_SEQ)
_PAIR = re.compile(rf"({_KEY}): ({_FLOW_VALUE})")
_TEXT_PAIR = re.compile(rf"({_KEY}): ({_FLOW_SCALAR})")
_FLAT_MAP = re.compile(_flow_map_of(_FLOW_SCALAR))  # a mapping of text only
_ITEM_KEY = re.compile(rf"({_KEY}):(?: (.+))?")  # ``- key: value``: a mapping in a list
# a line: a key (and maybe its value), a list item, or a blank or comment line (a comment
# after a value is cut off by ``_uncommented``)
_LINE = re.compile(rf"( *)(?:({_KEY}):(?: ([^#].*))?(?: +#.*)?|- ([^#].*)|(?:#.*)?)")
# anything but printable ASCII and newlines, save letters in comments (not a line break or
# a byte order mark: YAML counts lines and columns alike in the rest)
# (the pattern, for the tests: ``_safe`` asks it without compiling it, which takes 5 ms)
_UNSAFE = "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]"
_SAFE_RANGES = ((" ", "~"), ("\xa0", "\u2027"), ("\u202a", "\ud7ff"), ("\ue000", "\ufefe"),
                ("\uff00", "\ufffd"), ("\n", "\n"))


class _GiveUp(Exception):
    """The text is not in the quick way's shapes."""


_VALUES: dict[str, Any] = {}  # a plain scalar's value by its text (it depends on nothing else)
_MISSING = object()
_known = _VALUES.__getitem__
# the words a key of ``_KEY``'s shape could be that are not text (booleans and nulls; numbers
# start with a digit, a sign or a dot): such a key is left to the full way to tell of
_NOT_TEXT = frozenset(("true", "True", "TRUE", "false", "False", "FALSE", "null", "Null",
                       "NULL"))


def _plain(raw: str) -> Any:
    """A plain scalar's value, as the core loader types it."""
    value = _VALUES.get(raw, _MISSING)
    if value is not _MISSING:
        return value
    tag = _STR
    for t, pattern in _CoreLoader.yaml_implicit_resolvers.get(raw[:1], ()):
        if pattern.match(raw):
            tag = t
            break
    value = raw if tag == _STR else int(raw) if tag == _INT else float(raw) if tag == _FLOAT \
        else raw.lower() == "true" if tag == _BOOL else None
    if len(_VALUES) < 65536:
        _VALUES[raw] = value
    return value


def _column(flow: _FlowMap | _FlowList) -> int:
    """The column of a quick-way collection: given, or its column inside its parent's text."""
    got: int | None = flow.__dict__.get("_column")
    if got is None:
        parent, key = flow.__dict__["_inside"]
        got = flow.__dict__["_column"] = parent.positions[key][1]
    return got


class _Placed:
    """A quick-way collection's column: given, or worked out from its parent's text."""

    @property
    def column(self) -> int:
        return _column(self)  # type: ignore[arg-type]

    @column.setter
    def column(self, value: int) -> None:
        self.__dict__["_column"] = value


class _FlowMap(_Placed, YMap):
    """A one-line ``{key: value, ...}`` read the quick way: its column (when it is inside
    another) and the columns of its values are worked out from its text when first asked
    for (only a problem asks)."""

    text: str

    @property
    def positions(self) -> dict[str, tuple[int, int]]:
        got: dict[str, tuple[int, int]] | None = self.__dict__.get("_positions")
        if got is None:
            line, column = self.line, self.column
            got = self.__dict__["_positions"] = {
                m.group(1): (line, column + m.start(2)) for m in _PAIR.finditer(self.text)}
        return got

    @positions.setter
    def positions(self, value: dict[str, tuple[int, int]]) -> None:
        self.__dict__["_positions"] = value


class _FlowList(_Placed, YList):
    """A one-line ``[a, b]`` read the quick way, its columns worked out when asked for."""

    text: str

    @property
    def positions(self) -> list[tuple[int, int]]:
        got: list[tuple[int, int]] | None = self.__dict__.get("_positions")
        if got is None:
            got = self.__dict__["_positions"] = []
            at = self.column + 1
            for raw in self.text[1:-1].split(", ") if len(self.text) > 2 else ():
                got.append((self.line, at))
                at += len(raw) + 2
        return got

    @positions.setter
    def positions(self, value: list[tuple[int, int]]) -> None:
        self.__dict__["_positions"] = value


def _flow_map(text: str, line: int) -> _FlowMap:
    """``{key: value, ...}``: its text already matched if a list or mapping is inside it,
    else matched here."""
    result = _FlowMap()
    result.line, result.end_line, result.text = line, line, text
    if "[" in text or "{" in text[1:]:  # a list or mapping inside, kept where it is
        pairs = _PAIR.findall(text)
        get = _VALUES.get
        for key, raw in pairs:
            first = raw[0]
            if first == "[":
                value: Any = _flow_list(raw, line)
                value.__dict__["_inside"] = (result, key)
            elif first == "{":
                value = _flow_map(raw, line)
                value.__dict__["_inside"] = (result, key)
            else:
                value = get(raw, _MISSING)
                if value is _MISSING:
                    value = _plain(raw)
            result[key] = value
        if len(result) != len(pairs) or not _NOT_TEXT.isdisjoint(result):
            raise _GiveUp  # a key twice, or a key that is not text
    else:
        _text_map(result, text)
    return result


_KEYS: set[str] = set()  # keys matched as ``_KEY`` that are text (not in ``_NOT_TEXT``)
_split_pair = methodcaller("split", ": ")


def _text_map(result: _FlowMap, text: str) -> None:
    """``{key: text, ...}`` into ``result``.

    Split at ``, `` and ``: ``, it is read at once when every key is one matched before and
    every value a text matched before (in ``_KEYS`` and ``_VALUES``): neither holds ``,``
    nor ``: ``, so the text is then ``{key: value, ...}`` and nothing else. Otherwise it is
    matched, and its keys and values kept for the next time.
    """
    inner = text[1:-1]
    try:
        items = inner.split(", ") if inner else []
        pairs = dict(map(_split_pair, items))  # ValueError: not one ``: `` in an item
        if text[-1] == "}" and len(pairs) == len(items) and _KEYS.issuperset(pairs):
            result.update(zip(pairs, map(_known, pairs.values()), strict=True))
            return
    except (KeyError, ValueError):  # a text not seen before, or not the shape
        pass
    result.clear()
    if _FLAT_MAP.fullmatch(text) is None:
        raise _GiveUp
    found = _TEXT_PAIR.findall(text)
    for key, raw in found:
        if key in _NOT_TEXT or key in result:
            raise _GiveUp  # a key that is not text, or a key twice
        result[key] = _plain(raw)
    if len(_KEYS) < 65536:
        _KEYS.update(result)


def _flow_list(text: str, line: int) -> _FlowList:
    """``[a, b]``, its text already matched."""
    items = _FlowList(map(_plain, text[1:-1].split(", ")) if len(text) > 2 else ())
    items.line, items.text = line, text
    return items


def _key(key: str) -> str:
    if key in _NOT_TEXT:  # ``true:``, ``null:``: the full way tells of it
        raise _GiveUp
    return key


def _inline(rest: str, line: int, column: int) -> Any:
    """A value written on one line from ``column`` (1-based) on."""
    first = rest[0]
    if first == "{":
        if ("[" in rest or "{" in rest[1:]) and _FLOW_MAP.fullmatch(rest) is None:
            raise _GiveUp
        result = _flow_map(rest, line)
        result.column = column
        return result
    if first == "[":
        if _FLOW_SEQ_RE.fullmatch(rest) is None:
            raise _GiveUp
        items = _flow_list(rest, line)
        items.column = column
        return items
    if _BLOCK_SCALAR.fullmatch(rest) is None:
        raise _GiveUp
    return _plain(rest)


# a content line: (line number, indent, key or None for a list item, the rest or None)
_Lines = list[tuple[int, int, str | None, str | None]]


def _safe(text: str) -> bool:
    """Whether ``text`` holds nothing ``_UNSAFE`` finds."""
    if text.isascii():  # the same question, sooner: printable but for the newlines
        return text.replace("\n", "").isprintable()
    return all(any(low <= c <= high for low, high in _SAFE_RANGES) for c in set(text))


def _quick(text: str) -> YMap | None:
    """The top-level mapping of ``text`` the quick way, or None to read it the full way."""
    if not text.endswith("\n") or not _safe(text):
        return None
    lines: _Lines = []
    try:
        _read_lines(text, lines)
        if not lines or lines[0][1] or lines[0][2] is None:
            return None
        doc, i = _block_map(lines, 0, 0, text.count("\n") + 1)
    except _GiveUp:
        return None
    return doc if i == len(lines) else None


def _read_lines(text: str, lines: _Lines) -> None:
    """The content lines of ``text``, in ``lines``."""
    match = _LINE.fullmatch
    for number, line in enumerate(text.split("\n")[:-1], 1):
        m = match(line)
        if m is None:
            raise _GiveUp
        indent, key, value, item = m.groups()
        if key is not None:
            if value is not None and "#" in value:
                value = _uncommented(value)
            lines.append((number, len(indent), key, value))
        elif item is not None:
            if "#" in item:
                item = _uncommented(item)
            at = len(indent)
            m = _ITEM_KEY.fullmatch(item)
            if m is None:
                lines.append((number, at, None, item))
            else:  # an item, and the first key of the mapping it holds
                lines.append((number, at, None, None))
                lines.append((number, at + 2, m.group(1), m.group(2)))


def _uncommented(value: str) -> str:
    """A value without the comment after it (`` #`` begins one: ``x#y`` is text)."""
    value = value.split(" #", 1)[0].rstrip(" ")
    if not value:  # ``key:  # note``: left to the full way
        raise _GiveUp
    return value


def _block_map(lines: _Lines, i: int, indent: int, end: int) -> tuple[YMap, int]:
    """The block mapping whose first key is ``lines[i]``, and the index after it."""
    result = YMap()
    positions: dict[str, tuple[int, int]] = {}
    result.line, result.column, result.positions = lines[i][0], indent + 1, positions
    n = len(lines)
    while i < n:
        number, at, key, rest = lines[i]
        if at < indent:
            break
        if at > indent or key is None or key in positions:
            raise _GiveUp
        key = _key(key)
        if rest is not None:
            column = at + len(key) + 3
            positions[key] = (number, column)
            result[key] = _inline(rest, number, column)
            i += 1
            continue
        if i + 1 == n:  # an empty value
            raise _GiveUp
        below, below_at, below_key, _ = lines[i + 1]
        positions[key] = (below, below_at + 1)
        if below_key is not None and below_at > indent:
            result[key], i = _block_map(lines, i + 1, below_at, end)
        elif below_key is None and below_at >= indent:
            result[key], i = _block_seq(lines, i + 1, below_at, end)
        else:  # an empty value
            raise _GiveUp
    result.end_line = lines[i][0] if i < n else end
    return result, i


def _block_seq(lines: _Lines, i: int, indent: int, end: int) -> tuple[YList, int]:
    """The block sequence whose first item is ``lines[i]``, and the index after it."""
    items = YList()
    items.line, items.column, items.positions = lines[i][0], indent + 1, []
    n = len(lines)
    while i < n:
        number, at, key, rest = lines[i]
        if at < indent or (at == indent and key is not None):
            break
        if at > indent or key is not None:
            raise _GiveUp
        items.positions.append((number, at + 3))
        if rest is None:  # ``- key: ...``
            item, i = _block_map(lines, i + 1, at + 2, end)
            items.append(item)
        else:
            items.append(_inline(rest, number, at + 3))
            i += 1
    return items, i
