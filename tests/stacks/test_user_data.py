"""Both synthesized nodes carry user data from one template: valid, secret-free, alike."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import EXAMPLE, Synth, synthesize
from tests.support.cloud_init_check import validate_user_data
from tests.support.tfjson import resources


def _user_data(synth: Synth) -> dict[str, str]:
    (instance,) = resources(synth.stack("callcenter-primary"), "aws_instance")
    (server,) = resources(synth.stack("callcenter-backup"), "hcloud_server")
    return {"primary": instance["user_data"], "backup": server["user_data"]}


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
