"""``@frozen`` makes the same class as ``@dataclass(frozen=True, slots=True)``, faster."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import dataclass
from typing import Any

import pytest

from newsgen import messages
from newsgen.frozen import frozen


@dataclass(frozen=True, slots=True)
class DBase:
    """A base with a docstring."""

    kind: str
    id: str  # a comment
    form: str = ""


@dataclass(frozen=True, slots=True)
class DChild(DBase):
    extra: tuple[int, ...] = ()
    flag: bool | None = None


@frozen
class FBase:
    """A base with a docstring."""

    kind: str
    id: str  # a comment
    form: str = ""


@frozen
class FChild(FBase):
    extra: tuple[int, ...] = ()
    flag: bool | None = None


def _same(made: Any, real: Any) -> None:
    assert repr(made).replace("FChild", "X").replace("FBase", "X") == \
        repr(real).replace("DChild", "X").replace("DBase", "X")
    assert hash(made) == hash(real)


@pytest.mark.parametrize(("ours", "theirs"), [(FBase, DBase), (FChild, DChild)])
def test_frozen_makes_the_dataclass_class(ours: Any, theirs: Any) -> None:
    assert dataclasses.is_dataclass(ours)
    assert [(f.name, f.type, f.default, f.init, f.repr, f.compare, f.hash, f.kw_only)
            for f in dataclasses.fields(ours)] == [
        (f.name, f.type, f.default, f.init, f.repr, f.compare, f.hash, f.kw_only)
        for f in dataclasses.fields(theirs)]
    assert ours.__match_args__ == theirs.__match_args__
    assert ours.__slots__ == theirs.__slots__
    assert repr(ours.__dataclass_params__) == repr(theirs.__dataclass_params__)
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__init__.__annotations__ == theirs.__init__.__annotations__
    assert ours.__init__.__qualname__ == f"{ours.__qualname__}.__init__"
    doc = theirs.__doc__.replace(theirs.__name__, ours.__name__)
    assert ours.__doc__ == doc
    args = ("team", "napoli")
    a, b = ours(*args), theirs(*args)
    _same(a, b)
    assert a == ours(*args) and a != ours("team", "genk") and a != b
    assert (a == 1) is False and a.__eq__(1) is NotImplemented
    assert len({a, ours(*args)}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'id'"):
        a.id = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'id'"):
        del a.id  # type: ignore[misc]
    with pytest.raises(TypeError):
        ours("team")  # a field without a default is missing
    with pytest.raises(AttributeError):
        ours(*args).__dict__  # noqa: B018 - slots: no instance dict
    changed = dataclasses.replace(a, form="nickname")
    assert changed == ours("team", "napoli", "nickname") and changed is not a
    for twin in (pickle.loads(pickle.dumps(a)), copy.copy(a), copy.deepcopy(a)):
        assert twin == a and type(twin) is ours
    assert dataclasses.asdict(a) == dataclasses.asdict(b)
    match a:
        case ours(kind, ident):
            assert (kind, ident) == args


def test_frozen_repr_of_nested_values_and_no_fields() -> None:
    @frozen
    class Empty:
        pass

    @frozen
    class One:
        only: Any

    assert repr(Empty()) == "test_frozen_repr_of_nested_values_and_no_fields.<locals>.Empty()"
    assert One(FBase("a", "b")) == One(FBase("a", "b")) and hash(One(1)) == hash((1,))
    assert repr(One([1])).endswith("One(only=[1])")


def test_frozen_refuses_what_it_does_not_make() -> None:
    with pytest.raises(TypeError, match="only plain fields"):
        @frozen
        class WithField:
            xs: list[int] = dataclasses.field(default_factory=list)


def test_the_message_classes_are_frozen_dataclasses() -> None:
    for cls in {*messages.KINDS.values(), messages.Story, messages.V, messages.Mention}:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
        names = [f.name for f in dataclasses.fields(cls)]
        assert cls.__match_args__ == tuple(names)
        assert list(inspect.signature(cls).parameters) == names


def test_what_frozen_cannot_make_is_refused_as_dataclasses_would() -> None:
    with pytest.raises(TypeError, match="__post_init__"):
        @frozen
        class Checked:
            x: int

            def __post_init__(self) -> None:
                pass
    with pytest.raises(ValueError, match="mutable default"):
        @frozen
        class Shared:
            x: list[int] = []  # noqa: RUF012


def test_a_class_with_its_own_eq_is_hashed_as_a_dataclass_is() -> None:
    @frozen
    class Own:
        x: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Own) and other.x == self.x

    @dataclasses.dataclass(frozen=True, slots=True)
    class Real:
        x: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Real) and other.x == self.x

    assert Own.__hash__ is not None and Real.__hash__ is not None
    assert hash(Own(3)) == hash(Real(3)) == hash((3,))
