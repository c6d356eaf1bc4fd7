"""Both synthesized nodes carry user data from one template: valid, secret-free, alike."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from infra.naming import Node
from infra.node.cloud_init import user_data_size
from tests.conftest import EXAMPLE, Synth, synthesize
from tests.support.cloud_init_check import validate_user_data
from tests.support.tfjson import resources, user_data


def _user_data(synth: Synth) -> dict[str, str]:
    return {
        "primary": user_data(synth.stack("callcenter-primary"), "aws_instance"),
        "backup": user_data(synth.stack("callcenter-backup"), "hcloud_server"),
    }


def test_synthesized_user_data_passes_cloud_init_schema(synth: Synth) -> None:
    for node, text in _user_data(synth).items():
        assert validate_user_data(text) == [], node


def test_nodes_differ_only_in_per_node_values(synth: Synth) -> None:
    per_node = {
        "primary": (r"\$\{aws_eip\.[^}]+\.public_ip\}", "pbx1", "primary"),
        "backup": (r"\$\{hcloud_primary_ip\.[^}]+\.ip_address\}", "pbx2", "backup"),
    }
    normalized = {}
    for node, text in _user_data(synth).items():
        address, name, role = per_node[node]
        generic = re.sub(rf"\b{name}\b", "<HOST>", re.sub(address, "<PUBLIC_IPV4>", text))
        normalized[node] = generic.replace(f"PBX_NODE={role}", "PBX_NODE=<NODE>")
    assert normalized["primary"] == normalized["backup"]


def test_no_secret_value_reaches_the_json(tmp_path: Path) -> None:
    """A secret that someone pasted into the Asterisk folder stops synth before any output."""
    folder = tmp_path / "cfg"
    (folder / "asterisk").mkdir(parents=True)
    for item in (EXAMPLE.parent / "asterisk").iterdir():
        (folder / "asterisk" / item.name).write_bytes(item.read_bytes())
    secret = "Tr0ub4dor-fake-trunk-secret"
    (folder / "asterisk" / "pjsip.conf").write_text(
        (EXAMPLE.parent / "asterisk" / "pjsip.conf").read_text() + f"\n; password={secret}\n"
    )
    config = folder / "callcenter.toml"
    config.write_text(EXAMPLE.read_text())
    result = synthesize(config, tmp_path / "out", env={"TRUNK_PASSWORD": secret})
    assert result.returncode == 2, result.stderr
    assert "TRUNK_PASSWORD" in result.stderr and secret not in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_primary_sends_its_user_data_gzipped_and_the_estimate_holds(
    synth: Synth, tmp_path: Path
) -> None:
    """Terraform itself gzips the document; its size stays within the gate's estimate."""
    (instance,) = resources(synth.stack("callcenter-primary"), "aws_instance")
    assert "user_data" not in instance
    assert instance["user_data_base64"].startswith("${base64gzip(local.")
    text = user_data(synth.stack("callcenter-primary"), "aws_instance")
    address = re.search(r"\$\{aws_eip\.[^}]+\.public_ip\}", text)
    assert address is not None
    worst = text.replace(address.group(0), "255.255.255.255")
    (tmp_path / "user-data").write_text(worst)
    done = subprocess.run(
        ["terraform", "console"],
        input='length(base64gzip(file("user-data")))\n',
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "TF_CLI_CONFIG_FILE": str(tmp_path / "no-terraformrc")},
    )
    sent = int(done.stdout.strip()) * 3 // 4  # base64 -> bytes (padding aside)
    estimate = user_data_size(text, Node.PRIMARY, address.group(0), None)
    assert sent <= estimate <= 16 * 1024, (sent, estimate)
    assert estimate < 0.85 * 16 * 1024  # room left for a larger Asterisk folder
