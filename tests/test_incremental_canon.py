"""``incremental.canon`` (what a fact's digest is made of) is the plain recursive form of a
fact, however it is computed."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from typing import Any

from newsgen.facts import Loaded
from newsgen.incremental import SKIP, canon


def plain(value: Any) -> Any:
    """The definition: a dataclass as its fields (not where it was written), a mapping by
    key, a set sorted, any other value as JSON has it or as text."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)
                if f.name not in SKIP}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def test_canon_is_the_plain_form_of_every_bundled_fact(bundled: Loaded) -> None:
    facts = bundled.facts
    values = [facts.house, *facts.fixtures.values(), *facts.teams.values(),
              *facts.people.values(), *facts.venues.values(), *facts.competitions.values()]
    for value in values:
        assert json.dumps(canon(value), sort_keys=True) == json.dumps(plain(value),
                                                                      sort_keys=True)
