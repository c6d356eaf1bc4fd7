"""The code map holds: layers import only downwards, nothing imports in a circle, the
heavy libraries stay in their rooms, and docs/architecture.md names every module."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.conftest import ROOT

RUFF = Path(sys.executable).parent / "ruff"
PACKAGES = ("infra", "stacks")

# Which layer may import which (the arrows of docs/architecture.md's code map).
ALLOWED = {
    "model": {"model"},
    "node": {"model", "node"},
    "gate": {"model", "node", "gate"},
    "pbxctl": {"model", "node", "gate", "pbxctl"},
    "stacks": {"model", "node", "gate", "stacks"},
}
# Third-party roots that only some modules may import.
# Third-party roots that only some modules may import: those modules, or those under a prefix.
CLI_FACE = ("infra.pbxctl.app", "infra.pbxctl.render")
ONLY_IN: dict[str, tuple[str, ...]] = {
    "typer": CLI_FACE,
    "rich": CLI_FACE,
    "cdktn": ("stacks.",),
    "cdktn_aws": ("stacks.",),
    "constructs": ("stacks.",),
    "jsii": ("stacks.",),
    "boto3": ("infra.pbxctl.",),
    "botocore": ("infra.pbxctl.",),
    "hcloud": ("infra.pbxctl.",),
    "dns": ("infra.pbxctl.",),
}


def layer(module: str) -> str:
    if module.startswith("stacks"):
        return "stacks"
    if module.startswith("infra.pbxctl"):
        return "pbxctl"
    if module.startswith("infra.node"):
        return "node"
    if module == "infra.deployable":
        return "gate"
    return "model"


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the packages, generated bindings aside."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if relative.parts[:2] == ("stacks", "imports"):
                continue
            name = ".".join(relative.with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path, name: str) -> Iterator[str]:
    """Every module this one imports, at the top, in functions and for type checking alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield base
            # `from infra.pbxctl import render` imports the module infra.pbxctl.render
            yield from (f"{base}.{alias.name}" for alias in node.names)


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    known = modules(root)
    return {
        name: {target for target in imports(path, name) if target in known and target != name}
        for name, path in known.items()
    }


def find_cycle(edges: Mapping[str, set[str]]) -> list[str] | None:
    """One import cycle (a list of modules that ends where it starts), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(edges):
        if module not in state and (cycle := visit(module)) is not None:
            return cycle
    return None


def test_no_import_cycle() -> None:
    assert find_cycle(graph()) is None


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    # The shape of the cycle that once was: config imported policy inside a function.
    (tmp_path / "infra").mkdir()
    (tmp_path / "stacks").mkdir()
    (tmp_path / "infra" / "__init__.py").write_text("")
    (tmp_path / "stacks" / "__init__.py").write_text("")
    (tmp_path / "infra" / "config.py").write_text(
        "def load():\n    from infra.policy import check\n    return check\n"
    )
    (tmp_path / "infra" / "policy.py").write_text("from infra.config import load\n")
    assert find_cycle(graph(tmp_path)) == ["infra.config", "infra.policy", "infra.config"]


def test_layers_import_only_downwards() -> None:
    wrong = [
        f"{module} ({layer(module)}) imports {target} ({layer(target)})"
        for module, targets in graph().items()
        for target in sorted(targets)
        if layer(target) not in ALLOWED[layer(module)]
    ]
    assert wrong == []


def test_the_health_agent_stands_alone() -> None:
    """It is copied to the nodes as one file: standard library only."""
    agent = ROOT / "infra" / "node" / "health_agent.py"
    roots = {target.split(".")[0] for target in imports(agent, "infra.node.health_agent")}
    assert roots <= set(sys.stdlib_module_names) | {"__future__"}, roots


def test_heavy_libraries_stay_in_their_rooms() -> None:
    wrong = []
    for name, path in modules().items():
        for target in imports(path, name):
            allowed = ONLY_IN.get(target.split(".")[0])
            if allowed is None:
                continue
            if not any(
                name == room or (room.endswith(".") and name.startswith(room)) for room in allowed
            ):
                wrong.append(f"{name} imports {target}")
    assert sorted(set(wrong)) == []


@pytest.mark.parametrize("source", ["import typer\n", "from rich.table import Table\n"])
def test_ruff_bans_typer_and_rich_outside_the_app_and_rendering(source: str) -> None:
    for filename, code in (("infra/pbxctl/views.py", 1), ("infra/pbxctl/render.py", 0)):
        result = subprocess.run(
            [str(RUFF), "check", "--select", "TID251", "--stdin-filename", filename, "-"],
            input=source,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == code, (filename, result.stdout)


def test_the_code_map_names_every_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text[text.index("## Code map") :]
    named = set(re.findall(r"`((?:infra|stacks)/[\w/]+\.py)`", section))
    files = {path.relative_to(ROOT).as_posix() for path in modules().values()}
    assert sorted(files - named) == [], "modules missing from the code map"
    assert sorted(named - files) == [], "the code map names modules that do not exist"
