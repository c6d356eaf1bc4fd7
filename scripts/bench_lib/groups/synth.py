"""The example's synth in the steady state (after `scripts/setup`), in turn with the floor app."""

from __future__ import annotations

import subprocess
from typing import Any

from .. import ROOT
from ..session import Session
from . import Group

JSII_STAMP = ROOT / ".venv" / ".pbx-jsii-stamp"
MEMORY_LIMIT_MIB = 400
RATIO_LIMIT = 2.0


def jsii_cache_state(session: Session) -> str:
    """What `scripts/setup` left in the jsii package cache (the bench ran it first)."""
    done = subprocess.run(
        [str(session.python), "scripts/jsii_cache.py", "check", "--stamp", str(JSII_STAMP)],
        cwd=ROOT,
        env=session.env,
        capture_output=True,
        text=True,
        check=False,
    )
    return "indexed" if done.returncode == 0 else done.stderr.strip()


def ratio_note(example: dict[str, Any], floor: dict[str, Any]) -> tuple[float, str]:
    """The example against the floor: ratio of medians, and the worst run's memory."""
    ratio: float = example["wall_s"]["median"] / floor["wall_s"]["median"]
    peak = example["rss_peak_mib"]
    verdict = "within" if ratio <= RATIO_LIMIT and peak["max"] <= MEMORY_LIMIT_MIB else "OUTSIDE"
    return ratio, (
        f"{ratio:.2f}x the floor (ratio of medians, run in turn); peak memory at most "
        f"{peak['max']:.0f} MiB; {verdict} the limits of {RATIO_LIMIT:.0f}x and "
        f"{MEMORY_LIMIT_MIB} MiB"
    )


def run(session: Session) -> None:
    state = jsii_cache_state(session)
    if state != "indexed":
        session.notes.append(f"jsii package cache NOT in the steady state: {state}")
    rows = session.rows_in_turn(
        {
            "floor": session.floor(name="floor"),
            "synth-example": session.synth(name="synth-example"),
        },
        {
            "floor": "floor app: same CDK and bindings, one AWS provider, one health check",
            "synth-example": "synth of the example, all 3 stacks, steady state",
        },
    )
    floor, example = rows["floor"], rows["synth-example"]
    floor["note"] = "the least any synth with these packages costs"
    example["ratio_to_floor"], note = ratio_note(example, floor)
    example["note"] = f"{example['stacks']} stacks, {example['resources']} resources; {note}"
    session.add(floor)
    session.add(example)


GROUP = Group(
    name="synth",
    summary="the example's synth after set-up, in turn with the floor app",
    run=run,
    order=10,
)
