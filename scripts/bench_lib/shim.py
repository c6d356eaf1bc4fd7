"""The import shim that lets the baseline venvs run this project's stack code unchanged.

Activated by a `.pth` file in `.bench/venv-<kind>` (see `baselines.ensure_baseline`), before
anything else is imported, so it uses the standard library only:

- `cdktn_aws.<service>.<Class>` resolves to the one-assembly package's class for the same
  Terraform type (the map is `.bench/shim/map.json`, built by `baselines.build_shim_map`);
- for cdktf 0.21, `cdktn` (and `cdktn.*`) is an alias of `cdktf`, and the hcloud bindings'
  assembly is loaded from a copy whose references to `cdktn` are renamed to `cdktf`.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

AWS_PACKAGES = {"provider-aws": "cdktn_provider_aws", "cdktf": "cdktf_cdktf_provider_aws"}


class _ModuleAlias(importlib.abc.Loader):
    """Make `name` the already-importable module `target` (same object in sys.modules)."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return importlib.import_module(self.target)

    def exec_module(self, module: Any) -> None:
        pass


class _AwsFacade(importlib.abc.Loader):
    """`cdktn_aws.<service>`: a module whose names resolve lazily to the other package's classes."""

    def __init__(self, package: str, names: dict[str, str]) -> None:
        self.package = package
        self.names = names

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        package, names = self.package, self.names

        def __getattr__(name: str) -> Any:  # a module __getattr__ (PEP 562)
            if name not in names:
                raise AttributeError(
                    f"bench shim: {module.__name__}.{name} is not mapped; rerun scripts/bench "
                    "to rebuild .bench/shim/map.json from the stacks' imports"
                )
            target_module, _, target_class = names[name].rpartition(".")
            value = getattr(importlib.import_module(f"{package}.{target_module}"), target_class)
            setattr(module, name, value)
            return value

        module.__getattr__ = __getattr__
        module.__all__ = sorted(self.names)


class _ShimFinder(importlib.abc.MetaPathFinder):
    def __init__(self, kind: str, shim_dir: Path) -> None:
        self.kind = kind
        self.package = AWS_PACKAGES[kind]
        self.shim_dir = shim_dir
        self.mapping: dict[str, dict[str, str]] = json.loads((shim_dir / "map.json").read_text())[
            kind
        ]

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname == "cdktn_aws":
            spec = importlib.machinery.ModuleSpec(
                fullname, _AwsFacade(self.package, {}), is_package=True
            )
            spec.submodule_search_locations = []
            return spec
        if fullname.startswith("cdktn_aws."):
            service = fullname.split(".", 1)[1]
            return importlib.machinery.ModuleSpec(
                fullname, _AwsFacade(self.package, self.mapping.get(service, {}))
            )
        if self.kind == "cdktf":
            if fullname == "cdktn" or fullname.startswith("cdktn."):
                target = "cdktf" + fullname[len("cdktn") :]
                return importlib.machinery.ModuleSpec(fullname, _ModuleAlias(target))
            if fullname == "stacks.imports.hcloud._jsii":
                # The same hcloud assembly, its references to `cdktn` renamed to `cdktf`
                # (see `_retarget_hcloud_assembly`).
                init = self.shim_dir / "hcloud-cdktf" / "_jsii" / "__init__.py"
                return importlib.util.spec_from_file_location(
                    fullname, init, submodule_search_locations=[str(init.parent)]
                )
        return None


def install_shim(kind: str, shim_dir: str) -> None:
    """Called from the `.pth` file of a baseline venv before anything else is imported."""
    sys.meta_path.insert(0, _ShimFinder(kind, Path(shim_dir)))
