"""scripts/jsii_cache.py: set-up leaves the jsii package cache indexed, and the check that
says so reads an index the way the jsii runtime does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "scripts"))
from jsii_cache import MANIFEST, index_problem  # noqa: E402 (a script, not a package)


def _entry(folder: Path, definitions: list[bytes]) -> Path:
    """A cache entry with a runtime index of `definitions`, laid out as the runtime writes it."""
    names = b"\n".join(f"pkg.Type{i}".encode() for i in range(len(definitions)))
    kinds = bytes(len(definitions))
    offsets, position = [], 0
    for definition in [*definitions, b""]:
        offsets.append(position.to_bytes(4, "little"))
        position += len(definition)
    (folder / ".jsii.runtime-defs.v1.jsonl").write_bytes(b"".join(definitions))
    (folder / ".jsii.runtime-index.v1").write_bytes(names + kinds + b"".join(offsets))
    layout = {
        "typeCount": len(definitions),
        "names": {"start": 0, "length": len(names)},
        "kinds": {"start": len(names), "length": len(kinds)},
        "offsets": {"start": len(names) + len(kinds), "length": 4 * (len(definitions) + 1)},
    }
    manifest = {
        "schema": "jsii/runtime-index",
        "version": 1,
        "index": ".jsii.runtime-index.v1",
        "defs": ".jsii.runtime-defs.v1.jsonl",
        "assemblyMetadata": {},
        "layout": layout,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest))
    return folder


def test_a_complete_index_passes(tmp_path: Path) -> None:
    assert index_problem(_entry(tmp_path, [b'{"a":1}\n', b'{"b":2}\n'])) is None


def test_an_entry_without_index_is_named(tmp_path: Path) -> None:
    problem = index_problem(tmp_path)
    assert problem is not None and MANIFEST in problem and str(tmp_path) in problem


def test_truncated_definitions_are_caught(tmp_path: Path) -> None:
    entry = _entry(tmp_path, [b'{"a":1}\n', b'{"b":2}\n'])
    defs = entry / ".jsii.runtime-defs.v1.jsonl"
    defs.write_bytes(defs.read_bytes()[:-3])  # a writer that died half-way
    assert "truncated" in (index_problem(entry) or "")


def test_setup_left_the_cache_indexed() -> None:
    """scripts/test runs scripts/setup first: every assembly the stacks load is indexed."""
    done = subprocess.run(
        [sys.executable, "scripts/jsii_cache.py", "check", "--stamp", ".venv/.pbx-jsii-stamp"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, (
        f"{done.stderr.strip()} (run scripts/setup with the same JSII_RUNTIME_PACKAGE_CACHE_ROOT)"
    )
