"""What every group of rows shares: the options, the environment a synth runs in, the
commands for a synth and for the floor app, and the rows collected so far."""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.examples import fake_secrets

from . import BENCH, EXAMPLE, ROOT
from .measure import Command, in_turn
from .synthesized import read_stacks

FLOOR_APP = Path(__file__).with_name("floor_app.py")


def user_env() -> dict[str, str]:
    """The environment of a user's shell, as strict as many CIs: no bytecode is written at
    run time (PYTHONDONTWRITEBYTECODE=1) and no bytecode prefix redirects the cache; the
    examples' secrets as `scripts/synth` sets them."""
    env = {**fake_secrets(), **os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def rel(path: Path, base: Path = ROOT) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


@dataclass
class Session:
    quick: bool
    runs: int
    profile: bool
    python: Path = field(default_factory=lambda: Path(sys.executable))
    env: dict[str, str] = field(default_factory=user_env)
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_measured: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, row: dict[str, Any]) -> dict[str, Any]:
        self.rows.append(row)
        wall = row.get("wall_s", {}).get("median")
        shown = f"{wall:.2f} s" if wall is not None else ""
        print(f"==> {row['id']}: {shown}  {row.get('note', '')}", file=sys.stderr)
        return row

    def synth(
        self,
        config: Path = EXAMPLE,
        *,
        name: str,
        python: Path | None = None,
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
    ) -> Command:
        """`python -O -m stacks`, what `cdktf.json` and `scripts/synth` run, into
        `.bench/out/<name>`; `cwd` is this checkout or a clone of it (same layout)."""
        outdir = BENCH / "out" / name
        argv = [rel(python or self.python, cwd), "-O", "-m", "stacks", "--config", rel(config)]
        return Command([*argv, "--outdir", str(outdir)], env or self.env, cwd, fresh_dir=outdir)

    def floor(
        self,
        *,
        name: str,
        python: Path | None = None,
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
    ) -> Command:
        """The floor app (same CDK and bindings, one provider, one health check), run the way
        the example is (`-O`)."""
        outdir = BENCH / "out" / name
        argv = [rel(python or self.python, cwd), "-O", rel(FLOOR_APP), "--outdir", str(outdir)]
        return Command(argv, env or self.env, cwd, fresh_dir=outdir)

    def rows_in_turn(
        self, commands: dict[str, Command], titles: dict[str, str], *, warmup: int = 1
    ) -> dict[str, dict[str, Any]]:
        """One row per command, run in turn; synth rows also count their stacks."""
        results = in_turn(commands, rounds=self.runs, warmup=warmup)
        rows = {}
        for name, command in commands.items():
            row: dict[str, Any] = {
                "id": name,
                "title": titles[name],
                "command": shown_command(command),
                **results[name],
            }
            if command.fresh_dir is not None and (command.fresh_dir / "stacks").is_dir():
                stacks = read_stacks(command.fresh_dir)
                row["stacks"] = len(stacks)
                row["resources"] = sum(
                    len(items)
                    for doc in stacks.values()
                    for items in doc.get("resource", {}).values()
                )
            rows[name] = row
        return rows


def shown_command(command: Command) -> str:
    """The command as a reader would type it, with the one setting the bench imposes."""
    argv = [rel(Path(arg)) if arg.startswith("/") else arg for arg in command.argv]
    return "PYTHONDONTWRITEBYTECODE=1 " + shlex.join(argv)
