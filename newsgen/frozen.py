"""``@frozen``: a frozen, slotted dataclass, built without compiling a method per class.

``@dataclass(frozen=True, slots=True)`` compiles six methods per class with ``exec`` and
works out a signature for the docstring: for the fifty message kinds that was most of the
import time of ``newsgen.messages``. ``@frozen`` makes the same class — the same
``dataclasses.fields``, ``replace``, ``is_dataclass``, ``__match_args__``, equality, hash,
repr, docstring, pickling and ``FrozenInstanceError`` — compiling only ``__init__``, which
stores each argument through its slot directly (about twice as fast to call as the
dataclass's own). Only what the message classes use is supported: annotated fields with
plain defaults, no ``field()``, no ``ClassVar``/``InitVar``, no ``__post_init__``; anything
else is an error at class creation, never a silently different class.
"""

from __future__ import annotations

import dataclasses
from _thread import get_ident
from collections.abc import Callable
from operator import attrgetter
from types import CodeType, FunctionType
from typing import Any, TypeVar, cast, dataclass_transform

T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class _Template:
    """The real thing, once: its field and parameters are copied for every class."""

    x: int


_FIELD = dataclasses.fields(_Template)[0]
_PARAMS = _Template.__dataclass_params__  # type: ignore[attr-defined]
_MISSING = dataclasses.MISSING


def _field(name: str, annotation: Any, default: Any) -> dataclasses.Field[Any]:
    f: dataclasses.Field[Any] = dataclasses.field(default=default)
    f.name, f.type, f.kw_only = name, annotation, False
    f._field_type = _FIELD._field_type  # type: ignore[attr-defined]  # a field, not a ClassVar
    return f


def _check(cls: type, name: str, annotation: Any, default: Any) -> None:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if isinstance(default, dataclasses.Field) or "ClassVar" in text or "InitVar" in text \
            or "KW_ONLY" in text:
        raise TypeError(f"@frozen {cls.__name__}.{name}: only plain fields and defaults "
                        "are supported; use @dataclass(frozen=True, slots=True)")
    if isinstance(default, (list, dict, set)):  # as dataclasses refuse it: one shared value
        raise ValueError(f"@frozen {cls.__name__}.{name}: mutable default "
                         f"{type(default).__name__} is not allowed")


def _signature_doc(cls: type, fields: list[dataclasses.Field[Any]]) -> str:
    """The docstring dataclasses give a class without one: its name and signature."""
    import inspect  # only for an annotation that is not a string (rare)

    params = []
    for f in fields:
        note = repr(f.type) if isinstance(f.type, str) else inspect.formatannotation(f.type)
        default = "" if f.default is _MISSING else f" = {f.default!r}"
        params.append(f"{f.name}: {note}{default}")
    return f"{cls.__name__}({', '.join(params)})"


# ``__init__`` differs from class to class only in its parameters' names, so one code object
# is compiled per number of fields and renamed for each class: ``_s<i>`` are the slots'
# setters, in the function's own globals
_INIT_CODE: dict[int, CodeType] = {}


def _init_code(n: int) -> CodeType:
    code = _INIT_CODE.get(n)
    if code is None:
        params = "".join(f", a{i}" for i in range(n))
        body = "".join(f"\n    _s{i}(self, a{i})" for i in range(n)) or "\n    pass"
        namespace: dict[str, Any] = {}
        exec(f"def __init__(self{params}):{body}\n", namespace)  # field names only
        code = _INIT_CODE[n] = namespace["__init__"].__code__
    return code


def _make_init(cls: type, fields: list[dataclasses.Field[Any]]) -> Callable[..., None]:
    names = tuple(f.name for f in fields)
    defaults = tuple(f.default for f in fields if f.default is not _MISSING)
    if any(f.default is _MISSING for f in fields[len(fields) - len(defaults):]):
        raise TypeError(f"@frozen {cls.__name__}: a field without a default follows one with")
    qualname = f"{cls.__qualname__}.__init__"
    code = _init_code(len(names)).replace(co_varnames=("self", *names), co_qualname=qualname)
    setters = {f"_s{i}": getattr(cls, name).__set__ for i, name in enumerate(names)}
    init = FunctionType(code, setters, "__init__", defaults or None)
    init.__qualname__ = qualname
    init.__annotations__ = {**{f.name: f.type for f in fields}, "return": None}
    return init


def _methods(cls: type, names: tuple[str, ...]) -> dict[str, Any]:
    """repr, eq, hash, frozen setattr/delattr and pickling, as dataclasses makes them."""
    # the fields as a tuple, as dataclasses compare and hash them (in C from two on)
    values: Callable[[Any], tuple[Any, ...]] = attrgetter(*names) if len(names) >= 2 else \
        (lambda obj: tuple(getattr(obj, n) for n in names))
    running: set[tuple[int, int]] = set()

    def __repr__(self: Any) -> str:
        key = (id(self), get_ident())
        if key in running:
            return "..."
        running.add(key)
        try:
            shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
            return f"{self.__class__.__qualname__}({shown})"
        finally:
            running.discard(key)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(values(self))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, n) for n in names]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    made = {"__repr__": __repr__, "__eq__": __eq__, "__hash__": __hash__,
            "__setattr__": __setattr__, "__delattr__": __delattr__,
            "__getstate__": __getstate__, "__setstate__": __setstate__}
    for name, fn in made.items():
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
    return made


@dataclass_transform(frozen_default=True)
def frozen(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen, slotted dataclass (see the module's docstring)."""
    fields: dict[str, dataclasses.Field[Any]] = {}
    inherited: set[str] = set()
    for base in cls.__mro__[-1:0:-1]:
        base_fields = getattr(base, "__dataclass_fields__", None)
        if base_fields:
            fields.update(base_fields)
        inherited.update(getattr(base, "__slots__", ()))
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"@frozen {cls.__name__}: __post_init__ is not supported; use "
                        "@dataclass(frozen=True, slots=True)")
    # the class's own annotations (inspect.get_annotations: importing inspect costs more)
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    own = []
    for name, annotation in annotations.items():
        default = cls.__dict__.get(name, _MISSING)
        _check(cls, name, annotation, default)
        fields[name] = _field(name, annotation, default)
        own.append(name)
    ordered = list(fields.values())
    names = tuple(f.name for f in ordered)

    namespace = dict(cls.__dict__)
    for name in own:
        namespace.pop(name, None)
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    namespace["__slots__"] = tuple(n for n in own if n not in inherited)
    namespace["__dataclass_fields__"] = fields
    namespace["__dataclass_params__"] = _PARAMS
    namespace["__match_args__"] = names
    if not namespace.get("__doc__"):
        namespace["__doc__"] = _signature_doc(cls, ordered)
    meta: type = type(cls)
    made = cast("type[T]", meta(cls.__name__, cls.__bases__, namespace))
    made.__qualname__ = cls.__qualname__
    # a class that defines __eq__ gets __hash__ = None from Python itself: not a choice of
    # its own, so (as dataclasses do) it is given the fields' hash
    implicit_hash = cls.__dict__.get("__hash__", 0) is None and "__eq__" in cls.__dict__
    for name, fn in _methods(made, names).items():
        if name not in cls.__dict__ or (name == "__hash__" and implicit_hash):
            setattr(made, name, fn)
    setattr(made, "__init__", _make_init(made, ordered))  # noqa: B010 - a method, for mypy
    return made
