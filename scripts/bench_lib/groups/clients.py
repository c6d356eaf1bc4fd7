"""The client lab: real SIP clients fail over between two PBX stand-ins (`scripts/clientlab.py`
runs it and keeps every sample; this module turns its summary into report rows).

One row per (failure mode, transport, scheme, client): seconds from the primary's failure
to the first call the backup answers. The full matrix takes hours; `--runs` bounds it.
"""

from __future__ import annotations

import json
from typing import Any

from .. import BENCH
from ..session import Session
from . import Group, script


def run(session: Session) -> None:
    out = BENCH / "clients"
    if script("clientlab").main(["--runs", str(session.runs), "--out", str(out)]) != 0:
        session.notes.append(f"the client lab failed; its logs are under {out}")
        return
    result = json.loads((out / "clients.json").read_text())
    for row in result["summary"]:
        failover: dict[str, Any] = row["failover"]
        if not failover.get("n"):
            continue
        cell = f"{row['mode']}/{row['transport']}/{row['scheme']}/{row['client']}"
        session.add(
            {
                "id": f"clients-{cell.replace('/', '-')}",
                "title": f"first call the backup answers after the primary's {cell}",
                "command": f"scripts/clientlab --runs {session.runs} --out .bench/clients",
                "runs": failover["n"],
                "warmup": 0,
                "wall_s": {key: failover[key] for key in ("median", "min", "max")},
                "note": f"bound {failover['bound']:g} s; all samples: .bench/clients/clients.json",
            }
        )


GROUP = Group(
    name="clients",
    summary="SIP clients failing over between two PBX stand-ins (hours for the full matrix)",
    run=run,
    order=70,
    quick=False,
    by_default=False,  # hours: run it on purpose, `scripts/bench --only clients`
)
