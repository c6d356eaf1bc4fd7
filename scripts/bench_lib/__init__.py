"""The benchmark behind `scripts/bench`: synth time and memory, scaling, baselines, pbxctl.

Modules by concern: `measure` (running a command, process-tree memory, statistics),
`configs` (generated configs and reading synthesized stacks), `baselines` (the throw-away
venvs of the alternative bindings; `shim` maps the stacks' imports onto them), `report`
(markdown and JSON), `session` (what every group shares) and `groups/`, one module per
group of rows. A group is a module in `groups/` with a `GROUP = Group(...)`; `scripts/bench
--only NAME` runs it alone.

The baseline venvs import `bench_lib.shim` at start-up through a `.pth` file, so this
package's `__init__` imports nothing.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / ".bench"
EXAMPLE = Path("examples/callcenter.toml")
