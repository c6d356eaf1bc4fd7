"""The agents' pjsip include: every agent on both PBXs, passwords only as variables."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from infra.config import load_config
from infra.node.agents import AGENTS_FILE, agent_secret_sources, agents_template
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
        "AGENT_103_PASSWORD": "ssm:/acme-callcenter/agents/103",
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
