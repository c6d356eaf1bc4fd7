"""checkov over every synthesized stack: zero failed checks, each skip with its reason.

The CDK writes unset fields as null and checkov reads a null `prefix_list_ids` as a
restriction (a world-open SSH rule passed that way), so a copy with nulls removed is scanned.
checkov lives in .venv-checkov (it pins an old boto3); scripts/setup --test installs it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Synth

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"

CHECKOV_CONFIG = ROOT / ".checkov.yaml"


def accepted_skips() -> dict[str, str]:
    """The skips in .checkov.yaml, each with the comment above it (its reason)."""
    skips, reason = {}, []
    for line in CHECKOV_CONFIG.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            reason.append(stripped.lstrip("# "))
        elif stripped.startswith("- CKV"):
            skips[stripped.removeprefix("- ")] = " ".join(reason)
            reason = []
        else:
            reason = []
    return skips


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _write_scan_copy(stacks: dict[str, dict[str, Any]], folder: Path) -> None:
    for name, doc in stacks.items():
        (folder / name).mkdir(parents=True)
        (folder / name / "main.tf.json").write_text(json.dumps(_without_nulls(doc), indent=1))


def run_checkov(folder: Path) -> list[dict[str, Any]]:
    """checkov's JSON report, run as a user would: from the root, so .checkov.yaml applies."""
    if not CHECKOV.exists():
        pytest.fail(f"checkov is not installed at {CHECKOV}; run scripts/setup --test")
    result = subprocess.run(
        [str(CHECKOV), "-d", str(folder), "--framework", "terraform_json", "--output", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
    )
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    return report if isinstance(report, list) else [report]


@pytest.fixture(scope="module")
def report(synth: Synth, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("checkov")
    _write_scan_copy(synth.stacks, folder)
    return run_checkov(folder)


def test_no_failed_checks(report: list[dict[str, Any]]) -> None:
    failed = [
        f"{check['check_id']} {check['resource']} ({check['file_path']})"
        for summary in report
        for check in summary["results"]["failed_checks"]
    ]
    assert failed == []


def test_every_skip_says_why() -> None:
    skips = accepted_skips()
    assert len(skips) == 5
    assert all(len(reason) > 40 for reason in skips.values()), skips


def test_a_plain_scan_of_the_synthesized_folder_fails_nothing(synth: Synth) -> None:
    """What a user gets from `checkov -d cdktf.out --framework terraform_json` at the root."""
    failed = [
        check["check_id"]
        for summary in run_checkov(synth.outdir)
        for check in summary["results"]["failed_checks"]
    ]
    assert failed == []


def test_every_stack_was_scanned(report: list[dict[str, Any]], synth: Synth) -> None:
    passed = [check for summary in report for check in summary["results"]["passed_checks"]]
    scanned = {Path(check["file_path"]).parent.name for check in passed}
    assert {"callcenter-primary", "callcenter-dns"} <= scanned
    assert len(passed) > 100


def test_checkov_catches_ssh_open_to_the_world(synth: Synth, tmp_path: Path) -> None:
    primary = json.loads(json.dumps(synth.stack("callcenter-primary")))
    rules = primary["resource"]["aws_vpc_security_group_ingress_rule"]
    (ssh_rule,) = [
        name for name, body in rules.items() if body["from_port"] == 22 and body.get("cidr_ipv4")
    ]
    rules[ssh_rule]["cidr_ipv4"] = "0.0.0.0/0"
    _write_scan_copy({"tampered": primary}, tmp_path)
    failed = {
        check["check_id"]
        for summary in run_checkov(tmp_path)
        for check in summary["results"]["failed_checks"]
    }
    assert "CKV_AWS_24" in failed
