"""`scripts/bench [--quick] [--runs N] [--only GROUP,...] [--profile]` (run from the root)."""

from __future__ import annotations

import argparse
import sys
import time

from . import BENCH
from .groups import discover
from .report import machine, write
from .session import Session


def main(argv: list[str] | None = None) -> int:
    groups = discover()
    names = [group.name for group in groups]
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Benchmark synth and pbxctl; writes .bench/results.json and .bench/results.md.",
        epilog="groups: "
        + "; ".join(
            f"{g.name}: {g.summary}{'' if g.by_default else ' (only with --only)'}" for g in groups
        ),
    )
    parser.add_argument(
        "--quick", action="store_true", help="3 runs, fewer sites, only the quick groups"
    )
    parser.add_argument("--runs", type=int, help="timed runs per row (default 5, --quick 3)")
    parser.add_argument("--only", help=f"comma-separated groups: {', '.join(names)}")
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile the largest generated config"
    )
    args = parser.parse_args(argv)
    chosen = (
        args.only.split(",")
        if args.only
        else [g.name for g in groups if g.by_default and (g.quick or not args.quick)]
    )
    unknown = set(chosen) - set(names)
    if unknown:
        parser.error(
            f"unknown group(s) {', '.join(sorted(unknown))}; choose from {', '.join(names)}"
        )

    session = Session(
        quick=args.quick, runs=args.runs or (3 if args.quick else 5), profile=args.profile
    )
    (BENCH / "out").mkdir(parents=True, exist_ok=True)
    info = machine()
    started = time.perf_counter()
    failed = False
    for group in groups:
        if group.name not in chosen:
            continue
        try:
            group.run(session)
        except Exception as err:  # noqa: BLE001 (one group's failure must not hide the others)
            failed = True
            message = " ".join(str(err).strip().splitlines()[-3:])[:400]
            session.not_measured.append({"id": group.name, "reason": f"failed: {message}"})
            print(f"!! {group.name} failed: {err}", file=sys.stderr)
    # Only a full run writes the README's numbers; --quick, --only or --runs write beside them.
    partial = args.quick or args.only is not None or args.runs is not None
    print(write(session, info, partial=partial, took_s=time.perf_counter() - started))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
