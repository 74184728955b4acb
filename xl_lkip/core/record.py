"""Record classes: what `dataclasses.dataclass` gives, at a fraction of its start-up cost.

Why not dataclasses: importing it brings `inspect` (with ast, dis and tokenize), and it builds
each class by compiling several generated methods from source; for the few dozen classes of a
command-line run that was a sixth of the whole process. Here `__repr__`, `__eq__` and
`__hash__` are shared functions over the class's field names, and `__init__` (the only method
that is generated, for speed per instance) is compiled only once a class has been
instantiated many times; until then a generic one reads the field list.

Covered, with dataclasses' meaning: field defaults and `field(default_factory=...)`,
`field(init=False)`, `field(repr=False)`, `field(compare=False)`, `frozen=True`,
`eq=False`, `slots=True`, and `asdict`. Not covered (nothing uses them): inheritance between
records, `order`, `__post_init__`, `ClassVar`, keyword-only fields.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

_MISSING = object()


class FrozenRecordError(AttributeError):
    """Assigning to a field of a frozen record (dataclasses' FrozenInstanceError)."""


class Field:
    """A field's options, as `field()` gives them; the record decorator reads and drops it."""

    __slots__ = ("compare", "default", "default_factory", "init", "repr")

    def __init__(self, default: object, default_factory: object, init: bool, repr: bool,
                 compare: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare


def field(*, default: object = _MISSING, default_factory: Callable[[], object] | object = _MISSING,
          init: bool = True, repr: bool = True, compare: bool = True) -> object:
    """A field with options, as `dataclasses.field` (default, default_factory, init, repr,
    compare)."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, compare)


def record(cls: type | None = None, /, *, frozen: bool = False, eq: bool = True,
           slots: bool = False) -> object:
    """Make `cls` a record: `@record`, `@record(frozen=True)`, `@record(eq=False)`,
    `@record(slots=True)` mean what they mean for `@dataclass`."""
    def wrap(c: type) -> type:
        return _build(c, frozen, eq, slots)

    return wrap if cls is None else wrap(cls)


def _build(cls: type, frozen: bool, eq: bool, slots: bool) -> type:
    ns = cls.__dict__
    names: list[str] = []
    specs: list[Field] = []
    for name in ns.get("__annotations__", {}):
        value = ns.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(value, _MISSING, True, True, True)
        names.append(name)
        specs.append(spec)
    seen_default = False
    for name, spec in zip(names, specs, strict=True):
        if not spec.init:
            continue
        if spec.default is not _MISSING or spec.default_factory is not _MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
    if slots:
        body = {k: v for k, v in ns.items() if k not in names and k not in ("__dict__",
                                                                           "__weakref__")}
        body["__slots__"] = tuple(names)
        body["__qualname__"] = cls.__qualname__
        cls = type(cls)(cls.__name__, cls.__bases__, body)
    else:  # as dataclasses: a plain default stays a class attribute, a field() is replaced
        for name, spec in zip(names, specs, strict=True):
            if isinstance(ns.get(name), Field):
                if spec.default is _MISSING:
                    delattr(cls, name)
                else:
                    setattr(cls, name, spec.default)
    cls.__record_fields__ = tuple(names)
    cls.__record_specs__ = tuple(specs)
    cls.__record_frozen__ = frozen
    cls.__init__ = _lazy_init(cls)
    if "__repr__" not in ns:
        cls.__record_repr__ = tuple(n for n, s in zip(names, specs, strict=True) if s.repr)
        cls.__repr__ = _repr
    if eq:
        compared = tuple(n for n, s in zip(names, specs, strict=True) if s.compare)
        cls.__record_key__ = attrgetter(*compared) if compared else _no_key
        if "__eq__" not in ns:
            cls.__eq__ = _eq
        explicit_hash = "__hash__" in ns and not (ns["__hash__"] is None and "__eq__" in ns)
        if not explicit_hash:  # as dataclasses: frozen records hash their fields, others can't
            cls.__hash__ = _hash if frozen else None
    if frozen:
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
    return cls


def _no_key(_obj: object) -> tuple[()]:
    return ()


# Compiling an __init__ costs about as much as 100 calls of the generic one (which is two to
# three times slower per call): a class gets its compiled __init__ once it has been
# instantiated this many times, so a class made a few times in a run is never compiled.
COMPILE_AFTER = 64


def _lazy_init(cls: type) -> Callable[..., None]:
    generic = _generic_init(cls)
    calls = 0

    def __init__(self: object, *args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls >= COMPILE_AFTER:
            cls.__init__ = _make_init(cls)
        generic(self, *args, **kwargs)

    return __init__


def _generic_init(cls: type) -> Callable[..., None]:
    """An __init__ that reads the field specs on every call (nothing compiled)."""
    fields = cls.__record_fields__
    params = tuple(n for n, s in zip(fields, cls.__record_specs__, strict=True) if s.init)
    known = frozenset(params)
    specs = dict(zip(fields, cls.__record_specs__, strict=True))
    setattr_ = object.__setattr__
    name = cls.__qualname__

    def __init__(self: object, *args: object, **kwargs: object) -> None:
        if len(args) > len(params):
            raise TypeError(f"{name}.__init__() takes {len(params) + 1} positional arguments "
                            f"but {len(args) + 1} were given")
        values = dict(zip(params, args, strict=False))  # fewer args than params is fine
        for key, value in kwargs.items():
            if key not in known or key in values:
                raise TypeError(f"{name}.__init__() got an unexpected or repeated keyword "
                                f"argument {key!r}")
            values[key] = value
        for field_name in fields:
            if field_name in values:
                value = values[field_name]
            else:
                spec = specs[field_name]
                if spec.default_factory is not _MISSING:
                    value = spec.default_factory()
                elif spec.default is not _MISSING:
                    value = spec.default
                else:
                    raise TypeError(f"{name}.__init__() missing required argument: "
                                    f"{field_name!r}")
            setattr_(self, field_name, value)

    return __init__


def _make_init(cls: type) -> Callable[..., None]:
    """Compile the record's `__init__` (what dataclasses generates, minus its checks)."""
    env: dict[str, object] = {"_MISSING": _MISSING}
    params, lines = [], []
    setter = "_set(self, {0!r}, {1})" if cls.__record_frozen__ else "self.{0} = {1}"
    if cls.__record_frozen__:
        env["_set"] = object.__setattr__
    for name, spec in zip(cls.__record_fields__, cls.__record_specs__, strict=True):
        if spec.default_factory is not _MISSING:
            env[f"_f_{name}"] = spec.default_factory
            if spec.init:
                params.append(f"{name}=_MISSING")
                value = f"_f_{name}() if {name} is _MISSING else {name}"
            else:
                value = f"_f_{name}()"
        elif spec.default is not _MISSING:
            env[f"_d_{name}"] = spec.default
            if spec.init:
                params.append(f"{name}=_d_{name}")
                value = name
            else:
                value = f"_d_{name}"
        else:
            params.append(name)
            value = name
        lines.append(setter.format(name, value))
    src = f"def __init__(self, {', '.join(params)}):\n " + "\n ".join(lines or ["pass"]) + "\n"
    exec(src, env)  # noqa: S102 - source built from the class's own field names
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _repr(self: object) -> str:
    fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in type(self).__record_repr__)
    return f"{type(self).__qualname__}({fields})"


def _eq(self: object, other: object) -> bool:
    if other.__class__ is self.__class__:
        key = type(self).__record_key__
        return key(self) == key(other)
    return NotImplemented


def _hash(self: object) -> int:
    return hash(type(self).__record_key__(self))


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r}")


def is_record(obj: object) -> bool:
    """Whether `obj` is a record instance (not a record class)."""
    return hasattr(type(obj), "__record_fields__") and not isinstance(obj, type)


def asdict(obj: object) -> dict[str, object]:
    """A record as a dict of its fields, records and containers inside converted the same way
    (dataclasses.asdict)."""
    return {n: _plain(getattr(obj, n)) for n in type(obj).__record_fields__}


def _plain(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if is_record(value):
        return asdict(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*[_plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_plain(k), _plain(v)) for k, v in value.items())
    import copy  # anything else, as dataclasses does

    return copy.deepcopy(value)
