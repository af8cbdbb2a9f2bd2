"""Turn the apps' state (plain dataclasses) into JSON and back, by type name.

Encoded values are JSON-able: dataclasses become `{"__type__": "Name", ...fields}`,
datetimes `{"__datetime__": iso}` (also `__date__`, `__timedelta__`), tuples, sets and
dicts with non-string keys are tagged too, a `random.Random` keeps its exact state, and
objects named in `refs` (the tenant's clock and id source) become `{"__ref__": name}`
so decoding can point them at the new tenant's own. Shared references between two
places in the state are not preserved: keep state as data keyed by ids.

Decoding finds classes in a registry built by walking the dataclass types the root
class mentions (field annotations, recursively); `register()` adds more.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import random
import typing
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from .text import clean_text

_TAGS = (
    "__type__",
    "__datetime__",
    "__date__",
    "__timedelta__",
    "__tuple__",
    "__set__",
    "__frozenset__",
    "__pairs__",
    "__random__",
    "__ref__",
    "__enum__",
    "__decimal__",
    "__bytes__",
)


class CodecError(ValueError):
    """State that cannot be encoded or decoded; the message names where in the state."""


class TypeRegistry:
    """The dataclass (and enum) types a decoder may build, by name."""

    def __init__(self, *roots: type) -> None:
        self._types: dict[str, type] = {}
        for root in roots:
            self.walk(root)

    def register(self, cls: type) -> None:
        """Allow `cls` by name (and by module-qualified name); a clash of names is an error."""
        for name in (cls.__qualname__, f"{cls.__module__}.{cls.__qualname__}"):
            known = self._types.get(name)
            if known is not None and known is not cls:
                raise CodecError(f"two state classes are both called {name!r}")
            self._types[name] = cls

    def walk(self, root: Any) -> None:
        """Register every dataclass or enum reachable from `root`'s annotations."""
        seen: set[int] = set()
        stack: list[Any] = [root]
        while stack:
            hint = stack.pop()
            if id(hint) in seen:
                continue
            seen.add(id(hint))
            if isinstance(hint, type) and issubclass(hint, enum.Enum):
                self.register(hint)
            elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
                self.register(hint)
                stack.extend(_hints(hint).values())
                stack.extend(c for c in hint.__mro__[1:] if dataclasses.is_dataclass(c))
            else:
                stack.extend(typing.get_args(hint))

    def find(self, name: str, module: str | None = None) -> type:
        """The class called `name`, or a CodecError naming what is known."""
        cls = self._types.get(f"{module}.{name}") if module else None
        cls = cls or self._types.get(name)
        if cls is None:
            raise CodecError(f"unknown state type {name!r}; register it with the codec")
        return cls

    def names(self) -> list[str]:
        """The short names of every registered type."""
        return sorted(n for n, c in self._types.items() if n == c.__qualname__)


def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # forward refs the module cannot resolve: fall back to raw annotations
        return {f.name: f.type for f in dataclasses.fields(cls) if not isinstance(f.type, str)}


def encode(value: Any, *, refs: dict[int, str] | None = None, where: str = "state") -> Any:
    """A JSON-able form of `value` that `decode` turns back into an equal value."""
    return _Encoder(refs or {}).encode(value, where)


class _Unencodable(Exception):
    """A value the codec cannot write; `path` is filled in (innermost first) on the way out,
    so the path of a value is only spelled out when something goes wrong."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.path: list[str] = []


# types written as they are (exact types: an IntEnum, say, is not one of them)
_PLAIN = frozenset({str, int, float, bool, type(None)})
# each dataclass's field names, looked up once per class
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


class _Encoder:
    def __init__(self, refs: dict[int, str]) -> None:
        self.refs = refs

    def encode(self, value: Any, where: str) -> Any:
        try:
            return self._encode(value)
        except _Unencodable as exc:
            path = "".join(reversed(exc.path))
            raise CodecError(f"{where}{path}: cannot encode a {exc.kind} as JSON") from None

    def _encode(self, value: Any) -> Any:
        kind = type(value)
        if kind in _PLAIN:
            return value
        ref = self.refs.get(id(value))
        if ref is not None:
            return {"__ref__": ref}
        if kind is list:
            return self._items(value)
        if kind is dict:
            return self._dict(value)
        if kind is datetime:
            return {"__datetime__": value.isoformat()}
        names = _FIELD_NAMES.get(kind)
        if names is not None:
            return self._dataclass(value, names)
        return self._other(value)

    def _items(self, values: Any) -> list[Any]:
        out: list[Any] = []
        try:
            for v in values:
                out.append(self._encode(v))
        except _Unencodable as exc:
            exc.path.append(f"[{len(out)}]")  # the index of the item that failed
            raise
        return out

    def _other(self, value: Any) -> Any:
        if isinstance(value, bool | str) or value is None:
            return value
        if isinstance(value, int | float) and not isinstance(value, enum.Enum):
            return value
        if isinstance(value, list):
            return self._items(value)
        if isinstance(value, dict):
            return self._dict(value)
        if isinstance(value, datetime):
            return {"__datetime__": value.isoformat()}
        if isinstance(value, date):
            return {"__date__": value.isoformat()}
        if isinstance(value, timedelta):
            return {"__timedelta__": value.total_seconds()}
        if isinstance(value, enum.Enum):
            cls = type(value)
            return {
                "__enum__": cls.__qualname__,
                "__module__": cls.__module__,
                "value": value.value,
            }
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._dataclass(value, _field_names(type(value)))
        if isinstance(value, tuple):
            return {"__tuple__": self._items(value)}
        if isinstance(value, set | frozenset):
            tag = "__set__" if isinstance(value, set) else "__frozenset__"
            try:
                items = [self._encode(v) for v in value]
            except _Unencodable as exc:
                exc.path.append("{}")
                raise
            return {tag: sorted(items, key=repr)}
        if isinstance(value, random.Random):
            version, internal, gauss = value.getstate()
            return {"__random__": [version, list(internal), gauss]}
        if isinstance(value, Decimal):
            return {"__decimal__": str(value)}
        if isinstance(value, bytes):
            return {"__bytes__": value.hex()}
        raise _Unencodable(type(value).__name__)

    def _dict(self, value: dict[Any, Any]) -> Any:
        key: Any = None
        try:
            if all(type(k) is str for k in value) and not any(k in _TAGS for k in value):
                out = {}
                for key, v in value.items():
                    out[key] = self._encode(v)
                return out
            pairs = []
            for key, v in value.items():
                pairs.append([self._encode(key), self._encode(v)])
            return {"__pairs__": pairs}
        except _Unencodable as exc:
            exc.path.append(f"[{key!r}]")
            raise

    def _dataclass(self, value: Any, names: tuple[str, ...]) -> dict[str, Any]:
        cls = type(value)
        out: dict[str, Any] = {"__type__": cls.__qualname__, "__module__": cls.__module__}
        name = ""
        try:
            for name in names:
                out[name] = self._encode(getattr(value, name))
        except _Unencodable as exc:
            exc.path.append(f".{name}")
            raise
        return out


def decode(
    data: Any,
    registry: TypeRegistry,
    *,
    refs: dict[str, Any] | None = None,
    allow_modules: tuple[str, ...] = (),
) -> Any:
    """Rebuild what `encode` produced; dataclasses are made without running __init__.

    A type missing from `registry` is imported only when its module starts with one of
    `allow_modules` (e.g. the app's own package), never from arbitrary input.
    """
    return _Decoder(registry, refs or {}, allow_modules).decode(data, "state")


class _Decoder:
    def __init__(self, registry: TypeRegistry, refs: dict[str, Any], allow: tuple[str, ...]):
        self.registry = registry
        self.refs = refs
        self.allow = allow

    def decode(self, data: Any, where: str) -> Any:
        if isinstance(data, list):
            return [self.decode(v, f"{where}[{i}]") for i, v in enumerate(data)]
        if isinstance(data, str):
            return clean_text(data)  # an imported document is a door: see core/text.py
        if not isinstance(data, dict):
            return data
        if "__type__" in data:
            return self._dataclass(data, where)
        if "__datetime__" in data:
            return datetime.fromisoformat(data["__datetime__"])
        if "__date__" in data:
            return date.fromisoformat(data["__date__"])
        if "__timedelta__" in data:
            return timedelta(seconds=data["__timedelta__"])
        if "__tuple__" in data:
            return tuple(self.decode(v, where) for v in data["__tuple__"])
        if "__set__" in data:
            return {self.decode(v, where) for v in data["__set__"]}
        if "__frozenset__" in data:
            return frozenset(self.decode(v, where) for v in data["__frozenset__"])
        if "__pairs__" in data:
            return {self.decode(k, where): self.decode(v, where) for k, v in data["__pairs__"]}
        if "__random__" in data:
            version, internal, gauss = data["__random__"]
            rng = random.Random()
            rng.setstate((version, tuple(internal), gauss))
            return rng
        if "__ref__" in data:
            name = data["__ref__"]
            if name not in self.refs:
                raise CodecError(f"{where}: refers to {name!r}, which this tenant does not have")
            return self.refs[name]
        if "__enum__" in data:
            cls = self._find(data["__enum__"], data.get("__module__"), where)
            return cls(data["value"])
        if "__decimal__" in data:
            return Decimal(data["__decimal__"])
        if "__bytes__" in data:
            return bytes.fromhex(data["__bytes__"])
        return {clean_text(k): self.decode(v, f"{where}[{k!r}]") for k, v in data.items()}

    def _find(self, name: str, module: str | None, where: str) -> type:
        try:
            return self.registry.find(name, module)
        except CodecError:
            if module and self.allow and module.startswith(self.allow):
                cls = importlib.import_module(module)
                for part in name.split("."):
                    cls = getattr(cls, part, None)  # type: ignore[assignment]
                if isinstance(cls, type):
                    self.registry.walk(cls)
                    return cls
            raise CodecError(f"{where}: unknown state type {name!r}") from None

    def _dataclass(self, data: dict[str, Any], where: str) -> Any:
        cls = self._find(data["__type__"], data.get("__module__"), where)
        if not dataclasses.is_dataclass(cls):
            raise CodecError(f"{where}: {cls.__qualname__} is not a dataclass")
        obj = cls.__new__(cls)
        for f in dataclasses.fields(cls):
            if f.name in data:
                value = self.decode(data[f.name], f"{where}.{f.name}")
            elif f.default is not dataclasses.MISSING:
                value = f.default
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            else:
                raise CodecError(f"{where}: {cls.__qualname__} lacks field {f.name!r}")
            object.__setattr__(obj, f.name, value)
        return obj


__all__ = ["CodecError", "TypeRegistry", "decode", "encode"]
