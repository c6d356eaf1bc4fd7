"""`pbxctl sync` of the example to two nodes over loopback SSH: the first sync, a no-op and
one changed file, each a real process against the sync test world (`scripts/bench_sync.py`
builds it and measures; this module turns its rows into report rows)."""

from __future__ import annotations

from typing import Any

from .. import BENCH
from ..session import Session
from . import Group, script


def run(session: Session) -> None:
    for row in script("bench_sync").measure_sync(session.runs, BENCH / "sync"):
        wall: dict[str, Any] = {"median": row["median_s"], "min": row["min_s"], "max": row["max_s"]}
        session.add(
            {
                "id": row["id"],
                "title": row["title"],
                "command": "pbxctl sync --yes against the sync test world (scripts/bench_sync.py)",
                "runs": row["runs"],
                "warmup": 0,
                "wall_s": wall,
                "note": "OpenSSH nodes on 127.0.0.2/3, moto, the Hetzner fake",
            }
        )


GROUP = Group(
    name="sync",
    summary="pbxctl sync over loopback SSH: first sync, no-op, one changed file",
    run=run,
    order=60,
    quick=False,
)
