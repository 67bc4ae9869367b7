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
from functools import cache
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
    _src: tuple[Any, ...]  # where ``positions`` are read from when first asked for

    def __getattr__(self, name: str) -> Any:
        if name == "positions" and "_src" in self.__dict__:
            _marks(self)
            return self.positions
        raise AttributeError(name)

    def line_of(self, key: str) -> int:
        return self.positions.get(key, (self.line, self.column))[0]

    def pos(self, key: str) -> tuple[int, int]:
        return self.positions.get(key, (self.line, self.column))


class YList(list[Any]):
    """A list that remembers the line and column of itself and of each item."""

    line: int
    column: int
    positions: list[tuple[int, int]]
    _src: tuple[Any, ...]  # where ``column`` and ``positions`` are read from when asked for

    def __getattr__(self, name: str) -> Any:
        if name in ("column", "positions") and "_src" in self.__dict__:
            _marks(self)
            return self.__dict__[name]
        raise AttributeError(name)

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
    fast = _fast(text)
    if fast is not None:
        return fast, []
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
    value = _convert(node, filename, "", problems)
    return value, problems


def _convert(node: yaml.Node, filename: str, path: str, problems: list[Problem]) -> Any:
    line, col = _mark(node)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (_MAP, _SEQ):
        problems.append(Problem(filename, line, col, path,
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
                sub = f"{path}.<<" if path else "<<"
                problems.append(Problem(filename, *_mark(key_node), sub,
                                        "found a merge key '<<', expected every key written "
                                        "out (anchors and merges are not supported)"))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT):
                problems.append(Problem(filename, *_mark(key_node), path,
                                        "found a key that is not plain text"))
                continue
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            if key in result.positions:
                first = result.positions[key][0]
                problems.append(Problem(
                    filename, *_mark(key_node), sub,
                    f"found the key '{key}' a second time (first on line {first}), "
                    "expected each key once"))
                continue
            result.positions[key] = _mark(value_node)
            result[key] = _convert(value_node, filename, sub, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YList()
        items.line, items.column, items.positions = line, col, []
        for i, item in enumerate(node.value):
            items.positions.append(_mark(item))
            items.append(_convert(item, filename, f"{path}[{i}]", problems))
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
    problems.append(Problem(filename, line, col, path,
                            f"found a value tagged {tag}, expected plain text, a number or a list"))
    return None


# --- the fast path -------------------------------------------------------------------------
#
# Most fact files use a small part of YAML: block mappings and lists with plain keys, and
# one-line values -- plain or quoted text, or a flow mapping or list on one line. For such a
# text ``_fast`` builds the very YMap/YList (values, types, lines, columns) that composing it
# with PyYAML gives, several times faster. Anything outside that part -- a tab, a CR, a
# comment inside a flow collection, a value over several lines, an anchor, a tag, a duplicate
# key, a key that is not text, an empty value, a document marker -- makes it give up, and the
# text goes the full way, which reports every problem. The fast path never reports one.

_BAD_ASCII = re.compile("[^\n\x20-\x7e]")  # a tab, a CR, a control character


@cache
def _bad_char() -> re.Pattern[str]:  # compiled when first needed: it takes milliseconds
    return re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010ffff]")


_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +|$)")
_FIRST = r"(?:[^-?:,\[\]{}#&*!|>'\"%@` ]|-[0-9.])"  # no indicator first
# block context: no ': ' and no '#' (so no comment); flow context: no flow indicator and a
# ':' only before a letter or digit (the C and the pure parser agree on these)
_BLOCK_PLAIN = re.compile(_FIRST + r"[^:# ]*(?:(?::[^ :#]| +[^ :#])[^:# ]*)*")
_FLOW_PLAIN = re.compile(_FIRST + r"[^:,?\[\]{}# ]*"
                         r"(?:(?::[A-Za-z0-9]| +[^:,?\[\]{}# ])[^:,?\[\]{}# ]*)*")
_LINE_END = re.compile(r" *(?: #.*)?$")  # what may follow a value at the end of its line
_SEP = re.compile(r" *([,}\]])")  # after a flow entry
_FLOW_KEY = re.compile(r" *([A-Za-z_][A-Za-z0-9_-]{0,99}): +")
_SPACES = re.compile(r" *")
_SQ = re.compile(r"'((?:[^'\n]|'')*)'")
_DQ = re.compile(r'"([^"\\\n]*)"')
_PLAIN_TEXT = _FLOW_PLAIN.pattern
_SIMPLE_VALUE = rf"(?:{_PLAIN_TEXT}|\[ *{_PLAIN_TEXT}(?: *, *{_PLAIN_TEXT})* *\])"
# a key that is text (not true, false or null: the only words the resolvers take)
_TEXT_KEY = r"(?!(?:true|True|TRUE|false|False|FALSE|null|Null|NULL):)[A-Za-z_][A-Za-z0-9_-]{0,99}"
_SIMPLE_ENTRY = rf"{_TEXT_KEY}: +{_SIMPLE_VALUE}"
# a flow mapping of plain keys to plain text or lists of it, all on one line
_SIMPLE_MAP = re.compile(rf"\{{ *{_SIMPLE_ENTRY}(?: *, *{_SIMPLE_ENTRY})* *\}}")
# the entries of a mapping that matched _SIMPLE_MAP: a key, and the text up to ',' or '}'
_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): +(\[[^\]]*\]|[^,}]*[^,} ])")
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = _CoreLoader.yaml_implicit_resolvers

_SCALAR: dict[str, Any] = {
    _INT: int,
    _FLOAT: float,
    _BOOL: lambda raw: raw.lower() == "true",
    _NULL: lambda raw: None,
}


class _GiveUp(Exception):
    """The text is outside the fast path's part of YAML."""


class _Scalars(dict[str, Any]):
    """Plain scalar -> its value, resolved exactly as ``_CoreLoader`` resolves it (a pure
    function, kept so that equal texts share one string)."""

    def __missing__(self, raw: str) -> Any:
        value: Any = raw
        for tag, regexp in _RESOLVERS.get(raw[0], ()):
            if regexp.match(raw):
                value = _SCALAR[tag](raw)
                break
        if len(self) >= 50_000:
            self.clear()
        self[raw] = value
        return value


_scalars = _Scalars()
_plain = _scalars.__getitem__


def _key(raw: str) -> str:
    if raw[0] in _RESOLVERS and not isinstance(_plain(raw), str):
        raise _GiveUp  # true, null, 12: the full way reports or converts it
    return raw


class _Fast:
    def __init__(self, text: str) -> None:
        self.lines: list[tuple[int, int, str]] = []  # (line, indent, content) with content
        for number, line in enumerate(text.split("\n")):
            content = line.lstrip(" ")
            if content and content[0] != "#":
                self.lines.append((number, len(line) - len(content), content.rstrip(" ")))
        # the line of the stream's end: libyaml starts a new line for it after a last line
        # without a line break, and ends some blocks before it when that line is blank
        self.end = number + (not text.endswith("\n"))
        if self.end > number and (not self.lines or self.lines[-1][0] != number):
            raise _GiveUp

    def next_line(self, i: int) -> int:
        return self.lines[i][0] if i < len(self.lines) else self.end

    def document(self) -> YMap:
        if not self.lines or self.lines[0][1] != 0:
            raise _GiveUp
        i, value = self.mapping(0, 0)
        if i != len(self.lines):
            raise _GiveUp
        return value

    def mapping(self, i: int, indent: int) -> tuple[int, YMap]:
        lines = self.lines
        number = lines[i][0]
        result = YMap()
        positions: dict[str, tuple[int, int]] = {}
        result.line, result.column, result.positions = number + 1, indent + 1, positions
        while i < len(lines):
            number, ind, content = lines[i]
            if ind != indent:
                if ind > indent:
                    raise _GiveUp
                break
            m = _KEY.match(content)
            if m is None:
                raise _GiveUp
            key = _key(m.group(1))
            if key in positions:
                raise _GiveUp
            start = m.end()
            if start == len(content):  # a block below
                i += 1
                if i == len(lines):
                    raise _GiveUp
                _, below, rest = lines[i]
                block: YMap | YList
                if below > indent and _KEY.match(rest):
                    i, block = self.mapping(i, below)
                elif below >= indent and rest[0] == "-" and rest[1:2] in (" ", ""):
                    i, block = self.sequence(i, below)
                else:
                    raise _GiveUp
                positions[key] = (block.line, block.column)
                value: Any = block
            else:
                value = self.inline(content, start, number, ind)
                positions[key] = (number + 1, ind + start + 1)
                i += 1
            result[key] = value
        result.end_line = self.next_line(i) + 1
        return i, result

    def sequence(self, i: int, indent: int) -> tuple[int, YList]:
        lines = self.lines
        items = YList()
        positions: list[tuple[int, int]] = []
        items.line, items.column, items.positions = lines[i][0] + 1, indent + 1, positions
        while i < len(lines):
            number, ind, content = lines[i]
            if ind != indent or content[0] != "-":
                if ind > indent:
                    raise _GiveUp
                break
            m = _SPACES.match(content, 1)
            start = m.end() if m else 1
            if start == 1 or start == len(content):  # '-x' or a lone '-'
                raise _GiveUp
            col = ind + start
            if _KEY.match(content, start):
                lines[i] = (number, col, content[start:])
                i, value = self.mapping(i, col)
            else:
                value = self.inline(content, start, number, ind)
                i += 1
                if i < len(lines) and lines[i][1] > indent:
                    raise _GiveUp
            positions.append((number + 1, col + 1))
            items.append(value)
        return i, items

    def inline(self, content: str, start: int, number: int, offset: int) -> Any:
        """The one-line value at ``content[start:]``; nothing but a comment may follow it."""
        first = content[start]
        if first in "{[":
            end, value = _flow(content, start, number, offset)
        elif first == "'" or first == '"':
            end, value = _quoted(content, start)
        else:
            m = _BLOCK_PLAIN.match(content, start)
            if m is None:
                raise _GiveUp
            end, value = m.end(), _plain(m.group())
        if not _LINE_END.match(content, end):
            raise _GiveUp
        return value


def _quoted(s: str, j: int) -> tuple[int, str]:
    if s[j] == "'":
        m = _SQ.match(s, j)
        if m is None:
            raise _GiveUp
        return m.end(), m.group(1).replace("''", "'")
    m = _DQ.match(s, j)
    if m is None:
        raise _GiveUp
    return m.end(), m.group(1)


def _flow(s: str, j: int, number: int, offset: int, simple: bool = True) -> tuple[int, Any]:
    """The flow collection at ``s[j]`` on line ``number`` (0-based), whose character 0 is
    column ``offset``: where it ends, and its value."""
    line = number + 1
    if s[j] == "{":
        found = _SIMPLE_MAP.match(s, j) if simple else None
        if found is not None:
            return found.end(), _simple_map(s, j, found.end(), number, offset)
        result = YMap()
        positions: dict[str, tuple[int, int]] = {}
        result.line, result.column, result.positions = line, offset + j + 1, positions
        result.end_line = line
        m = _SEP.match(s, j + 1)
        if m and m.group(1) == "}":
            return m.end(), result
        while True:
            m = _FLOW_KEY.match(s, j + 1)
            if m is None:
                raise _GiveUp
            key = _key(m.group(1))
            if key in positions:
                raise _GiveUp
            j, result[key] = _flow_value(s, m.end(), number, offset, simple)
            positions[key] = (line, offset + m.end() + 1)
            m = _SEP.match(s, j)
            if m is None or m.group(1) == "]":
                raise _GiveUp
            j = m.end() - 1
            if m.group(1) == "}":
                return m.end(), result
    items = YList()
    places: list[tuple[int, int]] = []
    items.line, items.column, items.positions = line, offset + j + 1, places
    m = _SEP.match(s, j + 1)
    if m and m.group(1) == "]":
        return m.end(), items
    while True:
        k = _SPACES.match(s, j + 1).end()  # type: ignore[union-attr]
        j, value = _flow_value(s, k, number, offset, simple)
        places.append((line, offset + k + 1))
        items.append(value)
        m = _SEP.match(s, j)
        if m is None or m.group(1) == "}":
            raise _GiveUp
        j = m.end() - 1
        if m.group(1) == "]":
            return m.end(), items


def _flow_value(s: str, j: int, number: int, offset: int,
                simple: bool) -> tuple[int, Any]:
    if j >= len(s):
        raise _GiveUp
    first = s[j]
    if first in "{[":
        return _flow(s, j, number, offset, simple)
    if first == "'" or first == '"':
        return _quoted(s, j)
    m = _FLOW_PLAIN.match(s, j)
    if m is None:
        raise _GiveUp
    return m.end(), _plain(m.group())


def _simple_map(s: str, j: int, end: int, number: int, offset: int) -> YMap:
    """A flow mapping of plain text and lists of plain text (``_SIMPLE_MAP``).

    The columns of its entries are found only when asked for (``_marks``): they matter only
    when a problem is reported.
    """
    pairs = _ENTRY.findall(s, j, end)
    keys, raws = zip(*pairs, strict=True)
    result = YMap(zip(keys, map(_plain, raws), strict=True))
    if len(result) != len(keys):
        raise _GiveUp  # a duplicate key
    result.line, result.column, result.end_line = number + 1, offset + j + 1, number + 1
    result._src = (s, j, number, offset)
    if "[" in s[j:end]:
        for key, raw in pairs:
            if raw[0] == "[":
                items = YList([_plain(item.strip(" ")) for item in raw[1:-1].split(",")])
                items.line, items._src = number + 1, (s, j, number, offset, key)
                result[key] = items
    return result


def _marks(self: YMap | YList) -> None:
    """Set the marks ``_simple_map`` left out: parse its text again, the careful way."""
    source = self.__dict__.pop("_src")
    s, j, number, offset = source[:4]
    _, full = _flow(s, j, number, offset, simple=False)
    if isinstance(self, YMap):
        self.positions = full.positions
    else:
        twin = full[source[4]]
        self.column, self.positions = twin.column, twin.positions


def _fast(text: str) -> YMap | None:
    """The document as ``parse_lenient`` gives it, or None to go the full way."""
    if (_BAD_ASCII if text.isascii() else _bad_char()).search(text):
        return None
    try:
        return _Fast(text).document()
    except _GiveUp:
        return None
