"""What a new user or a CI run gets: a fresh clone of the committed tree with an empty jsii
package cache, `scripts/synth` (set-up and the first synth), then three synths in turn with
the floor app, all in the clone's own `.venv`."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from .. import BENCH, ROOT
from ..measure import in_turn, run_once
from ..session import Session, shown_command
from . import Group
from .synth import ratio_note

CLONE = BENCH / "fresh-clone"
JSII_ROOT = BENCH / "fresh-jsii-cache"
SYNTHS = 3


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def run(session: Session) -> None:
    commit = _git("rev-parse", "--short", "HEAD")
    if _git("status", "--porcelain", "--untracked-files=no"):
        session.notes.append(
            f"first-synth measured commit {commit}; uncommitted changes are not in the clone"
        )
    for path in (CLONE, JSII_ROOT):
        shutil.rmtree(path, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(CLONE)], check=True)
    env = {**session.env, "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(JSII_ROOT)}
    try:
        print("--> fresh-setup: scripts/synth in a fresh clone (set-up included)", flush=True)
        setup = run_once(["scripts/synth"], env=env, cwd=CLONE, timeout=3600)
        python = CLONE / ".venv" / "bin" / "python"
        commands = {
            "fresh-floor": session.floor(name="fresh-floor", python=python, cwd=CLONE, env=env),
            "fresh-synth": session.synth(name="fresh-synth", python=python, cwd=CLONE, env=env),
        }
        # No warm-up: the first round is the first synth after set-up.
        results = in_turn(commands, rounds=SYNTHS, warmup=0)
    finally:
        shutil.rmtree(JSII_ROOT, ignore_errors=True)
    session.add(
        {
            "id": "fresh-setup",
            "title": "`scripts/synth` in a fresh clone, empty jsii cache (set-up and first synth)",
            "command": "git clone . CLONE && cd CLONE && JSII_RUNTIME_PACKAGE_CACHE_ROOT=<empty> "
            "PYTHONDONTWRITEBYTECODE=1 scripts/synth",
            **_single(setup.wall_s, setup.rss_peak_mib),
            "note": f"commit {commit}; pip and npm caches as this machine has them",
        }
    )
    floor = {"id": "fresh-floor", "title": "floor app in the fresh clone", **results["fresh-floor"]}
    floor["command"] = shown_command(commands["fresh-floor"]).replace(str(CLONE), "CLONE")
    synth: dict[str, Any] = {
        "id": "fresh-synth",
        "title": f"the {SYNTHS} synths after that, the first one included",
        "command": shown_command(commands["fresh-synth"]).replace(str(CLONE), "CLONE"),
        **results["fresh-synth"],
    }
    synth["ratio_to_floor"], note = ratio_note(synth, floor)
    samples = ", ".join(f"{s:.2f}" for s in synth["wall_s"]["samples"])
    synth["note"] = f"in order: {samples} s; {note}"
    floor["note"] = "in turn with the synths"
    session.add(floor)
    session.add(synth)
    shutil.rmtree(CLONE, ignore_errors=True)


def _single(wall: float, rss: float) -> dict[str, Any]:
    one = {"median": wall, "min": wall, "max": wall, "samples": [round(wall, 2)]}
    peak = {"median": rss, "min": rss, "max": rss, "samples": [round(rss)]}
    return {"runs": 1, "warmup": 0, "wall_s": one, "rss_peak_mib": peak}


GROUP = Group(
    name="first-synth",
    summary="a fresh clone: scripts/synth with an empty jsii cache, then 3 synths and the floor",
    run=run,
    order=20,
    quick=False,
)
