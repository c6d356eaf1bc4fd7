"""The agents' pjsip include: every agent on both PBXs, passwords only as variables."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from infra.config import load_config
from infra.errors import ConfigError
from infra.naming import Node
from infra.node.agents import AGENTS_FILE, agent_secret_sources, agents_template
from infra.node.tree import (
    NodeFacts,
    declared_secrets,
    desired_tree,
    read_asterisk_folder,
    secret_source,
)
from infra.phones import site_timers
from tests.conftest import EXAMPLE


def sections(text: str) -> dict[str, list[dict[str, str]]]:
    """Asterisk config sections by name (a name may carry several objects), templates applied."""
    templates: dict[str, dict[str, str]] = {}
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    current: dict[str, str] | None = None
    for raw in text.splitlines():
        line = raw.split(";", 1)[0].strip()
        if not line:
            continue
        header = re.fullmatch(r"\[([^\]]+)\](?:\(([^)]*)\))?", line)
        if header:
            name, inherit = header[1], header[2]
            current = {}
            if inherit == "!":
                templates[name] = current
            else:
                for parent in filter(None, (inherit or "").split(",")):
                    current.update(templates[parent])
                found[name].append(current)
            continue
        key, value = line.split("=", 1)
        assert current is not None, line
        current[key] = value
    return dict(found)


def test_every_agent_gets_an_endpoint_an_auth_and_an_aor(tmp_path: Path) -> None:
    config = load_config(EXAMPLE)
    site = config.sites[0]
    text = agents_template(config, site)
    parsed = sections(text)
    assert sorted(parsed) == ["101", "102", "103"]
    timers = site_timers(config, site)
    for agent in site.agents:
        objects = {obj["type"]: obj for obj in parsed[agent.extension]}
        assert sorted(objects) == ["aor", "auth", "endpoint"]
        endpoint, auth, aor = objects["endpoint"], objects["auth"], objects["aor"]
        assert endpoint["auth"] == endpoint["aors"] == agent.extension
        assert endpoint["context"] == "from-operators"
        assert endpoint["callerid"] == f'"{agent.display_name}" <{agent.extension}>'
        assert auth["username"] == agent.extension
        assert auth["password"] == f"${{AGENT_{agent.extension}_PASSWORD}}"
        # The registrar takes exactly the expiry the phones are given.
        assert aor["minimum_expiration"] == aor["default_expiration"] == "60"
        assert int(aor["minimum_expiration"]) == timers.registration_expiry
        assert aor["max_contacts"] == "1"
    assert AGENTS_FILE == "pjsip.agents.conf"


def test_passwords_are_variables_with_their_sources() -> None:
    config = load_config(EXAMPLE)
    site = config.sites[0]
    assert agent_secret_sources(site) == {
        "AGENT_101_PASSWORD": "env:AGENT_101_PASSWORD",
        "AGENT_102_PASSWORD": "env:AGENT_102_PASSWORD",
        "AGENT_103_PASSWORD": "env:AGENT_103_PASSWORD",
    }
    variables = set(re.findall(r"\$\{([A-Z0-9_]+)\}", agents_template(config, site)))
    assert variables == set(agent_secret_sources(site))


def test_an_explicit_registration_interval_reaches_the_registrar(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    (tmp_path / "asterisk").symlink_to(EXAMPLE.parent / "asterisk")
    path.write_text(
        EXAMPLE.read_text().replace(
            "tls_port = 5061", "tls_port = 5061\nregistration_interval = 300"
        )
    )
    config = load_config(path)
    aor = next(
        o for o in sections(agents_template(config, config.sites[0]))["101"] if o["type"] == "aor"
    )
    assert aor["default_expiration"] == aor["minimum_expiration"] == "300"


def test_the_desired_tree_carries_the_include_as_a_secrets_file() -> None:
    """Both nodes get it, filled only when the values are given (by `pbxctl sync`)."""
    config = load_config(EXAMPLE)
    site = config.sites[0]
    values = {f"AGENT_{n}_PASSWORD": f"fake-{n}-password" for n in (101, 102, 103)}
    values["TRUNK_PASSWORD"] = "fake-trunk-password"
    trees = {
        node: desired_tree(
            config, site, NodeFacts(node, f"{node.value}.example.com", "192.0.2.1"), secrets=values
        )
        for node in Node
    }
    for tree in trees.values():
        assert AGENTS_FILE in tree.secret_files and AGENTS_FILE not in tree.files
        assert b"password=fake-102-password\n" in tree.secrets[AGENTS_FILE]
    assert trees[Node.PRIMARY].secrets[AGENTS_FILE] == trees[Node.BACKUP].secrets[AGENTS_FILE]
    unfilled = desired_tree(config, site, NodeFacts(Node.BACKUP, "pbx2.example.com", "192.0.2.2"))
    assert unfilled.secrets == {} and AGENTS_FILE in unfilled.secret_files


def test_agent_passwords_are_declared_secrets_with_their_sources() -> None:
    config = load_config(EXAMPLE)
    site = config.sites[0]
    declared = declared_secrets(site, read_asterisk_folder(config, site))
    assert {"AGENT_101_PASSWORD", "AGENT_102_PASSWORD", "AGENT_103_PASSWORD"} <= set(declared)
    assert secret_source(site, "AGENT_101_PASSWORD") == "env:AGENT_101_PASSWORD"
    assert secret_source(site, "TRUNK_PASSWORD") == "env:TRUNK_PASSWORD"


def test_a_folder_may_not_bring_its_own_agents_file(tmp_path: Path) -> None:
    folder = tmp_path / "asterisk"
    shutil.copytree(EXAMPLE.parent / "asterisk", folder)
    (folder / AGENTS_FILE).write_text("[101]\ntype=endpoint\n")
    path = tmp_path / "site.toml"
    path.write_text(EXAMPLE.read_text())
    config = load_config(path)
    with pytest.raises(
        ConfigError, match=r"contains pjsip\.agents\.conf, which pbx-failover renders"
    ):
        read_asterisk_folder(config, config.sites[0])
