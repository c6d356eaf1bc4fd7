"""Reading what a synth wrote: the stacks' JSON, resource counts, and comparing two runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_stacks(outdir: Path) -> dict[str, dict[str, Any]]:
    return {
        path.parent.name: json.loads(path.read_text())
        for path in sorted(outdir.glob("stacks/*/cdk.tf.json"))
    }


def resource_counts(stacks: dict[str, dict[str, Any]]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for name, doc in stacks.items():
        row: dict[str, int] = {}
        for section in ("resource", "data"):
            for kind, items in doc.get(section, {}).items():
                row[f"{section}.{kind}"] = len(items)
        row["output"] = len(doc.get("output", {}))
        counts[name] = row
    return counts


def _normalized(doc: Any) -> Any:
    """The parts of a stack that do not depend on the CDK flavour or provider version."""
    if isinstance(doc, dict):
        return {
            k: _normalized(v)
            for k, v in doc.items()
            if k not in ("//", "required_providers", "backend")
        }
    if isinstance(doc, list):
        return [_normalized(v) for v in doc]
    return doc


def compare_outputs(ours: Path, theirs: Path) -> dict[str, Any]:
    a, b = read_stacks(ours), read_stacks(theirs)
    same_counts = resource_counts(a) == resource_counts(b)
    differing = sorted(
        name for name in set(a) | set(b) if _normalized(a.get(name)) != _normalized(b.get(name))
    )
    return {
        "stacks": sorted(b),
        "same_resource_counts": same_counts,
        "identical_except_metadata": not differing,
        "differing_stacks": differing,
    }
