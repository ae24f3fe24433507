"""Records as ``--json`` prints them: each record an object of its fields by name.

The store's records are ``NamedTuple`` s (cheap to define at the window's start),
a few results are dataclasses; ``dataclasses.asdict`` would print a record nested
in a dataclass as a list.  This makes both, at any depth, objects.
"""

from __future__ import annotations

from typing import Any


def as_data(value: Any) -> Any:
    """``value`` with every record in it (at any depth) a dict of its fields."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: as_data(item) for name, item in zip(value._fields, value, strict=True)}
    if hasattr(type(value), "__dataclass_fields__"):
        import dataclasses  # noqa: PLC0415 - only where a dataclass is printed

        return {f.name: as_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(as_data(item) for item in value)
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    return value
