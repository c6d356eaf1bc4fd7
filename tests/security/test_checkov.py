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

# Every skipped check, with the reason it does not apply or is accepted.
SKIPS = {
    "CKV2_AWS_23": "A records point at the Elastic IP and the Hetzner primary IP, which arrive "
    "from the primary/backup stacks by cross-stack reference; checkov cannot follow them",
    "CKV2_AWS_38": "DNSSEC signing needs a DS record at the registrar (outside this project) and "
    "SIP phones do not validate; a signing fault would take the SIP name down with it",
    "CKV2_AWS_39": "query logging costs per query and adds nothing to failover; the health-check "
    "alarms are the signal that traffic moved",
    "CKV2_AWS_11": "VPC flow logs are an organisation-wide choice (central logging account); the "
    "security group rendered from the policy is this project's control",
    "CKV_AWS_394": "the subnet takes the first available zone once; the zone is then fixed in "
    "state, so a new zone in the region cannot move the PBX",
}


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


def run_checkov(folder: Path, skips: list[str]) -> list[dict[str, Any]]:
    """checkov's JSON report: one summary per framework it ran."""
    if not CHECKOV.exists():
        pytest.fail(f"checkov is not installed at {CHECKOV}; run scripts/setup --test")
    command = [
        str(CHECKOV),
        "-d",
        str(folder),
        "--framework",
        "terraform_json",
        "--skip-download",
        "--output",
        "json",
    ]
    if skips:
        command += ["--skip-check", ",".join(skips)]
    result = subprocess.run(
        command,
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
    return run_checkov(folder, sorted(SKIPS))


def test_no_failed_checks(report: list[dict[str, Any]]) -> None:
    failed = [
        f"{check['check_id']} {check['resource']} ({check['file_path']})"
        for summary in report
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
        for summary in run_checkov(tmp_path, sorted(SKIPS))
        for check in summary["results"]["failed_checks"]
    }
    assert "CKV_AWS_24" in failed
