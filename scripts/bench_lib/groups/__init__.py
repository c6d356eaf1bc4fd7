"""The groups of rows `scripts/bench` can run, one module each.

A group is a module in this package that defines `GROUP = Group(...)`: its name for
`--only`, one line for `--help`, where it comes in the report, whether `--quick` and a
plain run include it, and a function that measures and adds rows to the session.
Nothing else needs to change to add one.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from .. import ROOT
from ..session import Session


@dataclass(frozen=True)
class Group:
    name: str
    summary: str
    run: Callable[[Session], None]
    order: int  # place in the report: synth first, the CLI last
    quick: bool = True  # part of `scripts/bench --quick`
    by_default: bool = True  # part of a plain `scripts/bench` (else only with --only)


def discover() -> list[Group]:
    groups = []
    for module in pkgutil.iter_modules(__path__):
        group = getattr(importlib.import_module(f"{__name__}.{module.name}"), "GROUP", None)
        if isinstance(group, Group):
            groups.append(group)
    names = [group.name for group in groups]
    duplicated = {name for name in names if names.count(name) > 1}
    if duplicated:
        raise RuntimeError(f"two bench groups are named {', '.join(sorted(duplicated))}")
    return sorted(groups, key=lambda group: (group.order, group.name))


def script(name: str) -> ModuleType:
    """A script of `scripts/` that measures on its own (`bench_sync`, `clientlab`), imported
    so a group can call it."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.append(str(ROOT / "scripts"))
    return importlib.import_module(name)
