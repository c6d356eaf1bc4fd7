"""The layout rules that keep pbxctl fast: infra/ never imports the CDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

RUFF = Path(sys.executable).parent / "ruff"


@pytest.mark.parametrize(
    "source",
    ["import cdktn\n", "from cdktn_aws.route_53 import AwsRecord\n", "import stacks.app\n"],
)
def test_ruff_bans_cdk_imports_in_infra(source: str) -> None:
    result = subprocess.run(
        [str(RUFF), "check", "--stdin-filename", "infra/new_module.py", "-"],
        input=source,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1 and "TID251" in result.stdout, result.stdout


def test_the_same_import_is_allowed_in_stacks() -> None:
    result = subprocess.run(
        [str(RUFF), "check", "--stdin-filename", "stacks/new_module.py", "-"],
        input="import cdktn\n\nprint(cdktn)\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout


def test_infra_imports_no_cdk_at_runtime() -> None:
    code = (
        "import sys, infra.pbxctl.app, infra.config, infra.policy, infra.pbxctl.actions, infra.deployable;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('cdktn', 'cdktn_aws', 'constructs', 'jsii', 'stacks')];"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
