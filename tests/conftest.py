"""Session-wide fixtures: the example config synthesized once, as parsed JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.examples import fake_secrets

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "callcenter.toml"


@dataclass(frozen=True)
class Synth:
    outdir: Path
    stacks: dict[str, dict[str, Any]]

    def stack(self, name: str) -> dict[str, Any]:
        return self.stacks[name]


def synthesize(
    config: Path, outdir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the app the way cdktf.json does (python -m stacks), in a subprocess, with the
    examples' fake secrets unless `env` gives other values."""
    return subprocess.run(
        [sys.executable, "-m", "stacks", "--config", str(config), "--outdir", str(outdir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
            **fake_secrets(),
            **(env or {}),
        },
        timeout=300,
        check=False,
    )


def read_stacks(outdir: Path) -> dict[str, dict[str, Any]]:
    return {
        path.parent.name: json.loads(path.read_text())
        for path in sorted(outdir.glob("stacks/*/cdk.tf.json"))
    }


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synth]:
    outdir = tmp_path_factory.mktemp("cdktf.out")
    result = synthesize(EXAMPLE, outdir)
    assert result.returncode == 0, f"synth failed:\n{result.stderr}"
    yield Synth(outdir, read_stacks(outdir))
